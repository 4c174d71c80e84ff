// The matrix as text (aligned columns, one per release) and markdown; JSON is one row per checked pair.
import type { RootContent } from 'mdast';
import type { MatrixSince, SinceDelta } from '../diff/since.js';
import type { Matrix } from '../report/matrix.js';
import type { Category } from '../rules/types.js';
import { jsonOutput } from './json.js';
import { heading, paragraph, serialize, strong, table, type Inline } from './markdown.js';
import { sinceMarkdown, sinceText } from './since.js';
import { columns, hanging, visibleLength } from './wrap.js';

function legend(m: Matrix, marker: string): string[] {
  const who = m.installer ? `, installed with ${m.installer}` : '';
  const skipped = m.scope === 'targeted' ? '; · not checked (--all checks every pair)' : '';
  const lines = [
    `Findings per benchmark and Kubernetes release${who}. ${marker} a release the benchmark targets${skipped}.`,
  ];
  const off = hidden(m);
  if (off.length) {
    const ids = off.map((r) => `${r.benchmark.id} (${r.benchmark.kubernetes.join(', ') || 'none named'})`);
    lines.push(`Not shown, targeting no release in the columns: ${ids.join(', ')}.`);
  }
  return lines;
}

/** With --targeted, a benchmark none of whose releases is a column has nothing to show. */
const hidden = (m: Matrix) => (m.scope === 'targeted' ? m.rows.filter((r) => !r.cells.some((c) => c.report)) : []);
const shown = (m: Matrix) => m.rows.filter((r) => !hidden(m).includes(r));

/** `27 (+3 -3)`: a cell's count, and with --since what appeared and went away since that release. */
const count = (n: number, d: SinceDelta | undefined): string =>
  d ? `${n} (+${d.appeared.length} -${d.resolved.length})` : String(n);

/** With --since: each cell that changed, its findings that appeared and went away with their causes. */
function sinceLines(m: Matrix, since: MatrixSince): string[] {
  const lines: string[] = [];
  for (const r of shown(m))
    for (const c of r.cells) {
      const d = since.deltas.get(r.benchmark.id)?.get(c.release);
      if (d && (d.appeared.length || d.resolved.length))
        lines.push('', `${r.benchmark.id} on ${c.release}, ${sinceText(d, c.release)}`);
    }
  return lines;
}

/**
 * The matrix for a terminal: names left-aligned, counts right-aligned (the marker column included)
 * so digits line up. With `width`, the legend wraps and the release columns are split into blocks
 * that fit, each block repeating the benchmark column (a table is never folded mid-row).
 */
export function matrixText(m: Matrix, since?: MatrixSince, width?: number): string {
  const body = shown(m).map((r) => [
    r.benchmark.id,
    r.benchmark.version,
    ...r.cells.map(
      (c) =>
        `${c.report ? count(c.report.findings.length, since?.deltas.get(r.benchmark.id)?.get(c.release)) : '·'}${c.targeted ? '*' : ' '}`,
    ),
  ]);
  const header = ['benchmark', 'CIS', ...m.releases.map((h) => `${h} `)];
  const table = [header, ...body];
  const w = header.map((_, i) => Math.max(...table.map((row) => visibleLength(row[i]))));
  const lead = w[0] + w[1] + 2;
  // Release columns per block: all of them unwrapped, else as many as fit beside the names.
  const blocks: number[][] = [];
  const releases = m.releases.map((_, i) => i + 2);
  if (width === undefined) blocks.push(releases);
  else
    for (const i of releases) {
      const cur = blocks[blocks.length - 1];
      const used = cur ? lead + cur.reduce((n, j) => n + w[j] + 1, 0) : Number.POSITIVE_INFINITY;
      if (used + w[i] + 1 > width && !(cur && cur.length === 0)) blocks.push([i]);
      else cur.push(i);
    }
  const sinceNote = since
    ? [
        `(+N -M): findings that appeared and went away since Kubernetes ${since.release}, listed below with their causes.`,
      ]
    : [];
  const lines = [...legend(m, '* marks'), ...sinceNote].flatMap((l) => hanging('', l, width));
  for (const cols of blocks) {
    const pick = [0, 1, ...cols];
    lines.push(
      '',
      ...columns(
        table.map((row) => pick.map((i) => row[i])),
        ['left', 'left', ...cols.map(() => 'right' as const)],
      ),
    );
  }
  if (since) lines.push(...sinceLines(m, since));
  return lines.join('\n') + '\n';
}

export function matrixMarkdown(m: Matrix, since?: MatrixSince): string {
  const rows: Inline[][] = shown(m).map((r) => [
    r.benchmark.id,
    ...r.cells.map((c): Inline => {
      const n = c.report ? count(c.report.findings.length, since?.deltas.get(r.benchmark.id)?.get(c.release)) : '·';
      return c.targeted ? strong(n) : n;
    }),
  ]);
  const doc: RootContent[] = [
    heading(2, 'Stale controls per benchmark and Kubernetes release'),
    ...legend(m, 'Bold marks').map((l) => paragraph(l)),
    ...(since
      ? [paragraph(`(+N -M): findings that appeared and went away since Kubernetes ${since.release}, listed below.`)]
      : []),
    table(['benchmark', ...m.releases], rows, [null, ...m.releases.map(() => 'right' as const)]),
  ];
  if (since)
    for (const r of shown(m))
      for (const c of r.cells) {
        const d = since.deltas.get(r.benchmark.id)?.get(c.release);
        if (!d || (!d.appeared.length && !d.resolved.length)) continue;
        const [head, ...rest] = sinceMarkdown(d, c.release, 3);
        doc.push(
          heading(3, `${r.benchmark.id} on ${c.release}: `, ...((head as { children: Inline[] }).children ?? [])),
          ...rest,
        );
      }
  return serialize(doc);
}

export function matrixJson(m: Matrix, since?: MatrixSince): string {
  const rows: Array<{
    benchmark: string;
    release: string;
    targeted: boolean;
    findings: number;
    byCategory: Record<Category, number>;
    since?: SinceDelta;
  }> = [];
  for (const r of m.rows)
    for (const c of r.cells)
      if (c.report) {
        const d = since?.deltas.get(r.benchmark.id)?.get(c.release);
        rows.push({
          benchmark: r.benchmark.id,
          release: c.release,
          targeted: c.targeted,
          findings: c.report.findings.length,
          byCategory: c.report.summary.byCategory,
          ...(d ? { since: d } : {}),
        });
      }
  return jsonOutput('matrix', { releases: m.releases, rows });
}
