// diff and lineage: following controls across benchmark versions.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { inputError } from '../../model/problem.js';
import { loadBenchmark, shippedIds, type Loaded } from '../../ingest/load.js';
import { benchmarksDir } from '../../paths.js';
import { readShippedLineage } from '../../diff/shipped.js';
import { diffBenchmarks } from '../../diff/benchmark-diff.js';
import { buildLineage, lineageOf, type LineageTable } from '../../diff/lineage.js';
import { diffMarkdown, diffText } from '../../render/diff.js';
import { lineageMarkdown, lineageTableMarkdown, lineageTableText, lineageText } from '../../render/lineage.js';
import { outputFile, writeFileAtomic } from '../write.js';
import { useColor, type Io } from '../io.js';

const formats = ['text', 'markdown', 'json'];
function checkFormat(f: string): void {
  if (!formats.includes(f)) throw inputError('--format', `unknown format '${f}', expected text, markdown or json`);
}

/**
 * The lineage a benchmark's controls belong to: the shipped table when the benchmark is a
 * shipped file; otherwise the shipped versions of its variant with this one in its place
 * (a draft replaces the shipped version with its id).
 */
export function lineageFor(subject?: Loaded): LineageTable {
  if (!subject || resolve(subject.file) === resolve(benchmarksDir, `${subject.benchmark.id}.yaml`))
    return readShippedLineage();
  const b = subject.benchmark;
  const shipped = shippedIds().map((id) => loadBenchmark(id).benchmark);
  return buildLineage([...shipped.filter((x) => x.variant === b.variant && x.id !== b.id), b]);
}

/** `<benchmark>:<control-id>`; the benchmark part may itself hold a colon (a Windows path). */
function splitQuery(q: string): { ref: string; id: string } {
  const at = q.lastIndexOf(':');
  if (at <= 0 || at === q.length - 1) throw inputError(q, 'expected <benchmark>:<control-id>, e.g. cis-1.4:2.1.10');
  return { ref: q.slice(0, at), id: q.slice(at + 1) };
}

export function registerDiffCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');

  program
    .command('diff <a> <b>')
    .description(
      'what changed from benchmark A to B, following controls by what they check (renumbered, changed, added, removed)',
    )
    .option('--format <format>', 'text, markdown or json', 'text')
    .action((a: string, b: string, o: { format: string }) => {
      checkFormat(o.format);
      const d = diffBenchmarks(loadBenchmark(a, io.cwd).benchmark, loadBenchmark(b, io.cwd).benchmark);
      if (o.format === 'json') out(JSON.stringify(d, null, 2));
      else if (o.format === 'markdown') out(diffMarkdown(d));
      else out(diffText(d, useColor(io)));
    });

  program
    .command('lineage [query]')
    .description(
      'the ids of a control (<benchmark>:<control-id>) through every shipped version, or the whole table with --all',
    )
    .option('--all', 'every control of every shipped version')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--out <file>', 'write to FILE instead of standard output')
    .action((query: string | undefined, o: { all?: boolean; format: string; out?: string }) => {
      checkFormat(o.format);
      const outFile = o.out !== undefined ? outputFile(o.out, '--out', io.cwd) : undefined;
      if (!o.all && !query)
        throw inputError('lineage', 'expected <benchmark>:<control-id> (e.g. cis-1.4:2.1.10) or --all');
      if (o.all && query) throw inputError('lineage', 'expected either <benchmark>:<control-id> or --all, not both');
      let text: string;
      if (o.all) {
        const t = lineageFor();
        text =
          o.format === 'json'
            ? JSON.stringify(t, null, 2) + '\n'
            : o.format === 'markdown'
              ? lineageTableMarkdown(t)
              : lineageTableText(t);
      } else {
        const { ref, id } = splitQuery(query!);
        const loaded = loadBenchmark(ref, io.cwd);
        const { benchmark } = loaded;
        const control = benchmark.sections.flatMap((s) => s.controls).find((c) => c.id === id);
        if (!control) {
          throw inputError(
            ref,
            `no control ${id} in ${benchmark.id}, expected an id such as ${benchmark.sections[0]?.controls[0]?.id ?? '1.1.1'}`,
          );
        }
        const t = lineageFor(loaded);
        const l = lineageOf(t, benchmark.id, id)!;
        const q = `${benchmark.id}:${id}`;
        text =
          o.format === 'json'
            ? JSON.stringify({ query: q, versions: t.versions.map((v) => v.id), ...l }, null, 2) + '\n'
            : o.format === 'markdown'
              ? lineageMarkdown(q, l, t)
              : lineageText(q, control.title, l, t);
      }
      if (outFile) writeFileAtomic(outFile, text, o.out);
      else out(text);
    });
}
