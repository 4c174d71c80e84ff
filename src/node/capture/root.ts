// The node's file system as the capture sees it: every path is a path of the node, read
// under --root (/, a mounted image, a test tree). Symbolic links are resolved here, one
// part at a time, in the node's own namespace (an absolute target is re-rooted, `..` stops
// at the root), so the operating system never follows a link and nothing outside the root
// is read. Reads are bounded in size and never block (O_NONBLOCK, regular files only).
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { join, posix } from 'node:path';
import { normalizePath } from '../bundle.js';

export interface Stat {
  readonly type: 'file' | 'folder' | 'symlink' | 'other';
  /** Permission bits in octal, as `stat -c %a` prints them. */
  readonly mode: string;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
}

/** A link met on the way to a path: the bundle records it so the node's namespace resolves the same. */
export interface Link {
  readonly path: string;
  readonly target: string;
  readonly stat: Stat;
}

export interface Resolved {
  /** The node path once every link is followed. */
  readonly path: string;
  /** What is there (undefined: nothing). */
  readonly stat?: Stat;
  /** Links met on the way, in order. */
  readonly links: readonly Link[];
}

/** At most this many links on one path, like the kernel's limit. */
const maxHops = 40;

function statOf(st: ReturnType<typeof lstatSync>): Stat {
  const s = st!;
  return {
    type: s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other',
    mode: (Number(s.mode) & 0o7777).toString(8),
    uid: Number(s.uid),
    gid: Number(s.gid),
    size: Number(s.size),
  };
}

export class NodeRoot {
  constructor(readonly root: string) {}

  /** Where a node path is under the root (only for paths whose parts are not links: see resolve). */
  hostPath(nodePath: string): string {
    return join(this.root, normalizePath(nodePath));
  }

  lstat(nodePath: string): Stat | undefined {
    try {
      return statOf(lstatSync(this.hostPath(nodePath)));
    } catch {
      return undefined;
    }
  }

  /** Follow links in every part of a node path, recording each link met. */
  resolve(path: string, options: { followLast?: boolean } = {}): Resolved {
    const followLast = options.followLast ?? true;
    const links: Link[] = [];
    let parts = normalizePath(path).split('/').filter(Boolean);
    let hops = 0;
    for (let i = 0; i < parts.length; i++) {
      const prefix = `/${parts.slice(0, i + 1).join('/')}`;
      const st = this.lstat(prefix);
      if (!st) return { path: `/${parts.join('/')}`, links };
      if (st.type !== 'symlink' || (i === parts.length - 1 && !followLast)) continue;
      let target: string;
      try {
        target = readlinkSync(this.hostPath(prefix), 'utf8');
      } catch {
        return { path: `/${parts.join('/')}`, links };
      }
      links.push({ path: prefix, target, stat: st });
      if (++hops > maxHops) return { path: `/${parts.join('/')}`, links };
      const next = target.startsWith('/') ? target : posix.join(posix.dirname(prefix), target);
      parts = [...normalizePath(next).split('/').filter(Boolean), ...parts.slice(i + 1)];
      i = -1;
    }
    const real = `/${parts.join('/')}`;
    return { path: real, stat: this.lstat(real), links };
  }

  /** The names in a folder (sorted), or none when it cannot be listed. */
  list(nodePath: string): string[] {
    try {
      return readdirSync(this.hostPath(nodePath)).sort();
    } catch {
      return [];
    }
  }

  /**
   * A regular file's bytes, at most `maxBytes` (undefined when longer, not a regular file, or
   * unreadable). The path must be one `resolve` returned: no part of it is a link.
   */
  read(nodePath: string, maxBytes: number): Buffer | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(this.hostPath(nodePath), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > maxBytes) return undefined;
      const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
      let n = 0;
      for (;;) {
        const r = readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
        if (n > maxBytes) return undefined;
      }
      return buf.subarray(0, n);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** `name:x:uid:…` lines of the root's etc/passwd or etc/group, as a uid or gid → name table. */
export function idNames(text: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]) || !f[0]) continue;
    const id = Number(f[2]);
    // The first line for an id wins, as getpwuid answers.
    if (!out.has(id)) out.set(id, f[0]);
  }
  return out;
}
