// import, validate, list, show: the benchmark-model commands.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { subjectLabel } from '../../model/check.js';
import { InputError, formatProblem, inputError, type Problem } from '../../model/problem.js';
import { isKubeBenchFolder, kubeBenchFolders, readKubeBenchFolder } from '../../ingest/kube-bench/read.js';
import { isDockerBenchFolder, readDockerBenchFolder } from '../../ingest/docker-bench/read.js';
import type { ImportResult } from '../../ingest/kube-bench/import.js';
import { loadBenchmark, loadBenchmarkFile, shippedIds } from '../../ingest/load.js';
import { serializeBenchmark } from '../../ingest/native.js';
import { orderBenchmarks } from '../../diff/order.js';
import { writeFileAtomic } from '../write.js';
import type { Io } from '../io.js';
import { relative } from 'node:path';

function summary(r: ImportResult): string {
  const s = r.stats;
  const kinds = Object.entries(s.bySubject)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const known = s.automatedChecks ? (100 * (s.automatedChecks - s.automatedUnknown)) / s.automatedChecks : 100;
  const warnings = r.problems.filter((p) => p.severity === 'warning').length;
  return `${r.benchmark.id}: ${s.controls} controls, ${s.checks} checks (${kinds || 'none'}); ${known.toFixed(1)}% of automated checks classified; ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export function registerBenchmarkCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');

  const importCommand = program.command('import').description('import benchmarks from another format');
  // docker-bench writes kube-bench's format with its own words: either command reads both, by folder.
  for (const [format, what] of [
    [
      'kube-bench',
      "convert a kube-bench benchmark folder (cfg/<benchmark>) or a whole cfg/ root to benchwright's YAML",
    ],
    [
      'docker-bench',
      "convert a docker-bench benchmark folder (cfg/<benchmark>, the CIS Docker Benchmark) or a whole cfg/ root to benchwright's YAML",
    ],
  ] as const)
    importCommand
      .command(`${format} <path>`)
      .description(what)
      .option('--out <file>', 'write the one benchmark to FILE')
      .option('--out-dir <dir>', 'write each benchmark to DIR/<id>.yaml')
      .option('--facts-only', 'drop titles, audit and remediation text (titles are generated from the checks)')
      .option('--quiet', 'do not list warnings')
      .action((path: string, opts: { out?: string; outDir?: string; factsOnly?: boolean; quiet?: boolean }) => {
        const abs = resolve(io.cwd, path);
        if (!existsSync(abs))
          throw inputError(path, `no such folder, expected a ${format} benchmark folder or cfg/ root`);
        if (!statSync(abs).isDirectory())
          throw inputError(path, `not a folder, expected a ${format} benchmark folder or cfg/ root`);
        const folders = isKubeBenchFolder(abs) ? [abs] : kubeBenchFolders(abs);
        if (!folders.length)
          throw inputError(
            path,
            `no benchmark here, expected a ${format} benchmark folder (*.yaml with groups) or a cfg/ root of such folders`,
          );
        if (opts.out && folders.length > 1)
          throw inputError(path, `holds ${folders.length} benchmarks, expected --out-dir DIR rather than --out FILE`);
        const results = folders.map((f) =>
          isDockerBenchFolder(f)
            ? readDockerBenchFolder(f, { factsOnly: opts.factsOnly })
            : readKubeBenchFolder(f, { factsOnly: opts.factsOnly }),
        );
        const errors = results.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
        if (errors.length) throw new InputError(errors);
        for (const r of results) {
          if (!opts.quiet)
            for (const p of r.problems) err(formatProblem({ ...p, file: relative(io.cwd, p.file) || p.file }));
          out(summary(r));
          const text = serializeBenchmark(
            r.benchmark,
            opts.out || opts.outDir ? '../schema/benchmark.schema.json' : undefined,
          );
          if (opts.out) writeFileAtomic(resolve(io.cwd, opts.out), text);
          else if (opts.outDir) writeFileAtomic(join(resolve(io.cwd, opts.outDir), `${r.benchmark.id}.yaml`), text);
          else if (folders.length === 1) out(text);
        }
      });

  program
    .command('validate <file...>')
    .description('check benchmark YAML files against the schema; one line per problem')
    .action((files: string[]) => {
      const problems: Problem[] = [];
      for (const f of files) {
        try {
          const r = loadBenchmarkFile(resolve(io.cwd, f));
          out(`${f}: ok (${r.benchmark.sections.reduce((n, s) => n + s.controls.length, 0)} controls)`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          problems.push(...e.problems.map((p) => ({ ...p, file: f })));
        }
      }
      if (problems.length) throw new InputError(problems);
    });

  program
    .command('list')
    .description('list the shipped benchmarks and the Kubernetes releases each targets')
    .option('--format <format>', 'text or json', 'text')
    .action((opts: { format: string }) => {
      // In the order of the Kubernetes releases they target, as diff and lineage read them.
      const rows = orderBenchmarks(shippedIds().map((id) => loadBenchmark(id).benchmark));
      if (opts.format === 'json') {
        out(
          JSON.stringify(
            rows.map((b) => ({
              id: b.id,
              version: b.version,
              variant: b.variant,
              kubernetes: b.kubernetes,
              ...(b.docker ? { docker: b.docker } : {}),
              controls: count(b),
            })),
            null,
            2,
          ),
        );
        return;
      }
      for (const b of rows)
        out(
          `${b.id.padEnd(10)} CIS ${b.version.padEnd(7)} ${String(count(b)).padStart(4)} controls  ${b.docker ? `Docker ${b.docker.join(', ')}` : `Kubernetes ${b.kubernetes.join(', ') || '?'}`}`,
        );
    });

  program
    .command('show <benchmark>')
    .description('show a benchmark, or one control, with what each check reads')
    .option('--control <id>', 'only this control')
    .option('--format <format>', 'text or json', 'text')
    .action((ref: string, opts: { control?: string; format: string }) => {
      const { benchmark } = loadBenchmark(ref, io.cwd);
      if (opts.control !== undefined) {
        const hit = benchmark.sections
          .flatMap((s) => s.controls.map((c) => ({ c, s })))
          .find(({ c }) => c.id === opts.control);
        if (!hit)
          throw inputError(
            ref,
            `no control ${opts.control} in ${benchmark.id}, expected an id such as ${benchmark.sections[0]?.controls[0]?.id ?? '1.1.1'}`,
          );
        if (opts.format === 'json')
          return out(
            JSON.stringify(
              {
                benchmark: { id: benchmark.id, version: benchmark.version },
                section: hit.s.id,
                target: hit.s.target,
                ...hit.c,
              },
              null,
              2,
            ),
          );
        return out(controlText(hit.c));
      }
      if (opts.format === 'json') return out(JSON.stringify(benchmark, null, 2));
      out(
        `${benchmark.title} (${benchmark.id}), ${benchmark.docker ? `Docker ${benchmark.docker.join(', ')}` : `Kubernetes ${benchmark.kubernetes.join(', ')}`}`,
      );
      for (const s of benchmark.sections) {
        out(`\n${s.id} ${s.title} [${s.target}]`);
        for (const c of s.controls)
          out(
            controlText(c)
              .split('\n')
              .map((l) => '  ' + l)
              .join('\n'),
          );
      }
    });
}

function count(b: Benchmark): number {
  return b.sections.reduce((n, s) => n + s.controls.length, 0);
}

function controlText(c: Benchmark['sections'][number]['controls'][number]): string {
  const lines = [`${c.id} ${c.title} (${c.assessment}${c.scored ? ', scored' : ''})`];
  for (const k of c.checks)
    lines.push(`  ${k.subjects.map(subjectLabel).join(' | ')} ${k.op}${k.value !== undefined ? ' ' + k.value : ''}`);
  if (c.checks.length > 1) lines.push(`  (${c.combine === 'any' ? 'any check passes' : 'all checks must pass'})`);
  return lines.join('\n');
}
