import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRelease } from '../src/k8s/load.js';
import { InputError } from '../src/model/problem.js';
import { lookup, readText } from '../src/node/bundle.js';
import { genericNode, kubeadmNode } from '../src/node/kubeadm.js';
import { parseKubeadmConfig } from '../src/node/kubeadm-config.js';
import { processesOf } from '../src/node/processes.js';
import { readBundle } from '../src/node/read.js';
import { nodeIndexJsonSchema } from '../src/node/schema.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const text = (b: ReturnType<typeof kubeadmNode>, path: string) => readText(lookup(b, path)!);
const mode = (b: ReturnType<typeof kubeadmNode>, path: string) => lookup(b, path)?.mode;
const tmp = () => mkdtempSync(join(tmpdir(), 'bw-node-'));

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('no input error');
}

describe('kubeadm reference node (data/kubeadm-node.yaml + release snapshots)', () => {
  const n13 = kubeadmNode(shippedRelease('1.13'));
  const n28 = kubeadmNode(shippedRelease('1.28'));
  const n34 = kubeadmNode(shippedRelease('1.34'));

  it('lays down kubeadm modes: manifests and keys 0600, certificates 0644, the etcd data directory 0700, kubelet files 0644', () => {
    expect(mode(n28, '/etc/kubernetes/manifests/kube-apiserver.yaml')).toBe('600');
    expect(mode(n28, '/etc/kubernetes/pki/ca.key')).toBe('600');
    expect(mode(n28, '/etc/kubernetes/pki/sa.pub')).toBe('600');
    expect(mode(n28, '/etc/kubernetes/pki/etcd/server.crt')).toBe('644');
    expect(mode(n28, '/var/lib/etcd')).toBe('700');
    expect(mode(n28, '/var/lib/kubelet/config.yaml')).toBe('644');
    expect(mode(n28, '/etc/kubernetes/admin.conf')).toBe('600');
    expect(lookup(n28, '/etc/kubernetes/super-admin.conf')).toBeUndefined();
    expect(mode(n34, '/etc/kubernetes/super-admin.conf')).toBe('600');
  });

  it('writes the kubelet config fully defaulted up to 1.16 and sparse (zero Durations printed) from 1.17', () => {
    const old = text(n13, '/var/lib/kubelet/config.yaml');
    expect(old).toMatch(/^eventRecordQPS: 5$/m);
    expect(old).toMatch(/^streamingConnectionIdleTimeout: 4h0m0s$/m);
    expect(old).toMatch(/^makeIPTablesUtilChains: true$/m);
    expect(old).not.toMatch(/readOnlyPort/);
    const sparse = text(n28, '/var/lib/kubelet/config.yaml');
    expect(sparse).toMatch(/^streamingConnectionIdleTimeout: 0s$/m);
    expect(sparse).not.toMatch(/eventRecordQPS|makeIPTablesUtilChains|readOnlyPort/);
    expect(sparse).toMatch(/^ {4}enabled: false$/m);
    expect(sparse).toMatch(/^cgroupDriver: systemd$/m);
    expect(sparse).toMatch(/^rotateCertificates: true$/m);
  });

  it('writes kubeadm-flags.env unquoted before 1.15, quoted after, with the containerd endpoint of the release', () => {
    expect(text(n13, '/var/lib/kubelet/kubeadm-flags.env')).toBe(
      'KUBELET_KUBEADM_ARGS=--container-runtime=remote --container-runtime-endpoint=/run/containerd/containerd.sock --resolv-conf=/run/systemd/resolve/resolv.conf\n',
    );
    expect(text(n28, '/var/lib/kubelet/kubeadm-flags.env')).toBe(
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n',
    );
  });

  it('starts the control plane from static Pods with the flags of the snapshot, sorted, and probes of the release', () => {
    const api13 = text(n13, '/etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(api13).toContain('- --insecure-port=0');
    expect(api13).toContain('path: /healthz');
    expect(api13).not.toContain('seccompProfile');
    const api28 = text(n28, '/etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(api28).not.toContain('insecure-port');
    expect(api28).toContain('path: /livez');
    expect(api28).toContain('type: RuntimeDefault');
    expect(api28).toContain('priority: 2000001000');
    const sched13 = processesOf(n13).processes.find((p) => p.argv[0] === 'kube-scheduler');
    expect(sched13?.argv).toContain('--address=127.0.0.1');
    const sched28 = processesOf(n28).processes.find((p) => p.argv[0] === 'kube-scheduler');
    expect(sched28?.argv).toContain('--bind-address=127.0.0.1');
    expect(sched28?.argv.some((a) => a.startsWith('--address'))).toBe(false);
  });

  it('derives the processes as the node starts them: the kubelet from its unit, drop-in and env files, kube-proxy from its DaemonSet', () => {
    const ps = processesOf(n28).processes;
    expect(ps.map((p) => p.argv[0])).toEqual([
      '/usr/bin/kubelet',
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      '/usr/local/bin/kube-proxy',
    ]);
    const kubelet = ps[0];
    expect(kubelet.command).toBe(
      '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9',
    );
    expect(kubelet.argSources?.[3]).toEqual({
      file: 'usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
      line: 3,
    });
    expect(kubelet.argSources?.[4]).toEqual({ file: 'var/lib/kubelet/kubeadm-flags.env', line: 1 });
    expect(ps[5].command).toBe(
      '/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=cp-1',
    );
  });

  it('merges /usr on 1.28+ (pkgs.k8s.io): /lib/systemd/system/kubelet.service is the unit under /usr/lib', () => {
    expect(lookup(n28, '/lib/systemd/system/kubelet.service')?.path).toBe('/usr/lib/systemd/system/kubelet.service');
    expect(lookup(n13, '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf')?.mode).toBe('644');
  });

  it('a generic node runs binaries with flags only: no config file, no files', () => {
    const g = genericNode(shippedRelease('1.28'));
    expect(g.entries.size).toBe(0);
    const kubelet = processesOf(g).processes.find((p) => p.argv[0].endsWith('kubelet'));
    expect(kubelet?.argv.some((a) => a.startsWith('--config'))).toBe(false);
  });
});

describe('kubeadm configuration files', () => {
  const r13 = shippedRelease('1.13');
  const r34 = shippedRelease('1.34');

  it('applies extraArgs (a map in v1beta1–v1beta3), extraVolumes, kubelet extra args and fields', () => {
    const changes = parseKubeadmConfig(
      [
        'apiVersion: kubeadm.k8s.io/v1beta1',
        'kind: ClusterConfiguration',
        'apiServer:',
        '  extraArgs:',
        '    profiling: "false"',
        '    enable-admission-plugins: NodeRestriction,AlwaysPullImages',
        '  extraVolumes:',
        '    - { name: audit, hostPath: /etc/kubernetes/audit, mountPath: /etc/kubernetes/audit, readOnly: true }',
        '---',
        'apiVersion: kubeadm.k8s.io/v1beta1',
        'kind: InitConfiguration',
        'nodeRegistration:',
        '  kubeletExtraArgs: { node-labels: "zone=a" }',
        '---',
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'protectKernelDefaults: true',
        'authentication:',
        '  anonymous:',
        '    enabled: false',
      ].join('\n'),
      'kubeadm.yaml',
      r13,
    );
    const n = kubeadmNode(r13, changes);
    const api = text(n, '/etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(api).toContain('- --profiling=false');
    expect(api).toContain('- --enable-admission-plugins=NodeRestriction,AlwaysPullImages');
    expect(api).toContain('mountPath: /etc/kubernetes/audit');
    expect(text(n, '/var/lib/kubelet/kubeadm-flags.env')).toContain('--node-labels=zone=a');
    expect(text(n, '/var/lib/kubelet/config.yaml')).toMatch(/^protectKernelDefaults: true$/m);
  });

  it('reads v1beta4 extraArgs as a list of name/value', () => {
    const changes = parseKubeadmConfig(
      'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nscheduler:\n  extraArgs:\n    - { name: profiling, value: "false" }\n',
      'kubeadm.yaml',
      r34,
    );
    expect(changes.extraArgs['kube-scheduler']).toEqual([['profiling', 'false']]);
  });

  it('reports every problem at its position: wrong extraArgs form, a bare boolean, an unknown field, an unserved API version', () => {
    expect(
      problem(() =>
        parseKubeadmConfig(
          'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    profiling: "false"\n',
          'k.yaml',
          r34,
        ),
      ),
    ).toBe(
      'k.yaml:5:5: wrong type for apiServer.extraArgs: found a map, expected a list of {name, value} (kubeadm.k8s.io/v1beta4)',
    );
    expect(
      problem(() =>
        parseKubeadmConfig(
          'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    profiling: false\n',
          'k.yaml',
          r34,
        ),
      ),
    ).toBe(
      `k.yaml:5:16: wrong type for apiServer.extraArgs.profiling: found 'false', expected a map of flag names to string values (kubeadm.k8s.io/v1beta3; quote values such as "false")`,
    );
    expect(
      problem(() =>
        parseKubeadmConfig(
          'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nanonymousAuth: false\n',
          'k.yaml',
          r34,
        ),
      ),
    ).toBe(
      'k.yaml:3:1: unknown field anonymousAuth in KubeletConfiguration of Kubernetes 1.34, expected a field of that release',
    );
    expect(
      problem(() => parseKubeadmConfig('apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n', 'k.yaml', r13)),
    ).toBe('k.yaml:1:13: kubeadm 1.13 does not read kubeadm.k8s.io/v1beta4, expected one of kubeadm.k8s.io/v1beta1');
    expect(
      problem(() => parseKubeadmConfig('apiVersion: kubeadm.k8s.io/v1beta1\nkind: JoinConfiguration\n', 'k.yaml', r13)),
    ).toMatch(/^k\.yaml:2:7: kind JoinConfiguration is not what kubeadm init reads/);
  });
});

describe('node bundles on disk', () => {
  it('writes a bundle that reads back as the same node (files, modes, processes, objects)', async () => {
    const dir = join(tmp(), 'n');
    const w = await run(['node', 'kubeadm', '--release', '1.28', '--out', dir]);
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/^wrote kubeadm@1\.28 to .*: \d+ files, 6 processes, 3 API objects$/m);
    const back = readBundle(dir);
    const mem = kubeadmNode(shippedRelease('1.28'));
    for (const [p, e] of mem.entries)
      expect([p, back.entries.get(p)?.type, back.entries.get(p)?.mode, back.entries.get(p)?.owner]).toEqual([
        p,
        e.type,
        e.mode,
        e.owner,
      ]);
    // The copy adds only the folders that hold it (/etc, /var/lib), whose modes the index does not give.
    for (const [p, e] of back.entries)
      if (!mem.entries.has(p)) expect([p, e.type, e.mode]).toEqual([p, 'folder', undefined]);
    expect(processesOf(back).processes.map((p) => p.command)).toEqual(processesOf(mem).processes.map((p) => p.command));
    expect(back.objects?.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ConfigMap/kube-proxy',
      'DaemonSet/kube-proxy',
      'Deployment/coredns',
    ]);
    expect(readFileSync(join(dir, 'var/lib/kubelet/config.yaml'), 'utf8')).toBe(
      text(mem, '/var/lib/kubelet/config.yaml'),
    );
    // No key or kubeconfig is copied: the index lists them with their modes.
    expect(existsSync(join(dir, 'etc/kubernetes/pki/ca.key'))).toBe(false);
    expect(back.entries.get('/etc/kubernetes/pki/ca.key')?.mode).toBe('600');
  });

  it('checks its target and never half-writes', async () => {
    const base = tmp();
    writeFileSync(join(base, 'file'), 'x');
    const onFile = await run(['node', 'generic', '--release', '1.28', '--out', join(base, 'file')]);
    expect([onFile.code, onFile.stderr]).toEqual([
      2,
      `${join(base, 'file')}: is a file, expected a new or empty folder\n`,
    ]);
    writeFileSync(join(base, 'other'), 'x');
    const full = await run(['node', 'generic', '--release', '1.28', '--out', base]);
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/is not empty, expected a new or empty folder/);
    const empty = await run(['node', 'generic', '--release', '1.28', '--out', '']);
    expect([empty.code, empty.stderr]).toEqual([2, '--out: empty value, expected a folder to write the bundle into\n']);
    const dir = join(base, 'b');
    expect((await run(['node', 'generic', '--release', '1.28', '--out', dir])).code).toBe(0);
    expect((await run(['node', 'generic', '--release', '1.28', '--out', dir])).stderr).toMatch(
      /holds a node bundle already/,
    );
    expect((await run(['node', 'kubeadm', '--release', '1.28', '--out', dir, '--force'])).code).toBe(0);
    expect(readdirSync(base).sort()).toEqual(['b', 'file', 'other']);
    const bad = await run(['node', 'kubeadm', '--release', '1.99', '--out', join(base, 'c')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--release: no shipped release '1\.99', expected shipped releases \(1\.13 … 1\.\d+\)/);
  });

  it('refuses what is not a bundle with one clear error, exit 2', async () => {
    const base = tmp();
    const missing = await run(['evaluate', 'cis-1.12', '--node', join(base, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such file or folder, expected a node bundle/);
    const noIndex = await run(['evaluate', 'cis-1.12', '--node', base]);
    expect(noIndex.stderr).toMatch(/no node-bundle\.yaml in this folder/);
    writeFileSync(
      join(base, 'node-bundle.yaml'),
      'apiVersion: benchwright.dev/v1alpha1\nkind: NodeBundle\nfiles:\n  - { path: etc/x, mode: "999" }\n',
    );
    const bad = await run(['evaluate', 'cis-1.12', '--node', base, '--release', '1.28']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n').filter(Boolean)).toEqual([
      `${base}/node-bundle.yaml:4:13: invalid files[0].path: an absolute path on the node such as /etc/kubernetes/admin.conf, found 'etc/x'`,
      `${base}/node-bundle.yaml:4:26: invalid files[0].mode: an octal mode such as 0600, found '999'`,
    ]);
    writeFileSync(join(base, 'node-bundle.yaml'), 'apiVersion: benchwright.dev/v1alpha1\nkind: NodeBundle\n');
    const noRelease = await run(['evaluate', 'cis-1.12', '--node', base]);
    expect(noRelease.stderr).toMatch(/^--release: missing: .* does not say which release it runs/);
  });

  it('turns a malformed manifest, a link out of the bundle and a file it cannot read into per-control WARNs, reading nothing outside', async () => {
    const dir = join(tmp(), 'n');
    await run(['node', 'kubeadm', '--release', '1.28', '--out', dir]);
    // Processes derived from the files, so the manifests matter.
    const index = readFileSync(join(dir, 'node-bundle.yaml'), 'utf8');
    writeFileSync(join(dir, 'node-bundle.yaml'), index.replace(/\nprocesses:\n(?: {2}- .*\n(?: {4}.*\n)*)*/, '\n'));
    writeFileSync(
      join(dir, 'etc/kubernetes/manifests/kube-apiserver.yaml'),
      'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n',
    );
    const outside = join(tmp(), 'secret.yaml');
    writeFileSync(outside, 'kind: KubeSchedulerConfiguration\nenableProfiling: false\nSECRET-OUTSIDE: 1\n');
    unlinkSync(join(dir, 'etc/kubernetes/manifests/kube-scheduler.yaml'));
    symlinkSync(join('..', '..', '..', '..', outside), join(dir, 'etc/kubernetes/manifests/kube-scheduler.yaml'));
    const r = await run(['evaluate', 'cis-1.12', '--node', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const byId = (id: string) => report.results.find((x: { controlId: string }) => x.controlId === id);
    expect(byId('1.2.15').status).toBe('WARN');
    expect(byId('1.2.15').checks[0].notes[0]).toMatch(
      /cannot read how kube-apiserver starts: .*kube-apiserver\.yaml:5:1: invalid YAML/,
    );
    expect(byId('1.1.1').status).toBe('PASS');
    expect(byId('1.4.1').status).toBe('WARN');
    expect(byId('1.4.1').checks[0].notes[0]).toMatch(/leads outside the bundle/);
    expect(report.warnings.join('\n')).toMatch(
      /kube-scheduler\.yaml: warning: symbolic link to .* leads outside the bundle/,
    );
    expect(r.stdout).not.toContain('SECRET-OUTSIDE');
    expect(byId('4.2.1').status).toBe('PASS');
  });

  it.skipIf(process.getuid?.() === 0)(
    'reports a file it has no permission to read on the controls that read it',
    async () => {
      const dir = join(tmp(), 'n');
      await run(['node', 'kubeadm', '--release', '1.28', '--out', dir]);
      chmodSync(join(dir, 'var/lib/kubelet/config.yaml'), 0o000);
      const r = await run(['evaluate', 'cis-1.12', '--node', dir, '--control', '4.2.1', '--format', 'json']);
      chmodSync(join(dir, 'var/lib/kubelet/config.yaml'), 0o644);
      const c = JSON.parse(r.stdout).results[0];
      expect(c.status).toBe('WARN');
      expect(JSON.stringify(c)).toMatch(/permission denied/);
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it('ships the index schema generated from the model (npm run data)', () => {
    expect(readFileSync(join(repoRoot, 'schema', 'node-bundle.schema.json'), 'utf8')).toBe(nodeIndexJsonSchema());
  });
});

describe('the YAML reference nodes are written in', () => {
  it('reads back as the data it was written from, for every file and object of every release', async () => {
    const { parse } = await import('yaml');
    const { emitYaml } = await import('../src/node/emit.js');
    const { shippedReleases } = await import('../src/k8s/load.js');
    for (const r of shippedReleases()) {
      const n = kubeadmNode(shippedRelease(r));
      for (const e of n.entries.values())
        if (e.read && /\.yaml$/.test(e.path)) {
          const data = parse(readText(e));
          expect(parse(emitYaml(data)), `${r} ${e.path}`).toEqual(data);
        }
      for (const o of n.objects ?? []) expect(parse(emitYaml(o))).toEqual(o);
    }
    const tricky = {
      a: [
        '*,x',
        'true',
        '10',
        '',
        '-',
        'a: b',
        '#x',
        'x #y',
        'multi\nline\n',
        'no end\nnewline',
        ' lead',
        'pause:3.1',
        '0600',
        '1.28',
        null,
        false,
        0,
        [],
        {},
      ],
      'key: colon': { '10': 'x' },
    };
    expect(parse(emitYaml(tricky))).toEqual(tricky);
  });
});

describe('a bundle made from a real node as the README says', () => {
  it('reads find -printf letters, ps lines, a kubectl List and absolute links inside the copy', async () => {
    const dir = tmp();
    const mem = kubeadmNode(shippedRelease('1.30'));
    const { mkdirSync } = await import('node:fs');
    for (const p of ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/config.yaml']) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text(mem, p));
    }
    mkdirSync(join(dir, 'var/lib/kubelet/pki'), { recursive: true });
    writeFileSync(join(dir, 'var/lib/kubelet/pki/kubelet-client-2024-01-01.pem'), 'not a real key\n');
    symlinkSync(
      '/var/lib/kubelet/pki/kubelet-client-2024-01-01.pem',
      join(dir, 'var/lib/kubelet/pki/kubelet-client-current.pem'),
    );
    const ps = processesOf(mem).processes.map((p) => `  - command: '${p.command}'`);
    writeFileSync(
      join(dir, 'node-bundle.yaml'),
      [
        'apiVersion: benchwright.dev/v1alpha1',
        'kind: NodeBundle',
        'node: { name: cp-1, release: "1.30" }',
        'files:',
        '  - { path: "/etc/kubernetes/manifests", type: d, mode: "755", owner: root, group: root }',
        '  - { path: "/etc/kubernetes/manifests/kube-apiserver.yaml", type: f, mode: "600", owner: root, group: root }',
        '  - { path: "/var/lib/kubelet/config.yaml", type: f, mode: "644", owner: root, group: root }',
        '  - { path: "/var/lib/kubelet/pki/kubelet-client-2024-01-01.pem", type: f, mode: "600", owner: root, group: root }',
        'processes:',
        ...ps,
        'objects:',
        '  - apiVersion: v1',
        '    items:',
        ...(await import('yaml'))
          .stringify(mem.objects)
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
        '    kind: List',
        '',
      ].join('\n'),
    );
    const b = readBundle(dir);
    expect(b.warnings).toEqual([]);
    expect(lookup(b, '/var/lib/kubelet/pki/kubelet-client-current.pem')?.mode).toBe('600');
    expect(b.objects?.map((o) => o.kind)).toEqual(['ConfigMap', 'DaemonSet', 'Deployment']);
    const r = JSON.parse(
      (
        await run([
          'evaluate',
          'cis-1.11',
          '--node',
          dir,
          '--control',
          '1.1.1',
          '1.2.15',
          '1.2.25',
          '4.2.1',
          '4.3.1',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(r.results.map((x: { status: string }) => x.status)).toEqual(['PASS', 'FAIL', 'PASS', 'PASS', 'PASS']);
    // The index lists the process; the manifest it was started from gives the flag's line.
    expect(r.results[2].checks[0].source).toBe(`${dir}/etc/kubernetes/manifests/kube-apiserver.yaml:16`);
  });
});
