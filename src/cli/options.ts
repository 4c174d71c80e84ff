// Option values checked the same way by every command: an error names the option and the
// values it takes (`--format: unknown format 'x', expected text, json or markdown`).
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';

/** `a, b or c`. */
export function alternatives(xs: readonly string[]): string {
  return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : (xs[0] ?? '');
}

export function oneOf<T extends string>(option: string, what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw inputError(option, `unknown ${what} '${value}', expected ${alternatives(allowed)}`);
  return value as T;
}

export function formatOf<T extends string>(value: string, allowed: readonly T[]): T {
  return oneOf('--format', 'format', value, allowed);
}

/** Help text of a `--format` option. */
export function formatHelp(allowed: readonly string[]): string {
  return `output format: ${alternatives(allowed)}`;
}

/** What every option naming releases accepts, for help and error text. */
export const releaseForms = 'a release (1.34), a list (1.33 1.34 or 1.33,1.34) or a range FROM..TO';

const version = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Whether a command-line word names releases (`1.34`, `v1.34`, `1.34.1`, `1.33,1.34`, `1.30..1.34`)
 * or a snapshot file (`*.json`). The argv reader (argv.ts) ends a `--release a b c` list at the
 * first word that does not, so a positional argument may follow the option.
 */
export function looksLikeReleases(word: string): boolean {
  if (/\.json$/i.test(word)) return true;
  const pieces = word.split(',').filter((p) => p.trim() !== '');
  return pieces.length > 0 && pieces.every((p) => p.split('..').every((v) => version.test(v.trim())));
}

/**
 * One release as typed: `1.34` or `v1.34` is 1.34; a patch version `1.34.1` is read as its minor
 * (snapshots are per minor release) with a note saying so. Anything else is returned unchanged
 * (a snapshot file, or a word the caller rejects).
 */
export function releaseName(option: string, value: string, note: (line: string) => void): string {
  const m = version.exec(value.trim());
  if (!m) return value;
  const minor = `${Number(m[1])}.${Number(m[2])}`;
  if (m[3] !== undefined)
    note(`note: ${option} ${value.trim()} read as ${minor}: releases are checked per minor version`);
  return minor;
}

/**
 * The releases named after an option, in every form commands accept: several words, each a
 * release, a comma list or a range `FROM..TO` of shipped releases, or a snapshot file
 * (`releases build`). Shipped releases come back once each in release order, then snapshot files
 * in the order given. `files: false` (matrix, report) takes shipped releases only.
 */
export function releaseNames(
  option: string,
  values: readonly string[],
  shipped: readonly string[],
  note: (line: string) => void,
  files = true,
): string[] {
  const range = shipped.length ? ` (${shipped[0]} … ${shipped[shipped.length - 1]})` : '';
  const expected = `expected shipped releases${range} as 1.34, 1.33,1.34 or FROM..TO${files ? ', or a snapshot file' : ''}`;
  const picked = new Set<string>();
  const snapshots: string[] = [];
  const one = (typed: string): string => {
    const v = releaseName(option, typed, note);
    if (!shipped.includes(v)) throw inputError(option, `no shipped release '${typed.trim()}', ${expected}`);
    return v;
  };
  for (const value of values) {
    if (value.split(',').every((p) => p.trim() === '')) throw inputError(option, `empty value, ${expected}`);
    if (files && (/\.json$/i.test(value) || !looksLikeReleases(value))) {
      snapshots.push(value);
      continue;
    }
    for (const piece of value.split(',')) {
      if (piece.trim() === '') continue;
      const ends = piece.split('..');
      if (ends.length > 2) throw inputError(option, `malformed range '${piece}', ${expected}`);
      if (ends.length === 1) {
        picked.add(one(piece));
        continue;
      }
      const [from, to] = ends.map(one);
      if (compareVersions(from, to) > 0)
        throw inputError(
          option,
          `range ${piece} runs backwards, expected FROM..TO with FROM before TO, e.g. ${to}..${from}`,
        );
      for (const r of shipped) if (compareVersions(r, from) >= 0 && compareVersions(r, to) <= 0) picked.add(r);
    }
  }
  if (!picked.size && !snapshots.length) throw inputError(option, `empty value, ${expected}`);
  return [...shipped.filter((r) => picked.has(r)), ...snapshots];
}

/** One release (evaluate, node): the same forms, but exactly one of them. */
export function singleRelease(
  option: string,
  value: string,
  shipped: readonly string[],
  note: (line: string) => void,
): string {
  const [one, ...more] = releaseNames(option, [value], shipped, note);
  if (more.length || one === undefined)
    throw inputError(option, `'${value}' names ${more.length + 1} releases, expected one release such as 1.34`);
  return one;
}
