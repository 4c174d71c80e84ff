// The fixed paths a capture looks at besides those the running components name: every
// path a shipped benchmark asks about (its file subjects and the file candidates and
// probe paths of its kube-bench encoding) and the locations of data/node-files.yaml.
// Derived from the data, never listed by hand, so a benchmark added later is covered.
import type { Benchmark } from '../../model/benchmark.js';
import { compareText } from '../../model/ids.js';
import { nodeFiles } from '../../evaluate/knowledge.js';

export interface WatchList {
  /** Config files (or folders of them) worth a redacted copy: kube-bench's conf, svc and kubeconfig candidates. */
  readonly copy: readonly string[];
  /** Paths whose mode and owner are recorded, never copied (CA files, data folders, literal file subjects). */
  readonly list: readonly string[];
  /** Folders recorded with everything below them (PKI, CNI), copying the files when `copy`. */
  readonly below: ReadonlyArray<{ readonly path: string; readonly copy: boolean }>;
  /** systemd folders units and drop-ins are read from, in precedence order. */
  readonly systemd: readonly string[];
}

const cniLeases = '/var/lib/cni/networks';
const copyKinds = ['confs', 'svc', 'kubeconfig', 'defaultconf', 'defaultsvc', 'defaultkubeconfig'];
const listKinds = ['cafile', 'datadirs', 'defaultcafile', 'defaultdatadir'];

function* objects(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v && typeof v === 'object') {
    yield v as Record<string, unknown>;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

/** A glob's folder (`/etc/docker/certs.d/*` → /etc/docker/certs.d), or the path itself. */
function staticPart(path: string): string {
  const i = path.search(/[*?[]/);
  if (i < 0) return path;
  return path.slice(0, path.lastIndexOf('/', i)) || '/';
}

export function watchList(benchmarks: readonly Benchmark[]): WatchList {
  const copy = new Set<string>();
  const list = new Set<string>();
  const below = new Map<string, boolean>();
  for (const b of benchmarks) {
    for (const t of Object.values(b.kubeBench?.targets ?? {}))
      for (const facts of Object.values(t.table)) {
        const f = facts as Record<string, unknown>;
        for (const k of copyKinds) for (const p of [f[k]].flat()) if (typeof p === 'string') copy.add(p);
        for (const k of listKinds) for (const p of [f[k]].flat()) if (typeof p === 'string') list.add(p);
      }
    for (const o of objects(b.sections)) {
      // A file subject named by a literal path, and a path a kube-bench probe stats or cats.
      if (o.kind === 'file' && typeof o.role === 'string' && o.role.startsWith('/')) {
        const p = staticPart(o.role);
        if (p === o.role) list.add(p);
        else below.set(p, below.get(p) ?? false);
      }
      // kube-bench's CNI audit stats what the kubelet's --cni-conf-dir holds and the IPAM leases.
      if (o.kind === 'cni-files') below.set(cniLeases, below.get(cniLeases) ?? false);
      if (typeof o.path === 'string' && o.path.startsWith('/') && Object.keys(o).length === 1) list.add(o.path);
    }
  }
  const nf = nodeFiles();
  for (const r of Object.values(nf.roles)) {
    for (const p of r.paths ?? []) copy.add(p);
    if (r.below) below.set(r.below, (below.get(r.below) ?? false) || Boolean(r.files));
  }
  for (const p of copy) list.delete(p);
  const sorted = (s: Iterable<string>) => [...s].sort(compareText);
  return {
    copy: sorted(copy),
    list: sorted(list),
    below: sorted(below.keys()).map((path) => ({ path, copy: below.get(path)! })),
    systemd: [...nf.systemd],
  };
}
