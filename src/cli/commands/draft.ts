// draft: the next version of a benchmark with the accepted findings applied.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareText } from '../../model/ids.js';
import { inputError } from '../../model/problem.js';
import type { Category } from '../../rules/types.js';
import type { Io } from '../io.js';
import { alternatives, releaseForms } from '../options.js';
import { namedReleases } from '../release-names.js';

export interface DraftCliOptions {
  release: string[];
  installer?: string;
  accept?: string;
  version?: string;
  renumber?: boolean;
  out: string;
  force?: boolean;
}

/** `--accept removed,deprecated`: known categories only. */
export async function acceptedCategories(value: string | undefined): Promise<Category[] | undefined> {
  if (value === undefined) return undefined;
  const { categories } = await import('../../rules/types.js');
  const xs = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!xs.length) throw inputError('--accept', `empty value, expected categories: ${alternatives(categories)}`);
  for (const x of xs)
    if (!(categories as readonly string[]).includes(x))
      throw inputError('--accept', `unknown category '${x}', expected ${alternatives(categories)}`);
  return xs as Category[];
}

export function registerDraft(program: Command, io: Io): void {
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  program
    .command('draft <benchmark>')
    .description(
      'draft the next version of a benchmark: the accepted findings applied as an author would, each change commented',
    )
    .requiredOption('--release <version...>', `the releases to draft for: ${releaseForms}, or snapshot files`)
    .option('--installer <name>', 'check as installed by this installer (kubeadm)')
    .option(
      '--accept <categories>',
      'apply only findings of these categories, comma-separated (default: every category)',
    )
    .option('--version <version>', 'the drafted version (1.13): names the draft cis-1.13 (default: <id>-draft)')
    .option('--renumber', 'renumber the controls of a section after a removal (default: ids stay)')
    .requiredOption('--out <file>', 'the draft file (our YAML format); run again over it and your edits are kept')
    .option('--force', 'replace the file even if it holds edits or was not written by draft')
    .action(async (ref: string, o: DraftCliOptions) => {
      if (!o.out.trim()) throw inputError('--out', 'empty value, expected a file for the draft');
      const out = resolve(io.cwd, o.out);
      const { pathType, readInput } = await import('../../io/read.js');
      const kind = pathType(out);
      if (kind === 'folder') throw inputError(o.out, 'is a folder, expected a file for the draft');
      if (kind === 'other') throw inputError(o.out, 'is not a regular file, expected a file for the draft');
      const { blockedPath } = await import('../../export/write.js');
      if (kind === 'missing' && blockedPath(out))
        throw inputError(o.out, 'a part of the path is a file, not a folder, expected a file for the draft');
      const [{ checkReports }, { draft, mergeDraft }, { outputFile, writeFileAtomic }] = await Promise.all([
        import('../checking.js'),
        import('../../draft/index.js'),
        import('../write.js'),
      ]);
      outputFile(o.out, '--out', io.cwd, 'a file for the draft');
      const accept = await acceptedCategories(o.accept);
      const named = await namedReleases(io, '--release', o.release);
      const { benchmark, reports, releases } = await checkReports(ref, named, o.installer, io.cwd);
      const r = draft(benchmark, reports, releases, {
        file: out,
        ...(accept ? { accept } : {}),
        ...(o.version !== undefined ? { version: o.version } : {}),
        ...(o.installer ? { installer: o.installer } : {}),
        renumber: Boolean(o.renumber),
      });
      let text = r.text;
      let kept: string[] = [];
      let frameKept = false;
      if (kind === 'file' && !o.force) {
        const merged = mergeDraft(readInput(out, { kind: 'benchmark', shownAs: o.out }), r.text, o.out);
        ({ text, kept, frameKept } = merged);
      }
      writeFileAtomic(out, text, o.out);
      const where = relative(io.cwd, out) || out;
      const d = r.drafted;
      const controls = new Set(d.changes.map((c) => c.controlId)).size;
      const removed = d.changes.filter((c) => c.kind === 'remove-control' || c.words === 'removed the control').length;
      io.stdout.write(
        `${where}: ${d.benchmark.id} drafted from ${benchmark.id} for ` +
          `Kubernetes ${d.benchmark.kubernetes.join(', ')}: ${d.changes.length} ` +
          `changes to ${controls} controls${removed ? ` (${removed} removed)` : ''}; ${d.skipped.length} findings not drafted\n`,
      );
      const why = new Map<string, number>();
      for (const s of d.skipped)
        why.set(`${s.cause.category}: ${s.why}`, (why.get(`${s.cause.category}: ${s.why}`) ?? 0) + 1);
      for (const [w, n] of [...why].sort((a, b) => compareText(a[0], b[0]))) err(`not drafted: ${n} × ${w}`);
      if (kept.length) err(`${where}: kept your edits to ${kept.join(', ')}`);
      if (frameKept) err(`${where}: kept your lines outside the controls (title, version, sections, deleted controls)`);
    });
}
