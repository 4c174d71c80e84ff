// What a maintainer attaches to a ticket after running kube-bench and the capture on the same
// node: the controls where kube-bench's real report and the components' effective settings
// disagree, and why. The why comes from the replay: when benchwright's kube-bench replay gives
// the report's status too, the replay knows what kube-bench read (a grep of `ps`, a file it
// picked) and the comparison says what the component actually runs with; when it does not,
// the row says so instead of guessing.
import type { Status } from '../model/case.js';
import { compareIds } from '../model/ids.js';
import { compareSemantics, verdictOf } from './evaluate.js';
import type { EvaluationReport } from './result.js';

export interface TicketRow {
  readonly controlId: string;
  /** The status in kube-bench's own report from the node. */
  readonly kubeBench: Status;
  readonly effective: Status;
  /** false-fail: kube-bench fails what the components meet; false-pass: the other way round. */
  readonly kind: 'false-fail' | 'false-pass';
  /** Whether benchwright's replay of kube-bench gives the report's status (the why is then the replay's). */
  readonly reproduced: boolean;
  readonly why: string;
}

const decisive = (s: Status): 'pass' | 'fail' | 'none' => (s === 'PASS' ? 'pass' : s === 'FAIL' ? 'fail' : 'none');

export function scannerTicket(
  effective: EvaluationReport,
  replay: EvaluationReport,
  report: ReadonlyMap<string, Status>,
): TicketRow[] {
  const whys = new Map(compareSemantics(effective, replay).map((d) => [d.controlId, d.why]));
  const replayed = new Map(replay.results.map((r) => [r.controlId, r.status]));
  const rows: TicketRow[] = [];
  for (const e of effective.results) {
    const theirs = report.get(e.controlId);
    if (!theirs) continue;
    const ve = verdictOf(e);
    const vk = decisive(theirs);
    if (ve === 'none' || vk === 'none' || ve === vk) continue;
    const ours = replayed.get(e.controlId);
    const reproduced = ours === theirs;
    const check = e.checks.find((c) => c.pass === (ve === 'pass')) ?? e.checks[0];
    const nodeSide = check
      ? `the component runs with ${check.subject} = ${check.observed}${check.source ? ` (${check.source})` : ''}`
      : (e.reason ?? e.status);
    const why =
      reproduced && whys.has(e.controlId)
        ? whys.get(e.controlId)!
        : `benchwright's replay of kube-bench gives ${ours ?? 'no status'} here, not the report's ${theirs}: ` +
          `kube-bench saw another node state than the capture, or read something the replay does not model; ${nodeSide}`;
    rows.push({
      controlId: e.controlId,
      kubeBench: theirs,
      effective: e.status,
      kind: ve === 'pass' ? 'false-fail' : 'false-pass',
      reproduced,
      why,
    });
  }
  return rows.sort((a, b) => compareIds(a.controlId, b.controlId));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function ticketText(rows: readonly TicketRow[], node: string, report: string): string[] {
  const lines = ['', `where kube-bench's report (${report}) and the components on ${node} disagree (${rows.length}):`];
  if (!rows.length) lines.push('none: every control both decide has the same answer.');
  const w = Math.max(4, ...rows.map((r) => r.controlId.length));
  for (const r of rows)
    lines.push(
      `${r.controlId.padEnd(w)}  ${r.kind === 'false-fail' ? 'false FAIL' : 'false PASS'} (kube-bench ${r.kubeBench}, effective ${r.effective}): ${r.why}`,
    );
  return lines;
}

export function ticketMarkdown(
  rows: readonly TicketRow[],
  node: string,
  report: string,
  titles: ReadonlyMap<string, string>,
): string[] {
  const out = [
    '',
    `## Where kube-bench and the components disagree on ${cell(node)}`,
    '',
    `kube-bench's own report from the node (${cell(report)}) against what the components do, as captured from the same node. ` +
      '"Replayed" says whether benchwright reproduces kube-bench\'s answer, so that the why is what kube-bench read.',
    '',
  ];
  if (!rows.length) return [...out, 'They agree on every control both decide.'];
  out.push('| Control | Title | Scanner error | kube-bench | Effective | Replayed | Why |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    out.push(
      `| ${r.controlId} | ${cell(titles.get(r.controlId) ?? '')} | ${r.kind === 'false-fail' ? 'false FAIL' : 'false PASS'} ` +
        `| ${r.kubeBench} | ${r.effective} | ${r.reproduced ? 'yes' : 'no'} | ${cell(r.why)} |`,
    );
  return out;
}
