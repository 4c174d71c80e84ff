// evaluate: every control of a benchmark on a node, as its components really resolve
// their settings (effective) or as kube-bench would report it (kube-bench).
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { resolve } from 'node:path';
import type { Disagreement } from '../../evaluate/evaluate.js';
import type { Agreement } from '../../evaluate/scanner-report.js';
import type { TicketRow } from '../../evaluate/scanner-ticket.js';
import { type EvaluationReport, semanticsNames } from '../../evaluate/result.js';
import { inputError } from '../../model/problem.js';
import type { Io } from '../io.js';
import { loadBenchmarkRef } from '../load.js';
import { formatHelp, formatOf, oneOf } from '../options.js';
import { namedNode, namedRelease } from '../release-names.js';

const formats = ['text', 'json', 'markdown'] as const;

export function registerEvaluate(program: Command, io: Io): void {
  program
    .command('evaluate <benchmark>')
    .description("each control's status on a node: PASS, FAIL, WARN or INFO, with what was found and where")
    .requiredOption(
      '--node <node...>',
      'a node bundle folder or tarball, kubeadm@1.NN or generic@1.NN; several: one row per node and the controls that differ',
    )
    .option('--release <version>', "the node's Kubernetes release (default: the bundle's node.release)")
    .option(
      '--semantics <name>',
      'effective (what the components do) or kube-bench (what that scanner reports)',
      'effective',
    )
    .option('--compare', 'also list where kube-bench and the components disagree (false FAIL, false PASS) and why')
    .option(
      '--against <report>',
      'a real kube-bench --json report from the node: how many controls the kube-bench replay reproduces, and which it does not',
    )
    .option('--control <id...>', 'only these controls')
    .option('--format <format>', formatHelp(formats), 'text')
    .action(
      async (
        ref: string,
        o: {
          node: string | string[];
          release?: string;
          semantics: string;
          compare?: boolean;
          against?: string;
          control?: string[];
          format: string;
        },
      ) => {
        const format = formatOf(o.format, formats);
        const semantics = oneOf('--semantics', 'semantics', o.semantics, semanticsNames);
        const [{ openRelease }, { loadNode }, { compareSemantics, evaluateBenchmark }, render] = await Promise.all([
          import('../../k8s/load.js'),
          import('../../node/reference.js'),
          import('../../evaluate/evaluate.js'),
          import('../../evaluate/render.js'),
        ]);
        const { benchmark } = await loadBenchmarkRef(ref, io.cwd);
        const nodes = await Promise.all([o.node].flat().map((n) => namedNode(io, n)));
        if (o.control) checkControls(benchmark, o.control);
        if (nodes.length > 1) {
          if (o.compare || o.against !== undefined)
            throw inputError(o.compare ? '--compare' : '--against', 'works on one node, expected a single --node');
          const { evaluateFleet } = await import('../fleet.js');
          io.stdout.write(await evaluateFleet(benchmark, nodes, { ...o, semantics, controls: o.control, format }, io));
          return;
        }
        const node = nodes[0];
        const bundle = loadNode(node, io.cwd);
        const version = o.release !== undefined ? await namedRelease(io, '--release', o.release) : bundle.release;
        if (!version)
          throw inputError(
            '--release',
            `missing: ${node} does not say which release it runs (node.release), expected --release 1.NN`,
          );
        const release = await openRelease(version, io.cwd);
        const report = evaluateBenchmark(benchmark, bundle, release, { semantics, controls: o.control });
        let compare: { kubeBench: EvaluationReport; disagreements: Disagreement[] } | undefined;
        if (o.compare) {
          const other = evaluateBenchmark(benchmark, bundle, release, {
            semantics: semantics === 'effective' ? 'kube-bench' : 'effective',
            controls: o.control,
          });
          const [effective, kubeBench] = semantics === 'effective' ? [report, other] : [other, report];
          compare = { kubeBench, disagreements: compareSemantics(effective, kubeBench, benchmark) };
        }
        let against: Agreement | undefined;
        let ticket: TicketRow[] | undefined;
        if (o.against !== undefined) {
          if (o.against.trim() === '')
            throw inputError('--against', 'empty path, expected a kube-bench --json report from the node');
          const [{ readInput }, { agreement, readKubeBenchReport }] = await Promise.all([
            import('../../io/read.js'),
            import('../../evaluate/scanner-report.js'),
          ]);
          const theirs = readKubeBenchReport(
            readInput(resolve(io.cwd, o.against), { kind: 'scanner report', shownAs: o.against }),
            o.against,
          );
          const replay =
            semantics === 'kube-bench'
              ? report
              : (compare?.kubeBench ??
                evaluateBenchmark(benchmark, bundle, release, { semantics: 'kube-bench', controls: o.control }));
          against = agreement(replay, theirs, o.against);
          const effective =
            semantics === 'effective'
              ? report
              : evaluateBenchmark(benchmark, bundle, release, { semantics: 'effective', controls: o.control });
          const { scannerTicket } = await import('../../evaluate/scanner-ticket.js');
          ticket = scannerTicket(effective, replay, theirs);
        }
        const rendered = {
          report,
          ...(compare ? { compare } : {}),
          ...(against ? { against } : {}),
          ...(ticket ? { ticket } : {}),
        };
        const { capMarkdown, githubCommentLimit } = await import('../../render/budget.js');
        const text =
          format === 'json'
            ? render.toJson(rendered)
            : format === 'markdown'
              ? capMarkdown(
                  render.toMarkdown(rendered, benchmark),
                  githubCommentLimit,
                  `benchwright evaluate … --format json`,
                )
              : render.toText(rendered, benchmark);
        io.stdout.write(text);
      },
    );
}

function checkControls(benchmark: Benchmark, ids: readonly string[]): void {
  const known = new Set(benchmark.sections.flatMap((s) => s.controls.map((c) => c.id)));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length)
    throw inputError(
      '--control',
      `no control ${missing.join(', ')} in ${benchmark.id}, expected an id of that benchmark`,
    );
}
