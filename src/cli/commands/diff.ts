import type { Command } from 'commander';
import { inputError } from '../../model/problem.js';
import { terminalWidth, useColor, type Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';
import { outputFile } from '../write.js';
import { loadBenchmarkRef } from '../load.js';
import { formatHelp, formatOf } from '../options.js';

const formats = ['text', 'markdown', 'json'] as const;

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
    .option('--format <format>', formatHelp(formats), 'text')
    .action(async (a: string, b: string, o: { format: string }) => {
      const format = formatOf(o.format, formats);
      const [from, to] = [await loadBenchmarkRef(a, io.cwd), await loadBenchmarkRef(b, io.cwd)];
      const [{ diffBenchmarks }, { diffMarkdown, diffText }] = await Promise.all([
        import('../../diff/benchmark-diff.js'),
        import('../../render/diff.js'),
      ]);
      const { capMarkdown, githubCommentLimit } = await import('../../render/budget.js');
      const d = diffBenchmarks(from.benchmark, to.benchmark);
      if (format === 'json') return void io.stdout.write(jsonOutput('diff', d));
      // Cut to a GitHub comment's size, most important first (the summary), saying how to get all of it.
      else if (format === 'markdown')
        out(capMarkdown(diffMarkdown(d), githubCommentLimit, `benchwright diff ${a} ${b} --format json`));
      else out(diffText(d, useColor(io), terminalWidth(io)));
    });

  program
    .command('lineage [query]')
    .description(
      'the ids of a control (<benchmark>:<control-id>) through every shipped version, or the whole table with --all',
    )
    .option('--all', 'every control of every shipped version')
    .option('--format <format>', formatHelp(formats), 'text')
    .option('--out <file>', 'write to FILE instead of standard output')
    .action(async (query: string | undefined, o: { all?: boolean; format: string; out?: string }) => {
      const format = formatOf(o.format, formats);
      const outFile = o.out !== undefined ? outputFile(o.out, '--out', io.cwd) : undefined;
      if (!o.all && !query)
        throw inputError('lineage', 'expected <benchmark>:<control-id> (e.g. cis-1.4:2.1.10) or --all');
      if (o.all && query) throw inputError('lineage', 'expected either <benchmark>:<control-id> or --all, not both');
      const [{ lineageFor }, render, { writeFileAtomic }] = await Promise.all([
        import('../lineage.js'),
        import('../../render/lineage.js'),
        import('../write.js'),
      ]);
      const { capMarkdown, githubCommentLimit } = await import('../../render/budget.js');
      let text: string;
      if (o.all) {
        const t = await lineageFor();
        if (format === 'json') text = jsonOutput('lineage', { query: null, ...t });
        else text = format === 'markdown' ? render.lineageTableMarkdown(t) : render.lineageTableText(t);
      } else {
        const { ref, id } = splitQuery(query!);
        const loaded = await loadBenchmarkRef(ref, io.cwd);
        const { benchmark } = loaded;
        const control = benchmark.sections.flatMap((s) => s.controls).find((c) => c.id === id);
        if (!control) {
          const example = benchmark.sections[0]?.controls[0]?.id ?? '1.1.1';
          throw inputError(ref, `no control ${id} in ${benchmark.id}, expected an id such as ${example}`);
        }
        const { lineageOf } = await import('../../diff/lineage.js');
        const t = await lineageFor(loaded);
        const l = lineageOf(t, benchmark.id, id)!;
        const q = `${benchmark.id}:${id}`;
        if (format === 'json') text = jsonOutput('lineage', { query: q, versions: t.versions, lineages: [l] });
        else
          text = format === 'markdown' ? render.lineageMarkdown(q, l, t) : render.lineageText(q, control.title, l, t);
      }
      if (outFile) writeFileAtomic(outFile, text, o.out);
      // Printed markdown fits a GitHub comment; a file written with --out is whole.
      else
        out(
          format === 'markdown'
            ? capMarkdown(
                text,
                githubCommentLimit,
                `benchwright lineage ${o.all ? '--all' : query} --format markdown --out FILE`,
              )
            : text,
        );
    });
}
