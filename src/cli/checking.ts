// Checking a benchmark against releases, as check, propose and report need it.
import { resolve } from 'node:path';
import type { Loaded } from '../ingest/load.js';
import type { Knowledge } from '../rules/knowledge.js';
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
): Promise<{ benchmark: Benchmark; file: string; reports: CheckReport[]; releases: ReleaseSnapshot[] }> {
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
  const reports = [];
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
  return { benchmark, file, reports, releases: checked };
}

export interface MatrixOptions {
  benchmarks?: string[];
  releases?: string[];
  installer?: string;
  scope: MatrixScope;
}

/** The matrix of benchmarks × releases, with progress on a terminal. */
export async function checkMatrix(io: Io, o: MatrixOptions): Promise<{ matrix: Matrix; loaded: Loaded[] }> {
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
  const bar = progress(io, 'checking', matrixSize(input));
  try {
    return { matrix: buildMatrix(input, (label) => bar.step(label)), loaded };
  } finally {
    bar.done();
  }
}
