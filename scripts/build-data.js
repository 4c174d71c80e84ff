#!/usr/bin/env node
// Regenerate the shipped data (benchmarks/, schema/, data/kubernetes/) from the corpus.
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
for (const [rel, text] of files) writeFileAtomic(join(repoRoot, rel), text);
console.log(`wrote ${files.size} files from ${corpus}`);
