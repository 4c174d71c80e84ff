import type { Check, Subject, SubjectKind } from '../../model/check.js';
import type { EvalContext, Setting } from '../settings.js';

/** What one subject of a check says on a node. */
export interface SubjectOutcome {
  /** The value or state seen, in words (`false`, `not set`, `mode 644`). */
  readonly observed: string;
  /** Where it comes from: `file:line`, "default of KubeletConfiguration in 1.28". */
  readonly source: string;
  /** undefined: cannot be decided on this node (the control is then WARN). */
  readonly pass?: boolean;
  /** The subject does not exist on this node (a component it does not run, a file it lacks): INFO. */
  readonly notApplicable?: boolean;
  readonly notes: readonly string[];
  /** Workloads the control's allow-list exempted from the check. */
  readonly exempted?: readonly string[];
  /** The setting the outcome is about, when it is one (for "X or not set" pairs). */
  readonly setting?: Setting;
}

/** One module per subject kind; a new kind (issue 12's resource kinds) plugs in through the registry. */
export interface SubjectEvaluator<K extends SubjectKind = SubjectKind> {
  readonly kind: K;
  evaluate(ctx: EvalContext, subject: Extract<Subject, { kind: K }>, check: Check): SubjectOutcome;
}
