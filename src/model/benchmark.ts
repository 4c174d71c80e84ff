import { z } from 'zod';
import { Case } from './case.js';
import { Check } from './check.js';
import { KubeBenchBenchmark, KubeBenchControl } from './scanner.js';

export const Target = z.enum(['master', 'node', 'controlplane', 'etcd', 'policies', 'managedservices', 'federated']);
export type Target = z.infer<typeof Target>;

export const Variant = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'a lower-case variant such as generic, eks, gke, openshift');

export const Assessment = z.enum(['automated', 'manual']);
export type Assessment = z.infer<typeof Assessment>;

export const Automation = z.enum(['run', 'manual', 'skip']);
export type Automation = z.infer<typeof Automation>;

export const Position = z.strictObject({ file: z.string(), line: z.number().int().positive() });
export type Position = z.infer<typeof Position>;

export const Control = z.strictObject({
  /** Exactly as written in the source. */
  id: z.string().min(1),
  /** The id the source used when it differs (a duplicate renamed on import). */
  sourceId: z.string().optional(),
  title: z.string(),
  /** True when the title was written by benchwright from the checks (facts-only data). */
  titleGenerated: z.boolean().optional(),
  /** What a check-less (manual) control is about, e.g. pod-host-network (see data/topics.yaml). */
  topic: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'a topic such as pod-host-network')
    .optional(),
  /**
   * CIS's own label for the recommendation, Automated or Manual (the "(Automated)" suffix of its
   * title). Absent where the source does not say: CIS versions before 1.6 labelled Scored / Not
   * Scored instead, and an encoding may drop the suffix. Never inferred from the checks.
   */
  assessment: Assessment.optional(),
  /**
   * What the scanner encoding does with the control (kube-bench's `type`): `run` its audit and
   * tests, report it for a person without running anything (`manual`, a WARN), or `skip` it (INFO).
   * Independent of `assessment`: CIS may call a recommendation Automated that kube-bench leaves
   * manual, and the other way round. Absent: no scanner encoding recorded (export derives one).
   */
  automation: Automation.optional(),
  scored: z.boolean(),
  combine: z.enum(['all', 'any']).default('all'),
  checks: z.array(Check).default([]),
  /**
   * Workloads a control on API objects exempts (the cluster's own: kube-proxy, the CNI's agent),
   * by namespace and Pod name glob, each with why.
   */
  allowList: z
    .array(
      z.strictObject({
        namespace: z.string().min(1),
        name: z.string().min(1),
        why: z.string().optional(),
      }),
    )
    .optional(),
  audit: z.string().optional(),
  auditConfig: z.string().optional(),
  remediation: z.string().optional(),
  /** Where the control came from in the source the file was imported from. */
  source: Position.optional(),
  /** What kube-bench's decision depends on (facts, no audit text), for replaying it. */
  kubeBench: KubeBenchControl.optional(),
  /** Test cases: a node fragment and the status the control must then have. */
  cases: z.array(Case).optional(),
});
export type Control = z.infer<typeof Control>;

export const Section = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  titleGenerated: z.boolean().optional(),
  target: Target,
  controls: z.array(Control),
});
export type Section = z.infer<typeof Section>;

export const Benchmark = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id such as cis-1.4'),
  title: z.string(),
  version: z.string().min(1),
  /** Kubernetes minor releases the benchmark targets, e.g. ["1.13", "1.14"]. */
  kubernetes: z.array(z.string().regex(/^\d+\.\d+$/, 'a Kubernetes minor version such as 1.24')),
  /** Docker Engine releases a CIS Docker Benchmark targets, e.g. ["17.06"] (none for Kubernetes benchmarks). */
  docker: z.array(z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'a Docker release such as 18.09')).optional(),
  variant: Variant,
  source: z.strictObject({ format: z.enum(['kube-bench', 'docker-bench', 'benchwright']), path: z.string() }),
  sections: z.array(Section),
  /** kube-bench's component facts (binaries, file candidates) for replaying its audits. */
  kubeBench: KubeBenchBenchmark.optional(),
});
export type Benchmark = z.infer<typeof Benchmark>;

// In a module without zod, so rules load it without the schemas.
export { controlsOf, type PlacedControl } from './controls.js';
