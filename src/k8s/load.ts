import { existsSync, readdirSync } from 'node:fs';
import { readInput } from '../io/read.js';
import { join, resolve } from 'node:path';
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { dataDir } from '../paths.js';
import { jsonDepth, ReleaseSnapshotSchema } from './schema.js';
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

/** Deeper than any snapshot nests (6); a file nesting past this is not one. */
const maxDepth = 32;

/**
 * A shipped release (`1.24`, `v1.24`) or a snapshot file. Shipped snapshots are generated (a
 * test rebuilds and validates them) and only parsed; a file is checked against the schema
 * first, so bad input is one input error naming what is wrong, never a crash further on.
 * `option` is what the user wrote the value for, named when it is empty.
 */
export function loadRelease(ref: string, cwd = process.cwd(), option = '--release'): ReleaseSnapshot {
  if (ref.trim() === '') throw inputError(option, 'empty value, expected a release such as 1.34 or a snapshot file');
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
  if (isVersion) return JSON.parse(text) as ReleaseSnapshot;
  return parseSnapshot(text, ref);
}

/** A snapshot file's text → a snapshot, or an input error saying what is wrong where. */
export function parseSnapshot(text: string, shownAs: string): ReleaseSnapshot {
  const expected = "expected a file written by 'benchwright releases build'";
  if (jsonDepth(text, maxDepth) > maxDepth)
    throw inputError(shownAs, `not a release snapshot: nested more than ${maxDepth} levels deep, ${expected}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw inputError(shownAs, `not a release snapshot: invalid JSON (${(e as Error).message}), ${expected}`);
  }
  const r = ReleaseSnapshotSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue.path.length
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : 'the file';
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problems)` : '';
    throw inputError(shownAs, `not a release snapshot: ${at}: ${problemOf(issue)}${more}`);
  }
  return r.data as ReleaseSnapshot;
}

const kinds: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  record: 'an object',
};

/** A schema problem in the words of the rest of the CLI: what was found, what was expected. */
function problemOf(issue: { code: string; message: string; expected?: unknown; keys?: readonly string[] }): string {
  if (issue.code === 'invalid_type') {
    const want = kinds[String(issue.expected)] ?? String(issue.expected);
    const found = issue.message.match(/received (\w+)/)?.[1];
    return found === 'undefined' ? `missing, expected ${want}` : `found ${found ?? 'another type'}, expected ${want}`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown key ${(issue.keys ?? []).join(', ')}, expected only the keys a snapshot has`;
  return `${issue.message.replace(/^Invalid input: /, '')}`;
}
