// Which workloads every cluster runs fail a control on API-object fields: the installer's
// (kubeadm's control-plane static Pods, kube-proxy, CoreDNS) and the network plugin's node agent.
import type { Control } from '../model/benchmark.js';
import type { Operator } from '../model/check.js';
import { compareVersions } from '../model/ids.js';
import { meets } from '../evaluate/compare.js';
import { fieldEntry } from './fields.js';
import type { AllowEntry, SystemWorkload, WorkloadKnowledge } from './knowledge.js';

/** One judgement a control makes on every object of a kind: field, operator, value. */
export interface WorkloadCheck {
  readonly resource: string;
  readonly field: string;
  readonly op: Operator;
  readonly value?: string;
}

// Asked for every control of every benchmark for every release: worked out once per control.
const memo = new WeakMap<Control, { k: WorkloadKnowledge; out: readonly WorkloadCheck[] }>();
const shared = new WeakMap<WorkloadKnowledge, Map<string, readonly WorkloadCheck[]>>();

/**
 * The judgements a control makes on API-object fields: from its api-object checks, or, for a
 * manual control, from its topic (judged as data/workloads.yaml says a compliant object holds
 * the field, unless the topic says otherwise). Fields are the entries' own paths.
 */
export function workloadChecks(control: Control, k: WorkloadKnowledge): readonly WorkloadCheck[] {
  const hit = memo.get(control);
  if (hit && hit.k === k) return hit.out;
  const xs: WorkloadCheck[] = [];
  for (const c of control.checks)
    for (const s of c.subjects)
      if (s.kind === 'api-object' && s.field) {
        const e = fieldEntry(k, s.resource, s.field);
        xs.push({
          resource: s.resource,
          field: e?.field ?? s.field,
          op: c.op,
          ...(c.value !== undefined ? { value: c.value } : {}),
        });
      }
  const topic = control.topic && Object.hasOwn(k.topics, control.topic) ? k.topics[control.topic] : undefined;
  if (!xs.length && topic)
    for (const t of topic.subjects) {
      const e = fieldEntry(k, t.resource, t.field);
      const op = (t.op ?? e?.secure.op) as Operator | undefined;
      if (!op) continue;
      const value = t.op ? t.value : e?.secure.value;
      xs.push({ resource: t.resource, field: e?.field ?? t.field, op, ...(value !== undefined ? { value } : {}) });
    }
  // Controls of different versions that judge the same fields share one list (and its findings).
  const key = JSON.stringify(xs);
  let interned = shared.get(k)?.get(key);
  if (!interned) {
    interned = xs;
    if (!shared.has(k)) shared.set(k, new Map());
    shared.get(k)!.set(key, xs);
  }
  memo.set(control, { k, out: interned });
  return interned;
}

export interface Violation {
  readonly workload: SystemWorkload;
  readonly check: WorkloadCheck;
  /** The value its Pods hold (undefined: unset). */
  readonly value: string | undefined;
  /** It cannot run without it (a conflict), or only runs with it by default. */
  readonly need: 'needs' | 'default';
}

/** An unset field passes "is not", "does not include" and "is not set", and fails the rest. */
export function holds(c: Pick<WorkloadCheck, 'op' | 'value'>, value: string | undefined): boolean {
  return meets(c, value);
}

/** The value a workload's Pods hold for a field in a release (later values override). */
function valueIn(w: SystemWorkload, field: string, release: string): string | undefined {
  const later = w.since[field];
  if (later && compareVersions(later.from, release) <= 0) return later.value;
  return w.fields[field];
}

/** The system workloads of an installer (and the CNI, on every cluster) in a release. */
export function systemWorkloads(k: WorkloadKnowledge, release: string, installer?: string): SystemWorkload[] {
  const own = installer ? (k.installers.get(installer) ?? []) : [];
  return [...own, k.cni].filter((w) => compareVersions(w.from, release) <= 0);
}

/** Workloads whose Pods fail a check, with whether they need the value that fails it. */
export function violations(
  checks: readonly WorkloadCheck[],
  workloads: readonly SystemWorkload[],
  release: string,
): Violation[] {
  const out: Violation[] = [];
  for (const w of workloads)
    for (const c of checks) {
      if (c.resource !== 'Pod') continue;
      const value = valueIn(w, c.field, release);
      if (holds(c, value)) continue;
      const need = w.needs.includes(c.field) ? 'needs' : 'default';
      out.push({ workload: w, check: c, value, need });
    }
  return out;
}

/** `kube-system/etcd-*, kube-system/kube-apiserver-*` (namespace/Pod name glob); the CNI by its allow-list. */
export function allowListText(w: SystemWorkload): string {
  if ('allowList' in w)
    return allowEntries(w)
      .map((a) => `${a.namespace}/${a.name}`)
      .join(', ');
  return w.pods.map((p) => `${w.namespace}/${p}-*`).join(', ');
}

/** The CNI's allow-list entries (its DaemonSets by name). */
export function allowEntries(w: SystemWorkload): AllowEntry[] {
  return (w as SystemWorkload & { allowList?: AllowEntry[] }).allowList ?? [];
}
