// Comparing an effective value with what a check expects, as the component means the
// value: booleans in any case, durations as durations (`0s` is 0), numbers as numbers,
// lists element by element. kube-bench's own string semantics live in kube-bench/test-items.ts.
import type { Check } from '../model/check.js';
import { opWords } from '../model/check-text.js';
import { parseDuration } from '../node/go-values.js';
import { goRegexp } from '../model/go-regexp.js';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Lists (flag types stringSlice/strings, field types []string and maps) compare element by element. */
function isList(type: string | undefined, actual: string): boolean {
  return type ? /slice|^strings$|\[\]|^map|mapString/i.test(type) : actual.includes(',');
}

function isDurationType(type: string | undefined): boolean {
  return Boolean(type && /duration/i.test(type));
}

function equal(actual: string, want: string, type: string | undefined): boolean {
  if (/^(true|false)$/i.test(actual) && /^(true|false)$/i.test(want))
    return actual.toLowerCase() === want.toLowerCase();
  if (isDurationType(type) || (parseDuration(actual) !== undefined && /^\d+$/.test(want))) {
    const a = parseDuration(actual);
    const w = /^\d+$/.test(want) ? Number(want) * 1000 : parseDuration(want);
    if (a !== undefined && w !== undefined) return a === w;
  }
  const na = Number(actual);
  const nw = Number(want);
  if (actual.trim() !== '' && want.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nw)) return na === nw;
  return actual === want;
}

function number(s: string, type: string | undefined): number | undefined {
  if (isDurationType(type)) {
    const d = parseDuration(s);
    if (d !== undefined) return d / 1000;
  }
  const n = Number(s.trim());
  return s.trim() === '' || Number.isNaN(n) ? undefined : n;
}

/** Does an effective value meet the check? `absent`/`present` are decided by the caller (explicit or not). */
export function meets(check: Pick<Check, 'op' | 'value'>, actual: string | undefined, type?: string): boolean {
  const want = check.value ?? '';
  if (check.op === 'absent') return actual === undefined;
  if (actual === undefined) return check.op === 'nothave' || check.op === 'noteq';
  switch (check.op) {
    case 'present':
      return actual !== '';
    case 'eq':
      return equal(actual, want, type);
    case 'noteq':
      return !equal(actual, want, type);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = number(actual, type);
      const w = number(want, type);
      if (a === undefined || w === undefined) return false;
      return check.op === 'gt' ? a > w : check.op === 'gte' ? a >= w : check.op === 'lt' ? a < w : a <= w;
    }
    case 'has':
      return isList(type, actual) ? list(want).every((w) => list(actual).includes(w)) : actual.includes(want);
    case 'nothave':
      return isList(type, actual) ? !list(want).some((w) => list(actual).includes(w)) : !actual.includes(want);
    case 'regex': {
      // Benchmarks write these for kube-bench, which runs them in Go (RE2): the same engine here.
      const c = goRegexp(want);
      return 'error' in c ? false : c.re.test(actual);
    }
    case 'valid_elements': {
      const ok = list(want);
      const have = list(actual);
      return have.length > 0 && have.every((x) => ok.includes(x));
    }
    case 'bitmask': {
      const a = Number.parseInt(actual, 8);
      const w = Number.parseInt(want, 8);
      return !Number.isNaN(a) && !Number.isNaN(w) && (a & ~w) === 0;
    }
  }
}

export function expectation(check: Pick<Check, 'op' | 'value'>): string {
  const w = opWords[check.op] ?? check.op;
  return check.value !== undefined && check.op !== 'present' && check.op !== 'absent' ? `${w} ${check.value}` : w;
}
