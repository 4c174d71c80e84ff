// Name globs (allow-list Pod names, `find -name` patterns, file names a role gives) matched
// without regular expressions: a glob turned into a pattern backtracks on runs of `*` (a
// name of thirty `*a` took past 20 s) and a long one overflows the pattern compiler. Here
// the glob is split at its stars; the first part must start the text, the last must end
// it, and each part between is taken at its leftmost place after the one before (leftmost
// is always safe: a later place leaves less text for the rest). Nothing is ever retried,
// so the time is bounded by the text's length times the glob's.

export interface GlobOptions {
  /** `*` and `?` do not match `/` (a path's parts, as the shell matches them). */
  readonly slash?: boolean;
}

/** Does `part` (literal characters and `?`) match `text` at `at`? */
function partAt(text: string, part: string, at: number, slash: boolean): boolean {
  if (at + part.length > text.length) return false;
  for (let i = 0; i < part.length; i++) {
    const c = text.charCodeAt(at + i);
    const p = part.charCodeAt(i);
    if (p === 63 /* ? */ ? slash && c === 47 /* / */ : p !== c) return false;
  }
  return true;
}

/** The leftmost place at or after `from` where `part` matches, or -1. */
function find(text: string, part: string, from: number, slash: boolean): number {
  if (!part.includes('?')) return text.indexOf(part, from);
  for (let at = from; at + part.length <= text.length; at++) if (partAt(text, part, at, slash)) return at;
  return -1;
}

/** Whether `text` matches the glob as a whole: `*` any run of characters, `?` any one, the rest literally. */
export function globMatches(glob: string, text: string, options: GlobOptions = {}): boolean {
  const slash = options.slash ?? false;
  const parts = glob.split('*');
  const first = parts[0];
  if (parts.length === 1) return first.length === text.length && partAt(text, first, 0, slash);
  const last = parts[parts.length - 1];
  if (first.length + last.length > text.length) return false;
  if (!partAt(text, first, 0, slash) || !partAt(text, last, text.length - last.length, slash)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i];
    if (!part) continue;
    const found = find(text, part, at, slash);
    if (found < 0 || found + part.length > end) return false;
    // A star may not cross a slash when slashes are parts.
    if (slash && text.slice(at, found).includes('/')) return false;
    at = found + part.length;
  }
  return !(slash && text.slice(at, end).includes('/'));
}
