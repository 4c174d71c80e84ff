#!/usr/bin/env node
// One cold process: load every shipped benchmark and the release snapshots they target,
// then (unless --load-only) build the kubeadm reference node of each of those releases and
// evaluate every benchmark on it under both semantics. bench/evaluate.js times it.
import { evaluateBenchmark } from '../dist/evaluate/evaluate.js';
import { loadBenchmark, shippedIds } from '../dist/ingest/load.js';
import { loadRelease, shippedReleases } from '../dist/k8s/load.js';
import { kubeadmNode } from '../dist/node/kubeadm.js';

const shipped = new Set(shippedReleases());
const benches = shippedIds().map((id) => loadBenchmark(id).benchmark);
const releases = new Map();
for (const b of benches)
  for (const r of b.kubernetes) if (shipped.has(r) && !releases.has(r)) releases.set(r, loadRelease(r));
let results = 0;
if (!process.argv.includes('--load-only')) {
  const nodes = new Map([...releases].map(([r, snapshot]) => [r, kubeadmNode(snapshot)]));
  for (const b of benches)
    for (const r of b.kubernetes) {
      if (!releases.has(r)) continue;
      for (const semantics of ['effective', 'kube-bench'])
        results += evaluateBenchmark(b, nodes.get(r), releases.get(r), { semantics }).results.length;
    }
}
process.stdout.write(`${results}\n`);
