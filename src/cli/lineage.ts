// The lineage table a benchmark's controls belong to.
import { resolve } from 'node:path';
import type { Loaded } from '../ingest/load.js';
import { shippedIds } from '../ingest/shipped-ids.js';
import { buildLineage, type LineageTable } from '../diff/lineage.js';
import { readShippedLineage } from '../diff/shipped.js';
import { benchmarksDir } from '../paths.js';
import { loadBenchmarkRef } from './load.js';

/**
 * The shipped table when the benchmark is a shipped file (or none is given); otherwise the
 * shipped versions of its variant with this one in its place (a draft replaces the shipped
 * version with its id).
 */
export async function lineageFor(subject?: Loaded): Promise<LineageTable> {
  // data/lineage.json holds the generic CIS Kubernetes versions; other families (CIS Docker) are built here.
  const shippedFile = subject && resolve(subject.file) === resolve(benchmarksDir, `${subject.benchmark.id}.yaml`);
  if (!subject || (shippedFile && subject.benchmark.variant === 'generic')) return readShippedLineage();
  const b = subject.benchmark;
  const shipped = await Promise.all(
    shippedIds().map(async (id) => (await loadBenchmarkRef(id, benchmarksDir)).benchmark),
  );
  return buildLineage([...shipped.filter((x) => x.variant === b.variant && x.id !== b.id), b]);
}

/**
 * The lineage of several benchmarks: the shipped table when all are the shipped files,
 * otherwise the shipped generic versions with each other one in place of the shipped one
 * with its id (a draft replaces the version it drafts).
 */
export async function lineageForMany(loaded: readonly Loaded[]): Promise<LineageTable> {
  const isShipped = (l: Loaded) => resolve(l.file) === resolve(benchmarksDir, `${l.benchmark.id}.yaml`);
  if (loaded.every(isShipped)) return readShippedLineage();
  const own = loaded.filter((l) => !isShipped(l)).map((l) => l.benchmark);
  const ids = new Set(own.map((b) => b.id));
  const shipped = await Promise.all(
    shippedIds().map(async (id) => (await loadBenchmarkRef(id, benchmarksDir)).benchmark),
  );
  const generic = [...shipped.filter((b) => !ids.has(b.id)), ...own].filter((b) => b.variant === 'generic');
  return buildLineage(generic);
}
