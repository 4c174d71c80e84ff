// The node's Kubernetes processes, from /proc/<pid>/cmdline (NUL-separated argv) as the
// host sees them: components started by systemd and those inside containers alike. A
// process that runs several components in one binary (k3s, rke2, microk8s's kubelite)
// is also read as one process per component, from the flags it passes each of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { compareText } from '../../model/ids.js';
import { componentOf } from '../command-line.js';
import {
  argsFileArguments,
  argsFilesOf,
  configFileOf,
  configFileOptions,
  distroOf,
  effectiveArgv,
  flagPairs,
  isDropIn,
  passedFlags,
} from './distros.js';
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
/** A config or args file read to split a process; the capture's own limit for a copy. */
const maxConfig = 1024 * 1024;

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

/** Whether a process runs several components (its argv[0] is k3s, rke2 or kubelite). */
export function isMultiComponent(argv: readonly string[]): boolean {
  return distroOf(argv) !== undefined;
}

export { flagPairs };

/** A file a multi-component process reads; `why` when it must be there (a note says so when it is not). */
export interface ReadFile {
  readonly path: string;
  readonly why?: string;
}

/**
 * A multi-component process as it runs and its components, each with the flags it gets:
 * k3s and rke2 with their config file and drop-ins applied, kubelite from its args files.
 * `files` are the files read on the way (the bundle copies them, redacted).
 */
export function splitMultiComponent(
  p: RawProcess,
  root: NodeRoot,
  processEnv: Readonly<Record<string, string>>,
): { process: RawProcess; processes: RawProcess[]; files: ReadFile[] } {
  const d = distroOf(p.argv);
  const files: ReadFile[] = [];
  const textOf = (path: string): string | undefined => {
    const r = root.resolve(path);
    return r.stat?.type === 'file' ? root.read(r.path, maxConfig)?.toString('utf8') : undefined;
  };
  if (!d) return { process: p, processes: [], files };
  if (d.kind === 'pass-through') {
    const config = configFileOf(p.argv, d, processEnv);
    const texts: string[] = [];
    files.push({ path: config });
    const text = textOf(config);
    if (text !== undefined) texts.push(text);
    const dropIns = root.resolve(`${config}.d`);
    if (dropIns.stat?.type === 'folder')
      for (const name of root.list(dropIns.path).sort(compareText)) {
        const path = posix.join(`${config}.d`, name);
        if (!isDropIn(name) || root.resolve(path).stat?.type !== 'file') continue;
        files.push({ path });
        const t = textOf(path);
        if (t !== undefined) texts.push(t);
      }
    const argv = effectiveArgv(p.argv, configFileOptions(texts));
    const processes = passedFlags(argv, d).map(([c, args]) => ({
      pid: p.pid,
      argv: [c, ...args],
      from: { pid: p.pid },
    }));
    return { process: { ...p, argv }, processes, files };
  }
  const processes: RawProcess[] = [];
  for (const { component, path, flag } of argsFilesOf(p.argv, d, processEnv)) {
    files.push({ path, why: `kubelite --${flag}` });
    const text = textOf(path);
    // kubelite stops when a file is missing: a component without its file is not running.
    if (text === undefined) continue;
    processes.push({
      pid: p.pid,
      argv: [component, ...argsFileArguments(text, processEnv)],
      from: { pid: p.pid, file: path },
    });
  }
  return { process: p, processes, files };
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
export function scanProcesses(procDir: string, root: NodeRoot): { processes: RawProcess[]; files: ReadFile[] } {
  let names: string[];
  try {
    names = readdirSync(procDir).filter((n) => /^\d+$/.test(n));
  } catch {
    return { processes: [], files: [] };
  }
  names.sort((a, b) => Number(a) - Number(b));
  const processes: RawProcess[] = [];
  const files: ReadFile[] = [];
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
      const split = splitMultiComponent({ pid: Number(pid), argv }, root, environmentOf(procDir, pid));
      processes.push(split.process, ...split.processes);
      files.push(...split.files);
    }
  }
  // A component that also runs as its own process (rke2 starts the control plane as static
  // Pods) is that process: the flags passed through are only part of what it runs with.
  const alone = new Set(processes.filter((p) => !p.from && componentOf(p.argv)).map((p) => componentOf(p.argv)));
  return { processes: processes.filter((p) => !p.from || !alone.has(componentOf(p.argv))), files };
}
