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
import { githubCommentLimit } from './budget.js';
import { cutNotice, fitParts, type Part } from './fit-parts.js';

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

const severities = ['high', 'medium', 'low'] as const;

/** A control's place in line when the document must be cut: its most severe finding, then category. */
const rankOf = (fs: readonly Finding[]): number =>
  Math.min(...fs.map((f) => severities.indexOf(f.severity) * categories.length + categories.indexOf(f.category)));

/**
 * The document; over `budget` characters (default: a GitHub comment's limit) it keeps the summary,
 * every release's heading and the most severe controls, and says how many it cut and which command
 * (`whole`) gives all of them.
 */
export function findingsMarkdown(
  reports: readonly CheckReport[],
  titles: ReadonlyMap<string, string>,
  guidance: Guidance,
  /** `--since`: per report, what appeared and went away since an earlier release (a section after its heading). */
  deltas?: readonly SinceDelta[],
  budget = githubCommentLimit,
  whole = 'benchwright check … --format json',
): string {
  const b = reports[0]?.benchmark;
  if (!b) return serialize([paragraph('Nothing was checked.')]);
  const head: RootContent[] = [heading(1, `${b.id} (CIS ${b.version}): stale controls`), summary(reports)];
  const parts: Part[] = [];
  for (const [i, r] of reports.entries()) {
    const top: RootContent[] = [
      heading(2, `${against(r)}: ${r.findings.length} findings on ${r.summary.affected} controls`),
    ];
    const d = deltas?.[i];
    if (d) top.push(...sinceMarkdown(d, r.release, 3));
    if (!r.findings.length) top.push(paragraph('No findings.'));
    parts.push({ nodes: top, rank: -1 });
    const byControl = new Map<string, Finding[]>();
    for (const f of r.findings) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
    for (const [id, fs] of byControl) {
      const title = titles.get(id);
      parts.push({ nodes: [heading(3, id, ...(title ? [` ${title}`] : [])), list(fs.map(finding))], rank: rankOf(fs) });
    }
  }
  const tail: RootContent[] = [];
  const present = categories.filter((c) => reports.some((r) => r.summary.byCategory[c]));
  if (present.length) {
    tail.push(heading(2, 'What the categories ask for'));
    tail.push(list(present.map((c) => [code(c), ` (${guidance[c].severity}): ${guidance[c].what} `, guidance[c].do])));
  }
  const controls = parts.filter((p) => p.rank >= 0).length;
  return fitParts(head, parts, tail, budget, (left) =>
    cutNotice(left, controls, ['control section', 'control sections'], whole, budget),
  );
}
