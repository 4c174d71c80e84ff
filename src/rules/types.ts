import type { Benchmark, Control, Section } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';
import type { Evidence, ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Knowledge, InstallerProfile } from './knowledge.js';

/** The fixed public vocabulary of finding categories. */
export const categories = [
  'removed',
  'deprecated',
  'config-file-blind',
  'default-satisfies',
  'obsolete',
  'conflict',
  'unsatisfiable',
  'installer-not-default',
  'superseded',
  // The control cannot describe a Kubernetes cluster (CIS Docker Benchmark: swarm, Docker's own daemon once dockershim is gone).
  'not-applicable',
] as const;
export type Category = (typeof categories)[number];

/**
 * Which finding decides a control's proposed change when several apply: what cannot be met
 * outranks what breaks an installer, which outranks a setting that is gone, replaced or
 * going, which outranks how the audit reads it, which outranks a default or a remediation note.
 */
export const precedence: readonly Category[] = [
  'unsatisfiable',
  'conflict',
  'removed',
  'superseded',
  'not-applicable',
  'obsolete',
  'deprecated',
  'config-file-blind',
  'default-satisfies',
  'installer-not-default',
];

export type Action = 'remove' | 'rewrite-audit' | 'accept-default' | 'replace' | 'mark-manual' | 'allow-list';

export interface Finding {
  readonly controlId: string;
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: 'high' | 'medium' | 'low';
  readonly message: string;
  readonly subject: { component?: string; setting: string };
  readonly evidence: Evidence[];
  /**
   * headline: the change in the imperative, as a proposal's title ("Replace the … check with …");
   * check: the check that would replace the current one, in words, where one follows;
   * edit: the same change as data, for `draft` to apply (absent where no edit follows mechanically);
   * installerConfig: for installer-not-default, the installer's configuration file that makes the
   * setting (a kubeadm ClusterConfiguration/KubeletConfiguration), for the remediation text.
   */
  readonly suggestion: {
    action: Action;
    proposal?: string;
    headline?: string;
    check?: string;
    edit?: ControlEdit;
    installerConfig?: string;
  };
}

/**
 * A finding's suggested change to its control, as data. `draft` applies these; rules say
 * which checks they mean by index into the control's `checks` (as the control was read).
 */
export type ControlEdit =
  /** Drop these checks (a removed setting); a control left with none becomes manual or is removed. */
  | { readonly kind: 'drop-checks'; readonly checks: readonly number[]; readonly whenEmpty: 'remove' | 'manual' }
  /** Replace these checks (all of them when absent) with new ones, and how they combine. */
  | {
      readonly kind: 'replace-checks';
      readonly checks?: readonly number[];
      readonly with: readonly Check[];
      readonly combine?: 'all' | 'any';
    }
  /** Add subjects to a check (the config-file field beside a flag: read config-file-first). */
  | { readonly kind: 'add-subjects'; readonly check: number; readonly subjects: readonly Subject[] }
  /** Let an unset setting pass: an `absent` alternative beside the check (combine becomes any). */
  | { readonly kind: 'accept-unset'; readonly check: number }
  /** Exempt named workloads from a workload control. */
  | {
      readonly kind: 'allow-list';
      readonly entries: ReadonlyArray<{ readonly namespace: string; readonly name: string; readonly why: string }>;
    }
  /**
   * The control can only be judged by a person on this release: CIS's manual convention (assessment
   * manual, not scored). Its checks keep running (a failure is then a WARN, as kube-bench reports an
   * unscored check) unless `dropChecks`: they read nothing that exists.
   */
  | { readonly kind: 'mark-manual'; readonly dropChecks?: boolean }
  | { readonly kind: 'remove-control' };

export interface RuleContext {
  readonly benchmark: Benchmark;
  readonly section: Section;
  readonly control: Control;
  readonly release: ReleaseSnapshot;
  /** Every known release, oldest first (for "existed before"). */
  readonly history: readonly ReleaseSnapshot[];
  readonly installer?: InstallerProfile;
  readonly knowledge: Knowledge;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly rationale: string;
  readonly categories: readonly Category[];
  check(ctx: RuleContext): Finding[];
}

export type { Check, Subject };
