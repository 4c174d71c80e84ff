// What `propose` writes, planned without writing (propose, report and the tests use it).
import { join, resolve } from 'node:path';
import { inputError } from '../model/problem.js';
import { indexFile, safeStem } from '../propose/file-names.js';
import { planProposals } from '../propose/proposal.js';
import { renderIndex, renderProposal } from '../propose/render.js';
import type { PlannedFile } from '../propose/write.js';
import type { LineageTable } from '../diff/lineage.js';
import type { Benchmark } from '../model/benchmark.js';
import type { Template } from '../propose/template.js';
import type { CheckReport } from '../rules/check.js';
import { checkReports } from './checking.js';
import { lineageFor } from './lineage.js';
import { readImpact, readTemplate, templatesDir } from './templates.js';

/**
 * A benchmark's proposals on the given reports, as `propose` writes them: the files, and the
 * name of the folder `propose` writes them to by default (benchmark, releases, installer).
 */
export function proposalFiles(
  benchmark: Benchmark,
  reports: readonly CheckReport[],
  o: { controls?: readonly string[]; template?: Template; lineage: LineageTable },
): { name: string; files: PlannedFile[] } {
  const set = planProposals(benchmark, reports, { controls: o.controls });
  const ctx = {
    set,
    template: o.template ?? readTemplate(join(templatesDir, 'proposal.md')),
    impact: readImpact(),
    lineage: o.lineage,
  };
  const files: PlannedFile[] = set.proposals.map((p) => ({ file: p.file, text: renderProposal(p, ctx) }));
  files.push({
    file: indexFile,
    text: renderIndex(
      set,
      set.proposals.map((proposal) => ({ proposal })),
    ),
  });
  const name = [safeStem(benchmark.id), ...set.releases, ...(set.installer ? [set.installer] : [])].join('-');
  return { name, files };
}

export interface ProposeOptions {
  release?: string[];
  installer?: string;
  out?: string;
  control?: string[];
  template?: string;
  force?: boolean;
}

/** Everything `propose` would write, without writing: the folder and its files. */
export async function planFiles(
  ref: string,
  o: ProposeOptions,
  cwd: string,
): Promise<{ dir: string; files: PlannedFile[] }> {
  const { benchmark, file, reports } = await checkReports(ref, o.release, o.installer, cwd);
  if (o.control) {
    const known = new Set(benchmark.sections.flatMap((s) => s.controls.map((c) => c.id)));
    const missing = o.control.filter((id) => !known.has(id));
    if (missing.length) {
      const examples = [...known].slice(0, 3).join(', ');
      throw inputError(
        '--control',
        `no control ${missing.join(', ')} in ${benchmark.id}, expected ids such as ${examples}`,
      );
    }
  }
  if (o.template !== undefined && o.template.trim() === '')
    throw inputError('--template', 'empty path, expected a markdown template with {{slots}}');
  const template = o.template
    ? readTemplate(resolve(cwd, o.template), o.template)
    : readTemplate(join(templatesDir, 'proposal.md'));
  const lineage = await lineageFor({ benchmark, file, warnings: [] });
  const { name, files } = proposalFiles(benchmark, reports, { controls: o.control, template, lineage });
  return { dir: o.out !== undefined ? resolve(cwd, o.out) : resolve(cwd, 'proposals', name), files };
}
