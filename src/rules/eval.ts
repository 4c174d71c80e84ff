// Does a value meet a check's operator? Mirrors kube-bench's compare semantics.
import type { Check } from '../model/check.js';

export function satisfies(check: Pick<Check, 'op' | 'value'>, actual: string | undefined): boolean {
  const want = check.value ?? '';
  if (check.op === 'absent') return actual === undefined;
  if (actual === undefined) return false;
  const num = (s: string) => Number(s.replace(/[^\d.-]/g, ''));
  const list = actual.split(',').map((s) => s.trim());
  switch (check.op) {
    case 'present':
      return true;
    case 'eq':
      return actual.toLowerCase() === want.toLowerCase();
    case 'noteq':
      return actual.toLowerCase() !== want.toLowerCase();
    case 'gt':
      return num(actual) > num(want);
    case 'gte':
      return num(actual) >= num(want);
    case 'lt':
      return num(actual) < num(want);
    case 'lte':
      return num(actual) <= num(want);
    case 'has':
      return list.includes(want) || actual.includes(want);
    case 'nothave':
      return !list.includes(want) && !actual.includes(want);
    case 'regex':
      try {
        return new RegExp(want).test(actual);
      } catch {
        return false;
      }
    case 'valid_elements': {
      const ok = want.split(',');
      return list.every((x) => ok.includes(x));
    }
    case 'bitmask':
      return (parseInt(actual, 8) & ~parseInt(want, 8)) === 0;
  }
}
