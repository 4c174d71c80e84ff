import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { categories } from '../src/rules/types.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

type Report = {
  findings: Array<{ controlId: string; category: string; ruleId: string; evidence: unknown[] }>;
  summary: unknown;
};
const cats = (r: Report, id: string) => r.findings.filter((f) => f.controlId === id).map((f) => f.category);

describe('rules registry', () => {
  it('has one file per rule and the files, ids and registry agree', () => {
    // ground/ holds what the rules evaluate on (reference nodes, standings, installer plans), no rule.
    const files = readdirSync(join(repoRoot, 'src', 'rules'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => !['index.ts', 'types.ts', 'check.ts', 'helpers.ts', 'eval.ts', 'knowledge.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(rules.map((r) => r.id).sort()).toEqual(files);
    for (const r of rules) for (const c of r.categories) expect(categories).toContain(c);
  });
});

describe('check: the seed case (CIS 1.4, Kubernetes 1.13, kubeadm)', async () => {
  const res = await run(['check', 'cis-1.4', '--release', '1.13', '--installer', 'kubeadm', '--format', 'json']);
  const r = (JSON.parse(res.stdout) as { results: Report[] }).results[0];

  it('reports the hard problems', () => {
    expect(cats(r, '1.1.1')).toContain('conflict');
    expect(cats(r, '1.4.12')).toContain('conflict');
    // 1.7.4 reads no Pod field (manual, no audit): a PodSecurityPolicy with hostNetwork omitted meets it.
    expect(cats(r, '1.7.4')).not.toContain('conflict');
    expect(cats(r, '2.1.10')).toContain('conflict');
    expect(cats(r, '2.1.13')).toContain('unsatisfiable');
  });

  it.each(['1.1.8', '1.3.2', '1.1.11', '1.1.24', '1.1.36', '1.1.15', '1.1.16', '1.1.17', '1.1.31', '1.1.34'])(
    '%s is installer-not-default',
    (id) => {
      expect(cats(r, id)).toContain('installer-not-default');
    },
  );

  it('1.1.18 (--audit-log-maxsize) is a default that meets the control, not a kubeadm default to change', () => {
    expect(cats(r, '1.1.18')).toEqual(['default-satisfies']);
  });

  it.each(['1.1.33', '1.1.19', '1.1.32', '1.1.39', '1.1.6'])(
    '%s is not installer-not-default (kubeadm sets it)',
    (id) => {
      expect(cats(r, id)).not.toContain('installer-not-default');
    },
  );

  it('reports no removed flags on 1.13 (hidden flags exist) but those gone before it (--insecure-allow-any-token in 1.8, --cadvisor-port in 1.12), and no config-file-blind for checks reading the file', () => {
    const removed = r.findings.filter((f) => f.category === 'removed');
    expect(removed.map((f) => [f.controlId, f.ruleId])).toEqual([
      ['1.1.3', 'unknown-setting'],
      ['2.1.11', 'unknown-setting'],
    ]);
    expect(removed[0].evidence).toContainEqual(expect.objectContaining({ ref: 'kubernetes/kubernetes#49045' }));
    expect(removed[1].evidence).toContainEqual(expect.objectContaining({ ref: 'kubernetes/kubernetes#65707' }));
    for (const id of ['2.1.1', '2.1.2', '2.1.4', '2.1.10']) expect(cats(r, id)).not.toContain('config-file-blind');
  });

  it('reads "--feature-gates has no X=false, or is unset" as passing when unset (no default-satisfies), and a gate not yet locked as current', () => {
    // 1.1.37a: AdvancedAuditing is GA but not locked in 1.13 (locked only in 1.27, PR 115163); kube-bench
    // encodes the control as `--feature-gates nothave AdvancedAuditing=false` or `--feature-gates` unset.
    expect(cats(r, '1.1.37a')).toEqual([]);
    // "X is true, or X is unset" (1.1.4 --kubelet-https) already passes when unset.
    expect(cats(r, '1.1.4')).not.toContain('default-satisfies');
  });

  it('calls 1.1.37a obsolete only where AdvancedAuditing is locked (1.27), and removed once it is gone (1.28)', async () => {
    const at = async (release: string) =>
      cats(
        (
          JSON.parse((await run(['check', 'cis-1.4', '--release', release, '--format', 'json'])).stdout) as {
            results: Report[];
          }
        ).results[0],
        '1.1.37a',
      );
    expect(await at('1.26')).toEqual([]);
    expect(await at('1.27')).toEqual(['obsolete']);
    expect(await at('1.28')).toContain('removed');
  });

  it('sorts findings by control id in natural order, then rule id', () => {
    const keys = r.findings.map((f) => f.controlId);
    expect(keys.indexOf('1.1.9')).toBeLessThan(keys.indexOf('1.1.11'));
  });
});

describe('check: later releases without an installer', () => {
  it.each([
    ['cis-1.6', '1.24', '1.2.19'],
    ['cis-1.5', '1.19', '1.2.2'],
    ['cis-1.6', '1.22', '1.2.4'],
    ['cis-1.24', '1.25', '1.2.12'],
  ])('%s on %s reports %s as removed', async (b, rel, id) => {
    const r = (
      JSON.parse((await run(['check', b, '--release', rel, '--format', 'json'])).stdout) as { results: Report[] }
    ).results[0];
    expect(cats(r, id)).toContain('removed');
  });

  it('is byte-identical across runs and --fail-on sets exit code 1', async () => {
    const a = await run(['check', 'cis-1.12', '--release', '1.34', '--format', 'sarif']);
    const b = await run(['check', 'cis-1.12', '--release', '1.34', '--format', 'sarif']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).version).toBe('2.1.0');
    const f = await run([
      'check',
      'cis-1.4',
      '--release',
      '1.13',
      '--installer',
      'kubeadm',
      '--fail-on',
      'unsatisfiable',
    ]);
    expect(f.code).toBe(1);
    const bad = await run(['check', 'cis-1.4', '--fail-on', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown category 'nonsense', expected one of removed/);
  });
});

describe('checking one release reads only what it needs of the others', () => {
  it('cis-1.12 on 1.34 touches no other release but its change events', async () => {
    const { shippedHistory, shippedRelease } = await import('../src/k8s/load.js');
    const { loadBenchmark } = await import('../src/ingest/load.js');
    const { readKnowledge } = await import('../src/rules/knowledge.js');
    const { checkBenchmark } = await import('../src/rules/check.js');
    const read: string[] = [];
    // Every other release answers its version and change events; anything else is recorded.
    const history = shippedHistory().map((r) =>
      r.release === '1.34'
        ? r
        : (new Proxy(r, {
            get(target, key, receiver) {
              if (key !== 'release' && key !== 'changes') read.push(`${target.release} ${String(key)}`);
              return Reflect.get(target, key, receiver);
            },
          }) as typeof r),
    );
    const release = history.find((r) => r.release === '1.34')!;
    const report = checkBenchmark(loadBenchmark('cis-1.12').benchmark, release, history, readKnowledge());
    expect(report.findings.length).toBeGreaterThan(0);
    expect(read).toEqual([]);
    // The same findings as with every snapshot read in full.
    const full = shippedHistory().map((r) => shippedRelease(r.release));
    const again = checkBenchmark(
      loadBenchmark('cis-1.12').benchmark,
      full.find((r) => r.release === '1.34')!,
      full,
      readKnowledge(),
    );
    expect(report.findings).toEqual(again.findings);
  });
});
