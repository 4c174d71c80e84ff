// `check --format markdown`, for people reading a pull request or an issue: a summary table
// (category × release), then per release each affected control with its findings (severity,
// category, what is wrong, the suggested change, evidence links), then what each category asks.
import type { BlockContent, RootContent } from 'mdast';
import type { CheckReport } from '../rules/check.js';
import { categories, type Finding } from '../rules/types.js';
import { code, heading, link, list, paragraph, serialize, strong, table, type Inline } from './markdown.js';
import type { Guidance } from './sarif.js';
import type { SinceDelta } from '../diff/since.js';
import { sinceMarkdown } from './since.js';

const against = (r: CheckReport): string => `Kubernetes ${r.release}${r.installer ? ` with ${r.installer}` : ''}`;

function summary(reports: readonly CheckReport[]): RootContent {
  const present = categories.filter((c) => reports.some((r) => r.summary.byCategory[c]));
  const head = ['category', ...reports.map(against)];
  const rows: Inline[][] = present.map((c) => [c, ...reports.map((r) => String(r.summary.byCategory[c]))]);
  rows.push([strong('total'), ...reports.map((r) => strong(String(r.findings.length)))]);
  rows.push(['controls affected', ...reports.map((r) => `${r.summary.affected} of ${r.summary.controls}`)]);
  return table(
    head,
    rows,
    head.map((_, i) => (i ? 'right' : null)),
  );
}

/** One finding: severity, category and what is wrong; below it the suggested change and the evidence. */
function finding(f: Finding): BlockContent[] {
  const proposal = f.suggestion.proposal ?? f.suggestion.headline;
  const details: Inline[][] = [[strong('Suggested'), ` (${f.suggestion.action})`, proposal ? `: ${proposal}` : '']];
  if (f.evidence.length) {
    const links: Inline[] = [strong('Evidence'), ': '];
    for (const [i, e] of f.evidence.entries()) links.push(...(i ? [', '] : []), link(e.url, e.ref));
    details.push(links);
  }
  return [paragraph(strong(f.severity), ' · ', code(f.category), ' — ', f.message), list(details)];
}

export function findingsMarkdown(
  reports: readonly CheckReport[],
  titles: ReadonlyMap<string, string>,
  guidance: Guidance,
  /** `--since`: per report, what appeared and went away since an earlier release (a section after its findings). */
  deltas?: readonly SinceDelta[],
): string {
  const b = reports[0]?.benchmark;
  const doc: RootContent[] = [];
  if (!b) return serialize([paragraph('Nothing was checked.')]);
  doc.push(heading(1, `${b.id} (CIS ${b.version}): stale controls`));
  doc.push(summary(reports));
  for (const [i, r] of reports.entries()) {
    doc.push(heading(2, `${against(r)}: ${r.findings.length} findings on ${r.summary.affected} controls`));
    const d = deltas?.[i];
    if (d) doc.push(...sinceMarkdown(d, r.release, 3));
    if (!r.findings.length) doc.push(paragraph('No findings.'));
    const byControl = new Map<string, Finding[]>();
    for (const f of r.findings) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
    for (const [id, fs] of byControl) {
      const title = titles.get(id);
      doc.push(heading(3, id, ...(title ? [` ${title}`] : [])));
      doc.push(list(fs.map(finding)));
    }
  }
  const present = categories.filter((c) => reports.some((r) => r.summary.byCategory[c]));
  if (present.length) {
    doc.push(heading(2, 'What the categories ask for'));
    doc.push(list(present.map((c) => [code(c), ` (${guidance[c].severity}): ${guidance[c].what} `, guidance[c].do])));
  }
  return serialize(doc);
}
