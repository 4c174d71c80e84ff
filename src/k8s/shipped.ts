import { join } from 'node:path';
import { buildCorpus } from './build.js';
import { serializeSnapshot } from './load.js';

/** data/kubernetes/<release>.json for every release in the corpus. */
export function buildShippedReleases(corpus: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [r, b] of buildCorpus(join(corpus, 'kubernetes')).results)
    out.set(`data/kubernetes/${r}.json`, serializeSnapshot(b.snapshot));
  return out;
}
