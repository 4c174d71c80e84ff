// kube-bench's config.yaml names each component and the files it reads; audit commands
// refer to them through variables such as $apiserverbin or $kubeletconf. We resolve those
// variables to our components and to file roles.
import { parseDocument } from 'yaml';
import type { Component } from '../../model/check.js';

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

function componentOf(key: string, bins: unknown): Component | undefined {
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
} {
  const doc = parseDocument(text, { uniqueKeys: false });
  const js = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  const variables = new Map<string, VariableMeaning>();
  const versionMapping = new Map<string, string>();
  for (const [target, body] of Object.entries(js)) {
    if (target === 'version_mapping' && body && typeof body === 'object') {
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) versionMapping.set(String(k), String(v));
      continue;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    for (const [key, comp] of Object.entries(body as Record<string, unknown>)) {
      if (key === 'components' || !comp || typeof comp !== 'object' || Array.isArray(comp)) continue;
      const c = comp as Record<string, unknown>;
      const component = componentOf(key, c.bins);
      for (const k of Object.keys(c)) {
        const kind = suffixOfKey[k];
        if (kind) variables.set(key + kind, { component, kind });
      }
    }
  }
  return { variables, versionMapping };
}

/** Later configs override earlier ones (root config, then the benchmark folder's own). */
export function mergeConfigs(configs: Array<ReturnType<typeof parseConfig>>): KubeBenchConfig {
  const variables = builtinVariables();
  const versionMapping = new Map<string, string>();
  for (const c of configs) {
    for (const [k, v] of c.variables) variables.set(k, v);
    for (const [k, v] of c.versionMapping) versionMapping.set(k, v);
  }
  return { variables, versionMapping };
}
