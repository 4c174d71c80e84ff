import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateBenchmark } from '../src/evaluate/evaluate.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { Benchmark } from '../src/model/benchmark.js';
import { toBundle, type BuiltFile } from '../src/node/builder.js';
import { lookup, type NodeBundle, readText } from '../src/node/bundle.js';
import { captureNode } from '../src/node/capture/capture.js';
import { redactArgv } from '../src/node/capture/redact.js';
import { watchList } from '../src/node/capture/watch.js';
import { genericNode, kubeadmNode } from '../src/node/kubeadm.js';
import { processesOf } from '../src/node/processes.js';
import { readBundle } from '../src/node/read.js';
import { writeBundle } from '../src/node/write.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { allBytes, layDown, marker } from './node-tree.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bw-capture-'));
const benchmarks: Benchmark[] = shippedIds().map((id) => loadBenchmark(id).benchmark);
const watch = watchList(benchmarks);
const judged = ['cis-1.8', 'cis-1.10', 'cis-1.12'].map((id) => benchmarks.find((b) => b.id === id)!);

/** Capture a laid-down tree, write the bundle and read it back, as `node capture` then `evaluate --node DIR` do. */
function captureTree(tree: { root: string; proc: string }, objects?: NodeBundle['objects']): NodeBundle {
  const captured = captureNode({ root: tree.root, proc: tree.proc, watch, ...(objects ? { objects } : {}) });
  const out = join(tmp(), 'bundle');
  writeBundle(captured.bundle, out);
  // No planted secret reaches the bundle, whatever the tree.
  expect(allBytes(out)).not.toContain(marker);
  return readBundle(out);
}

function statuses(bundle: NodeBundle, release: string) {
  const r = shippedRelease(release);
  const out: Record<string, string> = {};
  for (const b of judged)
    for (const semantics of ['effective', 'kube-bench'] as const)
      for (const c of evaluateBenchmark(b, bundle, r, { semantics }).results)
        out[`${b.id} ${semantics} ${c.controlId}`] = c.status;
  return out;
}

/** A node changed in memory: files replaced, removed or added, processes replaced. */
function variation(
  base: NodeBundle,
  change: { files?: Record<string, BuiltFile | null>; processes?: Array<{ argv: string[] }> },
): NodeBundle {
  const files = new Map<string, BuiltFile>();
  for (const e of base.entries.values())
    files.set(e.path, {
      type: e.type,
      ...(e.mode ? { mode: e.mode } : {}),
      ...(e.owner ? { owner: e.owner } : {}),
      ...(e.group ? { group: e.group } : {}),
      ...(e.target ? { target: e.target } : {}),
      ...(e.read ? { text: readText(e) } : {}),
    });
  for (const [p, f] of Object.entries(change.files ?? {})) {
    if (f === null) files.delete(p);
    else files.set(p, f);
  }
  const processes = (change.processes ?? processesOf(base).processes).map((p) => ({
    argv: [...p.argv],
    command: p.argv.join(' '),
    source: { file: 'node-bundle.yaml' },
  }));
  return toBundle(
    files,
    base.objects ?? [],
    { name: base.name, release: base.release, nodeName: base.nodeName },
    processes,
  );
}

describe('node capture on simulated kubeadm nodes', () => {
  // Every shipped release, so that a release added later is captured and compared too.
  const releases = shippedReleases();
  it('covers the releases the snapshots ship, newest included', () => {
    expect(releases.length).toBeGreaterThan(20);
    expect(releases).toContain('1.36');
  });
  for (const release of releases) {
    it(`capturing a laid-down kubeadm@${release} gives the statuses of the reference node (both semantics, three benchmarks)`, () => {
      const ref = kubeadmNode(shippedRelease(release));
      const dir = tmp();
      const tree = layDown(ref, dir);
      const got = captureTree(tree, ref.objects);
      expect(got.release).toBe(release);
      expect(got.nodeName).toBe(ref.nodeName);
      expect(statuses(got, release)).toEqual(statuses(ref, release));
      // The keys and kubeconfig credentials were planted on the node; none reached the bundle.
      expect(allBytes(join(dir, 'root'))).toContain(marker);
    });
  }

  it('records modes, owners (named through the root’s etc/passwd) and links, and copies no PEM or credential', () => {
    const ref = kubeadmNode(shippedRelease('1.30'));
    const dir = tmp();
    const tree = layDown(ref, dir);
    const captured = captureNode({ root: tree.root, proc: tree.proc, watch });
    const out = join(dir, 'bundle');
    writeBundle(captured.bundle, out);
    const b = readBundle(out);
    expect(lookup(b, '/etc/kubernetes/pki/ca.key')).toMatchObject({ mode: '600', owner: 'root', group: 'root' });
    expect(lookup(b, '/etc/kubernetes/pki/ca.key')?.read).toBeUndefined();
    expect(lookup(b, '/var/lib/etcd')).toMatchObject({ type: 'folder', mode: '700' });
    expect(b.entries.get('/lib')).toMatchObject({ type: 'symlink', target: '/usr/lib' });
    const admin = readText(lookup(b, '/etc/kubernetes/admin.conf')!);
    expect(admin).toMatch(/server: https:\/\/192\.0\.2\.10:6443/);
    expect(admin).toMatch(/client-key-data: "REDACTED"/);
    expect(allBytes(out)).not.toContain(marker);
  });
});

describe('node capture on hand-made variations', () => {
  const ref = kubeadmNode(shippedRelease('1.30'));
  const same = (node: NodeBundle, options: Parameters<typeof layDown>[2] = {}) => {
    const dir = tmp();
    const got = captureTree(layDown(node, dir, options), node.objects);
    const want = statuses(node, '1.30');
    expect(statuses(got, '1.30')).toEqual(want);
    // Not a vacuous equality: the node passes some controls and fails others.
    expect(Object.values(want)).toContain('PASS');
    expect(Object.values(want)).toContain('FAIL');
    return got;
  };

  it('a kubelet started with flags only (no unit, no config file)', () => {
    const g = genericNode(shippedRelease('1.30'));
    same(g);
  });

  it('kubelet drop-ins in --config-dir', () => {
    const kubelet = processesOf(ref).processes.find((p) => p.argv[0].endsWith('kubelet'))!;
    const node = variation(ref, {
      files: {
        '/etc/kubernetes/kubelet.conf.d': { type: 'folder', mode: '755', owner: 'root', group: 'root' },
        '/etc/kubernetes/kubelet.conf.d/10-hardening.conf': {
          type: 'file',
          mode: '644',
          owner: 'root',
          group: 'root',
          text: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\nprotectKernelDefaults: true\n',
        },
      },
      processes: processesOf(ref).processes.map((p) =>
        p === kubelet ? { argv: [...p.argv, '--config-dir=/etc/kubernetes/kubelet.conf.d'] } : { argv: [...p.argv] },
      ),
    });
    const got = same(node);
    expect(readText(lookup(got, '/etc/kubernetes/kubelet.conf.d/10-hardening.conf')!)).toMatch(/readOnlyPort: 10255/);
    // The drop-in changes what the kubelet does, so the capture had to carry it.
    expect(statuses(got, '1.30')).not.toEqual(statuses(ref, '1.30'));
  });

  it('a component in a container whose binary path differs from the manifest', () => {
    const procs = processesOf(ref).processes.map((p) => ({
      argv: p.argv[0] === 'kube-apiserver' ? ['/usr/local/bin/kube-apiserver', ...p.argv.slice(1)] : [...p.argv],
    }));
    same(variation(ref, { processes: procs }));
  });

  it('a k3s-style single process carrying every control-plane component’s flags', () => {
    const procs = processesOf(ref).processes;
    const passed = (c: string) =>
      procs
        .find((p) => p.argv[0] === c)!
        .argv.slice(1)
        .map((a) => `--${c}-arg=${a.replace(/^--/, '')}`);
    const k3s = [
      '/usr/local/bin/k3s',
      'server',
      '--token=K10' + marker + 'a',
      ...passed('kube-apiserver'),
      ...passed('kube-controller-manager'),
      ...passed('kube-scheduler'),
    ];
    const others = procs.filter(
      (p) => !['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].includes(p.argv[0]),
    );
    const node = variation(ref, {
      processes: [
        ...others.map((p) => ({ argv: [...p.argv] })),
        { argv: redactArgv(k3s) },
        ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => ({
          argv: [c, ...procs.find((p) => p.argv[0] === c)!.argv.slice(1)],
        })),
      ],
    });
    const dir = tmp();
    const tree = layDown(node, dir, {
      processes: [...others.map((p) => ({ argv: p.argv, environment: p.environment })), { argv: k3s }],
    });
    const got = captureTree(tree, node.objects);
    expect(statuses(got, '1.30')).toEqual(statuses(node, '1.30'));
    expect(got.processes?.map((p) => p.argv[0])).toContain('kube-apiserver');
    expect(got.processes?.some((p) => p.command.includes('--token=REDACTED'))).toBe(true);
    expect(allBytes(join(dir, 'root'))).not.toContain('K10');
  });

  it('a missing kubelet config file and an unreadable manifest (a FIFO): capture neither blocks nor invents', () => {
    const node = variation(ref, {
      files: {
        '/var/lib/kubelet/config.yaml': null,
        '/etc/kubernetes/manifests/kube-scheduler.yaml': { type: 'file', mode: '600', owner: 'root', group: 'root' },
      },
    });
    same(node, { fifos: ['/etc/kubernetes/manifests/kube-scheduler.yaml'] });
  });

  it('a symlinked manifest', () => {
    const apiserver = ref.entries.get('/etc/kubernetes/manifests/kube-apiserver.yaml')!;
    const node = variation(ref, {
      files: {
        '/etc/kubernetes/manifests/kube-apiserver.yaml': {
          type: 'symlink',
          target: '/opt/k8s/kube-apiserver.yaml',
          owner: 'root',
          group: 'root',
        },
        '/opt/k8s': { type: 'folder', mode: '755', owner: 'root', group: 'root' },
        '/opt/k8s/kube-apiserver.yaml': {
          type: 'file',
          mode: '600',
          owner: 'root',
          group: 'root',
          text: readText(apiserver),
        },
      },
    });
    const got = same(node);
    expect(got.entries.get('/etc/kubernetes/manifests/kube-apiserver.yaml')).toMatchObject({ type: 'symlink' });
  });

  it('never reads outside --root: links climbing out are resolved inside the node’s namespace', () => {
    const dir = tmp();
    const tree = layDown(ref, dir);
    // A file beside the root (the host's, not the node's) and links that try to reach it.
    writeFileSync(join(dir, 'outside.yaml'), `token: ${marker}host\n`);
    mkdirSync(join(tree.root, 'etc/cni/net.d'), { recursive: true });
    symlinkSync('../../../../../outside.yaml', join(tree.root, 'etc/cni/net.d/10-up.conf'));
    symlinkSync('/../outside.yaml', join(tree.root, 'etc/cni/net.d/20-abs.conf'));
    symlinkSync('loop', join(tree.root, 'etc/cni/net.d/loop'));
    const got = captureTree(tree, ref.objects);
    // Recorded as links; the bundle reader refuses the one whose written target climbs out of the bundle too.
    expect(got.entries.get('/etc/cni/net.d/20-abs.conf')).toMatchObject({ type: 'symlink', target: '/outside.yaml' });
    expect(() => readText(got.entries.get('/etc/cni/net.d/10-up.conf')!)).toThrow(/leads outside the bundle/);
    expect(got.entries.get('/outside.yaml')).toBeUndefined();
  });

  it('stays bounded: an oversized config file is listed without a copy, deep folders are cut, FIFOs never opened', () => {
    const dir = tmp();
    const tree = layDown(ref, dir, { fifos: ['/var/lib/kubelet/config.yaml'] });
    writeFileSync(join(tree.root, 'etc/kubernetes/admin.conf'), `a: ${'x'.repeat(2 * 1024 * 1024)}\n`);
    let deep = join(tree.root, 'etc/cni/net.d');
    for (let i = 0; i < 12; i++) deep = join(deep, `d${i}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'deep.conf'), '{}\n');
    const captured = captureNode({ root: tree.root, proc: tree.proc, watch });
    const b = captured.bundle;
    expect(b.entries.get('/etc/kubernetes/admin.conf')).toMatchObject({ type: 'file', mode: '600' });
    expect(b.entries.get('/etc/kubernetes/admin.conf')?.read).toBeUndefined();
    expect(captured.notes).toContain(
      '/etc/kubernetes/admin.conf: larger than 1048576 bytes or unreadable, recorded without a copy',
    );
    expect(captured.notes).toContain('/var/lib/kubelet/config.yaml is not a regular file, recorded without a copy');
    expect([...b.entries.keys()].some((p) => p.endsWith('deep.conf'))).toBe(false);
    expect(b.entries.has('/etc/cni/net.d/d0/d1/d2')).toBe(true);
  });
});
