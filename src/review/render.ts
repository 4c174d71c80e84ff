// A review as a pull request's description (summary, the evaluation delta, findings the
// draft introduced) and its details (every row with the reason, every finding left, the
// full benchmark diff), in markdown built as an mdast tree; and a short text summary.
import type { RootContent } from 'mdast';
import { diffMarkdown } from '../render/diff.js';
import { code, details, heading, list, paragraph, serialize, strong, table, type Inline } from '../render/markdown.js';
import { columns, hanging } from '../render/wrap.js';
import type { Finding } from '../rules/types.js';
import { changedRows, type EvaluationRow, type Review, type StatusChange } from './index.js';

const arrow = (c: StatusChange): string => {
  if (c.before === c.after) return c.after ?? '–';
  return `${c.before ?? '(none)'} → ${c.after ?? '(removed)'}`;
};

const controlOf = (r: Pick<EvaluationRow, 'from' | 'to'>): string =>
  r.from === undefined
    ? `${r.to} (added)`
    : r.to === undefined
      ? `${r.from} (removed)`
      : r.from === r.to
        ? r.to
        : `${r.from} → ${r.to}`;

function rowCells(r: EvaluationRow, withReason: boolean): Inline[] {
  const node =
    r.node === 'default'
      ? `${r.nodeName} (default)`
      : `${r.nodeName.replace(/ configured as .*/, '')}: ${r.configured?.join('; ') || 'nothing a node can set'}`;
  return [
    controlOf(r),
    node,
    arrow(r.semantics.effective),
    arrow(r.semantics['kube-bench']),
    ...(withReason
      ? [r.semantics.effective.reason ?? '', r.unmet?.length ? `not settable on a node: ${r.unmet.join('; ')}` : '']
      : []),
  ];
}

function evaluationTable(rows: readonly EvaluationRow[], withReason: boolean): RootContent {
  return table(
    ['control', 'node', 'effective', 'kube-bench', ...(withReason ? ['why (effective, after)', 'note'] : [])],
    rows.map((r) => rowCells(r, withReason)),
  );
}

function findingItem(f: Finding, release: string): Inline[] {
  return [code(f.controlId), ' ', strong(f.category), ` (${f.ruleId}, Kubernetes ${release}): ${f.message}`];
}

function counts(r: Review): string {
  const sum = (k: 'resolved' | 'remaining' | 'introduced') => r.findings.reduce((n, f) => n + f[k].length, 0);
  const before = sum('resolved') + sum('remaining');
  const after = sum('remaining') + sum('introduced');
  return `${before} → ${after}: ${sum('resolved')} resolved, ${sum('remaining')} remain, ${sum('introduced')} introduced`;
}

function summaryRows(r: Review): Inline[][] {
  const s = r.diff.summary;
  const releases = r.findings.map((f) => f.release).join(', ');
  return [
    [
      'controls',
      `${s.changed} changed, ${s.renumbered} renumbered, ${s.removed} removed, ${s.added} added, ${s.unchanged} unchanged`,
    ],
    [`findings (Kubernetes ${releases}${r.installer ? `, ${r.installer}` : ''})`, counts(r)],
    [
      'evaluation',
      `${new Set(changedRows(r.evaluation).map(controlOf)).size} of ` +
        `${new Set(r.evaluation.map(controlOf)).size} changed controls change status on a reference node`,
    ],
  ];
}

/** The pull request's description: what changed, what it does on nodes, what it left and added. */
export function pullRequestMarkdown(r: Review): string {
  const out: RootContent[] = [
    heading(2, `Draft ${r.draft.id} (${r.draft.version}) from ${r.base.id} (${r.base.version})`),
    table(['', ''], summaryRows(r)),
    heading(3, 'Evaluation delta on reference nodes'),
    paragraph(
      "Each changed control before → after, on the installer's default node and on a node configured as the " +
        'control asks, as the components read their settings (effective) and as kube-bench would report it.',
    ),
  ];
  // Every row when the draft is small enough to read them all, else the rows whose status changes.
  const rows = r.evaluation.length <= 40 ? r.evaluation : changedRows(r.evaluation);
  out.push(
    rows.length ? evaluationTable(rows, false) : paragraph('No changed control changes status on a reference node.'),
  );
  const introduced = r.findings.flatMap((f) => f.introduced.map((x) => findingItem(x, f.release)));
  out.push(heading(3, `Findings the draft introduced (${introduced.length})`));
  out.push(introduced.length ? list(introduced) : paragraph('None.'));
  const remaining = r.findings.flatMap((f) => f.remaining.map((x) => findingItem(x, f.release)));
  out.push(
    ...details(`Findings that remain (${remaining.length})`, remaining.length ? list(remaining) : paragraph('None.')),
  );
  return serialize(out);
}

/** Everything behind the description: every evaluated row with its reason, every finding, the diff. */
export function detailsMarkdown(r: Review): string {
  const resolved = r.findings.flatMap((f) => f.resolved.map((x) => findingItem(x, f.release)));
  const out: RootContent[] = [
    heading(2, `Review details: ${r.base.id} → ${r.draft.id}`),
    heading(3, 'Every changed control on every reference node'),
    r.evaluation.length ? evaluationTable(r.evaluation, true) : paragraph('No control changed.'),
    heading(3, `Findings resolved (${resolved.length})`),
    resolved.length ? list(resolved) : paragraph('None.'),
  ];
  return `${serialize(out)}\n${diffMarkdown(r.diff)}`;
}

/** The short summary for a terminal; `width` wraps it (undefined: no wrapping). */
export function reviewText(r: Review, width?: number): string {
  const lines = [
    ...hanging('', `${r.base.id} → ${r.draft.id}`, width),
    ...summaryRows(r).flatMap(([k, v]) => hanging(`  ${k}: `, String(v), width)),
  ];
  const changed = changedRows(r.evaluation);
  if (changed.length) {
    lines.push('', 'evaluation delta (effective | kube-bench):');
    // Columns as wide as their widest cell: `1.2.3 (removed)` and long node names stay aligned.
    const rows = changed.map((row) => [
      `  ${controlOf(row)}`,
      row.nodeName,
      arrow(row.semantics.effective),
      '|',
      arrow(row.semantics['kube-bench']),
    ]);
    lines.push(...columns(rows, [], ' ', width));
  }
  const introduced = r.findings.flatMap((f) =>
    f.introduced.flatMap((x) =>
      hanging(`  ${x.controlId} `, `${x.category} (${x.ruleId}, ${f.release}): ${x.message}`, width),
    ),
  );
  lines.push('', `findings introduced: ${r.findings.reduce((n, f) => n + f.introduced.length, 0)}`, ...introduced);
  return `${lines.join('\n')}\n`;
}
