// The nodes the rules evaluate controls on, per release: reference nodes built from
// knowledge (generic@R: binaries started with flags only; kubeadm@R: what a default
// `kubeadm init` lays down) and nodes derived from them by a small edit (a flag set on a
// command line, a field set in a config file, a config file given where there was none).
// Every node is built once per release and edit and shared by every control and benchmark.
import { boundedValue } from '../../io/yaml.js';
import type { ReleaseSnapshot } from '../../k8s/snapshot.js';
import type { Component } from '../../model/check.js';
import {
  dataOf,
  lookup,
  type NodeBundle,
  type NodeEntry,
  type NodeProcess,
  type Source,
  readText,
  rememberData,
} from '../../node/bundle.js';
import { componentOf } from '../../node/command-line.js';
import { typed } from '../../node/go-values.js';
import { genericNode, kubeadmNode, kubeYaml, setPath } from '../../node/kubeadm.js';
import { processesOf } from '../../node/processes.js';
import { configRule } from '../../evaluate/knowledge.js';
import { cached } from '../../model/memo.js';

/** What a context is called in findings: `generic@1.34 (flags only)`. */
export interface NodeContext {
  readonly node: NodeBundle;
  /** How findings name the context: "without a config file", "kubeadm's default node". */
  readonly words: string;
}

type Builder = (release: ReleaseSnapshot) => NodeBundle;

function memoised(build: Builder): Builder {
  const memo = new WeakMap<ReleaseSnapshot, NodeBundle>();
  return (release) => cached(memo, release, () => build(release));
}

/** generic@R: every component started by hand with the flags it needs, no config files. */
export const genericAt = memoised(genericNode);

/** kubeadm@R: the node a default `kubeadm init` lays down. */
export const kubeadmAt = memoised((r) => kubeadmNode(r));

/**
 * generic@R with config files: each component that reads one in R started with `--config`
 * naming a file that sets nothing, so every setting takes its config-file default.
 */
export const configFileAt = memoised((r) =>
  edited(genericAt(r), r, { configFiles: ['kubelet', 'kube-scheduler', 'kube-proxy'] }, 'with empty config files'),
);

/** The installers whose default node we can build, by `--installer` id. */
const installerNodes: ReadonlyMap<string, Builder> = new Map([['kubeadm', kubeadmAt]]);

export function installerNodeAt(installer: string | undefined, release: ReleaseSnapshot): NodeBundle | undefined {
  return installer === undefined ? undefined : installerNodes.get(installer)?.(release);
}

export interface NodeEdit {
  /** Flags set on a component's command line, replacing a value already there (kubeadm's extraArgs). */
  readonly flags?: ReadonlyArray<{ readonly component: Component; readonly name: string; readonly value: string }>;
  /** Fields set in a component's config file (the file and its `--config` are added when missing). */
  readonly fields?: ReadonlyArray<{ readonly component: Component; readonly path: string; readonly value: string }>;
  /** Components given an empty config file (and `--config`) when they have none. */
  readonly configFiles?: readonly Component[];
}

// Edited nodes per base node and edit: the same edit recurs for every benchmark that checks the setting.
const editedMemo = new WeakMap<NodeBundle, Map<string, NodeBundle>>();
// A node whose edit changed flags only has the files and binaries of the node it came from.
const filesOf = new WeakMap<NodeBundle, NodeBundle>();

/** The node with the same files and running binaries (itself, or the one a flags-only edit came from). */
export function sameFilesAs(node: NodeBundle): NodeBundle {
  return filesOf.get(node) ?? node;
}

/** A node with an edit applied, named `<base> + <label>`. The base is never changed. */
export function edited(base: NodeBundle, release: ReleaseSnapshot, edit: NodeEdit, label: string): NodeBundle {
  const byEdit = cached(editedMemo, base, () => new Map());
  const key = `${release.release}\u0000${JSON.stringify(edit)}`;
  let n = byEdit.get(key);
  if (!n) {
    n = applyEdit(base, release, edit, label);
    if (n.entries === base.entries) filesOf.set(n, sameFilesAs(base));
    byEdit.set(key, n);
  }
  return n;
}

/** Where a component's config file goes when the node has none (where kube-bench looks for the kubelet's). */
const configPaths: Partial<Record<Component, string>> = {
  kubelet: '/var/lib/kubelet/config.yaml',
  'kube-scheduler': '/etc/kubernetes/kube-scheduler-config.yaml',
  'kube-proxy': '/var/lib/kube-proxy/config.conf',
};

function applyEdit(base: NodeBundle, release: ReleaseSnapshot, edit: NodeEdit, label: string): NodeBundle {
  const source = { file: label };
  // Only an edit that writes a file needs entries of its own; flags alone share the base's.
  const entries = edit.fields?.length || edit.configFiles?.length ? new Map(base.entries) : base.entries;
  // Processes are copied only when an edit changes their command line.
  const processes = processesOf(base).processes.map((p) => ({
    argv: p.argv as string[],
    sources: (p.argSources ?? p.argv.map(() => p.source)) as Array<Source | undefined>,
    process: p,
    copied: false,
  }));
  const of = (c: Component) => {
    const p = processes.find((x) => componentOf(x.argv) === c);
    if (p && !p.copied) {
      p.argv = [...p.argv];
      p.sources = [...p.sources];
      p.copied = true;
    }
    return p;
  };

  const setFlag = (c: Component, name: string, value: string) => {
    const p = of(c);
    if (!p) return;
    const at = p.argv.findIndex((a, i) => i > 0 && (a === `--${name}` || a.startsWith(`--${name}=`)));
    const arg = `--${name}=${value}`;
    if (at >= 0) {
      p.argv[at] = arg;
      p.sources[at] = source;
    } else {
      p.argv.push(arg);
      p.sources.push(source);
    }
  };
  const flagValue = (c: Component, name: string) =>
    of(c)
      ?.argv.find((a) => a.startsWith(`--${name}=`))
      ?.slice(name.length + 3);

  // The config file a component reads: its text and where it is, created where missing.
  const configOf = (c: Component): { path: string; data: Record<string, unknown> } | undefined => {
    const rule = configRule(release, c);
    if (!rule || !of(c)) return undefined;
    const named = flagValue(c, rule.flag);
    const path = named ?? configPaths[c];
    if (!path) return undefined;
    const entry = named ? lookup({ ...base, entries }, named) : undefined;
    // A file inside a container (kube-proxy's ConfigMap) is not the node's to edit here.
    if (named && !entry?.read) return undefined;
    const data = entry
      ? structuredClone((dataOf(entry) as Record<string, unknown> | undefined) ?? parsedData(entry))
      : { apiVersion: release.configs[rule.kind]?.apiVersion ?? '', kind: rule.kind };
    if (!named) setFlag(c, rule.flag, path);
    return { path, data };
  };
  const written = new Map<string, { path: string; data: Record<string, unknown> }>();
  const config = (c: Component) => {
    if (!written.has(c)) {
      const f = configOf(c);
      if (f) written.set(c, f);
    }
    return written.get(c);
  };

  for (const c of edit.configFiles ?? []) config(c);
  for (const f of edit.flags ?? []) setFlag(f.component, f.name, f.value);
  for (const f of edit.fields ?? []) {
    const file = config(f.component);
    if (!file) continue;
    const rule = configRule(release, f.component);
    const type = release.configs[rule?.kind ?? '']?.fields.find((x) => x.path === f.path)?.type ?? 'string';
    setPath(file.data, f.path, typed(type, f.value));
  }
  for (const { path, data } of written.values()) {
    const text = kubeYaml(data);
    rememberData(text, JSON.parse(JSON.stringify(data)));
    const old = entries.get(path);
    const entry: NodeEntry = {
      path,
      type: 'file',
      mode: old?.mode ?? '644',
      owner: old?.owner ?? 'root',
      group: old?.group ?? 'root',
      read: () => text,
      shownAs: path.slice(1),
    };
    (entries as Map<string, NodeEntry>).set(path, entry);
  }
  return {
    ...base,
    name: `${base.name} + ${label}`,
    entries,
    processes: processes.map(
      ({ argv, sources, process, copied }): NodeProcess =>
        copied ? { ...process, argv, command: argv.join(' '), argSources: sources } : process,
    ),
  };
}

// Config files parsed once per file (every edit of a release's node starts from the same one).
const parsedFiles = new WeakMap<NodeEntry, Record<string, unknown>>();

function parsedData(entry: NodeEntry): Record<string, unknown> {
  return cached(
    parsedFiles,
    entry,
    () => (boundedValue(readText(entry), entry.shownAs) ?? {}) as Record<string, unknown>,
  );
}
