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

export interface Disagreement {
  readonly controlId: string;
  /** false-fail: the scanner fails what the components do meet; false-pass: the other way round. */
  readonly kind: 'false-fail' | 'false-pass';
  readonly effective: Status;
  readonly kubeBench: Status;
  readonly why: string;
}

function firstFailing(checks: readonly CheckResult[], pass: boolean): CheckResult | undefined {
  return checks.find((c) => c.pass === pass) ?? checks[0];
}

/** Controls where kube-bench's answer differs from what the node's components actually do, and why. */
export function compareSemantics(effective: EvaluationReport, kubeBench: EvaluationReport): Disagreement[] {
  const scanner = new Map(kubeBench.results.map((r) => [r.controlId, r]));
  const out: Disagreement[] = [];
  for (const e of effective.results) {
    const k = scanner.get(e.controlId);
    if (!k) continue;
    const ve = verdictOf(e);
    const vk = verdictOf(k);
    if (ve === 'none' || vk === 'none' || ve === vk) continue;
    const kind = ve === 'pass' ? 'false-fail' : 'false-pass';
    const kc = firstFailing(k.checks, vk === 'pass');
    const ec = firstFailing(e.checks, ve === 'pass');
    const scannerSide = kc
      ? `kube-bench finds ${kc.subject} ${kc.observed === 'not found' ? 'nowhere' : `= ${kc.observed}`} in its ${kc.source}`
      : `kube-bench: ${k.reason ?? k.status}`;
    const nodeSide = ec
      ? `the component runs with ${ec.subject} = ` +
        `${ec.observed}${ec.source ? ` (${ec.source})` : ''}${ec.notes?.length ? `; ${ec.notes.join('; ')}` : ''}`
      : (e.reason ?? e.status);
    out.push({
      controlId: e.controlId,
      kind,
      effective: e.status,
      kubeBench: k.status,
      why: `${scannerSide}; ${nodeSide}`,
    });
  }
  return out;
}
