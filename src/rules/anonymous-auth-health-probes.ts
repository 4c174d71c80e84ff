import type { Rule } from './types.js';
import { satisfies } from './eval.js';
import { finding, rel, setting, subjects } from './helpers.js';

/** --anonymous-auth=false on the API server breaks the installer's unauthenticated health probes. */
export const anonymousAuthHealthProbes: Rule = {
  id: 'anonymous-auth-health-probes',
  title: 'Anonymous auth vs unauthenticated health probes',
  rationale:
    'Installers probe /healthz, /livez and /readyz without credentials; turning anonymous auth off makes those probes fail with 401.',
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['probes-unauthenticated'];
    if (!fact) return [];
    for (const { check, subject: s } of subjects(ctx)) {
      if (s.kind !== 'flag' || s.component !== 'kube-apiserver' || s.flag !== '--anonymous-auth') continue;
      if (satisfies(check, 'true')) continue;
      const endpoints = ctx.release.gates.find((g) => g.name === 'AnonymousAuthConfigurableEndpoints' && g.default);
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'conflict',
          severity: 'high',
          message: `Setting kube-apiserver --anonymous-auth=false breaks ${ctx.installer!.title}'s unauthenticated health probes (${ctx.installer!.defaults.probePaths.join(', ')}) in ${rel(ctx)}.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'replace',
            headline: 'Accept anonymous authentication limited to health endpoints',
            check: endpoints
              ? `kube-apiserver --anonymous-auth is false, or the AuthenticationConfiguration limits anonymous requests to ${ctx.installer!.defaults.probePaths.join(', ')} (anonymous.conditions)`
              : `kube-apiserver --anonymous-auth is false, or the anonymous user is bound to no role beyond the health endpoints (${ctx.installer!.defaults.probePaths.join(', ')}) and discovery`,
            proposal: endpoints
              ? `Accept anonymous authentication when an AuthenticationConfiguration limits anonymous requests to ${ctx.installer!.defaults.probePaths.join(', ')} (AnonymousAuthConfigurableEndpoints, ${endpoints.stage}).`
              : `Accept --anonymous-auth=true when RBAC grants the anonymous user nothing beyond ${ctx.installer!.defaults.probePaths.join(', ')} and discovery.`,
          },
        }),
      ];
    }
    return [];
  },
};
