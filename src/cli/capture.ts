// `node capture` and `node capture-script`: the glue between options and the capture modules.
import { resolve } from 'node:path';
import type { Benchmark } from '../model/benchmark.js';
import type { ApiObject } from '../node/schema.js';
import { inputError } from '../model/problem.js';
import type { Io } from './io.js';
import { loadBenchmarkRef } from './load.js';

/** Every shipped benchmark: the capture covers whatever any of them asks about. */
async function shippedBenchmarks(cwd: string): Promise<Benchmark[]> {
  const { shippedIds } = await import('../ingest/shipped-ids.js');
  return Promise.all(shippedIds().map(async (id) => (await loadBenchmarkRef(id, cwd)).benchmark));
}

/** `node capture`'s options, as commander hands them over. */
export interface CaptureOptions {
  out: string;
  root: string;
  proc: string;
  kubeconfig?: string;
  objects?: string;
  release?: string;
  force?: boolean;
}

export async function captureCommand(o: CaptureOptions, io: Io): Promise<string> {
  if (!o.out.trim()) throw inputError('--out', 'empty value, expected a folder to write the bundle into');
  if (o.release !== undefined && !/^v?\d+\.\d+$/.test(o.release))
    throw inputError('--release', `'${o.release}' is not a minor release, expected 1.NN`);
  if (o.kubeconfig !== undefined && o.objects !== undefined)
    throw inputError('--objects', 'given with --kubeconfig, expected one of them');
  const [{ captureNode }, { watchList }, { writeBundle }, kubectl, { inspect, readInput }] = await Promise.all([
    import('../node/capture/capture.js'),
    import('../node/capture/watch.js'),
    import('../node/write.js'),
    import('../node/capture/kubectl.js'),
    import('../io/read.js'),
  ]);
  for (const [flag, dir] of [
    ['--root', o.root],
    ['--proc', o.proc],
  ] as const)
    if (!inspect(resolve(io.cwd, dir), { shownAs: dir, what: 'a folder' }).isDirectory())
      throw inputError(flag, `${dir} is not a folder, expected the node's ${flag.slice(2)} folder`);
  const benchmarks = await shippedBenchmarks(io.cwd);
  let objects: ApiObject[] | undefined;
  if (o.kubeconfig !== undefined)
    objects = kubectl.kubectlObjects(resolve(io.cwd, o.kubeconfig), kubectl.resourcesFor(benchmarks), io.env);
  else if (o.objects !== undefined)
    objects = kubectl.objectsOfOutput(
      readInput(resolve(io.cwd, o.objects), { kind: 'scanner report', shownAs: o.objects }),
      o.objects,
    );
  const captured = captureNode({
    root: resolve(io.cwd, o.root),
    proc: resolve(io.cwd, o.proc),
    watch: watchList(benchmarks),
    ...(o.release ? { release: o.release.replace(/^v/, '') } : {}),
    ...(objects ? { objects } : {}),
  });
  writeBundle(captured.bundle, resolve(io.cwd, o.out), { shownAs: o.out, force: o.force });
  const b = captured.bundle;
  const lines = [
    `captured ${b.processes?.length ?? 0} processes, ${b.entries.size} files and folders ` +
      `(${captured.copied} copied, redacted), ${b.objects?.length ?? 0} API objects into ${o.out}` +
      (b.release ? ` (release ${b.release})` : ' (no release found: evaluate needs --release)'),
    ...captured.notes.map((n) => `  note: ${n}`),
  ];
  return lines.join('\n');
}

export async function scriptCommand(o: { manifest?: boolean; image: string; namespace: string }): Promise<string> {
  const [{ captureScript, captureManifest }, { watchList }] = await Promise.all([
    import('../node/capture/script.js'),
    import('../node/capture/watch.js'),
  ]);
  const script = captureScript(watchList(await shippedBenchmarks(process.cwd())));
  return o.manifest ? captureManifest(script, { image: o.image, namespace: o.namespace }) : script;
}
