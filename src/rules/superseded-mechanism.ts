import type { Rule } from './types.js';
import { finding, gateOf, rel, setting, subjects } from './helpers.js';

// Supersession patterns are a few key/value pairs; read their entries once, not per subject.
const patterns = new WeakMap<object, Array<[string, unknown]>>();
function matches(pattern: object, s: object): boolean {
  let entries = patterns.get(pattern);
  if (!entries) {
    entries = Object.entries(pattern);
    patterns.set(pattern, entries);
  }
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
        if (!matches(sup.subject, s) || seen.has(sup.gate)) continue;
        const g = gateOf(ctx.release, sup.gate);
        if (!g?.default) continue;
        seen.add(sup.gate);
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'superseded',
            severity: 'medium',
            message: `${rel(ctx)} has ${sup.replacement} (feature gate ${sup.gate}, ${g.stage}), which supersedes ${setting(s).setting}.`,
            subject: setting(s),
            evidence: sup.evidence,
            suggestion: {
              action: 'replace',
              headline: `Replace the ${[setting(s).component, setting(s).setting].filter(Boolean).join(' ')} check with ${sup.replacement.replace(/\s*\([^)]*\)/g, '')}`,
              proposal: `Check ${sup.replacement} instead.`,
              check: sup.replacement,
            },
          }),
        );
      }
    }
    return out;
  },
};
