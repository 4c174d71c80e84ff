// `check` as text for a terminal: findings grouped by control, in the order check emits them.
import type { CheckReport } from '../rules/check.js';
import { categories } from '../rules/types.js';
import { hanging } from './wrap.js';

/**
 * `width` is the terminal's (undefined: no wrapping). Each finding's lines hang under its text:
 * the message at column 24, the suggestion after its arrow, the evidence after `evidence:`.
 */
export function findingsText(
  r: CheckReport,
  titles: ReadonlyMap<string, string>,
  color: boolean,
  width?: number,
): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const cat = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const pad = ''.padEnd(21);
  const against = `against Kubernetes ${r.release}${r.installer ? ` with ${r.installer}` : ''}`;
  const counts = `${r.findings.length} findings on ${r.summary.affected} of ${r.summary.controls} controls`;
  const lines = hanging('', bold(`${r.benchmark.id} (CIS ${r.benchmark.version}) ${against}: ${counts}`), width);
  let last = '';
  for (const f of r.findings) {
    if (f.controlId !== last) {
      const title = titles.get(f.controlId);
      lines.push('', ...(title ? hanging(`${bold(f.controlId)}  `, dim(title), width) : [bold(f.controlId)]));
    }
    last = f.controlId;
    lines.push(...hanging(`  ${cat(f.category.padEnd(21))} `, f.message, width));
    if (f.suggestion.proposal)
      lines.push(...hanging(`  ${pad} → `, `${f.suggestion.action}: ${f.suggestion.proposal}`, width));
    if (f.evidence.length)
      lines.push(...hanging(`  ${pad}   evidence: `, f.evidence.map((e) => e.ref).join(', '), width));
  }
  const byCategory = categories
    .filter((c) => r.summary.byCategory[c])
    .map((c) => `${c} ${r.summary.byCategory[c]}`)
    .join(', ');
  lines.push('', ...hanging('by category: ', byCategory || 'none', width));
  return lines.join('\n');
}
