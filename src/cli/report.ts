// Writing the report: gather what the site shows, build it, write it atomically.
import { rmSync } from 'node:fs';
import { isPresent, pathType, readInput } from '../io/read.js';
import { join } from 'node:path';
import { shippedHistory, shippedRelease } from '../k8s/load.js';
import { referenceNodeEvaluation } from '../report/evaluation.js';
import type { Loaded } from '../ingest/load.js';
import type { Matrix } from '../report/matrix.js';
import type { ProposalFile } from '../report/proposals.js';
import { buildSite } from '../report/site.js';
import type { Io } from './io.js';
import { lineageFor, lineageForMany } from './lineage.js';
import { proposalFiles } from './proposals.js';
import { progress } from './progress.js';
import { readGuidance } from './templates.js';
import { packageVersion } from './version.js';
import { writeFileAtomic } from './write.js';

/** The list of files a report wrote, so the next run into the same folder removes only its own leftovers. */
const manifest = '.benchwright-report';

/**
 * The proposals the report links to: each Kubernetes benchmark's on the releases it targets that
 * the report checks, made from the report's own findings with its installer, so a linked proposal
 * says what the page says (what `propose <benchmark> --installer <name>` writes). A benchmark with
 * no targeted release in the report (a CIS Docker version, an old CIS version) has none.
 */
async function reportProposals(matrix: Matrix, loaded: readonly Loaded[]): Promise<ProposalFile[]> {
  const out: ProposalFile[] = [];
  for (const row of matrix.rows) {
    const reports = row.cells.filter((c) => c.targeted && c.report).map((c) => c.report!);
    const subject = loaded.find((l) => l.benchmark.id === row.benchmark.id);
    if (!reports.length || !subject) continue;
    const { name, files } = proposalFiles(row.benchmark, reports, { lineage: await lineageFor(subject) });
    for (const f of files) out.push({ set: name, file: f.file, text: f.text });
  }
  return out;
}

export async function writeReport(
  io: Io,
  dir: string,
  matrix: Matrix,
  loaded: readonly Loaded[],
  shownAs = dir,
): Promise<{ files: number; bytes: number; written: number; unchanged: number; removed: number }> {
  // The newest CIS Kubernetes version (rows are in release order; CIS Docker versions come last).
  const newest = [...matrix.rows].reverse().find((r) => r.benchmark.kubernetes.length > 0);
  const newestRelease = newest?.benchmark.kubernetes.filter((k) => matrix.releases.includes(k)).at(-1);
  const site = buildSite({
    matrix,
    lineage: await lineageForMany(loaded),
    proposals: await reportProposals(matrix, loaded),
    history: shippedHistory(),
    guidance: readGuidance(),
    version: packageVersion(),
    evaluation:
      newest && newestRelease ? referenceNodeEvaluation(newest.benchmark, shippedRelease(newestRelease)) : undefined,
  });
  // What is already in the folder is read through the input boundary: a FIFO or a folder where a
  // page goes is an input error naming it, never a hang.
  const existing = (rel: string): string | undefined =>
    isPresent(join(dir, rel))
      ? readInput(join(dir, rel), { kind: 'data file', shownAs: join(shownAs, rel) })
      : undefined;
  const previous = (existing(manifest) ?? '').split('\n').filter(Boolean);
  let written = 0;
  let bytes = 0;
  const bar = progress(io, 'writing', site.size);
  for (const [rel, text] of site) {
    const path = join(dir, rel);
    bytes += Buffer.byteLength(text);
    bar.step(rel);
    if (existing(rel) === text) continue;
    writeFileAtomic(path, text, join(shownAs, rel));
    written++;
  }
  bar.done();
  let removed = 0;
  for (const rel of previous)
    if (!site.has(rel) && !rel.split('/').includes('..') && pathType(join(dir, rel)) === 'file') {
      rmSync(join(dir, rel));
      removed++;
    }
  writeFileAtomic(join(dir, manifest), [...site.keys()].join('\n') + '\n');
  return { files: site.size, bytes, written, unchanged: site.size - written, removed };
}
