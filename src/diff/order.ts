// Benchmark versions in the order of the releases they target: CIS Kubernetes numbered 1.20,
// 1.23, 1.24 after the Kubernetes releases they cover, then went back to 1.7 for 1.25; CIS
// Docker versions follow the Docker Engine release they target (1.13, 17.06, 18.09, 20.10).
import type { Benchmark } from '../model/benchmark.js';
import { compareIds, compareText, compareVersions } from '../model/ids.js';

const oldest = (xs: readonly string[] | undefined): string | undefined =>
  xs?.length ? [...xs].sort(compareVersions)[0] : undefined;

/** Kubernetes benchmarks first, then Docker ones, then those that name no release. */
function family(b: Benchmark): number {
  return b.kubernetes.length ? 0 : b.docker?.length ? 1 : 2;
}

export function compareBenchmarks(a: Benchmark, b: Benchmark): number {
  const fa = family(a);
  const fb = family(b);
  if (fa !== fb) return fa - fb;
  const ta = fa === 0 ? oldest(a.kubernetes) : oldest(a.docker);
  const tb = fb === 0 ? oldest(b.kubernetes) : oldest(b.docker);
  // A benchmark that names no release cannot be placed by it; it goes last, by version.
  if (ta !== undefined && tb !== undefined && ta !== tb) return compareVersions(ta, tb);
  return compareIds(a.version, b.version) || compareText(a.id, b.id);
}

export function orderBenchmarks<T extends Benchmark>(bs: readonly T[]): T[] {
  return [...bs].sort(compareBenchmarks);
}
