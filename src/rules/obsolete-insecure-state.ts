import type { Rule } from './types.js';
import { gatePageEvidence } from '../k8s/reconcile/evidence.js';
import { meets } from '../evaluate/compare.js';
import { checksOn } from './removed-setting.js';
import { fieldOf, finding, flagOf, gateOf, isReleaseComponent, rel, setting, subjects } from './helpers.js';

/** The release no longer allows the insecure state the control guards against. */
export const obsoleteInsecureState: Rule = {
  id: 'obsolete-insecure-state',
  title: 'Insecure state no longer possible',
  rationale:
    'A gate locked to its secure default, or a flag that only accepts the ' +
    'secure value, cannot be set insecurely; the control only adds noise. A flag or config field ' +
    'that has no effect is checked like a removed one: the check tests nothing.',
  categories: ['obsolete'],
  check(ctx) {
    const out = [];
    const inertChecks = new Set<unknown>();
    for (const { check, subject: s } of subjects(ctx)) {
      if (s.kind === 'feature-gate') {
        const g = gateOf(ctx.release, s.gate);
        if (g?.lockedToDefault && meets(check, String(g.default))) {
          out.push(
            finding(ctx, {
              ruleId: this.id,
              category: 'obsolete',
              severity: 'low',
              message:
                `Feature gate ${s.gate} is ${g.stage.toUpperCase()} and locked ` +
                `to ${g.default} in ${rel(ctx)}; it cannot be turned off.`,
              subject: setting(s),
              evidence: [gatePageEvidence(ctx.release.release)],
              suggestion: {
                action: 'remove',
                headline: `Remove the feature gate ${s.gate} check`,
                proposal:
                  `Remove the check on feature gate ${s.gate} from ${rel(ctx)}: the gate is locked to ` +
                  `${g.default}, which meets the control, and cannot be set otherwise.`,
                edit: { kind: 'drop-checks', checks: checksOn(ctx, s), whenEmpty: 'remove' },
              },
            }),
          );
        }
      } else if (s.kind === 'flag' && isReleaseComponent(s.component)) {
        const f = flagOf(ctx.release, s.component, s.flag);
        if (f?.onlyValues?.every((v) => meets({ ...check, op: check.op === 'absent' ? 'noteq' : check.op }, v))) {
          out.push(
            finding(ctx, {
              ruleId: this.id,
              category: 'obsolete',
              severity: 'low',
              message: `${s.component} ${s.flag} only accepts ${f.onlyValues.join(', ')} in ${rel(ctx)}, which meets the control.`,
              subject: setting(s),
              evidence: f.evidence ?? [],
              suggestion: {
                action: 'remove',
                headline: `Remove the ${s.component} ${s.flag} check`,
                proposal:
                  `Remove the check on ${s.component} ${s.flag} from ${rel(ctx)}: the flag accepts only ` +
                  `${f.onlyValues.join(', ')}, which meets the control, so no cluster can be out of line with it.`,
                edit: { kind: 'drop-checks', checks: checksOn(ctx, s), whenEmpty: 'remove' },
              },
            }),
          );
        } else if (f?.inert && !f.onlyValues) {
          inertChecks.add(check);
          out.push(
            finding(ctx, {
              ruleId: this.id,
              category: 'obsolete',
              severity: 'low',
              message: `${s.component} ${s.flag} has no effect in ${rel(ctx)}.`,
              subject: setting(s),
              evidence: f.evidence ?? [],
              suggestion: {
                action: 'remove',
                headline: `Remove the ${s.component} ${s.flag} check`,
                proposal: `Remove the check on ${s.component} ${s.flag} from ${rel(ctx)}: the flag has no effect there, so the check tests nothing.`,
                edit: { kind: 'drop-checks', checks: checksOn(ctx, s), whenEmpty: 'remove' },
              },
            }),
          );
        }
      } else if (s.kind === 'config' && isReleaseComponent(s.component)) {
        // A field the config page says has no effect is checked like a removed one: the check
        // tests nothing (one finding per check: its flag, inert too, has one already).
        const f = fieldOf(ctx.release, s.component, s.path);
        if (!f?.inert || inertChecks.has(check)) continue;
        inertChecks.add(check);
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'obsolete',
            severity: 'low',
            message: `${s.component} config field ${s.path} has no effect in ${rel(ctx)}, as its config page says; the check tests nothing.`,
            subject: setting(s),
            evidence: f.evidence ?? [],
            suggestion: {
              action: 'remove',
              headline: `Remove the ${s.component} ${s.path} check`,
              proposal: `Remove the check on ${s.component} config field ${s.path} from ${rel(ctx)}: the field has no effect there.`,
              edit: { kind: 'drop-checks', checks: checksOn(ctx, s), whenEmpty: 'remove' },
            },
          }),
        );
      }
    }
    return out;
  },
};
