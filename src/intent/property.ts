// A control's intent: the security property its checks give (data/intent.yaml), so that a drafted
// change can be held to it. Pure once the data is read: a control's checks in, property ids out.
import type { Evidence } from '../k8s/snapshot.js';
import type { Control } from '../model/benchmark.js';
import type { Check } from '../model/check.js';
import { checkText } from '../model/check-text.js';
import { subjectKey } from '../model/subject.js';
import { preparedOrParsed } from '../prepared/read.js';

/** One check an alternative needs: a check reading one of these settings with this operator (and value). */
export interface Term {
  readonly settings: readonly string[];
  readonly op: Check['op'];
  /** Absent: any value. */
  readonly value?: string;
}

export interface Alternative {
  readonly checks: readonly Term[];
  /** What the alternative needs beyond the setting (an approver), said in words. */
  readonly requires?: string;
}

export interface Property {
  readonly id: string;
  readonly statement: string;
  readonly evidence: readonly Evidence[];
  readonly alternatives: readonly Alternative[];
  /** Checks that travel with an alternative (a key file beside its certificate): part of the property. */
  readonly companions?: readonly Term[];
  /**
   * What meeting the property needs elsewhere (another property, in words): a prerequisite the
   * remediation states, not a reason to stop scoring the control.
   */
  readonly precondition?: { readonly property: string; readonly words: string };
}

/** Where a retired setting's property went (data/intent.yaml `moved`). */
export interface Moved {
  readonly settings: readonly string[];
  readonly property: string;
  readonly now: string;
  /** False: no check can read the new place, so a person judges it (the control becomes manual). */
  readonly checkable: boolean;
  /** The setting went with what it guarded against: no cluster of the release can be in that state. */
  readonly gone?: boolean;
  /** What a person checks there, for a control made manual. */
  readonly manual: string;
  readonly evidence: readonly Evidence[];
}

interface RawIntent {
  properties: Record<string, Omit<Property, 'id' | 'evidence'> & { evidence: string[] }>;
  moved: Array<Omit<Moved, 'evidence'> & { evidence: string[] }>;
  evidence: Record<string, Omit<Evidence, 'ref'> & { ref?: string }>;
}

let loaded: { properties: readonly Property[]; moved: readonly Moved[] } | undefined;

function intent(): { properties: readonly Property[]; moved: readonly Moved[] } {
  if (!loaded) {
    const raw = preparedOrParsed<RawIntent>('data/intent.yaml');
    const resolve = (owner: string, names: readonly string[]): Evidence[] =>
      names.map((name) => {
        const e = raw.evidence[name];
        if (!e) throw new Error(`data/intent.yaml: ${owner} names evidence ${name}, which is not listed`);
        return { ref: name, ...e };
      });
    const properties = Object.entries(raw.properties).map(([id, p]) => ({
      ...p,
      id,
      evidence: resolve(`property ${id}`, p.evidence),
    }));
    for (const p of properties)
      if (p.precondition && !properties.some((q) => q.id === p.precondition!.property))
        throw new Error(`data/intent.yaml: property ${p.id} needs ${p.precondition.property}, which is not listed`);
    const moved = (raw.moved ?? []).map((m) => ({ ...m, evidence: resolve(`moved ${m.settings[0]}`, m.evidence) }));
    loaded = { properties, moved };
  }
  return loaded;
}

/** The properties of data/intent.yaml, each with its evidence resolved (an unknown name is a bug in the data). */
export function readProperties(): readonly Property[] {
  return intent().properties;
}

/** Where the property of a retired setting (a subject key) went, if anything is on record. */
export function movedFrom(key: string): Moved | undefined {
  return intent().moved.find((m) => m.settings.includes(key));
}

/** Every entry of `moved`. */
export function readMoved(): readonly Moved[] {
  return intent().moved;
}

function termMatches(t: Term, k: Check): boolean {
  return (
    k.op === t.op &&
    (t.value === undefined || k.value === t.value) &&
    k.subjects.some((s) => t.settings.includes(subjectKey(s)))
  );
}

/** Does this set of checks (all of which hold) give the alternative? */
function givenBy(checks: readonly Check[], a: Alternative): boolean {
  return a.checks.every((t) => checks.some((k) => termMatches(t, k)));
}

/**
 * `absent` checks beside another check on the same setting are "X, or not set, which leaves
 * the default": the default meets X (default-satisfies), so they add no way around X.
 */
function alternativesOfDefault(control: Pick<Control, 'checks' | 'combine'>): Set<Check> {
  const out = new Set<Check>();
  if (control.combine !== 'any') return out;
  for (const a of control.checks) {
    if (a.op !== 'absent') continue;
    const keys = new Set(a.subjects.map(subjectKey));
    // An unset --feature-gates leaves every gate at its default: the default alternative of a gate check.
    const gates = a.subjects.flatMap((s) => (s.kind === 'flag' && s.flag === '--feature-gates' ? [s.component] : []));
    const sameSetting = (b: Check) =>
      b.subjects.some((s) => keys.has(subjectKey(s)) || (s.kind === 'feature-gate' && gates.includes(s.component)));
    if (control.checks.some((b) => b !== a && b.op !== 'absent' && sameSetting(b))) out.add(a);
  }
  return out;
}

/** The alternative of a property a control's checks give, if any. */
export function alternativeGiven(
  control: Pick<Control, 'checks' | 'combine'>,
  p: Property,
): { alternative: Alternative; index: number } | undefined {
  const live = control.checks.filter((k) => !alternativesOfDefault(control).has(k));
  if (!live.length) return undefined;
  const find = (checks: readonly Check[]) => {
    const index = p.alternatives.findIndex((a) => givenBy(checks, a));
    return index < 0 ? undefined : { alternative: p.alternatives[index], index };
  };
  if (control.combine !== 'any' || live.length === 1) return find(live);
  // Any one check may be the one that passes: each must give the property alone.
  const each = live.map((k) => find([k]));
  return each.every(Boolean) ? each[0] : undefined;
}

/** The ids of the properties a control's checks give. */
export function propertiesOf(control: Pick<Control, 'checks' | 'combine'>): string[] {
  return readProperties()
    .filter((p) => alternativeGiven(control, p))
    .map((p) => p.id);
}

/** Does a check take part in giving one of the properties (then its own fingerprint is not the property)? */
export function inProperty(k: Check): boolean {
  return readProperties().some(
    (p) =>
      p.alternatives.some((a) => a.checks.some((t) => termMatches(t, k))) ||
      (p.companions ?? []).some((t) => termMatches(t, k)),
  );
}

/**
 * What a drafted control's new checks need beyond their settings: for each check the draft added
 * that alone gives an alternative with a `requires` (serverTLSBootstrap: an approver), the
 * property's statement of the need, so the remediation says it where the check is introduced.
 */
export function requirementsAdded(
  base: Pick<Control, 'checks'>,
  drafted: Pick<Control, 'checks'>,
): Array<{ check: string; requires: string }> {
  const had = new Set(base.checks.map((k) => JSON.stringify(k)));
  const out: Array<{ check: string; requires: string }> = [];
  for (const k of drafted.checks) {
    if (had.has(JSON.stringify(k))) continue;
    for (const p of readProperties())
      for (const a of p.alternatives)
        if (a.requires && givenBy([k], a) && !out.some((x) => x.requires === a.requires))
          out.push({ check: checkText(k), requires: a.requires });
  }
  return out;
}
