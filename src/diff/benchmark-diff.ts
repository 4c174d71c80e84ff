// The diff of two benchmark versions a reviewer reads: renumbered, changed, added, removed,
// split and merged controls, following controls by what they check rather than by number.
import type { Benchmark } from '../model/benchmark.js';
import { compareIds, compareText } from '../model/ids.js';
import { controlChanges, type FieldChange } from './changes.js';
import { featuresOf, type Features } from './features.js';
import { matchFeatures, type Confidence, type MatchReason, type Matching } from './match.js';

export interface BenchmarkRef {
  readonly id: string;
  readonly version: string;
  readonly kubernetes: readonly string[];
}

export interface ControlRef {
  readonly id: string;
  readonly section: string;
  readonly title: string;
}

export interface PairDiff {
  readonly from: string;
  readonly to: string;
  readonly title: string;
  readonly renumbered: boolean;
  readonly match: { readonly reason: MatchReason; readonly confidence: Confidence; readonly why: string };
  readonly changes: readonly FieldChange[];
}

export interface SectionMove {
  readonly from: string;
  readonly to: string;
  readonly controls: number;
}

export interface RenumberRun {
  readonly from: { readonly first: string; readonly last: string };
  readonly to: { readonly first: string; readonly last: string };
  readonly controls: number;
}

export interface BenchmarkDiff {
  readonly from: BenchmarkRef;
  readonly to: BenchmarkRef;
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly renumbered: number;
    readonly changed: number;
    readonly unchanged: number;
    readonly splits: number;
    readonly merges: number;
  };
  /** Sections whose controls moved, as a whole, to a section with another id. */
  readonly sections: readonly SectionMove[];
  /** Runs of neighbouring controls renumbered together ("1.2.3 … 1.2.35 → 1.2.2 … 1.2.34"). */
  readonly runs: readonly RenumberRun[];
  readonly added: readonly ControlRef[];
  readonly removed: readonly ControlRef[];
  readonly splits: ReadonlyArray<{ readonly from: string; readonly into: readonly string[] }>;
  readonly merges: ReadonlyArray<{ readonly from: readonly string[]; readonly into: string }>;
  /** Matched controls that were renumbered or changed, in the order of the newer version. */
  readonly pairs: readonly PairDiff[];
  /** What was not compared and why (e.g. texts of a facts-only benchmark). */
  readonly notes: readonly string[];
}

const ref = (b: Benchmark): BenchmarkRef => ({ id: b.id, version: b.version, kubernetes: b.kubernetes });
const controlRef = (f: Features): ControlRef => ({ id: f.control.id, section: f.section.id, title: f.control.title });

/** Benchmarks shipped without prose (generated titles, no audit or remediation text). */
export function factsOnly(b: Benchmark): boolean {
  return b.sections.every((s) =>
    s.controls.every((c) => c.titleGenerated && c.remediation === undefined && c.audit === undefined),
  );
}

function sectionMoves(m: Matching): SectionMove[] {
  const counts = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const f of m.a) sizes.set(f.section.id, (sizes.get(f.section.id) ?? 0) + 1);
  for (const p of m.pairs) {
    if (p.a.section.id === p.b.section.id) continue;
    const k = `${p.a.section.id}\u0000${p.b.section.id}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (
    [...counts]
      .map(([k, n]) => {
        const [from, to] = k.split('\u0000');
        return { from, to, controls: n };
      })
      // A move of most of a section, not the odd control changing section.
      .filter((s) => s.controls * 2 > (sizes.get(s.from) ?? 0))
      .sort((x, y) => compareIds(x.from, y.from) || compareIds(x.to, y.to))
  );
}

/** Renumbered pairs that are neighbours on both sides, grouped: one line for a shifted block. */
function renumberRuns(m: Matching): RenumberRun[] {
  const moved = m.pairs.filter((p) => p.a.control.id !== p.b.control.id).sort((x, y) => x.b.index - y.b.index);
  const runs: Array<{ pairs: typeof moved }> = [];
  for (const p of moved) {
    const last = runs[runs.length - 1]?.pairs.at(-1);
    if (last && p.a.index === last.a.index + 1 && p.b.index === last.b.index + 1) runs[runs.length - 1].pairs.push(p);
    else runs.push({ pairs: [p] });
  }
  return runs
    .filter((r) => r.pairs.length > 1)
    .map(({ pairs }) => ({
      from: { first: pairs[0].a.control.id, last: pairs[pairs.length - 1].a.control.id },
      to: { first: pairs[0].b.control.id, last: pairs[pairs.length - 1].b.control.id },
      controls: pairs.length,
    }));
}

export function diffMatching(a: Benchmark, b: Benchmark, m: Matching): BenchmarkDiff {
  const bare = [a, b].filter(factsOnly);
  const texts = bare.length === 0;
  const pairs: PairDiff[] = [];
  let unchanged = 0;
  let renumbered = 0;
  let changed = 0;
  for (const p of [...m.pairs].sort((x, y) => x.b.index - y.b.index)) {
    const changes = controlChanges(p.a, p.b, { texts });
    const moved = p.a.control.id !== p.b.control.id;
    if (moved) renumbered++;
    if (changes.length) changed++;
    if (!moved && !changes.length) {
      unchanged++;
      continue;
    }
    pairs.push({
      from: p.a.control.id,
      to: p.b.control.id,
      title: p.b.control.title,
      renumbered: moved,
      match: { reason: p.reason, confidence: p.confidence, why: p.why },
      changes,
    });
  }
  const byId = (x: ControlRef, y: ControlRef): number => compareIds(x.id, y.id) || compareText(x.section, y.section);
  const notes: string[] = [];
  if (!texts) {
    const which = bare.map((x) => x.id).join(' and ');
    notes.push(
      `titles, audit and remediation text not compared: ${which} ship${which.includes(' and ') ? '' : 's'} facts only`,
    );
  }
  return {
    from: ref(a),
    to: ref(b),
    summary: {
      added: m.added.length,
      removed: m.removed.length,
      renumbered,
      changed,
      unchanged,
      splits: m.splits.length,
      merges: m.merges.length,
    },
    sections: sectionMoves(m),
    runs: renumberRuns(m),
    added: m.added.map(controlRef).sort(byId),
    removed: m.removed.map(controlRef).sort(byId),
    splits: m.splits.map((s) => ({ from: s.from.control.id, into: s.into.map((f) => f.control.id) })),
    merges: m.merges.map((s) => ({ from: s.from.map((f) => f.control.id), into: s.into.control.id })),
    pairs,
    notes,
  };
}

export function diffBenchmarks(a: Benchmark, b: Benchmark): BenchmarkDiff {
  return diffMatching(a, b, matchFeatures(featuresOf(a), featuresOf(b)));
}
