#!/usr/bin/env node
// Fleet evaluation (issue 21): one benchmark over 50 node bundles beside the same command on
// one bundle, each as a cold process (best of three). The bundles are kubeadm reference nodes of
// ten releases written to folders, so reading them is part of what is measured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedRelease } from '../dist/k8s/load.js';
import { kubeadmNode } from '../dist/node/kubeadm.js';
import { writeBundle } from '../dist/node/write.js';

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const cli = join(import.meta.dirname, '..', 'bin', 'benchwright.js');
const dir = mkdtempSync(join(tmpdir(), 'bw-fleet-'));
const releases = ['1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34'];
const bundles = Array.from({ length: 50 }, (_, i) => {
  const out = join(dir, `node-${String(i).padStart(2, '0')}`);
  writeBundle(kubeadmNode(shippedRelease(releases[i % releases.length])), out);
  return out;
});
// The machine is shared: wall time of a process waits for the CPU too. CPU time in-process (the
// CLI's own main, best of three) is the steadier figure.
const { main } = await import('../dist/cli/main.js');
const { Writable } = await import('node:stream');
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
const cpu = async (args) => {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.cpuUsage();
    await main(args, { stdout: sink(), stderr: sink(), cwd: process.cwd(), env: {} });
    const d = process.cpuUsage(t);
    least = Math.min(least, (d.user + d.system) / 1000);
  }
  return least;
};
const cpuOne = await cpu(['evaluate', 'cis-1.10', '--node', bundles[0]]);
const cpuFifty = await cpu(['evaluate', 'cis-1.10', '--node', ...bundles]);
const best = (args) =>
  Math.min(...[0, 1, 2].map(() => time(() => execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore' }))));
const one = best(['evaluate', 'cis-1.10', '--node', bundles[0]]);
const fifty = best(['evaluate', 'cis-1.10', '--node', ...bundles]);
const fiftyJson = best(['evaluate', 'cis-1.10', '--node', ...bundles, '--format', 'json']);
rmSync(dir, { recursive: true, force: true });
console.log(
  `fleet, CPU time in one process: evaluate cis-1.10 on 50 node bundles ${cpuFifty.toFixed(0)} ms, on one ${cpuOne.toFixed(0)} ms; ratio ${(cpuFifty / cpuOne).toFixed(1)}x for 50x the nodes`,
);
console.log(
  `fleet, wall time of a cold process: evaluate cis-1.10 on 50 node bundles (10 releases) ${fifty.toFixed(0)} ms (json ${fiftyJson.toFixed(0)} ms), on one bundle ${one.toFixed(0)} ms; ratio ${(fifty / one).toFixed(1)}x for 50x the nodes (target: a few seconds)`,
);
