// The node's Kubernetes processes, from /proc/<pid>/cmdline (NUL-separated argv) as the
// host sees them: components started by systemd and those inside containers alike. A
// process that runs several components in one binary (k3s, rke2, microk8s's kubelite)
// is also read as one process per component, from the flags it passes each of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { componentOf } from '../command-line.js';
import type { NodeRoot } from './root.js';

export interface RawProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  /** The environment, read only for processes whose variables a check reads (etcd's ETCD_*). */
  readonly environment?: Readonly<Record<string, string>>;
  /** For a component read out of a multi-component process: that process, and the file its flags came from. */
  readonly from?: { readonly pid: number; readonly file?: string };
}

/** Generous for a node, small enough never to stall on a host with many processes. */
const maxProcesses = 32_768;
const maxCmdline = 256 * 1024;

function readSmall(path: string, max: number): Buffer | undefined {
  try {
    const b = readFileSync(path);
    return b.length > max ? b.subarray(0, max) : b;
  } catch {
    return undefined;
  }
}

function splitNul(b: Buffer): string[] {
  const parts = b.toString('utf8').split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * k3s and rke2 (`k3s server --kube-apiserver-arg=audit-log-path=/x`) pass component flags as
 * `name=value` through one flag per component; microk8s's kubelite reads each component's
 * flags from an args file, one per line. Sources: k3s's CLI reference (docs.k3s.io/cli/server,
 * "Customized Flags for Kubernetes Processes") and microk8s's kubelite service
 * (snap/microk8s, `--apiserver-args-file`).
 */
const passThrough: ReadonlyArray<{ readonly binaries: readonly string[]; readonly flags: Record<string, string> }> = [
  {
    binaries: ['k3s', 'rke2'],
    flags: {
      'kube-apiserver-arg': 'kube-apiserver',
      'kube-controller-manager-arg': 'kube-controller-manager',
      'kube-scheduler-arg': 'kube-scheduler',
      'kubelet-arg': 'kubelet',
      'kube-proxy-arg': 'kube-proxy',
      'etcd-arg': 'etcd',
    },
  },
];
const argsFiles: ReadonlyArray<{ readonly binaries: readonly string[]; readonly flags: Record<string, string> }> = [
  {
    binaries: ['kubelite'],
    flags: {
      'apiserver-args-file': 'kube-apiserver',
      'controller-manager-args-file': 'kube-controller-manager',
      'scheduler-args-file': 'kube-scheduler',
      'kubelet-args-file': 'kubelet',
      'proxy-args-file': 'kube-proxy',
    },
  },
];

const base = (s: string | undefined) => posix.basename(s ?? '');

/** Whether a process runs several components (its argv[0] is k3s, rke2 or kubelite). */
export function isMultiComponent(argv: readonly string[]): boolean {
  const b = base(argv[0]);
  return [...passThrough, ...argsFiles].some((m) => m.binaries.includes(b));
}

/** `--name=value` and `--name value` pairs of a command line, in order. */
export function flagPairs(argv: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 1; i < argv.length; i++) {
    const m = argv[i].match(/^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s);
    if (!m) continue;
    if (m[2] !== undefined) out.push([m[1], m[2]]);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('-')) out.push([m[1], argv[++i]]);
  }
  return out;
}

/** `${SNAP_DATA}/certs` with the process's own variables. */
function expand(s: string, env: Readonly<Record<string, string>>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b) => env[a ?? b] ?? m);
}

/** The components a multi-component process runs, each with the flags passed to it. */
export function splitMultiComponent(
  p: RawProcess,
  root: NodeRoot,
  processEnv: Readonly<Record<string, string>>,
): { processes: RawProcess[]; files: string[] } {
  const b = base(p.argv[0]);
  const out = new Map<string, string[]>();
  const files: string[] = [];
  const byFile = new Map<string, string>();
  const pairs = flagPairs(p.argv);
  for (const m of passThrough)
    if (m.binaries.includes(b))
      for (const [name, value] of pairs) {
        const c = m.flags[name];
        if (c) (out.get(c) ?? out.set(c, []).get(c)!).push(`--${value}`);
      }
  for (const m of argsFiles)
    if (m.binaries.includes(b))
      for (const [name, value] of pairs) {
        const c = m.flags[name];
        if (!c) continue;
        const path = expand(value, processEnv);
        files.push(path);
        byFile.set(c, path);
        const r = root.resolve(path);
        const text = r.stat?.type === 'file' ? root.read(r.path, 1024 * 1024)?.toString('utf8') : undefined;
        const args = out.get(c) ?? out.set(c, []).get(c)!;
        for (const line of (text ?? '').split('\n')) {
          const t = line.trim();
          if (!t || t.startsWith('#')) continue;
          args.push(...t.split(/\s+/).map((w) => expand(w.replace(/^"(.*)"$/, '$1'), processEnv)));
        }
      }
  const processes = [...out].map(([c, args]) => ({
    pid: p.pid,
    argv: [c, ...args],
    from: { pid: p.pid, ...(byFile.has(c) ? { file: byFile.get(c) } : {}) },
  }));
  return { processes, files };
}

function environmentOf(procDir: string, pid: string): Record<string, string> {
  const b = readSmall(join(procDir, pid, 'environ'), maxCmdline);
  const out: Record<string, string> = {};
  for (const kv of b ? splitNul(b) : []) {
    const eq = kv.indexOf('=');
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** Kubernetes processes under a /proc folder, by pid; multi-component processes followed by their components. */
export function scanProcesses(procDir: string, root: NodeRoot): { processes: RawProcess[]; files: string[] } {
  let names: string[];
  try {
    names = readdirSync(procDir).filter((n) => /^\d+$/.test(n));
  } catch {
    return { processes: [], files: [] };
  }
  names.sort((a, b) => Number(a) - Number(b));
  const processes: RawProcess[] = [];
  const files: string[] = [];
  for (const pid of names.slice(0, maxProcesses)) {
    const b = readSmall(join(procDir, pid, 'cmdline'), maxCmdline);
    const argv = b ? splitNul(b) : [];
    if (!argv.length) continue;
    const c = componentOf(argv);
    if (c) {
      const p: RawProcess = { pid: Number(pid), argv };
      if (c === 'etcd') {
        // etcd reads ETCD_<FLAG> variables; nothing else of the environment is kept.
        const env = Object.fromEntries(
          Object.entries(environmentOf(procDir, pid)).filter(([k]) => /^ETCD_[A-Z0-9_]+$/.test(k)),
        );
        processes.push(Object.keys(env).length ? { ...p, environment: env } : p);
      } else processes.push(p);
    } else if (isMultiComponent(argv)) {
      const p: RawProcess = { pid: Number(pid), argv };
      processes.push(p);
      const split = splitMultiComponent(p, root, environmentOf(procDir, pid));
      processes.push(...split.processes);
      files.push(...split.files);
    }
  }
  return { processes, files };
}
