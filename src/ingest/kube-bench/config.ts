// kube-bench's config.yaml names each component and the files it reads; audit commands
// refer to them through variables such as $apiserverbin or $kubeletconf. We resolve those
// variables to our components and to file roles.
import { isAlias, isMap, isScalar, isSeq } from '../../io/yaml-lib.js';
import { parseYaml } from '../../io/yaml.js';
import type { Component } from '../../model/check.js';
import type { Problem } from '../../model/problem.js';
import type { KubeBenchBenchmark, KubeBenchComponent } from '../../model/scanner.js';
import { get, keyOf, pairs, posOf, text } from '../yaml-nodes.js';

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
  readonly targets?: ReadonlyMap<string, TargetConfig>;
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
    const v = Object.hasOwn(c, k) ? c[k] : undefined;
    if (v === undefined || v === null) continue;
    if (k === 'optional') out[k] = v === true || v === 'true';
    else if (k.startsWith('default')) out[k] = String(v);
    else out[k] = (Array.isArray(v) ? v : [v]).map(String);
  }
  return out as KubeBenchComponent;
}

// kube-bench's own component keys. Other distributions' configs may add keys whose
// binaries tell the component (see componentOf). Maps, since the keys come from the file.
const componentKeys = new Map<string, Component>([
  ['apiserver', 'kube-apiserver'],
  ['scheduler', 'kube-scheduler'],
  ['controllermanager', 'kube-controller-manager'],
  ['etcd', 'etcd'],
  ['kubelet', 'kubelet'],
  ['proxy', 'kube-proxy'],
  ['flanneld', 'flanneld'],
  ['kubernetes', 'kubernetes'],
  ['fedapiserver', 'federation-apiserver'],
  ['fedcontrollermanager', 'federation-controller-manager'],
]);

const binaryNames: Array<[RegExp, Component]> = [
  [/apiserver/, 'kube-apiserver'],
  [/controller-manager|controllermanager|kube-controller/, 'kube-controller-manager'],
  [/scheduler/, 'kube-scheduler'],
  [/kubelet/, 'kubelet'],
  [/proxy/, 'kube-proxy'],
  [/etcd/, 'etcd'],
];

export function componentOf(key: string, bins: unknown): Component | undefined {
  const known = componentKeys.get(key);
  if (known) return known;
  const names = Array.isArray(bins) ? bins.map(String) : [];
  for (const [re, c] of binaryNames) if (re.test(key) || names.some((b) => re.test(b))) return c;
  return undefined;
}

// Variable suffixes kube-bench substitutes, from the config keys that feed them.
const suffixOfKey = new Map([
  ['bins', 'bin'],
  ['confs', 'conf'],
  ['defaultconf', 'conf'],
  ['svc', 'svc'],
  ['defaultsvc', 'svc'],
  ['kubeconfig', 'kubeconfig'],
  ['defaultkubeconfig', 'kubeconfig'],
  ['cafile', 'cafile'],
  ['defaultcafile', 'cafile'],
  ['datadirs', 'datadir'],
  ['defaultdatadir', 'datadir'],
]);
const builtinSuffixes = ['bin', 'conf', 'svc', 'kubeconfig', 'cafile', 'datadir'];

/** Defaults that hold even without a config.yaml (the oldest folders ship none). */
function builtinVariables(): Map<string, VariableMeaning> {
  const vars = new Map<string, VariableMeaning>();
  for (const [key, component] of componentKeys) {
    for (const kind of builtinSuffixes) vars.set(key + kind, { component, kind });
  }
  return vars;
}

export interface ParsedConfig {
  readonly variables: Map<string, VariableMeaning>;
  readonly versionMapping: Map<string, string>;
  readonly targets: Map<string, { components?: string[]; table: Map<string, KubeBenchComponent> }>;
}

/**
 * A kube-bench config.yaml, validated as it is read: a map of targets (master, node, …) whose
 * components are maps, and a version_mapping of versions to folders. Keys we do not use
 * (target_mapping, AWS placeholders) are left alone; a wrong shape where we read is an error.
 */
export function parseConfig(source: string, file: string): { config?: ParsedConfig; problems: Problem[] } {
  const parsed = parseYaml(source, file, { uniqueKeys: false });
  const { doc, lc } = parsed;
  if (!doc || parsed.problems.length) return { problems: parsed.problems };
  const problems: Problem[] = [];
  const error = (node: unknown, message: string) => {
    const { line, col } = posOf(node, lc);
    problems.push({ file, line, col, severity: 'error', message });
  };
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const variables = new Map<string, VariableMeaning>();
  const versionMapping = new Map<string, string>();
  const targets: ParsedConfig['targets'] = new Map();
  const root = deref(doc.contents);
  if (root === null || (isScalar(root) && root.value === null))
    return { config: { variables, versionMapping, targets }, problems };
  if (!isMap(root)) {
    error(root, 'not a kube-bench config, expected a map of targets such as master and node');
    return { problems };
  }
  for (const p of pairs(root)) {
    const target = keyOf(p);
    const body = deref(p.value);
    if (target === 'version_mapping') {
      if (!isMap(body)) {
        if (body !== null && !(isScalar(body) && body.value === null))
          error(body, 'version_mapping is not a map, expected Kubernetes versions mapped to benchmark folders');
        continue;
      }
      for (const m of pairs(body)) {
        const folder = text(deref(m.value));
        if (folder === undefined)
          error(m.value ?? m.key, `version_mapping ${keyOf(m)} names no folder, expected a benchmark folder name`);
        else versionMapping.set(keyOf(m), folder);
      }
      continue;
    }
    if (!isMap(body)) continue;
    const componentsNode = deref(get(body, 'components'));
    const entry = {
      ...(isSeq(componentsNode)
        ? { components: componentsNode.items.map((c) => text(deref(c))).filter((c): c is string => c !== undefined) }
        : {}),
      table: new Map<string, KubeBenchComponent>(),
    };
    if (target !== 'target_mapping') targets.set(target, entry);
    for (const cp of pairs(body)) {
      const key = keyOf(cp);
      const comp = deref(cp.value);
      if (key === 'components' || !isMap(comp)) continue;
      entry.table.set(key, componentTable(plain(comp, deref)));
      const binsNode = deref(get(comp, 'bins'));
      const bins = isSeq(binsNode) ? binsNode.items.map((b) => text(deref(b))) : [text(binsNode)];
      if (
        binsNode !== undefined &&
        bins.some((b) => b === undefined) &&
        !(isScalar(binsNode) && binsNode.value === null)
      )
        error(
          binsNode,
          `bins of ${target}.${key} is not a list of names, expected binary names such as kube-apiserver`,
        );
      const component = componentOf(
        key,
        bins.filter((b): b is string => b !== undefined),
      );
      for (const k of pairs(comp)) {
        const kind = suffixOfKey.get(keyOf(k));
        if (kind) variables.set(key + kind, { component, kind });
      }
    }
  }
  return problems.length ? { problems } : { config: { variables, versionMapping, targets }, problems };
}

/** A component section as plain values, aliases resolved one level (validated input: no bombs). */
function plain(comp: unknown, deref: (n: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs(comp)) {
    const v = deref(p.value);
    out[keyOf(p)] = isSeq(v) ? v.items.map((x) => text(deref(x))) : isScalar(v) ? v.value : undefined;
  }
  return out;
}

/** Later configs override earlier ones (root config, then the benchmark folder's own). */
export function mergeConfigs(
  configs: ReadonlyArray<Omit<ParsedConfig, 'targets'> & Partial<Pick<ParsedConfig, 'targets'>>>,
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
