// The matrix as text (aligned columns, one per release) and markdown; JSON is one row per checked pair.
import type { RootContent } from 'mdast';
import type { Matrix } from '../report/matrix.js';
import type { Category } from '../rules/types.js';
import { jsonOutput } from './json.js';
import { heading, paragraph, serialize, strong, table, type Inline } from './markdown.js';

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

export function matrixText(m: Matrix): string {
  const head = ['benchmark', 'CIS', ...m.releases];
  const body = shown(m).map((r) => [
    r.benchmark.id,
    r.benchmark.version,
    ...r.cells.map((c) => `${c.report ? c.report.findings.length : '·'}${c.targeted ? '*' : ' '}`),
  ]);
  const header = head.map((h, i) => (i < 2 ? h : `${h} `));
  const width = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  // Names left-aligned, counts right-aligned (the marker column included) so digits line up.
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(width[i]) : c.padStart(width[i])))
      .join(' ')
      .trimEnd();
  return [...legend(m, '* marks'), '', line(header), ...body.map(line)].join('\n') + '\n';
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
  return jsonOutput('matrix', { releases: m.releases, rows });
}
