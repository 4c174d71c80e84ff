import { existsSync, readdirSync } from 'node:fs';
import { readInput } from '../io/read.js';
import { join, resolve } from 'node:path';
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { dataDir } from '../paths.js';
import type { ReleaseSnapshot } from './snapshot.js';

export const releasesDir = join(dataDir, 'kubernetes');

export function serializeSnapshot(s: ReleaseSnapshot): string {
  return JSON.stringify(s, null, 1) + '\n';
}

export function shippedReleases(dir = releasesDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.\d+\.json$/.test(f))
    .map((f) => f.slice(0, -5))
    .sort(compareVersions);
}

/** A shipped release (`1.24`, `v1.24`) or a snapshot file. */
export function loadRelease(ref: string, cwd = process.cwd()): ReleaseSnapshot {
  if (ref.trim() === '')
    throw inputError('--release', 'empty value, expected a release such as 1.34 or a snapshot file');
  const v = ref.replace(/^v/, '');
  const shipped = join(releasesDir, `${v}.json`);
  const isVersion = /^\d+\.\d+$/.test(v);
  if (isVersion && !existsSync(shipped)) {
    throw inputError(
      ref,
      `no such release, expected a shipped release (${shippedReleases().join(', ') || 'none'}) or a snapshot file`,
    );
  }
  const text = readInput(isVersion ? shipped : resolve(cwd, ref), { kind: 'release snapshot', shownAs: ref });
  try {
    const s = JSON.parse(text) as ReleaseSnapshot;
    if (!s || typeof s.release !== 'string' || !s.flags) throw new Error('not a snapshot');
    return s;
  } catch (e) {
    throw inputError(
      ref,
      `not a release snapshot (${(e as Error).message}), expected a file written by 'benchwright releases build'`,
    );
  }
}
