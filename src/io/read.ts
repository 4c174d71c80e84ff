// The one boundary for everything a user names on the command line or inside an input
// (benchmark files, kube-bench folders, release snapshots, node bundles, templates, kubeadm
// configuration files). Every read goes through here so that a FIFO never blocks, a
// directory is never read as a file, a symlink never leads out of the folder it was given
// in, sizes are bounded per kind, and each of those is an input error (exit 2), not a crash.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { compareText } from '../model/ids.js';
import { inputError } from '../model/problem.js';

/** What is being read: decides the size limit and the words of the messages. */
export type InputKind =
  | 'benchmark'
  | 'kube-bench file'
  | 'release snapshot'
  | 'template'
  | 'node file'
  | 'node index'
  | 'kubeadm configuration'
  | 'docs page'
  | 'data file'
  | 'proposal'
  | 'scanner report';

const MB = 1024 * 1024;

/** Generous for real inputs (the largest fixture is well under each), small enough never to stall. */
export const sizeLimits: Readonly<Record<InputKind, number>> = {
  benchmark: 4 * MB,
  'kube-bench file': 4 * MB,
  'release snapshot': 8 * MB,
  // A template is a page of markdown (ours is 236 bytes); markdown parsing is slow, so keep it small.
  template: 64 * 1024,
  'node file': 2 * MB,
  'node index': 4 * MB,
  'kubeadm configuration': 1 * MB,
  'docs page': 16 * MB,
  'data file': 16 * MB,
  proposal: 1 * MB,
  // kube-bench's --json for every target of a node with its audit output: a few hundred kB.
  'scanner report': 16 * MB,
};

const article = (kind: string) => (/^[aeiou]/.test(kind) ? 'an' : 'a');

export interface ReadOptions {
  readonly kind: InputKind;
  /** The path as the user wrote it (messages show this, not the absolute path). */
  readonly shownAs?: string;
  /** A folder the path must stay inside once symlinks are resolved (a bundle, a kube-bench folder). */
  readonly within?: string;
  /** Override the kind's size limit. */
  readonly maxBytes?: number;
  /** Accept bytes that are not text (NUL bytes); default false. */
  readonly binary?: boolean;
}

/**
 * Why a path cannot be used, as the words of an input error; never throws. `write`: the path was
 * to be written (a file or folder of the output), which only writing can run out of room for.
 */
export function fsProblem(e: unknown, what: string, use: 'read' | 'write' = 'read'): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const writing = use === 'write';
  switch (code) {
    case 'ENOENT':
      // Writing: the folder exists but refuses new entries (/proc, /sys).
      return writing
        ? `nothing can be created here (the file system refuses: ENOENT), expected ${what}`
        : `no such file or folder, expected ${what}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied, expected ${what} ${writing ? 'benchwright can write' : 'that can be read'}`;
    case 'EROFS':
      return `read-only file system, expected ${what} benchwright can write`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device, expected room for ${what}`;
    case 'ELOOP':
      return `symbolic link loop, expected ${what}`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a part of the path is a file, not a folder, expected ${what}`;
    case 'ENAMETOOLONG':
      return `path too long, expected ${what}`;
    case 'EISDIR':
      return `is a folder, expected ${what}`;
  }
  return `cannot be ${writing ? 'written' : 'read'} (${code ?? (e as Error)?.message ?? 'unknown error'}), expected ${what}`;
}

export function typeName(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFile()) return 'a file';
  return 'not a regular file';
}

/** True when `path` (already resolved) lies inside `root` (already resolved). */
export function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/**
 * Stat a path the user named, following symlinks only while they stay inside `within`.
 * Dangling links, loops, permission problems and escapes are input errors.
 */
export function inspect(path: string, options: { shownAs?: string; within?: string; what: string }): Stats {
  const shown = options.shownAs ?? path;
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (e) {
    throw inputError(shown, fsProblem(e, options.what));
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw inputError(
        shown,
        code === 'ENOENT' ? `dangling symbolic link, expected ${options.what}` : fsProblem(e, options.what),
      );
    }
    if (options.within && !isInside(realRoot(options.within), target)) {
      throw inputError(shown, `symbolic link leads outside ${options.within}, expected ${options.what} inside it`);
    }
  } else if (options.within && !isInside(realRoot(options.within), resolveReal(path))) {
    throw inputError(shown, `lies outside ${options.within}, expected ${options.what} inside it`);
  }
  try {
    return statSync(path);
  } catch (e) {
    throw inputError(shown, fsProblem(e, options.what));
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

/** The real path of a path whose last part is not a link (its parents may be). */
function resolveReal(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Read a text file the user named. Refuses anything that is not a regular file before
 * opening it (a FIFO would block), opens non-blocking and re-checks the opened descriptor,
 * and reads at most the kind's size limit.
 */
export function readInput(path: string, options: ReadOptions): string {
  const bytes = readInputBytes(path, options);
  const shown = options.shownAs ?? path;
  const what = `${article(options.kind)} ${options.kind}`;
  if (options.binary) return bytes.toString('utf8');
  if (bytes.includes(0)) throw inputError(shown, `holds binary data, expected ${what} as text`);
  // Old Mac line ends (a lone CR) are line ends to an editor; YAML and markdown readers would see one line.
  // A byte-order mark (editors on Windows write one) is no part of the text: JSON.parse refuses it.
  return bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r(?!\n)/g, '\n');
}

/** The bytes of a file the user named, with readInput's checks and bounds (a tarball, gzip data). */
export function readInputBytes(path: string, options: ReadOptions): Buffer {
  const shown = options.shownAs ?? path;
  const what = `${article(options.kind)} ${options.kind}`;
  const limit = options.maxBytes ?? sizeLimits[options.kind];
  const st = inspect(path, { shownAs: shown, within: options.within, what });
  if (!st.isFile()) throw inputError(shown, `is ${typeName(st)}, expected ${what}`);
  if (st.size > limit) throw inputError(shown, `is ${mb(st.size)}, expected ${what} under ${mb(limit)}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw inputError(shown, fsProblem(e, what));
  }
  try {
    const opened = fstatSync(fd);
    // The path may have been swapped between stat and open.
    if (!opened.isFile()) throw inputError(shown, `is ${typeName(opened)}, expected ${what}`);
    const buf = Buffer.alloc(Math.min(limit + 1, Math.max(opened.size + 1, 1)));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) throw inputError(shown, `is over ${mb(limit)}, expected ${what} under that`);
    return buf.subarray(0, n);
  } catch (e) {
    if ((e as { problems?: unknown }).problems) throw e;
    throw inputError(shown, fsProblem(e, what));
  } finally {
    closeSync(fd);
  }
}

/** A folder the user named: its entry names in code-point order (so output never depends on the file system). */
export function listFolder(path: string, options: { shownAs?: string; within?: string; what: string }): string[] {
  const shown = options.shownAs ?? path;
  const st = inspect(path, { shownAs: shown, within: options.within, what: options.what });
  if (!st.isDirectory()) throw inputError(shown, `is ${typeName(st)}, expected ${options.what}`);
  try {
    return readdirSync(path).sort(compareText);
  } catch (e) {
    throw inputError(shown, fsProblem(e, options.what));
  }
}

/** True when anything is at the path, even a dangling or looping symbolic link (so it is reported, not taken for a name). */
export function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** What is at a path, without throwing: for "is it a folder or a file?" decisions before reading. */
export function pathType(path: string): 'file' | 'folder' | 'other' | 'missing' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

function mb(n: number): string {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
