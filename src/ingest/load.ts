// `<benchmark>` on the command line: a shipped id, one of our YAML files, or a kube-bench folder.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Benchmark } from '../model/benchmark.js';
import { InputError, inputError, type Problem } from '../model/problem.js';
import { benchmarksDir } from '../paths.js';
import { shippedIds } from './shipped-ids.js';
import { readTextFile } from './limits.js';
import { parseBenchmark } from './native.js';
import { isKubeBenchFolder, readKubeBenchFolder } from './kube-bench/read.js';
import { isDockerBenchFolder, readDockerBenchFolder } from './docker-bench/read.js';

export interface Loaded {
  readonly benchmark: Benchmark;
  /** The file the benchmark lives in (for positions in SARIF and messages). */
  readonly file: string;
  readonly warnings: Problem[];
}

export { shippedIds };

export function loadBenchmarkFile(path: string): Loaded {
  const { value, problems } = parseBenchmark(readTextFile(path), path);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length || !value) throw new InputError(errors.length ? errors : problems);
  return { benchmark: value, file: path, warnings: problems.filter((p) => p.severity === 'warning') };
}

export function loadBenchmark(ref: string, cwd = process.cwd()): Loaded {
  const path = resolve(cwd, ref);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      const docker = isDockerBenchFolder(path);
      if (!docker && !isKubeBenchFolder(path))
        throw inputError(
          ref,
          'no benchmark in this folder, expected one of our YAML files or a kube-bench or docker-bench folder (cfg/<benchmark>)',
        );
      const r = docker ? readDockerBenchFolder(path) : readKubeBenchFolder(path);
      const errors = r.problems.filter((p) => p.severity === 'error');
      if (errors.length) throw new InputError(errors);
      return { benchmark: r.benchmark, file: path, warnings: r.problems };
    }
    return loadBenchmarkFile(path);
  }
  const shipped = join(benchmarksDir, `${ref}.yaml`);
  if (/^[\w.-]+$/.test(ref) && existsSync(shipped)) return loadBenchmarkFile(shipped);
  throw inputError(
    ref,
    `no such benchmark, expected a shipped id (${shippedIds().join(', ') || 'none shipped'}), a benchmark YAML file or a kube-bench folder`,
  );
}
