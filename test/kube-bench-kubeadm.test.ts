// kube-bench's own reports on kubeadm clusters, held against what `check --installer kubeadm` and
// `evaluate --compare` say (issue 19: "every FAIL explained, no PASS blamed on the installer").
// For every benchmark kube-bench picks for a kubeadm release 1.13–1.36 (the version_mapping of its
// config.yaml, now and in the history the fixtures keep), kube-bench is replayed on the kubeadm
// reference node of that release. Each FAIL (and each WARN of a scored, automated control) must be
// explained: a finding on the control that says why it fails there, or a false FAIL that
// `evaluate --compare` lists with its why. No finding may say kubeadm's default fails a control
// kube-bench passes on that node, nor that a check "can never pass" where kube-bench passes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSemantics, evaluateBenchmark } from '../src/evaluate/evaluate.js';
import { parseConfig } from '../src/ingest/kube-bench/config.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedHistory } from '../src/k8s/load.js';
import { controlsOf } from '../src/model/controls.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { checkBenchmark, installerProfile } from '../src/rules/check.js';
import { readKnowledge } from '../src/rules/knowledge.js';
import type { Finding } from '../src/rules/types.js';
import { corpus, hasCorpus } from './helpers.js';

/** kube-bench's mapToBenchmarkVersion: the release, else the minor below it, down to 1.0. */
function pick(mapping: ReadonlyMap<string, string>, release: string): string | undefined {
  const [major, minor] = release.split('.').map(Number);
  for (let m = minor; m >= 0; m--) {
    const folder = mapping.get(`${major}.${m}`);
    if (folder) return folder;
  }
  return undefined;
}

/** Every version_mapping the fixtures keep: kube-bench's config.yaml now, and as it was. */
function mappings(): Array<{ where: string; mapping: ReadonlyMap<string, string> }> {
  const root = join(corpus, 'kube-bench');
  const files = [
    join(root, 'cfg', 'config.yaml'),
    ...readdirSync(join(root, 'history'))
      .sort()
      .map((c) => join(root, 'history', c, 'cfg', 'config.yaml')),
  ].filter((f) => existsSync(f));
  return files.flatMap((file) => {
    const { config } = parseConfig(readFileSync(file, 'utf8'), file);
    return config?.versionMapping.size ? [{ where: file.slice(root.length + 1), mapping: config.versionMapping }] : [];
  });
}

// What a finding must say to explain a FAIL: a deprecation alone does not say why the control
// fails (the setting still works); every other category does (the installer's default, a
// conflict, a stale or unsatisfiable check, a setting kube-bench does not read, a file elsewhere).
const explains = (f: Finding): boolean => f.category !== 'deprecated' || /\bkubeadm\b/.test(f.message);

// A finding that says kubeadm's default node fails the control.
const blamesKubeadm = (f: Finding): boolean =>
  f.category === 'installer-not-default' ||
  /kubeadm's default node fails|kubeadm@[\d.]+: FAIL|fails on kubeadm/.test(f.message);

describe.skipIf(!hasCorpus)("kube-bench's reports on kubeadm nodes, explained (corpus)", () => {
  const history = shippedHistory();
  const knowledge = readKnowledge();
  const shipped = new Set(shippedIds());
  const pairs = new Map<string, { benchmark: string; release: string; via: string[] }>();
  for (const { where, mapping } of hasCorpus ? mappings() : [])
    for (const { release } of history) {
      const benchmark = pick(mapping, release);
      if (!benchmark || !shipped.has(benchmark)) continue;
      const key = `${benchmark}@${release}`;
      const seen = pairs.get(key) ?? { benchmark, release, via: [] };
      seen.via.push(where);
      pairs.set(key, seen);
    }

  const outcome = [...pairs.values()].map(({ benchmark: id, release: r }) => {
    const release = history.find((h) => h.release === r)!;
    const benchmark = loadBenchmark(id).benchmark;
    const node = kubeadmNode(release);
    const kubeBench = evaluateBenchmark(benchmark, node, release, { semantics: 'kube-bench' });
    const effective = evaluateBenchmark(benchmark, node, release, { semantics: 'effective' });
    const falseFails = new Map(
      compareSemantics(effective, kubeBench, benchmark)
        .filter((d) => d.kind === 'false-fail' && d.why.trim() !== '')
        .map((d) => [d.controlId, d]),
    );
    const report = checkBenchmark(
      benchmark,
      release,
      history,
      knowledge,
      installerProfile('kubeadm', release, knowledge),
    );
    const controls = new Map(controlsOf(benchmark).map(({ control }) => [control.id, control]));
    const unexplained: string[] = [];
    const blamed: string[] = [];
    let fails = 0;
    let passes = 0;
    for (const k of kubeBench.results) {
      const control = controls.get(k.controlId)!;
      const findings = report.findings.filter((f) => f.controlId === k.controlId);
      const scoredAutomated = (control.kubeBench?.scored ?? control.scored) && control.automation === 'run';
      if (k.status === 'FAIL' || (k.status === 'WARN' && scoredAutomated)) {
        fails++;
        if (!falseFails.has(k.controlId) && !findings.some(explains))
          unexplained.push(`${id}@${r} ${k.controlId} ${k.status}: ${findings.map((f) => f.ruleId).join(', ')}`);
      } else if (k.status === 'PASS') {
        passes++;
        for (const f of findings)
          if (blamesKubeadm(f) || /can never pass/.test(f.message))
            blamed.push(`${id}@${r} ${k.controlId} ${f.ruleId}: ${f.message.slice(0, 160)}`);
      }
    }
    return { id, release: r, fails, passes, unexplained, blamed };
  });

  it('covers every benchmark kube-bench picks for a kubeadm release, and every release cis-1.12 targets', () => {
    const ids = new Set(outcome.map((o) => o.id));
    for (const id of ['cis-1.4', 'cis-1.5', 'cis-1.6', 'cis-1.20', 'cis-1.23', 'cis-1.24', 'cis-1.7', 'cis-1.8'])
      expect(ids, id).toContain(id);
    for (const id of ['cis-1.9', 'cis-1.10', 'cis-1.11', 'cis-1.12']) expect(ids, id).toContain(id);
    const cis112 = loadBenchmark('cis-1.12').benchmark.kubernetes.filter((k) => history.some((h) => h.release === k));
    for (const r of cis112) expect(pairs.has(`cis-1.12@${r}`), r).toBe(true);
    // 1.35 and 1.36 are not in the mapping: kube-bench steps down to 1.34's cis-1.12.
    expect(pairs.has('cis-1.12@1.36')).toBe(true);
    // Before its version_mapping knew 1.13, kube-bench's history picked cis-1.4 for 1.13 and 1.14.
    expect(pairs.has('cis-1.4@1.13')).toBe(true);
    expect(outcome.reduce((n, o) => n + o.fails, 0)).toBeGreaterThan(250);
  });

  it('explains every FAIL: a finding on the control says why, or --compare lists a false FAIL', () => {
    expect(outcome.flatMap((o) => o.unexplained)).toEqual([]);
  });

  it('blames kubeadm for no control kube-bench passes on its node', () => {
    expect(outcome.flatMap((o) => o.blamed)).toEqual([]);
  });
});
