// import, validate, list, show: the benchmark-model commands.
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { subjectLabel } from '../../model/check.js';
import { InputError, formatProblem, inputError, type Problem } from '../../model/problem.js';
import { isKubeBenchFolder, kubeBenchFolders, readKubeBenchFolder } from '../../ingest/kube-bench/read.js';
import type { ImportResult } from '../../ingest/kube-bench/import.js';
import { benchmarkIdOf } from '../../ingest/kube-bench/folders.js';
import { loadBenchmark, loadBenchmarkFile, shippedIds } from '../../ingest/load.js';
import { serializeBenchmark } from '../../ingest/native.js';
import { orderBenchmarks } from '../../diff/order.js';
import { inspect, pathType, typeName } from '../../io/read.js';
import { type FileToWrite, outputFile, outputFolder, writeFilesAtomic } from '../write.js';
import type { Io } from '../io.js';

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

  program
    .command('import')
    .description('import benchmarks from another format')
    .command('kube-bench <path>')
    .description("convert a kube-bench benchmark folder (cfg/<benchmark>) or a whole cfg/ root to benchwright's YAML")
    .option('--out <file>', 'write the one benchmark to FILE')
    .option('--out-dir <dir>', 'write each benchmark to DIR/<id>.yaml')
    .option('--facts-only', 'drop titles, audit and remediation text (titles are generated from the checks)')
    .option('--quiet', 'do not list warnings')
    .action((path: string, opts: { out?: string; outDir?: string; factsOnly?: boolean; quiet?: boolean }) => {
      const what = 'a kube-bench benchmark folder or cfg/ root';
      if (path.trim() === '') throw inputError('<path>', `empty, expected ${what}`);
      // Output targets are checked before anything is read, and nothing is written or printed
      // until every benchmark has been read and validated.
      const outFile =
        opts.out !== undefined ? outputFile(opts.out, '--out', io.cwd, 'a file for the benchmark') : undefined;
      const outDir =
        opts.outDir !== undefined && outFile === undefined
          ? outputFolder(opts.outDir, '--out-dir', io.cwd, 'a folder for the benchmarks')
          : undefined;
      const abs = resolve(io.cwd, path);
      const st = inspect(abs, { shownAs: path, what });
      if (!st.isDirectory()) throw inputError(path, `is ${typeName(st)}, expected ${what}`);
      const single = isKubeBenchFolder(abs, path);
      const folders = single ? [abs] : kubeBenchFolders(abs, path);
      if (!folders.length)
        throw inputError(
          path,
          'no benchmark here, expected a kube-bench benchmark folder (*.yaml with groups) or a cfg/ root of such folders',
        );
      if (outFile && folders.length > 1)
        throw inputError(path, `holds ${folders.length} benchmarks, expected --out-dir DIR rather than --out FILE`);
      // Each benchmark's file in --out-dir, checked before reading them all.
      for (const f of outDir ? folders : []) {
        const name = `${benchmarkIdOf(basename(resolve(f)))}.yaml`;
        const type = pathType(join(outDir!, name));
        if (type !== 'missing' && type !== 'file')
          throw inputError(
            join(opts.outDir!, name),
            `is ${type === 'folder' ? 'a folder' : 'not a regular file'}, expected a path for the benchmark`,
          );
      }
      const results = folders.map((f) =>
        readKubeBenchFolder(f, {
          factsOnly: opts.factsOnly,
          shownAs: single ? path : join(path, basename(f)),
          ...(single ? {} : { within: abs }),
        }),
      );
      const errors = results.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
      if (errors.length) throw new InputError(errors);
      const texts = results.map((r) =>
        serializeBenchmark(r.benchmark, outFile || outDir ? '../schema/benchmark.schema.json' : undefined),
      );
      const files: FileToWrite[] = outFile
        ? [{ path: outFile, text: texts[0], shownAs: opts.out }]
        : outDir
          ? results.map((r, i) => ({
              path: join(outDir, `${r.benchmark.id}.yaml`),
              text: texts[i],
              shownAs: join(opts.outDir!, `${r.benchmark.id}.yaml`),
            }))
          : [];
      writeFilesAtomic(files);
      results.forEach((r, i) => {
        if (!opts.quiet) for (const p of r.problems) err(formatProblem(p));
        out(summary(r));
        if (!outFile && !outDir && folders.length === 1) out(texts[i]);
      });
    });

  program
    .command('validate <file...>')
    .description('check benchmark YAML files against the schema; one line per problem')
    .action((files: string[]) => {
      const problems: Problem[] = [];
      for (const f of files) {
        try {
          const r = loadBenchmarkFile(resolve(io.cwd, f), f);
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
          `${b.id.padEnd(10)} CIS ${b.version.padEnd(7)} ${String(count(b)).padStart(4)} controls  Kubernetes ${b.kubernetes.join(', ') || '?'}`,
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
            '--control',
            `no control '${opts.control}' in ${benchmark.id}, expected an id such as ${benchmark.sections[0]?.controls[0]?.id ?? '1.1.1'}`,
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
      out(`${benchmark.title} (${benchmark.id}), Kubernetes ${benchmark.kubernetes.join(', ')}`);
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
