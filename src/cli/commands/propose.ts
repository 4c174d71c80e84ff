// propose: ticket-ready proposal markdown from the findings.
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { releaseForms } from '../options.js';
import { namedReleases } from '../release-names.js';
import type { ProposeOptions } from '../proposals.js';
import { outputFolder, withFolderLock } from '../write.js';

export function registerPropose(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  program
    .command('propose <benchmark>')
    .description('write ticket-ready proposal markdown, one file per affected control, plus an index')
    .option(
      '--release <version...>',
      `releases: ${releaseForms}, or snapshot files; default: the shipped releases it targets`,
    )
    .option('--installer <name>', 'check as installed by this installer (kubeadm)')
    .option('--out <dir>', 'output folder (default: proposals/<benchmark>-<releases>[-<installer>])')
    .option('--control <ids...>', 'only these controls (ids such as 2.1.10)')
    .option('--template <file>', 'a markdown template with {{slots}} (default: templates/proposal.md)')
    .option('--force', 'overwrite proposals edited by hand since they were generated')
    .action(async (ref: string, o: ProposeOptions) => {
      // A target given is checked before the (slower) planning; the default one once it is known.
      if (o.out !== undefined) outputFolder(o.out, '--out', io.cwd, 'a folder for the proposals');
      const [{ planFiles }, { writeProposals }, { indexFile }] = await Promise.all([
        import('../proposals.js'),
        import('../../propose/write.js'),
        import('../../propose/file-names.js'),
      ]);
      const release = o.release && (await namedReleases(io, '--release', o.release));
      const { dir, files } = await planFiles(ref, { ...o, release }, io.cwd);
      const where = relative(io.cwd, dir) || '.';
      const shown = o.out ?? where;
      if (o.out === undefined) outputFolder(shown, '--out', io.cwd, 'a folder for the proposals');
      const r = withFolderLock(dir, () => writeProposals(dir, files, Boolean(o.force), shown), { shownAs: shown });
      const n = files.length - 1;
      const removed = r.removed.length ? `, ${r.removed.length} no longer proposed removed` : '';
      const counts = `${r.written.length} written, ${r.unchanged.length} unchanged${removed}`;
      out(`${where}: ${n} proposal${n === 1 ? '' : 's'} and ${indexFile}; ${counts}`);
      for (const f of r.skipped)
        err(`${join(where, f)}: skipped, edited by hand since it was generated; use --force to overwrite it`);
    });
}
