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

/**
 * `--releases`: a range `FROM..TO` of shipped releases (both ends shipped, FROM not after TO)
 * or a comma list of shipped releases, in release order either way.
 */
export function releaseList(option: string, value: string, shipped: readonly string[]): string[] {
  const expected = `expected shipped releases (${shipped[0]} … ${shipped[shipped.length - 1]}) as FROM..TO or a comma list`;
  const check = (r: string): string => {
    const v = r.trim().replace(/^v/, '');
    if (!shipped.includes(v)) throw inputError(option, `no shipped release '${r.trim()}', ${expected}`);
    return v;
  };
  const range = value.split('..');
  if (range.length === 2) {
    const [from, to] = range.map(check);
    if (compareVersions(from, to) > 0)
      throw inputError(
        option,
        `range ${value} runs backwards, expected FROM..TO with FROM before TO, e.g. ${to}..${from}`,
      );
    return shipped.filter((r) => compareVersions(r, from) >= 0 && compareVersions(r, to) <= 0);
  }
  if (range.length > 2) throw inputError(option, `malformed range '${value}', ${expected}`);
  const picked = new Set(
    value
      .split(',')
      .filter((r) => r.trim() !== '')
      .map(check),
  );
  if (!picked.size) throw inputError(option, `empty value, ${expected}`);
  return shipped.filter((r) => picked.has(r));
}
