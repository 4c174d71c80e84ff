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
  if (semantics === 'kube-bench') {
    const replayed = replayControl(replayFor(benchmark, bundle), control, section);
    const withKubectl = kubectlReading(control, section, bundle, release);
    return withKubectl ? { ...replayed, withKubectl } : replayed;
  }
  const ctx: EvalContext = { bundle, release };
  return evaluateEffective(ctx, control, section);
}

/** Does kube-bench's audit of the control query the cluster with kubectl? */
export function readsCluster(control: Control): boolean {
  const kb = control.kubeBench;
  return (
    control.automation !== 'manual' &&
    control.automation !== 'skip' &&
    [kb?.audit, kb?.auditConfig].some((p) => p?.kind === 'kubectl')
  );
}

/**
 * What kube-bench reports on a control whose audit queries the cluster, where its kubectl can read
 * it: the control's checks (read from that audit) on the API objects the bundle holds, each field
 * as written (an unset allowPrivilegeEscalation stays unset, as the audit's jq prints it), the
 * control's allow-list applied, a failure WARN where kube-bench does not score the control.
 * Undefined where the bundle holds no objects or a check is not on API objects it can read.
 */
function kubectlReading(
  control: Control,
  section: Section,
  bundle: NodeBundle,
  release: ReleaseSnapshot,
): ControlResult['withKubectl'] {
  if (!readsCluster(control) || bundle.objects === undefined || !control.checks.length) return undefined;
  const onObjects = control.checks.every((k) =>
    k.subjects.every((s) => s.kind === 'api-object' && s.field && s.resource !== 'SubjectAccessReview'),
  );
  if (!onObjects) return undefined;
  const r = evaluateEffective({ bundle, release, asWritten: true }, control, section);
  if (r.status !== 'PASS' && r.status !== 'FAIL') return undefined;
  const scored = control.kubeBench?.scored ?? control.scored;
  return {
    status: r.status === 'PASS' ? 'PASS' : scored ? 'FAIL' : 'WARN',
    checks: r.checks,
    ...(r.exempted?.length ? { exempted: r.exempted } : {}),
  };
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
  /**
   * `kubectl-reads-cluster`: the difference holds where kube-bench's kubectl can read the cluster
   * (the replay runs its kubectl audits as the kube-bench Job does, whose service account cannot).
   */
  readonly condition?: 'kubectl-reads-cluster';
}

/** The replay's assumption about a kubectl audit, said wherever a status rests on it. */
const forbidden =
  "kube-bench's kubectl audit is replayed as the kube-bench Job runs it, whose service account cannot read the cluster " +
  '(kubectl: Forbidden), so its audit prints no verdict';

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
    if (!k) continue;
    const control = controls.get(e.controlId);
    const w = k.withKubectl;
    // With a kubectl that can read the cluster: kube-bench's status then, in words.
    const working = w
      ? `with a kubectl that can read the cluster, kube-bench would report ${w.status}` +
        (w.status === e.status ? ', as the components give' : '') +
        ` (its audit reads the fields as written: ${w.checks.map((c) => `${c.subject} = ${c.observed}`).join('; ')})`
      : undefined;
    if (k.status !== e.status) {
      const { kind, why } = classify(e, k, control);
      const assumed = control && readsCluster(control) ? `${forbidden}${working ? `; ${working}` : ''}; ` : '';
      out.push({ controlId: e.controlId, kind, effective: e.status, kubeBench: k.status, why: `${assumed}${why}` });
    }
    // The difference a working kubectl would show (a false PASS where the audit counts an unset field compliant).
    if (w && w.status !== e.status && w.status !== k.status) {
      const { kind, why } = classify(e, { ...k, status: w.status, reason: undefined, checks: w.checks }, control);
      out.push({
        controlId: e.controlId,
        kind,
        effective: e.status,
        kubeBench: w.status,
        why: `if kube-bench's kubectl can read the cluster: ${why}`,
        condition: 'kubectl-reads-cluster',
      });
    }
  }
  return out;
}
