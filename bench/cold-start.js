#!/usr/bin/env node
// Cold starts (issue 15): commands as a user runs them, each a fresh process, beside a bare
// `node -e 0` measured in the same rounds (interleaved, so load on the machine hits both).
// Best of N per command, as ratios to the baseline. Targets: show and check within 3x bare
// Node; the corpus import within 2x bare YAML parsing of the same files, also cold processes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir } from '../dist/paths.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'benchwright.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);

const time = (args) => {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
/** Best time of each named command over interleaved rounds. */
const best = (commands) => {
  const out = Object.fromEntries(Object.keys(commands).map((k) => [k, Infinity]));
  for (let i = 0; i < rounds; i++)
    for (const [k, args] of Object.entries(commands)) out[k] = Math.min(out[k], time(args));
  return out;
};
const ms = (x) => `${x.toFixed(0)} ms`;

const starts = best({
  node: ['-e', '0'],
  show: [cli, 'show', 'cis-1.4', '--control', '2.1.10'],
  check: [cli, 'check', 'cis-1.12', '--release', '1.34'],
});
const ratio = (k) => (starts[k] / starts.node).toFixed(2);
console.log(
  `cold start, best of ${rounds}: node -e 0 ${ms(starts.node)}; show cis-1.4 --control 2.1.10 ${ms(starts.show)} ` +
    `(${ratio('show')}x); check cis-1.12 --release 1.34 ${ms(starts.check)} (${ratio('check')}x) (target <= 3x)`,
);

const cfg = join(corpusDir(), 'kube-bench', 'cfg');
if (existsSync(cfg)) {
  // The same files the import reads: every folder's *.yaml and the root config.yaml, parsed once each.
  const parse = `
    import { readdirSync, readFileSync, statSync } from 'node:fs';
    import { join } from 'node:path';
    import { createRequire } from 'node:module';
    // The package loaded the way benchwright loads it (required: the faster way to start).
    const { parseDocument } = createRequire(process.cwd() + '/')('yaml');
    const root = process.argv[1];
    const yaml = (p) => parseDocument(readFileSync(p, 'utf8'), { uniqueKeys: false, prettyErrors: false });
    yaml(join(root, 'config.yaml'));
    for (const d of readdirSync(root).sort()) {
      const dir = join(root, d);
      if (statSync(dir).isDirectory())
        for (const f of readdirSync(dir).sort()) if (f.endsWith('.yaml')) yaml(join(dir, f));
    }`;
  const out = mkdtempSync(join(tmpdir(), 'bw-cold-'));
  const imports = best({
    parse: ['--input-type=module', '-e', parse, cfg],
    import: [cli, 'import', 'kube-bench', cfg, '--out-dir', out, '--quiet'],
  });
  rmSync(out, { recursive: true, force: true });
  console.log(
    `corpus import as one cold process, best of ${rounds}: ${ms(imports.import)}; bare YAML parsing of the same ` +
      `files ${ms(imports.parse)}; ratio ${(imports.import / imports.parse).toFixed(2)}x (target <= 2x)`,
  );
} else console.log(`no corpus at ${corpusDir()}: skipping the cold corpus import`);
