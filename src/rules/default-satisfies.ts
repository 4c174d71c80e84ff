import type { Rule } from './types.js';
import type { Check } from '../model/check.js';
import { subjectKey } from '../model/subject.js';
import type { Control } from '../model/benchmark.js';
import { satisfies } from './eval.js';
import { fieldOf, finding, gateOf, flagOf, isReleaseComponent, rel, setting } from './helpers.js';
import { own } from '../model/own.js';

// "X is v, or X is not set" already passes when X is unset. A property of the control alone,
// so it is worked out once per check, not once per release.
const unsetMemo = new WeakMap<Check, boolean>();
function passesWhenUnset(control: Control, check: Check): boolean {
  let v = unsetMemo.get(check);
  if (v === undefined) {
    const keys = new Set(check.subjects.map(subjectKey));
    // A gate is unset when its component's --feature-gates is.
    for (const s of check.subjects)
      if (s.kind === 'feature-gate')
        keys.add(subjectKey({ kind: 'flag', component: s.component, flag: '--feature-gates' }));
    v =
      control.combine === 'any' &&
      control.checks.some((k) => k.op === 'absent' && k.subjects.some((s) => keys.has(subjectKey(s))));
    unsetMemo.set(check, v);
  }
  return v;
}

/** The release's default meets the control, yet an unset setting fails the check. */
export const defaultSatisfies: Rule = {
  id: 'default-satisfies',
  title: 'Default already meets the control',
  rationale:
    'kube-bench fails a check whose setting is not set, even when the default is the secure value; such controls produce failures on compliant clusters.',
  categories: ['default-satisfies'],
  check(ctx) {
    const out = [];
    for (const check of ctx.control.checks) {
      if (check.op === 'absent' || check.op === 'present' || check.value === undefined) continue;
      if (passesWhenUnset(ctx.control, check)) continue;
      for (const s of check.subjects) {
        let def: string | undefined;
        let where = '';
        if (s.kind === 'flag' && isReleaseComponent(s.component)) {
          def = flagOf(ctx.release, s.component, s.flag)?.default;
          where = `${s.component} ${s.flag} defaults to ${def}`;
          // The kubelet's config-file default wins when the node uses a config file.
          const field = own(ctx.release.flagFields[s.component], s.flag.replace(/^--/, ''));
          const fd = field ? fieldOf(ctx.release, s.component, field)?.default : undefined;
          if (fd !== undefined && check.subjects.some((o) => o.kind === 'config') && satisfies(check, fd)) {
            def = fd;
            where = `${s.component} config field ${field} defaults to ${fd}`;
          }
        } else if (s.kind === 'config' && isReleaseComponent(s.component)) {
          def = fieldOf(ctx.release, s.component, s.path)?.default;
          where = `${s.component} config field ${s.path} defaults to ${def}`;
        } else if (s.kind === 'feature-gate') {
          const g = gateOf(ctx.release, s.gate);
          def = g ? String(g.default) : undefined;
          where = `feature gate ${s.gate} defaults to ${def} (${g?.stage})`;
        }
        if (def === undefined || def === '' || !satisfies(check, def)) continue;
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'default-satisfies',
            severity: 'low',
            message: `In ${rel(ctx)} ${where}, which meets the control, but the check fails when the setting is unset.`,
            subject: setting(s),
            evidence: [],
            suggestion: {
              action: 'accept-default',
              check: `${setting(s).setting} is unset (default ${def}) or meets the recommendation`,
              proposal: `Pass when ${setting(s).setting} is unset (the default ${def} is compliant); fail only on an explicit non-compliant value.`,
            },
          }),
        );
        break;
      }
    }
    return out;
  },
};
