// Whether a drafted control keeps its base control's intent: the properties its checks give
// (data/intent.yaml), or, where no property names them, its own checks (the same settings,
// operators and values, or the setting's documented successor). A control made manual keeps
// its title and follows CIS's convention for manual recommendations; no control becomes a
// copy of another. Pure: controls in, what is wrong out.
import type { Control } from '../model/benchmark.js';
import type { Check } from '../model/check.js';
import { checkText } from '../model/check-text.js';
import { subjectKey } from '../model/subject.js';
import type { Category } from '../rules/types.js';
import { inProperty, propertiesOf, readProperties } from './property.js';

/**
 * Findings whose change retires what a check guarded rather than trading it for something else:
 * the setting is gone (removed), the insecure state cannot be configured (obsolete), the control
 * cannot describe a Kubernetes cluster (not-applicable), or a documented successor takes its place
 * (superseded, deprecated).
 */
const retiring: ReadonlySet<Category> = new Set(['removed', 'obsolete', 'not-applicable', 'superseded', 'deprecated']);
/** Findings whose edits only add a place to read or an unset alternative the default meets: they take nothing away. */
const adding: ReadonlySet<Category> = new Set(['config-file-blind', 'default-satisfies']);

const keysOf = (k: Check) => new Set(k.subjects.map(subjectKey));

/** A drafted check that still gives what a base check gave: a shared setting, the same operator and value. */
function keeps(old: Check, now: readonly Check[]): boolean {
  const keys = keysOf(old);
  return now.some((k) => k.op === old.op && k.value === old.value && k.subjects.some((s) => keys.has(subjectKey(s))));
}

/** Do these findings only retire what the control checked (or add a place to read), taking nothing else away? */
export function retiredBy(causes: readonly Category[]): boolean {
  return causes.some((c) => retiring.has(c)) && causes.every((c) => retiring.has(c) || adding.has(c));
}

/** What the base control protects that the drafted one no longer does, in words (empty: all kept). */
export function propertiesLost(base: Control, drafted: Control | undefined, causes: readonly Category[]): string[] {
  if (retiredBy(causes)) return [];
  const had = propertiesOf(base);
  const own = base.checks.filter((k) => k.op !== 'absent' && !inProperty(k));
  const words = (id: string) => readProperties().find((p) => p.id === id)!.statement;
  if (!drafted) return [...had.map(words), ...own.map(checkText)];
  // Made manual with no checks left: a person judges the same recommendation (its title is kept).
  if (!drafted.checks.length && drafted.assessment === 'manual' && drafted.title === base.title) return [];
  const has = new Set(propertiesOf(drafted));
  return [
    ...had.filter((id) => !has.has(id)).map(words),
    ...own.filter((k) => !keeps(k, drafted.checks)).map(checkText),
  ];
}

/**
 * A control the draft made manual: CIS's convention for a manual recommendation, as the shipped
 * benchmarks encode it (cis-1.12: assessment manual, scored false; kube-bench's `type: manual`
 * where no check is left, else its checks still run and a failure is a WARN), under its own title.
 */
export function manualConventionBroken(base: Control, drafted: Control): string | undefined {
  const madeManual =
    (drafted.assessment === 'manual' && base.assessment !== 'manual') ||
    (drafted.automation === 'manual' && base.automation !== 'manual') ||
    (base.checks.length > 0 && !drafted.checks.length && drafted.assessment === 'manual');
  if (!madeManual) return undefined;
  if (drafted.assessment !== 'manual') return 'made manual, but its assessment is not manual';
  if (drafted.scored) return 'made manual, but still scored';
  const automation = drafted.checks.length ? 'run' : 'manual';
  if (drafted.automation !== automation)
    return `made manual with ${drafted.checks.length ? 'checks' : 'no check'} left, but its automation is ${drafted.automation ?? 'unset'}, expected ${automation}`;
  if (!drafted.checks.length && drafted.title !== base.title)
    return `made manual, but its title changed from "${base.title}" to "${drafted.title}"`;
  return undefined;
}

/** What a control checks, as a key: two controls with the same key are copies of each other. */
export function checksKey(c: Pick<Control, 'checks' | 'combine'>): string {
  // Whole subjects: a gate of the kubelet and the same gate of kube-controller-manager are two checks.
  const checks = c.checks
    .map((k) => JSON.stringify({ ...k, subjects: k.subjects.map((s) => JSON.stringify(s)).sort() }))
    .sort();
  return JSON.stringify([checks.length > 1 ? c.combine : 'all', checks]);
}
