// Applying findings to a benchmark as its author would: each accepted finding's suggested
// change (its ControlEdit, or the edit that follows from its action and category alone)
// applied to the control's checks, every change remembered with the findings that asked
// for it. Pure: the benchmark, the check reports and the release snapshots in; the drafted
// benchmark and what changed out.
import { encodeControl, factsOf } from '../export/kube-bench/encode.js';
import { generatedTitle } from '../ingest/titles.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark, Control, Section } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';
import { compareIds, compareText } from '../model/ids.js';
import { subjectLabel } from '../model/subject.js';
import type { CheckReport } from '../rules/check.js';
import { isReleaseComponent, setting } from '../rules/helpers.js';
import type { Category, ControlEdit, Finding } from '../rules/types.js';
import { cached } from '../model/memo.js';
import { checksKey, propertiesLost, retiredBy } from '../intent/kept.js';
import {
  alternativeGiven,
  movedFrom,
  type Moved,
  propertiesOf,
  readProperties,
  requirementsAdded,
} from '../intent/property.js';
import { subjectKey } from '../model/subject.js';

/** The finding a change answers: rule, category and release, as the draft's comments name it. */
export interface Cause {
  readonly ruleId: string;
  readonly category: Category;
  readonly release: string;
}

/** One change to one control, in words, with every finding that asked for it. */
export interface Change {
  /** The control's id in the base benchmark, and its section's. */
  readonly controlId: string;
  readonly section: string;
  readonly kind: ControlEdit['kind'] | 'renumber';
  readonly words: string;
  readonly causes: Cause[];
  /** The check (index in the drafted control) the change is about; absent: the whole control. */
  check?: number;
}

/** A finding the draft did not apply, and why. */
export interface Skipped {
  readonly controlId: string;
  readonly cause: Cause;
  readonly why: string;
}

export interface DraftOptions {
  /** Categories whose suggestions are applied (default: every category). */
  readonly accept?: readonly Category[];
  /** Renumber the controls of each section after removals (1.2.4 becomes 1.2.3). */
  readonly renumber?: boolean;
}

export interface Drafted {
  readonly benchmark: Benchmark;
  readonly changes: Change[];
  readonly skipped: Skipped[];
  /** Base control id → drafted id (absent: removed). */
  readonly ids: ReadonlyMap<string, string>;
}

const causeOf = (f: Finding, release: string): Cause => ({ ruleId: f.ruleId, category: f.category, release });

const sameSubject = (a: Subject, b: Subject) => JSON.stringify(a) === JSON.stringify(b);

/** A check as it is being drafted: where it came from, whether it is dropped, the changes made to it. */
interface Slot {
  check: Check;
  from?: number;
  dropped?: boolean;
  notes: Change[];
}

/** A control as it is being drafted. */
class Working {
  slots: Slot[];
  combine: Control['combine'];
  removed = false;
  manual = false;
  whenEmpty: 'remove' | 'manual' | undefined;
  allowList: NonNullable<Control['allowList']>;
  readonly notes: Change[] = [];
  /** Our words for the remediation (a prerequisite, what a person checks), in order, once each. */
  readonly remedy: string[] = [];

  constructor(
    readonly control: Control,
    readonly section: string,
  ) {
    this.slots = control.checks.map((check, from) => ({ check, from, notes: [] }));
    this.combine = control.combine;
    this.allowList = [...(control.allowList ?? [])];
  }

  slot(i: number): Slot | undefined {
    return this.slots.find((s) => s.from === i && !s.dropped);
  }

  live(): Slot[] {
    return this.slots.filter((s) => !s.dropped);
  }

  /** Record a change once per effect: the same words from another release add that release as a cause. */
  note(into: Change[], kind: Change['kind'], words: string, cause: Cause): void {
    const same = into.find((c) => c.words === words);
    if (same) {
      if (!same.causes.some((c) => JSON.stringify(c) === JSON.stringify(cause))) same.causes.push(cause);
    } else into.push({ controlId: this.control.id, section: this.section, kind, words, causes: [cause] });
  }
}

function checkWords(k: Check): string {
  const value = k.value !== undefined && k.op !== 'present' && k.op !== 'absent' ? ` ${k.value}` : '';
  return `${k.subjects.map(subjectLabel).join(' | ')} ${k.op}${value}`;
}

/** Apply one edit; returns why it could not be applied, if it could not. */
function apply(w: Working, edit: ControlEdit, cause: Cause): string | undefined {
  switch (edit.kind) {
    case 'remove-control':
      w.removed = true;
      w.note(w.notes, edit.kind, 'removed the control', cause);
      return undefined;
    case 'mark-manual': {
      if (!edit.dropChecks && w.control.assessment === 'manual' && !w.control.scored)
        return 'the control is manual and not scored already';
      // A property whose prerequisite the cluster lacks (kubelets serving CA-signed certificates) stays
      // scored where it is met: the prerequisite goes into the remediation instead (data/intent.yaml).
      const pre = edit.dropChecks ? undefined : preconditionOf(w.control);
      if (pre) {
        if (!w.remedy.includes(pre.words)) w.remedy.push(pre.words);
        w.note(
          w.notes,
          edit.kind,
          `kept automated and scored, not made manual: what the finding says the cluster lacks is a prerequisite ` +
            `(${pre.property}), written into the remediation`,
          cause,
        );
        return undefined;
      }
      // The checks keep running unless they read nothing that exists: a failure is then a WARN.
      const live = edit.dropChecks ? w.live() : [];
      for (const s of live) s.dropped = true;
      w.manual = true;
      w.note(
        w.notes,
        edit.kind,
        `marked manual (assessment manual, not scored): a person judges it` +
          (live.length
            ? `; dropped ${live.map((s) => checkWords(s.check)).join('; ')}`
            : w.live().length
              ? '; its checks still run, and a failure is a WARN'
              : ''),
        cause,
      );
      return undefined;
    }
    case 'drop-checks': {
      const slots = edit.checks.map((i) => w.slot(i)).filter((s): s is Slot => Boolean(s));
      if (!slots.length) return 'the checks it names are gone already or do not exist';
      for (const s of slots) s.dropped = true;
      w.whenEmpty = w.whenEmpty === 'manual' ? 'manual' : edit.whenEmpty;
      w.note(w.notes, edit.kind, `dropped ${slots.map((s) => checkWords(s.check)).join('; ')}`, cause);
      return undefined;
    }
    case 'replace-checks': {
      const targets = edit.checks ? edit.checks.map((i) => w.slot(i)).filter((s): s is Slot => Boolean(s)) : w.live();
      if (edit.checks && !targets.length) return 'the checks it replaces are gone already or do not exist';
      // The same replacement asked again (another release's finding): one more cause of the change made.
      const identical =
        targets.length > 0 &&
        targets.length === edit.with.length &&
        targets.every((t, i) => JSON.stringify(t.check) === JSON.stringify(edit.with[i])) &&
        (!edit.combine || edit.combine === w.combine);
      if (identical) {
        for (const t of targets) for (const n of [...t.notes]) w.note(t.notes, n.kind, n.words, cause);
        return undefined;
      }
      const at = targets.length ? w.slots.indexOf(targets[0]) : w.slots.length;
      for (const s of targets) s.dropped = true;
      const fresh: Slot[] = edit.with.map((check) => ({ check, notes: [] }));
      w.slots.splice(at, 0, ...fresh);
      if (edit.combine) w.combine = edit.combine;
      const was = targets.map((s) => checkWords(s.check)).join('; ');
      // The same checks reading fewer places (a removed flag beside its config field) say which they stopped reading.
      const narrowed =
        targets.length > 0 &&
        targets.length === edit.with.length &&
        targets.every((old, i) => {
          const now = edit.with[i];
          return (
            now.op === old.check.op &&
            now.value === old.check.value &&
            now.subjects.every((x) => old.check.subjects.some((y) => sameSubject(x, y)))
          );
        });
      if (narrowed) {
        const gone = new Map<string, string>();
        targets.forEach((old, i) => {
          for (const y of old.check.subjects)
            if (!edit.with[i].subjects.some((x) => sameSubject(x, y))) gone.set(subjectLabel(y), subjectLabel(y));
        });
        w.note(fresh[0].notes, edit.kind, `no longer reads ${[...gone.values()].join(', ')}`, cause);
        return undefined;
      }
      if (fresh.length) {
        const how = fresh.length > 1 ? ` (${edit.combine ?? w.combine} of them)` : '';
        const words = was
          ? `replaced ${was} with ${fresh.length > 1 ? `these ${fresh.length} checks${how}` : 'this check'}`
          : `added ${fresh.length > 1 ? `these ${fresh.length} checks${how}` : 'this check'}`;
        w.note(fresh[0].notes, edit.kind, words, cause);
      }
      if (!fresh.length) w.note(w.notes, edit.kind, `dropped ${was}`, cause);
      return undefined;
    }
    case 'add-subjects': {
      const s = w.slot(edit.check);
      if (!s) return 'the check it extends is gone or does not exist';
      const added = edit.subjects.filter((x) => !s.check.subjects.some((y) => sameSubject(x, y)));
      const words = `also read ${edit.subjects.map(subjectLabel).join(', ')}`;
      // Added already by this draft (another release asked too): that release is one more cause.
      if (!added.length) {
        if (s.notes.some((n) => n.words === words)) w.note(s.notes, edit.kind, words, cause);
        return undefined;
      }
      // Config file first: a new config field goes before the flag it stands beside.
      const config = added.filter((x) => x.kind === 'config');
      const rest = added.filter((x) => x.kind !== 'config');
      s.check = { ...s.check, subjects: [...config, ...s.check.subjects, ...rest] };
      w.note(s.notes, edit.kind, words, cause);
      return undefined;
    }
    case 'accept-unset': {
      const s = w.slot(edit.check);
      if (!s) return 'the check it relaxes is gone or does not exist';
      const others = w.live().filter((x) => x !== s && x.check.op !== 'absent');
      if (w.combine === 'all' && others.length)
        return "an unset alternative would relax the control's other checks too (they must all pass)";
      const keys = new Set(s.check.subjects.map((x) => JSON.stringify(x)));
      const exists = w
        .live()
        .find((x) => x.check.op === 'absent' && x.check.subjects.some((y) => keys.has(JSON.stringify(y))));
      const words = `passes when ${s.check.subjects.map(subjectLabel).join(' | ')} is not set`;
      if (exists) {
        if (exists.notes.some((n) => n.words === words)) w.note(exists.notes, edit.kind, words, cause);
        return undefined;
      }
      const alt: Slot = { check: { subjects: [...s.check.subjects], op: 'absent' }, notes: [] };
      w.slots.splice(w.slots.indexOf(s) + 1, 0, alt);
      w.combine = 'any';
      w.note(alt.notes, edit.kind, words, cause);
      return undefined;
    }
    case 'allow-list': {
      // An exemption names the workloads known to need it; a whole namespace exempts whatever runs there.
      const whole = edit.entries.filter((e) => /^\*+$/.test(e.name));
      const named = edit.entries.filter((e) => !whole.includes(e));
      if (whole.length && !named.length)
        return `${whole.map((e) => `${e.namespace}/${e.name}`).join(', ')} names a whole namespace, not the workloads that need the exemption`;
      const added = named.filter((e) => !w.allowList.some((x) => x.namespace === e.namespace && x.name === e.name));
      w.allowList.push(
        ...added.map((e) => ({ namespace: e.namespace, name: e.name, ...(e.why ? { why: e.why } : {}) })),
      );
      const words = `exempts ${named.map((e) => `${e.namespace}/${e.name}`).join(', ')}`;
      if (added.length || w.notes.some((n) => n.words === words)) w.note(w.notes, edit.kind, words, cause);
      return whole.length
        ? `${whole.map((e) => `${e.namespace}/${e.name}`).join(', ')} names a whole namespace, not the workloads that need the exemption`
        : undefined;
    }
  }
}

/** The prerequisite of a property the control gives (data/intent.yaml `precondition`), in words. */
function preconditionOf(c: Control): { property: string; words: string } | undefined {
  const ids = new Set(propertiesOf(c));
  const p = readProperties().find((x) => ids.has(x.id) && x.precondition);
  return p?.precondition;
}

/**
 * What a person checks for a control made manual that still has checks: the statement of each
 * property its checks give, with what the alternative needs beyond the setting (an approver).
 */
function manualWords(c: Control): string[] {
  return readProperties().flatMap((p) => {
    const given = alternativeGiven(c, p);
    if (!given) return [];
    return [
      `A person checks that ${lower(p.statement)}${given.alternative.requires ? ` It needs ${given.alternative.requires}.` : ''}`,
    ];
  });
}

/** The settings of `keys` (subject keys: flag:<component>:<flag>, config:<component>:<field>) a title names. */
function titleNames(title: string, keys: readonly string[]): string[] {
  const named = keys.flatMap((k) => {
    const [, component, ...rest] = k.split(':');
    const name = rest.join(':');
    return name && title.includes(name) ? [`${component} ${name}`] : [];
  });
  return [...new Set(named)];
}

const lower = (x: string) => x.charAt(0).toLowerCase() + x.slice(1);

/** Our words first, then the control's own remediation where it has one. */
function withRemedy(c: Control, words: readonly string[]): Control {
  const ours = [...new Set(words)];
  if (!ours.length) return c;
  return { ...c, remediation: [...ours, ...(c.remediation ? [c.remediation] : [])].join('\n\n') };
}

/** The subjects of a control that name the finding's setting. */
function matches(f: Finding, s: Subject): boolean {
  const x = setting(s);
  return x.setting === f.subject.setting && (f.subject.component === undefined || x.component === f.subject.component);
}

/**
 * The edit a finding asks for: its own, else the one its category and action imply without
 * judgement (a removed setting's subjects dropped, a config field read beside a flag the release
 * lets come from the config file, an unset setting accepted where the default meets the control,
 * a check on a state the release no longer allows dropped). Undefined: nothing follows mechanically.
 */
export function editOf(f: Finding, control: Control, release: ReleaseSnapshot | undefined): ControlEdit[] | string {
  if (f.suggestion.edit) return [f.suggestion.edit];
  const hit = control.checks.flatMap((k, i) => (k.subjects.some((s) => matches(f, s)) ? [i] : []));
  const { action } = f.suggestion;
  if ((f.category === 'removed' || f.category === 'obsolete') && action === 'remove') {
    if (!hit.length) return 'no check reads the setting it names';
    // A check that reads the setting in another place too keeps that place; one left with nothing is dropped.
    const edits: ControlEdit[] = [];
    const drop = hit.filter((i) => control.checks[i].subjects.every((s) => matches(f, s)));
    const keep = hit.filter((i) => !drop.includes(i));
    if (keep.length)
      for (const i of keep)
        edits.push({
          kind: 'replace-checks',
          checks: [i],
          with: [{ ...control.checks[i], subjects: control.checks[i].subjects.filter((s) => !matches(f, s)) }],
        });
    if (drop.length)
      edits.push({ kind: 'drop-checks', checks: drop, whenEmpty: f.category === 'removed' ? 'manual' : 'remove' });
    return edits;
  }
  if ((f.category === 'config-file-blind' || f.category === 'deprecated') && action === 'rewrite-audit') {
    const edits: ControlEdit[] = [];
    if (hit.length && hit.every((i) => control.checks[i].subjects.some((s) => s.kind === 'config')))
      return 'the check reads the config file field already';
    for (const i of hit) {
      const k = control.checks[i];
      if (k.subjects.some((s) => s.kind === 'config')) continue;
      for (const s of k.subjects) {
        if (s.kind !== 'flag' || !matches(f, s) || !isReleaseComponent(s.component)) continue;
        const field = release?.flagFields[s.component]?.[s.flag.replace(/^--?/, '')];
        if (field)
          edits.push({
            kind: 'add-subjects',
            check: i,
            subjects: [{ kind: 'config', component: s.component, path: field }],
          });
      }
    }
    return edits.length ? edits : 'no config file field for the flag in this release';
  }
  if (f.category === 'default-satisfies' && action === 'accept-default') {
    const i = hit.find((j) => control.checks[j].op !== 'absent');
    return i === undefined ? 'no check reads the setting it names' : [{ kind: 'accept-unset', check: i }];
  }
  return `no change to the checks follows from ${action} alone`;
}

/** Renumber a section's controls 1.2.1, 1.2.2, … when every id there is `<section>.<n>`. */
function renumbered(s: Section): Map<string, string> {
  const out = new Map<string, string>();
  const prefix = `${s.id}.`;
  if (!s.controls.every((c) => c.id.startsWith(prefix) && /^\d+$/.test(c.id.slice(prefix.length)))) return out;
  s.controls.forEach((c, i) => {
    const id = `${prefix}${i + 1}`;
    if (id !== c.id) out.set(c.id, id);
  });
  return out;
}

export function draftBenchmark(
  base: Benchmark,
  reports: readonly CheckReport[],
  releases: readonly ReleaseSnapshot[],
  options: DraftOptions = {},
): Drafted {
  const accept = options.accept ? new Set(options.accept) : undefined;
  const byId = new Map<string, Working>();
  const skipped: Skipped[] = [];
  const releaseOf = new Map(releases.map((r) => [r.release, r]));
  const controls = new Map(base.sections.flatMap((s) => s.controls.map((c) => [c.id, { c, s }] as const)));
  // Findings in a fixed order: control, release, rule, category.
  const all = reports
    .flatMap((r) => r.findings.map((f) => ({ f, release: r.release })))
    .sort(
      (a, b) =>
        compareIds(a.f.controlId, b.f.controlId) ||
        compareIds(a.release, b.release) ||
        compareText(a.f.ruleId, b.f.ruleId) ||
        compareText(a.f.category, b.f.category) ||
        compareText(a.f.subject.setting, b.f.subject.setting),
    );
  for (const { f, release } of all) {
    const placed = controls.get(f.controlId);
    if (!placed) continue;
    const control = placed.c;
    const cause = causeOf(f, release);
    if (accept && !accept.has(f.category)) {
      skipped.push({ controlId: f.controlId, cause, why: 'category not accepted' });
      continue;
    }
    const edits = editOf(f, control, releaseOf.get(release));
    if (typeof edits === 'string') {
      skipped.push({ controlId: f.controlId, cause, why: edits });
      continue;
    }
    const w = cached(byId, control.id, () => new Working(control, placed.s.id));
    for (const e of edits) {
      const why = apply(w, e, cause);
      if (why) skipped.push({ controlId: f.controlId, cause, why });
    }
  }

  // Each touched control drafted on its own first: removed (undefined) or its new form, and what changed.
  interface Outcome {
    readonly drafted: Control | undefined;
    readonly notes: Change[];
    /** The causes of the change, for "removed" comments and for what the intent allows. */
    readonly causes: Cause[];
  }
  const outcomes = new Map<string, Outcome>();
  for (const s of base.sections)
    for (const c of s.controls) {
      const w = byId.get(c.id);
      if (!w) continue;
      const causes = [...w.notes, ...w.slots.flatMap((x) => x.notes)].flatMap((n) => n.causes);
      const first = causes.slice(0, 1);
      // Settings a retiring finding takes away: where their property went (data/intent.yaml `moved`),
      // or that nothing on record says so. A property no check can read in its new place keeps the
      // control, manual, rather than losing it silently.
      const kept = new Set(w.live().flatMap((x) => x.check.subjects.map(subjectKey)));
      const dropped = [...new Set(c.checks.flatMap((k) => k.subjects.map(subjectKey)))].filter(
        (k) => w.removed || !kept.has(k),
      );
      const retired = dropped.length > 0 && retiredBy(causes.map((x) => x.category));
      const moved = retired ? [...new Set(dropped.map(movedFrom).filter((m): m is Moved => m !== undefined))] : [];
      const whereWent = !retired
        ? ''
        : moved.length
          ? moved
              .map((m) =>
                m.gone
                  ? `; what it guarded against is gone: ${m.now}`
                  : `; its property (${lower(m.property).replace(/\.$/, '')}) now lies with ${m.now}`,
              )
              .join('')
          : '; nothing on record says where its property went';
      const toManual = moved.some((m) => !m.checkable);
      if (toManual)
        for (const m of moved) {
          // The control keeps its title (CIS's convention for a manual recommendation), which still names
          // the retired setting: the remediation says first that the title's setting no longer governs it.
          const named = titleNames(c.title, m.settings);
          const lead = named.length
            ? `The title keeps the recommendation's wording, but ${named.join(' / ')} no longer governs it; what it protects (${lower(m.property).replace(/\.$/, '')}) now lies with ${m.now}.`
            : undefined;
          for (const x of [lead, m.manual]) if (x && !w.remedy.includes(x)) w.remedy.push(x);
        }
      if (
        (w.removed || (c.checks.length > 0 && !w.live().length && !w.manual && w.whenEmpty === 'remove')) &&
        toManual
      ) {
        // Not removed: its checks read a setting with no effect, the property is judged where it went.
        for (const x of w.live()) x.dropped = true;
        w.removed = false;
        const removal = w.notes.filter((n) => n.kind === 'remove-control');
        for (const n of removal) w.notes.splice(w.notes.indexOf(n), 1);
        w.manual = true;
        w.notes.push({
          controlId: c.id,
          section: s.id,
          kind: 'mark-manual',
          words: `marked manual (assessment manual, not scored): no check is left${whereWent}, which no check reads: a person judges it there`,
          causes: first,
        });
      } else if (retired && !w.removed && w.live().length) {
        // The notes of the edits that took settings away say where their property went.
        const tell = (n: Change): Change =>
          (n.kind === 'drop-checks' || n.kind === 'replace-checks') && !n.words.includes(whereWent)
            ? { ...n, words: `${n.words}${whereWent}` }
            : n;
        w.notes.splice(0, w.notes.length, ...w.notes.map(tell));
        for (const x of w.live()) x.notes = x.notes.map(tell);
      }
      const live = w.live();
      const emptied = c.checks.length > 0 && !live.length && !w.manual;
      if (w.removed || (emptied && w.whenEmpty === 'remove')) {
        const notes = [...w.notes];
        if (!w.removed)
          notes.push({
            controlId: c.id,
            section: s.id,
            kind: 'remove-control',
            words: `removed the control: no check is left${whereWent}`,
            causes: w.notes.flatMap((n) => n.causes).slice(0, 1),
          });
        else
          for (const [i, n] of notes.entries())
            if (n.kind === 'remove-control') notes[i] = { ...n, words: `${n.words}${whereWent}` };
        outcomes.set(c.id, { drafted: undefined, notes, causes });
        continue;
      }
      const manual = w.manual || emptied;
      if (emptied)
        w.notes.push({
          controlId: c.id,
          section: s.id,
          kind: 'mark-manual',
          words: `marked manual (assessment manual, not scored): no check is left, a person judges it${whereWent}`,
          causes: w.notes.flatMap((n) => n.causes).slice(0, 1),
        });
      const checks = live.map((x) => x.check);
      const drafted: Control = {
        ...c,
        // CIS's convention for a manual recommendation: assessment manual and not scored; kube-bench
        // runs a check that is left (a failure is then a WARN) and reports one with none as `type: manual`.
        ...(manual
          ? {
              assessment: 'manual' as const,
              automation: checks.length ? ('run' as const) : ('manual' as const),
              scored: false,
            }
          : {}),
        combine: checks.length > 1 ? w.combine : 'all',
        checks,
        ...(w.allowList.length ? { allowList: w.allowList } : {}),
      };
      // "Audit explains": a control made manual says what a person checks, in our words.
      const remedy = [
        ...w.remedy,
        ...(manual && c.assessment !== 'manual' && checks.length ? manualWords(c) : []),
        // A check the draft introduces that needs more than its setting (serverTLSBootstrap: an approver) says so.
        ...requirementsAdded(c, { checks }).map(
          (x) => `Where the control is met by “${x.check}”, that needs ${x.requires}.`,
        ),
      ];
      Object.assign(drafted, withRemedy(drafted, remedy));
      const notes = [...w.notes, ...live.flatMap((x, i) => x.notes.map((n) => ({ ...n, check: i })))];
      // Edits that changed nothing (a field already read, an alternative already there) leave the control as it was.
      if (!notes.length) continue;
      const same = JSON.stringify(checks) === JSON.stringify(c.checks) && drafted.combine === c.combine;
      // A control left with no check keeps its title: a person judges the same recommendation.
      if (!same && c.titleGenerated && checks.length) drafted.title = generatedTitle(drafted, s);
      const out = same ? withScoring(drafted) : withFacts(drafted, s, base);
      outcomes.set(c.id, { drafted: out, notes, causes });
    }

  // The intent is kept: no control loses its property (data/intent.yaml) and none becomes a copy of
  // another; a change that would is not drafted, and each finding behind it is listed with why.
  const revert = (id: string, why: string) => {
    const o = outcomes.get(id)!;
    const seen = new Set<string>();
    for (const cause of o.causes) {
      const key = JSON.stringify(cause);
      if (seen.has(key)) continue;
      seen.add(key);
      skipped.push({ controlId: id, cause, why });
    }
    outcomes.delete(id);
  };
  for (const [id, o] of [...outcomes]) {
    const c = controls.get(id)!.c;
    const lost = propertiesLost(
      c,
      o.drafted,
      o.causes.map((x) => x.category),
    );
    if (lost.length) revert(id, `it would lose what the control protects: ${lost.join('; ')}`);
  }
  const keyOf = new Map<string, string>();
  for (const s of base.sections)
    for (const c of s.controls) {
      const o = outcomes.get(c.id);
      const now = o ? o.drafted : c;
      if (now?.checks.length) keyOf.set(c.id, checksKey(now));
    }
  for (const [id, o] of [...outcomes]) {
    if (!o.drafted?.checks.length) continue;
    const c = controls.get(id)!.c;
    if (checksKey(c) === checksKey(o.drafted)) continue;
    const key = checksKey(o.drafted);
    const twin = [...keyOf].find(([other, k]) => other !== id && k === key);
    if (twin) revert(id, `it would make the control a copy of ${twin[0]}`);
  }

  const changes: Change[] = [];
  const removedIn = new Map<string, Cause[]>();
  const sections: Section[] = base.sections.map((s) => ({
    ...s,
    controls: s.controls.flatMap((c): Control[] => {
      const o = outcomes.get(c.id);
      if (!o) return [c];
      changes.push(...o.notes);
      if (!o.drafted) {
        removedIn.set(s.id, [...(removedIn.get(s.id) ?? []), ...o.causes.slice(0, 1)]);
        return [];
      }
      return [o.drafted];
    }),
  }));

  const ids = new Map<string, string>();
  for (const s of sections) for (const c of s.controls) ids.set(c.id, c.id);
  if (options.renumber)
    for (const s of sections) {
      const moved = renumbered(s);
      s.controls = s.controls.map((c) => {
        const to = moved.get(c.id);
        if (!to) return c;
        ids.set(c.id, to);
        changes.push({
          controlId: c.id,
          section: s.id,
          kind: 'renumber',
          words: `renumbered from ${c.id}`,
          causes: removedIn.get(s.id) ?? [],
        });
        return { ...c, id: to };
      });
    }
  return { benchmark: { ...base, sections }, changes, skipped, ids };
}

/** A control whose checks stay: kube-bench's own `scored` follows the control's (made manual, not scored). */
function withScoring(c: Control): Control {
  if (c.kubeBench?.scored === undefined || c.scored) return c;
  const { scored: _old, ...kubeBench } = c.kubeBench;
  return { ...c, kubeBench };
}

/** A changed control's kube-bench facts, written anew from its checks (the old ones replay the old checks). */
function withFacts(c: Control, s: Section, b: Benchmark): Control {
  if (!c.kubeBench) return c;
  const { kubeBench: _old, ...rest } = c;
  if (!c.checks.length) return rest;
  return { ...rest, kubeBench: factsOf(encodeControl(rest, s, b.kubeBench).check, rest) };
}
