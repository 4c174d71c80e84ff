// completion: a shell completion script for bash, zsh or fish.
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { oneOf } from '../options.js';

export function registerCompletion(program: Command, io: Io): void {
  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish (commands, options, shipped benchmarks and releases)')
    .action(async (name: string) => {
      const [{ completionScript, shells }, { shippedIds }, { shippedReleases }, { categories }, { loadKnowledge }] =
        await Promise.all([
          import('../completion.js'),
          import('../../ingest/shipped-ids.js'),
          import('../../k8s/load.js'),
          import('../../rules/types.js'),
          import('../load.js'),
        ]);
      const shell = oneOf('<shell>', 'shell', name, shells);
      const knowledge = await loadKnowledge();
      io.stdout.write(
        completionScript(shell, program, {
          benchmarks: shippedIds(),
          releases: shippedReleases(),
          installers: Object.keys(knowledge.installers).sort(),
          categories: [...categories],
        }),
      );
    });
}
