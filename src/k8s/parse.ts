import { inputError } from '../model/problem.js';
import { jsonDepth, ReleaseSnapshotSchema } from './schema.js';
import type { ReleaseSnapshot } from './snapshot.js';

/** Deeper than any snapshot nests (6); a file nesting past this is not one. */
const maxDepth = 32;

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
