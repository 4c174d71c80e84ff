// report: a static site with the matrix as a heatmap, each benchmark's findings, the lineage
// of every control and the shipped proposals.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { outputFolder, withFolderLockAsync } from '../write.js';
import type { Io } from '../io.js';
import { releaseForms } from '../options.js';

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description('write a static site: the benchmark × release heatmap, findings, lineage and proposals')
    .requiredOption('--out <dir>', 'the folder to write the site to (created if missing; open DIR/index.html)')
    .option('--benchmarks <refs...>', 'benchmarks: shipped ids or files (default: every shipped one)')
    .option('--releases <releases...>', `${releaseForms} (default: every shipped release)`)
    .option('--installer <name>', 'check as installed by this installer (kubeadm)')
    .action(async (o: { out: string; benchmarks?: string[]; releases?: string[]; installer?: string }) => {
      const dir = outputFolder(o.out, '--out', io.cwd, 'a folder for the report');
      const [{ checkMatrix }, { writeReport }] = await Promise.all([import('../checking.js'), import('../report.js')]);
      const { matrix, loaded } = await checkMatrix(io, { ...o, scope: 'all' });
      // One writer at a time per folder; a concurrent run waits or is told which process holds it.
      const r = await withFolderLockAsync(dir, () => writeReport(io, dir, matrix, loaded, o.out), { shownAs: o.out });
      const rel = relative(io.cwd, dir);
      const where = rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
      io.stdout.write(
        `${where}: ${r.files} files (${(r.bytes / 1024).toFixed(0)} KiB), ${r.written} written, ${r.unchanged} unchanged` +
          `${r.removed ? `, ${r.removed} from an earlier report removed` : ''}; open ${where}/index.html\n`,
      );
    });
}
