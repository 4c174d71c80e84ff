#!/usr/bin/env node
// One cold process: load every shipped benchmark and release snapshot, then (unless
// --load-only) check every benchmark × release with and without kubeadm. run.js times it.
import { loadBenchmark, shippedIds } from '../dist/ingest/load.js';
import { shippedRelease, shippedReleases } from '../dist/k8s/load.js';
import { checkBenchmark, installerProfile } from '../dist/rules/check.js';
import { readKnowledge } from '../dist/rules/knowledge.js';

const benches = shippedIds().map((id) => loadBenchmark(id).benchmark);
const history = shippedReleases().map((r) => shippedRelease(r));
const knowledge = readKnowledge();
let findings = 0;
if (!process.argv.includes('--load-only')) {
  for (const b of benches)
    for (const r of history) {
      findings += checkBenchmark(b, r, history, knowledge).findings.length;
      findings += checkBenchmark(b, r, history, knowledge, installerProfile('kubeadm', r, knowledge)).findings.length;
    }
}
process.stdout.write(`${findings}\n`);
