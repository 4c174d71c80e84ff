// The matrix as text (aligned columns, one per release) and markdown; JSON is one row per checked pair.
import type { RootContent } from 'mdast';
import type { Matrix } from '../report/matrix.js';
import type { Category } from '../rules/types.js';
import { heading, paragraph, serialize, strong, table, type Inline } from './markdown.js';
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

/**
 * The matrix for a terminal: names left-aligned, counts right-aligned (the marker column included)
 * so digits line up. With `width`, the legend wraps and the release columns are split into blocks
 * that fit, each block repeating the benchmark column (a table is never folded mid-row).
 */
export function matrixText(m: Matrix, width?: number): string {
  const body = shown(m).map((r) => [
    r.benchmark.id,
    r.benchmark.version,
    ...r.cells.map((c) => `${c.report ? c.report.findings.length : '·'}${c.targeted ? '*' : ' '}`),
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
  const lines = legend(m, '* marks').flatMap((l) => hanging('', l, width));
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
  return lines.join('\n') + '\n';
}

export function matrixMarkdown(m: Matrix): string {
  const rows: Inline[][] = shown(m).map((r) => [
    r.benchmark.id,
    ...r.cells.map((c): Inline => {
      const n = c.report ? String(c.report.findings.length) : '·';
      return c.targeted ? strong(n) : n;
    }),
  ]);
  const doc: RootContent[] = [
    heading(2, 'Stale controls per benchmark and Kubernetes release'),
    ...legend(m, 'Bold marks').map((l) => paragraph(l)),
    table(['benchmark', ...m.releases], rows, [null, ...m.releases.map(() => 'right' as const)]),
  ];
  return serialize(doc);
}

export function matrixJson(m: Matrix): string {
  const rows: Array<{
    benchmark: string;
    release: string;
    targeted: boolean;
    findings: number;
    byCategory: Record<Category, number>;
  }> = [];
  for (const r of m.rows)
    for (const c of r.cells)
      if (c.report)
        rows.push({
          benchmark: r.benchmark.id,
          release: c.release,
          targeted: c.targeted,
          findings: c.report.findings.length,
          byCategory: c.report.summary.byCategory,
        });
  return JSON.stringify(rows, null, 2) + '\n';
}
