// What a benchmark page leads with: the releases it is read for and, per release, what changed
// in its findings from the release before (check --since's delta and causes, step by step), and
// the release whose advice each control shows first.
import { releaseSteps, sinceDelta, type SinceDelta } from '../diff/since.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { compareVersions } from '../model/ids.js';
import type { MatrixRow } from './matrix.js';

/** Why the page leads with the releases it does, in words a reader can check against the benchmark. */
export type FocusReason = 'targeted' | 'nearest' | 'newest';

export interface BenchmarkNews {
  /** The release each control's advice is shown for first: the newest of `releases`. */
  readonly reference: string;
  readonly reason: FocusReason;
  /** The releases the page leads with, oldest first. */
  readonly releases: readonly string[];
  /** Per release of `releases` that has a checked release before it in the report: what changed since that one. */
  readonly deltas: ReadonlyMap<string, SinceDelta>;
}

/**
 * The releases a page leads with: those the benchmark targets that the report checked; for a
 * CIS Docker version (it targets no Kubernetes release) the newest checked; for a version whose
 * targets the report does not hold, the checked release nearest them (the newest one at or
 * before its newest target, else the oldest checked).
 */
function focus(row: MatrixRow): { releases: string[]; reason: FocusReason } | undefined {
  const checked = row.cells.filter((c) => c.report).map((c) => c.release);
  if (!checked.length) return undefined;
  const targeted = row.cells.filter((c) => c.report && c.targeted).map((c) => c.release);
  if (targeted.length) return { releases: targeted, reason: 'targeted' };
  const targets = row.benchmark.kubernetes;
  if (!targets.length) return { releases: [checked.at(-1)!], reason: 'newest' };
  const newestTarget = [...targets].sort(compareVersions).at(-1)!;
  const atOrBefore = checked.filter((r) => compareVersions(r, newestTarget) <= 0);
  return { releases: [atOrBefore.at(-1) ?? checked[0]], reason: 'nearest' };
}

/** `history`: every known release snapshot, oldest first (the causes are looked up in the steps between). */
export function benchmarkNews(row: MatrixRow, history: readonly ReleaseSnapshot[]): BenchmarkNews | undefined {
  const f = focus(row);
  if (!f) return undefined;
  const snapshot = new Map(history.map((h) => [h.release, h]));
  const deltas = new Map<string, SinceDelta>();
  const checked = row.cells.filter((c) => c.report);
  for (const release of f.releases) {
    const at = checked.findIndex((c) => c.release === release);
    const before = checked[at - 1];
    const from = before && snapshot.get(before.release);
    const to = snapshot.get(release);
    if (!before || !from || !to) continue;
    deltas.set(release, sinceDelta(before.report!, checked[at].report!, releaseSteps(from, to, history)));
  }
  return { reference: f.releases.at(-1)!, reason: f.reason, releases: f.releases, deltas };
}
