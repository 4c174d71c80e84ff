// How a control stands on a node under both semantics: what kube-bench would report (the
// grep) and what the components actually do (effective). Rules ask this of the same few
// nodes for every control, release and benchmark; controls that check the same things
// (4.2.1 in every version from cis-1.7 to cis-1.12) share one answer per node.
import { evaluateControl, type Verdict, verdictOf } from '../../evaluate/evaluate.js';
import type { ControlResult } from '../../evaluate/result.js';
import type { Benchmark, Control } from '../../model/benchmark.js';
import type { NodeBundle } from '../../node/bundle.js';
import { hostOf, variables } from '../../evaluate/kube-bench/host.js';
import { sameFilesAs } from './nodes.js';
import type { Finding, RuleContext } from '../types.js';
import { defaultHeadline } from '../helpers.js';
import { cached } from '../../model/memo.js';

export interface Standing {
  readonly effective: ControlResult;
  readonly kubeBench: ControlResult;
  /** pass / fail / none, as evaluate's compare reads a status. */
  readonly effectiveVerdict: Verdict;
  readonly kubeBenchVerdict: Verdict;
}

type Semantics = 'effective' | 'kube-bench';

// What each semantics reads of a control: its checks (effective), its scanner facts and the
// benchmark's kube-bench configuration (kube-bench). Equal keys give equal results on a node.
// Keys are interned to short ids (a benchmark's kube-bench configuration alone is large).
const keys = new WeakMap<Control, Partial<Record<Semantics, string>>>();
const benchmarkKeys = new WeakMap<Benchmark, string>();
const interned = new Map<string, string>();
const intern = (text: string): string => {
  return cached(interned, text, () => String(interned.size));
};

function keyOf(ctx: RuleContext, semantics: Semantics): string {
  const k = cached(keys, ctx.control, () => ({}));
  let key = k[semantics];
  if (key === undefined) {
    const c = ctx.control;
    if (semantics === 'effective')
      key = intern(JSON.stringify([c.checks, c.combine, c.checks.length ? '' : (c.topic ?? '')]));
    else {
      const b = cached(benchmarkKeys, ctx.benchmark, () => intern(JSON.stringify(ctx.benchmark.kubeBench ?? null)));
      key = intern(
        JSON.stringify([
          b,
          ctx.section.target,
          c.kubeBench ?? null,
          c.kubeBench ? '' : [c.checks, c.combine],
          c.scored,
        ]),
      );
    }
    k[semantics] = key;
  }
  return key;
}

// kube-bench's view of a node for a benchmark's target: its `$variables` there. Benchmarks whose
// configurations resolve to the same variables on a node replay a control the same way.
const varsKeys = new WeakMap<NodeBundle, WeakMap<Benchmark, Map<string, string>>>();

function varsKey(ctx: RuleContext, at: NodeBundle): string {
  // kube-bench's variables come from the files and the running binaries, which a flags-only edit keeps.
  const node = sameFilesAs(at);
  const byBenchmark = cached(varsKeys, node, () => new WeakMap());
  const byTarget = cached(byBenchmark, ctx.benchmark, () => new Map());
  const target = ctx.section.target;
  let k = byTarget.get(target);
  if (k === undefined) {
    const v = variables(hostOf(node), ctx.benchmark.kubeBench, target);
    k = intern(JSON.stringify([target, [...v.values], v.missing, v.binSubs]));
    byTarget.set(target, k);
  }
  return k;
}

// A control's scanner facts (or, without them, the checks a kube-bench encoding is made from).
const factKeys = new WeakMap<Control, string>();

function factsKey(c: Control): string {
  return cached(factKeys, c, () =>
    intern(JSON.stringify([c.kubeBench ?? null, c.kubeBench ? '' : [c.checks, c.combine], c.scored])),
  );
}

const results = new WeakMap<NodeBundle, Map<string, ControlResult>>();

function result(ctx: RuleContext, node: NodeBundle, semantics: Semantics): ControlResult {
  const byKey = cached(results, node, () => new Map());
  const key =
    semantics === 'effective' ? `e${keyOf(ctx, 'effective')}` : `k${varsKey(ctx, node)}\u0000${factsKey(ctx.control)}`;
  const out = cached(byKey, key, () =>
    evaluateControl(ctx.benchmark, ctx.section, ctx.control, node, ctx.release, semantics),
  );
  return out.controlId === ctx.control.id ? out : { ...out, controlId: ctx.control.id };
}

/** The effective status only (cheaper: no kube-bench replay). */
export function effectiveOn(ctx: RuleContext, node: NodeBundle): ControlResult {
  return result(ctx, node, 'effective');
}

export function kubeBenchOn(ctx: RuleContext, node: NodeBundle): ControlResult {
  return result(ctx, node, 'kube-bench');
}

/** Both semantics; the kube-bench replay runs only when asked for its verdict. */
export function standing(ctx: RuleContext, node: NodeBundle): Standing {
  const effective = effectiveOn(ctx, node);
  let kb: ControlResult | undefined;
  const kubeBench = () => {
    kb ??= kubeBenchOn(ctx, node);
    return kb;
  };
  return {
    effective,
    effectiveVerdict: verdictOf(effective),
    get kubeBench() {
      return kubeBench();
    },
    get kubeBenchVerdict() {
      return verdictOf(kubeBench());
    },
  };
}

/** A status in words for messages: `FAIL: kube-apiserver --profiling = true (default) (flag default …)`. */
export function statusWords(r: ControlResult): string {
  const failing = r.checks.filter((c) => c.pass === false);
  const shown = failing.length ? failing : r.checks.filter((c) => c.pass === true);
  const why = shown
    .slice(0, 2)
    .map((c) => `${c.subject} = ${c.observed}${c.source ? ` (${c.source})` : ''}`)
    .join('; ');
  return why ? `${r.status}: ${why}` : r.reason ? `${r.status}: ${r.reason}` : r.status;
}

// Answers shared by controls that check the same things, per knowledge, history, release and
// installer. What the components do is all such an answer may depend on; what kube-bench
// reports (the control's own scanner facts) is asked per control, outside it.
type Record_ = Record<string, unknown>;
const sharedMemo = new WeakMap<object, WeakMap<object, WeakMap<object, Map<string, Map<string, Record_>>>>>();

// What a control's checks read, as one short id.
const controlIds = new WeakMap<Control, string>();

/** Whether a shared answer depends on the installer, or holds whatever it is (generic@R's). */
export type Reads = 'effective' | 'effective-any-installer';

// The records a control finds in a release, per installer: the lookup every rule repeats.
interface Slots {
  readonly knowledge: object;
  readonly history: object;
  readonly byInstaller: Map<string, Record_>;
}
const controlSlots = new WeakMap<Control, WeakMap<object, Slots>>();

function recordOf(ctx: RuleContext, reads: Reads): Record_ {
  const byRelease = cached(controlSlots, ctx.control, () => new WeakMap());
  let slots = byRelease.get(ctx.release);
  if (!slots || slots.knowledge !== ctx.knowledge || slots.history !== ctx.history) {
    slots = { knowledge: ctx.knowledge, history: ctx.history, byInstaller: new Map() };
    byRelease.set(ctx.release, slots);
  }
  const installer = reads === 'effective' ? (ctx.installer?.id ?? '') : '\u0000any';
  return cached(slots.byInstaller, installer, () => sharedRecord(ctx, installer));
}

function sharedRecord(ctx: RuleContext, installer: string): Record_ {
  const id = cached(controlIds, ctx.control, () =>
    intern(`${ctx.control.topic ?? ''}\u0000${keyOf(ctx, 'effective')}`),
  );
  const byHistory = cached(sharedMemo, ctx.knowledge, () => new WeakMap());
  const byRelease = cached(byHistory, ctx.history, () => new WeakMap());
  const byInstaller = cached(byRelease, ctx.release, () => new Map());
  const byControl = cached(byInstaller, installer, () => new Map());
  return cached(byControl, id, () => Object.create(null) as Record_);
}

/**
 * A rule's answer for a control, computed once for every control that checks the same things
 * the same way in the same release (and installer, unless `reads` says it holds whatever the
 * installer): recurring controls across benchmark versions share it. The answer must depend
 * only on what the components do, not on kube-bench nor on the control's id (findings are
 * re-stamped with it by `forControl`).
 */
export function sharedByControl<T>(ctx: RuleContext, name: string, compute: () => T, reads: Reads = 'effective'): T {
  const r = recordOf(ctx, reads);
  if (!(name in r)) r[name] = compute();
  return r[name] as T;
}

/** Shared findings with this control's id. */
export function forControl<F extends { controlId: string }>(ctx: RuleContext, findings: readonly F[]): F[] {
  if (!findings.length) return [];
  return findings.map((f) => (f.controlId === ctx.control.id ? f : renamed(f, ctx.control.id)));
}

// A default headline that names the control ("Make recommendation 1.2.5 …") follows the id.
function renamed<F extends { controlId: string }>(f: F, id: string): F {
  const s = (f as Partial<Finding>).suggestion;
  if (!s?.headline || s.headline !== defaultHeadline(f as unknown as Finding, f.controlId))
    return { ...f, controlId: id };
  return { ...f, controlId: id, suggestion: { ...s, headline: defaultHeadline(f as unknown as Finding, id) } };
}

const mayMemo = new WeakMap<Control, Map<string, boolean>>();

/** Whether a rule can have anything to say about a control (a property of the control alone), once per control. */
export function controlMay(ctx: RuleContext, rule: string, test: (control: Control) => boolean): boolean {
  const byRule = cached(mayMemo, ctx.control, () => new Map());
  return cached(byRule, rule, () => test(ctx.control));
}
