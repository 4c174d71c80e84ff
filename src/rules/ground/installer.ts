// What the installer can do about a control: the kubeadm configuration that would make the
// settings a control checks (extraArgs for the control plane, KubeletConfiguration fields
// for the kubelet), the node that configuration gives, and whether the installer still
// works on it (its probes, `kubectl logs`): the ground for installer-not-default and for
// the conflicts an installer's design causes.
import { parse } from '../../io/yaml-lib.js';
import { boundedValue } from '../../io/yaml.js';
import type { Check, Component } from '../../model/check.js';
import type { ReleaseSnapshot } from '../../k8s/snapshot.js';
import { dataOf, lookup, type NodeBundle, type NodeEntry, readText } from '../../node/bundle.js';
import { at, kubeadmNodeFacts } from '../../node/facts.js';
import { typed } from '../../node/go-values.js';
import { kubeYaml } from '../../node/kubeadm.js';
import { processOf } from '../../node/processes.js';
import { checkOutcome } from '../../evaluate/effective.js';
import { type Verdict, verdictOf } from '../../evaluate/evaluate.js';
import { componentView, resolveSetting } from '../../evaluate/settings.js';
import type { Fact, SettingConsequences } from '../knowledge.js';
import type { Evidence } from '../../k8s/snapshot.js';
import { own } from '../../model/own.js';
import { dedupe } from '../helpers.js';
import type { RuleContext } from '../types.js';
import { edited, installerNodeAt, type NodeEdit, kubeadmAt } from './nodes.js';
import { effectiveOn, sharedByControl } from './standing.js';
import { type CheckSetting, compliantValue, configFieldOf, isPathSetting, settingOf } from './values.js';
import { flagFacts } from '../../evaluate/knowledge.js';
import { cached } from '../../model/memo.js';

/** Where kubeadm's ClusterConfiguration takes each control-plane component's flags. */
const extraArgsOf: Partial<Record<Component, string>> = {
  'kube-apiserver': 'apiServer',
  'kube-controller-manager': 'controllerManager',
  'kube-scheduler': 'scheduler',
  etcd: 'etcd.local',
};

/** One setting made through the installer's configuration. */
export interface InstallerSetting {
  readonly component: Component;
  /** `ClusterConfiguration apiServer.extraArgs` or `KubeletConfiguration`. */
  readonly where: string;
  /** The flag name (extraArgs) or the field path (KubeletConfiguration). */
  readonly name: string;
  readonly value: string;
  /** The value is a path of the operator's choosing (shown as `<path>`); a control-plane one needs a volume. */
  readonly path?: boolean;
  /** The admission plugin the setting enables (enable-admission-plugins lists every one). */
  readonly plugin?: string;
  /**
   * "Is set" on a flag with a default: the value is the operator's to choose; the configuration
   * writes the default out (what the component applies while the flag is unset).
   */
  readonly chosen?: boolean;
  /** The check it is made for. */
  readonly check: Check;
}

/** `apiServer.extraArgs profiling=false`, with `<path>` for a path the operator chooses. */
export function settingWords(s: InstallerSetting): string {
  const chosen = s.chosen
    ? ` (a value chosen for the cluster, written here as the flag's default, which applies while it is unset)`
    : '';
  return `${s.where} ${s.name}=${s.path ? '<path>' : s.value}${chosen}`;
}

export interface InstallerPlan {
  readonly settings: readonly InstallerSetting[];
  readonly edit: NodeEdit;
  /** The installer's default node with the settings made. */
  readonly node: NodeBundle;
}

// One check's effective standing on a node, as a control of its own (which checks of a control
// fail); the same check in another control or benchmark has the same answer.
const checkKeys = new WeakMap<Check, string>();
const checkMemo = new WeakMap<NodeBundle, Map<string, Verdict>>();

export function checkFails(ctx: RuleContext, check: Check, node: NodeBundle): boolean {
  return checkVerdict(ctx, check, node) === 'fail';
}

/** One check's verdict on a node (pass, fail, or none when the node cannot tell). */
export function checkVerdict(ctx: RuleContext, check: Check, node: NodeBundle): Verdict {
  const key = cached(checkKeys, check, () => JSON.stringify(check));
  const byKey = cached(checkMemo, node, () => new Map());
  let v = byKey.get(key);
  if (v === undefined) {
    // evaluate's reading of one check (a flag and its config field as one setting), without a control around it.
    const { outcome } = checkOutcome({ bundle: node, release: ctx.release }, check);
    v = outcome.notApplicable || outcome.pass === undefined ? 'none' : outcome.pass ? 'pass' : 'fail';
    byKey.set(key, v);
  }
  return v;
}

const flagValueOn = (node: NodeBundle, release: ReleaseSnapshot, c: Component, flag: string) => {
  const s = resolveSetting({ bundle: node, release }, c, { flag });
  return s.explicit ? s.value : undefined;
};

const mergeList = (current: string | undefined, add: string) =>
  [...new Set([...(current ?? '').split(','), ...add.split(',')].map((x) => x.trim()).filter(Boolean))].join(',');

/** How kubeadm makes one setting that meets a check, or undefined when it cannot be said. */
function installerSetting(
  check: Check,
  s: CheckSetting,
  node: NodeBundle,
  release: ReleaseSnapshot,
  spellDefault = false,
): InstallerSetting | undefined {
  const args = extraArgsOf[s.component];
  if (s.plugin) {
    const flag = s.plugin.state === 'enabled' ? 'enable-admission-plugins' : 'disable-admission-plugins';
    const wanted = check.op === 'absent' ? (s.plugin.state === 'enabled' ? 'disabled' : 'enabled') : s.plugin.state;
    if (wanted !== s.plugin.state) return undefined;
    const value = mergeList(flagValueOn(node, release, 'kube-apiserver', flag), s.plugin.name);
    return {
      component: 'kube-apiserver',
      where: 'ClusterConfiguration apiServer.extraArgs',
      name: flag,
      value,
      plugin: s.plugin.name,
      check,
    };
  }
  if (check.op === 'absent') return undefined;
  if (s.gate) {
    const value = check.op === 'eq' || check.op === 'has' ? 'true' : check.op === 'noteq' ? 'true' : undefined;
    if (!value) return undefined;
    if (args)
      return {
        component: s.component,
        where: `ClusterConfiguration ${args}.extraArgs`,
        name: 'feature-gates',
        value: mergeList(flagValueOn(node, release, s.component, 'feature-gates'), `${s.gate}=${value}`),
        check,
      };
    if (s.component === 'kubelet')
      return { component: 'kubelet', where: 'KubeletConfiguration', name: `featureGates.${s.gate}`, value, check };
    return undefined;
  }
  const chosen =
    compliantValue(check, s, release) === undefined && spellDefault && args && s.flag && check.op === 'present';
  // "Is set" on a control-plane flag with a default (kube-controller-manager --terminated-pod-gc-threshold):
  // the threshold is the operator's judgement; the flag written out with its default is what makes the check pass.
  const value = compliantValue(check, s, release) ?? (chosen ? defaultOf(s, release) : undefined);
  if (value === undefined) return undefined;
  const path = check.op === 'present' && isPathSetting(s) ? { path: true } : {};
  if (args && s.flag)
    return {
      component: s.component,
      where: `ClusterConfiguration ${args}.extraArgs`,
      name: s.flag,
      value,
      ...path,
      ...(chosen ? { chosen: true } : {}),
      check,
    };
  if (s.component === 'kubelet' && s.field)
    return { component: 'kubelet', where: 'KubeletConfiguration', name: s.field, value, ...path, check };
  return undefined;
}

/** A flag's documented default, where it is a value to write out (not empty, not a path). */
function defaultOf(s: CheckSetting, release: ReleaseSnapshot): string | undefined {
  if (!s.flag || isPathSetting(s)) return undefined;
  const d = flagFacts(release, s.component, s.flag).default;
  return d === undefined || d === '' || d === '[]' ? undefined : d;
}

/**
 * The kubeadm configuration that makes what a control checks, where kubeadm's default node
 * fails it: every failing check's setting (one check of an "any" control), and the node it
 * gives. Undefined when the default node does not fail the control, or a failing check's
 * setting cannot be made through kubeadm's configuration.
 */
export function installerPlan(ctx: RuleContext): InstallerPlan | undefined {
  if (ctx.installer?.id !== 'kubeadm') return undefined;
  // Controls that check the same things share one plan per release.
  return sharedByControl(ctx, 'installer-plan', () => plan(ctx), 'effective');
}

/** Subjects an installer configuration can make: control-plane and kubelet flags and fields, gates, plugins. */
export const makeable = (s: Check['subjects'][number]) =>
  s.kind === 'admission-plugin' ||
  ((s.kind === 'flag' || s.kind === 'feature-gate') &&
    (s.component === 'kubelet' || extraArgsOf[s.component] !== undefined)) ||
  (s.kind === 'config' && s.component === 'kubelet');

function plan(ctx: RuleContext): InstallerPlan | undefined {
  if (!ctx.control.checks.some((c) => c.subjects.some(makeable))) return undefined;
  const base = kubeadmAt(ctx.release);
  // Each check's verdict on its own is shared by every control that has the check; the control's
  // own evaluation is needed only where "X, or X not set" pairs are judged together.
  const pairs = ctx.control.combine === 'any' && ctx.control.checks.some((c) => c.op === 'absent');
  const verdicts = ctx.control.checks.map((c) => checkVerdict(ctx, c, base));
  const fails = pairs
    ? verdictOf(effectiveOn(ctx, base)) === 'fail'
    : ctx.control.combine === 'any'
      ? verdicts.every((v) => v === 'fail')
      : verdicts.some((v) => v === 'fail') && !verdicts.some((v) => v === 'none');
  if (!fails) return undefined;
  const failing = ctx.control.checks.filter((_, i) => verdicts[i] === 'fail');
  const candidates = ctx.control.combine === 'any' ? failing.filter((c) => c.op !== 'absent').slice(0, 1) : failing;
  if (!candidates.length) return undefined;
  const settings: InstallerSetting[] = [];
  for (const c of candidates) {
    const s = settingOf(c, ctx.release);
    // A default written out stands for "set, to a value of your choosing" only where no "or not set" alternative
    // already accepts the default.
    const made = s && installerSetting(c, s, base, ctx.release, !pairs);
    if (!made) return undefined;
    settings.push(made);
    // A plugin that reads its configuration from a file needs the file named too, or the API server stops.
    const configured = ctx.knowledge.facts['admission-config-required'];
    if (s?.plugin?.state === 'enabled' && configured?.plugins?.includes(s.plugin.name))
      settings.push({
        component: 'kube-apiserver',
        where: 'ClusterConfiguration apiServer.extraArgs',
        name: 'admission-control-config-file',
        value: '/etc/kubernetes/admission-control-config-file',
        path: true,
        check: c,
      });
  }
  const edit: NodeEdit = {
    flags: settings
      .filter((s) => s.where !== 'KubeletConfiguration')
      .map((s) => ({ component: s.component, name: s.name, value: s.value })),
    fields: settings
      .filter((s) => s.where === 'KubeletConfiguration')
      .map((s) => ({ component: s.component, path: s.name, value: s.value })),
  };
  return { settings, edit, node: edited(base, ctx.release, edit, 'kubeadm configuration') };
}

/** A kubeadm configuration file making these settings, in the API version the release's kubeadm reads. */
export function kubeadmConfigText(settings: readonly InstallerSetting[], release: ReleaseSnapshot): string {
  const served = at(kubeadmNodeFacts().kubeadmApi, release.release).map((a) => a.apiVersion);
  const apiVersion = served[served.length - 1] ?? 'kubeadm.k8s.io/v1beta4';
  // The same settings in the same API versions print the same file, whichever release asks.
  const key = JSON.stringify([
    apiVersion,
    release.configs.KubeletConfiguration?.apiVersion,
    settings.map((s) => [s.component, s.where, s.name, s.value, s.path ?? false]),
  ]);
  return cached(configTexts, key, () => configText(settings, release, apiVersion));
}

const configTexts = new Map<string, string>();

function configText(settings: readonly InstallerSetting[], release: ReleaseSnapshot, apiVersion: string): string {
  const listArgs = apiVersion.endsWith('v1beta4');
  const cluster: Record<string, unknown> = {};
  const kubelet: Record<string, unknown> = {};
  for (const s of settings) {
    if (s.where === 'KubeletConfiguration') {
      setIn(kubelet, s.name, s.path ? '<path>' : fieldValue(release, s.name, s.value));
      continue;
    }
    const key = extraArgsOf[s.component]!;
    const owner = key.split('.').reduce<Record<string, unknown>>((o, k) => {
      o[k] ??= {};
      return o[k] as Record<string, unknown>;
    }, cluster);
    const mount = s.path || s.value.startsWith('/') ? volumeFor(s) : undefined;
    const value = mount?.file ?? s.value;
    if (listArgs) owner.extraArgs = [...((owner.extraArgs as unknown[]) ?? []), { name: s.name, value }];
    else owner.extraArgs = { ...((owner.extraArgs as object) ?? {}), [s.name]: value };
    // A file the static Pod reads or writes must be mounted into it (kubeadm mounts only its own folders).
    if (mount)
      owner.extraVolumes = [
        ...((owner.extraVolumes as unknown[]) ?? []),
        { name: s.name, hostPath: mount.hostPath, mountPath: mount.hostPath, ...mount.how },
      ];
  }
  const docs: string[] = [];
  if (Object.keys(cluster).length) docs.push(emitDoc({ apiVersion, kind: 'ClusterConfiguration', ...cluster }));
  if (Object.keys(kubelet).length)
    docs.push(
      emitDoc({
        apiVersion: release.configs.KubeletConfiguration?.apiVersion ?? 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        ...kubelet,
      }),
    );
  return docs.join('---\n');
}

/**
 * Where a file a control-plane flag names goes, and how it is mounted: a path of the operator's
 * choosing is a file in a folder of its own (read-only), a log a folder the component writes,
 * a path the check names is that file itself.
 */
function volumeFor(s: InstallerSetting): {
  file: string;
  hostPath: string;
  how: { readOnly?: boolean; pathType: string };
} {
  if (!s.path && s.value.startsWith('/'))
    return { file: s.value, hostPath: s.value, how: { readOnly: true, pathType: 'File' } };
  if (/-log-path$/.test(s.name)) {
    const dir = `/var/log/kubernetes/${s.name.replace(/-path$/, '')}`;
    return { file: `${dir}/<file>`, hostPath: dir, how: { pathType: 'DirectoryOrCreate' } };
  }
  const dir = `/etc/kubernetes/${s.name}`;
  return { file: `${dir}/<file>`, hostPath: dir, how: { readOnly: true, pathType: 'DirectoryOrCreate' } };
}

/** A KubeletConfiguration value in the field's Go type: a list for []string, a bool in featureGates. */
function fieldValue(release: ReleaseSnapshot, path: string, value: string): unknown {
  if (path.startsWith('featureGates.')) return value === 'true';
  const type = release.configs.KubeletConfiguration?.fields.find((f) => f.path === path)?.type ?? 'string';
  const t = type.replace(/^\*/, '');
  if (t.startsWith('[]'))
    return value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => typed(t.slice(2), x));
  return typed(t, value);
}

/**
 * Several kubeadm configurations as one: documents of one apiVersion and kind merged, each
 * component's extraArgs by flag (admission plugin lists joined, so no setting overwrites
 * another), extraVolumes by name. What a proposal prints for all its settings at once.
 */
export function mergeInstallerConfigs(texts: readonly string[]): string {
  const docs = new Map<string, Record<string, unknown>>();
  for (const text of texts)
    for (const part of text.split(/^---\n/m)) {
      // Our own kubeadm configurations (from the knowledge data), not a user's file.
      const doc = parse(part) as Record<string, unknown> | null;
      if (!doc || typeof doc !== 'object') continue;
      const key = `${doc.kind} ${doc.apiVersion}`;
      const into = docs.get(key);
      docs.set(key, into ? mergeDoc(into, doc) : doc);
    }
  const order = (k: string) => (k.startsWith('ClusterConfiguration') ? 0 : 1);
  return [...docs.entries()]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => emitDoc(d))
    .join('---\n');
}

const listFlags = new Set([
  'enable-admission-plugins',
  'disable-admission-plugins',
  'feature-gates',
  'tls-cipher-suites',
]);

function mergeDoc(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    if (k === 'extraArgs') out[k] = mergeArgs(cur, v);
    else if (k === 'extraVolumes' && Array.isArray(cur) && Array.isArray(v)) {
      const names = new Set(cur.map((x: { name?: string }) => x.name));
      out[k] = [...cur, ...v.filter((x: { name?: string }) => !names.has(x.name))];
    } else if (cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(cur))
      out[k] = mergeDoc(cur as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

/** extraArgs as a map (v1beta1–v1beta3) or a list of name/value (v1beta4), merged by flag. */
function mergeArgs(a: unknown, b: unknown): unknown {
  const asList = Array.isArray(a) || Array.isArray(b);
  const pairs = (x: unknown): Array<[string, string]> =>
    Array.isArray(x)
      ? x.map((e: { name: string; value: string }) => [e.name, String(e.value)])
      : Object.entries((x as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]);
  const merged = new Map<string, string>();
  for (const [k, v] of [...pairs(a), ...pairs(b)]) {
    const cur = merged.get(k);
    merged.set(k, cur !== undefined && listFlags.has(k) ? mergeList(cur, v) : v);
  }
  const sorted = [...merged.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return asList ? sorted.map(([name, value]) => ({ name, value })) : Object.fromEntries(sorted);
}

// apiVersion and kind first, as people write them; the rest as kubeadm prints it.
function emitDoc(doc: Record<string, unknown>): string {
  const { apiVersion, kind, ...rest } = doc;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\n${Object.keys(rest).length ? kubeYaml(rest) : ''}`;
}

function setIn(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let x = o;
  for (const p of parts.slice(0, -1)) {
    if (!x[p] || typeof x[p] !== 'object') x[p] = {};
    x = x[p] as Record<string, unknown>;
  }
  x[parts[parts.length - 1]] = value;
}

/** Something an installer relies on that a node's settings break, with the fact that says so. */
export interface Breakage {
  /** The installer fact (data/knowledge.yaml) that records it. */
  readonly fact: string;
  readonly what: string;
}

type EvalOn = { readonly bundle: NodeBundle; readonly release: ReleaseSnapshot };

/**
 * What an installer relies on, as conditions on a node: the settings each depends on (an
 * installer configuration that makes none of them cannot break it: the installer's own node
 * works), and what fails when it holds.
 */
const conditions: ReadonlyArray<{ fact: string; settings: readonly string[]; holds(ctx: EvalOn): string | undefined }> =
  [
    {
      // The kubelet probes the API server's health endpoints without credentials.
      fact: 'probes-unauthenticated',
      settings: ['anonymous-auth'],
      holds(ctx) {
        const anon = resolveSetting(ctx, 'kube-apiserver', { flag: 'anonymous-auth' });
        const probes = unauthenticatedProbes(ctx.bundle);
        return anon.value === 'false' && probes.length
          ? `with kube-apiserver --anonymous-auth=false (${anon.source}) the kubelet's unauthenticated ` +
              `probes of the API server (${probes.join(', ')}) get 401, so it restarts the API server`
          : undefined;
      },
    },
    {
      // The API server verifying kubelets' serving certificates with a CA that did not sign them.
      fact: 'kubelet-serving-self-signed',
      settings: ['kubelet-certificate-authority', 'serverTLSBootstrap', 'tlsCertFile'],
      holds(ctx) {
        const ca = resolveSetting(ctx, 'kube-apiserver', { flag: 'kubelet-certificate-authority' });
        if (!ca.explicit || !ca.value || !componentView(ctx, 'kubelet').process) return undefined;
        const bootstrap = resolveSetting(ctx, 'kubelet', { field: 'serverTLSBootstrap' });
        const cert = resolveSetting(ctx, 'kubelet', { field: 'tlsCertFile' });
        return bootstrap.value !== 'true' && !cert.explicit
          ? `with kube-apiserver --kubelet-certificate-authority set (${ca.source}) ` +
              `the API server rejects the kubelet's self-signed serving ` +
              `certificate (serverTLSBootstrap ${bootstrap.value ?? 'unset'}, ` +
              `tlsCertFile unset), so kubectl logs, exec and port-forward fail`
          : undefined;
      },
    },
    {
      // Serving certificate files named in the kubelet configuration kubeadm hands every node it joins.
      fact: 'tls-bootstrap',
      settings: ['tlsCertFile', 'tlsPrivateKeyFile'],
      holds(ctx) {
        const bootstrap = resolveSetting(ctx, 'kubelet', { flag: 'bootstrap-kubeconfig' });
        const cert = resolveSetting(ctx, 'kubelet', { field: 'tlsCertFile' });
        return bootstrap.explicit && cert.explicit
          ? `with tlsCertFile=${cert.value} (${cert.source}) in the kubelet ` +
              `configuration kubeadm gives every node it joins, each kubelet needs ` +
              `a serving certificate kubeadm neither creates nor rotates (its ` +
              `kubelets bootstrap with --bootstrap-kubeconfig, ${bootstrap.source})`
          : undefined;
      },
    },
  ];

const breakageMemo = new WeakMap<InstallerPlan, WeakMap<object, Breakage[]>>();

/** What the plan's configuration breaks on the installer's node (checked on the node, as evaluate reads it). */
export function breakage(
  plan: InstallerPlan,
  release: ReleaseSnapshot,
  facts: Readonly<Record<string, Fact>>,
): Breakage[] {
  const byFacts = cached(breakageMemo, plan, () => new WeakMap());
  let out = byFacts.get(facts);
  if (!out) {
    const made = new Set(plan.settings.map((s) => s.name));
    const ctx = { bundle: plan.node, release };
    out = conditions.flatMap((c) => {
      if (!facts[c.fact] || !c.settings.some((x) => made.has(x))) return [];
      const what = c.holds(ctx);
      return what ? [{ fact: c.fact, what }] : [];
    });
    byFacts.set(facts, out);
  }
  return out;
}

const probeMemo = new WeakMap<object, string[]>();

/** The paths of the API server's static Pod probes that are plain HTTP(S) GETs with no credentials. */
function unauthenticatedProbes(node: NodeBundle): string[] {
  const p = processOf(node, 'kube-apiserver');
  const entry = p ? lookup(node, `/${p.source.file}`) : undefined;
  if (!entry?.read) return [];
  return cached(probeMemo, entry, () => probesIn(entry));
}

function probesIn(entry: NodeEntry): string[] {
  let pod: unknown;
  try {
    pod = dataOf(entry) ?? boundedValue(readText(entry), entry.shownAs);
  } catch {
    return [];
  }
  type Probe = { httpGet?: { path?: string; httpHeaders?: Array<{ name?: string }> } };
  const c = (pod as { spec?: { containers?: Array<Record<string, Probe | undefined>> } })?.spec?.containers?.[0];
  const paths = ['livenessProbe', 'readinessProbe', 'startupProbe']
    .map((k) => c?.[k]?.httpGet)
    .filter((g) => g && !g.httpHeaders?.some((h) => /authorization/i.test(h.name ?? '')))
    .map((g) => g!.path ?? '/');
  return [...new Set(paths)];
}

/** What the consequences table says about an installer plan's settings, in words, with its evidence. */
export interface PlanConsequences {
  /** What meeting the settings needs (host state, objects, files, other components). */
  readonly requires: readonly string[];
  /** What the settings break where that is not in place, on any cluster. */
  readonly breaks: readonly string[];
  /** What they break on the installer's clusters, or need of it, until the operator adds it. */
  readonly installer: readonly string[];
  /** Why the installer still works with them, where every setting has a reason recorded. */
  readonly keeps?: readonly string[];
  /** Settings the table says nothing about. */
  readonly unknown: readonly string[];
  readonly evidence: readonly Evidence[];
}

const matches = (m: SettingConsequences['match'], s: InstallerSetting): boolean =>
  m.plugin !== undefined
    ? s.plugin === m.plugin
    : m.component === s.component &&
      (m.field !== undefined
        ? s.where === 'KubeletConfiguration' && s.name === m.field
        : s.where !== 'KubeletConfiguration' && s.name === m.flag) &&
      (m.value === undefined || m.value === s.value);

/** The consequences of making these settings with an installer (data/knowledge.yaml `consequences`). */
export function planConsequences(
  settings: readonly InstallerSetting[],
  table: readonly SettingConsequences[],
  installer: string,
): PlanConsequences {
  const requires: string[] = [];
  const breaks: string[] = [];
  const onInstaller: string[] = [];
  const keeps: string[] = [];
  const unknown: string[] = [];
  const evidence: Evidence[] = [];
  let allKept = true;
  const add = (list: string[], what: string, ev: readonly Evidence[]) => {
    if (!list.includes(what)) list.push(what);
    evidence.push(...ev);
  };
  // The configuration file an admission plugin reads is part of that plugin's consequences.
  for (const s of settings.filter((x) => x.name !== 'admission-control-config-file')) {
    const entry = table.find((c) => matches(c.match, s));
    if (!entry && s.chosen) {
      // Written out as its default, the flag changes nothing the component does (derived, not recorded).
      add(
        keeps,
        `${s.component} --${s.name} written out as its default (${s.value}) changes nothing it does; what another ` +
          'value needs or breaks is not recorded',
        [],
      );
      continue;
    }
    if (!entry) {
      unknown.push(settingWords(s));
      allKept = false;
      continue;
    }
    for (const r of entry.requires) add(requires, r.what, r.evidence);
    if (entry.breaks) add(breaks, entry.breaks.what, entry.breaks.evidence);
    const mine = own(entry.installers, installer);
    if (mine?.requires) add(onInstaller, mine.requires.what, mine.requires.evidence);
    if (mine?.breaks) add(onInstaller, mine.breaks.what, mine.breaks.evidence);
    if (mine?.keeps && !mine.breaks) add(keeps, mine.keeps.what, mine.keeps.evidence);
    else allKept = false;
  }
  return {
    requires,
    breaks,
    installer: onInstaller,
    ...(allKept && keeps.length ? { keeps } : {}),
    unknown,
    evidence: dedupe(evidence),
  };
}

/**
 * Whether the installer runs a component without the config file a flag was deprecated in
 * favour of (kubeadm starts kube-scheduler with flags only): there the flag is what the
 * component reads, deprecated or not. Undefined when it does not, else the config flag it omits.
 */
export function flagReadOnInstaller(
  installer: string | undefined,
  release: ReleaseSnapshot,
  subject: Check['subjects'][number],
): { configFlag: string; field: string } | undefined {
  if (subject.kind !== 'flag' || subject.component === 'kubelet') return undefined;
  const node = installerNodeAt(installer, release);
  if (!node) return undefined;
  const flag = subject.flag.replace(/^--?/, '');
  const known = configFieldOf(release, subject.component, flag);
  if (known?.rule.precedence !== 'file-only') return undefined;
  const view = componentView({ bundle: node, release }, subject.component);
  return view.process && !view.config ? { configFlag: known.rule.flag, field: known.field } : undefined;
}
