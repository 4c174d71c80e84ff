// `evaluate <benchmark> --node A B …`: the same benchmark on many nodes, one row each, and the
// controls whose status differs between them.
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark } from '../model/benchmark.js';
import { inputError } from '../model/problem.js';
import type { Semantics } from '../evaluate/result.js';
import type { Io } from './io.js';

export async function evaluateFleet(
  benchmark: Benchmark,
  nodes: readonly string[],
  o: { release?: string; semantics: Semantics; controls?: string[]; format: 'text' | 'json' | 'markdown' },
  io: Io,
): Promise<string> {
  const [{ openRelease }, { loadNode }, { evaluateBenchmark }, fleet] = await Promise.all([
    import('../k8s/load.js'),
    import('../node/reference.js'),
    import('../evaluate/evaluate.js'),
    import('../evaluate/fleet.js'),
  ]);
  const releases = new Map<string, ReleaseSnapshot>();
  const reports = [];
  for (const ref of nodes) {
    const bundle = loadNode(ref, io.cwd);
    const version = o.release ?? bundle.release;
    if (!version)
      throw inputError(
        ref,
        'does not say which release it runs (node.release), expected --release 1.NN for every node, or a bundle that says it',
      );
    let release = releases.get(version);
    if (!release) {
      release = await openRelease(version, io.cwd);
      releases.set(version, release);
    }
    reports.push(evaluateBenchmark(benchmark, bundle, release, { semantics: o.semantics, controls: o.controls }));
  }
  const f = fleet.fleetOf(reports);
  return o.format === 'json'
    ? fleet.fleetJson(f)
    : o.format === 'markdown'
      ? fleet.fleetMarkdown(f, benchmark)
      : fleet.fleetText(f, benchmark);
}
