// The lineage of the shipped benchmark versions, computed once by `npm run data` and shipped
// as data/lineage.json: propose and lineage then need not load every version to answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark } from '../model/benchmark.js';
import { dataDir } from '../paths.js';
import { buildLineage, serializeLineage, type LineageTable } from './lineage.js';

export const lineageFile = join(dataDir, 'lineage.json');

export function readShippedLineage(): LineageTable {
  return JSON.parse(readFileSync(lineageFile, 'utf8')) as LineageTable;
}

/** data/lineage.json as `npm run data` writes it, from the shipped generic benchmarks. */
export function buildShippedLineage(shipped: readonly Benchmark[]): [string, string] {
  return ['data/lineage.json', serializeLineage(buildLineage(shipped.filter((b) => b.variant === 'generic')))];
}
