// evaluate's output: text for a terminal, markdown for a review, JSON for tools.
import { jsonOutput } from '../render/json.js';
import type { Benchmark } from '../model/benchmark.js';
import type { Disagreement, DisagreementKind } from './evaluate.js';
import type { ControlResult, EvaluationReport } from './result.js';
import { type Agreement, agreementWords } from './scanner-report.js';
import { type TicketRow, ticketMarkdown, ticketText } from './scanner-ticket.js';

export interface Rendered {
  readonly report: EvaluationReport;
  readonly compare?: { readonly kubeBench: EvaluationReport; readonly disagreements: readonly Disagreement[] };
  /** How the kube-bench replay compares with a real report from the node (--against). */
  readonly against?: Agreement;
  /** Where that real report and the effective evaluation disagree, and why (--against). */
  readonly ticket?: readonly TicketRow[];
}

export function toJson(r: Rendered): string {
  const out = {
    ...r.report,
    ...(r.compare
      ? {
          compare: {
            semantics: r.compare.kubeBench.semantics,
            summary: r.compare.kubeBench.summary,
            results: r.compare.kubeBench.results.map((x) => ({
              controlId: x.controlId,
              status: x.status,
              ...(x.withKubectl ? { withKubectl: { status: x.withKubectl.status } } : {}),
            })),
            disagreements: r.compare.disagreements,
          },
        }
      : {}),
    ...(r.against ? { against: r.against } : {}),
    ...(r.ticket ? { ticket: r.ticket } : {}),
  };
  return jsonOutput('evaluation', out);
}

function heading(r: EvaluationReport): string {
  return `${r.benchmark.id} ${r.benchmark.version} on ${r.node.name} (Kubernetes ${r.node.release}), ${r.semantics} semantics`;
}

function summaryLine(r: EvaluationReport): string {
  const s = r.summary;
  return `${s.PASS} PASS, ${s.FAIL} FAIL, ${s.WARN} WARN, ${s.INFO} INFO`;
}

function checkLine(c: ControlResult['checks'][number]): string {
  const mark = c.pass === true ? 'ok ' : c.pass === false ? 'no ' : ' ? ';
  const src = c.source ? `  [${c.source}]` : '';
  return `${mark} ${c.subject} ${c.expected}: ${c.observed}${src}${c.notes?.length ? ` (${c.notes.join('; ')})` : ''}`;
}

export function toText(r: Rendered, benchmark: Benchmark): string {
  const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const width = Math.max(...r.report.results.map((x) => x.controlId.length), 4);
  const lines = [heading(r.report)];
  for (const w of r.report.warnings ?? []) lines.push(`warning: ${w}`);
  for (const x of r.report.results) {
    lines.push(`${x.status.padEnd(4)} ${x.controlId.padEnd(width)}  ${titles.get(x.controlId) ?? ''}`);
    if (x.reason) lines.push(`       ${x.reason}`);
    if (x.exempted?.length) lines.push(`       exempted by the allow-list: ${x.exempted.join(', ')}`);
    for (const c of x.checks) lines.push(`       ${checkLine(c)}`);
  }
  lines.push(`summary: ${summaryLine(r.report)}`);
  if (r.compare) {
    lines.push('', `kube-bench would report: ${summaryLine(r.compare.kubeBench)}`);
    if (!r.compare.disagreements.length)
      lines.push('kube-bench and the components give every control the same status.');
    else lines.push(`controls whose two statuses differ (${differWords(r.compare.disagreements)}):`);
    for (const d of r.compare.disagreements)
      lines.push(
        `${d.controlId.padEnd(width)}  ${kindWords[d.kind]} ` +
          `(kube-bench ${d.kubeBench}, effective ${d.effective}): ${d.why}`,
      );
  }
  if (r.against) {
    const a = r.against;
    lines.push('', `against ${a.report}: the kube-bench replay reproduces ${agreementWords(a)}`);
    for (const d of a.differ) lines.push(`${d.controlId.padEnd(width)}  replay ${d.ours}, report ${d.report}`);
    if (a.onlyOurs.length) lines.push(`not in the report: ${a.onlyOurs.join(', ')}`);
    if (a.onlyReport.length) lines.push(`only in the report: ${a.onlyReport.join(', ')}`);
    if (r.ticket) lines.push(...ticketText(r.ticket, r.report.node.name, a.report));
  }
  return `${lines.join('\n')}\n`;
}

/** A kind as a reviewer reads it. */
export const kindWords: Readonly<Record<DisagreementKind, string>> = {
  'false-fail': 'false FAIL',
  'false-pass': 'false PASS',
  'manual-scoring': 'manual scoring',
  unknown: 'unknown',
};

/**
 * How many controls differ and of which kinds; the differences that hold only where kube-bench's
 * kubectl can read the cluster are counted apart (the replay assumes it cannot, as the Job's
 * service account).
 */
function differWords(ds: readonly Disagreement[]): string {
  const plain = ds.filter((d) => !d.condition);
  const conditional = ds.filter((d) => d.condition);
  return (
    `${plain.length}: ${kindCounts(plain)}` +
    (conditional.length
      ? `; and ${conditional.length} more where kube-bench's kubectl can read the cluster: ${kindCounts(conditional)}`
      : '')
  );
}

function kindCounts(ds: readonly Disagreement[]): string {
  const n = new Map<DisagreementKind, number>();
  for (const d of ds) n.set(d.kind, (n.get(d.kind) ?? 0) + 1);
  return (Object.keys(kindWords) as DisagreementKind[])
    .filter((k) => n.has(k))
    .map((k) => `${n.get(k)} ${kindWords[k]}`)
    .join(', ');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(r: Rendered, benchmark: Benchmark): string {
  const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const out = [`# ${heading(r.report)}`, '', `**${summaryLine(r.report)}**`, ''];
  if (r.report.warnings?.length) out.push(...r.report.warnings.map((w) => `- warning: ${cell(w)}`), '');
  out.push('| Control | Status | Title | What was found |', '| --- | --- | --- | --- |');
  for (const x of r.report.results) {
    const exempt = x.exempted?.length ? `exempted by the allow-list: ${x.exempted.join(', ')}` : '';
    const found = [x.reason ?? '', exempt, ...x.checks.map(checkLine)].filter(Boolean).map(cell).join('<br>');
    out.push(`| ${x.controlId} | ${x.status} | ${cell(titles.get(x.controlId) ?? '')} | ${found} |`);
  }
  if (r.compare) {
    out.push('', '## Where kube-bench and the components differ', '');
    out.push(`kube-bench would report ${summaryLine(r.compare.kubeBench)}.`, '');
    if (!r.compare.disagreements.length) out.push('They give every control the same status.');
    else {
      out.push(
        `Controls differ (${differWords(r.compare.disagreements)}).`,
        '',
        '| Control | Kind | kube-bench | Effective | Why |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const d of r.compare.disagreements)
        out.push(`| ${d.controlId} | ${kindWords[d.kind]} | ${d.kubeBench} | ${d.effective} | ${cell(d.why)} |`);
    }
  }
  if (r.against) {
    const a = r.against;
    out.push('', `## Against ${cell(a.report)}`, '', `The kube-bench replay reproduces ${agreementWords(a)}.`, '');
    if (a.differ.length) {
      out.push('| Control | Replay | Report |', '| --- | --- | --- |');
      for (const d of a.differ) out.push(`| ${d.controlId} | ${d.ours} | ${d.report} |`);
      out.push('');
    }
    if (a.onlyOurs.length) out.push(`Not in the report: ${a.onlyOurs.join(', ')}.`, '');
    if (a.onlyReport.length) out.push(`Only in the report: ${a.onlyReport.join(', ')}.`, '');
    if (r.ticket) out.push(...ticketMarkdown(r.ticket, r.report.node.name, a.report, titles));
  }
  return `${out.join('\n')}\n`;
}
