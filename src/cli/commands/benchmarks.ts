// import, validate, list, show: the benchmark-model commands.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportResult } from '../../ingest/kube-bench/import.js';
import type { Benchmark, Control } from '../../model/benchmark.js';
import { InputError, formatProblem, inputError, type Problem } from '../../model/problem.js';
import type { Io } from '../io.js';
import { loadBenchmarkRef } from '../load.js';
import { formatHelp, formatOf } from '../options.js';

function summary(r: ImportResult): string {
  const s = r.stats;
  const kinds = Object.entries(s.bySubject)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const known = s.automatedChecks ? (100 * (s.automatedChecks - s.automatedUnknown)) / s.automatedChecks : 100;
  const warnings = r.problems.filter((p) => p.severity === 'warning').length;
  const classified = `${known.toFixed(1)}% of automated checks classified`;
  const checks = `${s.controls} controls, ${s.checks} checks (${kinds || 'none'})`;
  return `${r.benchmark.id}: ${checks}; ${classified}; ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export function registerBenchmarkCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');

  const importCommand = program.command('import').description('import benchmarks from another format');
  // docker-bench writes kube-bench's format with its own words: either command reads both, by folder.
  const formats = [
    [
      'kube-bench',
      "convert a kube-bench benchmark folder (cfg/<benchmark>) or a whole cfg/ root to benchwright's YAML",
    ],
    [
      'docker-bench',
      "convert a docker-bench benchmark folder (cfg/<benchmark>, the CIS Docker Benchmark) or a whole cfg/ root to benchwright's YAML",
    ],
  ] as const;
  for (const [format, what] of formats)
    importCommand
      .command(`${format} <path>`)
      .description(what)
      .option('--out <file>', 'write the one benchmark to FILE')
      .option('--out-dir <dir>', 'write each benchmark to DIR/<id>.yaml')
      .option('--facts-only', 'drop titles, audit and remediation text (titles are generated from the checks)')
      .option('--quiet', 'do not list warnings')
      .action(async (path: string, opts: { out?: string; outDir?: string; factsOnly?: boolean; quiet?: boolean }) => {
        const abs = resolve(io.cwd, path);
        if (!existsSync(abs))
          throw inputError(path, `no such folder, expected a ${format} benchmark folder or cfg/ root`);
        if (!statSync(abs).isDirectory())
          throw inputError(path, `not a folder, expected a ${format} benchmark folder or cfg/ root`);
        const [
          { isKubeBenchFolder, kubeBenchFolders, readKubeBenchFolder },
          { isDockerBenchFolder, readDockerBenchFolder },
          { serializeBenchmark },
          { writeFileAtomic },
        ] = await Promise.all([
          import('../../ingest/kube-bench/read.js'),
          import('../../ingest/docker-bench/read.js'),
          import('../../ingest/native.js'),
          import('../write.js'),
        ]);
        const folders = isKubeBenchFolder(abs) ? [abs] : kubeBenchFolders(abs);
        if (!folders.length)
          throw inputError(
            path,
            `no benchmark here, expected a ${format} benchmark folder (*.yaml with groups) or a cfg/ root of such folders`,
          );
        if (opts.out && folders.length > 1)
          throw inputError(path, `holds ${folders.length} benchmarks, expected --out-dir DIR rather than --out FILE`);
        // Each benchmark is turned into its text as soon as it is read, so the whole cfg/ root is
        // never held as objects at once (less for the garbage collector); nothing is written or
        // printed unless every folder reads without error.
        const schemaRef = opts.out || opts.outDir ? '../schema/benchmark.schema.json' : undefined;
        const done: Array<{ id: string; summary: string; problems: Problem[]; text: string }> = [];
        const errors: Problem[] = [];
        for (const f of folders) {
          const r = isDockerBenchFolder(f)
            ? readDockerBenchFolder(f, { factsOnly: opts.factsOnly })
            : readKubeBenchFolder(f, { factsOnly: opts.factsOnly });
          errors.push(...r.problems.filter((p) => p.severity === 'error'));
          if (errors.length) continue;
          const text = serializeBenchmark(r.benchmark, schemaRef);
          done.push({ id: r.benchmark.id, summary: summary(r), problems: r.problems, text });
        }
        if (errors.length) throw new InputError(errors);
        for (const r of done) {
          if (!opts.quiet)
            for (const p of r.problems) err(formatProblem({ ...p, file: relative(io.cwd, p.file) || p.file }));
          out(r.summary);
          if (opts.out) writeFileAtomic(resolve(io.cwd, opts.out), r.text);
          else if (opts.outDir) writeFileAtomic(join(resolve(io.cwd, opts.outDir), `${r.id}.yaml`), r.text);
          else if (folders.length === 1) out(r.text);
        }
      });

  program
    .command('validate <file...>')
    .description('check benchmark YAML files against the schema; one line per problem')
    .action(async (files: string[]) => {
      const { loadBenchmarkFile } = await import('../../ingest/load.js');
      const problems: Problem[] = [];
      for (const f of files) {
        try {
          const r = loadBenchmarkFile(resolve(io.cwd, f));
          out(`${f}: ok (${count(r.benchmark)} controls)`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          problems.push(...e.problems.map((p) => ({ ...p, file: f })));
        }
      }
      if (problems.length) throw new InputError(problems);
    });

  program
    .command('list')
    .description('list the shipped benchmarks and the Kubernetes releases each targets, in release order')
    .option('--format <format>', formatHelp(['text', 'json']), 'text')
    .action(async (opts: { format: string }) => {
      const format = formatOf(opts.format, ['text', 'json']);
      const [{ shippedIds }, { orderBenchmarks }] = await Promise.all([
        import('../../ingest/shipped-ids.js'),
        import('../../diff/order.js'),
      ]);
      // In the order of the Kubernetes releases they target, as diff and lineage read them.
      const loaded = await Promise.all(shippedIds().map((id) => loadBenchmarkRef(id, io.cwd)));
      const rows = orderBenchmarks(loaded.map((l) => l.benchmark));
      if (format === 'json') {
        const json = rows.map((b) => ({
          id: b.id,
          version: b.version,
          variant: b.variant,
          kubernetes: b.kubernetes,
          ...(b.docker ? { docker: b.docker } : {}),
          controls: count(b),
        }));
        return out(JSON.stringify(json, null, 2));
      }
      for (const b of rows) {
        const controls = `${String(count(b)).padStart(4)} controls`;
        const targets = b.docker ? `Docker ${b.docker.join(', ')}` : `Kubernetes ${b.kubernetes.join(', ') || '?'}`;
        out(`${b.id.padEnd(10)} CIS ${b.version.padEnd(7)} ${controls}  ${targets}`);
      }
    });

  program
    .command('show <benchmark>')
    .description('show a benchmark, or one control, with what each check reads')
    .option('--control <id>', 'only this control (an id such as 2.1.10)')
    .option('--format <format>', formatHelp(['text', 'json']), 'text')
    .action(async (ref: string, opts: { control?: string; format: string }) => {
      const format = formatOf(opts.format, ['text', 'json']);
      const { benchmark } = await loadBenchmarkRef(ref, io.cwd);
      const { subjectLabel } = await import('../../model/subject.js');
      const controlText = (c: Control): string => {
        // CIS's label and what the scanner does are two facts: cis-1.7 5.2.3 is Automated, kube-bench's manual.
        const about = [
          `CIS: ${c.assessment ?? 'not labelled'}`,
          ...(c.automation ? [`scanner: ${c.automation}`] : []),
          ...(c.scored ? ['scored'] : []),
        ];
        const lines = [`${c.id} ${c.title} (${about.join(', ')})`];
        for (const k of c.checks)
          lines.push(
            `  ${k.subjects.map(subjectLabel).join(' | ')} ${k.op}${k.value !== undefined ? ' ' + k.value : ''}`,
          );
        if (c.checks.length > 1) lines.push(`  (${c.combine === 'any' ? 'any check passes' : 'all checks must pass'})`);
        return lines.join('\n');
      };
      if (opts.control !== undefined) {
        const hit = benchmark.sections
          .flatMap((s) => s.controls.map((c) => ({ c, s })))
          .find(({ c }) => c.id === opts.control);
        if (!hit) {
          const example = benchmark.sections[0]?.controls[0]?.id ?? '1.1.1';
          throw inputError(ref, `no control ${opts.control} in ${benchmark.id}, expected an id such as ${example}`);
        }
        if (format === 'json') {
          const json = {
            benchmark: { id: benchmark.id, version: benchmark.version },
            section: hit.s.id,
            target: hit.s.target,
            ...hit.c,
          };
          return out(JSON.stringify(json, null, 2));
        }
        return out(controlText(hit.c));
      }
      if (format === 'json') return out(JSON.stringify(benchmark, null, 2));
      const targets = benchmark.docker
        ? `Docker ${benchmark.docker.join(', ')}`
        : `Kubernetes ${benchmark.kubernetes.join(', ')}`;
      out(`${benchmark.title} (${benchmark.id}), ${targets}`);
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
