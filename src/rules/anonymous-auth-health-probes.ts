import type { Rule, Subject } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { controlMay } from './ground/standing.js';
import { breakage, installerPlan } from './ground/installer.js';
import { matches } from './superseded-mechanism.js';
import { subjectKey } from '../model/subject.js';

/**
 * --anonymous-auth=false on the API server breaks the installer's unauthenticated health
 * probes: the installer's node made to meet the control (its configuration setting the flag)
 * is checked for what then fails.
 */
export const anonymousAuthHealthProbes: Rule = {
  id: 'anonymous-auth-health-probes',
  title: 'Anonymous auth vs unauthenticated health probes',
  rationale:
    'Installers probe /healthz, /livez and /readyz without credentials; turning anonymous auth off makes those probes fail with 401.',
  categories: ['conflict'],
  check(ctx) {
    const inst = ctx.installer;
    const fact = inst?.facts['probes-unauthenticated'];
    if (!inst || !fact) return [];
    const names = (x: Subject) =>
      x.kind === 'flag' && x.component === 'kube-apiserver' && x.flag === '--anonymous-auth';
    if (!controlMay(ctx, this.id, (c) => c.checks.some((k) => k.subjects.some(names)))) return [];
    const plan = installerPlan(ctx);
    const made = plan?.settings.find((s) => s.component === 'kube-apiserver' && s.name === 'anonymous-auth');
    if (!plan || !made) return [];
    const broken = breakage(plan, ctx.release, inst.facts).find((b) => b.fact === 'probes-unauthenticated');
    if (!broken) return [];
    const paths = inst.defaults.probePaths.join(', ');
    // Where the release lets anonymous access be limited to the health endpoints, the check can say so.
    const sup = ctx.knowledge.supersessions.find(
      (x) => matches(x.subject, { kind: 'flag', component: 'kube-apiserver', flag: '--anonymous-auth' }) && x.checks,
    );
    const endpoints = sup && ctx.release.gates.find((g) => g.name === sup.gate && g.default);
    // A control that already accepts anonymous access limited to the health endpoints (a check
    // it may pass instead) can be met without breaking the installer: no conflict to report.
    const alternative = new Set(
      (sup?.checks ?? []).flatMap((c) => c.subjects.filter((x) => !names(x)).map(subjectKey)),
    );
    if (
      alternative.size &&
      ctx.control.combine === 'any' &&
      ctx.control.checks.some((c) => c.subjects.some((x) => alternative.has(subjectKey(x))))
    )
      return [];
    // The plan may be another control's with the same checks: the checks here that read the flag.
    const replaced = ctx.control.checks.flatMap((c, i) => (c.subjects.some(names) ? [i] : []));
    return [
      finding(ctx, {
        ruleId: this.id,
        category: 'conflict',
        severity: 'high',
        message: `Meeting the control breaks ${inst.title} in ${rel(ctx)}: ${broken.what}.`,
        subject: setting(made.check.subjects[0]),
        evidence: fact.evidence,
        suggestion:
          endpoints && sup?.checks
            ? {
                action: 'replace',
                headline: 'Accept anonymous authentication limited to health endpoints',
                check:
                  `kube-apiserver --anonymous-auth is false, or the AuthenticationConfiguration ` +
                  `limits anonymous requests to ${paths} (anonymous.conditions)`,
                proposal:
                  `Accept anonymous authentication when an AuthenticationConfiguration ` +
                  `limits anonymous requests to ${paths} (${sup.gate}, ${endpoints.stage}).`,
                edit: { kind: 'replace-checks', checks: replaced, with: sup.checks, combine: sup.combine ?? 'all' },
              }
            : {
                action: 'replace',
                headline: 'Accept anonymous authentication limited to health endpoints',
                check:
                  `kube-apiserver --anonymous-auth is false, or the anonymous user is ` +
                  `bound to no role beyond the health endpoints (${paths}) and discovery`,
                proposal:
                  `Accept --anonymous-auth=true when RBAC grants the anonymous user nothing beyond ${paths} and discovery; ` +
                  `${ctx.release.release} cannot limit anonymous requests to paths, so a person reviews the bindings.`,
                edit: { kind: 'mark-manual' },
              },
      }),
    ];
  },
};
