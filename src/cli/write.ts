// Everything benchwright writes goes through here. A target is checked before anything is
// written (a file where a folder is expected, a folder where a file is, an empty path, a
// folder we cannot write in), files are written to a temporary name and renamed (so a
// reader sees the old file or the new one), a set of files is renamed only once all of
// them are written, and a folder written by several runs at once is locked. Every
// file-system failure is an input error naming the path (exit 2), never an internal one.
import {
  accessSync,
  constants,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fsProblem, isPresent, typeName } from '../io/read.js';
import { inputError, InputError } from '../model/problem.js';

/** Why a write failed, as the words of an input error. */
const writeProblem = (e: unknown, what: string): string => fsProblem(e, what, 'write');

function asInputError(e: unknown, shown: string, what: string): InputError {
  return e instanceof InputError ? e : inputError(shown, writeProblem(e, what));
}

/** The path the user wrote for an ancestor `levels` folders up, or the absolute one when it has no such part. */
function shownAncestor(shown: string, abs: string, ancestor: string): string {
  let s = shown.replace(/\/+$/, '');
  for (let a = abs; a !== ancestor; a = dirname(a)) {
    const up = dirname(s);
    if (up === s || s === '.' || s === '') return ancestor;
    s = up;
  }
  return s || ancestor;
}

/** The nearest existing ancestor must be a folder we can write in (missing ones are created). */
function checkParents(abs: string, shown: string): void {
  for (let d = dirname(abs); ; d = dirname(d)) {
    let st: Stats;
    try {
      st = statSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(d) !== d) continue;
      throw inputError(shownAncestor(shown, abs, d), writeProblem(e, 'a folder'));
    }
    if (!st.isDirectory())
      throw inputError(shown, `${shownAncestor(shown, abs, d)} is ${typeName(st)}, expected a folder there`);
    writable(d, shownAncestor(shown, abs, d));
    return;
  }
}

function writable(dir: string, shown: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw inputError(shown, writeProblem(e, 'a folder'));
  }
}

/**
 * Create a folder and its missing ancestors one level at a time, returning the highest one
 * created (to remove again when the write fails). Node's recursive mkdir never returns where
 * the system refuses with ENOENT under an existing folder (/proc, /sys): here that is an input
 * error at once, as is a parent we cannot write in.
 */
export function makeFolders(dir: string, shown: string, named = shown): string | undefined {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    let st: Stats;
    try {
      st = statSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(d) !== d) {
        missing.push(d);
        continue;
      }
      throw inputError(shownAncestor(shown, dir, d), writeProblem(e, 'a folder'));
    }
    if (!st.isDirectory())
      throw inputError(named, `a part of the path is ${typeName(st)}, not a folder, expected a folder to write in`);
    break;
  }
  const made: string[] = [];
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
      made.push(m);
    } catch (e) {
      // Another run made it meanwhile.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(m)) continue;
      removeCreated(made[made.length - 1], made[0]);
      const where = shownAncestor(shown, dir, dirname(m));
      throw inputError(where, writeProblem(e, 'a folder'));
    }
  }
  return made[0];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Remove the empty folders from `deepest` up to `top` (both included): what makeFolders made, once nothing is left in them. */
export function removeCreated(deepest: string | undefined, top: string | undefined): void {
  if (!deepest || !top) return;
  for (let d = deepest; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top || dirname(d) === d) return;
  }
}

/**
 * An output file the user named (`--out FILE`), checked before anything is read or written.
 * `option` names it when the path is empty. Returns the absolute path.
 */
export function outputFile(path: string, option: string, cwd: string, what = 'a file to write'): string {
  const { abs, st } = outputTarget(path, option, cwd, what);
  if (st && !st.isFile()) throw inputError(path, `is ${typeName(st)}, expected ${what}`);
  checkParents(abs, path);
  return abs;
}

/** What is at an output path now (nothing, or its stat), after the checks both kinds of target share. */
function outputTarget(path: string, option: string, cwd: string, what: string): { abs: string; st?: Stats } {
  if (path.trim() === '') throw inputError(option, `empty path, expected ${what}`);
  const abs = resolve(cwd, path);
  try {
    return { abs, st: statSync(abs) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw inputError(path, writeProblem(e, what));
    return { abs };
  }
}

/** An output folder the user named (`--out DIR`), checked before anything is read or written. */
export function outputFolder(path: string, option: string, cwd: string, what = 'a folder to write in'): string {
  const { abs, st } = outputTarget(path, option, cwd, what);
  if (st && !st.isDirectory()) throw inputError(path, `is ${typeName(st)}, expected ${what}`);
  // A link to nowhere: no folder can be created through it.
  if (!st && isPresent(abs)) throw inputError(path, `dangling symbolic link, expected ${what}`);
  if (st) writable(abs, path);
  else checkParents(abs, path);
  return abs;
}

/**
 * A folder benchwright replaces as a whole (export, review, node bundles), checked before
 * anything is read: not a file, and the nearest existing folder above it one we can write in
 * (the new folder is renamed into place there). What it holds is checked when it is replaced.
 */
export function folderToReplace(path: string, option: string, cwd: string, what: string): string {
  const { abs, st } = outputTarget(path, option, cwd, what);
  if (st && !st.isDirectory()) throw inputError(path, `is ${typeName(st)}, expected ${what}`);
  if (!st && isPresent(abs)) throw inputError(path, `dangling symbolic link, expected ${what}`);
  for (let d = dirname(abs); !st && dirname(d) !== d; d = dirname(d)) {
    if (isFolder(d)) break;
    if (isPresent(d)) throw inputError(path, `a part of the path is a file, not a folder, expected ${what}`);
  }
  checkParents(abs, path);
  return abs;
}

let tmpCounter = 0;
const tmpName = (path: string) => `${path}.${process.pid}.${++tmpCounter}.tmp`;

export interface FileToWrite {
  readonly path: string;
  readonly text: string;
  /** The path as messages should show it. */
  readonly shownAs?: string;
}

/**
 * Write a set of files: all are written to temporary names first, and renamed into place only
 * when every one of them was written, so a failure leaves none of them changed.
 */
export function writeFilesAtomic(files: readonly FileToWrite[]): void {
  const done: Array<{ tmp: string; file: FileToWrite }> = [];
  const made: Array<{ top: string; deepest: string }> = [];
  try {
    for (const file of files) {
      const shown = file.shownAs ?? file.path;
      const top = makeFolders(dirname(file.path), dirname(shown), shown);
      if (top) made.push({ top, deepest: dirname(file.path) });
      const tmp = tmpName(file.path);
      try {
        // Exclusive create: never write through something placed at the temporary name.
        rmSync(tmp, { force: true });
        writeFileSync(tmp, file.text, { flag: 'wx' });
      } catch (e) {
        rmSync(tmp, { force: true });
        throw inputError(shown, writeProblem(e, 'a file to write'));
      }
      done.push({ tmp, file });
    }
    for (let i = 0; i < done.length; i++) {
      const { tmp, file } = done[i];
      try {
        renameSync(tmp, file.path);
      } catch (e) {
        throw inputError(file.shownAs ?? file.path, writeProblem(e, 'a file to write'));
      }
    }
  } catch (e) {
    for (const { tmp } of done) rmSync(tmp, { force: true });
    for (const { top, deepest } of made.reverse()) removeCreated(deepest, top);
    throw e;
  }
}

/** Write via a temporary file and rename: an interrupted run leaves the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, text: string, shownAs = path): void {
  writeFilesAtomic([{ path, text, shownAs }]);
}

/** The lock file a run holds in an output folder while it writes there. */
export const lockName = '.benchwright.lock';

/** How long a run waits for another one writing the same folder before giving up (exit 2). */
export const lockWaitMs = 30_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder of a lock, or undefined when the lock is stale (its process is gone). */
function holder(lock: string): { pid: number; host: string } | 'stale' | 'gone' {
  let text: string;
  let age: number;
  try {
    text = readFileSync(lock, 'utf8');
    age = Date.now() - lstatSync(lock).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  const m = text.match(/^(\d+) (.*)$/);
  // Being written right now; only a lock left empty for long is stale.
  if (!m) return age > 10_000 ? 'stale' : { pid: 0, host: '' };
  const pid = Number(m[1]);
  if (m[2] === hostname() && (pid === process.pid || !alive(pid))) return 'stale';
  return { pid, host: m[2] };
}

/**
 * Run `write` holding the lock of an output folder (created if missing): concurrent runs into
 * one folder take turns; one that waits longer than `waitMs` fails with an input error naming
 * the holder. A lock left by a process that died is taken over. New writers (draft, export)
 * call this around everything they write into a folder.
 */
export function withFolderLock<T>(dir: string, write: () => T, options: { shownAs?: string; waitMs?: number } = {}): T {
  const release = acquireFolderLock(dir, options);
  try {
    return write();
  } finally {
    release();
  }
}

/** withFolderLock for writers that await (the report builds its pages asynchronously). */
export async function withFolderLockAsync<T>(
  dir: string,
  write: () => Promise<T>,
  options: { shownAs?: string; waitMs?: number } = {},
): Promise<T> {
  const release = acquireFolderLock(dir, options);
  try {
    return await write();
  } finally {
    release();
  }
}

/** Take the lock of an output folder (created if missing); returns the function that releases it. */
function acquireFolderLock(dir: string, options: { shownAs?: string; waitMs?: number }): () => void {
  const shown = options.shownAs ?? dir;
  const top = makeFolders(dir, shown);
  let release: () => void;
  try {
    release = acquireLock(join(dir, lockName), shown, options.waitMs);
  } catch (e) {
    removeCreated(dir, top);
    throw e;
  }
  // A folder made only to hold the lock of a run that wrote nothing goes with it.
  return () => {
    release();
    removeCreated(dir, top);
  };
}

/** Take a lock file (in the folder `shown` names); returns the function that releases it. */
function acquireLock(lock: string, shown: string, waitMs = lockWaitMs): () => void {
  const lockFile = basename(lock);
  const deadline = Date.now() + waitMs;
  let ino: number | undefined;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid} ${hostname()}`, { flag: 'wx' });
      ino = lstatSync(lock).ino;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw asInputError(e, shown, 'a folder to write in');
    }
    let h: ReturnType<typeof holder>;
    try {
      h = holder(lock);
    } catch (e) {
      throw asInputError(e, join(shown, lockFile), 'a lock file');
    }
    if (h === 'gone') continue;
    if (h === 'stale') {
      breakStaleLock(lock);
      continue;
    }
    if (Date.now() >= deadline)
      throw inputError(
        shown,
        `another benchwright run${h.pid ? ` (process ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''})` : ''} ` +
          `is writing here, expected one run at a time; try again when it ends, or remove ${lockFile} if none is running`,
      );
    sleep(25 + Math.floor(Math.random() * 50));
  }
  return () => {
    // Only our own lock: a run that took over a lock it thought stale must not lose it to us.
    try {
      if (lstatSync(lock).ino === ino) rmSync(lock, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** Move a dead run's lock aside; if another run replaced it meanwhile, put that one back. */
function breakStaleLock(lock: string): void {
  const aside = `${lock}.${process.pid}.stale`;
  let before: number;
  try {
    before = lstatSync(lock).ino;
    renameSync(lock, aside);
  } catch {
    return;
  }
  try {
    const moved = readFileSync(aside, 'utf8').match(/^(\d+) (.*)$/);
    const live = moved && moved[2] === hostname() && Number(moved[1]) !== process.pid && alive(Number(moved[1]));
    // linkSync, not renameSync: never replace a lock another run has taken meanwhile.
    if (live || lstatSync(aside).ino !== before) linkSync(aside, lock);
  } catch {
    // The lock was taken again meanwhile: that run holds it.
  }
  rmSync(aside, { force: true });
}

/**
 * Replace the folder `dir` as a whole: `fill` writes the new content into a temporary folder
 * beside it, which is renamed into place (the old folder moved aside first and removed after),
 * so a failed run leaves the old folder or the new one. `check` (is the target ours to
 * replace?) runs holding a lock beside the folder, so concurrent runs into one folder take
 * turns. Every file-system failure, before or during the write, is an input error naming the
 * path, with the temporary folder, the lock and any folder made on the way removed.
 */
export function replaceFolder(
  dir: string,
  fill: (tmp: string) => void,
  options: { shownAs?: string; what: string; check?: () => void; waitMs?: number },
): void {
  const shown = options.shownAs ?? dir;
  const parent = dirname(dir);
  const shownParent = shownAncestor(shown, dir, parent);
  const top = makeFolders(parent, shownParent);
  const tmp = `${dir}.${process.pid}.tmp`;
  let release: (() => void) | undefined;
  try {
    writable(parent, shownParent);
    release = acquireLock(join(parent, `.${basename(dir)}${lockName}`), shownParent, options.waitMs);
    options.check?.();
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    fill(tmp);
    if (isFolder(dir)) {
      const old = `${dir}.${process.pid}.old`;
      rmSync(old, { recursive: true, force: true });
      renameSync(dir, old);
      try {
        renameSync(tmp, dir);
      } catch (e) {
        renameSync(old, dir);
        throw e;
      }
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    release?.();
    release = undefined;
    removeCreated(parent, top);
    // A file-system call that failed is the user's environment; anything else is a bug of ours.
    throw (e as NodeJS.ErrnoException).syscall ? asInputError(e, shown, options.what) : e;
  } finally {
    release?.();
  }
}
