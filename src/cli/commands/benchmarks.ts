// import, validate, list, show: the benchmark-model commands.
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportResult } from '../../ingest/kube-bench/import.js';
import type { Benchmark, Control } from '../../model/benchmark.js';
import { InputError, formatProblem, inputError, type Problem } from '../../model/problem.js';
import { inspect, pathType, typeName } from '../../io/read.js';
import { terminalWidth, type Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';
import { loadBenchmarkRef } from '../load.js';
import { formatHelp, formatOf } from '../options.js';
import { type FileToWrite, outputFile, outputFolder } from '../write.js';

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
  for (const [format, description] of formats)
    importCommand
      .command(`${format} <path>`)
      .description(description)
      .option('--out <file>', 'write the one benchmark to FILE')
      .option('--out-dir <dir>', 'write each benchmark to DIR/<id>.yaml')
      .option('--facts-only', 'drop titles, audit and remediation text (titles are generated from the checks)')
      .option('--quiet', 'do not list warnings')
      .action(async (path: string, opts: { out?: string; outDir?: string; factsOnly?: boolean; quiet?: boolean }) => {
        const what = `a ${format} benchmark folder or cfg/ root`;
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
        const [
          { isKubeBenchFolder, kubeBenchFolders, readKubeBenchFolder },
          { isDockerBenchFolder, readDockerBenchFolder, dockerBenchmarkIdOf },
          { benchmarkIdOf },
          { serializeBenchmark },
          { writeFilesAtomic },
        ] = await Promise.all([
          import('../../ingest/kube-bench/read.js'),
          import('../../ingest/docker-bench/read.js'),
          import('../../ingest/kube-bench/folders.js'),
          import('../../ingest/native.js'),
          import('../write.js'),
        ]);
        const single = isDockerBenchFolder(abs) || isKubeBenchFolder(abs, path);
        const folders = single ? [abs] : kubeBenchFolders(abs, path);
        if (!folders.length)
          throw inputError(
            path,
            `no benchmark here, expected a ${format} benchmark folder (*.yaml with groups) or a cfg/ root of such folders`,
          );
        if (outFile && folders.length > 1)
          throw inputError(path, `holds ${folders.length} benchmarks, expected --out-dir DIR rather than --out FILE`);
        // Each benchmark's file in --out-dir must be a file or nothing yet: checked before reading them all.
        const idOf = (f: string) =>
          isDockerBenchFolder(f) ? dockerBenchmarkIdOf(basename(resolve(f))) : benchmarkIdOf(basename(resolve(f)));
        for (const f of outDir ? folders : []) {
          const name = `${idOf(f)}.yaml`;
          const type = pathType(join(outDir!, name));
          if (type !== 'missing' && type !== 'file')
            throw inputError(
              join(opts.outDir!, name),
              `is ${type === 'folder' ? 'a folder' : 'not a regular file'}, expected a path for the benchmark`,
            );
        }
        // Each benchmark is turned into its text as soon as it is read, so the whole cfg/ root is
        // never held as objects at once (less for the garbage collector).
        const schemaRef = outFile || outDir ? '../schema/benchmark.schema.json' : undefined;
        const done: Array<{ id: string; summary: string; problems: Problem[]; text: string }> = [];
        const errors: Problem[] = [];
        for (const f of folders) {
          const options = {
            factsOnly: opts.factsOnly,
            shownAs: single ? path : join(path, basename(f)),
            ...(single ? {} : { within: abs }),
          };
          const r = isDockerBenchFolder(f) ? readDockerBenchFolder(f, options) : readKubeBenchFolder(f, options);
          errors.push(...r.problems.filter((p) => p.severity === 'error'));
          if (errors.length) continue;
          done.push({
            id: r.benchmark.id,
            summary: summary(r),
            problems: r.problems,
            text: serializeBenchmark(r.benchmark, schemaRef, { validated: 'validated' in r && r.validated === true }),
          });
        }
        if (errors.length) throw new InputError(errors);
        const files: FileToWrite[] = outFile
          ? [{ path: outFile, text: done[0].text, shownAs: opts.out }]
          : outDir
            ? done.map((r) => ({
                path: join(outDir, `${r.id}.yaml`),
                text: r.text,
                shownAs: join(opts.outDir!, `${r.id}.yaml`),
              }))
            : [];
        writeFilesAtomic(files);
        for (const r of done) {
          if (!opts.quiet) for (const p of r.problems) err(formatProblem(p));
          out(r.summary);
          if (!outFile && !outDir && folders.length === 1) out(r.text);
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
          const r = loadBenchmarkFile(resolve(io.cwd, f), f);
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
        return void io.stdout.write(jsonOutput('benchmark-list', { benchmarks: json }));
      }
      const { columns } = await import('../../render/wrap.js');
      // Columns as wide as their widest cell: a Docker id (docker-cis-1.3.1) is longer than a Kubernetes one.
      const table = rows.map((b) => [
        b.id,
        `CIS ${b.version}`,
        `${count(b)} controls`,
        b.docker ? `Docker ${b.docker.join(', ')}` : `Kubernetes ${b.kubernetes.join(', ') || '?'}`,
      ]);
      out(columns(table, ['left', 'left', 'right'], '  ', terminalWidth(io)).join('\n'));
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
          throw inputError(
            '--control',
            `no control '${opts.control}' in ${benchmark.id}, expected an id such as ${example}`,
          );
        }
        // The benchmark with the one section and control asked for: the same shape as without --control.
        if (format === 'json')
          return void io.stdout.write(
            jsonOutput('benchmark', { benchmark: { ...benchmark, sections: [{ ...hit.s, controls: [hit.c] }] } }),
          );
        return out(controlText(hit.c));
      }
      if (format === 'json') return void io.stdout.write(jsonOutput('benchmark', { benchmark }));
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
