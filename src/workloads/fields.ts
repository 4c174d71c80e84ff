// API-object fields and the releases that have them: which entry of data/workloads.yaml a
// subject names, and the stage of a field (or of Pod Security admission) in one release.
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { gateOf } from '../rules/helpers.js';
import { compareVersions } from '../model/ids.js';
import type { FieldEntry, Stage, WorkloadKnowledge } from './knowledge.js';

/**
 * The part of a field after the last list it iterates:
 * `spec.initContainers[].securityContext.privileged` → `securityContext.privileged`.
 */
export function leafOf(field: string): string {
  const i = field.lastIndexOf('[].');
  return i < 0 ? field : field.slice(i + 3);
}

/** The entry for a field of a kind, by path, alias, or the same last part under another list or the Pod. */
export function fieldEntry(k: WorkloadKnowledge, resource: string, field: string): FieldEntry | undefined {
  const candidates = k.fields.filter((f) => f.resource === resource);
  const leaf = leafOf(field);
  return (
    candidates.find((f) => f.field === field || f.aliases.includes(field)) ??
    // The same setting under another list or at the Pod level (initContainers[], spec.securityContext).
    (field.includes('[].')
      ? candidates.find((f) => leafOf(f.field) === leaf || f.field.endsWith(`.${leaf}`))
      : undefined)
  );
}

export interface StageIn {
  readonly stage: Stage['stage'];
  readonly gate?: string;
  readonly default?: boolean;
  /** Where the stage came from: the release snapshot's gate (the fixtures) or our data. */
  readonly from: 'snapshot' | 'data';
}

/**
 * The stage of a staged feature in a release, or undefined before it exists. A gate the release
 * snapshot lists gives its stage and default there (the fixtures win over our data).
 */
export function stageIn(stages: readonly Stage[], release: ReleaseSnapshot, since?: string): StageIn | undefined {
  const r = release.release;
  const current = [...stages].reverse().find((s) => compareVersions(s.from, r) <= 0);
  if (!current) {
    if (stages.length || (since && compareVersions(since, r) > 0)) return undefined;
    return { stage: 'ga', from: 'data' };
  }
  if (current.gate) {
    const g = gateOf(release, current.gate);
    if (g && g.stage !== 'deprecated') return { stage: g.stage, gate: g.name, default: g.default, from: 'snapshot' };
    return {
      stage: current.stage,
      gate: current.gate,
      ...(current.default !== undefined ? { default: current.default } : {}),
      from: 'data',
    };
  }
  return { stage: current.stage, from: 'data' };
}

export function fieldStage(entry: FieldEntry, release: ReleaseSnapshot): StageIn | undefined {
  if (entry.since && compareVersions(entry.since, release.release) > 0) return undefined;
  return stageIn(entry.stages, release, entry.since);
}

/** "beta, gate UserNamespacesSupport off by default" / "GA". */
export function stageText(s: StageIn): string {
  if (s.stage === 'ga') return 'GA';
  return `${s.stage}${s.gate ? `, feature gate ${s.gate} ${s.default ? 'on' : 'off'} by default` : ''}`;
}

/** Pod Security admission in a release: its stage, or undefined before 1.22. */
export function podSecurityAdmission(k: WorkloadKnowledge, release: ReleaseSnapshot): StageIn | undefined {
  return stageIn(k.podSecurityAdmission.stages, release);
}
