// `<benchmark>` on the command line: a shipped id, one of our YAML files, or a kube-bench folder.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect, isPresent, readInput } from '../io/read.js';
import type { Benchmark } from '../model/benchmark.js';
import { InputError, inputError, type Problem } from '../model/problem.js';
import { benchmarksDir } from '../paths.js';
import { shippedIds } from './shipped-ids.js';
import { isKubeBenchFolder, readKubeBenchFolder } from './kube-bench/read.js';
import { isDockerBenchFolder, readDockerBenchFolder } from './docker-bench/read.js';
import { parseBenchmark } from './native.js';

export interface Loaded {
  readonly benchmark: Benchmark;
  /** The file the benchmark lives in (for positions in SARIF and messages). */
  readonly file: string;
  readonly warnings: Problem[];
}

export { shippedIds };

/** One of our YAML files; messages name it as `shownAs` (the path as the user wrote it). */
export function loadBenchmarkFile(path: string, shownAs = path): Loaded {
  const { value, problems } = parseBenchmark(readInput(path, { kind: 'benchmark', shownAs }), shownAs);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length || !value) throw new InputError(errors.length ? errors : problems);
  return { benchmark: value, file: path, warnings: problems.filter((p) => p.severity === 'warning') };
}

const refWhat = 'one of our YAML files or a kube-bench or docker-bench folder (cfg/<benchmark>)';

export function loadBenchmark(ref: string, cwd = process.cwd()): Loaded {
  if (ref.trim() === '') throw inputError('<benchmark>', `empty, expected a shipped id such as cis-1.12, ${refWhat}`);
  const path = resolve(cwd, ref);
  // Anything at the path (even a dangling link) is what the user meant, and is reported as such.
  if (isPresent(path)) {
    if (inspect(path, { shownAs: ref, what: refWhat }).isDirectory()) {
      const docker = isDockerBenchFolder(path);
      if (!docker && !isKubeBenchFolder(path, ref))
        throw inputError(ref, `no benchmark in this folder, expected ${refWhat}`);
      const r = docker ? readDockerBenchFolder(path, { shownAs: ref }) : readKubeBenchFolder(path, { shownAs: ref });
      const errors = r.problems.filter((p) => p.severity === 'error');
      if (errors.length) throw new InputError(errors);
      return { benchmark: r.benchmark, file: path, warnings: r.problems };
    }
    return loadBenchmarkFile(path, ref);
  }
  const shipped = join(benchmarksDir, `${ref}.yaml`);
  if (/^[\w.-]+$/.test(ref) && existsSync(shipped)) return loadBenchmarkFile(shipped);
  throw inputError(
    ref,
    `no such benchmark, expected a shipped id (${shippedIds().join(', ') || 'none shipped'}), a benchmark YAML file or a kube-bench folder`,
  );
}
