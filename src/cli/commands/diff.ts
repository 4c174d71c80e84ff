// diff and lineage: following controls across benchmark versions.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { inputError } from '../../model/problem.js';
import { loadBenchmark, shippedIds } from '../../ingest/load.js';
import { diffBenchmarks } from '../../diff/benchmark-diff.js';
import { buildLineage, lineageOf } from '../../diff/lineage.js';
import { diffMarkdown, diffText } from '../../render/diff.js';
import { lineageMarkdown, lineageTableMarkdown, lineageTableText, lineageText } from '../../render/lineage.js';
import { writeFileAtomic } from '../write.js';
import { useColor, type Io } from '../io.js';

const formats = ['text', 'markdown', 'json'];
function checkFormat(f: string): void {
  if (!formats.includes(f)) throw inputError('--format', `unknown format '${f}', expected text, markdown or json`);
}

/**
 * The versions a lineage runs through: the shipped ones of the same variant, with the
 * given benchmark in its place (a draft replaces the shipped version with its id).
 */
export function lineageVersions(subject?: Benchmark): Benchmark[] {
  const shipped = shippedIds().map((id) => loadBenchmark(id).benchmark);
  if (!subject) return shipped.filter((b) => b.variant === 'generic');
  return [...shipped.filter((b) => b.variant === subject.variant && b.id !== subject.id), subject];
}

/** `<benchmark>:<control-id>`; the benchmark part may itself hold a colon (a Windows path). */
function splitQuery(q: string): { ref: string; id: string } {
  const at = q.lastIndexOf(':');
  if (at <= 0 || at === q.length - 1) throw inputError(q, 'expected <benchmark>:<control-id>, e.g. cis-1.4:2.1.10');
  return { ref: q.slice(0, at), id: q.slice(at + 1) };
}

export function registerDiffCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');

  program.command('diff <a> <b>')
    .description('what changed from benchmark A to B, following controls by what they check (renumbered, changed, added, removed)')
    .option('--format <format>', 'text, markdown or json', 'text')
    .action((a: string, b: string, o: { format: string }) => {
      checkFormat(o.format);
      const d = diffBenchmarks(loadBenchmark(a, io.cwd).benchmark, loadBenchmark(b, io.cwd).benchmark);
      if (o.format === 'json') out(JSON.stringify(d, null, 2));
      else if (o.format === 'markdown') out(diffMarkdown(d));
      else out(diffText(d, useColor(io)));
    });

  program.command('lineage [query]')
    .description('the ids of a control (<benchmark>:<control-id>) through every shipped version, or the whole table with --all')
    .option('--all', 'every control of every shipped version')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--out <file>', 'write to FILE instead of standard output')
    .action((query: string | undefined, o: { all?: boolean; format: string; out?: string }) => {
      checkFormat(o.format);
      if (!o.all && !query) throw inputError('lineage', 'expected <benchmark>:<control-id> (e.g. cis-1.4:2.1.10) or --all');
      if (o.all && query) throw inputError('lineage', 'expected either <benchmark>:<control-id> or --all, not both');
      let text: string;
      if (o.all) {
        const t = buildLineage(lineageVersions());
        text = o.format === 'json' ? JSON.stringify(t, null, 2) + '\n' : o.format === 'markdown' ? lineageTableMarkdown(t) : lineageTableText(t);
      } else {
        const { ref, id } = splitQuery(query!);
        const { benchmark } = loadBenchmark(ref, io.cwd);
        if (!benchmark.sections.some((s) => s.controls.some((c) => c.id === id))) {
          throw inputError(ref, `no control ${id} in ${benchmark.id}, expected an id such as ${benchmark.sections[0]?.controls[0]?.id ?? '1.1.1'}`);
        }
        const t = buildLineage(lineageVersions(benchmark));
        const l = lineageOf(t, benchmark.id, id)!;
        const q = `${benchmark.id}:${id}`;
        text = o.format === 'json' ? JSON.stringify({ query: q, versions: t.versions.map((v) => v.id), ...l }, null, 2) + '\n'
          : o.format === 'markdown' ? lineageMarkdown(q, l, t) : lineageText(q, l, t);
      }
      if (o.out) writeFileAtomic(resolve(io.cwd, o.out), text);
      else out(text);
    });
}
