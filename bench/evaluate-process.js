#!/usr/bin/env node
// One cold process: load every shipped benchmark and the release snapshots they target,
// then (unless --load-only) build the kubeadm reference node of each of those releases and
// evaluate every benchmark on it (effective semantics, evaluate's default; `--both` adds
// the kube-bench replay). Prints the control results and its own load/evaluate times.
import { evaluateBenchmark } from '../dist/evaluate/evaluate.js';
import { loadBenchmark, shippedIds } from '../dist/ingest/load.js';
import { shippedRelease, shippedReleases } from '../dist/k8s/load.js';
import { kubeadmNode } from '../dist/node/kubeadm.js';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const t0 = now();
const shipped = new Set(shippedReleases());
const benches = shippedIds().map((id) => loadBenchmark(id).benchmark);
const releases = new Map();
for (const b of benches)
  for (const r of b.kubernetes) if (shipped.has(r) && !releases.has(r)) releases.set(r, shippedRelease(r));
const t1 = now();
let results = 0;
if (!process.argv.includes('--load-only')) {
  const semantics = process.argv.includes('--both') ? ['effective', 'kube-bench'] : ['effective'];
  const nodes = new Map([...releases].map(([r, snapshot]) => [r, kubeadmNode(snapshot)]));
  for (const b of benches)
    for (const r of b.kubernetes) {
      if (!releases.has(r)) continue;
      for (const s of semantics)
        results += evaluateBenchmark(b, nodes.get(r), releases.get(r), { semantics: s }).results.length;
    }
}
process.stdout.write(`${results} ${(t1 - t0).toFixed(1)} ${(now() - t1).toFixed(1)}\n`);
