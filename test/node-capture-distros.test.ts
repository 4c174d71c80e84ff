// Distributions that run the components in one process: microk8s's kubelite (one args file
// per component) and k3s (its config.yaml and config.yaml.d drop-ins). Hand-made node trees
// are captured by the command and by the script (the same bundle), and the captured bundle
// evaluates as a user of that node expects: the flags the files set decide the controls.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateBenchmark } from '../src/evaluate/evaluate.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedRelease } from '../src/k8s/load.js';
import type { Benchmark } from '../src/model/benchmark.js';
import { type NodeBundle, readText } from '../src/node/bundle.js';
import { captureNode } from '../src/node/capture/capture.js';
import {
  argsFileArguments,
  argsFilesOf,
  configFileOptions,
  distros,
  effectiveArgv,
  type ArgsFiles,
} from '../src/node/capture/distros.js';
import { captureScript } from '../src/node/capture/script.js';
import { watchList } from '../src/node/capture/watch.js';
import { readBundle } from '../src/node/read.js';
import { writeBundle } from '../src/node/write.js';
import { allBytes, marker } from './node-tree.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bw-distro-'));
const benchmarks: Benchmark[] = shippedIds().map((id) => loadBenchmark(id).benchmark);
const watch = watchList(benchmarks);
const script = captureScript(watch);
const release = '1.30';
// biome-ignore lint/suspicious/noTemplateCurlyInString: microk8s's args files name the variable as written
const SNAP_DATA = '${SNAP_DATA}';
let n = 0;
const secret = (what: string) => `${marker}${what}${++n}`;

function put(root: string, path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  chmodSync(join(root, path), mode);
}

function proc(dir: string, pid: number, argv: readonly string[], env: Record<string, string> = {}): void {
  mkdirSync(join(dir, String(pid)), { recursive: true });
  writeFileSync(join(dir, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
  const all = { PATH: '/usr/bin', ...env };
  writeFileSync(
    join(dir, String(pid), 'environ'),
    `${Object.entries(all)
      .map(([k, v]) => `${k}=${v}`)
      .join('\0')}\0`,
  );
}

/** What a bundle says, without where each piece was read from. */
function view(b: NodeBundle) {
  const files = [...b.entries.values()]
    .map((e) => ({
      path: e.path,
      type: e.type,
      mode: e.mode,
      owner: e.owner,
      group: e.group,
      target: e.target,
      text: e.read ? readText(e) : undefined,
    }))
    .sort((x, y) => (x.path < y.path ? -1 : 1));
  return { node: b.nodeName, files, processes: (b.processes ?? []).map((p) => p.command) };
}

/** Capture a tree with the command and with the script: the same bundle, and no planted byte in either. */
function captureBoth(tree: { root: string; proc: string }): NodeBundle {
  const dir = tmp();
  const out = join(dir, 'command');
  writeBundle(captureNode({ root: tree.root, proc: tree.proc, watch, release }).bundle, out);
  writeFileSync(join(dir, 'capture.sh'), script);
  const tar = join(dir, 'bundle.tar');
  execFileSync('sh', [join(dir, 'capture.sh')], {
    env: { PATH: process.env.PATH, ROOT: tree.root, PROC: tree.proc, OUT: tar, TMPDIR: dir, RELEASE: release },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  expect(allBytes(tree.root) + allBytes(tree.proc)).toContain(marker);
  expect(allBytes(out)).not.toContain(marker);
  expect(readFileSync(tar, 'latin1')).not.toContain(marker);
  const command = readBundle(out);
  expect(view(readBundle(tar))).toEqual(view(command));
  return command;
}

/** The controls whose check reads a component's flag with an operator, in every judged benchmark. */
function controlsReading(b: Benchmark, component: string, flag: string, op: string, value?: string): string[] {
  const ids: string[] = [];
  const visit = (sections: Benchmark['sections']) => {
    for (const s of sections) {
      for (const c of s.controls ?? [])
        if (
          c.checks?.some(
            (k) =>
              k.op === op &&
              (value === undefined || k.value === value) &&
              k.subjects.some((x) => x.kind === 'flag' && x.component === component && x.flag === flag),
          )
        )
          ids.push(c.id);
      visit((s as { sections?: Benchmark['sections'] }).sections ?? []);
    }
  };
  visit(b.sections);
  return ids;
}

const judged = ['cis-1.8', 'cis-1.10', 'cis-1.12'].map((id) => benchmarks.find((b) => b.id === id)!);

/** The status of each control reading that flag, in each judged benchmark, on the captured node. */
function statusOf(bundle: NodeBundle, component: string, flag: string, op: string, value?: string): string[] {
  const out: string[] = [];
  for (const b of judged) {
    const ids = controlsReading(b, component, flag, op, value);
    expect(ids.length, `${b.id} has a control reading ${component} ${flag} ${op}`).toBeGreaterThan(0);
    const r = evaluateBenchmark(b, bundle, shippedRelease(release), { controls: ids });
    out.push(...r.results.map((x) => x.status));
  }
  return [...new Set(out)];
}

const pem = (what: string) => `-----BEGIN PRIVATE KEY-----\n${secret(what)}\n-----END PRIVATE KEY-----\n`;
const kubeconfig = (what: string) =>
  `apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://127.0.0.1:16443"}\n  name: microk8s\nusers:\n- name: admin\n  user:\n    token: ${secret(what)}\n`;

describe('the distributions’ own formats, read as they read them', () => {
  it('k3s: the last file to set a key wins, key+ appends, the command line replaces a key', () => {
    const options = configFileOptions([
      'token: "a"\nkubelet-arg:\n  - "v=2"\n  - max-pods=50   # a comment\nwrite-kubeconfig-mode: \'0600\'\n',
      'kubelet-arg+: [read-only-port=0]\nnode-label: [x=y]\n',
      'write-kubeconfig-mode: 0640\nnode-label+:\n- z=w\nprotect-kernel-defaults: true\nempty:\n',
    ]);
    expect(options).toEqual([
      '--token=a',
      '--kubelet-arg=v=2',
      '--kubelet-arg=max-pods=50',
      '--kubelet-arg=read-only-port=0',
      '--write-kubeconfig-mode=0640',
      '--node-label=x=y',
      '--node-label=z=w',
      '--protect-kernel-defaults=true',
      '--empty=',
    ]);
    expect(
      effectiveArgv(['/usr/local/bin/k3s', 'server', '--kubelet-arg=v=4', '--debug'], options).filter((a) =>
        a.startsWith('--kubelet-arg'),
      ),
    ).toEqual(['--kubelet-arg=v=4']);
    // Nothing after a subcommand it does not know: the files are not read.
    expect(effectiveArgv(['k3s', 'kubectl', 'get'], options)).toEqual(['k3s', 'kubectl', 'get']);
  });

  it('kubelite: args files trimmed, commented lines skipped, quotes gone, variables from its environment', () => {
    expect(
      argsFileArguments(
        `  --cert-dir=${SNAP_DATA}/certs \n# --profiling=true\n\n--eviction-hard="memory.available<100Mi"\n--address $UNSET/x\n`,
        { SNAP_DATA: '/var/snap/microk8s/42' },
      ),
    ).toEqual([
      '--cert-dir=/var/snap/microk8s/42/certs',
      '--eviction-hard=memory.available<100Mi',
      '--address',
      '$UNSET/x',
    ]);
    const kubelite = distros.find((d) => d.kind === 'args-files') as ArgsFiles;
    expect(argsFilesOf(['kubelite'], kubelite).map((f) => f.path)).toEqual([
      '/var/snap/microk8s/current/args/kube-apiserver',
      '/var/snap/microk8s/current/args/kube-controller-manager',
      '/var/snap/microk8s/current/args/kube-scheduler',
      '/var/snap/microk8s/current/args/kube-proxy',
      '/var/snap/microk8s/current/args/kubelet',
    ]);
    expect(
      argsFilesOf(
        ['kubelite', '--start-control-plane=false', '--kubelet-args-file', '/a', '--kubelet-args-file=/b'],
        kubelite,
      ),
    ).toEqual([
      { component: 'kube-proxy', flag: 'proxy-args-file', path: '/var/snap/microk8s/current/args/kube-proxy' },
      { component: 'kubelet', flag: 'kubelet-args-file', path: '/b' },
    ]);
  });
});

describe('a microk8s node: kubelite and its args files', () => {
  function microk8s(options: { worker?: boolean; defaults?: boolean; literal?: boolean } = {}) {
    const dir = tmp();
    const root = join(dir, 'root');
    const procDir = join(dir, 'proc');
    const data = '/var/snap/microk8s/4595';
    put(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
    put(root, 'etc/group', 'root:x:0:\nmicrok8s:x:998:\n');
    put(root, 'etc/hostname', 'mk8s-1\n');
    mkdirSync(join(root, 'var/snap/microk8s'), { recursive: true });
    symlinkSync('4595', join(root, 'var/snap/microk8s/current'));
    put(
      root,
      `${data}/args/kube-apiserver`,
      [
        `--cert-dir=${SNAP_DATA}/certs`,
        '--authorization-mode=AlwaysAllow',
        `--client-ca-file=${SNAP_DATA}/certs/ca.crt`,
        `--token-auth-file=${SNAP_DATA}/credentials/known_tokens.csv`,
        `--oidc-client-secret=${secret('oidc')}`,
        `--etcd-servers='unix://${SNAP_DATA}/var/kubernetes/backend/kine.sock:12379'`,
        '',
        '# aggregation layer',
        '--profiling=false',
        `--requestheader-allowed-names front-proxy-client`,
        '',
      ].join('\n'),
      0o660,
    );
    put(
      root,
      `${data}/args/kube-controller-manager`,
      `--kubeconfig=${SNAP_DATA}/credentials/controller.config\n--profiling=false\n`,
    );
    put(root, `${data}/args/kube-scheduler`, `--kubeconfig=${SNAP_DATA}/credentials/scheduler.config\n`, 0o660);
    put(
      root,
      `${data}/args/kubelet`,
      [
        `--kubeconfig=${SNAP_DATA}/credentials/kubelet.config`,
        '--anonymous-auth=false',
        '--read-only-port=0',
        `--client-ca-file=${SNAP_DATA}/certs/ca.crt`,
        `--bootstrap-token ${secret('bootstrap')}`,
        '',
      ].join('\n'),
    );
    put(root, `${data}/args/kube-proxy`, `--kubeconfig=${SNAP_DATA}/credentials/proxy.config\n--profiling=true\n`);
    put(root, `${data}/args/kubelite`, `--apiserver-args-file=${SNAP_DATA}/args/kube-apiserver\n`);
    for (const c of ['controller', 'scheduler', 'kubelet', 'proxy', 'client'])
      put(root, `${data}/credentials/${c}.config`, kubeconfig(c), 0o600);
    put(root, `${data}/credentials/known_tokens.csv`, `${secret('csv')},admin,admin,"system:masters"\n`, 0o600);
    put(root, `${data}/certs/ca.crt`, pem('ca'), 0o600);
    put(root, `${data}/certs/ca.key`, pem('cakey'), 0o600);
    const argv = ['/snap/microk8s/4595/kubelite'];
    if (!options.defaults)
      argv.push(
        ...['scheduler', 'controller-manager', 'proxy', 'kubelet', 'apiserver'].map(
          (c) =>
            `--${c}-args-file=${options.literal ? SNAP_DATA : data}/args/${c === 'apiserver' ? 'kube-apiserver' : c === 'kubelet' ? 'kubelet' : `kube-${c}`}`,
        ),
        `--kubeconfig-file=${data}/credentials/client.config`,
      );
    if (options.worker) argv.push('--start-control-plane=false');
    proc(procDir, 1, ['/sbin/init']);
    proc(procDir, 2207, argv, {
      SNAP_DATA: data,
      SNAP_COMMON: '/var/snap/microk8s/common',
      SNAP: '/snap/microk8s/4595',
    });
    proc(procDir, 2301, [
      '/snap/microk8s/4595/bin/k8s-dqlite',
      '--storage-dir=/var/snap/microk8s/4595/var/kubernetes/backend/',
    ]);
    return { root, proc: procDir };
  }

  it('each component runs with its args file’s flags; the controls say what those flags make of the node', () => {
    const got = captureBoth(microk8s());
    const commands = (got.processes ?? []).map((p) => p.command);
    expect(commands[0]).toMatch(/^\/snap\/microk8s\/4595\/kubelite --scheduler-args-file=/);
    expect(commands.map((c) => c.split(' ')[0])).toEqual([
      '/snap/microk8s/4595/kubelite',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kube-proxy',
      'kubelet',
    ]);
    // Variables expanded from kubelite's environment, quotes gone, credentials redacted.
    expect(commands[1]).toContain('--client-ca-file=/var/snap/microk8s/4595/certs/ca.crt');
    expect(commands[1]).toContain(
      '--etcd-servers=unix:///var/snap/microk8s/4595/var/kubernetes/backend/kine.sock:12379',
    );
    expect(commands[1]).toContain('--oidc-client-secret=REDACTED');
    expect(commands[5]).toContain('--bootstrap-token REDACTED');
    // The args files are in the bundle, redacted line for line, and kube-bench's path to them resolves.
    const args = readText(got.entries.get('/var/snap/microk8s/4595/args/kube-apiserver')!);
    expect(args.split('\n')[4]).toBe('--oidc-client-secret=REDACTED');
    expect(got.entries.get('/var/snap/microk8s/current')).toMatchObject({
      type: 'symlink',
      target: '/var/snap/microk8s/4595',
    });
    expect(got.entries.get('/var/snap/microk8s/4595/certs/ca.key')).toMatchObject({ mode: '600' });
    // What the args files set decides the controls.
    expect(statusOf(got, 'kube-apiserver', '--authorization-mode', 'nothave', 'AlwaysAllow')).toEqual(['FAIL']);
    expect(statusOf(got, 'kube-apiserver', '--profiling', 'eq', 'false')).toEqual(['PASS']);
    expect(statusOf(got, 'kube-controller-manager', '--profiling', 'eq', 'false')).toEqual(['PASS']);
    expect(statusOf(got, 'kube-scheduler', '--profiling', 'eq', 'false')).toEqual(['FAIL']);
    expect(statusOf(got, 'kubelet', '--anonymous-auth', 'eq', 'false')).toEqual(['PASS']);
  });

  it('a path still holding $SNAP_DATA is expanded from kubelite’s environment', () => {
    const literal = captureBoth(microk8s({ literal: true }));
    const expanded = captureBoth(microk8s());
    expect(view(literal).processes.slice(1)).toEqual(view(expanded).processes.slice(1));
    expect(view(literal).processes[0]).toContain(`--kubelet-args-file=${SNAP_DATA}/args/kubelet`);
  });

  it('without flags kubelite reads the default files (through current/); a worker starts no control plane', () => {
    const got = captureBoth(microk8s({ defaults: true, worker: true }));
    expect((got.processes ?? []).map((p) => p.command.split(' ')[0])).toEqual([
      '/snap/microk8s/4595/kubelite',
      'kube-proxy',
      'kubelet',
    ]);
    expect(got.entries.get('/var/snap/microk8s/current/args/kubelet')).toBeUndefined();
    expect(got.entries.get('/var/snap/microk8s/4595/args/kubelet')?.read).toBeDefined();
    expect(statusOf(got, 'kubelet', '--anonymous-auth', 'eq', 'false')).toEqual(['PASS']);
    expect(statusOf(got, 'kube-apiserver', '--profiling', 'eq', 'false')).not.toContain('PASS');
  });
});

describe('a k3s node: config.yaml, its drop-ins and the command line', () => {
  function k3s(options: { configFlag?: boolean } = {}) {
    const dir = tmp();
    const root = join(dir, 'root');
    const procDir = join(dir, 'proc');
    const etc = options.configFlag ? '/opt/k3s/k3s.yaml' : '/etc/rancher/k3s/config.yaml';
    put(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
    put(root, 'etc/group', 'root:x:0:\n');
    put(root, 'etc/hostname', 'k3s-1\n');
    put(
      root,
      etc.slice(1),
      [
        '# server',
        `token: ${secret('token')}`,
        `agent-token: "${secret('agent')}"`,
        `datastore-endpoint: postgres://k3s:${secret('db')}@db.example:5432/k3s`,
        `etcd-s3-secret-key: ${secret('s3')}`,
        'secrets-encryption: true',
        'kube-apiserver-arg:',
        '  - "profiling=false"',
        '  - authorization-mode=AlwaysAllow',
        `  - oidc-client-secret=${secret('oidc')}`,
        'kube-controller-manager-arg: [profiling=true]',
        'kubelet-arg:',
        '  - anonymous-auth=true',
        '',
      ].join('\n'),
      0o600,
    );
    put(
      root,
      `${etc.slice(1)}.d/10-rbac.yaml`,
      `kube-apiserver-arg+:\n  - authorization-mode=Node,RBAC\nkube-scheduler-arg: ["profiling=false"]\nkubelet-arg:\n  - anonymous-auth=false\n  - read-only-port=0\n  - "bootstrap-token=${secret('kubelet')}"\n`,
    );
    put(root, `${etc.slice(1)}.d/20-notes.txt`, `kubelet-arg: [anonymous-auth=true]\ntoken: ${secret('txt')}\n`);
    put(
      root,
      'etc/systemd/system/k3s.service',
      `[Service]\nEnvironmentFile=-/etc/systemd/system/k3s.service.env\nEnvironment="K3S_TOKEN=${secret('unit')}"\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--agent-token' \\\n\t'${secret('unitarg')}' \\\n`,
    );
    put(
      root,
      'etc/systemd/system/k3s.service.env',
      `K3S_TOKEN=${secret('envfile')}\nK3S_DATASTORE_ENDPOINT='mysql://k3s:${secret('mysql')}@tcp(db:3306)/k3s'\n`,
      0o600,
    );
    put(root, 'var/lib/rancher/k3s/server/tls/server-ca.key', pem('tls'), 0o600);
    put(root, 'var/lib/rancher/k3s/server/cred/admin.kubeconfig', kubeconfig('admin'), 0o600);
    const argv = [
      '/usr/local/bin/k3s',
      'server',
      '--kube-controller-manager-arg',
      'profiling=false',
      `--token=${secret('cli')}`,
    ];
    if (options.configFlag) argv.push('--config', etc);
    proc(procDir, 1, ['/sbin/init']);
    proc(procDir, 812, argv, { K3S_TOKEN: secret('procenv') });
    proc(procDir, 901, ['containerd', '-c', '/var/lib/rancher/k3s/agent/etc/containerd/config.toml']);
    return { root, proc: procDir };
  }

  for (const configFlag of [false, true])
    it(`each component gets the flags the files and the command line give it${configFlag ? ' (--config names the file)' : ''}`, () => {
      const got = captureBoth(k3s({ configFlag }));
      const commands = (got.processes ?? []).map((p) => p.command);
      // In the order k3s's arguments first name them: the files' options, then the command line's.
      expect(commands.map((c) => c.split(' ')[0])).toEqual([
        '/usr/local/bin/k3s',
        'kube-apiserver',
        'kubelet',
        'kube-scheduler',
        'kube-controller-manager',
      ]);
      // k3s's own options as it reads them: the files' after the subcommand, the command line's last.
      expect(commands[0]).toMatch(/^\/usr\/local\/bin\/k3s server --agent-token=REDACTED .*--secrets-encryption=true/);
      expect(commands[0]).not.toMatch(/ --token=REDACTED.* --token=/);
      expect(commands[1]).toBe(
        'kube-apiserver --profiling=false --authorization-mode=AlwaysAllow --oidc-client-secret=REDACTED --authorization-mode=Node,RBAC',
      );
      // The command line's --kube-controller-manager-arg replaces the file's list.
      expect(commands[4]).toBe('kube-controller-manager --profiling=false');
      // The drop-in's kubelet-arg replaces config.yaml's; the .txt file is no drop-in.
      expect(commands[2]).toBe('kubelet --anonymous-auth=false --read-only-port=0 --bootstrap-token=REDACTED');
      const conf = [...got.entries.keys()].find((p) => p.endsWith('.d/10-rbac.yaml'));
      expect(conf).toBeDefined();
      expect(statusOf(got, 'kube-apiserver', '--authorization-mode', 'nothave', 'AlwaysAllow')).toEqual(['PASS']);
      expect(statusOf(got, 'kube-apiserver', '--authorization-mode', 'has', 'RBAC')).toEqual(['PASS']);
      expect(statusOf(got, 'kube-apiserver', '--profiling', 'eq', 'false')).toEqual(['PASS']);
      expect(statusOf(got, 'kube-controller-manager', '--profiling', 'eq', 'false')).toEqual(['PASS']);
      expect(statusOf(got, 'kube-scheduler', '--profiling', 'eq', 'false')).toEqual(['PASS']);
      expect(statusOf(got, 'kubelet', '--anonymous-auth', 'eq', 'false')).toEqual(['PASS']);
    });

  it('a component that also runs as its own process (rke2’s static Pods) is read from that process', () => {
    const tree = k3s();
    proc(tree.proc, 1500, ['kube-apiserver', '--profiling=true', '--authorization-mode=Node,RBAC']);
    const got = captureBoth(tree);
    const apiservers = (got.processes ?? []).filter((p) => p.command.startsWith('kube-apiserver'));
    expect(apiservers.map((p) => p.command)).toEqual([
      'kube-apiserver --profiling=true --authorization-mode=Node,RBAC',
    ]);
    expect(statusOf(got, 'kube-apiserver', '--profiling', 'eq', 'false')).toEqual(['FAIL']);
  });
});
