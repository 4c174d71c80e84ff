#!/usr/bin/env node
// Regenerate the shipped data (benchmarks/, schema/, data/kubernetes/, data/lineage.json, data/prepared/)
// from the corpus and the models (schema/node-bundle.schema.json, schema/output/*.schema.json).
// Usage: npm run data [-- --corpus DIR]
import { join } from 'node:path';
import { writeFileAtomic } from '../dist/cli/write.js';
import { corpusDir, repoRoot } from '../dist/paths.js';
import { buildShippedBenchmarks } from '../dist/ingest/shipped.js';

const i = process.argv.indexOf('--corpus');
const corpus = i > 0 ? process.argv[i + 1] : corpusDir();
const files = new Map([...buildShippedBenchmarks(corpus)]);
try {
  const { buildShippedReleases } = await import('../dist/k8s/shipped.js');
  for (const [k, v] of buildShippedReleases(corpus)) files.set(k, v);
} catch (e) {
  if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
const { nodeIndexJsonSchema } = await import('../dist/node/schema.js');
files.set('schema/node-bundle.schema.json', nodeIndexJsonSchema());
// The shape of every --format json output (src/model/outputs.ts).
const { outputJsonSchemas } = await import('../dist/model/output-schemas.js');
for (const [k, v] of outputJsonSchemas()) files.set(k, v);
for (const [rel, text] of files) writeFileAtomic(join(repoRoot, rel), text);
// The lineage is computed from the benchmarks just written.
const { loadBenchmark, shippedIds } = await import('../dist/ingest/load.js');
const { buildShippedLineage } = await import('../dist/diff/shipped.js');
const [rel, text] = buildShippedLineage(shippedIds().map((id) => loadBenchmark(id).benchmark));
writeFileAtomic(join(repoRoot, rel), text);
files.set(rel, text);
// The cheapest form of what the command line reads on every run (data/prepared/).
const { buildPrepared } = await import('../dist/prepared/build.js');
for (const [p, t] of buildPrepared()) {
  writeFileAtomic(join(repoRoot, p), t);
  files.set(p, t);
}
console.log(`wrote ${files.size} files from ${corpus}`);
