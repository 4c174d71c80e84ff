// The processes a node runs. An index lists them as `ps` shows them; otherwise they are
// derived the way the node starts them: the kubelet from its systemd unit, drop-ins and
// environment files; control-plane components from the kubelet's static Pod manifests;
// kube-proxy from its DaemonSet. Each argument keeps the file and line that put it on
// the command line, which is the provenance effective values report.
import { isMap, isSeq } from '../io/yaml-lib.js';
import type { Node } from 'yaml';
import type { Component } from '../model/check.js';
import { compareText } from '../model/ids.js';
import type { Problem } from '../model/problem.js';
import { below, lookup, type NodeBundle, type NodeEntry, type NodeProcess, readText, type Source } from './bundle.js';
import { componentOf, parseFlags } from './command-line.js';
import type { ApiObject } from './schema.js';
import { lineOf, parseYaml } from './yaml-input.js';
import { zodLib } from '../io/zod-lib.js';
import { cached } from '../model/memo.js';

export interface NodeProcesses {
  readonly processes: readonly NodeProcess[];
  /** Components whose start-up files could not be read (a malformed manifest), and why. */
  readonly broken: ReadonlyMap<Component, Problem>;
}

const memo = new WeakMap<NodeBundle, NodeProcesses>();

export function processesOf(bundle: NodeBundle): NodeProcesses {
  return cached(memo, bundle, () => derive(bundle));
}

export function processOf(bundle: NodeBundle, component: Component): NodeProcess | undefined {
  return processesOf(bundle).processes.find((p) => componentOf(p.argv) === component);
}

function derive(bundle: NodeBundle): NodeProcesses {
  const broken = new Map<Component, Problem>();
  // A node built in memory lists its processes with every argument's line already.
  if (bundle.processes?.every((p) => p.argSources)) return { processes: bundle.processes, broken };
  const kubelet = kubeletFromSystemd(bundle);
  const derived: NodeProcess[] = [];
  if (kubelet) derived.push(kubelet);
  derived.push(...staticPods(bundle, kubelet, broken));
  derived.push(...daemonSets(bundle));
  if (!bundle.processes) return { processes: derived, broken };
  // Listed processes are the truth; the files they were started from give each argument its line.
  const processes = bundle.processes.map((p) => {
    const c = componentOf(p.argv);
    const from = c ? derived.find((d) => componentOf(d.argv) === c) : undefined;
    if (!from?.argSources) return p;
    const byText = new Map<string, Source>();
    from.argv.forEach((a, i) => {
      const s = from.argSources?.[i];
      if (s && !byText.has(a)) byText.set(a, s);
    });
    return { ...p, argSources: p.argv.map((a) => byText.get(a)) };
  });
  return { processes, broken };
}

// ---- kubelet: systemd unit, drop-ins, environment files ----

const unitFolders = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

interface UnitLine {
  readonly key: string;
  readonly value: string;
  readonly source: Source;
}

/** [Service] assignments of a unit file, continuation lines joined. */
function serviceLines(entry: NodeEntry): UnitLine[] {
  const out: UnitLine[] = [];
  let section = '';
  const lines = readText(entry).split('\n');
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i].trim();
    const line = i + 1;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i].trim()}`;
    if (!text || text.startsWith('#') || text.startsWith(';')) continue;
    const sec = text.match(/^\[(.+)\]$/);
    if (sec) {
      section = sec[1];
      continue;
    }
    const m = text.match(/^([A-Za-z]+)\s*=\s*(.*)$/);
    if (m && section === 'Service') out.push({ key: m[1], value: m[2], source: { file: entry.shownAs, line } });
  }
  return out;
}

/** Words of a systemd value, honouring double and single quotes. */
function words(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of value.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

interface EnvValue {
  readonly value: string;
  readonly source: Source;
}

function envFile(entry: NodeEntry, env: Map<string, EnvValue>): void {
  readText(entry)
    .split('\n')
    .forEach((l, i) => {
      const m = l.trim().match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
      if (!m) return;
      const v = m[2]
        .trim()
        .replace(/^"(.*)"$/s, '$1')
        .replace(/^'(.*)'$/s, '$1');
      env.set(m[1], { value: v, source: { file: entry.shownAs, line: i + 1 } });
    });
}

export function kubeletFromSystemd(bundle: NodeBundle): NodeProcess | undefined {
  const unit = unitFolders.map((f) => lookup(bundle, `${f}/kubelet.service`)).find((e) => e?.read);
  if (!unit) return undefined;
  // Drop-ins by file name; an earlier folder (/etc) overrides a later one (/usr/lib) of the same name.
  const dropIns = new Map<string, NodeEntry>();
  for (const f of unitFolders)
    for (const e of below(bundle, `${f}/kubelet.service.d`)) {
      const name = e.path.split('/').pop() ?? '';
      if (e.read && name.endsWith('.conf') && !dropIns.has(name)) dropIns.set(name, e);
    }
  const files = [unit, ...[...dropIns].sort((a, b) => compareText(a[0], b[0])).map(([, e]) => e)];
  const env = new Map<string, EnvValue>();
  let exec: UnitLine | undefined;
  for (const f of files)
    for (const l of serviceLines(f)) {
      if (l.key === 'Environment')
        for (const w of words(l.value)) {
          const eq = w.indexOf('=');
          if (eq > 0) env.set(w.slice(0, eq), { value: w.slice(eq + 1), source: l.source });
        }
      else if (l.key === 'EnvironmentFile') {
        const path = l.value.replace(/^-/, '').trim();
        const e = lookup(bundle, path);
        if (e?.read) envFile(e, env);
      } else if (l.key === 'ExecStart') exec = l.value.trim() ? l : undefined;
    }
  if (!exec) return undefined;
  const argv: string[] = [];
  const argSources: Array<Source | undefined> = [];
  for (const w of words(exec.value.replace(/^[-@:+!]+/, ''))) {
    const v = w.match(/^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/);
    if (v) {
      const val = env.get(v[1]);
      // $VAR splits into words; an unset variable gives none.
      for (const part of (val?.value ?? '').split(/\s+/).filter(Boolean)) {
        argv.push(part);
        argSources.push(val?.source);
      }
    } else {
      argv.push(w);
      argSources.push(exec.source);
    }
  }
  return { argv, command: argv.join(' '), source: exec.source, argSources };
}

// ---- static Pods ----

// The shapes of a static Pod and of a DaemonSet, built when a node has either: most commands
// read neither, and zod is not worth loading for them.
let shapes: ReturnType<typeof buildShapes> | undefined;
function buildShapes() {
  const { z } = zodLib();
  const Container = z.looseObject({
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
  });
  const PodManifest = z.looseObject({
    kind: z.literal('Pod'),
    spec: z.looseObject({ containers: z.array(Container).min(1) }),
  });
  const DaemonSet = z.looseObject({
    spec: z.looseObject({
      template: z.looseObject({
        spec: z.looseObject({
          containers: z.array(
            z.looseObject({
              command: z.array(z.string()).optional(),
              args: z.array(z.string()).optional(),
              env: z
                .array(
                  z.looseObject({
                    name: z.string(),
                    value: z.string().optional(),
                    valueFrom: z
                      .looseObject({ fieldRef: z.looseObject({ fieldPath: z.string() }).optional() })
                      .optional(),
                  }),
                )
                .optional(),
            }),
          ),
        }),
      }),
    }),
  });
  return { PodManifest, DaemonSet };
}
const shapesOf = () => (shapes ??= buildShapes());

function staticPodPath(bundle: NodeBundle, kubelet: NodeProcess | undefined): string {
  if (kubelet) {
    const flags = parseFlags(kubelet.argv, () => false);
    const direct = flags.get('pod-manifest-path')?.value;
    if (direct) return direct;
    const config = flags.get('config')?.value;
    const e = config ? lookup(bundle, config) : undefined;
    if (e?.read) {
      try {
        const m = readText(e).match(/^staticPodPath:\s*["']?([^"'\s]+)/m);
        if (m) return m[1];
      } catch {
        // An unreadable config is reported where a check reads it.
      }
    }
  }
  return '/etc/kubernetes/manifests';
}

function staticPods(bundle: NodeBundle, kubelet: NodeProcess | undefined, broken: Map<Component, Problem>) {
  const out: NodeProcess[] = [];
  const folder = staticPodPath(bundle, kubelet);
  for (const e of below(bundle, folder)) {
    if (e.type !== 'file' || !/\.(ya?ml|json|manifest)$/.test(e.path)) continue;
    const named = componentOf([e.path.replace(/\.[a-z]+$/, '')]);
    let text: string;
    try {
      text = readText(e);
    } catch (err) {
      if (named) broken.set(named, { file: e.shownAs, severity: 'warning', message: (err as Error).message });
      continue;
    }
    const parsed = parseYaml(text, e.shownAs, shapesOf().PodManifest);
    if (!parsed.value) {
      if (named) broken.set(named, { ...parsed.problems[0], severity: 'warning' });
      continue;
    }
    const containers = parsed.doc.getIn(['spec', 'containers'], true);
    parsed.value.spec.containers.forEach((c, ci) => {
      const node = isSeq(containers) ? containers.items[ci] : undefined;
      const argv: string[] = [];
      const argSources: Array<Source | undefined> = [];
      for (const key of ['command', 'args'] as const) {
        const list = isMap(node) ? node.get(key, true) : undefined;
        (c[key] ?? []).forEach((a, i) => {
          argv.push(a);
          const item = isSeq(list) ? (list.items[i] as Node) : undefined;
          argSources.push({ file: e.shownAs, line: lineOf(item, parsed.lines).line });
        });
      }
      if (argv.length)
        out.push({
          argv,
          command: argv.join(' '),
          ...envOf(c.env),
          source: { file: e.shownAs, line: lineOf(node, parsed.lines).line },
          argSources,
        });
    });
  }
  return out;
}

function envOf(env: ReadonlyArray<{ name: string; value?: string }> | undefined) {
  const vars = Object.fromEntries((env ?? []).filter((v) => v.value !== undefined).map((v) => [v.name, v.value!]));
  return Object.keys(vars).length ? { environment: vars } : {};
}

// ---- DaemonSets (kube-proxy) ----

export function daemonSets(bundle: NodeBundle): NodeProcess[] {
  const out: NodeProcess[] = [];
  for (const o of bundle.objects ?? []) {
    if (o.kind !== 'DaemonSet') continue;
    const parsed = shapesOf().DaemonSet.safeParse(o);
    if (!parsed.success) continue;
    for (const c of parsed.data.spec.template.spec.containers) {
      const vars = new Map<string, string>();
      for (const v of c.env ?? []) {
        if (v.value !== undefined) vars.set(v.name, v.value);
        else if (v.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName' && bundle.nodeName)
          vars.set(v.name, bundle.nodeName);
      }
      // The kubelet expands $(VAR) from the container's environment.
      const expand = (a: string) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, k) => vars.get(k) ?? m);
      const argv = [...(c.command ?? []), ...(c.args ?? [])].map(expand);
      const source = { file: `DaemonSet ${objectName(o)}` };
      if (argv.length) out.push({ argv, command: argv.join(' '), source, argSources: argv.map(() => source) });
    }
  }
  return out;
}

export function objectName(o: ApiObject): string {
  const ns = o.metadata?.namespace;
  return `${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}
