// Checking a benchmark against releases, as check, propose and report need it.
import { resolve } from 'node:path';
import type { Loaded } from '../ingest/load.js';
import type { Knowledge } from '../rules/knowledge.js';
import type { MatrixSince, SinceDelta } from '../diff/since.js';
import type { Benchmark } from '../model/benchmark.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { inputError } from '../model/problem.js';
import { compareVersions } from '../model/ids.js';
import { openRelease, shippedHistory, shippedReleases } from '../k8s/load.js';
import { checkBenchmark, installerProfile, type CheckReport } from '../rules/check.js';
import { orderBenchmarks } from '../diff/order.js';
import { shippedIds } from '../ingest/shipped-ids.js';
import { buildMatrix, matrixSize, type Matrix, type MatrixScope } from '../report/matrix.js';
import type { Io } from './io.js';
import { checkInstaller, loadBenchmarkRef, loadKnowledge } from './load.js';
import { releaseNames } from './options.js';
import { progress } from './progress.js';

/** The shipped knowledge with the network-plugin workloads of a user's --allow-list file added. */
async function withUserAllowList(knowledge: Knowledge, allowList: string | undefined, cwd: string): Promise<Knowledge> {
  if (allowList === undefined) return knowledge;
  if (allowList.trim() === '')
    throw inputError('--allow-list', 'empty path, expected a YAML file listing { namespace, name } entries');
  const [{ readInput }, { parseAllowList, withAllowList }] = await Promise.all([
    import('../io/read.js'),
    import('../workloads/knowledge.js'),
  ]);
  const text = readInput(resolve(cwd, allowList), { kind: 'data file', shownAs: allowList });
  return { ...knowledge, workloads: withAllowList(knowledge.workloads, parseAllowList(text, allowList)) };
}

/** Load a benchmark and check it against releases (default: the shipped ones it targets). */
export async function checkReports(
  ref: string,
  releases: string[] | undefined,
  installer: string | undefined,
  cwd: string,
  allowList?: string,
  since?: string,
): Promise<{
  benchmark: Benchmark;
  file: string;
  reports: CheckReport[];
  releases: ReleaseSnapshot[];
  /** With `since`: per report, the findings that appeared and went away since that release, and why. */
  deltas?: SinceDelta[];
}> {
  const knowledge = await withUserAllowList(await loadKnowledge(), allowList, cwd);
  checkInstaller(knowledge, installer);
  const { benchmark, file } = await loadBenchmarkRef(ref, cwd);
  const shipped = shippedReleases();
  const targets = releases ?? benchmark.kubernetes.filter((k) => shipped.includes(k));
  if (!targets.length) {
    const named = benchmark.kubernetes.join(', ') || '(none)';
    throw inputError(
      ref,
      benchmark.docker
        ? `is a CIS Docker Benchmark (Docker ${benchmark.docker.join(', ')}), expected ` +
            `--release 1.NN: the Kubernetes release of the cluster it is applied to`
        : `targets Kubernetes ${named}, none of which is shipped; expected --release VERSION`,
    );
  }
  const history = shippedHistory();
  const reports: CheckReport[] = [];
  const checked: ReleaseSnapshot[] = [];
  for (const t of targets) {
    const release = history.find((h) => h.release === t.replace(/^v/, '')) ?? (await openRelease(t, cwd));
    const hist = history.some((h) => h.release === release.release)
      ? history
      : [...history, release].sort((a, b) => compareVersions(a.release, b.release));
    const profile = installer ? installerProfile(installer, release, knowledge) : undefined;
    reports.push(checkBenchmark(benchmark, release, hist, knowledge, profile));
    checked.push(release);
  }
  if (since === undefined) return { benchmark, file, reports, releases: checked };
  const base = await sinceRelease(since, checked, cwd);
  const profile = installer ? installerProfile(installer, base, knowledge) : undefined;
  const before = checkBenchmark(benchmark, base, history, knowledge, profile);
  const { releaseSteps, sinceDelta } = await import('../diff/since.js');
  const deltas = checked.map((r, i) => sinceDelta(before, reports[i], releaseSteps(base, r, history)));
  return { benchmark, file, reports, releases: checked, deltas };
}

/** `--since`: a release (shipped, or a snapshot file) before every release checked. */
export async function sinceRelease(
  since: string,
  checked: readonly ReleaseSnapshot[],
  cwd: string,
): Promise<ReleaseSnapshot> {
  const base = await openRelease(since, cwd, '--since');
  const later = checked.find((r) => compareVersions(r.release, base.release) <= 0);
  if (later)
    throw inputError(
      '--since',
      `${since} is not before the checked release ${later.release}, expected an earlier release such as ` +
        `${
          shippedReleases()
            .filter((r) => compareVersions(r, later.release) < 0)
            .at(-1) ?? '1.13'
        }`,
    );
  return base;
}

export interface MatrixOptions {
  benchmarks?: string[];
  releases?: string[];
  installer?: string;
  scope: MatrixScope;
  /** `--since`: each later cell's findings against the benchmark on this release. */
  since?: string;
}

/** The matrix of benchmarks × releases, with progress on a terminal. */
export async function checkMatrix(
  io: Io,
  o: MatrixOptions,
): Promise<{ matrix: Matrix; loaded: Loaded[]; since?: MatrixSince }> {
  const knowledge = await loadKnowledge();
  checkInstaller(knowledge, o.installer);
  const shipped = shippedReleases();
  const note = (line: string): void => void io.stderr.write(`${line}\n`);
  const releases = o.releases === undefined ? shipped : releaseNames('--releases', o.releases, shipped, note, false);
  const refs = o.benchmarks ?? shippedIds();
  const loaded = await Promise.all(refs.map((ref) => loadBenchmarkRef(ref, io.cwd)));
  const seen = new Set<string>();
  for (const { benchmark } of loaded) {
    if (seen.has(benchmark.id))
      throw inputError('--benchmarks', `${benchmark.id} named twice, expected each benchmark once`);
    seen.add(benchmark.id);
  }
  const benchmarks = orderBenchmarks(loaded.map((l) => l.benchmark));
  const history = shippedHistory();
  const input = { benchmarks, history, releases, knowledge, installer: o.installer, scope: o.scope };
  const base = o.since === undefined ? undefined : await openRelease(o.since, io.cwd, '--since');
  const bar = progress(io, 'checking', matrixSize(input) + (base ? benchmarks.length : 0));
  try {
    const matrix = buildMatrix(input, (label) => bar.step(label));
    if (!base) return { matrix, loaded };
    const { releaseSteps, sinceDelta } = await import('../diff/since.js');
    const steps = new Map<string, ReturnType<typeof releaseSteps>>();
    const deltas = new Map<string, Map<string, SinceDelta>>();
    for (const row of matrix.rows) {
      const profile = o.installer ? installerProfile(o.installer, base, knowledge) : undefined;
      const before = checkBenchmark(row.benchmark, base, history, knowledge, profile);
      bar.step(`${row.benchmark.id} on ${base.release}`);
      const byRelease = new Map<string, SinceDelta>();
      for (const cell of row.cells) {
        const after = history.find((h) => h.release === cell.release);
        // Only the releases after --since: a delta runs forward.
        if (!cell.report || !after || compareVersions(cell.release, base.release) <= 0) continue;
        if (!steps.has(cell.release)) steps.set(cell.release, releaseSteps(base, after, history));
        byRelease.set(cell.release, sinceDelta(before, cell.report, steps.get(cell.release)!));
      }
      deltas.set(row.benchmark.id, byRelease);
    }
    return { matrix, loaded, since: { release: base.release, deltas } };
  } finally {
    bar.done();
  }
}
