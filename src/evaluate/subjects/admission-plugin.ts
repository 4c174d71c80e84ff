import { admissionPlugins } from '../settings.js';
import type { SubjectEvaluator } from './types.js';

export const admissionPlugin: SubjectEvaluator<'admission-plugin'> = {
  kind: 'admission-plugin',
  evaluate: (ctx, s, check) => {
    const a = admissionPlugins(ctx);
    if (!a.running) return { observed: 'not running', source: '', notApplicable: true, notes: a.notes };
    const on = a.enabled.has(s.plugin);
    const known = ctx.release.admission.available.includes(s.plugin);
    const wantOn = s.state === 'enabled';
    // `absent` inverts the subject (the plugin is not in the wanted state).
    const holds = on === wantOn;
    return {
      observed: on ? 'enabled' : 'not enabled',
      source:
        (on ? a.enabled.get(s.plugin) : a.disabled.get(s.plugin)) ?? `not in the defaults of ${ctx.release.release}`,
      pass: check.op === 'absent' ? !holds : holds,
      notes: [
        ...a.notes,
        ...(known ? [] : [`${s.plugin} is not an admission plugin of Kubernetes ${ctx.release.release}`]),
      ],
    };
  },
};
