// `npm start`: the main job on the shipped data.
import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerStart(program: Command, io: Io): void {
  program
    .command('start')
    .description('the main job on the shipped data: the shipped benchmarks, then the seed case')
    .action(async () => {
      const { main } = await import('../main.js');
      const step = async (title: string, args: string[]) => {
        io.stdout.write(`\n== benchwright ${args.join(' ')}  (${title})\n`);
        const code = await main(args, io);
        if (code >= 2) io.exitCode = code;
      };
      await step('shipped benchmarks', ['list']);
      await step("the seed's case: CIS 1.4 with kubeadm on its releases", [
        'check',
        'cis-1.4',
        '--installer',
        'kubeadm',
      ]);
      await step('the newest CIS version against the newest shipped release', [
        'check',
        'cis-1.12',
        '--release',
        '1.34',
      ]);
      await step("where the seed's 2.1.10 went in later versions", ['lineage', 'cis-1.4:2.1.10']);
      await step("ticket-ready proposals for the seed's case (proposals/)", [
        'propose',
        'cis-1.4',
        '--installer',
        'kubeadm',
      ]);
    });
}
