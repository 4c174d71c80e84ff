import type { Finding, Rule } from './types.js';
import { dedupe, finding, lifecycleOf, rel, setting } from './helpers.js';
import {
  breakage,
  checkVerdict,
  installerPlan,
  kubeadmConfigText,
  makeable,
  flagReadOnInstaller,
  type PlanConsequences,
  planConsequences,
  settingWords,
} from './ground/installer.js';
import { kubeadmAt } from './ground/nodes.js';
import { effectiveOn, statusWords, forControl, sharedByControl, controlMay } from './ground/standing.js';

/**
 * What the consequences table says, as sentences: what the setting needs, what breaks without
 * it, what it means for the installer; "still works" only where the table records why, and
 * where it records nothing, that it does not.
 */
function consequenceWords(c: PlanConsequences, installer: string): string {
  const out: string[] = [];
  if (c.requires.length) out.push(`It needs: ${c.requires.join('; and ')}.`);
  if (c.breaks.length) out.push(`${c.requires.length ? 'Without that' : 'Its effect'}: ${c.breaks.join('; and ')}.`);
  if (c.installer.length) out.push(`With ${installer}: ${c.installer.join('; and ')}.`);
  if (c.keeps) out.push(`${installer} still works: ${c.keeps.join('; and ')}.`);
  else if (c.unknown.length)
    out.push(
      `Nothing is recorded about what ${c.unknown.join(', ')} needs or breaks, so whether ${installer} ` +
        'still works with it is not derived.',
    );
  else if (!c.installer.length) out.push(`Nothing recorded says whether ${installer} still works with it.`);
  return out.length ? ` ${out.join(' ')}` : '';
}

/**
 * The installer supports the setting but does not make it by default: the control fails on
 * the installer's default node and passes on the same node made with an installer
 * configuration that sets it. Never for a setting the release deprecates, removes or ignores
 * (deprecated-setting, removed-setting, obsolete-insecure-state say so), nor one whose setting
 * breaks the installer (a conflict).
 */
export const installerNotDefault: Rule = {
  id: 'installer-not-default',
  title: 'Supported by the installer, not set by default',
  rationale:
    'On a fresh install the control fails although the installer can meet it through its configuration; ' +
    'the benchmark should say how, and scanners should not read the failure as a defect of the installer.',
  categories: ['installer-not-default'],
  check(ctx) {
    if (!ctx.installer?.facts['extra-args']) return [];
    // A control the benchmark's scanner encoding skips (kube-bench `type: skip`, titled
    // "[DEPRECATED]") is checked on no cluster: a recipe to meet it is noise (a reviewer's finding,
    // cis-1.4 1.1.12 DenyEscalatingExec).
    if (ctx.control.automation === 'skip') return [];
    if (!controlMay(ctx, this.id, (c) => c.checks.some((k) => k.subjects.some(makeable)))) return [];
    // Recurring controls (the same checks in every version) share one answer per release.
    return forControl(
      ctx,
      sharedByControl(
        ctx,
        this.id,
        (): Finding[] => {
          const inst = ctx.installer;
          const fact = inst?.facts['extra-args'];
          if (!inst || !fact) return [];
          const plan = installerPlan(ctx);
          if (!plan) return [];
          // A check that reads a current setting (a kubelet flag deprecated for its config field, read there too) is
          // advisable; one that only reads deprecated, removed or inert ones is not.
          // A flag deprecated for a config file the installer does not give the component is still what it reads.
          const readThere = (x: (typeof plan.settings)[number]['check']['subjects'][number]) =>
            lifecycleOf(ctx, x) === 'deprecated' ? flagReadOnInstaller(inst.id, ctx.release, x) : undefined;
          if (
            plan.settings.some(
              (s) => !s.check.subjects.some((x) => lifecycleOf(ctx, x) === 'current' || readThere(x) !== undefined),
            )
          )
            return [];
          const flagOnly = plan.settings.flatMap((s) => {
            const x = s.check.subjects.find((y) => readThere(y));
            const r = x && readThere(x);
            return x && r && x.kind === 'flag'
              ? [
                  ` ${x.flag} is deprecated in ${rel(ctx)} in favour of ${r.field} in the file --${r.configFlag} names, ` +
                    `but ${inst.title} starts ${x.component} without --${r.configFlag}, so the flag is what it reads.`,
                ]
              : [];
          });
          // The checks that failed pass with the configuration (each judged on its own: shared by benchmarks).
          if (plan.settings.some((x) => checkVerdict(ctx, x.check, plan.node) !== 'pass')) return [];
          if (breakage(plan, ctx.release, inst.facts).length) return [];
          const base = effectiveOn(ctx, kubeadmAt(ctx.release));
          const made = plan.settings.map(settingWords).join(', ');
          const config = kubeadmConfigText(plan.settings, ctx.release);
          const first = plan.settings[0];
          const known = planConsequences(plan.settings, ctx.knowledge.consequences, inst.id);
          const needs = known.requires.length ? ` It needs: ${known.requires.join('; and ')}.` : '';
          return [
            finding(ctx, {
              ruleId: this.id,
              category: 'installer-not-default',
              severity: 'medium',
              message:
                `${inst.title}'s default node fails the control in ${rel(ctx)} (${statusWords(base)}); ` +
                `with ${made} in its configuration the control passes on that node.` +
                flagOnly.join('') +
                consequenceWords(known, inst.title),
              subject: setting(first.check.subjects[0]),
              evidence: dedupe([
                ...fact.evidence,
                ...(plan.settings.some((x) => x.name === 'admission-control-config-file')
                  ? (ctx.knowledge.facts['admission-config-required']?.evidence ?? [])
                  : []),
                ...known.evidence,
              ]),
              suggestion: {
                action: 'rewrite-audit',
                headline: `Say in the remediation how to meet the recommendation with ${inst.title}`,
                proposal: `Add to the remediation how to make the setting with ${inst.title}: ${made}.${needs}`,
                installerConfig: config,
              },
            }),
          ];
        },
        'effective',
      ),
    );
  },
};
