// A node in memory: its files (with modes, owners and, where the bundle holds a copy,
// their text), its processes and its API objects. Bundles read from a folder and
// reference nodes built from knowledge have the same shape, so everything after this
// point (effective values, both semantics, test cases) is pure over it.
import { posix } from 'node:path';
import { compareText } from '../model/ids.js';
import type { Problem } from '../model/problem.js';
import type { ApiObject } from './schema.js';
import { cached } from '../model/memo.js';

/** The index file of a bundle and its apiVersion (here, not beside the schema: building a node needs no zod). */
export const indexFileName = 'node-bundle.yaml';
export const indexApiVersion = 'benchwright.dev/v1alpha1';

/** Where a value was read: a file of the bundle (or the index) and a line. */
export interface Source {
  readonly file: string;
  readonly line?: number;
}

export function sourceText(s: Source | undefined): string {
  return s ? (s.line !== undefined ? `${s.file}:${s.line}` : s.file) : '';
}

export interface NodeEntry {
  /** Absolute node path, normalised (/etc/kubernetes/pki). */
  readonly path: string;
  readonly type: 'file' | 'folder' | 'symlink';
  /** Octal as `stat -c %a` prints it (600, 755), when known. */
  readonly mode?: string;
  readonly owner?: string;
  readonly group?: string;
  /** A symbolic link's target, as an absolute node path. */
  readonly target?: string;
  /** The file's text when the bundle holds a copy; throws an InputError when it cannot be read. */
  readonly read?: () => string;
  /** How messages name the file (bundle-relative path). */
  readonly shownAs: string;
  /** The entry's line in the index, when the index lists it. */
  readonly indexLine?: number;
}

export interface NodeProcess {
  readonly argv: readonly string[];
  /** The line `ps -eo args` prints. */
  readonly command: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Where the process comes from (the index line, or the manifest or unit it was derived from). */
  readonly source: Source;
  /** Per argument, the file and line that put it on the command line, where known. */
  readonly argSources?: ReadonlyArray<Source | undefined>;
}

export interface NodeBundle {
  /** How reports name the node: the folder as given, or kubeadm@1.28. */
  readonly name: string;
  readonly release?: string;
  readonly installer?: string;
  /** The node's name (what `spec.nodeName` gives a DaemonSet Pod). */
  readonly nodeName?: string;
  readonly entries: ReadonlyMap<string, NodeEntry>;
  /** From the index; undefined means "derive them from manifests and the kubelet unit". */
  readonly processes?: readonly NodeProcess[];
  /** API objects; undefined means the bundle has none (checks on objects are then WARN). */
  readonly objects?: readonly ApiObject[];
  /** Problems found while reading that do not make the bundle unusable (a file that cannot be read). */
  readonly warnings: readonly Problem[];
}

export function normalizePath(p: string): string {
  const n = posix.normalize(`/${p}`);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Octal mode without leading zeros, as stat prints it: 0600 → 600. */
export function normalizeMode(mode: string | undefined): string | undefined {
  if (mode === undefined) return undefined;
  const n = Number.parseInt(mode, 8);
  return Number.isNaN(n) ? mode : n.toString(8);
}

// Resolved paths per set of entries: lookups repeat for every control, and nodes derived from
// one (a process's flags changed) share its entries.
const resolved = new WeakMap<ReadonlyMap<string, NodeEntry>, Map<string, string>>();

/** Follow symbolic links in every part of a path (at most 40 hops, like the kernel). */
export function resolvePath(bundle: NodeBundle, path: string): string {
  const memo = cached(resolved, bundle.entries, () => new Map());
  return cached(memo, path, () => resolveUncached(bundle, path));
}

function resolveUncached(bundle: NodeBundle, path: string): string {
  let parts = normalizePath(path).split('/').filter(Boolean);
  let hops = 0;
  for (let i = 0; i < parts.length; i++) {
    const prefix = `/${parts.slice(0, i + 1).join('/')}`;
    const e = bundle.entries.get(prefix);
    if (e?.type === 'symlink' && e.target !== undefined) {
      if (++hops > 40) return normalizePath(path);
      const target = e.target.startsWith('/') ? e.target : posix.join(posix.dirname(prefix), e.target);
      parts = [...normalizePath(target).split('/').filter(Boolean), ...parts.slice(i + 1)];
      i = -1;
    }
  }
  return `/${parts.join('/')}`;
}

// Entries sorted by path, per set of entries, for "everything below a folder" queries.
const sortedPaths = new WeakMap<ReadonlyMap<string, NodeEntry>, string[]>();

function pathsOf(bundle: NodeBundle): string[] {
  return cached(sortedPaths, bundle.entries, () => [...bundle.entries.keys()].sort(compareText));
}

/** The entry at a path (symlinks followed), or an implied folder when entries lie below it. */
export function lookup(bundle: NodeBundle, path: string): NodeEntry | undefined {
  const real = resolvePath(bundle, path);
  const e = bundle.entries.get(real);
  if (e) return e;
  const prefix = real === '/' ? '/' : `${real}/`;
  const paths = pathsOf(bundle);
  const i = lowerBound(paths, prefix);
  if (i < paths.length && paths[i].startsWith(prefix)) return { path: real, type: 'folder', shownAs: real.slice(1) };
  return undefined;
}

/** A folder and every entry below it, in path order (what `find DIR` lists). */
export function below(bundle: NodeBundle, path: string): NodeEntry[] {
  const root = lookup(bundle, path);
  if (!root) return [];
  if (root.type !== 'folder') return [root];
  const prefix = root.path === '/' ? '/' : `${root.path}/`;
  const paths = pathsOf(bundle);
  const out: NodeEntry[] = [root];
  const implied = new Set<string>();
  for (let i = lowerBound(paths, prefix); i < paths.length && paths[i].startsWith(prefix); i++) {
    const e = bundle.entries.get(paths[i])!;
    // Folders only implied by deeper entries are listed too, as find would.
    const rel = paths[i].slice(prefix.length).split('/');
    for (let k = 1; k < rel.length; k++) {
      const dir = prefix + rel.slice(0, k).join('/');
      if (!bundle.entries.has(dir) && !implied.has(dir)) {
        implied.add(dir);
        out.push({ path: dir, type: 'folder', shownAs: dir.slice(1) });
      }
    }
    out.push(e);
  }
  return out;
}

function lowerBound(xs: string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// What the text of a file built in memory stands for (what parsing it gives), by the text itself:
// a node edited later (a test case changing the file) has another text, and no stale value.
const dataOfTexts = new Map<string, unknown>();

/** Record the value a text was written from (a reference node's manifests and config files). */
export function rememberData(text: string, data: unknown): void {
  if (dataOfTexts.size > 5000) dataOfTexts.clear();
  dataOfTexts.set(text, data);
}

/** The value a file's text was written from, when a node built in memory recorded it. */
export function dataOf(entry: NodeEntry): unknown {
  if (!entry.read) return undefined;
  return dataOfTexts.get(readText(entry));
}

/** The value a text was written from, when a node built in memory wrote it (read it, do not change it). */
export function writtenFrom(text: string): unknown {
  return dataOfTexts.get(text);
}

// File texts are read once per entry.
const texts = new WeakMap<NodeEntry, string>();

/** The text of a file of the node; throws an InputError when the bundle has no readable copy. */
export function readText(entry: NodeEntry): string {
  const cached = texts.get(entry);
  if (cached !== undefined) return cached;
  if (!entry.read) throw new NoCopyError(entry);
  const t = entry.read();
  texts.set(entry, t);
  return t;
}

/** A file the node has (the index lists it) but the bundle holds no copy of. */
export class NoCopyError extends Error {
  constructor(readonly entry: NodeEntry) {
    super(`${entry.path}: the bundle lists the file but holds no copy of it`);
  }
}
