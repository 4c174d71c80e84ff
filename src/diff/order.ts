// Benchmark versions in the order of the Kubernetes releases they target: CIS numbered
// 1.20, 1.23, 1.24 after the Kubernetes releases they cover, then went back to 1.7 for 1.25.
import type { Benchmark } from '../model/benchmark.js';
import { compareIds, compareText, compareVersions } from '../model/ids.js';

function oldestTarget(b: Benchmark): string | undefined {
  return [...b.kubernetes].sort(compareVersions)[0];
}

export function compareBenchmarks(a: Benchmark, b: Benchmark): number {
  const ka = oldestTarget(a);
  const kb = oldestTarget(b);
  // A benchmark that names no release cannot be placed by it; it goes last, by version.
  if (ka === undefined || kb === undefined) {
    if (ka !== kb) return ka === undefined ? 1 : -1;
  } else if (ka !== kb) return compareVersions(ka, kb);
  return compareIds(a.version, b.version) || compareText(a.id, b.id);
}

export function orderBenchmarks<T extends Benchmark>(bs: readonly T[]): T[] {
  return [...bs].sort(compareBenchmarks);
}
