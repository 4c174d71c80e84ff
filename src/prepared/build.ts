// What `npm run data` writes to data/prepared/ (see read.ts), from the files in the repository.
import { join } from 'node:path';
import { loadBenchmarkFile } from '../ingest/load.js';
import { shippedIds } from '../ingest/shipped-ids.js';
import { repoRoot } from '../paths.js';
import { readKnowledge } from '../rules/knowledge.js';
import { preparedFile, serializePrepared, sourceBytes } from './read.js';

/** Relative path → file text, for every prepared source. */
export function buildPrepared(root = repoRoot): Map<string, string> {
  const out = new Map<string, string>();
  const add = (source: string, value: unknown): void => {
    out.set(preparedFile(source), serializePrepared(source, sourceBytes(source, root), value));
  };
  for (const id of shippedIds(join(root, 'benchmarks'))) {
    const source = `benchmarks/${id}.yaml`;
    add(source, loadBenchmarkFile(join(root, source)).benchmark);
  }
  add('data/knowledge.yaml', readKnowledge());
  return out;
}
