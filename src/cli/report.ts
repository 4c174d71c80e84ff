// Writing the report: gather what the site shows, build it, write it atomically.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareText } from '../model/ids.js';
import { repoRoot } from '../paths.js';
import { shippedRelease } from '../k8s/load.js';
import { referenceNodeEvaluation } from '../report/evaluation.js';
import type { Loaded } from '../ingest/load.js';
import type { Matrix } from '../report/matrix.js';
import type { ProposalFile } from '../report/proposals.js';
import { buildSite } from '../report/site.js';
import type { Io } from './io.js';
import { lineageForMany } from './lineage.js';
import { progress } from './progress.js';
import { readGuidance } from './templates.js';
import { packageVersion } from './version.js';
import { writeFileAtomic } from './write.js';

/** The list of files a report wrote, so the next run into the same folder removes only its own leftovers. */
const manifest = '.benchwright-report';

/** The proposals shipped in proposals/<set>/*.md. */
export function shippedProposals(dir = join(repoRoot, 'proposals')): ProposalFile[] {
  if (!existsSync(dir)) return [];
  const out: ProposalFile[] = [];
  for (const set of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort(compareText))
    for (const file of readdirSync(join(dir, set))
      .filter((f) => f.endsWith('.md'))
      .sort(compareText))
      out.push({ set, file, text: readFileSync(join(dir, set, file), 'utf8') });
  return out;
}

export async function writeReport(
  io: Io,
  dir: string,
  matrix: Matrix,
  loaded: readonly Loaded[],
): Promise<{ files: number; bytes: number; written: number; unchanged: number; removed: number }> {
  // The newest Kubernetes benchmark (the Docker ones come after it), as the site links it.
  const newest = [...matrix.rows].reverse().find((r) => r.benchmark.kubernetes.length > 0);
  const newestRelease = newest?.benchmark.kubernetes.filter((k) => matrix.releases.includes(k)).at(-1);
  const site = buildSite({
    matrix,
    lineage: await lineageForMany(loaded),
    proposals: shippedProposals(),
    guidance: readGuidance(),
    version: packageVersion(),
    evaluation:
      newest && newestRelease ? referenceNodeEvaluation(newest.benchmark, shippedRelease(newestRelease)) : undefined,
  });
  const previous = existsSync(join(dir, manifest))
    ? readFileSync(join(dir, manifest), 'utf8').split('\n').filter(Boolean)
    : [];
  let written = 0;
  let bytes = 0;
  const bar = progress(io, 'writing', site.size);
  for (const [rel, text] of site) {
    const path = join(dir, rel);
    bytes += Buffer.byteLength(text);
    bar.step(rel);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileAtomic(path, text);
    written++;
  }
  bar.done();
  let removed = 0;
  for (const rel of previous)
    if (!site.has(rel) && !rel.split('/').includes('..') && existsSync(join(dir, rel))) {
      rmSync(join(dir, rel));
      removed++;
    }
  writeFileAtomic(join(dir, manifest), [...site.keys()].join('\n') + '\n');
  return { files: site.size, bytes, written, unchanged: site.size - written, removed };
}
