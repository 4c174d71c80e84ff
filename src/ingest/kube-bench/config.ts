// kube-bench's config.yaml names each component and the files it reads; audit commands
// refer to them through variables such as $apiserverbin or $kubeletconf. We resolve those
// variables to our components and to file roles.
import { parseDocument } from 'yaml';
import type { Component } from '../../model/check.js';
import type { KubeBenchBenchmark, KubeBenchComponent } from '../../model/scanner.js';

export interface VariableMeaning {
  readonly component: Component | undefined;
  /** bin, conf, svc, kubeconfig, cafile, datadir, … */
  readonly kind: string;
}

export interface KubeBenchConfig {
  /** Variable name without `$` → meaning. */
  readonly variables: ReadonlyMap<string, VariableMeaning>;
  /** version_mapping: Kubernetes version → benchmark folder. */
  readonly versionMapping: ReadonlyMap<string, string>;
  /** Each target's components and their binaries and file candidates, for replaying audits. */
  readonly targets: ReadonlyMap<string, TargetConfig>;
}

export interface TargetConfig {
  readonly components: string[];
  readonly table: ReadonlyMap<string, KubeBenchComponent>;
}

const componentFacts = [
  'optional',
  'bins',
  'confs',
  'defaultconf',
  'svc',
  'defaultsvc',
  'kubeconfig',
  'defaultkubeconfig',
  'cafile',
  'defaultcafile',
  'datadirs',
  'defaultdatadir',
] as const;

/** The facts of one component section that kube-bench's variable substitution reads. */
function componentTable(c: Record<string, unknown>): KubeBenchComponent {
  const out: Record<string, unknown> = {};
  for (const k of componentFacts) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    if (k === 'optional') out[k] = v === true || v === 'true';
    else if (k.startsWith('default')) out[k] = String(v);
    else out[k] = (Array.isArray(v) ? v : [v]).map(String);
  }
  return out as KubeBenchComponent;
}

// kube-bench's own component keys. Other distributions' configs may add keys whose
// binaries tell the component (see componentOf).
const componentKeys: Record<string, Component> = {
  apiserver: 'kube-apiserver',
  scheduler: 'kube-scheduler',
  controllermanager: 'kube-controller-manager',
  etcd: 'etcd',
  kubelet: 'kubelet',
  proxy: 'kube-proxy',
  flanneld: 'flanneld',
  kubernetes: 'kubernetes',
  fedapiserver: 'federation-apiserver',
  fedcontrollermanager: 'federation-controller-manager',
};

const binaryNames: Array<[RegExp, Component]> = [
  [/apiserver/, 'kube-apiserver'],
  [/controller-manager|controllermanager|kube-controller/, 'kube-controller-manager'],
  [/scheduler/, 'kube-scheduler'],
  [/kubelet/, 'kubelet'],
  [/proxy/, 'kube-proxy'],
  [/etcd/, 'etcd'],
];

export function componentOf(key: string, bins: unknown): Component | undefined {
  if (componentKeys[key]) return componentKeys[key];
  const names = Array.isArray(bins) ? bins.map(String) : [];
  for (const [re, c] of binaryNames) if (re.test(key) || names.some((b) => re.test(b))) return c;
  return undefined;
}

// Variable suffixes kube-bench substitutes, from the config keys that feed them.
const suffixOfKey: Record<string, string> = {
  bins: 'bin',
  confs: 'conf',
  defaultconf: 'conf',
  svc: 'svc',
  defaultsvc: 'svc',
  kubeconfig: 'kubeconfig',
  defaultkubeconfig: 'kubeconfig',
  cafile: 'cafile',
  defaultcafile: 'cafile',
  datadirs: 'datadir',
  defaultdatadir: 'datadir',
};
const builtinSuffixes = ['bin', 'conf', 'svc', 'kubeconfig', 'cafile', 'datadir'];

/** Defaults that hold even without a config.yaml (the oldest folders ship none). */
function builtinVariables(): Map<string, VariableMeaning> {
  const vars = new Map<string, VariableMeaning>();
  for (const [key, component] of Object.entries(componentKeys)) {
    for (const kind of builtinSuffixes) vars.set(key + kind, { component, kind });
  }
  return vars;
}

export function parseConfig(text: string): {
  variables: Map<string, VariableMeaning>;
  versionMapping: Map<string, string>;
  targets: Map<string, { components?: string[]; table: Map<string, KubeBenchComponent> }>;
} {
  const doc = parseDocument(text, { uniqueKeys: false });
  const js = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  const variables = new Map<string, VariableMeaning>();
  const versionMapping = new Map<string, string>();
  const targets = new Map<string, { components?: string[]; table: Map<string, KubeBenchComponent> }>();
  for (const [target, body] of Object.entries(js)) {
    if (target === 'version_mapping' && body && typeof body === 'object') {
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) versionMapping.set(String(k), String(v));
      continue;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    const components = (body as Record<string, unknown>).components;
    const entry = {
      ...(Array.isArray(components) ? { components: components.map(String) } : {}),
      table: new Map<string, KubeBenchComponent>(),
    };
    if (target !== 'target_mapping') targets.set(target, entry);
    for (const [key, comp] of Object.entries(body as Record<string, unknown>)) {
      if (key === 'components' || !comp || typeof comp !== 'object' || Array.isArray(comp)) continue;
      const c = comp as Record<string, unknown>;
      entry.table.set(key, componentTable(c));
      const component = componentOf(key, c.bins);
      for (const k of Object.keys(c)) {
        const kind = suffixOfKey[k];
        if (kind) variables.set(key + kind, { component, kind });
      }
    }
  }
  return { variables, versionMapping, targets };
}

/** Later configs override earlier ones (root config, then the benchmark folder's own). */
export function mergeConfigs(
  configs: Array<
    Omit<ReturnType<typeof parseConfig>, 'targets'> & Partial<Pick<ReturnType<typeof parseConfig>, 'targets'>>
  >,
): KubeBenchConfig {
  const variables = builtinVariables();
  const versionMapping = new Map<string, string>();
  const targets = new Map<string, { components: string[]; table: Map<string, KubeBenchComponent> }>();
  for (const c of configs) {
    for (const [k, v] of c.variables) variables.set(k, v);
    for (const [k, v] of c.versionMapping) versionMapping.set(k, v);
    // viper's merge: maps merge key by key, lists are replaced.
    for (const [name, t] of c.targets ?? []) {
      const into = targets.get(name) ?? { components: [], table: new Map<string, KubeBenchComponent>() };
      if (t.components) into.components = t.components;
      for (const [k, v] of t.table) into.table.set(k, { ...into.table.get(k), ...v });
      targets.set(name, into);
    }
  }
  return { variables, versionMapping, targets };
}

/** The component facts of the targets a benchmark has, for replaying its audits; only components a target lists. */
export function kubeBenchTargets(config: KubeBenchConfig, names: readonly string[]): KubeBenchBenchmark | undefined {
  const targets: KubeBenchBenchmark['targets'] = {};
  for (const name of names) {
    const t = config.targets?.get(name);
    if (!t) continue;
    const table: Record<string, KubeBenchComponent> = {};
    for (const c of t.components) {
      const facts = t.table.get(c);
      if (facts && Object.keys(facts).length) table[c] = facts;
    }
    targets[name] = { components: [...t.components], table };
  }
  return Object.keys(targets).length ? { targets } : undefined;
}
