// `--since`: the findings that appeared or went away from one release to another, each with the
// release changes that caused it, as text and as markdown (JSON is the SinceDelta itself).
import type { RootContent } from 'mdast';
import type { Cause, SinceDelta, SinceEntry } from '../diff/since.js';
import { code, heading, link, table, type Inline } from './markdown.js';

const setting = (e: SinceEntry): string =>
  `${e.finding.subject.component ? `${e.finding.subject.component} ` : ''}${e.finding.subject.setting}`;

const values = (c: Cause): string =>
  c.from !== undefined || c.to !== undefined ? ` (${c.from ?? '-'} → ${c.to ?? '-'})` : '';

/** `1.36: default-changed flag kube-apiserver --audit-log-maxage (- → 366)`. */
export const causeWords = (c: Cause): string =>
  `${c.release}: ${c.change} ${c.area} ${c.component ? `${c.component} ` : ''}${c.name}${values(c)}`;

export const noCause = 'no release change on record names this setting';

export function sinceText(d: SinceDelta, to: string): string {
  const lines = [
    `since Kubernetes ${d.release} (to ${to}): ${d.appeared.length} findings appeared, ${d.resolved.length} went away`,
  ];
  const part = (sign: string, xs: readonly SinceEntry[]): void => {
    for (const e of xs) {
      lines.push(`  ${sign} ${e.finding.controlId.padEnd(8)} ${e.finding.category.padEnd(21)} ${setting(e)}`);
      if (!e.causes.length) lines.push(`      caused by: ${noCause}`);
      for (const c of e.causes)
        lines.push(`      caused by ${causeWords(c)}  [${c.evidence.map((x) => x.ref).join(', ')}]`);
    }
  };
  part('+', d.appeared);
  part('-', d.resolved);
  return lines.join('\n');
}

export function sinceMarkdown(d: SinceDelta, to: string, depth: 2 | 3 = 2): RootContent[] {
  const head = `Since Kubernetes ${d.release} (to ${to}): ${d.appeared.length} findings appeared, ${d.resolved.length} went away`;
  if (!d.appeared.length && !d.resolved.length) return [heading(depth, head)];
  const rows: Array<Array<Inline | Inline[]>> = [];
  const add = (what: string, xs: readonly SinceEntry[]): void => {
    for (const e of xs) {
      const causes: Inline[] = [];
      for (const [i, c] of e.causes.entries()) {
        causes.push(...(i ? ['; '] : []), causeWords(c), ' (');
        for (const [j, x] of c.evidence.entries()) causes.push(...(j ? [', '] : []), link(x.url, x.ref));
        causes.push(')');
      }
      rows.push([
        what,
        e.finding.controlId,
        code(e.finding.category),
        code(setting(e)),
        causes.length ? causes : noCause,
      ]);
    }
  };
  add('appeared', d.appeared);
  add('went away', d.resolved);
  return [heading(depth, head), table(['change', 'control', 'category', 'setting', 'caused by'], rows)];
}
