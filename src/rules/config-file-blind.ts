import type { Rule } from './types.js';
import { finding, isReleaseComponent, rel, setting } from './helpers.js';
import { own } from '../model/own.js';

/** A flag-only check on a setting the release lets come from the config file. */
export const configFileBlind: Rule = {
  id: 'config-file-blind',
  title: 'Check reads only the command line',
  rationale:
    'When a component takes the setting from its config file (kubeadm and most distributions configure the kubelet that way), a check that greps only the command line reports a failure for a compliant node.',
  categories: ['config-file-blind'],
  check(ctx) {
    const out = [];
    for (const check of ctx.control.checks) {
      if (check.subjects.some((s) => s.kind === 'config')) continue;
      const flag = check.subjects.find((s) => s.kind === 'flag');
      if (flag?.kind !== 'flag' || !isReleaseComponent(flag.component)) continue;
      const field = own(ctx.release.flagFields[flag.component], flag.flag.replace(/^--/, ''));
      if (!field) continue;
      out.push(
        finding(ctx, {
          ruleId: this.id,
          category: 'config-file-blind',
          severity: 'medium',
          message: `The check reads only ${flag.component} ${flag.flag}, but in ${rel(ctx)} the setting can come from the config file field ${field}.`,
          subject: setting(flag),
          evidence: [],
          suggestion: {
            action: 'rewrite-audit',
            proposal: `Read ${field} from the ${flag.component} config file (--config), and the ${flag.flag} flag only where it is set.`,
          },
        }),
      );
    }
    return out;
  },
};
