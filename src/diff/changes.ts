// What changed between two matched controls, field by field, with word-level diffs of text.
import { diffWords } from 'diff';
import type { Check } from '../model/check.js';
import { subjectLabel } from '../model/subject.js';
import { pairChecks, type Features } from './features.js';

export type Field =
  | 'title'
  | 'section'
  | 'target'
  | 'assessment'
  | 'automation'
  | 'allowList'
  | 'scored'
  | 'combine'
  | 'check'
  | 'remediation'
  | 'audit'
  | 'auditConfig';

/** A run of words: kept, added or removed. */
export interface WordPart {
  readonly op: '=' | '+' | '-';
  readonly text: string;
}

export interface FieldChange {
  readonly field: Field;
  /** Absent when the field (or check) was added. */
  readonly before?: string;
  /** Absent when the field (or check) was removed. */
  readonly after?: string;
  /** Word diff of before → after, for text fields. */
  readonly words?: readonly WordPart[];
}

export function checkLabel(k: Check): string {
  const value = k.value !== undefined && k.op !== 'present' && k.op !== 'absent' ? ` ${k.value}` : '';
  return `${k.subjects.map(subjectLabel).join(' | ')} ${k.op}${value}`;
}

export function wordDiff(before: string, after: string): WordPart[] {
  const parts: WordPart[] = [];
  for (const c of diffWords(before, after)) {
    const op = c.added ? '+' : c.removed ? '-' : '=';
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + c.value };
    else parts.push({ op, text: c.value });
  }
  return parts;
}

function checkChanges(a: Features, b: Features): FieldChange[] {
  const out: FieldChange[] = [];
  const pairs = new Map(pairChecks(a, b));
  const pairedB = new Set(pairs.values());
  a.control.checks.forEach((ka, i) => {
    const j = pairs.get(i);
    if (j === undefined) {
      out.push({ field: 'check', before: checkLabel(ka) });
      return;
    }
    const before = checkLabel(ka);
    const after = checkLabel(b.control.checks[j]);
    if (before !== after) out.push({ field: 'check', before, after, words: wordDiff(before, after) });
  });
  b.control.checks.forEach((kb, j) => {
    if (!pairedB.has(j)) out.push({ field: 'check', after: checkLabel(kb) });
  });
  return out;
}

export interface CompareOptions {
  /** Compare titles, audit and remediation text (off when either side ships facts only). */
  readonly texts: boolean;
}

export function controlChanges(a: Features, b: Features, opts: CompareOptions): FieldChange[] {
  const ca = a.control;
  const cb = b.control;
  const out: FieldChange[] = [];
  const scalar = (field: Field, x: string, y: string): void => {
    if (x !== y) out.push({ field, before: x, after: y });
  };
  const text = (field: Field, x: string | undefined, y: string | undefined): void => {
    if (x === y) return;
    if (x !== undefined && y !== undefined) out.push({ field, before: x, after: y, words: wordDiff(x, y) });
    else out.push({ field, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
  };
  if (opts.texts && !ca.titleGenerated && !cb.titleGenerated) text('title', ca.title, cb.title);
  scalar('target', a.section.target, b.section.target);
  // CIS's label and the scanner's automation are separate facts; either may change alone.
  scalar('assessment', ca.assessment ?? 'not labelled', cb.assessment ?? 'not labelled');
  scalar('automation', ca.automation ?? 'not recorded', cb.automation ?? 'not recorded');
  const allowed = (c: typeof ca) => (c.allowList ?? []).map((e) => `${e.namespace}/${e.name}`).join(', ') || 'none';
  scalar('allowList', allowed(ca), allowed(cb));
  scalar('scored', String(ca.scored), String(cb.scored));
  if (ca.checks.length > 1 || cb.checks.length > 1) scalar('combine', ca.combine, cb.combine);
  out.push(...checkChanges(a, b));
  if (opts.texts) {
    text('audit', ca.audit, cb.audit);
    text('auditConfig', ca.auditConfig, cb.auditConfig);
    text('remediation', ca.remediation, cb.remediation);
  }
  return out;
}
