// test: run a benchmark's per-control test cases (exit 1 when one fails).
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';
import { loadBenchmarkRef } from '../load.js';
import { formatHelp, formatOf } from '../options.js';

const formats = ['text', 'json'] as const;

export function registerTestCases(program: Command, io: Io): void {
  program
    .command('test <benchmark>')
    .description(
      "run the benchmark's test cases: each changes a reference node and names the status a control must get",
    )
    .option('--control <id...>', 'only the cases of these controls')
    .option('--format <format>', formatHelp(formats), 'text')
    .action(async (ref: string, o: { control?: string[]; format: string }) => {
      const format = formatOf(o.format, formats);
      const [{ runCases }, { benchmark }] = await Promise.all([
        import('../../evaluate/cases.js'),
        loadBenchmarkRef(ref, io.cwd),
      ]);
      const outcomes = runCases(benchmark, o.control);
      const failed = outcomes.filter((x) => !x.pass);
      if (format === 'json') {
        io.stdout.write(
          jsonOutput('test-cases', {
            benchmark: { id: benchmark.id, version: benchmark.version },
            cases: outcomes.map(({ result, ...x }) => ({
              ...x,
              ...(x.pass ? {} : { checks: result.checks, reason: result.reason }),
            })),
            summary: { cases: outcomes.length, passed: outcomes.length - failed.length, failed: failed.length },
          }),
        );
      } else {
        const lines: string[] = [];
        for (const f of failed) {
          lines.push(
            `FAILED ${f.controlId} "${f.name}" (${f.at}, ${f.node}, ${f.semantics}): expected ${f.expected}, got ${f.got}`,
          );
          if (f.result.reason) lines.push(`       ${f.result.reason}`);
          for (const c of f.result.checks)
            lines.push(`       ${c.subject} ${c.expected}: ${c.observed}${c.source ? ` [${c.source}]` : ''}`);
        }
        const controls = new Set(outcomes.map((x) => x.controlId)).size;
        lines.push(
          `${benchmark.id}: ${outcomes.length} cases on ${controls} controls, ` +
            `${outcomes.length - failed.length} passed, ${failed.length} failed`,
        );
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      if (failed.length) io.exitCode = 1;
    });
}
