// Per-control test cases: a reference node, a fragment that changes it (flags, config
// fields, files, API objects), and the status the control must have on the result.
// Cases come from a control's own `cases` and from data/cases/<benchmark id>.yaml (our
// data for the shipped benchmarks, kept beside them so `npm run data` never touches it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boundedValue } from '../io/yaml.js';
import { z } from 'zod';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark, Control, Section } from '../model/benchmark.js';
import { controlsOf } from '../model/controls.js';
import { Case } from '../model/case.js';
import type { Component } from '../model/check.js';
import { compareIds, compareVersions } from '../model/ids.js';
import { InputError, type Problem } from '../model/problem.js';
import {
  lookup,
  type NodeBundle,
  type NodeEntry,
  type NodeProcess,
  normalizeMode,
  normalizePath,
  readText,
} from '../node/bundle.js';
import { componentOf } from '../node/command-line.js';
import { kubeYaml } from '../node/kubeadm.js';
import { processesOf } from '../node/processes.js';
import { referenceNode } from '../node/reference.js';
import type { ApiObject } from '../node/schema.js';
import { lineOf, parseYaml } from '../node/yaml-input.js';
import { text } from '../ingest/yaml-nodes.js';
import { dataDir } from '../paths.js';
import { shippedRelease, shippedReleases } from '../k8s/load.js';
import { evaluateControl } from './evaluate.js';
import { configRule } from './knowledge.js';
import type { ControlResult } from './result.js';
import { configMapFile } from './settings.js';

export const casesDir = join(dataDir, 'cases');

const CasesFile = z.strictObject({
  benchmark: z.string().min(1),
  cases: z.record(z.string(), z.array(Case).min(1)),
});

export interface PlacedCase {
  readonly control: Control;
  readonly section: Section;
  readonly case: Case;
  /** Where the case is written (file:line), for messages. */
  readonly at: string;
}

/** The cases of a benchmark: its controls' own, then data/cases/<id>.yaml's. */
export function casesOf(benchmark: Benchmark, dir = casesDir): PlacedCase[] {
  const out: PlacedCase[] = [];
  const byId = new Map(controlsOf(benchmark).map((p) => [p.control.id, p]));
  for (const { control, section } of controlsOf(benchmark))
    for (const [i, c] of (control.cases ?? []).entries())
      out.push({ control, section, case: c, at: `${benchmark.id} ${control.id} cases[${i}]` });
  const file = join(dir, `${benchmark.id}.yaml`);
  if (!/^[\w.-]+$/.test(benchmark.id) || !existsSync(file)) return out;
  const shown = `data/cases/${benchmark.id}.yaml`;
  const parsed = parseYaml(readFileSync(file, 'utf8'), shown, CasesFile);
  if (!parsed.value) throw new InputError(parsed.problems);
  const problems: Problem[] = [];
  const cases = parsed.doc.get('cases', true) as { items?: Array<{ key: unknown; value: unknown }> } | undefined;
  for (const pair of cases?.items ?? []) {
    // An id is the key as written (`2.10` is not the number 2.1).
    const id = text(pair.key) ?? '';
    const placed = byId.get(id);
    const { line, col } = lineOf(pair.key, parsed.lines);
    if (!placed) {
      problems.push({
        file: shown,
        line,
        col,
        severity: 'error',
        message: `no control ${id} in ${benchmark.id}, expected a control id of that benchmark`,
      });
      continue;
    }
    const items = (pair.value as { items?: unknown[] })?.items ?? [];
    for (const [i, c] of parsed.value.cases[id].entries())
      out.push({ ...placed, case: c, at: `${shown}:${lineOf(items[i], parsed.lines).line}` });
  }
  if (problems.length) throw new InputError(problems);
  return out.sort((a, b) => compareIds(a.control.id, b.control.id));
}

export interface CaseOutcome {
  readonly controlId: string;
  readonly name: string;
  readonly at: string;
  readonly node: string;
  readonly semantics: 'effective' | 'kube-bench';
  readonly expected: ControlResult['status'];
  readonly got: ControlResult['status'];
  readonly pass: boolean;
  readonly result: ControlResult;
}

/** The node a case starts from: its own, else kubeadm at the newest release the benchmark targets. */
export function baseNodeRef(benchmark: Benchmark, c: Case): string {
  if (c.node) return c.node;
  const shipped = shippedReleases();
  const target = [...benchmark.kubernetes]
    .filter((k) => shipped.includes(k))
    .sort(compareVersions)
    .pop();
  return `kubeadm@${target ?? shipped[shipped.length - 1]}`;
}

export function runCase(
  benchmark: Benchmark,
  p: PlacedCase,
  nodes: Map<string, { bundle: NodeBundle; release: ReleaseSnapshot }>,
): CaseOutcome {
  const ref = baseNodeRef(benchmark, p.case);
  let base = nodes.get(ref);
  if (!base) {
    const bundle = referenceNode(ref)!;
    base = { bundle, release: releaseOf(bundle) };
    nodes.set(ref, base);
  }
  const bundle = applyFragment(base.bundle, p.case, base.release);
  const semantics = p.case.semantics ?? 'effective';
  const result = evaluateControl(benchmark, p.section, p.control, bundle, base.release, semantics);
  return {
    controlId: p.control.id,
    name: p.case.name ?? `expect ${p.case.expect}`,
    at: p.at,
    node: ref,
    semantics,
    expected: p.case.expect,
    got: result.status,
    pass: result.status === p.case.expect,
    result,
  };
}

function releaseOf(bundle: NodeBundle): ReleaseSnapshot {
  return shippedRelease(bundle.release!);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const k of parts.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  if (value === null || value === undefined) delete o[parts[parts.length - 1]];
  else o[parts[parts.length - 1]] = value;
}

function setFlag(argv: string[], flag: string, value: string | null): string[] {
  const name = flag.replace(/^--/, '');
  const kept = argv.filter((a, i) => i === 0 || !(a === `--${name}` || a.startsWith(`--${name}=`)));
  return value === null ? kept : [...kept, value === '' ? `--${name}` : `--${name}=${value}`];
}

/** A copy of a node with a case's fragment applied; the base node is never changed. */
export function applyFragment(base: NodeBundle, c: Case, release: ReleaseSnapshot): NodeBundle {
  const entries = new Map(base.entries);
  let objects: ApiObject[] | undefined = base.objects ? [...base.objects] : undefined;
  let processes: NodeProcess[] = processesOf(base).processes.map((p) => ({ ...p }));
  const caseSource = { file: 'test case' };
  const byComponent = (component: Component) => processes.findIndex((p) => componentOf(p.argv) === component);

  for (const [component, flags] of Object.entries(c.flags ?? {}) as Array<[Component, Record<string, string | null>]>) {
    let i = byComponent(component);
    if (i < 0) {
      processes = [
        ...processes,
        { argv: [component], command: component, source: caseSource, argSources: [caseSource] },
      ];
      i = processes.length - 1;
    }
    let argv = [...processes[i].argv];
    for (const [flag, value] of Object.entries(flags)) argv = setFlag(argv, flag, value);
    processes[i] = withSources(processes[i], argv);
  }

  for (const [component, fields] of Object.entries(c.config ?? {}) as Array<[Component, Record<string, unknown>]>) {
    const rule = configRule(release, component);
    if (!rule) continue;
    let i = byComponent(component);
    const flagValue =
      i >= 0 ? processes[i].argv.find((a) => a.startsWith(`--${rule.flag}=`))?.split('=')[1] : undefined;
    const path = flagValue ?? `/etc/kubernetes/${component}-config.yaml`;
    const inMap = !flagValue ? undefined : configMapFile({ ...base, entries }, component, path);
    const current = lookup({ ...base, entries }, path);
    const text = current?.read ? readText(current) : (inMap?.text ?? `kind: ${rule.kind}\n`);
    const data = (boundedValue(text, current?.shownAs ?? path) ?? {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(fields)) setPath(data, field, value);
    const next = kubeYaml(data);
    if (inMap && !current) {
      objects = (objects ?? []).map((o) => {
        const cm = o as ApiObject & { data?: Record<string, string> };
        if (o.kind !== 'ConfigMap' || !inMap.shownAs.endsWith(`/${o.metadata?.name} ${path.split('/').pop()}`))
          return o;
        return { ...cm, data: { ...cm.data, [path.split('/').pop()!]: next } } as ApiObject;
      });
    } else {
      entries.set(normalizePath(path), { ...(current ?? fileEntry(path, '0644')), read: () => next });
      if (!flagValue) {
        if (i < 0) {
          processes = [
            ...processes,
            { argv: [component], command: component, source: caseSource, argSources: [caseSource] },
          ];
          i = processes.length - 1;
        }
        processes[i] = withSources(processes[i], setFlag([...processes[i].argv], rule.flag, path));
      }
    }
  }

  for (const [path, f] of Object.entries(c.files ?? {})) {
    const p = normalizePath(path);
    if (f.exists === false) {
      for (const k of [...entries.keys()]) if (k === p || k.startsWith(`${p}/`)) entries.delete(k);
      continue;
    }
    const cur = entries.get(p) ?? fileEntry(p, '0644');
    const content = f.content;
    entries.set(p, {
      ...cur,
      ...(f.mode !== undefined ? { mode: normalizeMode(f.mode) } : {}),
      ...(f.owner !== undefined ? { owner: f.owner } : {}),
      ...(f.group !== undefined ? { group: f.group } : {}),
      ...(content !== undefined ? { read: () => content } : {}),
    });
  }
  if (c.objects) objects = [...(objects ?? []), ...(c.objects as ApiObject[])];
  return { ...base, entries, processes, ...(objects ? { objects } : {}), name: `${base.name} + case` };
}

/** A process with a new command line: arguments it had keep their lines, the case's own say so. */
function withSources(p: NodeProcess, argv: string[]): NodeProcess {
  const had = new Map(p.argv.map((a, i) => [a, p.argSources?.[i]] as const));
  return {
    ...p,
    argv,
    command: argv.join(' '),
    argSources: argv.map((a) => had.get(a) ?? { file: 'test case' }),
  };
}

function fileEntry(path: string, mode: string): NodeEntry {
  const p = normalizePath(path);
  return { path: p, type: 'file', mode: normalizeMode(mode), owner: 'root', group: 'root', shownAs: p.slice(1) };
}

/** Run every case of a benchmark (optionally only some controls). */
export function runCases(benchmark: Benchmark, controls?: readonly string[]): CaseOutcome[] {
  const only = controls ? new Set(controls) : undefined;
  const nodes = new Map<string, { bundle: NodeBundle; release: ReleaseSnapshot }>();
  return casesOf(benchmark)
    .filter((p) => !only || only.has(p.control.id))
    .map((p) => runCase(benchmark, p, nodes));
}
