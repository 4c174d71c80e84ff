// A small, strict tar reader for node bundle tarballs (what the capture script writes): ustar
// headers as GNU tar and busybox write them, GNU long names, pax path and linkpath records,
// gzip around it. Everything is bounded (archive, member and entry count); a member whose path
// is absolute or climbs out with `..` is refused, a hard link or device is refused, and a
// symbolic link is only ever a recorded target: nothing is extracted to disk.
import { gunzipSync } from 'node:zlib';
import { posix } from 'node:path';

export interface TarMember {
  /** Relative path inside the archive, normalised (no leading ./). */
  readonly path: string;
  readonly type: 'file' | 'folder' | 'symlink';
  readonly data?: Buffer;
  readonly target?: string;
  /** Octal permission bits as stored. */
  readonly mode: string;
}

export interface TarRead {
  readonly members: TarMember[];
  /** Members refused, one line each (`path: why`). */
  readonly refused: string[];
}

export const tarLimits = { archive: 256 * 1024 * 1024, member: 16 * 1024 * 1024, members: 50_000 };

export class TarError extends Error {}

function field(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

function octal(b: Buffer, off: number, len: number): number {
  const s = field(b, off, len).trim();
  if (!s) return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`a header number '${s}' is not octal`);
  return Number.parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let stored: number;
  try {
    stored = octal(h, 148, 8);
  } catch {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === stored;
}

/** pax records: `len key=value\n`… */
function pax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(32, i);
    if (sp < 0) break;
    const len = Number(data.subarray(i, sp).toString());
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** The member path, or undefined when it is absolute or leaves the archive. */
function safePath(raw: string): string | undefined {
  if (raw.startsWith('/')) return undefined;
  const n = posix.normalize(raw).replace(/\/$/, '');
  if (n === '.' || n === '') return '.';
  if (n === '..' || n.startsWith('../')) return undefined;
  return n.replace(/^\.\//, '');
}

export function readTar(input: Buffer): TarRead {
  if (input.length > tarLimits.archive) throw new TarError(`larger than ${tarLimits.archive} bytes`);
  let b = input;
  if (b[0] === 0x1f && b[1] === 0x8b) {
    try {
      b = gunzipSync(b, { maxOutputLength: tarLimits.archive });
    } catch (e) {
      throw new TarError(`gzip data cannot be read (${(e as Error).message})`);
    }
  }
  if (b.length < 512) throw new TarError('shorter than one tar header (512 bytes), not a tar archive');
  const members: TarMember[] = [];
  const refused: string[] = [];
  let off = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let paxNext = new Map<string, string>();
  while (off + 512 <= b.length) {
    const h = b.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    if (!checksumOk(h)) throw new TarError(`the header at byte ${off} has a wrong checksum: not a tar archive`);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 48);
    const dataStart = off + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > b.length) throw new TarError(`the member at byte ${off} runs past the end of the archive`);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (size > tarLimits.member && (type === '0' || type === 'x' || type === 'L' || type === 'K'))
      throw new TarError(`a member is larger than ${tarLimits.member} bytes`);
    const data = b.subarray(dataStart, dataEnd);
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      paxNext = pax(data);
      continue;
    }
    if (type === 'g') continue;
    const prefix = h.subarray(257, 263).toString('latin1').startsWith('ustar') ? field(h, 345, 155) : '';
    const name = field(h, 0, 100);
    const raw = paxNext.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    const linkRaw = paxNext.get('linkpath') ?? longLink ?? field(h, 157, 100);
    longName = longLink = undefined;
    paxNext = new Map();
    const path = safePath(raw);
    if (path === undefined) {
      refused.push(`${raw}: the path is absolute or leaves the archive, expected a path inside it`);
      continue;
    }
    if (members.length >= tarLimits.members) throw new TarError(`more than ${tarLimits.members} members`);
    const mode = (octal(h, 100, 8) & 0o7777).toString(8);
    if (type === '0' || type === '7') members.push({ path, type: 'file', data, mode });
    else if (type === '5') members.push({ path, type: 'folder', mode });
    else if (type === '2') members.push({ path, type: 'symlink', target: linkRaw, mode });
    else
      refused.push(
        `${raw}: a ${type === '1' ? 'hard link' : 'device, FIFO or unknown member'}, expected a file, folder or symbolic link`,
      );
  }
  return { members, refused };
}
