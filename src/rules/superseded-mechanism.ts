import type { Rule } from './types.js';
import { checkText } from '../model/check-text.js';
import { subjectKey } from '../model/subject.js';
import { finding, gateOf, rel, setting, subjects } from './helpers.js';
import { cached } from '../model/memo.js';

// Supersession patterns are a few key/value pairs; read their entries once, not per subject.
const patterns = new WeakMap<object, Array<[string, unknown]>>();
/** Does a subject match a pattern of some of its keys (`{ kind: flag, flag: --address }`)? */
export function matches(pattern: object, s: object): boolean {
  const entries = cached(patterns, pattern, () => Object.entries(pattern));
  return entries.every(([k, v]) => (s as Record<string, unknown>)[k] === v);
}

/** A newer mechanism replaces the checked one (PodSecurityPolicy → Pod Security Admission, …). */
export const supersededMechanism: Rule = {
  id: 'superseded-mechanism',
  title: 'Checked mechanism is superseded',
  rationale:
    'When the release offers a successor mechanism, the control should check that instead of (or beside) the old one.',
  categories: ['superseded'],
  check(ctx) {
    const out = [];
    const seen = new Set<string>();
    for (const { subject: s } of subjects(ctx)) {
      for (const sup of ctx.knowledge.supersessions) {
        // Every check on the superseded setting gives way to the successor's checks.
        if (!matches(sup.subject, s) || seen.has(sup.gate)) continue;
        const g = gateOf(ctx.release, sup.gate);
        if (!g?.default) continue;
        seen.add(sup.gate);
        // A control that already accepts the successor instead of the old setting (any check may
        // pass) needs no change; one that asks for both still asks for the old mechanism.
        const successor = new Set(
          (sup.checks ?? []).flatMap((c) => c.subjects.filter((x) => !matches(sup.subject, x)).map(subjectKey)),
        );
        if (
          ctx.control.combine === 'any' &&
          ctx.control.checks.some((c) => c.subjects.some((x) => successor.has(subjectKey(x))))
        )
          continue;
        const replaced = ctx.control.checks.flatMap((c, i) =>
          c.subjects.some((x) => matches(sup.subject, x)) ? [i] : [],
        );
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'superseded',
            severity: 'medium',
            message: sup.alternative
              ? `${rel(ctx)} offers ${sup.replacement} (feature gate ${sup.gate}, ${g.stage}), ${sup.alternative}; ` +
                `a control that accepts only ${setting(s).setting} fails a cluster that uses the other.`
              : `${rel(ctx)} has ${sup.replacement} (feature gate ${sup.gate}, ${g.stage}), which supersedes ${setting(s).setting}.`,
            subject: setting(s),
            evidence: sup.evidence,
            suggestion: {
              action: 'replace',
              headline: sup.alternative
                ? `Accept ${sup.replacement.replace(/\s*\([^)]*\)/g, '')} as well as the ` +
                  `${[setting(s).component, setting(s).setting].filter(Boolean).join(' ')} check`
                : `Replace the ${[setting(s).component, setting(s).setting].filter(Boolean).join(' ')} ` +
                  `check with ${sup.replacement.replace(/\s*\([^)]*\)/g, '')}`,
              proposal: sup.alternative
                ? `Accept either: ${sup.checks?.length ? sup.checks.map(checkText).join(', or ') : `${setting(s).setting} as checked, or ${sup.replacement}`}.`
                : `Check ${sup.replacement} instead.`,
              check: sup.checks?.length
                ? sup.checks.map(checkText).join(sup.combine === 'any' ? ', or ' : ', and ')
                : sup.replacement,
              ...(sup.checks?.length
                ? {
                    edit: {
                      kind: 'replace-checks' as const,
                      checks: replaced,
                      with: sup.checks,
                      ...(sup.combine ? { combine: sup.combine } : {}),
                    },
                  }
                : {}),
            },
          }),
        );
      }
    }
    return out;
  },
};
