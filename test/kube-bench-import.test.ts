import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeBenchFolders, readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { repairQuotedContinuations } from '../src/ingest/kube-bench/repair.js';
import { parseBenchmark, serializeBenchmark } from '../src/ingest/native.js';
import { hasCorpus, kubeBenchCfg } from './helpers.js';
import { probeOf } from '../src/ingest/kube-bench/probes.js';

/** Count controls and test items with a plain YAML parse, independently of the importer. */
function rawCounts(dir: string): { controls: number; items: number } {
  let controls = 0;
  let items = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml') && n !== 'config.yaml')) {
    const js = parse(repairQuotedContinuations(readFileSync(join(dir, f), 'utf8')).text, { uniqueKeys: false }) as {
      groups?: Array<{ checks?: Array<{ tests?: { test_items?: unknown[] } }> }>;
    };
    for (const g of js?.groups ?? [])
      for (const c of g.checks ?? []) {
        controls++;
        items += c.tests?.test_items?.length ?? 0;
      }
  }
  return { controls, items };
}

describe.skipIf(!hasCorpus)('kube-bench import (corpus)', () => {
  const folders = hasCorpus ? kubeBenchFolders(kubeBenchCfg) : [];

  it.each(folders.map((f) => [f.split('/').pop()!, f]))(
    '%s: imports every control and check, and validates',
    (_name, dir) => {
      const r = readKubeBenchFolder(dir);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const raw = rawCounts(dir);
      expect(r.stats.controls).toBe(raw.controls);
      expect(r.stats.checks).toBe(raw.items);
      // Every test item is a check of its own or folded into the previous one (flag or config field).
      const modelChecks = r.benchmark.sections.flatMap((s) => s.controls).flatMap((c) => c.checks).length;
      expect(modelChecks + r.stats.merged).toBe(raw.items);
      const text = serializeBenchmark(r.benchmark);
      const back = parseBenchmark(text, 'x.yaml');
      expect(back.problems).toEqual([]);
      expect(back.value).toEqual(r.benchmark);
    },
  );

  it('classifies at least 95% of the automated checks in the cis-* folders', () => {
    let total = 0;
    let unknown = 0;
    for (const dir of folders.filter((f) => /\/cis-[^/]*$/.test(f))) {
      const r = readKubeBenchFolder(dir);
      total += r.stats.automatedChecks;
      unknown += r.stats.automatedUnknown;
    }
    expect(total).toBeGreaterThan(1000);
    expect((total - unknown) / total).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the seed controls of CIS 1.4 semantically', () => {
    const b = readKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4')).benchmark;
    const control = (id: string) => b.sections.flatMap((s) => s.controls).find((c) => c.id === id)!;
    expect(b.kubernetes).toEqual(['1.13', '1.14']);
    expect(control('2.1.10').checks.map((k) => k.subjects)).toEqual([
      [
        { kind: 'flag', component: 'kubelet', flag: '--tls-cert-file' },
        { kind: 'config', component: 'kubelet', path: 'tlsCertFile' },
      ],
      [
        { kind: 'flag', component: 'kubelet', flag: '--tls-private-key-file' },
        { kind: 'config', component: 'kubelet', path: 'tlsPrivateKeyFile' },
      ],
    ]);
    expect(control('2.1.13').checks[0].subjects[0]).toEqual({
      kind: 'feature-gate',
      component: 'kubelet',
      gate: 'RotateKubeletServerCertificate',
    });
    expect(control('1.4.12').checks[0]).toEqual({
      subjects: [{ kind: 'file', role: 'etcd data directory', attribute: 'owner', component: 'etcd' }],
      op: 'eq',
      value: 'etcd:etcd',
    });
    expect(control('1.1.24').checks[0].subjects).toEqual([
      { kind: 'admission-plugin', plugin: 'PodSecurityPolicy', state: 'enabled' },
    ]);
    // CIS 1.4 labels Scored / Not Scored, not Automated / Manual: no assessment; kube-bench's type is the automation.
    expect([control('1.7.4').assessment, control('1.7.4').automation]).toEqual([undefined, 'manual']);
    expect(control('1.1.37a')).toBeDefined();
  });

  it('keeps float-looking ids as written and warns about them', () => {
    const r = readKubeBenchFolder(join(kubeBenchCfg, 'rh-0.7'));
    const ids = r.benchmark.sections.flatMap((s) => s.controls.map((c) => c.id));
    expect(ids).toContain('1.10');
    expect(ids).toContain('1.1');
    expect(r.problems.some((p) => /unquoted id 1\.10/.test(p.message))).toBe(true);
  });

  it('reports data quirks as positioned warnings', () => {
    const r = readKubeBenchFolder(join(kubeBenchCfg, '1.8'));
    const neq = r.problems.find((p) => /invalid compare op 'neq'/.test(p.message));
    expect(neq).toMatchObject({ severity: 'warning', file: expect.stringContaining('master.yaml') });
    expect(neq!.line).toBeGreaterThan(1);
    expect(r.problems.some((p) => /unexpected key 'score'/.test(p.message))).toBe(true);
  });

  it('reads set: false as a check that passes when absent, and bin_op or as any', () => {
    const b = readKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4')).benchmark;
    const c = b.sections.flatMap((s) => s.controls).find((x) => x.id === '2.1.5')!;
    expect(c.combine).toBe('any');
    expect(c.checks.map((k) => k.op)).toEqual(['noteq', 'absent']);
  });

  it('keeps the operator of a gate read off --feature-gates (nothave X=false is noteq false)', () => {
    const b = readKubeBenchFolder(join(kubeBenchCfg, 'cis-1.12')).benchmark;
    const c = b.sections.flatMap((s) => s.controls).find((x) => x.id === '1.3.6')!;
    expect(c.checks[0]).toEqual({
      subjects: [
        { kind: 'feature-gate', component: 'kube-controller-manager', gate: 'RotateKubeletServerCertificate' },
      ],
      op: 'noteq',
      value: 'false',
    });
  });

  it('reads a dashless flag on a ps audit as the flag kube-bench matches', () => {
    const r = readKubeBenchFolder(join(kubeBenchCfg, '1.8'));
    const c = r.benchmark.sections.flatMap((s) => s.controls).find((x) => x.id === '1.1.14')!;
    expect(c.checks[0].subjects).toEqual([
      { kind: 'admission-plugin', plugin: 'NamespaceLifecycle', state: 'enabled' },
    ]);
    expect(r.problems.some((p) => p.message.includes("flag 'admission-control' has no leading dashes"))).toBe(true);
  });
});

describe('an audit wrapped in /bin/sh -c reads what the command alone reads', () => {
  it('unwraps a script the quotes hold whole, and nothing else', () => {
    // rke2 and EKS STIG folders: `/bin/sh -c 'stat -c permissions=%a $apiserverconf'`.
    const bare = probeOf('stat -c permissions=%a $apiserverconf');
    expect(bare?.kind).toBe('stat');
    expect(probeOf("/bin/sh -c 'stat -c permissions=%a $apiserverconf'")).toEqual(bare);
    expect(probeOf('/bin/sh -c "stat -c %U:%G $kubeletkubeconfig"')).toEqual(
      probeOf('stat -c %U:%G $kubeletkubeconfig'),
    );
    expect(probeOf("/bin/sh -c 'ps -ef | grep $apiserverbin | grep -v grep'")?.kind).toBe('process');
    // Double-quoted variables and paths are the same paths; `if [ -f X ]; then stat …; else echo "NA"; fi` over lines.
    expect(probeOf(`/bin/sh -c '\nstat -c "permissions=%a %n" "$etcdconf"\n'`)).toEqual({
      kind: 'stat',
      files: [{ variable: '$etcdconf' }],
      format: 'permissions=%a %n',
      guard: 'none',
    });
    expect(
      probeOf('if [ -f /var/lib/x/ca.crt ]; then\nstat -c permissions=%a /var/lib/x/ca.crt\nelse\necho "NA"\nfi'),
    ).toEqual({
      kind: 'stat',
      files: [{ path: '/var/lib/x/ca.crt' }],
      format: 'permissions=%a',
      guard: 'exists-else',
      otherwise: 'NA',
    });
    expect(probeOf('if [ -f /a ]; then stat -c %a /b; else echo "NA"; fi')?.kind).toBe('unknown');
    // A command substitution or an unknown command inside stays unknown: nothing is guessed.
    expect(probeOf('/bin/sh -c "stat -c %a $(ls /etc)"')?.kind).toBe('unknown');
    expect(probeOf("/bin/sh -c 'frobnicate $apiserverconf'")?.kind).toBe('unknown');
  });
});
