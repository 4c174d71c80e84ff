// What a benchmark page leads with: the releases it is read for and, per release, what changed
// in its findings from the release before (check --since's delta and causes, step by step), and
// the release whose advice each control shows first.
import { releaseSteps, sinceDelta, type SinceDelta } from '../diff/since.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { compareVersions } from '../model/ids.js';
import type { CheckReport } from '../rules/check.js';
import type { Finding } from '../rules/types.js';
import type { MatrixRow } from './matrix.js';

/** The text with the release it was written for taken out, so two releases' same words compare equal. */
export function withoutRelease(text: string, release: string): string {
  return text.replace(new RegExp(`(?<![\\d.])${release.replace(/\./g, '\\.')}(?![\\d])`, 'g'), '\u0000');
}

/** What a finding advises, in the words that change with the release (message and suggestion). */
export const adviceWords = (f: Finding, release: string): string =>
  withoutRelease(`${f.message}\u0001${f.suggestion.proposal ?? f.suggestion.headline ?? ''}`, release);

/** A finding as --since names it: its control, rule, category and setting. */
const identity = (f: Finding): string =>
  [f.controlId, f.ruleId, f.category, f.subject.component ?? '', f.subject.setting].join('\u0000');

/**
 * The findings both releases have (so --since lists neither) whose advice the newer release words
 * differently beyond naming itself: cis-1.12 1.2.1 on 1.34 stops saying anonymous requests cannot
 * be limited. In control order.
 */
export function reworded(before: CheckReport, after: CheckReport): Array<{ before: Finding; after: Finding }> {
  const had = new Map(before.findings.map((f) => [identity(f), f]));
  return after.findings.flatMap((f) => {
    const b = had.get(identity(f));
    return b && adviceWords(b, before.release) !== adviceWords(f, after.release) ? [{ before: b, after: f }] : [];
  });
}

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
  /** Per release of `deltas`: the findings kept whose advice changed. */
  readonly reworded: ReadonlyMap<string, ReturnType<typeof reworded>>;
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
  const changedAdvice = new Map<string, ReturnType<typeof reworded>>();
  const checked = row.cells.filter((c) => c.report);
  for (const release of f.releases) {
    const at = checked.findIndex((c) => c.release === release);
    const before = checked[at - 1];
    const from = before && snapshot.get(before.release);
    const to = snapshot.get(release);
    if (!before || !from || !to) continue;
    deltas.set(release, sinceDelta(before.report!, checked[at].report!, releaseSteps(from, to, history)));
    changedAdvice.set(release, reworded(before.report!, checked[at].report!));
  }
  return { reference: f.releases.at(-1)!, reason: f.reason, releases: f.releases, deltas, reworded: changedAdvice };
}
