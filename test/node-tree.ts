// Simulated nodes: a node bundle in memory laid down as a root folder with a fake /proc whose
// command lines are the node's processes, so that capturing the tree can be held against the
// bundle it came from. Files the bundle lists without a copy (keys, certificates, kubeconfigs)
// are written with planted secrets: a capture that copies any of them shows the marker.
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { type NodeBundle, readText } from '../src/node/bundle.js';
import { processesOf } from '../src/node/processes.js';

/** Every planted secret carries this word: no byte of the bundle may. */
export const marker = 'PLANTEDSECRET';

let planted = 0;
const secret = () => `${marker}${String(++planted).padStart(4, '0')}`;

function placeholder(path: string): string {
  if (/\.(key|pem)$/.test(path) || path.endsWith('sa.pub'))
    return `-----BEGIN PRIVATE KEY-----\n${secret()}\n-----END PRIVATE KEY-----\n`;
  if (/\.(crt|cert)$/.test(path)) return `-----BEGIN CERTIFICATE-----\n${secret()}\n-----END CERTIFICATE-----\n`;
  if (/\.conf$|kubeconfig/.test(path))
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${Buffer.from('ca').toString('base64')}`,
      '    server: https://192.0.2.10:6443',
      '  name: kubernetes',
      'users:',
      '- name: user',
      '  user:',
      `    client-certificate-data: ${secret()}`,
      `    client-key-data: ${secret()}`,
      `    token: ${secret()}`,
      '    password: "' + secret() + '"',
      '',
    ].join('\n');
  return `opaque ${secret()}\n`;
}

export interface TreeOptions {
  /** argv per process instead of the bundle's (a component in a container, a k3s-style process). */
  readonly processes?: ReadonlyArray<{ argv: readonly string[]; environment?: Record<string, string> }>;
  /** Paths written as FIFOs (a file that cannot be read as one). */
  readonly fifos?: readonly string[];
}

/** Lay a bundle down under dir/root and dir/proc; returns both paths. */
export function layDown(bundle: NodeBundle, dir: string, options: TreeOptions = {}): { root: string; proc: string } {
  const root = join(dir, 'root');
  const proc = join(dir, 'proc');
  mkdirSync(root, { recursive: true });
  mkdirSync(proc, { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\netcd:x:52:52::/var/lib/etcd:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\netcd:x:52:\n');
  if (bundle.nodeName) writeFileSync(join(root, 'etc/hostname'), `${bundle.nodeName}\n`);
  const entries = [...bundle.entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const modes: Array<[string, string]> = [];
  for (const e of entries) {
    const at = join(root, e.path);
    if (e.type === 'folder') mkdirSync(at, { recursive: true });
    else if (e.type === 'symlink' && e.target !== undefined) {
      mkdirSync(dirname(at), { recursive: true });
      symlinkSync(e.target, at);
      continue;
    } else if (options.fifos?.includes(e.path)) {
      mkdirSync(dirname(at), { recursive: true });
      mkfifoSync(at);
    } else {
      mkdirSync(dirname(at), { recursive: true });
      let text: string;
      try {
        text = e.read ? readText(e) : placeholder(e.path);
      } catch {
        text = placeholder(e.path);
      }
      writeFileSync(at, text);
    }
    if (e.mode) modes.push([at, e.mode]);
    const owner = e.owner === 'etcd' ? 52 : 0;
    const group = e.group === 'etcd' ? 52 : 0;
    if (owner || group) execFileSync('chown', ['-h', `${owner}:${group}`, at]);
  }
  // Modes last: a folder made read-only early would refuse the files below it.
  for (const [at, mode] of modes.reverse()) chmodSync(at, Number.parseInt(mode, 8));
  const processes =
    options.processes ?? processesOf(bundle).processes.map((p) => ({ argv: p.argv, environment: p.environment }));
  processes.forEach((p, i) => {
    const pid = join(proc, String(100 + i * 7));
    mkdirSync(pid);
    writeFileSync(join(pid, 'cmdline'), `${p.argv.join('\0')}\0`);
    const env = { PATH: '/usr/bin', ...(p.environment ?? {}) };
    writeFileSync(
      join(pid, 'environ'),
      `${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\0')}\0`,
    );
  });
  // A kernel thread (empty cmdline) and a process that is not Kubernetes.
  mkdirSync(join(proc, '2'));
  writeFileSync(join(proc, '2', 'cmdline'), '');
  mkdirSync(join(proc, '1'));
  writeFileSync(join(proc, '1', 'cmdline'), '/sbin/init\0splash\0');
  return { root, proc };
}

function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Every byte of the files under a folder (a capture), to look for planted secrets. */
export function allBytes(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, name);
    if (lstatSync(p).isFile()) text += readFileSync(p, 'latin1');
  }
  return text;
}
