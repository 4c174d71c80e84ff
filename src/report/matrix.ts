// The matrix: benchmarks (in the order of the releases they target) × Kubernetes releases, each
// cell a check report. Either every pair, or only the releases each benchmark targets.
import type { Benchmark } from '../model/benchmark.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { checkBenchmark, installerProfile, type CheckReport } from '../rules/check.js';
import type { Knowledge } from '../rules/knowledge.js';

export type MatrixScope = 'targeted' | 'all';

export interface MatrixCell {
  readonly release: string;
  /** The benchmark says it is for this release. */
  readonly targeted: boolean;
  /** Absent when the pair was not checked (a release the benchmark does not target, with scope 'targeted'). */
  readonly report?: CheckReport;
}

export interface MatrixRow {
  readonly benchmark: Benchmark;
  readonly cells: readonly MatrixCell[];
}

export interface Matrix {
  readonly releases: readonly string[];
  readonly installer: string | null;
  readonly scope: MatrixScope;
  readonly rows: readonly MatrixRow[];
}

export interface MatrixInput {
  /** In the order the rows should have (orderBenchmarks). */
  readonly benchmarks: readonly Benchmark[];
  /** Every known release, oldest first; the columns are taken from `releases`. */
  readonly history: readonly ReleaseSnapshot[];
  readonly releases: readonly string[];
  readonly knowledge: Knowledge;
  readonly installer?: string;
  readonly scope: MatrixScope;
}

/**
 * Whether a targeted matrix checks a benchmark on a release: the releases it targets; a
 * benchmark that targets no Kubernetes release (a CIS Docker Benchmark, applied to whatever
 * cluster runs the nodes) on every release shown.
 */
function applies(b: Benchmark, r: string): boolean {
  return b.kubernetes.length ? b.kubernetes.includes(r) : true;
}

/** The pairs that will be checked, for progress. */
export function matrixSize(input: Omit<MatrixInput, 'history' | 'knowledge'>): number {
  const columns = matrixColumns(input);
  return input.benchmarks.reduce((n, b) => n + columns.filter((r) => input.scope === 'all' || applies(b, r)).length, 0);
}

/** The releases shown: all of them, or (targeted) those some benchmark targets. */
function matrixColumns(input: Pick<MatrixInput, 'benchmarks' | 'releases' | 'scope'>): string[] {
  if (input.scope === 'all') return [...input.releases];
  return input.releases.filter((r) => input.benchmarks.some((b) => applies(b, r)));
}

export function buildMatrix(input: MatrixInput, onCell: (label: string) => void = () => {}): Matrix {
  const releases = matrixColumns(input);
  const byRelease = new Map(input.history.map((h) => [h.release, h]));
  const rows = input.benchmarks.map((benchmark): MatrixRow => {
    const cells = releases.map((r): MatrixCell => {
      const targeted = benchmark.kubernetes.includes(r);
      const release = byRelease.get(r);
      if (!release || (input.scope === 'targeted' && !applies(benchmark, r))) return { release: r, targeted };
      const profile = input.installer ? installerProfile(input.installer, release, input.knowledge) : undefined;
      const report = checkBenchmark(benchmark, release, input.history, input.knowledge, profile);
      onCell(`${benchmark.id} on ${r}`);
      return { release: r, targeted, report };
    });
    return { benchmark, cells };
  });
  return { releases, installer: input.installer ?? null, scope: input.scope, rows };
}
