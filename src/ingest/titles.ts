// Titles written by benchwright from a control's checks, for data we ship without
// third-party prose. They say what is checked, not why.
import type { Control, Section } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';

export const opWords: Readonly<Record<string, string>> = {
  eq: 'is',
  noteq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  has: 'includes',
  nothave: 'does not include',
  regex: 'matches',
  valid_elements: 'only lists',
  bitmask: 'is at most',
  present: 'is set',
  absent: 'is not set',
};

function subjectText(s: Subject): string {
  switch (s.kind) {
    case 'flag':
      return `${s.component} ${s.flag}`;
    case 'config':
      return `${s.component} config ${s.path}`;
    case 'feature-gate':
      return `${s.component} feature gate ${s.gate}`;
    case 'admission-plugin':
      return `admission plugin ${s.plugin}`;
    case 'file':
      return `${s.role} ${s.attribute === 'mode' ? 'permissions' : s.attribute}`;
    case 'api-object':
      return `${s.resource} "${s.raw}"`;
    case 'unknown':
      return `${s.component ? s.component + ' ' : ''}setting "${s.raw}"`;
  }
}

export function checkText(c: Check): string {
  const s = c.subjects[0];
  if (s.kind === 'admission-plugin') return `${subjectText(s)} is ${s.state}`;
  const word = opWords[c.op] ?? c.op;
  return c.value !== undefined && c.op !== 'present' && c.op !== 'absent'
    ? `${subjectText(s)} ${word} ${c.value}`
    : `${subjectText(s)} ${word}`;
}

export function generatedTitle(c: Control, s: Section): string {
  if (!c.checks.length) return `${c.assessment === 'manual' ? 'Manual' : 'Automated'} ${s.target} control ${c.id}`;
  const parts = c.checks.slice(0, 3).map(checkText);
  const more = c.checks.length > 3 ? ` (+${c.checks.length - 3} more)` : '';
  return parts.join(c.combine === 'any' ? ' or ' : '; ') + more;
}

export function generatedSectionTitle(s: Section): string {
  const components = new Map<string, number>();
  for (const c of s.controls)
    for (const k of c.checks)
      for (const sub of k.subjects) {
        const who =
          'component' in sub && sub.component
            ? sub.component
            : sub.kind === 'file'
              ? 'files'
              : sub.kind === 'admission-plugin'
                ? 'kube-apiserver'
                : undefined;
        if (who) components.set(who, (components.get(who) ?? 0) + 1);
      }
  const top = [...components].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return top ? `${s.target}: ${top[0]}` : `${s.target} section ${s.id}`;
}
