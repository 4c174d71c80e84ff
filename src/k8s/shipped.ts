import { join } from 'node:path';
import { buildRelease, corpusReleases } from './build.js';
import { serializeSnapshot } from './load.js';

/** data/kubernetes/<release>.json for every release in the corpus. */
export function buildShippedReleases(corpus: string): Map<string, string> {
  const k8s = join(corpus, 'kubernetes');
  const out = new Map<string, string>();
  for (const r of corpusReleases(k8s))
    out.set(`data/kubernetes/${r}.json`, serializeSnapshot(buildRelease(k8s, r).snapshot));
  return out;
}
