import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFragment } from '../src/evaluate/cases.js';
import { compareSemantics, evaluateBenchmark, evaluateControl } from '../src/evaluate/evaluate.js';
import { compareOp, evaluateItem } from '../src/evaluate/kube-bench/test-items.js';
import { jsonPath } from '../src/evaluate/kube-bench/jsonpath.js';
import { admissionPlugins, resolveGate, resolveSetting } from '../src/evaluate/settings.js';
import { readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { folderData } from '../src/ingest/kube-bench/folders.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { genericNode, kubeadmNode } from '../src/node/kubeadm.js';
import { processesOf } from '../src/node/processes.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

const ctx = (kind: 'kubeadm' | 'generic', r: string) => {
  const release = shippedRelease(r);
  return { bundle: kind === 'kubeadm' ? kubeadmNode(release) : genericNode(release), release };
};

describe('effective values, with provenance', () => {
  it('reads the kubelet as it reads itself: the config file over its defaults, the command line over the file', () => {
    const k = ctx('kubeadm', '1.28');
    const anon = resolveSetting(k, 'kubelet', { flag: '--anonymous-auth' });
    expect([anon.value, anon.explicit, anon.source]).toEqual(['false', true, 'var/lib/kubelet/config.yaml:4']);
    // Not written by kubeadm: the config file's default applies, not the flag's 10255.
    const ro = resolveSetting(k, 'kubelet', { field: 'readOnlyPort' });
    expect([ro.value, ro.explicit, ro.source]).toEqual(['0', false, 'default of KubeletConfiguration in 1.28']);
    const g = ctx('generic', '1.28');
    const gro = resolveSetting(g, 'kubelet', { flag: '--read-only-port' });
    expect([gro.value, gro.source]).toEqual(['10255', 'flag default of kubelet 1.28']);
    expect(resolveSetting(g, 'kubelet', { flag: '--anonymous-auth' }).value).toBe('true');
    expect(resolveSetting(g, 'kubelet', { flag: '--authorization-mode' }).value).toBe('AlwaysAllow');
    const over = applyFragment(
      k.bundle,
      { flags: { kubelet: { '--anonymous-auth': 'true' } }, expect: 'FAIL' },
      k.release,
    );
    const s = resolveSetting({ ...k, bundle: over }, 'kubelet', { flag: '--anonymous-auth' });
    expect([s.value, s.notes]).toEqual([
      'true',
      ['overrides authentication.anonymous.enabled = false (var/lib/kubelet/config.yaml:4)'],
    ]);
  });

  it('re-defaults a zero the kubelet would re-default (kubeadm writes streamingConnectionIdleTimeout: 0s)', () => {
    const s = resolveSetting(ctx('kubeadm', '1.28'), 'kubelet', { field: 'streamingConnectionIdleTimeout' });
    expect(s.value).toBe('4h0m0s');
    expect(s.notes[0]).toMatch(
      /streamingConnectionIdleTimeout: 0s is a zero value, which kubelet replaces by its default 4h0m0s/,
    );
  });

  it("ignores the flags a kube-scheduler --config covers, and reads kube-proxy's config from the ConfigMap its DaemonSet mounts", () => {
    const k = ctx('kubeadm', '1.34');
    const withConfig = applyFragment(
      k.bundle,
      {
        flags: { 'kube-scheduler': { '--profiling': 'false' } },
        config: { 'kube-scheduler': { apiVersion: 'kubescheduler.config.k8s.io/v1', enableProfiling: true } },
        expect: 'FAIL',
      },
      k.release,
    );
    const p = resolveSetting({ ...k, bundle: withConfig }, 'kube-scheduler', { flag: '--profiling' });
    expect(p.value).toBe('true');
    expect(p.notes).toContain(
      '--profiling on the command line is ignored: kube-scheduler reads enableProfiling from --config',
    );
    const m = resolveSetting(k, 'kube-proxy', { flag: '--metrics-bind-address' });
    expect([m.value, m.source]).toEqual(['127.0.0.1:10249', 'ConfigMap kube-system/kube-proxy config.conf:7']);
  });

  it("knows the API server's admission plugins: the release's defaults, plus --enable, minus --disable", () => {
    const a = admissionPlugins(ctx('kubeadm', '1.28'));
    expect(a.enabled.get('NodeRestriction')).toBe('etc/kubernetes/manifests/kube-apiserver.yaml:17');
    expect(a.enabled.get('ServiceAccount')).toBe('on by default in 1.28');
    expect(a.enabled.has('AlwaysPullImages')).toBe(false);
  });

  it('follows the insecure port through the releases: kubeadm closes it, its default is 8080, then it is gone', () => {
    expect(resolveSetting(ctx('kubeadm', '1.13'), 'kube-apiserver', { flag: '--insecure-port' }).value).toBe('0');
    expect(resolveSetting(ctx('generic', '1.13'), 'kube-apiserver', { flag: '--insecure-port' }).value).toBe('8080');
    const inert = resolveSetting(ctx('generic', '1.22'), 'kube-apiserver', { flag: '--insecure-port' });
    expect([inert.value, inert.notes[0]]).toEqual([
      '0',
      'kube-apiserver --insecure-port has no effect in 1.22: insecure serving is gone; only 0 is accepted',
    ]);
    expect(resolveSetting(ctx('generic', '1.24'), 'kube-apiserver', { flag: '--insecure-port' }).state).toBe(
      'no-such-setting',
    );
  });

  it("reads an etcd setting from its ETCD_* environment, as etcd and kube-bench's env items do", () => {
    const k = ctx('kubeadm', '1.34');
    const { processes } = processesOf(k.bundle);
    const bundle = {
      ...k.bundle,
      processes: processes.map((p) => (p.argv[0] === 'etcd' ? { ...p, environment: { ETCD_AUTO_TLS: 'true' } } : p)),
    };
    const s = resolveSetting({ ...k, bundle }, 'etcd', { flag: '--auto-tls' });
    expect([s.value, s.source]).toEqual([
      'true',
      'ETCD_AUTO_TLS in the environment of etcd (etc/kubernetes/manifests/etcd.yaml)',
    ]);
    const b = loadBenchmark('cis-1.12').benchmark;
    for (const semantics of ['effective', 'kube-bench'] as const)
      expect(
        evaluateBenchmark(b, bundle, k.release, { semantics, controls: ['2.3'] }).results[0].status,
        semantics,
      ).toBe('FAIL');
  });

  it('merges feature gates: the release default, then the command line, then the config file', () => {
    const k = ctx('kubeadm', '1.28');
    expect(resolveGate(k, 'kubelet', 'RotateKubeletServerCertificate')).toMatchObject({
      value: 'true',
      explicit: false,
    });
    const both = applyFragment(
      k.bundle,
      {
        flags: { kubelet: { '--feature-gates': 'RotateKubeletServerCertificate=true' } },
        config: { kubelet: { featureGates: { RotateKubeletServerCertificate: false } } },
        expect: 'FAIL',
      },
      k.release,
    );
    expect(resolveGate({ ...k, bundle: both }, 'kubelet', 'RotateKubeletServerCertificate')).toMatchObject({
      value: 'false',
      explicit: true,
    });
  });
});

describe("the seed's 'supported by kubeadm, but not as defaults' (cis-1.4, kubeadm 1.13, effective)", () => {
  // The seed's numbering is CIS 1.4's; kube-bench's cis-1.4 encodes the ciphers as 1.1.31 and
  // AdvancedAuditing as 1.1.37a (the gate, on by default) and 1.1.37b (the audit policy).
  const seed = [
    '1.1.8',
    '1.2.1',
    '1.3.2',
    '1.1.11',
    '1.1.24',
    '1.1.36',
    '1.1.15',
    '1.1.16',
    '1.1.17',
    // 1.1.18 (--audit-log-maxsize at least 100) is not among them: before 1.36 the flag's 0 means
    // 100 MB to the audit log writer (1.36 release notes), so the unset flag meets it (below).
    '1.1.31',
    '1.1.34',
    '1.1.35',
    '1.1.37b',
  ];
  const config = [
    'apiVersion: kubeadm.k8s.io/v1beta1',
    'kind: ClusterConfiguration',
    'apiServer:',
    '  extraArgs:',
    '    profiling: "false"',
    '    enable-admission-plugins: NodeRestriction,AlwaysPullImages,PodSecurityPolicy,EventRateLimit',
    '    admission-control-config-file: /etc/kubernetes/admission/config.yaml',
    '    audit-log-path: /var/log/kubernetes/audit/audit.log',
    '    audit-log-maxage: "30"',
    '    audit-log-maxbackup: "10"',
    '    audit-log-maxsize: "100"',
    '    audit-policy-file: /etc/kubernetes/audit-policy.yaml',
    '    tls-cipher-suites: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256',
    '    encryption-provider-config: /etc/kubernetes/encryption/config.yaml',
    '  extraVolumes:',
    '    - { name: audit-policy, hostPath: /etc/kubernetes/audit-policy.yaml, mountPath: /etc/kubernetes/audit-policy.yaml, readOnly: true, pathType: File }',
    '    - { name: audit-log, hostPath: /var/log/kubernetes/audit, mountPath: /var/log/kubernetes/audit, pathType: DirectoryOrCreate }',
    '    - { name: encryption, hostPath: /etc/kubernetes/encryption, mountPath: /etc/kubernetes/encryption, readOnly: true }',
    '    - { name: admission, hostPath: /etc/kubernetes/admission, mountPath: /etc/kubernetes/admission, readOnly: true }',
    'controllerManager:',
    '  extraArgs: { profiling: "false" }',
    'scheduler:',
    '  extraArgs: { profiling: "false" }',
    '',
  ].join('\n');
  const statuses = async (node: string) => {
    const r = await run(['evaluate', 'cis-1.4', '--node', node, '--control', ...seed, '--format', 'json']);
    expect(r.code).toBe(0);
    return Object.fromEntries(
      JSON.parse(r.stdout).results.map((x: { controlId: string; status: string }) => [x.controlId, x.status]),
    );
  };

  it('FAILs on the kubeadm 1.13 reference node and PASSes with a kubeadm config setting them through extraArgs/extraVolumes', async () => {
    expect(Object.values(await statuses('kubeadm@1.13'))).toEqual(seed.map(() => 'FAIL'));
    const dir = mkdtempSync(join(tmpdir(), 'bw-seed-'));
    writeFileSync(join(dir, 'kubeadm.yaml'), config);
    const w = await run([
      'node',
      'kubeadm',
      '--release',
      '1.13',
      '--config',
      join(dir, 'kubeadm.yaml'),
      '--out',
      join(dir, 'node'),
    ]);
    expect(w.code).toBe(0);
    // The host file the extraVolume mounts (kubeadm does not write it; the administrator does).
    mkdirSync(join(dir, 'node', 'etc/kubernetes/encryption'), { recursive: true });
    writeFileSync(
      join(dir, 'node', 'etc/kubernetes/encryption/config.yaml'),
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys: [{ name: k1, secret: c2VjcmV0 }]\n      - identity: {}\n',
    );
    expect(await statuses(join(dir, 'node'))).toEqual(Object.fromEntries(seed.map((id) => [id, 'PASS'])));
  });

  it('passes an unset --audit-log-maxsize before 1.36 (1.1.18): the writer rotates at 100 MB', async () => {
    const r = await run(['evaluate', 'cis-1.4', '--node', 'kubeadm@1.13', '--control', '1.1.18', '--format', 'json']);
    expect(JSON.parse(r.stdout).results.map((x: { status: string }) => x.status)).toEqual(['PASS']);
  });

  it('already passes what kubeadm sets or the release defaults (1.1.33 NodeRestriction, 1.1.37a AdvancedAuditing)', async () => {
    const r = JSON.parse(
      (
        await run([
          'evaluate',
          'cis-1.4',
          '--node',
          'kubeadm@1.13',
          '--control',
          '1.1.33',
          '1.1.37a',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(r.results.map((x: { status: string }) => x.status)).toEqual(['PASS', 'PASS']);
  });
});

describe('kube-bench semantics', () => {
  it("compares as kube-bench's test.go does", () => {
    expect(compareOp('eq', 'FALSE', 'false')).toBe(true);
    expect(compareOp('eq', 'Webhook', 'webhook')).toBe(false);
    expect(compareOp('bitmask', '644', '600')).toBe(false);
    expect(compareOp('bitmask', '600', '644')).toBe(true);
    expect(compareOp('gte', '5m', '0')).toBe(false);
    expect(compareOp('valid_elements', 'a,b,', 'a,b,c')).toBe(true);
    expect(compareOp('valid_elements', '', 'a')).toBe(false);
    expect(compareOp('noteqx', '1', '0')).toBe(false);
    expect(compareOp('has', '127.0.0.1:10249', '127.0.0.1')).toBe(true);
  });

  it('finds flags by substring and reads their value the way its regular expression does', () => {
    const line = 'kube-apiserver --etcd-servers-overrides=x --etcd-servers=https://a --secure-port 6443 --profiling';
    expect(evaluateItem({ flag: '--etcd-servers', op: 'eq', value: 'https://a' }, 'audit', line, false)).toMatchObject({
      pass: false,
      value: '-overrides=x',
    });
    expect(evaluateItem({ flag: '--secure-port', op: 'eq', value: '6443' }, 'audit', line, false)).toMatchObject({
      pass: false,
      value: 'true',
    });
    expect(evaluateItem({ flag: '--profiling', op: 'eq', value: 'false' }, 'audit', line, false)).toMatchObject({
      pass: false,
      value: 'true',
    });
    expect(evaluateItem({ flag: '--token-auth-file', set: false }, 'audit', line, false).pass).toBe(true);
    expect(
      evaluateItem(
        { flag: 'permissions', op: 'bitmask', value: '600' },
        'audit',
        'permissions=600\npermissions=644',
        true,
      ).pass,
    ).toBe(false);
    expect(evaluateItem({ flag: 'permissions' }, 'audit', '', true).pass).toBe(false);
  });

  it('reads config files with client-go JSONPath, a parse failure failing the item whatever set says', () => {
    expect(
      jsonPath('{.authentication.anonymous.enabled}', { authentication: { anonymous: { enabled: false } } }).value,
    ).toBe('false');
    expect(jsonPath("{range .tlsCipherSuites[:]}{}{','}{end}", { tlsCipherSuites: ['A', 'B'] }).value).toBe('A,B,');
    expect(jsonPath('{.missing.key}', {}).value).toBe('');
    expect(evaluateItem({ path: '{.readOnlyPort}', set: false }, 'config', '[Service]\nExecStart=x', false).pass).toBe(
      false,
    );
  });
});

describe.skipIf(!hasCorpus)('kube-bench replay on the kubeadm reference nodes (corpus)', () => {
  it('gives the same status from a kube-bench folder and from its shipped facts-only conversion, for every release it targets', () => {
    const shipped = shippedReleases();
    let compared = 0;
    for (const folder of folderData().shipped) {
      const fromFolder = readKubeBenchFolder(join(kubeBenchCfg, folder)).benchmark;
      const factsOnly = loadBenchmark(fromFolder.id).benchmark;
      for (const r of factsOnly.kubernetes.filter((k) => shipped.includes(k))) {
        const release = shippedRelease(r);
        const node = kubeadmNode(release);
        const a = evaluateBenchmark(fromFolder, node, release, { semantics: 'kube-bench' });
        const b = evaluateBenchmark(factsOnly, node, release, { semantics: 'kube-bench' });
        expect(
          b.results.map((x) => [x.controlId, x.status]),
          `${folder} on ${r}`,
        ).toEqual(a.results.map((x) => [x.controlId, x.status]));
        expect(
          a.results.filter((x) => /cannot replay/.test(x.reason ?? '')),
          `${folder} on ${r}`,
        ).toEqual([]);
        compared += a.results.length;
      }
    }
    expect(compared).toBeGreaterThan(2500);
  });

  it("reports on kubeadm 1.34 what kube-bench reports on kubeadm clusters: the scanner's FAILs", async () => {
    const r = JSON.parse(
      (
        await run([
          'evaluate',
          join(kubeBenchCfg, 'cis-1.12'),
          '--node',
          'kubeadm@1.34',
          '--semantics',
          'kube-bench',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(
      r.results.filter((x: { status: string }) => x.status === 'FAIL').map((x: { controlId: string }) => x.controlId),
    ).toEqual([
      '1.1.12',
      '1.2.5',
      '1.2.15',
      '1.2.16',
      '1.2.17',
      '1.2.18',
      '1.2.19',
      '1.2.30',
      '1.3.2',
      '1.4.1',
      '4.1.1',
      '4.1.9',
    ]);
    expect(r.summary).toEqual({ PASS: 63, FAIL: 12, WARN: 56, INFO: 0 });
  });

  it("fails cis-1.4's kubelet read-only port on kubeadm (the file leaves it to its default 0) where effective passes", async () => {
    const r = JSON.parse(
      (
        await run([
          'evaluate',
          'cis-1.4',
          '--node',
          'kubeadm@1.13',
          '--control',
          '2.1.4',
          '--compare',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(r.results[0].status).toBe('PASS');
    expect(r.compare.disagreements).toEqual([
      expect.objectContaining({ controlId: '2.1.4', kind: 'false-fail', effective: 'PASS', kubeBench: 'FAIL' }),
    ]);
    expect(r.compare.disagreements[0].why).toMatch(
      /kube-bench finds \{\.readOnlyPort\} nowhere in its audit_config output; .*readOnlyPort = 0 \(default\) \(default of KubeletConfiguration in 1\.13\)/,
    );
  });
});

describe('evaluate on the command line', () => {
  it('prints the JSON the issue specifies, byte-identical across runs', async () => {
    const a = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--format', 'json']);
    const b = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
    const r = JSON.parse(a.stdout);
    expect(Object.keys(r)).toEqual(['kind', 'schemaVersion', 'benchmark', 'node', 'semantics', 'results', 'summary']);
    expect(r.benchmark).toEqual({ id: 'cis-1.12', version: '1.12' });
    expect(r.node).toEqual({ name: 'kubeadm@1.34', release: '1.34', installer: 'kubeadm' });
    expect(r.semantics).toBe('effective');
    const c = r.results.find((x: { controlId: string }) => x.controlId === '4.2.1');
    expect(c).toEqual({
      controlId: '4.2.1',
      status: 'PASS',
      checks: [
        {
          subject: 'kubelet --anonymous-auth / authentication.anonymous.enabled',
          expected: 'is false',
          observed: 'false',
          source: 'var/lib/kubelet/config.yaml:4',
          pass: true,
        },
      ],
    });
    const s = r.summary;
    expect(s.PASS + s.FAIL + s.WARN + s.INFO).toBe(r.results.length);
  });

  it('lists false FAILs and false PASSes with --compare, in text and markdown', async () => {
    const t = await run(['evaluate', 'cis-1.12', '--node', 'generic@1.34', '--compare']);
    expect(t.stdout).toMatch(
      /^4\.2\.4 +false PASS \(kube-bench PASS, effective FAIL\): kube-bench finds \{\.readOnlyPort\} nowhere/m,
    );
    const m = await run(['evaluate', 'cis-1.12', '--node', 'generic@1.34', '--compare', '--format', 'markdown']);
    expect(m.stdout).toContain('## Where kube-bench and the components differ');
    expect(m.stdout).toMatch(/^\| 4\.2\.4 \| false PASS \| PASS \| FAIL \|/m);
    // Every control whose two statuses differ is listed, with its kind.
    const j = JSON.parse(
      (await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--compare', '--format', 'json'])).stdout,
    );
    const kb = new Map(j.compare.results.map((r: { controlId: string; status: string }) => [r.controlId, r.status]));
    const differ = j.results.filter((r: { controlId: string; status: string }) => kb.get(r.controlId) !== r.status);
    type D = { controlId: string; kind: string; kubeBench: string; why: string; condition?: string };
    const ds = j.compare.disagreements as D[];
    expect(ds.filter((d) => !d.condition).map((d) => d.controlId)).toEqual(
      differ.map((r: { controlId: string }) => r.controlId),
    );
    expect(differ.length).toBeGreaterThan(20);
    // kube-bench's 5.2.6 audit (cfg/cis-1.12/policies.yaml) counts an unset allowPrivilegeEscalation
    // compliant: the replay's Forbidden kubectl hides that false PASS, so compare says both.
    const e526 = ds.filter((d) => d.controlId === '5.2.6');
    expect(e526.map((d) => [d.kind, d.kubeBench, d.condition])).toEqual([
      ['manual-scoring', 'WARN', undefined],
      ['false-pass', 'PASS', 'kubectl-reads-cluster'],
    ]);
    expect(e526[0].why).toContain('whose service account cannot read the cluster (kubectl: Forbidden)');
    expect(e526[0].why).toContain('with a kubectl that can read the cluster, kube-bench would report PASS');
    // Where a working kubectl agrees with the components, the assumption is still said (5.2.3: hostPID).
    expect(ds.find((d) => d.controlId === '5.2.3')?.why).toContain(
      'kube-bench would report PASS, as the components give',
    );
    const kbResult = j.compare.results.find((r: { controlId: string }) => r.controlId === '5.2.6');
    expect(kbResult.withKubectl.status).toBe('PASS');
    expect(t.stdout).not.toContain("where kube-bench's kubectl can read the cluster: 1 false PASS");
    const k = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.36', '--compare']);
    expect(k.stdout).toMatch(/and 1 more where kube-bench's kubectl can read the cluster: 1 false PASS\)/);
    expect(k.stdout).toMatch(
      /^5\.2\.6 +false PASS \(kube-bench PASS, effective FAIL\): if kube-bench's kubectl can read the cluster:/m,
    );
  });

  it('explains scanner false PASSes on a node the library evaluates directly', () => {
    const release = shippedRelease('1.34');
    const b = loadBenchmark('cis-1.12').benchmark;
    const node = genericNode(release);
    const effective = evaluateBenchmark(b, node, release, { semantics: 'effective' });
    const kubeBench = evaluateBenchmark(b, node, release, { semantics: 'kube-bench' });
    const d = compareSemantics(effective, kubeBench, b);
    // Unset, kube-bench passes these; the defaults that then apply bind to every address, open
    // the read-only port and leave client certificates unrotated.
    expect(d.filter((x) => x.kind === 'false-pass').map((x) => x.controlId)).toEqual([
      '1.3.7',
      '1.4.2',
      '4.2.4',
      '4.2.10',
    ]);
    // A manual control is WARN under kube-bench whatever its checks find (type manual runs nothing;
    // an unscored failing check is WARN): scoring, not a false verdict.
    const c = new Map(b.sections.flatMap((s) => s.controls.map((x) => [x.id, x])));
    for (const x of d.filter((y) => y.kind === 'manual-scoring')) {
      expect(x.kubeBench, x.controlId).toBe('WARN');
      expect(c.get(x.controlId)?.scored, x.controlId).toBe(false);
    }
    // The node has no manifests: kube-bench fails files that are not there; the node has nothing to judge.
    expect(d.find((x) => x.controlId === '1.1.1')).toMatchObject({
      kind: 'false-fail',
      kubeBench: 'FAIL',
      effective: 'INFO',
    });
    // The node cannot tell where the kubeconfig is: nobody knows which is right.
    expect(d.find((x) => x.controlId === '1.1.15')).toMatchObject({ kind: 'unknown', effective: 'WARN' });
    // Every control whose statuses differ is there, once.
    const kb = new Map(kubeBench.results.map((r) => [r.controlId, r.status]));
    expect(d.map((x) => x.controlId)).toEqual(
      effective.results.filter((r) => kb.get(r.controlId) !== r.status).map((r) => r.controlId),
    );
  });

  it('reads workloads as the components apply them: privileged escalates, static Pods get no token, capabilities in any case, allow-lists exempt', () => {
    const release = shippedRelease('1.34');
    const b = loadBenchmark('cis-1.12').benchmark;
    const node = kubeadmNode(release);
    const placed = new Map(
      b.sections.flatMap((section) => section.controls.map((control) => [control.id, { control, section }])),
    );
    const at = (id: string, control = placed.get(id)!.control) =>
      evaluateControl(b, placed.get(id)!.section, control, node, release, 'effective');
    // kube-proxy runs privileged: it can escalate whatever allowPrivilegeEscalation says (it says nothing).
    // The four static Pods leave it unset, so no_new_privs is not set: they may escalate too. CoreDNS sets false.
    const escalation = at('5.2.6');
    expect(escalation.status).toBe('FAIL');
    expect(escalation.checks[0].observed).toMatch(
      /^kube-system\/etcd \(static Pod, [^)]*\): true; .*kube-system\/kube-proxy \(DaemonSet\): true$/,
    );
    expect(escalation.checks[0].observed).not.toMatch(/coredns/);
    expect(escalation.checks[0].notes).toContain('5 of 6 fail');
    expect(escalation.checks[0].notes?.join(' ')).toMatch(
      /an unset allowPrivilegeEscalation lets the container escalate/,
    );
    // Static Pods get no service-account token; kube-proxy and CoreDNS do.
    const token = at('5.1.6');
    expect(token.checks[0].observed).not.toMatch(/static Pod/);
    expect(token.checks[0].notes?.join(' ')).toMatch(/static Pods get no service-account token: kube-system\/etcd/);
    // CoreDNS drops `all`: that is ALL, which drops NET_RAW too.
    expect(at('5.2.8').checks[0].observed).not.toMatch(/coredns/);
    // An allow-list exempts the workloads it names, and the result says which.
    const allowed = {
      ...placed.get('5.2.2')!.control,
      allowList: [{ namespace: 'kube-system', name: 'kube-proxy-*' }],
    };
    const exempt = at('5.2.2', allowed);
    expect([exempt.status, exempt.exempted]).toEqual(['PASS', ['kube-system/kube-proxy (DaemonSet)']]);
    expect(at('5.2.2').status).toBe('FAIL');
    // `?` is one character (a DaemonSet Pod's 5-character suffix), `*` any run; neither is a pattern.
    const named = (name: string) =>
      at('5.2.2', { ...placed.get('5.2.2')!.control, allowList: [{ namespace: 'kube-system', name }] }).status;
    expect([
      named('kube-proxy-?????'),
      named('kube-proxy-????'),
      named('kube-proxy.*'),
      named(`${'*'.repeat(5000)}x`),
    ]).toEqual(['PASS', 'FAIL', 'FAIL', 'FAIL']);
    // Hand-written Pods: odd securityContexts are read, not thrown on; cap_sys_admin in lower case escalates.
    const odd = applyFragment(
      node,
      {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'odd', namespace: 'default' },
            spec: {
              containers: [
                null,
                'x',
                { name: 'a', securityContext: { capabilities: { add: 'SYS_ADMIN' } } },
                {
                  name: 'b',
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['cap_sys_admin'] } },
                },
              ],
            },
          },
        ],
      } as unknown as Parameters<typeof applyFragment>[1],
      release,
    );
    const p = placed.get('5.2.6')!;
    const r = evaluateControl(b, p.section, p.control, odd, release, 'effective');
    expect(r.checks[0].observed).toMatch(/default\/odd \(Pod\): true/);
    expect(r.checks[0].notes?.join(' ')).toMatch(/default\/odd \(Pod\) container b/);
  });

  it('refuses bad options with exit 2', async () => {
    const bad = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--semantics', 'grep']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      "--semantics: unknown semantics 'grep', expected effective or kube-bench\n",
    ]);
    expect((await run(['evaluate', 'cis-1.12', '--node', 'minikube@1.34'])).stderr).toMatch(
      /unknown reference node 'minikube', expected kubeadm@1\.NN or generic@1\.NN/,
    );
    expect((await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.99'])).code).toBe(2);
    expect((await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--control', '9.9.9'])).stderr).toMatch(
      /no control 9\.9\.9 in cis-1\.12/,
    );
    expect((await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--format', 'sarif'])).code).toBe(2);
  });
});

describe('evaluate --against a real kube-bench report', () => {
  // A report in kube-bench's --json shape, written from the replay itself, then changed where a test says.
  const reportOf = (results: Array<{ controlId: string; status: string }>) => ({
    Controls: [
      {
        id: '1',
        version: 'cis-1.9',
        node_type: 'master',
        tests: [{ section: '1.1', results: results.map((x) => ({ test_number: x.controlId, status: x.status })) }],
      },
    ],
    Totals: {},
  });

  it('counts the controls the replay reproduces and lists the others, in every format', async () => {
    const replay = JSON.parse(
      (await run(['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--semantics', 'kube-bench', '--format', 'json']))
        .stdout,
    );
    const dir = mkdtempSync(join(tmpdir(), 'bw-against-'));
    const same = reportOf(replay.results);
    writeFileSync(join(dir, 'same.json'), JSON.stringify(same));
    const agree = JSON.parse(
      (await run(['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--against', 'same.json', '--format', 'json'], dir))
        .stdout,
    ).against;
    expect([agree.compared, agree.agree, agree.differ, agree.onlyReport]).toEqual([
      replay.results.length,
      replay.results.length,
      [],
      [],
    ]);

    // One status changed, one control the evaluation does not have, one left out.
    const changed = reportOf([
      ...replay.results
        .slice(1)
        .map((x: { controlId: string; status: string }, i: number) =>
          i === 0 ? { ...x, status: x.status === 'FAIL' ? 'PASS' : 'FAIL' } : x,
        ),
      { controlId: '9.9.9', status: 'PASS' },
    ]);
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    const r = await run(['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--against', 'changed.json'], dir);
    expect(r.code).toBe(0);
    const n = replay.results.length;
    expect(r.stdout).toContain(
      `against changed.json: the kube-bench replay reproduces ${n - 2} of ${n - 1} controls (${((100 * (n - 2)) / (n - 1)).toFixed(1)}%)`,
    );
    expect(r.stdout).toContain(`not in the report: ${replay.results[0].controlId}`);
    expect(r.stdout).toContain('only in the report: 9.9.9');
    const md = await run(
      ['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--against', 'changed.json', '--format', 'markdown'],
      dir,
    );
    expect(md.stdout).toContain('## Against changed.json');
    expect(md.stdout).toMatch(/\| Control \| Replay \| Report \|/);

    // kube-bench before 0.6: one object per target, one after another.
    const [a, b] = [replay.results.slice(0, 20), replay.results.slice(20)];
    writeFileSync(
      join(dir, 'old.json'),
      `${JSON.stringify(reportOf(a).Controls[0])}\n${JSON.stringify(reportOf(b).Controls[0])}\n`,
    );
    const old = JSON.parse(
      (await run(['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--against', 'old.json', '--format', 'json'], dir))
        .stdout,
    ).against;
    expect([old.compared, old.agree]).toEqual([n, n]);
  });

  it('refuses what is not a kube-bench report, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-against-'));
    writeFileSync(join(dir, 'text.json'), 'PASS 1.1.1\n');
    writeFileSync(join(dir, 'empty.json'), '{"Controls": []}');
    for (const [file, message] of [
      ['text.json', /^text\.json: not JSON, expected kube-bench --json output/],
      ['empty.json', /^empty\.json: no control results, expected kube-bench --json output/],
      ['missing.json', /^missing\.json: /],
      ['', /^--against: empty path/],
    ] as const) {
      const r = await run(['evaluate', 'cis-1.9', '--node', 'kubeadm@1.29', '--against', file], dir);
      expect(r.code, file).toBe(2);
      expect(r.stdout, file).toBe('');
      expect(r.stderr.trim(), file).toMatch(message);
    }
  });
});
