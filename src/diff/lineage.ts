// Lineage: the ids one control had through every benchmark version, oldest to newest,
// built from the matchings of consecutive versions.
import type { Benchmark } from '../model/benchmark.js';
import { featuresOf, type Features } from './features.js';
import { matchFeatures, type Confidence, type MatchReason } from './match.js';
import { orderBenchmarks } from './order.js';
import { cached } from '../model/memo.js';

export interface LineageStep {
  readonly benchmark: string;
  readonly id: string;
  /** How this step was matched to the one before (absent on the first step); why only when not certain. */
  readonly match?: { readonly reason: MatchReason; readonly confidence: Confidence; readonly why?: string };
}

export interface Lineage {
  readonly steps: readonly LineageStep[];
  /** The control this one was split from, or merged from, in the version before its first step. */
  readonly splitFrom?: { readonly benchmark: string; readonly id: string };
  readonly mergedInto?: { readonly benchmark: string; readonly id: string };
  /** The first version without the control, when it was dropped before the newest version. */
  readonly removedIn?: string;
}

export interface LineageTable {
  readonly versions: ReadonlyArray<{
    readonly id: string;
    readonly version: string;
    readonly kubernetes: readonly string[];
  }>;
  /** Ordered by first version, then position in it. */
  readonly lineages: readonly Lineage[];
}

const step = (b: Benchmark, f: Features, match?: LineageStep['match']): LineageStep => ({
  benchmark: b.id,
  id: f.control.id,
  ...(match
    ? { match: match.confidence === 'high' ? { reason: match.reason, confidence: match.confidence } : match }
    : {}),
});

export function buildLineage(benchmarks: readonly Benchmark[]): LineageTable {
  const ordered = orderBenchmarks(benchmarks);
  const features = ordered.map(featuresOf);
  interface Open {
    steps: LineageStep[];
    splitFrom?: Lineage['splitFrom'];
    mergedInto?: Lineage['mergedInto'];
    removedIn?: string;
    first: number;
    pos: number;
  }
  const all: Open[] = [];
  let open = new Map<Features, Open>();
  features[0]?.forEach((f) => {
    const l: Open = { steps: [step(ordered[0], f)], first: 0, pos: f.index };
    all.push(l);
    open.set(f, l);
  });
  for (let v = 1; v < ordered.length; v++) {
    const m = matchFeatures(features[v - 1], features[v]);
    const next = new Map<Features, Open>();
    const carried = new Set(m.pairs.map((p) => p.a));
    for (const p of m.pairs) {
      const l = open.get(p.a)!;
      l.steps.push(step(ordered[v], p.b, { reason: p.reason, confidence: p.confidence, why: p.why }));
      next.set(p.b, l);
    }
    const splitOf = new Map<Features, Features>();
    for (const s of m.splits) for (const f of s.into) splitOf.set(f, s.from);
    const mergedTo = new Map<Features, Features>();
    for (const g of m.merges) for (const f of g.from) mergedTo.set(f, g.into);
    for (const f of features[v]) {
      if (next.has(f)) continue;
      const from = splitOf.get(f);
      const l: Open = {
        steps: [step(ordered[v], f)],
        first: v,
        pos: f.index,
        ...(from ? { splitFrom: { benchmark: ordered[v - 1].id, id: from.control.id } } : {}),
      };
      all.push(l);
      next.set(f, l);
    }
    for (const f of features[v - 1]) {
      if (carried.has(f)) continue;
      const l = open.get(f)!;
      l.removedIn = ordered[v].id;
      const into = mergedTo.get(f);
      if (into) l.mergedInto = { benchmark: ordered[v].id, id: into.control.id };
    }
    open = next;
  }
  return {
    versions: ordered.map((b) => ({ id: b.id, version: b.version, kubernetes: b.kubernetes })),
    lineages: all
      .sort((x, y) => x.first - y.first || x.pos - y.pos)
      .map(({ steps, splitFrom, mergedInto, removedIn }) => ({
        steps,
        ...(splitFrom ? { splitFrom } : {}),
        ...(mergedInto ? { mergedInto } : {}),
        ...(removedIn ? { removedIn } : {}),
      })),
  };
}

const lookups = new WeakMap<LineageTable, Map<string, Lineage>>();

export function lineageOf(table: LineageTable, benchmark: string, id: string): Lineage | undefined {
  const m = cached(
    lookups,
    table,
    () => new Map(table.lineages.flatMap((l) => l.steps.map((s) => [`${s.benchmark}\u0000${s.id}`, l] as const))),
  );
  return m.get(`${benchmark}\u0000${id}`);
}

/** The lineage table as shipped in data/lineage.json: one line per lineage, so diffs stay readable. */
export function serializeLineage(t: LineageTable): string {
  return (
    `{\n"versions": [\n${t.versions.map((v) => JSON.stringify(v)).join(',\n')}\n],\n"lineages": ` +
    `[\n${t.lineages.map((l) => JSON.stringify(l)).join(',\n')}\n]\n}\n`
  );
}

/** Runs of consecutive versions where the control kept one id: "4.2.10 (cis-1.5 … cis-1.24)". */
export function idRuns(l: Lineage): Array<{ id: string; from: string; to: string; steps: LineageStep[] }> {
  const runs: Array<{ id: string; from: string; to: string; steps: LineageStep[] }> = [];
  for (const s of l.steps) {
    const last = runs[runs.length - 1];
    if (last && last.id === s.id) {
      last.to = s.benchmark;
      last.steps.push(s);
    } else runs.push({ id: s.id, from: s.benchmark, to: s.benchmark, steps: [s] });
  }
  return runs;
}
