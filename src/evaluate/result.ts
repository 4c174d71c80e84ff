// What evaluate returns: per control a status and, per check, what was expected, what
// the node has, and where that comes from.
import type { Status } from '../model/case.js';

export type Semantics = 'effective' | 'kube-bench';
export const semanticsNames: readonly Semantics[] = ['effective', 'kube-bench'];

export interface CheckResult {
  /** What is read: `kubelet authentication.anonymous.enabled`, `kube-apiserver manifest mode`. */
  readonly subject: string;
  readonly expected: string;
  readonly observed: string;
  /** Provenance: `file:line`, a default and its release, or the audit output kube-bench reads. */
  readonly source: string;
  /** null when the node cannot tell (the control is then WARN). */
  readonly pass: boolean | null;
  readonly notes?: readonly string[];
}

export interface ControlResult {
  readonly controlId: string;
  readonly status: Status;
  /** Why the status is what it is when the checks alone do not say it (manual, not run, cannot tell). */
  readonly reason?: string;
  readonly checks: readonly CheckResult[];
  /** Workloads the control's allow-list exempted (namespace/name and where they come from). */
  readonly exempted?: readonly string[];
  /**
   * kube-bench semantics of a kubectl audit: the replay runs it as the kube-bench Job does, whose
   * service account cannot read the cluster (kubectl: Forbidden). This is what kube-bench reports
   * where kubectl can read it: the audit's fields judged as written on the API objects the bundle holds.
   */
  readonly withKubectl?: {
    readonly status: Status;
    readonly checks: readonly CheckResult[];
    readonly exempted?: readonly string[];
  };
}

export interface EvaluationReport {
  readonly benchmark: { readonly id: string; readonly version: string };
  readonly node: { readonly name: string; readonly release: string; readonly installer?: string };
  readonly semantics: Semantics;
  readonly results: readonly ControlResult[];
  readonly summary: Readonly<Record<Status, number>>;
  /** Problems with the bundle that did not make it unusable (each control they touch says so too). */
  readonly warnings?: readonly string[];
}

export function summarize(results: readonly ControlResult[]): Record<Status, number> {
  const s: Record<Status, number> = { PASS: 0, FAIL: 0, WARN: 0, INFO: 0 };
  for (const r of results) s[r.status]++;
  return s;
}
