#!/usr/bin/env node
// One cold process: load every shipped benchmark and release snapshot the way the command line
// does (prepared JSON), then (unless --load-only) check every benchmark × release with and
// without kubeadm. run.js times it.
import { loadBenchmarkRef, loadKnowledge } from '../dist/cli/load.js';
import { shippedIds } from '../dist/ingest/shipped-ids.js';
import { shippedRelease, shippedReleases } from '../dist/k8s/load.js';
import { checkBenchmark, installerProfile } from '../dist/rules/check.js';

const benches = await Promise.all(
  shippedIds().map(async (id) => (await loadBenchmarkRef(id, process.cwd())).benchmark),
);
const history = shippedReleases().map((r) => shippedRelease(r));
const knowledge = await loadKnowledge();
let findings = 0;
if (!process.argv.includes('--load-only')) {
  for (const b of benches)
    for (const r of history) {
      findings += checkBenchmark(b, r, history, knowledge).findings.length;
      findings += checkBenchmark(b, r, history, knowledge, installerProfile('kubeadm', r, knowledge)).findings.length;
    }
}
process.stdout.write(`${findings}\n`);
