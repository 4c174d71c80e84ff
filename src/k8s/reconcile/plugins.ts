// Admission plugins per release: what `--enable-admission-plugins` lists, less what a trusted
// removal note or the overlay removes (a removal note wins over a stale page when the next
// release's page agrees).
import { compareVersions } from '../../model/ids.js';
import type { RawRelease } from '../extract/release.js';
import type { NoteEvent } from '../extract/release-notes.js';
import { evidenceOf, type Overlay } from '../overlay.js';
import type { Change, ReleaseSnapshot } from '../snapshot.js';
import type { Disagreements } from './disagreements.js';

export function reconcilePlugins(
  raws: readonly RawRelease[],
  notes: ReadonlyMap<string, readonly NoteEvent[]>,
  overlay: Overlay,
  disagreements: Disagreements,
): {
  admission: Map<string, ReleaseSnapshot['admission']>;
  changes: Map<string, Change[]>;
  rejected: Set<NoteEvent>;
} {
  const releases = raws.map((r) => r.release);
  const n = releases.length;
  const admission = new Map<string, ReleaseSnapshot['admission']>();
  const changes = new Map(releases.map((r) => [r, [] as Change[]]));
  // Release index from which each plugin is gone.
  const goneFrom = new Map<string, number>();
  const rejected = new Set<NoteEvent>();
  const index = new Map(releases.map((r, i) => [r, i]));
  const after = (v: string): number => {
    const i = releases.findIndex((r) => compareVersions(r, v) > 0);
    return i < 0 ? n : i;
  };
  for (const p of overlay.plugins) {
    const evidence = p.evidence.map((e) => evidenceOf(e, overlay));
    if (p.until) {
      const at = after(p.until);
      goneFrom.set(p.name, at);
      if (at < n)
        changes.get(releases[at])!.push({
          kind: 'plugin',
          component: 'kube-apiserver',
          name: p.name,
          change: 'removed',
          evidence: p.untilEvidence ? p.untilEvidence.map((e) => evidenceOf(e, overlay)) : evidence,
        });
    }
    const dep = p.deprecatedFrom ? index.get(p.deprecatedFrom) : undefined;
    if (dep !== undefined)
      changes
        .get(releases[dep])!
        .push({ kind: 'plugin', component: 'kube-apiserver', name: p.name, change: 'deprecated', evidence });
  }
  raws.forEach((r, at) => {
    for (const e of notes.get(r.release) ?? []) {
      if (e.kind !== 'plugin' || e.change !== 'removed' || goneFrom.has(e.name)) continue;
      const laterPage = raws.slice(at + 1).findIndex((x) => x.admission?.available.includes(e.name));
      if (laterPage >= 0) {
        rejected.add(e);
        disagreements.add(
          r.release,
          `the release notes remove admission plugin ${e.name} (${e.pr ? `PR ${e.pr}` : 'no PR'}), ` +
            `but the page of ${raws[at + 1 + laterPage].release} still lists it; kept`,
        );
        continue;
      }
      goneFrom.set(e.name, at);
    }
  });
  let previous: ReleaseSnapshot['admission'] = { available: [], defaultOn: [] };
  raws.forEach((r, i) => {
    const page = r.admission ?? previous;
    const keep = (name: string): boolean => (goneFrom.get(name) ?? n) > i;
    const stale = page.available.filter((x) => !keep(x));
    if (stale.length && r.admission)
      disagreements.add(r.release, `--enable-admission-plugins lists ${stale.join(', ')}, removed by then; dropped`);
    const a = { available: page.available.filter(keep), defaultOn: page.defaultOn.filter(keep) };
    admission.set(r.release, a);
    previous = page;
  });
  return { admission, changes, rejected };
}
