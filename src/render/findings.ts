// `check` as text for a terminal: findings grouped by control, in the order check emits them.
import type { CheckReport } from '../rules/check.js';
import { categories } from '../rules/types.js';

export function findingsText(r: CheckReport, titles: ReadonlyMap<string, string>, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const cat = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const pad = ''.padEnd(21);
  const against = `against Kubernetes ${r.release}${r.installer ? ` with ${r.installer}` : ''}`;
  const counts = `${r.findings.length} findings on ${r.summary.affected} of ${r.summary.controls} controls`;
  const lines = [bold(`${r.benchmark.id} (CIS ${r.benchmark.version}) ${against}: ${counts}`)];
  let last = '';
  for (const f of r.findings) {
    if (f.controlId !== last) lines.push(`\n${bold(f.controlId)}  ${dim(titles.get(f.controlId) ?? '')}`.trimEnd());
    last = f.controlId;
    lines.push(`  ${cat(f.category.padEnd(21))} ${f.message}`);
    if (f.suggestion.proposal) lines.push(`  ${pad} → ${f.suggestion.action}: ${f.suggestion.proposal}`);
    if (f.evidence.length) lines.push(`  ${pad}   evidence: ${f.evidence.map((e) => e.ref).join(', ')}`);
  }
  const byCategory = categories
    .filter((c) => r.summary.byCategory[c])
    .map((c) => `${c} ${r.summary.byCategory[c]}`)
    .join(', ');
  lines.push('', `by category: ${byCategory || 'none'}`);
  return lines.join('\n');
}
