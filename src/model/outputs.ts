// The shapes of every `--format json` output, as zod schemas: schema/output/<kind>.schema.json is
// generated from them (`npm run data`, src/model/output-schemas.ts) and test/json-output.test.ts
// validates each command's real output against its file. Each names its `kind` and `schemaVersion`;
// the parts other models own (a benchmark, a release snapshot, a review) are held to their top-level
// shape here and left open below it.
import { z } from 'zod';
import { categories } from '../rules/types.js';
import { Benchmark } from './benchmark.js';

const version = z.literal(1);
const envelope = <K extends string>(kind: K) => ({ kind: z.literal(kind), schemaVersion: version });
const open = z.looseObject({});
const release = z.string().regex(/^\d+\.\d+$/);
const benchmarkRef = z.object({ id: z.string(), version: z.string() });
const byCategory = z.record(z.enum(categories), z.number().int().nonnegative());
const evidence = z.looseObject({ kind: z.string(), ref: z.string() });
const factEvidence = { evidence: z.array(evidence), evidenceNote: z.literal('no source recorded').optional() };

export const Finding = z.object({
  controlId: z.string(),
  ruleId: z.string(),
  category: z.enum(categories),
  severity: z.enum(['high', 'medium', 'low']),
  message: z.string(),
  subject: z.object({ component: z.string().optional(), setting: z.string() }),
  evidence: z.array(evidence),
  suggestion: z.looseObject({
    action: z.enum(['remove', 'rewrite-audit', 'accept-default', 'replace', 'mark-manual', 'allow-list']),
    proposal: z.string().optional(),
    headline: z.string().optional(),
    check: z.string().optional(),
    edit: open.optional(),
    installerConfig: z.string().optional(),
  }),
});

// `--since`: the findings that appeared and went away since an earlier release, each with its causes.
const sinceChange = z.object({ finding: Finding, causes: z.array(open) });
const sinceDelta = z.object({ release, appeared: z.array(sinceChange), resolved: z.array(sinceChange) });

export const outputs = {
  'benchmark-list': z.object({
    ...envelope('benchmark-list'),
    benchmarks: z.array(
      z.object({
        id: z.string(),
        version: z.string(),
        variant: z.string(),
        kubernetes: z.array(z.string()),
        docker: z.array(z.string()).optional(),
        controls: z.number().int().nonnegative(),
      }),
    ),
  }),
  // `show`, with or without --control (then the benchmark holds that control only).
  benchmark: z.object({ ...envelope('benchmark'), benchmark: Benchmark }),
  'release-list': z.object({
    ...envelope('release-list'),
    releases: z.array(
      z.object({
        release,
        flags: z.record(z.string(), z.number().int()),
        configKinds: z.number().int(),
        gates: z.number().int(),
        admissionPlugins: z.number().int(),
      }),
    ),
  }),
  // `releases show`: what was asked, and exactly one answer named after what it is.
  release: z
    .object({
      ...envelope('release'),
      release,
      selection: z.object({
        component: z.string().nullable(),
        flag: z.string().nullable(),
        field: z.string().nullable(),
        gate: z.string().nullable(),
      }),
      snapshot: z.looseObject({ release }).optional(),
      component: z.looseObject({ release, component: z.string() }).optional(),
      // Each fact with its evidence (its own, then its family's source); none: [] and evidenceNote says so.
      flags: z.array(z.looseObject({ component: z.string(), name: z.string(), ...factEvidence })).optional(),
      fields: z.array(z.looseObject({ kind: z.string(), path: z.string(), ...factEvidence })).optional(),
      gate: z
        .looseObject({ name: z.string(), locked: z.union([z.boolean(), z.literal('unknown')]), ...factEvidence })
        .optional(),
    })
    .refine(
      (o) => ['snapshot', 'component', 'flags', 'fields', 'gate'].filter((k) => k in o).length === 1,
      'exactly one answer',
    ),
  'release-diff': z.object({
    ...envelope('release-diff'),
    from: z.string(),
    to: z.string(),
    component: z.string().nullable(),
    steps: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        changes: z.array(z.looseObject({ area: z.string(), name: z.string() })),
      }),
    ),
  }),
  check: z.object({
    ...envelope('check'),
    benchmark: benchmarkRef,
    installer: z.string().nullable(),
    releases: z.array(z.string()),
    results: z.array(
      z.object({
        release: z.string(),
        findings: z.array(Finding),
        summary: z.object({
          controls: z.number().int().nonnegative(),
          affected: z.number().int().nonnegative(),
          byCategory,
        }),
        since: sinceDelta.optional(),
      }),
    ),
  }),
  matrix: z.object({
    ...envelope('matrix'),
    releases: z.array(release),
    rows: z.array(
      z.object({
        benchmark: z.string(),
        release,
        targeted: z.boolean(),
        findings: z.number().int().nonnegative(),
        byCategory,
        since: sinceDelta.optional(),
      }),
    ),
  }),
  diff: z.looseObject({
    ...envelope('diff'),
    from: z.looseObject({ id: z.string(), version: z.string() }),
    to: z.looseObject({ id: z.string(), version: z.string() }),
    summary: z.record(z.string(), z.number().int().nonnegative()),
    sections: z.array(open),
    runs: z.array(open),
    added: z.array(open),
    removed: z.array(open),
    splits: z.array(open),
    merges: z.array(open),
    pairs: z.array(z.looseObject({ from: z.string(), to: z.string() })),
    notes: z.array(z.unknown()),
  }),
  // `lineage`: one control's (query) or every shipped control's (query null).
  lineage: z.object({
    ...envelope('lineage'),
    query: z.string().nullable(),
    versions: z.array(z.looseObject({ id: z.string(), version: z.string() })),
    lineages: z.array(
      z.looseObject({
        steps: z.array(z.looseObject({ benchmark: z.string(), id: z.string() })),
        removedIn: z.string().optional(),
      }),
    ),
  }),
  review: z.object({
    ...envelope('review'),
    base: open,
    draft: open,
    installer: z.string().nullable(),
    diff: open,
    evaluation: z.array(open),
    findings: z.array(open),
  }),
  evaluation: z.object({
    ...envelope('evaluation'),
    benchmark: benchmarkRef,
    node: z.looseObject({ name: z.string(), release: z.string() }),
    semantics: z.enum(['effective', 'kube-bench']),
    results: z.array(
      z.looseObject({
        controlId: z.string(),
        status: z.enum(['PASS', 'FAIL', 'WARN', 'INFO']),
        checks: z.array(open),
      }),
    ),
    summary: z.object({ PASS: z.number(), FAIL: z.number(), WARN: z.number(), INFO: z.number() }),
    compare: open.optional(),
    against: open.optional(),
  }),
  'test-cases': z.object({
    ...envelope('test-cases'),
    benchmark: benchmarkRef,
    cases: z.array(
      z.looseObject({
        controlId: z.string(),
        name: z.string(),
        expected: z.string(),
        got: z.string(),
        pass: z.boolean(),
      }),
    ),
    summary: z.object({ cases: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
  }),
} as const;

export type OutputKindName = keyof typeof outputs;
