// Writing a generated folder in one piece: every file into a temporary folder beside the
// target, then one rename, so a failed run leaves the old folder or the new one, never
// half of each. The target must be new, empty, or a folder an earlier run wrote whose
// files nobody edited since (their stamps still match); `force` replaces edited ones.
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathType, readInput } from '../io/read.js';
import { compareText } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { pristineStamp } from './stamp.js';
import { replaceFolder } from '../cli/write.js';

/** Whether a folder on the way to `path` is a file (then nothing can be written there). */
export function blockedPath(path: string): boolean {
  for (let d = dirname(path); ; d = dirname(d)) {
    const kind = pathType(d);
    if (kind === 'folder') return false;
    if (kind !== 'missing') return true;
    if (dirname(d) === d) return false;
  }
}

/** Every file below a folder, relative and sorted. */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort(compareText)) {
      const p = join(d, name);
      if (pathType(p) === 'folder' && !lstatSync(p).isSymbolicLink()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

export interface FolderWrite {
  readonly written: number;
  /** Files of the earlier run that this one no longer writes (they are gone with the old folder). */
  readonly dropped: readonly string[];
}

/**
 * Replace `dir` with exactly `files` (relative path → text). Refused: a target that is a file, a
 * folder holding something benchwright did not write, or a file edited since it was written.
 */
export function writeFolder(
  dir: string,
  files: ReadonlyMap<string, string>,
  options: { shownAs?: string; force?: boolean; what: string },
): FolderWrite {
  const shown = options.shownAs ?? dir;
  const kind = pathType(dir);
  if (kind === 'file' || kind === 'other')
    throw inputError(shown, `is ${kind === 'file' ? 'a file' : 'not a folder'}, expected a folder for ${options.what}`);
  if (kind === 'missing' && blockedPath(dir))
    throw inputError(shown, `a part of the path is a file, not a folder, expected a folder for ${options.what}`);
  for (const rel of files.keys())
    if (rel.split(/[\\/]/).some((p) => p === '..' || p === '') || rel.startsWith('/'))
      throw inputError(shown, `would write ${rel} outside the folder, expected names inside it`);
  let dropped: string[] = [];
  // What is there is looked at holding the lock: another run may be replacing it right now.
  const check = (): void => {
    const now = pathType(dir);
    if (now === 'file' || now === 'other')
      throw inputError(
        shown,
        `is ${now === 'file' ? 'a file' : 'not a folder'}, expected a folder for ${options.what}`,
      );
    if (now !== 'folder') return;
    const present = filesBelow(dir);
    // Only regular files are read (a FIFO would block): anything else is not ours.
    const ours = (rel: string): boolean =>
      pathType(join(dir, rel)) === 'file' &&
      !lstatSync(join(dir, rel)).isSymbolicLink() &&
      pristineStamp(readInput(join(dir, rel), { kind: 'data file', shownAs: join(shown, rel) }));
    const foreign = present.filter((rel) => !ours(rel));
    if (foreign.length && !options.force) {
      const which = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
      throw inputError(
        shown,
        `holds files benchwright did not write or that were edited since (${which}), ` +
          `expected a new or empty folder or an earlier export (--force replaces it)`,
      );
    }
    dropped = present.filter((rel) => !files.has(rel));
  };
  replaceFolder(
    dir,
    (tmp) => {
      for (const [rel, text] of files) {
        const at = join(tmp, rel);
        mkdirSync(dirname(at), { recursive: true });
        writeFileSync(at, text);
      }
    },
    { shownAs: shown, what: `a folder for ${options.what}`, check },
  );
  return { written: files.size, dropped };
}
