// Lineage for a terminal, a markdown page and machines.
import type { RootContent } from 'mdast';
import { idRuns, type Lineage, type LineageTable } from '../diff/lineage.js';
import { code, heading, list, paragraph, serialize, table } from './markdown.js';

function span(from: string, to: string): string {
  return from === to ? from : `${from} … ${to}`;
}

/** "2.1.10 (cis-1.4) → 4.2.10 (cis-1.5 … cis-1.24)": the chain a reviewer quotes. */
export function chainText(l: Lineage): string {
  return idRuns(l)
    .map((r) => `${r.id} (${span(r.from, r.to)})`)
    .join(' → ');
}

function ending(l: Lineage, t: LineageTable): string {
  const first = l.steps[0];
  const last = l.steps[l.steps.length - 1];
  const newest = t.versions[t.versions.length - 1];
  const origin = l.splitFrom
    ? ` (split from ${l.splitFrom.benchmark}:${l.splitFrom.id})`
    : first.benchmark === t.versions[0].id
      ? ' (the oldest version)'
      : '';
  const start = `first in ${first.benchmark}${origin}`;
  const end = l.removedIn
    ? `last in ${last.benchmark}, removed in ` +
      `${l.removedIn}${l.mergedInto ? ` (merged into ${l.mergedInto.benchmark}:${l.mergedInto.id})` : ''}`
    : last.benchmark === newest.id
      ? `still in ${newest.id}, the newest version`
      : `last in ${last.benchmark}`;
  return `${start}; ${end}`;
}

function weakSteps(l: Lineage): string[] {
  return l.steps
    .filter((s) => s.match && s.match.confidence !== 'high')
    .map((s) => `${s.benchmark}:${s.id} matched by ${s.match!.reason} (${s.match!.confidence}): ${s.match!.why}`);
}

export function lineageText(query: string, title: string, l: Lineage, t: LineageTable): string {
  const lines = [`${query}  ${title}`];
  for (const r of idRuns(l)) lines.push(`  ${r.id.padEnd(9)} ${span(r.from, r.to)}`);
  lines.push(ending(l, t));
  for (const w of weakSteps(l)) lines.push(`  note: ${w}`);
  return lines.join('\n') + '\n';
}

export function lineageMarkdown(query: string, l: Lineage, t: LineageTable): string {
  const out: RootContent[] = [
    heading(2, 'Lineage of ', code(query)),
    table(
      ['id', 'versions', 'matched by'],
      idRuns(l).map((r) => {
        const m = r.steps[0].match;
        return [code(r.id), span(r.from, r.to), m ? `${m.reason} (${m.confidence})` : ''];
      }),
    ),
    paragraph(ending(l, t) + '.'),
  ];
  const weak = weakSteps(l);
  if (weak.length) out.push(list(weak.map((w) => [w])));
  return serialize(out);
}

/** One row per lineage, one column per version: the id the control had there. */
function grid(t: LineageTable): string[][] {
  const col = new Map(t.versions.map((v, i) => [v.id, i]));
  return t.lineages.map((l) => {
    const row = t.versions.map(() => '');
    for (const s of l.steps) row[col.get(s.benchmark)!] = s.id;
    return row;
  });
}

export function lineageTableText(t: LineageTable): string {
  const rows = [t.versions.map((v) => v.id), ...grid(t).map((r) => r.map((c) => c || '-'))];
  const widths = t.versions.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function lineageTableMarkdown(t: LineageTable): string {
  return serialize([
    heading(2, 'Control lineage'),
    paragraph(
      `${t.lineages.length} controls across ${t.versions.length} benchmark versions, oldest first ` +
        `by the Kubernetes releases they target. An empty cell: the control is not in that version.`,
    ),
    table(
      t.versions.map((v) => v.id),
      grid(t),
    ),
  ]);
}
