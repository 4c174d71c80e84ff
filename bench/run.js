#!/usr/bin/env node
// Speed, as ratios against a baseline measured in the same run (never asserted in tests).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { corpusDir } from '../dist/paths.js';
import { kubeBenchFolders, readKubeBenchFolder } from '../dist/ingest/kube-bench/read.js';
import { loadBenchmark, shippedIds } from '../dist/ingest/load.js';
import { shippedRelease, shippedReleases } from '../dist/k8s/load.js';
import { checkBenchmark, installerProfile } from '../dist/rules/check.js';
import { readKnowledge } from '../dist/rules/knowledge.js';

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const cfg = join(corpusDir(), 'kube-bench', 'cfg');
// The corpus-backed measurements need ../shared (or BENCHWRIGHT_CORPUS); the rest run on shipped data.
const hasCorpus = existsSync(cfg);
if (hasCorpus) {
  const folders = kubeBenchFolders(cfg);
  const parseOnly = time(() => {
    for (const f of folders)
      for (const n of readdirSync(f).filter((x) => x.endsWith('.yaml')))
        parseDocument(readFileSync(join(f, n), 'utf8'), { uniqueKeys: false, prettyErrors: false });
  });
  const importAll = time(() => {
    for (const f of folders) readKubeBenchFolder(f);
  });
  console.log(
    `import whole kube-bench corpus (${folders.length} folders): ${importAll.toFixed(0)} ms; bare yaml parse ${parseOnly.toFixed(0)} ms; ratio ${(importAll / parseOnly).toFixed(2)}x (target < 3000 ms, <= 2x)`,
  );
} else console.log(`no corpus at ${corpusDir()}: skipping the import and snapshot-build measurements`);

let benches;
const loadAll = time(() => {
  benches = shippedIds().map((id) => loadBenchmark(id).benchmark);
});
let history;
const loadRel = time(() => {
  history = shippedReleases().map((r) => shippedRelease(r));
});
const one = time(() => shippedRelease(shippedReleases().at(-1)));
const knowledge = readKnowledge();
const matrix = time(() => {
  for (const b of benches)
    for (const r of history) {
      checkBenchmark(b, r, history, knowledge);
      checkBenchmark(b, r, history, knowledge, installerProfile('kubeadm', r, knowledge));
    }
});
console.log(
  `load shipped benchmarks ${loadAll.toFixed(0)} ms, all release snapshots ${loadRel.toFixed(0)} ms, one snapshot ${one.toFixed(1)} ms (target < 20 ms)`,
);
console.log(
  `full matrix ${benches.length} benchmarks x ${history.length} releases x 2 installers, in this (warm) process: ${matrix.toFixed(0)} ms; ratio to loading ${(matrix / (loadAll + loadRel)).toFixed(2)}x`,
);
// The same as one cold process each: load only, then load and check; best of three.
{
  const { execFileSync } = await import('node:child_process');
  const script = join(import.meta.dirname, 'matrix-process.js');
  const best = (args) =>
    Math.min(
      ...[0, 1, 2].map(() => time(() => execFileSync(process.execPath, [script, ...args], { stdio: 'ignore' }))),
    );
  const loadOnly = best(['--load-only']);
  const full = best([]);
  console.log(
    `full matrix as one cold process: ${full.toFixed(0)} ms; loading the same inputs alone (prepared JSON, as the ` +
      `command line reads them) ${loadOnly.toFixed(0)} ms; checking takes ${(full - loadOnly).toFixed(0)} ms, ` +
      `${((100 * (full - loadOnly)) / loadOnly).toFixed(0)}% of loading (target: total < 2000 ms, checking <= +50%; ` +
      'the ratio target was set when loading parsed YAML, about 1100 ms)',
  );
}

// Benchmark diff and lineage (issue 5): every consecutive pair of shipped versions and the
// lineage table, beside loading the same benchmarks.
const { orderBenchmarks } = await import('../dist/diff/order.js');
const { diffBenchmarks } = await import('../dist/diff/benchmark-diff.js');
const { buildLineage } = await import('../dist/diff/lineage.js');
const ordered = orderBenchmarks(benches);
const diffAll = time(() => {
  for (let i = 1; i < ordered.length; i++) diffBenchmarks(ordered[i - 1], ordered[i]);
});
const lineageAll = time(() => buildLineage(benches));
console.log(
  `diff of ${ordered.length - 1} consecutive versions ${diffAll.toFixed(0)} ms + lineage table ${lineageAll.toFixed(0)} ms = ${(diffAll + lineageAll).toFixed(0)} ms; ratio to loading them ${((diffAll + lineageAll) / loadAll).toFixed(2)}x (target < 1000 ms, <= 2x)`,
);

// Growth with control count: each section copied k times, every setting renamed per copy,
// titles treated as hand-written so title matching runs too.
const scaled = (b, k) => ({
  ...b,
  sections: Array.from({ length: k }, (_, n) =>
    b.sections.map((s) => ({
      ...s,
      id: `${s.id}.${n}`,
      controls: s.controls.map((c) => ({
        ...c,
        id: `${c.id}.${n}`,
        title: `${c.title} copy${n}`,
        titleGenerated: false,
        checks: c.checks.map((ch) => ({ ...ch, subjects: ch.subjects.map((su) => rename(su, n)) })),
      })),
    })),
  ).flat(),
});
const rename = (su, n) => {
  const s = { ...su };
  for (const key of ['flag', 'path', 'gate', 'plugin', 'raw', 'role'])
    if (typeof s[key] === 'string') s[key] = key === 'gate' || key === 'plugin' ? `${s[key]}X${n}` : `${s[key]}-${n}`;
  return s;
};
const [sa, sb] = [ordered.find((b) => b.id === 'cis-1.20'), ordered.find((b) => b.id === 'cis-1.23')];
const perControl = [];
for (const k of [1, 10, 100]) {
  const a = scaled(sa, k);
  const b = scaled(sb, k);
  const n = a.sections.reduce((x, s) => x + s.controls.length, 0);
  diffBenchmarks(a, b);
  const runs = k === 100 ? 2 : 5;
  const ms =
    time(() => {
      for (let i = 0; i < runs; i++) diffBenchmarks(a, b);
    }) / runs;
  perControl.push(ms / n);
  console.log(
    `  synthetic diff ${k}x (${n} controls): ${ms.toFixed(1)} ms, ${((1000 * ms) / n).toFixed(1)} µs per control`,
  );
}
console.log(
  `  growth per control 1x → 100x: ${(perControl[2] / perControl[0]).toFixed(2)}x (near 1 is linear; quadratic would be ~100x)`,
);

// Proposals (issue 6): the newest benchmark against every shipped release, generation
// (planning, lineage, rendering every file and the index) beside the checking alone.
const { planProposals } = await import('../dist/propose/proposal.js');
const { renderProposal, renderIndex } = await import('../dist/propose/render.js');
const { readTemplate, readImpact, templatesDir } = await import('../dist/cli/templates.js');
const { readShippedLineage } = await import('../dist/diff/shipped.js');
// The newest CIS Kubernetes version (the CIS Docker versions sort after it).
const newest = ordered.filter((b) => b.kubernetes.length).at(-1);
let reports;
const checkNewest = time(() => {
  reports = history.map((r) => checkBenchmark(newest, r, history, knowledge));
});
let fileCount = 0;
const generateOnce = () => {
  const set = planProposals(newest, reports);
  const ctx = {
    set,
    template: readTemplate(join(templatesDir, 'proposal.md')),
    impact: readImpact(),
    lineage: readShippedLineage(),
  };
  const texts = set.proposals.map((p) => renderProposal(p, ctx));
  texts.push(
    renderIndex(
      set,
      set.proposals.map((proposal) => ({ proposal })),
    ),
  );
  fileCount = texts.length;
};
// The check above runs warm (the matrix ran first); generation is timed cold (first use of
// the markdown serialiser in this process) and warm, to show which part is start-up.
const generateCold = time(generateOnce);
const checkWarm = time(() => {
  reports = history.map((r) => checkBenchmark(newest, r, history, knowledge));
});
const generateWarm = time(generateOnce);
// The same as a user runs it: the check command beside the propose command, each one
// process (start-up, loading, checking; propose also renders and writes), best of five.
{
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const cli = join(import.meta.dirname, '..', 'bin', 'benchwright.js');
  const rels = history.map((r) => r.release);
  const best = (args) =>
    Math.min(
      ...[0, 1, 2, 3, 4].map(() => time(() => execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore' }))),
    );
  const out = mkdtempSync(join(tmpdir(), 'bw-bench-'));
  const checkCmd = best(['check', newest.id, '--release', ...rels, '--format', 'json']);
  const proposeCmd = best(['propose', newest.id, '--release', ...rels, '--out', out, '--force']);
  rmSync(out, { recursive: true, force: true });
  console.log(
    `commands: check ${newest.id} on ${rels.length} releases ${checkCmd.toFixed(0)} ms, propose ${proposeCmd.toFixed(0)} ms; propose adds ${((100 * (proposeCmd - checkCmd)) / checkCmd).toFixed(0)}% (target <= 50%)`,
  );
}
console.log(
  `proposals for ${newest.id} against ${history.length} releases: check ${checkNewest.toFixed(0)} ms (again ${checkWarm.toFixed(0)} ms), generation of ${fileCount} files ${generateCold.toFixed(0)} ms cold, ${generateWarm.toFixed(0)} ms warm; generation adds ${((100 * generateCold) / checkNewest).toFixed(0)}% cold, ${((100 * generateWarm) / checkWarm).toFixed(0)}% warm to checking (target <= 50%)`,
);

// Release snapshots (issues 3 and 10): building every release beside reading and parsing its sources.
if (hasCorpus) await import('./releases.js');

// Cold starts (issue 15): commands as fresh processes beside bare Node and bare YAML parsing.
await import('./cold-start.js');
await import('./workloads.js');
await import('./evaluate.js');
await import('./hostile.js');
await import('./fleet.js');
