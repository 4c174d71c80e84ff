// `node capture`: a node bundle from the running node (or a mounted image, or a test tree),
// read-only. The components come from the processes; the files from what their flags,
// config files, systemd units and static Pod manifests name, plus every path a shipped
// benchmark asks about (watch.ts). Config files are copied redacted (redact.ts); keys,
// certificates, tokens and anything else holding PEM data are recorded with mode and owner
// only. Bounded: file sizes, entries, folder depth. Nothing is executed but, with a
// kubeconfig, kubectl (kubectl.ts).
import { posix } from 'node:path';
import type { ApiObject } from '../schema.js';
import type { BuiltFile } from '../builder.js';
import { toBundle } from '../builder.js';
import type { NodeBundle, NodeProcess } from '../bundle.js';
import { indexFileName, normalizePath } from '../bundle.js';
import { componentOf } from '../command-line.js';
import { isSecretName, redactArgv, redactText, uncopyable } from './redact.js';
import { flagPairs, type RawProcess, scanProcesses } from './proc.js';
import { idNames, NodeRoot, type Stat } from './root.js';
import type { WatchList } from './watch.js';

export interface CaptureOptions {
  readonly root: string;
  readonly proc: string;
  readonly watch: WatchList;
  /** The node's minor release, when the user knows it better than the manifests' image tags. */
  readonly release?: string;
  /** API objects read with kubectl (already redacted), when --kubeconfig was given. */
  readonly objects?: readonly ApiObject[];
}

export interface Captured {
  readonly bundle: NodeBundle;
  /** What could not be captured, one line each (a file a flag names that is missing, a file too large). */
  readonly notes: readonly string[];
  readonly copied: number;
}

/** Limits: a node's configuration fits well inside them; an etcd data folder or a log never does. */
export const captureLimits = { fileBytes: 1024 * 1024, entries: 20_000, depth: 4, totalBytes: 64 * 1024 * 1024 };

/** Flags naming a config file (or folder of them) the bundle copies, redacted; other path flags are listed. */
export const configFlags = new Set([
  'admission-control-config-file',
  'audit-policy-file',
  'audit-webhook-config-file',
  'authentication-config',
  'authentication-kubeconfig',
  'authentication-token-webhook-config-file',
  'authorization-config',
  'authorization-kubeconfig',
  'authorization-webhook-config-file',
  'bootstrap-kubeconfig',
  'cni-conf-dir',
  'config',
  'config-dir',
  'egress-selector-config-file',
  'encryption-provider-config',
  'kubeconfig',
  'pod-manifest-path',
  'tracing-config-file',
]);

/** Folders a flag names whose whole content is recorded (modes only): certificate folders, a data folder's top. */
const listedFolders: ReadonlyArray<[RegExp, number]> = [
  [/cert-dir$/, captureLimits.depth],
  [/data-dir$/, 1],
];

/** Files a config folder holds that are copied (manifests, drop-ins, CNI configuration). */
const configFile = /\.(ya?ml|json|conf|conflist|manifest)$/;

/** Units whose files and drop-ins are copied, besides the components that run. */
const unitNames = [
  'kubelet',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'etcd',
  'k3s',
  'k3s-agent',
  'rke2-server',
  'rke2-agent',
];

class Recorder {
  readonly files = new Map<string, BuiltFile>();
  readonly notes: string[] = [];
  copied = 0;
  private bytes = 0;
  constructor(
    readonly root: NodeRoot,
    readonly users: Map<number, string>,
    readonly groups: Map<number, string>,
  ) {}

  private meta(st: Stat) {
    return {
      owner: this.users.get(st.uid) ?? String(st.uid),
      group: this.groups.get(st.gid) ?? String(st.gid),
    };
  }

  private full(): boolean {
    if (this.files.size < captureLimits.entries) return false;
    if (!this.notes.some((n) => n.startsWith('more than')))
      this.notes.push(`more than ${captureLimits.entries} entries: the rest is not recorded`);
    return true;
  }

  /** Record a path (links on the way included); copy it when asked and it is a safe regular file. Returns the real path and what is there. */
  record(path: string, copy: boolean, why?: string): { path: string; stat?: Stat } {
    if (!path.startsWith('/') || this.full()) return { path };
    const r = this.root.resolve(path);
    for (const l of r.links)
      if (!this.files.has(l.path)) this.files.set(l.path, { type: 'symlink', target: l.target, ...this.meta(l.stat) });
    if (!r.stat) {
      if (why) this.notes.push(`${normalizePath(path)} (${why}) is not on the node`);
      return { path: r.path };
    }
    if (r.stat.type === 'other') {
      // A FIFO, socket or device where a file should be: recorded, never opened for reading.
      if (!this.files.has(r.path)) this.files.set(r.path, { type: 'file', mode: r.stat.mode, ...this.meta(r.stat) });
      this.notes.push(`${r.path} is not a regular file, recorded without a copy`);
      return { path: r.path, stat: r.stat };
    }
    const type = r.stat.type === 'folder' ? 'folder' : 'file';
    const had = this.files.get(r.path);
    if (had && (had.text !== undefined || !copy || type === 'folder')) return { path: r.path, stat: r.stat };
    const entry: BuiltFile = { type, mode: r.stat.mode, ...this.meta(r.stat) };
    let text: string | undefined;
    if (copy && type === 'file') {
      const bytes =
        r.stat.size <= captureLimits.fileBytes ? this.root.read(r.path, captureLimits.fileBytes) : undefined;
      if (!bytes)
        this.notes.push(
          `${r.path}: larger than ${captureLimits.fileBytes} bytes or unreadable, recorded without a copy`,
        );
      else if (this.bytes + bytes.length > captureLimits.totalBytes)
        this.notes.push(`${r.path}: the copies reach ${captureLimits.totalBytes} bytes, recorded without a copy`);
      else {
        const raw = bytes.toString('utf8');
        const no = uncopyable(raw);
        if (!no) {
          text = redactText(raw);
          this.bytes += bytes.length;
          this.copied++;
        }
      }
    }
    this.files.set(r.path, { ...entry, ...(text !== undefined ? { text } : {}) });
    return { path: r.path, stat: r.stat };
  }

  /** A folder and what is below it, copying config files when asked. */
  walk(path: string, copy: boolean, depth = captureLimits.depth, why?: string): void {
    const top = this.record(path, false, why);
    if (top.stat?.type !== 'folder') return;
    const visit = (dir: string, d: number): void => {
      if (d >= depth) return;
      for (const name of this.root.list(dir)) {
        const child = posix.join(dir, name);
        const r = this.record(child, copy && configFile.test(name));
        if (r.stat?.type === 'folder' && r.path === child) visit(child, d + 1);
      }
    };
    visit(top.path, 0);
  }

  textOf(path: string): string | undefined {
    const r = this.root.resolve(path);
    return this.files.get(r.path)?.text;
  }
}

/** `key: value` of a YAML or JSON line (the kubelet config's staticPodPath), quotes removed. */
function fieldValues(text: string | undefined, key: string): string[] {
  const re = new RegExp(`^[ \\t]*["']?${key}["']?[ \\t]*:[ \\t]*["']?([^"'\\s,]+)`, 'gm');
  return [...(text ?? '').matchAll(re)].map((m) => m[1]);
}

/** `--name=/path` flags written in a manifest or unit file (lines as written, quotes removed). */
function flagsInText(text: string | undefined): Array<[string, string]> {
  return [...(text ?? '').matchAll(/--([A-Za-z0-9][\w.-]*)=["']?(\/[^"'\s,]*)/g)].map((m) => [m[1], m[2]]);
}

/** systemd `EnvironmentFile=` paths of a unit file (a leading `-` means optional). */
function environmentFiles(text: string | undefined): string[] {
  return [...(text ?? '').matchAll(/^[ \t]*EnvironmentFile[ \t]*=[ \t]*-?(\S+)/gm)].map((m) => m[1]);
}

function followFlag(rec: Recorder, name: string, value: string, who: string): void {
  for (const v of value.split(',')) {
    if (!v.startsWith('/')) continue;
    const why = `${who} --${name}`;
    const listed = listedFolders.find(([re]) => re.test(name));
    if (configFlags.has(name)) {
      const r = rec.record(v, true, why);
      if (r.stat?.type === 'folder') rec.walk(v, true, 1);
    } else if (listed) rec.walk(v, false, listed[1], why);
    else rec.record(v, false, why);
  }
}

/** The minor release of the control plane's images (`kube-apiserver:v1.30.2` → 1.30), when the manifests say it. */
function releaseOfImages(texts: Iterable<string>): string | undefined {
  for (const t of texts) {
    const m = t.match(
      /image:[ \t]*["']?\S*\/(?:kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy):v(\d+)\.(\d+)\./,
    );
    if (m) return `${m[1]}.${m[2]}`;
  }
  return undefined;
}

export function captureNode(options: CaptureOptions): Captured {
  const root = new NodeRoot(options.root);
  const small = (p: string) => {
    const r = root.resolve(p);
    return r.stat?.type === 'file' ? root.read(r.path, captureLimits.fileBytes)?.toString('utf8') : undefined;
  };
  const rec = new Recorder(root, idNames(small('/etc/passwd')), idNames(small('/etc/group')));
  const scanned = scanProcesses(options.proc, root);
  for (const f of scanned.files) rec.record(f.path, true, f.why);

  // Units and drop-ins, and the environment files they name.
  const units: string[] = [];
  for (const folder of options.watch.systemd)
    for (const u of unitNames) {
      const unit = rec.record(`${folder}/${u}.service`, true);
      if (unit.stat?.type === 'file') units.push(unit.path);
      const dropIns = `${folder}/${u}.service.d`;
      if (root.resolve(dropIns).stat?.type === 'folder') {
        rec.record(dropIns, false);
        for (const n of root.list(root.resolve(dropIns).path))
          if (n.endsWith('.conf')) units.push(rec.record(`${dropIns}/${n}`, true).path);
      }
    }
  for (const u of units) for (const f of environmentFiles(rec.textOf(u))) rec.record(f, true);

  // Every path flag of every component that runs.
  const components = scanned.processes.filter((p) => componentOf(p.argv));
  for (const p of components)
    for (const [name, value] of flagPairs(p.argv)) followFlag(rec, name, value, componentOf(p.argv)!);

  // The kubelet's config file: its static Pod folder, CA and serving certificate.
  const kubeletConfigs = components
    .filter((p) => componentOf(p.argv) === 'kubelet')
    .flatMap((p) =>
      flagPairs(p.argv)
        .filter(([n]) => n === 'config')
        .map(([, v]) => v),
    );
  const podPaths = new Set<string>();
  for (const c of kubeletConfigs) {
    const text = rec.textOf(c);
    for (const v of fieldValues(text, 'staticPodPath')) podPaths.add(v);
    for (const k of ['clientCAFile', 'tlsCertFile', 'tlsPrivateKeyFile'])
      for (const v of fieldValues(text, k)) rec.record(v, false, `kubelet config ${k}`);
  }
  for (const p of components)
    for (const [n, v] of flagPairs(p.argv)) if (n === 'pod-manifest-path' && v.startsWith('/')) podPaths.add(v);
  if (!podPaths.size) podPaths.add('/etc/kubernetes/manifests');
  const manifests: string[] = [];
  for (const folder of podPaths) {
    rec.walk(folder, true, 1);
    const real = root.resolve(folder).path;
    for (const n of root.list(real)) if (configFile.test(n)) manifests.push(`${real}/${n}`);
  }
  // Files the manifests' flags name (a component not running at the moment is still covered).
  for (const m of manifests) for (const [n, v] of flagsInText(rec.textOf(m))) followFlag(rec, n, v, m);

  // An AdmissionConfiguration's plugin configuration files.
  for (const p of components)
    for (const [n, v] of flagPairs(p.argv))
      if (n === 'admission-control-config-file')
        for (const path of fieldValues(rec.textOf(v), 'path')) rec.record(path, true, `plugin configuration in ${v}`);

  // Every path a shipped benchmark asks about.
  for (const p of options.watch.copy) {
    const r = rec.record(p, true);
    if (r.stat?.type === 'folder') rec.walk(p, true, 1);
  }
  for (const p of options.watch.list) rec.record(p, false);
  for (const b of options.watch.below) rec.walk(b.path, b.copy);

  const processes: NodeProcess[] = scanned.processes.map((p) => processOf(p));
  const nodeName = small('/etc/hostname')
    ?.split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  const release = options.release ?? releaseOfImages(manifests.map((m) => rec.textOf(m) ?? ''));
  const bundle = toBundle(
    rec.files,
    options.objects ?? [],
    { name: 'captured', ...(release ? { release } : {}), ...(nodeName ? { nodeName } : {}) },
    processes,
  );
  return { bundle, notes: rec.notes, copied: rec.copied };
}

function processOf(p: RawProcess): NodeProcess {
  const argv = redactArgv(p.argv);
  const environment = p.environment
    ? Object.fromEntries(
        Object.entries(p.environment).map(([k, v]) => [k, isSecretName(k.replace(/_/g, '-')) ? 'REDACTED' : v]),
      )
    : undefined;
  return {
    argv,
    command: argv.join(' '),
    ...(environment ? { environment } : {}),
    source: { file: indexFileName },
  };
}
