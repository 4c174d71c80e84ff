// The benchmarks we ship: facts-only conversions of the generic CIS folders in the
// kube-bench and docker-bench fixtures. Built here, written by scripts/build-data.js, compared by a test.
import { join } from 'node:path';
import { readKubeBenchFolder } from './kube-bench/read.js';
import { dockerFolderData, readDockerBenchFolder } from './docker-bench/read.js';
import { folderData } from './kube-bench/folders.js';
import { serializeBenchmark } from './native.js';
import { benchmarkJsonSchema } from './schema.js';

/** Relative path → file text. */
export function buildShippedBenchmarks(corpus: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const folder of folderData().shipped) {
    const r = readKubeBenchFolder(join(corpus, 'kube-bench', 'cfg', folder), { factsOnly: true });
    out.set(`benchmarks/${r.benchmark.id}.yaml`, serializeBenchmark(r.benchmark));
  }
  // The CIS Docker Benchmark versions, to tell Kubernetes users how each control stands on a cluster.
  for (const folder of dockerFolderData().shipped) {
    const r = readDockerBenchFolder(join(corpus, 'docker-bench', 'cfg', folder), { factsOnly: true });
    out.set(`benchmarks/${r.benchmark.id}.yaml`, serializeBenchmark(r.benchmark));
  }
  out.set('schema/benchmark.schema.json', benchmarkJsonSchema());
  return out;
}
