#!/usr/bin/env node
// Workloads and the CIS Docker Benchmark (issue 12): the docker-bench import beside a bare YAML
// parse of the same files, and the full matrix as one cold process with and without the Docker
// benchmarks (target: under 2000 ms with them). Run alone or from bench/run.js.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { corpusDir } from '../dist/paths.js';

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

// Child mode: load the shipped benchmarks of one family (or all) and every release, check them all.
if (process.argv[2] === '--matrix') {
  const family = process.argv[3];
  // Loaded as the command line loads them (prepared JSON).
  const { loadBenchmarkRef, loadKnowledge } = await import('../dist/cli/load.js');
  const { shippedIds } = await import('../dist/ingest/shipped-ids.js');
  const { shippedRelease, shippedReleases } = await import('../dist/k8s/load.js');
  const { checkBenchmark, installerProfile } = await import('../dist/rules/check.js');
  const ids = shippedIds().filter((id) => family === 'all' || (family === 'kubernetes') === !id.startsWith('docker-'));
  const benches = await Promise.all(ids.map(async (id) => (await loadBenchmarkRef(id, process.cwd())).benchmark));
  const history = shippedReleases().map((r) => shippedRelease(r));
  const knowledge = await loadKnowledge();
  let n = 0;
  for (const b of benches)
    for (const r of history) {
      n += checkBenchmark(b, r, history, knowledge).findings.length;
      n += checkBenchmark(b, r, history, knowledge, installerProfile('kubeadm', r, knowledge)).findings.length;
    }
  // The process's own CPU time, whole run, for the parent to report beside the wall clock.
  const cpu = process.cpuUsage();
  process.stdout.write(`${n} ${(cpu.user + cpu.system) / 1000}\n`);
  process.exit(0);
}

const cfg = join(corpusDir(), 'docker-bench', 'cfg');
if (existsSync(cfg)) {
  const { dockerBenchFolders, readDockerBenchFolder } = await import('../dist/ingest/docker-bench/read.js');
  const folders = dockerBenchFolders(cfg);
  const parseOnly = time(() => {
    for (const f of folders) parseDocument(readFileSync(join(f, 'definitions.yaml'), 'utf8'), { uniqueKeys: false });
  });
  const shares = [];
  const importAll = time(() => {
    for (const f of folders) {
      const s = readDockerBenchFolder(f).stats;
      shares.push(
        `${f.split('/').pop()} ${((100 * (s.automatedChecks - s.automatedUnknown)) / s.automatedChecks).toFixed(1)}%`,
      );
    }
  });
  console.log(
    `import every docker-bench folder (${folders.length}): ${importAll.toFixed(0)} ms; bare yaml parse ${parseOnly.toFixed(0)} ms; ratio ${(importAll / parseOnly).toFixed(2)}x`,
  );
  console.log(`  automated checks classified: ${shares.join(', ')} (target >= 90% each)`);
} else console.log(`no docker-bench corpus at ${cfg}: skipping the import measurement`);

// Titles that say nothing, in the shipped benchmarks (target 0).
{
  const { loadBenchmark, shippedIds } = await import('../dist/ingest/load.js');
  const nothing = /^(Manual|Automated) [a-z]+ control |setting "|^[A-Za-z]+ "[^"]*"/;
  let n = 0;
  let total = 0;
  for (const id of shippedIds())
    for (const s of loadBenchmark(id).benchmark.sections)
      for (const c of s.controls) {
        total++;
        if (c.titleGenerated && nothing.test(c.title)) n++;
      }
  console.log(`generated titles that say nothing: ${n} of ${total} shipped controls (target 0)`);
}

// The matrix as one cold process, with and without the Docker benchmarks, interleaved and best
// of five: wall clock (what a user waits) and the process's CPU time (steadier on a busy machine).
const self = join(import.meta.dirname, 'workloads.js');
const runs = { kubernetes: [], all: [] };
for (let i = 0; i < 5; i++)
  for (const family of ['kubernetes', 'all']) {
    let out = '';
    const wall = time(() => {
      out = execFileSync(process.execPath, [self, '--matrix', family], { encoding: 'utf8' });
    });
    runs[family].push({ wall, cpu: Number(out.trim().split(' ')[1]) });
  }
const bestOf = (xs, k) => Math.min(...xs.map((x) => x[k]));
const [kw, aw, kc, ac] = [
  bestOf(runs.kubernetes, 'wall'),
  bestOf(runs.all, 'wall'),
  bestOf(runs.kubernetes, 'cpu'),
  bestOf(runs.all, 'cpu'),
];
console.log(
  `full matrix as one cold process: ${aw.toFixed(0)} ms with the Docker benchmarks, ${kw.toFixed(0)} ms without (CPU ${ac.toFixed(0)} vs ${kc.toFixed(0)} ms); the Docker benchmarks add ${((100 * (ac - kc)) / kc).toFixed(0)}% CPU (target: total < 2000 ms)`,
);
