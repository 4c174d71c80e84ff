// Gates only the `--feature-gates` help shows. A gate no feature-gate page names can still be one
// the binaries accept: the help of the generated reference pages lists it (a page titled with
// another name, PodInfoAPI for the 1.36 PodsAPI; a spec with only the "1.0" placeholder,
// StatefulSetSemanticRevisionComparison; client-go's gates that components register).
import { helpGates, type HelpGate } from '../extract/gate-help.js';
import type { GateHistory, Stage } from '../extract/gates.js';
import type { RawRelease } from '../extract/release.js';
import type { ReleaseComponent } from '../snapshot.js';

// Generated from each binary's flags. The kubelet's pages were kept partly by hand in some
// releases (the 1.17 page still lists RequestManagement, renamed in 1.17), so they do not count.
const generated: readonly ReleaseComponent[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
];

/** A gate as one release's help lists it, and the component whose page shows it. */
export interface HelpListing extends HelpGate {
  readonly component: ReleaseComponent;
}

/** Per gate name, what each release's help says of it (undefined: not listed, or no help). */
export function helpListings(raws: readonly RawRelease[]): Map<string, Array<HelpListing | undefined>> {
  const out = new Map<string, Array<HelpListing | undefined>>();
  raws.forEach((raw, i) => {
    for (const component of generated) {
      const flag = raw.pages[component]?.find((f) => f.name === 'feature-gates');
      if (!flag) continue;
      for (const g of helpGates(flag.description)) {
        const row = out.get(g.name) ?? Array<HelpListing | undefined>(raws.length).fill(undefined);
        row[i] ??= { ...g, component };
        out.set(g.name, row);
      }
    }
  });
  return out;
}

/**
 * The releases with the gates only the help shows added to their gate pages' histories (each
 * stage from the first release whose help shows it), so that they are dated and reconciled like
 * any other gate; and, per release, where each was read. `named` says whether a page names a
 * gate (after typo and overlay aliases).
 */
export function withHelpOnlyGates(
  raws: readonly RawRelease[],
  named: (name: string) => boolean,
): { raws: RawRelease[]; listedBy: Map<string, Array<ReleaseComponent | undefined>> } {
  const listedBy = new Map<string, Array<ReleaseComponent | undefined>>();
  const added = raws.map((): GateHistory[] => []);
  for (const [name, row] of helpListings(raws)) {
    const first = stillListed(row);
    if (first === undefined || named(name)) continue;
    listedBy.set(
      name,
      row.map((g) => g?.component),
    );
    const stages: Stage[] = [];
    for (let i = first; i < raws.length; i++) {
      const g = row[i]!;
      const last = stages.at(-1);
      if (!last || last.stage !== g.stage || last.default !== g.default)
        stages.push({ stage: g.stage, default: g.default, from: raws[i].release });
      added[i].push({ name, stages: [...stages], removed: false });
    }
  }
  return { raws: raws.map((r, i) => (added[i].length ? { ...r, gates: [...r.gates, ...added[i]] } : r)), listedBy };
}

/**
 * The help-only gates to read as listed: those the help lists in every release from its first
 * listing through the newest one. Help leaves GA and deprecated gates out, so a gate it stops
 * listing may have graduated or gone, which nothing here can tell: such a gate is left out
 * rather than ended on a guess.
 */
export function stillListed(row: ReadonlyArray<HelpGate | undefined>): number | undefined {
  const first = row.findIndex((g) => g !== undefined);
  if (first < 0) return undefined;
  return row.slice(first).every((g) => g !== undefined) ? first : undefined;
}

/**
 * Releases whose help is an older binary's output: two or more gates it lists at an earlier stage
 * than the release before's help did (the 1.15 API server page prints 1.13-era stages: CSIBlockVolume
 * alpha, beta in 1.14). One such gate is a revert (EventedPLEG back to alpha in 1.30), not staleness.
 */
export function staleHelp(listings: ReadonlyMap<string, ReadonlyArray<HelpGate | undefined>>, n: number): boolean[] {
  const rank = { alpha: 0, beta: 1, ga: 2, deprecated: 3 } as const;
  return Array.from({ length: n }, (_v, i) => {
    if (i === 0) return false;
    let back = 0;
    for (const row of listings.values()) {
      const [was, is] = [row[i - 1], row[i]];
      if (was && is && rank[is.stage] < rank[was.stage]) back++;
    }
    return back >= 2;
  });
}
