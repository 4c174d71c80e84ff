#!/usr/bin/env node
// Speed, as ratios against a baseline measured in the same run (never asserted in tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { corpusDir } from '../dist/paths.js';
import { kubeBenchFolders, readKubeBenchFolder } from '../dist/ingest/kube-bench/read.js';
import { loadBenchmark, shippedIds } from '../dist/ingest/load.js';
import { loadRelease, shippedReleases } from '../dist/k8s/load.js';
import { checkBenchmark, installerProfile } from '../dist/rules/check.js';
import { readKnowledge } from '../dist/rules/knowledge.js';

const time = (fn) => { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6; };
const cfg = join(corpusDir(), 'kube-bench', 'cfg');
const folders = kubeBenchFolders(cfg);
const parseOnly = time(() => { for (const f of folders) for (const n of readdirSync(f).filter((x) => x.endsWith('.yaml'))) parseDocument(readFileSync(join(f, n), 'utf8'), { uniqueKeys: false, prettyErrors: false }); });
const importAll = time(() => { for (const f of folders) readKubeBenchFolder(f); });
console.log(`import whole kube-bench corpus (${folders.length} folders): ${importAll.toFixed(0)} ms; bare yaml parse ${parseOnly.toFixed(0)} ms; ratio ${(importAll / parseOnly).toFixed(2)}x (target < 3000 ms, <= 2x)`);

let benches;
const loadAll = time(() => { benches = shippedIds().map((id) => loadBenchmark(id).benchmark); });
let history;
const loadRel = time(() => { history = shippedReleases().map((r) => loadRelease(r)); });
const one = time(() => loadRelease('1.34'));
const knowledge = readKnowledge();
const matrix = time(() => {
  for (const b of benches) for (const r of history) {
    checkBenchmark(b, r, history, knowledge);
    checkBenchmark(b, r, history, knowledge, installerProfile('kubeadm', r, knowledge));
  }
});
console.log(`load shipped benchmarks ${loadAll.toFixed(0)} ms, all release snapshots ${loadRel.toFixed(0)} ms, one snapshot ${one.toFixed(1)} ms (target < 20 ms)`);
console.log(`full matrix ${benches.length} benchmarks x ${history.length} releases x 2 installers: ${matrix.toFixed(0)} ms; ratio to loading ${(matrix / (loadAll + loadRel)).toFixed(2)}x (target: total < 2000 ms, checking <= +50%)`);
