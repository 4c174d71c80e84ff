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

/**
 * A shipped release by version (`1.24`, `v1.24`). Shipped snapshots are generated (a test
 * rebuilds and validates them), so they are only parsed: no schema library at start-up.
 */
export function shippedRelease(version: string, option = '--release'): ReleaseSnapshot {
  const v = version.replace(/^v/, '');
  const file = join(releasesDir, `${v}.json`);
  if (version.trim() === '')
    throw inputError(option, 'empty value, expected a release such as 1.34 or a snapshot file');
  if (!/^\d+\.\d+$/.test(v) || !existsSync(file)) {
    const shipped = shippedReleases();
    throw inputError(
      option,
      `no shipped release ${version}, expected one of ${shipped.join(', ') || '(none shipped)'} or a snapshot file`,
    );
  }
  return JSON.parse(readInput(file, { kind: 'release snapshot', shownAs: version })) as ReleaseSnapshot;
}

/**
 * What the user named: a shipped release or a snapshot file. A file is checked against the
 * schema first (loaded only then), so bad input is one input error naming what is wrong,
 * never a crash further on. `option` is what the user wrote the value for, named when it is empty.
 */
export async function openRelease(ref: string, cwd = process.cwd(), option = '--release'): Promise<ReleaseSnapshot> {
  if (ref.trim() === '') throw inputError(option, 'empty value, expected a release such as 1.34 or a snapshot file');
  if (/^v?\d+\.\d+$/.test(ref)) return shippedRelease(ref, option);
  const text = readInput(resolve(cwd, ref), { kind: 'release snapshot', shownAs: ref });
  const { parseSnapshot } = await import('./parse.js');
  return parseSnapshot(text, ref);
}
