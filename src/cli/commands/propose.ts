// propose: ticket-ready proposal markdown from the findings.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { InputError, inputError } from '../../model/problem.js';
import { readInput } from '../../io/read.js';
import { planProposals } from '../../propose/proposal.js';
import { renderIndex, renderProposal, type ImpactWording } from '../../propose/render.js';
import { parseTemplate, type Template } from '../../propose/template.js';
import { indexFile, safeStem } from '../../propose/file-names.js';
import { writeProposals, type PlannedFile } from '../../propose/write.js';
import { repoRoot } from '../../paths.js';
import { checkReports } from './check.js';
import { lineageFor } from './diff.js';
import type { Io } from '../io.js';
import { outputFolder, withFolderLock } from '../write.js';

export const templatesDir = join(repoRoot, 'templates');

/** A proposal template; messages name it as `shownAs` (the path as the user wrote it). */
export function readTemplate(path: string, shownAs = path): Template {
  const { template, problems } = parseTemplate(readInput(path, { kind: 'template', shownAs }), shownAs);
  if (!template) throw new InputError(problems);
  return template;
}

export function readImpact(): ImpactWording {
  return parse(readFileSync(join(templatesDir, 'impact.yaml'), 'utf8')) as ImpactWording;
}

export interface ProposeOptions {
  release?: string[];
  installer?: string;
  out?: string;
  control?: string[];
  template?: string;
  force?: boolean;
}

/** Everything `propose` would write, without writing: [dir, files]. */
export function planFiles(ref: string, o: ProposeOptions, cwd: string): { dir: string; files: PlannedFile[] } {
  const { benchmark, file, reports } = checkReports(ref, o.release, o.installer, cwd);
  if (o.control) {
    const known = new Set(benchmark.sections.flatMap((s) => s.controls.map((c) => c.id)));
    const missing = o.control.filter((id) => !known.has(id));
    if (missing.length)
      throw inputError(
        '--control',
        `no control ${missing.join(', ')} in ${benchmark.id}, expected ids such as ${[...known].slice(0, 3).join(', ')}`,
      );
  }
  if (o.template !== undefined && o.template.trim() === '')
    throw inputError('--template', 'empty path, expected a markdown template with {{slots}}');
  const template = o.template
    ? readTemplate(resolve(cwd, o.template), o.template)
    : readTemplate(join(templatesDir, 'proposal.md'));
  const set = planProposals(benchmark, reports, { controls: o.control });
  const ctx = { set, template, impact: readImpact(), lineage: lineageFor({ benchmark, file, warnings: [] }) };
  const files: PlannedFile[] = set.proposals.map((p) => ({ file: p.file, text: renderProposal(p, ctx) }));
  files.push({
    file: indexFile,
    text: renderIndex(
      set,
      set.proposals.map((proposal) => ({ proposal })),
    ),
  });
  const name = [safeStem(benchmark.id), ...set.releases, ...(set.installer ? [set.installer] : [])].join('-');
  return { dir: o.out !== undefined ? resolve(cwd, o.out) : resolve(cwd, 'proposals', name), files };
}

export function registerPropose(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  program
    .command('propose <benchmark>')
    .description('write ticket-ready proposal markdown, one file per affected control, plus an index')
    .option('--release <version...>', 'release(s) or snapshot file(s); default: the releases the benchmark targets')
    .option('--installer <name>', 'installer profile (kubeadm)')
    .option('--out <dir>', 'output folder (default: proposals/<benchmark>-<releases>[-<installer>])')
    .option('--control <ids...>', 'only these controls')
    .option('--template <file>', 'a markdown template with {{slots}} (default: templates/proposal.md)')
    .option('--force', 'overwrite proposals edited by hand since they were generated')
    .action((ref: string, o: ProposeOptions) => {
      // A target given is checked before the (slower) planning; the default one once it is known.
      if (o.out !== undefined) outputFolder(o.out, '--out', io.cwd, 'a folder for the proposals');
      const { dir, files } = planFiles(ref, o, io.cwd);
      const where = relative(io.cwd, dir) || '.';
      const shown = o.out ?? where;
      if (o.out === undefined) outputFolder(shown, '--out', io.cwd, 'a folder for the proposals');
      const r = withFolderLock(dir, () => writeProposals(dir, files, Boolean(o.force), shown), { shownAs: shown });
      out(
        `${where}: ${files.length - 1} proposal${files.length === 2 ? '' : 's'} and ${indexFile}; ${r.written.length} written, ${r.unchanged.length} unchanged${r.removed.length ? `, ${r.removed.length} no longer proposed removed` : ''}`,
      );
      for (const f of r.skipped)
        err(`${join(where, f)}: skipped, edited by hand since it was generated; use --force to overwrite it`);
    });
}
