// Evaluating a benchmark on a node, under either semantics, and where the two disagree.
// Pure: a loaded benchmark, a node bundle (read from a folder or built from knowledge)
// and a release snapshot in; a report out. This is the library the staleness rules call.
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Status } from '../model/case.js';
import type { Benchmark, Control, Section } from '../model/benchmark.js';
import { controlsOf } from '../model/controls.js';
import { compareIds } from '../model/ids.js';
import { formatProblem } from '../model/problem.js';
import type { NodeBundle } from '../node/bundle.js';
import { processesOf } from '../node/processes.js';
import { evaluateEffective } from './effective.js';
import { hostOf } from './kube-bench/host.js';
import { type Replay, replayControl, replayOf } from './kube-bench/replay.js';
import type { CheckResult, ControlResult, EvaluationReport, Semantics } from './result.js';
import { summarize } from './result.js';
import type { EvalContext } from './settings.js';
import { cached } from '../model/memo.js';

/** Per benchmark and node, the kube-bench replay state (variables per target), built once. */
const replays = new WeakMap<Benchmark, WeakMap<NodeBundle, Replay>>();

function replayFor(benchmark: Benchmark, bundle: NodeBundle): Replay {
  const byNode = cached(replays, benchmark, () => new WeakMap());
  return cached(byNode, bundle, () => replayOf(hostOf(bundle), benchmark));
}

/** One control's status on a node under one semantics. */
export function evaluateControl(
  benchmark: Benchmark,
  section: Section,
  control: Control,
  bundle: NodeBundle,
  release: ReleaseSnapshot,
  semantics: Semantics,
): ControlResult {
  if (semantics === 'kube-bench') return replayControl(replayFor(benchmark, bundle), control, section);
  const ctx: EvalContext = { bundle, release };
  return evaluateEffective(ctx, control, section);
}

export interface EvaluateOptions {
  readonly semantics?: Semantics;
  /** Only these controls (ids as written). */
  readonly controls?: readonly string[];
}

/** Every control of a benchmark on a node, in natural id order. */
export function evaluateBenchmark(
  benchmark: Benchmark,
  bundle: NodeBundle,
  release: ReleaseSnapshot,
  options: EvaluateOptions = {},
): EvaluationReport {
  const semantics = options.semantics ?? 'effective';
  const only = options.controls ? new Set(options.controls) : undefined;
  const results = controlsOf(benchmark)
    .filter(({ control }) => !only || only.has(control.id))
    .map(({ control, section }) => evaluateControl(benchmark, section, control, bundle, release, semantics))
    .sort((a, b) => compareIds(a.controlId, b.controlId));
  const warnings = [...bundle.warnings, ...processesOf(bundle).broken.values()].map(formatProblem);
  return {
    benchmark: { id: benchmark.id, version: benchmark.version },
    node: {
      name: bundle.name,
      release: release.release,
      ...(bundle.installer ? { installer: bundle.installer } : {}),
    },
    semantics,
    results,
    summary: summarize(results),
    ...(warnings.length ? { warnings } : {}),
  };
}

export type Verdict = 'pass' | 'fail' | 'none';

/** Whether a status says the control is met, not met, or nothing either way (manual, skipped, cannot tell). */
export function verdictOf(r: ControlResult): Verdict {
  if (r.status === 'PASS') return 'pass';
  if (r.status === 'FAIL') return 'fail';
  // kube-bench turns an unscored failing test (or a failing audit) into WARN.
  if (r.status === 'WARN' && (r.checks.some((c) => c.pass === false) || /audit command fails/.test(r.reason ?? '')))
    return 'fail';
  return 'none';
}

/**
 * Why two statuses differ, from the scanner's side:
 * - false-fail: kube-bench fails what the components meet; false-pass: the other way round;
 * - manual-scoring: kube-bench reports a manual or unscored control as WARN (type manual runs
 *   nothing; a failing check of an unscored control is WARN, not FAIL: kube-bench check/check.go
 *   run), where the components give a PASS, FAIL or INFO;
 * - unknown: one side cannot decide (the node does not say, kube-bench cannot be replayed, or
 *   kube-bench does not run the check here), so which is right is not known.
 */
export type DisagreementKind = 'false-fail' | 'false-pass' | 'manual-scoring' | 'unknown';
export const disagreementKinds: readonly DisagreementKind[] = ['false-fail', 'false-pass', 'manual-scoring', 'unknown'];

export interface Disagreement {
  readonly controlId: string;
  readonly kind: DisagreementKind;
  readonly effective: Status;
  readonly kubeBench: Status;
  readonly why: string;
}

function firstFailing(checks: readonly CheckResult[], pass: boolean): CheckResult | undefined {
  return checks.find((c) => c.pass === pass) ?? checks[0];
}

function scannerWords(k: ControlResult, pass: boolean): string {
  const kc = firstFailing(k.checks, pass);
  if (!kc) return k.reason?.startsWith('kube-bench') ? k.reason : `kube-bench: ${k.reason ?? k.status}`;
  return `kube-bench finds ${kc.subject} ${kc.observed === 'not found' ? 'nowhere' : `= ${kc.observed}`} in its ${kc.source}`;
}

function nodeWords(e: ControlResult, pass: boolean): string {
  const ec = firstFailing(e.checks, pass);
  if (!ec) return e.reason ?? e.status;
  return (
    `the component runs with ${ec.subject} = ` +
    `${ec.observed}${ec.source ? ` (${ec.source})` : ''}${ec.notes?.length ? `; ${ec.notes.join('; ')}` : ''}`
  );
}

/** The kind of a difference between the two statuses of one control, and why. */
function classify(
  e: ControlResult,
  k: ControlResult,
  control: Control | undefined,
): { kind: DisagreementKind; why: string } {
  const ve = verdictOf(e);
  const vk = verdictOf(k);
  const node = nodeWords(e, ve === 'pass');
  if (control?.automation === 'manual')
    return {
      kind: 'manual-scoring',
      why: `kube-bench reports a manual control (type manual) as WARN and runs nothing; ${node}`,
    };
  const unreplayable = /cannot replay|no kube-bench encoding/.test(k.reason ?? '');
  if (e.status === 'WARN' || unreplayable)
    return {
      kind: 'unknown',
      why: `${unreplayable ? (k.reason ?? '') : scannerWords(k, vk === 'pass')}; ${e.status === 'WARN' ? `the node cannot tell: ${e.reason ?? 'a check has no answer'}` : node}`,
    };
  const scored = control ? (control.kubeBench?.scored ?? control.scored) : true;
  if (k.status === 'WARN' && !scored)
    return {
      kind: 'manual-scoring',
      why: `kube-bench does not score the control, so its failing check is WARN, not FAIL (${scannerWords(k, false)}); ${node}`,
    };
  if (k.status === 'INFO')
    return { kind: 'unknown', why: `kube-bench does not run the check here (${k.reason ?? 'skipped'}); ${node}` };
  if (e.status === 'INFO' && vk === 'fail')
    return { kind: 'false-fail', why: `${scannerWords(k, false)}; ${node}: nothing to judge on this node` };
  if (ve === 'pass' && vk === 'fail') return { kind: 'false-fail', why: `${scannerWords(k, false)}; ${node}` };
  if (ve === 'fail' && vk === 'pass') return { kind: 'false-pass', why: `${scannerWords(k, true)}; ${node}` };
  return { kind: 'unknown', why: `${scannerWords(k, vk === 'pass')}; ${node}` };
}

/**
 * Every control whose two statuses differ (kube-bench's replay and what the node's components
 * do), each with its kind and why. The benchmark says which controls are manual or unscored.
 */
export function compareSemantics(
  effective: EvaluationReport,
  kubeBench: EvaluationReport,
  benchmark?: Benchmark,
): Disagreement[] {
  const scanner = new Map(kubeBench.results.map((r) => [r.controlId, r]));
  const controls = new Map(benchmark ? controlsOf(benchmark).map(({ control }) => [control.id, control]) : []);
  const out: Disagreement[] = [];
  for (const e of effective.results) {
    const k = scanner.get(e.controlId);
    if (!k || k.status === e.status) continue;
    const { kind, why } = classify(e, k, controls.get(e.controlId));
    out.push({ controlId: e.controlId, kind, effective: e.status, kubeBench: k.status, why });
  }
  return out;
}
