// A benchmark on many nodes: one summary row per node and the controls whose status differs
// between them (a node that drifted from the rest, a release that changed a default). Pure:
// the per-node reports in, the fleet view out; rendering beside it.
import type { Status } from '../model/case.js';
import type { Benchmark } from '../model/benchmark.js';
import { compareIds } from '../model/ids.js';
import type { EvaluationReport } from './result.js';

export interface FleetNode {
  readonly name: string;
  readonly release: string;
  readonly summary: Readonly<Record<Status, number>>;
  /** How many problems reading the bundle left (each control they touch says so in the node's own report). */
  readonly warnings: number;
}

export interface FleetDifference {
  readonly controlId: string;
  /** Per node, in the order the nodes were given. */
  readonly statuses: readonly Status[];
}

export interface FleetReport {
  readonly benchmark: { readonly id: string; readonly version: string };
  readonly semantics: EvaluationReport['semantics'];
  readonly nodes: readonly FleetNode[];
  readonly differ: readonly FleetDifference[];
}

export function fleetOf(reports: readonly EvaluationReport[]): FleetReport {
  const ids = new Set<string>();
  const byNode = reports.map((r) => new Map(r.results.map((x) => [x.controlId, x.status])));
  for (const r of reports) for (const x of r.results) ids.add(x.controlId);
  const differ: FleetDifference[] = [];
  for (const id of [...ids].sort(compareIds)) {
    // A control a node does not have (another release's benchmark) counts as INFO: not applicable.
    const statuses = byNode.map((m) => m.get(id) ?? 'INFO');
    if (new Set(statuses).size > 1) differ.push({ controlId: id, statuses });
  }
  return {
    benchmark: reports[0].benchmark,
    semantics: reports[0].semantics,
    nodes: reports.map((r) => ({
      name: r.node.name,
      release: r.node.release,
      summary: r.summary,
      warnings: r.warnings?.length ?? 0,
    })),
    differ,
  };
}

const statuses: readonly Status[] = ['PASS', 'FAIL', 'WARN', 'INFO'];

/** `FAIL: a, b; PASS: c` — the nodes grouped by status, most frequent last so the odd ones stand out. */
function grouped(f: FleetReport, d: FleetDifference): string {
  const groups = statuses
    .map((s) => ({ s, nodes: f.nodes.filter((_, i) => d.statuses[i] === s).map((n) => n.name) }))
    .filter((g) => g.nodes.length)
    .sort((a, b) => a.nodes.length - b.nodes.length || statuses.indexOf(a.s) - statuses.indexOf(b.s));
  return groups.map((g) => `${g.s}: ${g.nodes.join(', ')}`).join('; ');
}

function heading(f: FleetReport): string {
  return `${f.benchmark.id} ${f.benchmark.version} on ${f.nodes.length} nodes, ${f.semantics} semantics`;
}

export function fleetJson(f: FleetReport): string {
  return `${JSON.stringify(
    {
      ...f,
      differ: f.differ.map((d) => ({
        controlId: d.controlId,
        statuses: Object.fromEntries(f.nodes.map((n, i) => [n.name, d.statuses[i]])),
      })),
    },
    null,
    2,
  )}\n`;
}

export function fleetText(f: FleetReport, benchmark: Benchmark): string {
  const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const w = Math.max(4, ...f.nodes.map((n) => n.name.length));
  const lines = [heading(f), `${'node'.padEnd(w)}  release  PASS  FAIL  WARN  INFO  warnings`];
  for (const n of f.nodes)
    lines.push(
      `${n.name.padEnd(w)}  ${n.release.padEnd(7)}  ${statuses.map((s) => String(n.summary[s]).padStart(4)).join('  ')}  ${String(n.warnings).padStart(8)}`,
    );
  lines.push('');
  if (!f.differ.length) lines.push('every control has the same status on every node');
  else {
    lines.push(`controls whose status differs between nodes (${f.differ.length}):`);
    const iw = Math.max(...f.differ.map((d) => d.controlId.length));
    for (const d of f.differ)
      lines.push(`${d.controlId.padEnd(iw)}  ${grouped(f, d)}  (${titles.get(d.controlId) ?? ''})`);
  }
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function fleetMarkdown(f: FleetReport, benchmark: Benchmark): string {
  const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const out = [`# ${heading(f)}`, '', '| Node | Release | PASS | FAIL | WARN | INFO | Warnings |'];
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const n of f.nodes)
    out.push(`| ${cell(n.name)} | ${n.release} | ${statuses.map((s) => n.summary[s]).join(' | ')} | ${n.warnings} |`);
  out.push('', '## Controls whose status differs between nodes', '');
  if (!f.differ.length) out.push('Every control has the same status on every node.');
  else {
    out.push('| Control | Title | Statuses |', '| --- | --- | --- |');
    for (const d of f.differ)
      out.push(`| ${d.controlId} | ${cell(titles.get(d.controlId) ?? '')} | ${cell(grouped(f, d))} |`);
  }
  return `${out.join('\n')}\n`;
}
