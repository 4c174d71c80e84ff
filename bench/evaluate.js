#!/usr/bin/env node
// Evaluation (issue 11): every shipped benchmark on the kubeadm reference node of each
// release it targets, both semantics, as one cold process beside loading the same inputs
// alone; best of three.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const script = join(import.meta.dirname, 'evaluate-process.js');
let controls = 0;
const best = (args) =>
  Math.min(
    ...[0, 1, 2].map(() =>
      time(() => {
        controls = Number(execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' }).trim()) || controls;
      }),
    ),
  );
const loadOnly = best(['--load-only']);
const full = best([]);
console.log(
  `evaluate every shipped benchmark on the kubeadm node of each release it targets, both semantics (${controls} control results), one cold process: ${full.toFixed(0)} ms; loading the same inputs alone ${loadOnly.toFixed(0)} ms; ratio ${(full / loadOnly).toFixed(2)}x (target < 2000 ms, < 1.5x)`,
);
