// check and matrix: stale controls of a benchmark against releases and an installer.
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { pathType, readInput } from '../../io/read.js';
import { inputError } from '../../model/problem.js';
import { compareVersions } from '../../model/ids.js';
import { loadBenchmark, shippedIds } from '../../ingest/load.js';
import { loadRelease, shippedReleases } from '../../k8s/load.js';
import { checkBenchmark, installerProfile, type CheckReport } from '../../rules/check.js';
import { readKnowledge } from '../../rules/knowledge.js';
import { rules } from '../../rules/index.js';
import { categories, type Category } from '../../rules/types.js';
import { useColor, type Io } from '../io.js';

/** Line of each `id:` in a benchmark file, read once, for SARIF locations. */
function controlLines(file: string): (id: string) => number {
  const lines = new Map<string, number>();
  if (pathType(file) === 'file') {
    readInput(file, { kind: 'benchmark' })
      .split('\n')
      .forEach((l, i) => {
        const m = l.match(/^\s*-?\s*id:\s*["']?([^"'\s]+)["']?\s*$/);
        if (m && !lines.has(m[1])) lines.set(m[1], i + 1);
      });
  }
  return (id) => lines.get(id) ?? 1;
}

/** Load a benchmark and check it against releases (default: the ones it targets). */
export function checkReports(
  ref: string,
  releases: string[] | undefined,
  installer: string | undefined,
  cwd: string,
): { benchmark: Benchmark; file: string; reports: CheckReport[] } {
  const { benchmark, file } = loadBenchmark(ref, cwd);
  const knowledge = readKnowledge();
  if (installer && !knowledge.installers[installer])
    throw inputError(
      '--installer',
      `unknown installer '${installer}', expected one of ${Object.keys(knowledge.installers).join(', ')}`,
    );
  const shipped = shippedReleases();
  const targets = releases ?? benchmark.kubernetes.filter((k) => shipped.includes(k));
  if (!targets.length)
    throw inputError(
      ref,
      `targets Kubernetes ${benchmark.kubernetes.join(', ') || '(none)'}, none of which is shipped; expected --release VERSION`,
    );
  const history = shipped.map((r) => loadRelease(r));
  const reports = targets.map((t) => {
    const release = loadRelease(t, cwd);
    const hist = history.some((h) => h.release === release.release)
      ? history
      : [...history, release].sort((a, b) => compareVersions(a.release, b.release));
    return checkBenchmark(
      benchmark,
      release,
      hist,
      knowledge,
      installer ? installerProfile(installer, release, knowledge) : undefined,
    );
  });
  return { benchmark, file, reports };
}

export function registerCheckCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');

  const parseFailOn = (v: string | undefined): Category[] => {
    if (!v) return [];
    const xs = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const x of xs)
      if (!categories.includes(x as Category))
        throw inputError('--fail-on', `unknown category '${x}', expected one of ${categories.join(', ')}`);
    return xs as Category[];
  };

  program
    .command('check <benchmark>')
    .description('flag stale controls of a benchmark against a Kubernetes release (and an installer)')
    .option('--release <version...>', 'release(s) or snapshot file(s); default: the releases the benchmark targets')
    .option('--installer <name>', 'installer profile (kubeadm)')
    .option('--format <format>', 'text, json, sarif or markdown', 'text')
    .option('--fail-on <categories>', 'exit 1 when a finding of these categories (comma-separated) is found')
    .action((ref: string, o: { release?: string[]; installer?: string; format: string; failOn?: string }) => {
      const failOn = parseFailOn(o.failOn);
      if (!['text', 'json', 'sarif', 'markdown'].includes(o.format))
        throw inputError('--format', `unknown format '${o.format}', expected text, json, sarif or markdown`);
      const { benchmark, file, reports } = checkReports(ref, o.release, o.installer, io.cwd);
      const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
      const uri = relative(io.cwd, file) || file;
      if (o.format === 'json') out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
      else if (o.format === 'sarif') out(JSON.stringify(sarif(reports, uri, controlLines(file)), null, 2));
      else if (o.format === 'markdown') out(reports.map(markdown).join('\n'));
      else out(reports.map((r) => text(r, useColor(io), titles)).join('\n'));
      if (reports.some((r) => r.findings.some((f) => failOn.includes(f.category)))) io.exitCode = 1;
    });

  program
    .command('matrix')
    .description('findings per benchmark × release, by category')
    .option('--benchmarks <ids...>', 'benchmarks (default: every shipped one)')
    .option('--releases <range>', 'a range such as 1.13..1.34, or a comma list (default: every shipped release)')
    .option('--installer <name>', 'installer profile (kubeadm)')
    .option('--format <format>', 'text, markdown or json', 'text')
    .action((o: { benchmarks?: string[]; releases?: string; installer?: string; format: string }) => {
      const shipped = shippedReleases();
      let rels = shipped;
      if (o.releases) {
        const m = o.releases.match(/^(\d+\.\d+)\.\.(\d+\.\d+)$/);
        rels = m
          ? shipped.filter((r) => compareVersions(r, m[1]) >= 0 && compareVersions(r, m[2]) <= 0)
          : o.releases.split(',').map((s) => s.trim());
        for (const r of rels)
          if (!shipped.includes(r))
            throw inputError('--releases', `no shipped release ${r}, expected releases among ${shipped.join(', ')}`);
      }
      const knowledge = readKnowledge();
      const history = shipped.map((r) => loadRelease(r));
      const rows: Array<{
        benchmark: string;
        release: string;
        findings: number;
        byCategory: Record<Category, number>;
      }> = [];
      for (const id of o.benchmarks ?? shippedIds()) {
        const { benchmark } = loadBenchmark(id, io.cwd);
        for (const r of rels) {
          const release = history.find((h) => h.release === r)!;
          const rep = checkBenchmark(
            benchmark,
            release,
            history,
            knowledge,
            o.installer ? installerProfile(o.installer, release, knowledge) : undefined,
          );
          rows.push({
            benchmark: benchmark.id,
            release: r,
            findings: rep.findings.length,
            byCategory: rep.summary.byCategory,
          });
        }
      }
      if (o.format === 'json') return out(JSON.stringify(rows, null, 2));
      const sep = o.format === 'markdown' ? ' | ' : '  ';
      const head = ['benchmark', 'release', 'total', ...categories];
      if (o.format === 'markdown') out(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
      else out(head.join(sep));
      for (const r of rows) {
        const cells = [r.benchmark, r.release, String(r.findings), ...categories.map((c) => String(r.byCategory[c]))];
        out(o.format === 'markdown' ? `| ${cells.join(' | ')} |` : cells.join(sep));
      }
    });
}

function text(r: CheckReport, color: boolean, titles: ReadonlyMap<string, string>): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const cat = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const lines = [
    bold(
      `${r.benchmark.id} (CIS ${r.benchmark.version}) against Kubernetes ${r.release}${r.installer ? ` with ${r.installer}` : ''}: ${r.findings.length} findings on ${r.summary.affected} of ${r.summary.controls} controls`,
    ),
  ];
  let last = '';
  for (const f of r.findings) {
    if (f.controlId !== last) lines.push(`\n${bold(f.controlId)}  ${dim(titles.get(f.controlId) ?? '')}`.trimEnd());
    last = f.controlId;
    lines.push(`  ${cat(f.category.padEnd(21))} ${f.message}`);
    if (f.suggestion.proposal) lines.push(`  ${''.padEnd(21)} → ${f.suggestion.action}: ${f.suggestion.proposal}`);
    if (f.evidence.length) lines.push(`  ${''.padEnd(21)}   evidence: ${f.evidence.map((e) => e.ref).join(', ')}`);
  }
  lines.push(
    '',
    `by category: ${
      categories
        .filter((c) => r.summary.byCategory[c])
        .map((c) => `${c} ${r.summary.byCategory[c]}`)
        .join(', ') || 'none'
    }`,
  );
  return lines.join('\n');
}

function markdown(r: CheckReport): string {
  const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
  const lines = [
    `## ${esc(r.benchmark.id)} against Kubernetes ${r.release}${r.installer ? ` with ${r.installer}` : ''}`,
    '',
    '| control | category | finding | suggestion |',
    '|---|---|---|---|',
  ];
  for (const f of r.findings)
    lines.push(`| ${esc(f.controlId)} | ${f.category} | ${esc(f.message)} | ${f.suggestion.action} |`);
  return lines.join('\n') + '\n';
}

function sarif(reports: CheckReport[], uri: string, line: (id: string) => number): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: reports.map((r) => ({
      tool: {
        driver: {
          name: 'benchwright',
          informationUri: 'https://github.com/benchwright/benchwright',
          rules: rules.map((x) => ({
            id: x.id,
            name: x.id,
            shortDescription: { text: x.title },
            fullDescription: { text: x.rationale },
          })),
        },
      },
      automationDetails: { id: `${r.benchmark.id}/${r.release}${r.installer ? '/' + r.installer : ''}` },
      results: r.findings.map((f) => ({
        ruleId: f.ruleId,
        level: f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'note',
        message: { text: `${f.controlId} [${f.category}] ${f.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line(f.controlId) } } }],
        properties: { controlId: f.controlId, category: f.category, release: r.release },
      })),
    })),
  };
}
