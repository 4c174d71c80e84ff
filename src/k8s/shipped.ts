import { join } from 'node:path';
import { buildCorpus } from './build.js';
import { serializeChanges, serializeSnapshot } from './load.js';
import type { Change } from './snapshot.js';

/**
 * data/kubernetes/<release>.json for every release in the corpus, and changes.json: every
 * release's change events in one file, which is what checking one release reads of the others.
 */
export function buildShippedReleases(corpus: string): Map<string, string> {
  const out = new Map<string, string>();
  const changes: Record<string, Change[]> = {};
  for (const [r, b] of buildCorpus(join(corpus, 'kubernetes')).results) {
    out.set(`data/kubernetes/${r}.json`, serializeSnapshot(b.snapshot));
    changes[r] = b.snapshot.changes;
  }
  out.set('data/kubernetes/changes.json', serializeChanges(changes));
  return out;
}
