// Loading what commands read, by the cheapest path: shipped benchmarks and the rules' knowledge
// from their prepared JSON (src/prepared/read.ts) when it is fresh; the YAML readers and schemas
// are imported only when a command names a file or a kube-bench folder, or the JSON is stale.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Loaded } from '../ingest/load.js';
import type { Benchmark } from '../model/benchmark.js';
import { inputError } from '../model/problem.js';
import { benchmarksDir } from '../paths.js';
import { readPrepared } from '../prepared/read.js';
import { alternatives } from './options.js';
import type { Knowledge } from '../rules/knowledge.js';

/** `<benchmark>` as loadBenchmark reads it: a path first, then a shipped id. */
export async function loadBenchmarkRef(ref: string, cwd: string): Promise<Loaded> {
  if (/^[\w.-]+$/.test(ref) && !existsSync(resolve(cwd, ref))) {
    const benchmark = readPrepared<Benchmark>(`benchmarks/${ref}.yaml`);
    if (benchmark) return { benchmark, file: join(benchmarksDir, `${ref}.yaml`), warnings: [] };
  }
  const { loadBenchmark } = await import('../ingest/load.js');
  return loadBenchmark(ref, cwd);
}

export async function loadKnowledge(): Promise<Knowledge> {
  const prepared = readPrepared<Knowledge>('data/knowledge.yaml');
  if (prepared) return prepared;
  const { readKnowledge } = await import('../rules/knowledge.js');
  return readKnowledge();
}

/** `--installer NAME`, checked against the knowledge (an own property: `toString` is no installer). */
export function checkInstaller(knowledge: Knowledge, name: string | undefined): void {
  if (name !== undefined && !Object.hasOwn(knowledge.installers, name))
    throw inputError(
      '--installer',
      `unknown installer '${name}', expected ${alternatives(Object.keys(knowledge.installers))}`,
    );
}
