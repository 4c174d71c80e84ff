// The reviewed tables effective evaluation falls back on (data/component-config.yaml,
// data/node-files.yaml), and the lookups that prefer the release snapshot when it has the fact.
import type { ConfigFileRule, Flag, ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Component } from '../model/check.js';
import { at, holds, type Ranged } from '../node/facts.js';
import { preparedOrParsed } from '../prepared/read.js';
import { cached } from '../model/memo.js';

interface ComponentConfigData {
  configFiles: Record<string, ConfigFileRule & { commandLineWins?: string[] }>;
  flagFields: Record<string, Record<string, string>>;
  flagDefaults: Array<
    Ranged & {
      component: string;
      flag: string;
      default?: string;
      configDefault?: string;
      note?: string;
      evidence?: string[];
    }
  >;
  inert: Array<Ranged & { component: string; flag: string; value?: string; note: string }>;
  zeroMeans?: Array<Ranged & { component: string; flag: string; means: string }>;
  apiServerFiles: Record<string, string>;
  /** Per config kind, the dotted paths of its list fields. */
  apiServerFileLists?: Record<string, string[]>;
}

export interface FileRole {
  staticPod?: string;
  setting?: { component: Component; flag: string };
  systemdUnit?: string;
  paths?: string[];
  below?: string;
  name?: string;
  files?: boolean;
}

interface NodeFilesData {
  roles: Record<string, FileRole>;
  systemd: string[];
}

let config: ComponentConfigData | undefined;
let files: NodeFilesData | undefined;

export function componentConfig(): ComponentConfigData {
  config ??= preparedOrParsed<ComponentConfigData>('data/component-config.yaml');
  return config;
}

export function nodeFiles(): NodeFilesData {
  files ??= preparedOrParsed<NodeFilesData>('data/node-files.yaml');
  return files;
}

export function fileRole(role: string): FileRole | undefined {
  const roles = nodeFiles().roles;
  return Object.hasOwn(roles, role) ? roles[role] : undefined;
}

/** How a component reads its config file: the snapshot's rule, else the reviewed one. */
export function configRule(
  release: ReleaseSnapshot,
  component: Component,
): (ConfigFileRule & { commandLineWins?: string[] }) | undefined {
  const fromSnapshot = (release.configFiles as Record<string, ConfigFileRule> | undefined)?.[component];
  const reviewed = componentConfig().configFiles;
  const fallback = Object.hasOwn(reviewed, component) ? reviewed[component] : undefined;
  if (fromSnapshot)
    return { ...fromSnapshot, ...(fallback?.commandLineWins ? { commandLineWins: fallback.commandLineWins } : {}) };
  return fallback;
}

// Flag → field maps per (release, component), snapshot first, reviewed table second.
const fieldMaps = new WeakMap<
  ReleaseSnapshot,
  Map<string, { toField: Map<string, string>; toFlag: Map<string, string> }>
>();

function maps(release: ReleaseSnapshot, component: Component) {
  const byComponent = cached(fieldMaps, release, () => new Map());
  let m = byComponent.get(component);
  if (!m) {
    const toField = new Map<string, string>();
    const reviewed = componentConfig().flagFields;
    if (Object.hasOwn(reviewed, component)) for (const [f, p] of Object.entries(reviewed[component])) toField.set(f, p);
    const snap = (release.flagFields as Record<string, Record<string, string>>)[component];
    if (snap) for (const [f, p] of Object.entries(snap)) toField.set(f, p);
    const toFlag = new Map([...toField].map(([f, p]) => [p, f]));
    m = { toField, toFlag };
    byComponent.set(component, m);
  }
  return m;
}

export function fieldOfFlag(release: ReleaseSnapshot, component: Component, flag: string): string | undefined {
  return maps(release, component).toField.get(flag);
}

export function flagOfField(release: ReleaseSnapshot, component: Component, field: string): string | undefined {
  return maps(release, component).toFlag.get(field);
}

export interface FlagFacts {
  readonly flag?: Flag;
  readonly default?: string;
  readonly configDefault?: string;
  readonly inert?: { value?: string; note: string };
  readonly isBool: boolean;
  readonly type?: string;
  /**
   * The default is a numeric flag's zero value the reference page does not print (pflag leaves a
   * zero default out of the usage the page is generated from), with what the page says 0 means
   * where the reviewed table records it.
   */
  readonly zeroDefault?: { means?: string };
  /** Why the reviewed table's default is the one in effect, where the page does not show it. */
  readonly defaultNote?: string;
  /** The reviewed table's evidence for that default (`pr:N`, `doc:…`). */
  readonly defaultEvidence?: readonly string[];
}

// pflag's numeric flag types: their zero default is "0" and goes unprinted (pflag flag.go,
// defaultIsZeroValue). Durations and floats are left out: no check reads one unset.
const intTypes = new Set(['int', 'int32', 'int64', 'uint', 'uint32', 'uint64']);

const releaseComponents = new Set([
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
]);

// The snapshot's flag list per (release, component), indexed once.
const flagIndex = new WeakMap<ReleaseSnapshot, Map<string, Map<string, Flag>>>();

export function flagsOf(release: ReleaseSnapshot, component: Component): Map<string, Flag> {
  const ix = cached(flagIndex, release, () => new Map());
  let m = ix.get(component);
  if (!m) {
    const list =
      component === 'etcd'
        ? (release.etcd?.flags ?? [])
        : releaseComponents.has(component)
          ? (release.flags as Record<string, Flag[]>)[component]
          : [];
    m = new Map(list.map((f) => [f.name, f]));
    ix.set(component, m);
  }
  return m;
}

/** A default as the reference pages print it (`` `4h0m0s` ``, `[AlwaysAllow]`, prose with "when --config …"). */
export function cleanDefault(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let t = text.trim();
  const quoted = t.match(/^"([^"]*)" when/);
  if (quoted) return quoted[1];
  t = t.replace(/^`(.*)`$/, '$1').replace(/^"(.*)"$/, '$1');
  const list = t.match(/^\[(.*)\]$/);
  if (list) t = list[1];
  return t;
}

// Facts per (release, component, flag), derived once: every control asks again.
const factsMemo = new WeakMap<ReleaseSnapshot, Map<string, FlagFacts>>();

export function flagFacts(release: ReleaseSnapshot, component: Component, name: string): FlagFacts {
  const byKey = cached(factsMemo, release, () => new Map());
  const key = `${component} ${name}`;
  return cached(byKey, key, () => deriveFlagFacts(release, component, name));
}

// The reviewed defaults and inert settings that hold for a release, by `component flag`.
const reviewedMemo = new Map<
  string,
  {
    defaults: Map<string, ComponentConfigData['flagDefaults'][number]>;
    inert: Map<string, ComponentConfigData['inert'][number]>;
    zeroMeans: Map<string, NonNullable<ComponentConfigData['zeroMeans']>[number]>;
  }
>();

function reviewedFor(release: string) {
  let r = reviewedMemo.get(release);
  if (!r) {
    const key = (d: { component: string; flag: string }) => `${d.component} ${d.flag}`;
    r = {
      defaults: new Map(at(componentConfig().flagDefaults, release).map((d) => [key(d), d])),
      inert: new Map(at(componentConfig().inert, release).map((d) => [key(d), d])),
      zeroMeans: new Map(at(componentConfig().zeroMeans ?? [], release).map((d) => [key(d), d])),
    };
    reviewedMemo.set(release, r);
  }
  return r;
}

function deriveFlagFacts(release: ReleaseSnapshot, component: Component, name: string): FlagFacts {
  const flag = flagsOf(release, component).get(name);
  const tables = reviewedFor(release.release);
  const reviewed = tables.defaults.get(`${component} ${name}`);
  const inert = tables.inert.get(`${component} ${name}`);
  const type = flag?.type;
  const snapshotDefault = cleanDefault(flag?.default);
  const isBool = !type || type === 'bool';
  const zero =
    snapshotDefault === undefined &&
    reviewed?.default === undefined &&
    flag !== undefined &&
    type !== undefined &&
    intTypes.has(type) &&
    component !== 'etcd';
  const means = zero ? tables.zeroMeans.get(`${component} ${name}`)?.means : undefined;
  return {
    ...(flag ? { flag } : {}),
    // The snapshot first; then the reviewed table; then a boolean's or an integer's zero value.
    ...(snapshotDefault !== undefined
      ? { default: snapshotDefault }
      : reviewed?.default !== undefined
        ? {
            default: reviewed.default,
            ...(reviewed.note ? { defaultNote: reviewed.note } : {}),
            ...(reviewed.evidence ? { defaultEvidence: reviewed.evidence } : {}),
          }
        : flag && isBool && component !== 'etcd'
          ? { default: 'false' }
          : zero
            ? { default: '0', zeroDefault: means !== undefined ? { means } : {} }
            : {}),
    ...((flag?.configDefault ?? reviewed?.configDefault) !== undefined
      ? { configDefault: flag?.configDefault ?? reviewed?.configDefault }
      : {}),
    ...(inert ? { inert: { ...(inert.value !== undefined ? { value: inert.value } : {}), note: inert.note } } : {}),
    isBool: flag ? isBool : false,
    ...(type ? { type } : {}),
  };
}

/** True when a reviewed default says this flag existed in the release even if the snapshot omits it. */
export function knownFlag(release: ReleaseSnapshot, component: Component, name: string): boolean {
  return (
    flagsOf(release, component).has(name) ||
    componentConfig().flagDefaults.some(
      (d) => d.component === component && d.flag === name && holds(d, release.release),
    )
  );
}

/** The config kind of the file an API server flag names (authentication-config → AuthenticationConfiguration). */
export function apiServerFileKind(flag: string): string | undefined {
  const t = componentConfig().apiServerFiles;
  const name = flag.replace(/^--?/, '');
  return Object.keys(t).find((k) => t[k] === name);
}

/** The list fields of an API server config kind (`anonymous.conditions` of AuthenticationConfiguration). */
export function apiServerFileLists(kind: string): readonly string[] {
  const t = componentConfig().apiServerFileLists ?? {};
  return Object.hasOwn(t, kind) ? t[kind] : [];
}

export function apiServerFileFlag(kind: string): string | undefined {
  const t = componentConfig().apiServerFiles;
  return Object.hasOwn(t, kind) ? t[kind] : undefined;
}
