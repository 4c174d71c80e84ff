// Effective semantics: what the components on this node actually do about each control.
// Each subject is evaluated by the module of its kind (subjects/); a check with a flag and
// a config field of one component is one setting, resolved once. "X, or not set" pairs on
// one setting are read as "the effective value meets X", with the default that applies
// when it is not set: that is what the component runs with.
import type { Control, Section } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';
import { subjectKey, subjectLabel } from '../model/subject.js';
import { preparedOrParsed } from '../prepared/read.js';
import { readWorkloads } from '../workloads/knowledge.js';
import { workloadChecks } from '../workloads/system.js';
import { expectation } from './compare.js';
import type { CheckResult, ControlResult } from './result.js';
import { type EvalContext, resolveSetting } from './settings.js';
import { settingOutcome } from './subjects/setting-outcome.js';
import { type SubjectOutcome, subjectEvaluators } from './subjects/index.js';

let topicChecks: Map<string, Check[]> | undefined;

interface TopicChecks {
  topics: Record<string, { checks: Check[] }>;
}

/**
 * Checks evaluated for manual controls by topic (data/topic-checks.yaml), as `npm run data`
 * validated them; an edited file is read as it stands until then (the generated-files test
 * says the prepared copy is stale).
 */
export function checksOfTopic(topic: string | undefined): Check[] | undefined {
  if (!topicChecks) {
    const data = preparedOrParsed<TopicChecks>('data/topic-checks.yaml');
    topicChecks = new Map(Object.entries(data.topics).map(([k, v]) => [k, v.checks]));
  }
  return topic ? topicChecks.get(topic) : undefined;
}

// Manual workload controls by topic: the fields data/workloads.yaml says the topic judges, once per control.
const workloadTopics = new WeakMap<Control, Check[] | null>();

/** Checks on API-object fields for a manual workload control (Pods with host paths, …), from its topic. */
function workloadTopicChecks(control: Control): Check[] | undefined {
  let xs = workloadTopics.get(control);
  if (xs === undefined) {
    const judged = workloadChecks(control, readWorkloads()).filter((w) => w.value !== '$literal');
    xs = judged.length
      ? judged.map((w) => ({
          subjects: [{ kind: 'api-object' as const, resource: w.resource, field: w.field }],
          op: w.op,
          ...(w.value !== undefined ? { value: w.value } : {}),
        }))
      : null;
    workloadTopics.set(control, xs);
  }
  return xs ?? undefined;
}

function outcomeOf(ctx: EvalContext, subject: Subject, check: Check): SubjectOutcome {
  const ev = subjectEvaluators[subject.kind] as { evaluate(c: EvalContext, s: Subject, k: Check): SubjectOutcome };
  return ev.evaluate(ctx, subject, check);
}

/** A check's subjects: a flag and a config field of one component are one setting. One check on its own. */
export function checkOutcome(ctx: EvalContext, check: Check): { outcome: SubjectOutcome; subject: string } {
  const flag = check.subjects.find((s) => s.kind === 'flag');
  const field = check.subjects.find((s) => s.kind === 'config');
  if (flag?.kind === 'flag' && field?.kind === 'config' && flag.component === field.component) {
    const setting = resolveSetting(ctx, flag.component, { flag: flag.flag, field: field.path });
    return { outcome: settingOutcome(setting, check), subject: `${flag.component} ${flag.flag} / ${field.path}` };
  }
  const outcomes = check.subjects.map((s) => ({ s, o: outcomeOf(ctx, s, check) }));
  const pick =
    outcomes.find((x) => x.o.pass === true) ??
    outcomes.find((x) => x.o.pass === false) ??
    outcomes.find((x) => x.o.pass === undefined && !x.o.notApplicable) ??
    outcomes[0];
  return { outcome: pick.o, subject: subjectLabel(pick.s) };
}

/** "X, or not set" on one setting: the not-set alternative, judged by the default it leaves. */
function alternatives(control: Control): Set<Check> {
  const drop = new Set<Check>();
  if (control.combine !== 'any') return drop;
  const keys = (c: Check) => new Set(c.subjects.map(subjectKey));
  for (const a of control.checks) {
    if (a.op !== 'absent') continue;
    const ka = keys(a);
    if (control.checks.some((b) => b !== a && b.op !== 'absent' && [...keys(b)].some((k) => ka.has(k)))) drop.add(a);
  }
  return drop;
}

function decide(outcomes: SubjectOutcome[], combine: Control['combine']): ControlResult['status'] {
  const decided = outcomes.filter((o) => !o.notApplicable);
  if (!decided.length) return 'INFO';
  if (combine === 'any') {
    if (decided.some((o) => o.pass === true)) return 'PASS';
    if (decided.some((o) => o.pass === undefined)) return 'WARN';
    return 'FAIL';
  }
  if (decided.some((o) => o.pass === false)) return 'FAIL';
  if (decided.some((o) => o.pass === undefined)) return 'WARN';
  return 'PASS';
}

export function evaluateEffective(base: EvalContext, control: Control, _section: Section): ControlResult {
  const ctx: EvalContext = control.allowList?.length ? { ...base, allowList: control.allowList } : base;
  const fromTopic = control.checks.length ? undefined : checksOfTopic(control.topic);
  const fromWorkloads = control.checks.length || fromTopic ? undefined : workloadTopicChecks(control);
  const topical = fromTopic ?? fromWorkloads;
  const checks = control.checks.length ? control.checks : (topical ?? []);
  if (!checks.length)
    return {
      controlId: control.id,
      status: 'WARN',
      reason: 'manual control: no check to evaluate, a person must review it',
      checks: [],
    };
  const dropped = alternatives({ ...control, checks });
  const outcomes: SubjectOutcome[] = [];
  const results: CheckResult[] = [];
  const exempted = new Set<string>();
  for (const check of checks) {
    if (dropped.has(check)) continue;
    let { outcome, subject } = checkOutcome(ctx, check);
    const hasAlternative = checks.some(
      (c) => dropped.has(c) && c.subjects.some((s) => check.subjects.some((t) => subjectKey(s) === subjectKey(t))),
    );
    if (hasAlternative && outcome.setting) {
      const st = outcome.setting.state;
      if (st === 'unset' || st === 'no-such-setting')
        outcome = {
          ...outcome,
          pass: true,
          notes: [...outcome.notes, 'not set, and no default applies: the "or not set" alternative holds'],
        };
      else if (!outcome.setting.explicit && outcome.pass === false)
        outcome = {
          ...outcome,
          notes: [...outcome.notes, 'not set, so the default applies, and the default does not meet the check'],
        };
    }
    outcomes.push(outcome);
    for (const x of outcome.exempted ?? []) exempted.add(x);
    results.push({
      subject,
      expected: expectation(check) + (hasAlternative ? ' (or not set, which leaves the default)' : ''),
      observed: outcome.observed,
      source: outcome.source,
      pass: outcome.notApplicable ? null : (outcome.pass ?? null),
      ...(outcome.notes.length ? { notes: outcome.notes } : {}),
    });
  }
  const status = decide(outcomes, control.combine);
  const reason =
    status === 'INFO'
      ? [...new Set(outcomes.flatMap((o) => o.notes))].join('; ') || 'not applicable on this node'
      : status === 'WARN'
        ? [...new Set(outcomes.filter((o) => o.pass === undefined && !o.notApplicable).flatMap((o) => o.notes))].join(
            '; ',
          )
        : topical
          ? `manual control, evaluated by its topic ${control.topic} (${fromTopic ? 'data/topic-checks.yaml' : 'data/workloads.yaml'})`
          : undefined;
  return {
    controlId: control.id,
    status,
    ...(reason ? { reason } : {}),
    checks: results,
    ...(exempted.size ? { exempted: [...exempted] } : {}),
  };
}
