// The evaluation library (what the staleness rules and propose call rather than re-deriving
// values): pure functions over a loaded benchmark, a node bundle and a release snapshot.
export { applyFragment, runCases } from './cases.js';
export { checkOutcome } from './effective.js';
export {
  compareSemantics,
  type Disagreement,
  type DisagreementKind,
  disagreementKinds,
  evaluateBenchmark,
  evaluateControl,
  type EvaluateOptions,
  type Verdict,
  verdictOf,
} from './evaluate.js';
export type { CheckResult, ControlResult, EvaluationReport, Semantics } from './result.js';
export {
  admissionPlugins,
  componentView,
  type EvalContext,
  gateList,
  resolveGate,
  resolveSetting,
  type Setting,
} from './settings.js';
export { locate } from './subjects/file.js';
export { subjectEvaluators } from './subjects/index.js';
export type { NodeBundle } from '../node/bundle.js';
export { genericNode, kubeadmNode } from '../node/kubeadm.js';
export { parseKubeadmConfig } from '../node/kubeadm-config.js';
export { loadNode, referenceNode } from '../node/reference.js';
