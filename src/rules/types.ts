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
   * check: the check that would replace the current one, in words, where one follows.
   */
  readonly suggestion: { action: Action; proposal?: string; headline?: string; check?: string };
}

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
