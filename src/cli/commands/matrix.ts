// matrix: finding counts per benchmark × Kubernetes release.
import type { Command } from 'commander';
import { inputError } from '../../model/problem.js';
import { terminalWidth, type Io } from '../io.js';
import { formatHelp, formatOf, releaseForms } from '../options.js';

const formats = ['text', 'markdown', 'json'] as const;

export function registerMatrix(program: Command, io: Io): void {
  program
    .command('matrix')
    .description(
      'finding counts per benchmark (rows, in release order) × Kubernetes release (columns); * marks targeted releases',
    )
    .option('--benchmarks <refs...>', 'benchmarks: shipped ids or files (default: every shipped one)')
    .option('--releases <releases...>', `${releaseForms} (default: every shipped release)`)
    .option('--installer <name>', 'check as installed by this installer (kubeadm)')
    .option('--targeted', 'check each benchmark only on the releases it targets (the default)')
    .option('--all', 'check every benchmark on every release')
    .option(
      '--since <version>',
      'also count, per cell after this release, the findings that appeared and went away since it, and list ' +
        'them with the release change that caused each',
    )
    .option('--format <format>', formatHelp(formats), 'text')
    .action(
      async (o: {
        benchmarks?: string[];
        releases?: string[];
        installer?: string;
        targeted?: boolean;
        all?: boolean;
        format: string;
        since?: string;
      }) => {
        const format = formatOf(o.format, formats);
        if (o.all && o.targeted) throw inputError('--all', 'contradicts --targeted, expected one of them');
        const { checkMatrix } = await import('../checking.js');
        const { matrix, since } = await checkMatrix(io, { ...o, scope: o.all ? 'all' : 'targeted' });
        const { matrixJson, matrixMarkdown, matrixText } = await import('../../render/matrix.js');
        const { capMarkdown, githubCommentLimit } = await import('../../render/budget.js');
        io.stdout.write(
          format === 'json'
            ? matrixJson(matrix, since)
            : format === 'markdown'
              ? capMarkdown(matrixMarkdown(matrix, since), githubCommentLimit, 'benchwright matrix … --format json')
              : matrixText(matrix, since, terminalWidth(io)),
        );
      },
    );
}
