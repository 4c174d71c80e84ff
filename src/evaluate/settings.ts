// Effective values: what a component on this node actually runs with, and why. A
// setting is read as the component reads it: its command line (from the process, with
// the manifest or unit line that put each flag there), its config file and drop-ins
// (kubelet: flags win, feature gates merge; kube-scheduler and kube-proxy: the file wins
// and the flags it covers are ignored), and else the default that applies in that
// context (the config file's default when --config is given, the flag's otherwise; a
// zero the kubelet re-defaults). Pure over a loaded bundle and a release snapshot.
import type { Control } from '../model/benchmark.js';
import { parseYaml, plainValue } from '../io/yaml.js';
import type { Field, ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Component } from '../model/check.js';
import { formatProblem, type Problem } from '../model/problem.js';
import { below, dataOf, lookup, type NodeBundle, type NodeProcess, readText, sourceText } from '../node/bundle.js';
import { componentOf, type FlagValue, parseFlags, parseGateList } from '../node/command-line.js';
import { goDefault, isZero, parseDuration, typed } from '../node/go-values.js';
import { objectName, processesOf } from '../node/processes.js';
import { lineOf } from '../node/yaml-input.js';
import { configRule, fieldOfFlag, flagFacts, flagOfField, knownFlag } from './knowledge.js';
import { cached } from '../model/memo.js';

export interface EvalContext {
  readonly bundle: NodeBundle;
  readonly release: ReleaseSnapshot;
  /** The control's allow-list: workloads (namespace, Pod name glob) its checks on Pods exempt. */
  readonly allowList?: Control['allowList'];
  /**
   * API object fields as written, not as the components apply them (an unset allowPrivilegeEscalation
   * stays unset): how a kubectl audit's jq reads them, for what kube-bench reports with a working kubectl.
   */
  readonly asWritten?: boolean;
}

export type SettingState = 'value' | 'unset' | 'not-running' | 'no-such-setting' | 'unreadable';

/** One setting's effective value and where it comes from. */
export interface Setting {
  readonly state: SettingState;
  /** The value as text (booleans `true`/`false`, lists comma-joined, maps `k=v`). */
  readonly value?: string;
  /** The field or flag type, to compare durations, numbers and lists as such. */
  readonly type?: string;
  /** True when the command line or a config file sets it (not a default). */
  readonly explicit: boolean;
  /** Provenance: `file:line`, "default of KubeletConfiguration in 1.28", "flag default". */
  readonly source: string;
  /** The config field the value was read from, where it came from a config file (not the flag). */
  readonly field?: string;
  readonly notes: readonly string[];
}

export interface ConfigSource {
  readonly shownAs: string;
  readonly data: Record<string, unknown>;
  readonly line: (path: string) => number | undefined;
}

export interface ComponentView {
  readonly component: Component;
  readonly process?: NodeProcess;
  /** Why the component's start-up files could not be read (a malformed manifest). */
  readonly broken?: Problem;
  readonly flags: ReadonlyMap<string, FlagValue>;
  readonly config?: ConfigSource;
  readonly dropIns: readonly ConfigSource[];
  readonly configProblem?: string;
}

// Views per bundle and release: every check of a benchmark asks the same components.
const views = new WeakMap<NodeBundle, Map<string, Map<Component, ComponentView>>>();

export function componentView(ctx: EvalContext, component: Component): ComponentView {
  const byRelease = cached(views, ctx.bundle, () => new Map());
  const byComponent = cached(byRelease, ctx.release.release, () => new Map());
  return cached(byComponent, component, () => buildView(ctx, component));
}

function buildView(ctx: EvalContext, component: Component): ComponentView {
  const procs = processesOf(ctx.bundle);
  const process = procs.processes.find((p) => componentOf(p.argv) === component);
  const broken = procs.broken.get(component);
  if (!process) return { component, ...(broken ? { broken } : {}), flags: new Map(), dropIns: [] };
  const isBool = (name: string) => flagFacts(ctx.release, component, name).isBool;
  const flags = parseFlags(process.argv, isBool, process.argSources);
  const rule = configRule(ctx.release, component);
  const path = rule ? flags.get(rule.flag)?.value : undefined;
  if (!rule || !path) return { component, process, flags, dropIns: [] };
  let config: ConfigSource | undefined;
  let configProblem: string | undefined;
  try {
    config = readConfig(ctx, component, path);
    if (!config) configProblem = `--${rule.flag} names ${path}, which the bundle does not hold`;
  } catch (e) {
    configProblem = (e as Error).message;
  }
  const dropIns: ConfigSource[] = [];
  const dir = rule.dropIns ? flags.get(rule.dropIns.flag)?.value : undefined;
  if (dir)
    for (const e of below(ctx.bundle, dir)) {
      if (e.type !== 'file' || !e.path.endsWith('.conf')) continue;
      try {
        dropIns.push(parseConfig(readText(e), e.shownAs));
      } catch (err) {
        configProblem = (err as Error).message;
      }
    }
  return {
    component,
    process,
    flags,
    ...(config ? { config } : {}),
    dropIns,
    ...(configProblem ? { configProblem } : {}),
  };
}

// Parsed config files by name and text: reference nodes and the nodes rules derive from them
// share most files, and parsing is the expensive part of reading a component's view.
const parsedConfigs = new Map<string, ConfigSource>();

function parseConfig(text: string, shownAs: string): ConfigSource {
  const key = `${shownAs}\u0000${text}`;
  let c = parsedConfigs.get(key);
  if (!c) {
    c = parseConfigText(text, shownAs);
    if (parsedConfigs.size > 2000) parsedConfigs.clear();
    parsedConfigs.set(key, c);
  }
  return c;
}

function parseConfigText(text: string, shownAs: string): ConfigSource {
  // The bounded reader: a node's file is user input (nesting past any real config, alias bombs).
  const { doc, lc: lines, problems } = parseYaml(text, shownAs);
  const bad = problems.find((p) => p.severity === 'error');
  if (bad || !doc) throw new Error(bad ? formatProblem(bad) : `${shownAs}: empty, expected a component configuration`);
  const plain = plainValue(doc, 100);
  if (!('value' in plain)) {
    const { line, col } = lines.linePos(plain.overAt);
    throw new Error(`${shownAs}:${line}:${col}: ${plain.message}`);
  }
  const data = (plain.value ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data))
    throw new Error(`${shownAs}: not a map of settings, expected a component configuration`);
  return {
    shownAs,
    data,
    line: (path) => {
      const node = doc.getIn(path.split('.'), true);
      return node ? lineOf(node, lines).line : undefined;
    },
  };
}

/**
 * A config file as the component sees it: a file of the node, or for a containerised
 * component (kube-proxy) the ConfigMap key its DaemonSet mounts at that path.
 */
function readConfig(ctx: EvalContext, component: Component, path: string): ConfigSource | undefined {
  const e = lookup(ctx.bundle, path);
  // A node built in memory holds the file as data: lines are found only when a source is shown.
  const data = e?.type === 'file' ? dataOf(e) : undefined;
  if (e && data && typeof data === 'object' && !Array.isArray(data)) {
    const lines = readText(e).split('\n');
    return { shownAs: e.shownAs, data: data as Record<string, unknown>, line: (p) => blockLine(lines, p) };
  }
  if (e?.type === 'file') return parseConfig(readText(e), e.shownAs);
  const mounted = configMapFile(ctx.bundle, component, path);
  return mounted ? parseConfig(mounted.text, mounted.shownAs) : undefined;
}

/**
 * The line of a dotted path in block-style YAML as our emitter writes it (two spaces per level,
 * one key per line): what a parse would say, without parsing a file the node built itself.
 */
function blockLine(lines: readonly string[], path: string): number | undefined {
  let from = 0;
  let found: number | undefined;
  path.split('.').forEach((key, depth) => {
    if (found === undefined && depth > 0) return;
    const prefix = `${'  '.repeat(depth)}${key}:`;
    const at = lines.findIndex((l, i) => i >= from && (l === prefix || l.startsWith(`${prefix} `)));
    found = at < 0 ? undefined : at + 1;
    from = at + 1;
  });
  return found;
}

/** The ConfigMap key a component's workload mounts at a container path, if any. */
export function configMapFile(
  bundle: NodeBundle,
  component: Component,
  path: string,
): { text: string; shownAs: string } | undefined {
  for (const o of bundle.objects ?? []) {
    if (o.kind !== 'DaemonSet' && o.kind !== 'Deployment') continue;
    const spec = (o as { spec?: { template?: { spec?: PodSpec } } }).spec?.template?.spec;
    for (const c of spec?.containers ?? []) {
      if (componentOf([...(c.command ?? []), ...(c.args ?? [])]) !== component) continue;
      for (const m of c.volumeMounts ?? []) {
        if (!path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`)) continue;
        const vol = spec?.volumes?.find((v) => v.name === m.name);
        const cmName = vol?.configMap?.name;
        if (!cmName) continue;
        const cm = bundle.objects?.find(
          (x) =>
            x.kind === 'ConfigMap' && x.metadata?.name === cmName && x.metadata?.namespace === o.metadata?.namespace,
        ) as { data?: Record<string, string> } | undefined;
        const key = path.slice(m.mountPath.replace(/\/$/, '').length + 1);
        const text = cm?.data?.[key];
        if (typeof text === 'string')
          return { text, shownAs: `ConfigMap ${objectName(o).replace(/\/.*/, '')}/${cmName} ${key}` };
      }
    }
  }
  return undefined;
}

interface PodSpec {
  containers?: Array<{
    command?: string[];
    args?: string[];
    volumeMounts?: Array<{ name: string; mountPath: string }>;
  }>;
  volumes?: Array<{ name: string; configMap?: { name: string } }>;
}

export function getPath(data: unknown, path: string): unknown {
  let o = data;
  for (const p of path.split('.')) {
    if (!o || typeof o !== 'object' || Array.isArray(o) || !Object.hasOwn(o, p)) return undefined;
    o = (o as Record<string, unknown>)[p];
  }
  return o;
}

export function asText(v: unknown): string {
  if (Array.isArray(v)) return v.map(asText).join(',');
  if (v && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${asText(x)}`)
      .join(',');
  return String(v);
}

const configKinds: Record<string, string> = {
  kubelet: 'KubeletConfiguration',
  'kube-scheduler': 'KubeSchedulerConfiguration',
  'kube-proxy': 'KubeProxyConfiguration',
};

// Config fields by kind and path, per release.
const fieldIndex = new WeakMap<ReleaseSnapshot, Map<string, Map<string, Field>>>();

function fieldInfo(ctx: EvalContext, component: Component, path: string) {
  const kind = configRule(ctx.release, component)?.kind ?? configKinds[component];
  if (!kind) return { kind, field: undefined };
  const byKind = cached(fieldIndex, ctx.release, () => new Map());
  const fields = cached(byKind, kind, () => new Map((ctx.release.configs[kind]?.fields ?? []).map((f) => [f.path, f])));
  return { kind, field: fields.get(path) };
}

const rel = (ctx: EvalContext) => ctx.release.release;

/** The effective value of a component's setting, named by its flag, its config field, or both. */
export function resolveSetting(
  ctx: EvalContext,
  component: Component,
  key: { flag?: string; field?: string },
): Setting {
  const view = componentView(ctx, component);
  const flag =
    key.flag?.replace(/^--?/, '') ?? (key.field ? flagOfField(ctx.release, component, key.field) : undefined);
  const field = key.field ?? (flag ? fieldOfFlag(ctx.release, component, flag) : undefined);
  const label = flag ? `${component} --${flag}` : `${component} ${field}`;
  if (!view.process) {
    return {
      state: view.broken ? 'unreadable' : 'not-running',
      explicit: false,
      source: view.broken ? `${view.broken.file}${view.broken.line ? `:${view.broken.line}` : ''}` : '',
      notes: [
        view.broken
          ? `cannot read how ${component} starts: ` +
            `${view.broken.file}${view.broken.line ? `:${view.broken.line}:${view.broken.col ?? 1}` : ''}: ${view.broken.message}`
          : `${component} does not run on this node`,
      ],
    };
  }
  if (flag === 'feature-gates' || field === 'featureGates')
    return { state: 'value', ...gateList(ctx, component), notes: [] };
  const facts = flag ? flagFacts(ctx.release, component, flag) : undefined;
  const { kind, field: fieldFacts } = field ? fieldInfo(ctx, component, field) : { kind: undefined, field: undefined };
  const exists = (flag && knownFlag(ctx.release, component, flag)) || fieldFacts !== undefined;
  const type = fieldFacts?.type ?? facts?.type ?? (facts?.isBool ? 'bool' : undefined);
  const cl = flag ? view.flags.get(flag) : undefined;
  const rule = configRule(ctx.release, component);
  const withConfig = rule ? view.flags.has(rule.flag) : false;
  const fromCommandLine = (v: FlagValue, notes: string[] = []): Setting => ({
    state: 'value',
    value: v.value,
    ...(type ? { type } : {}),
    explicit: true,
    source: sourceText(v.source) || sourceText(view.process?.source),
    notes,
  });

  if (!exists && !cl) {
    return {
      state: 'no-such-setting',
      explicit: false,
      source: '',
      notes: [`${label} is not a setting of ${component} in Kubernetes ${rel(ctx)}`],
    };
  }
  if (facts?.inert) {
    return {
      state: facts.inert.value !== undefined ? 'value' : 'unset',
      ...(facts.inert.value !== undefined ? { value: facts.inert.value } : {}),
      explicit: Boolean(cl),
      source: `Kubernetes ${rel(ctx)}`,
      notes: [`${label} has no effect in ${rel(ctx)}: ${facts.inert.note}`],
    };
  }

  const fromFile = (): Setting | undefined => {
    if (!field || !withConfig) return undefined;
    for (const src of [...view.dropIns].reverse()) {
      const v = getPath(src.data, field);
      if (v !== undefined && v !== null) return fileValue(src, v);
    }
    const v = view.config ? getPath(view.config.data, field) : undefined;
    if (view.config && v !== undefined && v !== null) return fileValue(view.config, v);
    return undefined;
  };
  const fileValue = (src: ConfigSource, v: unknown): Setting => {
    const line = src.line(field!);
    const source = line ? `${src.shownAs}:${line}` : src.shownAs;
    // Defaulting treats a zero non-pointer field as unset (a 0s idle timeout becomes 4h, an
    // empty metricsBindAddress 127.0.0.1:10249): the field's default, else the flag's.
    const fieldDefault = fieldFacts ? goDefault(fieldFacts.type, fieldFacts.default) : undefined;
    const def =
      fieldDefault ??
      facts?.configDefault ??
      (facts?.default !== undefined ? typed(type ?? 'string', facts.default) : undefined);
    const zero = isZero(v) || (typeof v === 'string' && parseDuration(v) === 0);
    const defaulted = zero && fieldFacts && !fieldFacts.type.startsWith('*') && def !== undefined && !isZero(def);
    return {
      state: 'value',
      value: asText(defaulted ? def : v),
      ...(type ? { type } : {}),
      explicit: true,
      source,
      field: field!,
      notes: defaulted
        ? [`${field}: ${asText(v)} is a zero value, which ${component} replaces by its default ${asText(def)}`]
        : [],
    };
  };
  const configProblem = withConfig && view.configProblem ? [`config file: ${view.configProblem}`] : [];

  if (rule?.precedence === 'file-only' && withConfig && field && !rule.commandLineWins?.includes(flag ?? '')) {
    const ignored = cl
      ? [`--${flag} on the command line is ignored: ${component} reads ${field} from --${rule.flag}`]
      : [];
    const f = fromFile();
    if (f) return { ...f, notes: [...f.notes, ...ignored] };
    return {
      ...defaultOf(ctx, component, kind, fieldFacts, facts, true, type),
      notes: [...ignored, ...configProblem],
    };
  }
  if (cl) {
    const f = fromFile();
    const overrides = f && f.value !== cl.value ? [`overrides ${field} = ${f.value} (${f.source})`] : [];
    return fromCommandLine(cl, overrides);
  }
  const f = fromFile();
  if (f) return f;
  // etcd reads an unset flag from its ETCD_<FLAG> environment variable.
  const env = component === 'etcd' && flag ? `ETCD_${flag.toUpperCase().replace(/-/g, '_')}` : undefined;
  const fromEnv = env ? view.process.environment?.[env] : undefined;
  if (env && fromEnv !== undefined)
    return {
      state: 'value',
      value: fromEnv,
      ...(type ? { type } : {}),
      explicit: true,
      source: `${env} in the environment of etcd (${sourceText(view.process.source)})`,
      notes: [],
    };
  const d = defaultOf(ctx, component, kind, fieldFacts, facts, withConfig && Boolean(field), type);
  return { ...d, notes: [...d.notes, ...configProblem] };
}

function defaultOf(
  ctx: EvalContext,
  component: Component,
  kind: string | undefined,
  fieldFacts: { type: string; default?: string } | undefined,
  facts: ReturnType<typeof flagFacts> | undefined,
  withConfig: boolean,
  type: string | undefined,
): Setting {
  const t = type ? { type } : {};
  if (withConfig) {
    const fromFlag = facts?.configDefault;
    const fromField = fieldFacts ? goDefault(fieldFacts.type, fieldFacts.default) : undefined;
    const v = fromFlag ?? (fromField !== undefined ? asText(fromField) : undefined);
    return v !== undefined
      ? { state: 'value', value: v, ...t, explicit: false, source: `default of ${kind} in ${rel(ctx)}`, notes: [] }
      : { state: 'unset', ...t, explicit: false, source: `no default in ${kind} ${rel(ctx)}`, notes: [] };
  }
  if (facts?.default !== undefined)
    return {
      state: 'value',
      value: facts.default,
      ...t,
      explicit: false,
      source: facts.zeroDefault
        ? `zero value of an integer flag, not printed on the ${component} ${rel(ctx)} reference page` +
          (facts.zeroDefault.means ? `; ${facts.zeroDefault.means}` : '')
        : facts.defaultNote
          ? `default of ${component} ${rel(ctx)}: ${facts.defaultNote}`
          : `flag default of ${component} ${rel(ctx)}`,
      notes: [],
    };
  return { state: 'unset', ...t, explicit: false, source: `no default for ${component} ${rel(ctx)}`, notes: [] };
}

/** Feature gates as the component merges them: command line, then config file, then drop-ins. */
export function gateList(
  ctx: EvalContext,
  component: Component,
): { value: string; explicit: boolean; source: string; gates: Map<string, { value: string; source: string }> } {
  const view = componentView(ctx, component);
  const gates = new Map<string, { value: string; source: string }>();
  const cl = view.flags.get('feature-gates');
  if (cl) for (const [k, v] of parseGateList(cl.value)) gates.set(k, { value: v, source: sourceText(cl.source) });
  const rule = configRule(ctx.release, component);
  if (rule && view.flags.has(rule.flag)) {
    if (rule.precedence === 'file-only') gates.clear();
    for (const src of [...(view.config ? [view.config] : []), ...view.dropIns]) {
      const fg = getPath(src.data, 'featureGates');
      if (fg && typeof fg === 'object' && !Array.isArray(fg))
        for (const [k, v] of Object.entries(fg as Record<string, unknown>)) {
          const line = src.line(`featureGates.${k}`);
          gates.set(k, { value: String(v), source: line ? `${src.shownAs}:${line}` : src.shownAs });
        }
    }
  }
  const value = [...gates].map(([k, v]) => `${k}=${v.value}`).join(',');
  const sources = [...new Set([...gates.values()].map((g) => g.source))];
  return { value, explicit: gates.size > 0, source: sources.join(', '), gates };
}

/** One gate's effective value: set on the node, else the release's default. */
export function resolveGate(ctx: EvalContext, component: Component, gate: string): Setting {
  const view = componentView(ctx, component);
  if (!view.process)
    return { state: 'not-running', explicit: false, source: '', notes: [`${component} does not run on this node`] };
  const set = gateList(ctx, component).gates.get(gate);
  const known = ctx.release.gates.find((g) => g.name === gate);
  if (set)
    return {
      state: 'value',
      value: set.value.toLowerCase(),
      type: 'bool',
      explicit: true,
      source: set.source,
      notes:
        known?.lockedToDefault && set.value.toLowerCase() !== String(known.default)
          ? [`${gate} is locked to ${known.default} in ${rel(ctx)}; the component refuses to start with another value`]
          : [],
    };
  if (known)
    return {
      state: 'value',
      value: String(known.default),
      type: 'bool',
      explicit: false,
      source: `default of gate ${gate} (${known.stage}) in ${rel(ctx)}`,
      notes: [],
    };
  const removed = ctx.release.removedGates.includes(gate);
  return {
    state: 'no-such-setting',
    explicit: false,
    source: '',
    notes: [removed ? `feature gate ${gate} was removed by ${rel(ctx)}` : `no feature gate ${gate} in ${rel(ctx)}`],
  };
}

/** The admission plugins the API server runs: on by default in that release, plus --enable, minus --disable. */
export function admissionPlugins(ctx: EvalContext): {
  readonly running: boolean;
  readonly enabled: ReadonlyMap<string, string>;
  readonly disabled: ReadonlyMap<string, string>;
  readonly notes: string[];
} {
  const view = componentView(ctx, 'kube-apiserver');
  const enabled = new Map<string, string>();
  const disabled = new Map<string, string>();
  if (!view.process) return { running: false, enabled, disabled, notes: [`kube-apiserver does not run on this node`] };
  const legacy = view.flags.get('admission-control');
  const split = (v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const notes: string[] = [];
  if (legacy) {
    // --admission-control replaces the default list entirely.
    for (const p of split(legacy.value)) enabled.set(p, sourceText(legacy.source));
    notes.push('--admission-control replaces the default plugin list');
  } else for (const p of ctx.release.admission.defaultOn) enabled.set(p, `on by default in ${rel(ctx)}`);
  const en = view.flags.get('enable-admission-plugins');
  if (en) for (const p of split(en.value)) enabled.set(p, sourceText(en.source));
  const dis = view.flags.get('disable-admission-plugins');
  if (dis)
    for (const p of split(dis.value)) {
      enabled.delete(p);
      disabled.set(p, sourceText(dis.source));
    }
  return { running: true, enabled, disabled, notes };
}
