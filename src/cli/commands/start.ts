// `npm start`: the main job on the shipped data.
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { main } from '../main.js';

export function registerStart(program: Command, io: Io): void {
  program.command('start')
    .description('the main job on the shipped data: the shipped benchmarks, then the seed case')
    .action(async () => {
      const step = async (title: string, args: string[]) => {
        io.stdout.write(`\n== benchwright ${args.join(' ')}  (${title})\n`);
        const code = await main(args, io);
        if (code === 2 || code > 2) io.exitCode = code;
      };
      await step('shipped benchmarks', ['list']);
      await step('the seed control 2.1.10, as benchwright reads it', ['show', 'cis-1.4', '--control', '2.1.10']);
    });
}
