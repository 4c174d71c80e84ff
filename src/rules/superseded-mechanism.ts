import type { Rule } from './types.js';
import { finding, rel, setting, subjects } from './helpers.js';

/** A newer mechanism replaces the checked one (PodSecurityPolicy → Pod Security Admission, …). */
export const supersededMechanism: Rule = {
  id: 'superseded-mechanism',
  title: 'Checked mechanism is superseded',
  rationale: 'When the release offers a successor mechanism, the control should check that instead of (or beside) the old one.',
  categories: ['superseded'],
  check(ctx) {
    const out = [];
    const seen = new Set<string>();
    for (const { subject: s } of subjects(ctx)) {
      for (const sup of ctx.knowledge.supersessions) {
        const match = Object.entries(sup.subject).every(([k, v]) => (s as Record<string, unknown>)[k] === v);
        if (!match || seen.has(sup.gate)) continue;
        const g = ctx.release.gates.find((x) => x.name === sup.gate);
        if (!g || !g.default) continue;
        seen.add(sup.gate);
        out.push(finding(ctx, {
          ruleId: this.id, category: 'superseded', severity: 'medium',
          message: `${rel(ctx)} has ${sup.replacement} (feature gate ${sup.gate}, ${g.stage}), which supersedes ${setting(s).setting}.`,
          subject: setting(s), evidence: sup.evidence,
          suggestion: { action: 'replace', headline: `Replace the ${[setting(s).component, setting(s).setting].filter(Boolean).join(' ')} check with ${sup.replacement.replace(/\s*\([^)]*\)/g, '')}`, proposal: `Check ${sup.replacement} instead.`, check: sup.replacement },
        }));
      }
    }
    return out;
  },
};
