import type { Finding, Rule, RuleContext } from './types.js';
import type { Check } from '../model/check.js';
import { checkText } from '../model/check-text.js';
import { compareVersions } from '../model/ids.js';
import { holds } from '../node/facts.js';
import { configFieldOf } from './ground/values.js';
import {
  changesOf,
  dedupe,
  earlierReleases,
  gateOf,
  fieldOf,
  finding,
  flagOf,
  hasPlugin,
  isReleaseComponent,
  rel,
  setting,
  subjects,
} from './helpers.js';
import { genericAt, installerNodeAt } from './ground/nodes.js';
import { standing, statusWords, forControl, sharedByControl, controlMay } from './ground/standing.js';
import { matches } from './superseded-mechanism.js';

/** The checks that replace a check on a deprecated setting, kept where the release has their settings. */
function successorChecks(ctx: RuleContext, checks: readonly Check[]): Check[] {
  return checks.filter((c) =>
    c.subjects.every(
      (s) => s.kind !== 'flag' || !isReleaseComponent(s.component) || flagOf(ctx.release, s.component, s.flag),
    ),
  );
}

// Findings on a setting with a successor: the shared part leaves the false PASS to each control.
const withSuccessor = new WeakSet<Finding>();

/** Where kube-bench passes the control while the component does not meet it: a false PASS, on which node. */
function falsePass(ctx: RuleContext): string | undefined {
  const nodes = [installerNodeAt(ctx.installer?.id, ctx.release), genericAt(ctx.release)].filter(
    (n) => n !== undefined,
  );
  for (const n of nodes) {
    const st = standing(ctx, n);
    if (st.effectiveVerdict === 'fail' && st.kubeBenchVerdict === 'pass')
      return `on ${n.name} kube-bench passes the control while the component does not meet its intent (${statusWords(st.effective)})`;
  }
  return undefined;
}

/**
 * Why the installer's node fails the control, where kube-bench fails it there too: a deprecation
 * alone does not say (the setting still works), and installer-not-default proposes no
 * configuration for a deprecated setting, so this finding is what explains the scanner's FAIL.
 */
function installerFails(ctx: RuleContext): string | undefined {
  const node = installerNodeAt(ctx.installer?.id, ctx.release);
  if (!node) return undefined;
  const st = standing(ctx, node);
  if (st.effectiveVerdict !== 'fail' || st.kubeBenchVerdict !== 'fail') return undefined;
  const title = ctx.installer!.title;
  return (
    `${title}'s default node fails the control (${statusWords(st.effective)}); kube-bench reports ` +
    `${st.kubeBench.status} on ${node.name}. No ${title} configuration is proposed for a deprecated setting.`
  );
}

/**
 * Whether the reference node of the run (the installer's, else the generic one) already meets the
 * control as the components run: then a deprecation that asks no change to the check in this
 * release (it holds until a later release ends its meaning) asks nothing of anyone, and is not
 * reported. The later release gets its own finding (obsolete-insecure-state, removed-setting).
 */
function expectedStateHolds(ctx: RuleContext): boolean {
  const node = installerNodeAt(ctx.installer?.id, ctx.release) ?? genericAt(ctx.release);
  return node !== undefined && standing(ctx, node).effectiveVerdict === 'pass';
}

/**
 * The checked setting is deprecated in the release. A flag the component also takes from its
 * config file is config-file-blind's (or nothing, when the check reads the field too); a
 * deprecated setting whose intent other settings carry (data/knowledge.yaml `successors`) gets
 * those checks; one without a successor keeps its check until the release that removes it.
 */
export const deprecatedSetting: Rule = {
  id: 'deprecated-setting',
  title: 'Checked setting is deprecated',
  rationale:
    'A deprecated flag, field, plugin or gate will be removed; a control ' +
    'on it needs a successor before that happens, and where the setting ' +
    'no longer carries the control’s intent (an insecure port that listens ' +
    'whatever the flag says) the check passes clusters it should fail.',
  categories: ['deprecated'],
  check(ctx) {
    // A control the benchmark already skips (kube-bench `type: skip`, titled "[DEPRECATED]") is
    // checked on no cluster: "the setting is deprecated" tells its authors what they said (a
    // reviewer's finding, cis-1.4 1.1.12 DenyEscalatingExec). Removals still say what to delete.
    if (ctx.control.automation === 'skip') return [];
    const kinds = new Set(['flag', 'config', 'admission-plugin', 'feature-gate']);
    if (!controlMay(ctx, this.id, (c) => c.checks.some((k) => k.subjects.some((s) => kinds.has(s.kind))))) return [];
    // Recurring controls (the same checks in every version) share one answer per release; whether
    // kube-bench passes what the component fails is asked of each control with a successor.
    const shared = sharedByControl(
      ctx,
      this.id,
      (): Finding[] => {
        const out = [];
        // The releases after the checked one, where a deprecated setting stops working or goes.
        const later = ctx.history.filter((r) => compareVersions(r.release, ctx.release.release) > 0);
        const seen = new Set<string>();
        for (const { subject: s } of subjects(ctx)) {
          if (s.kind === 'flag' && isReleaseComponent(s.component)) {
            const f = flagOf(ctx.release, s.component, s.flag);
            if (!f?.deprecated || f.inert || seen.has(s.flag)) continue;
            seen.add(s.flag);
            // In favour of the config file: read there (config-file-blind), or already read there.
            if (configFieldOf(ctx.release, s.component, f.name)) continue;
            const successor = ctx.knowledge.successors.find((x) => matches(x.subject, s));
            const replaced = ctx.control.checks.flatMap((c, i) =>
              c.subjects.some((x) => x.kind === 'flag' && x.component === s.component && x.flag === s.flag) ? [i] : [],
            );
            const checks = successor ? successorChecks(ctx, successor.checks) : [];
            if (successor && checks.length) {
              // What the successor checks break on the installer's clusters in this release.
              const inst = ctx.installer;
              const breaks = inst
                ? (successor.installers?.[inst.id] ?? []).filter((x) =>
                    holds({ from: x.from, until: x.until }, ctx.release.release),
                  )
                : [];
              const breakText = breaks.length
                ? ` With ${inst!.title} in ${rel(ctx)}: ${breaks.map((x) => x.breaks).join('; ')}.`
                : '';
              const f1 = finding(ctx, {
                ruleId: this.id,
                category: 'deprecated',
                severity: 'medium',
                message: `${s.component} ${s.flag} is deprecated in ${rel(ctx)}: ${successor.statement}${breakText}`,
                subject: setting(s),
                evidence: dedupe([...successor.evidence, ...(f.evidence ?? []), ...breaks.flatMap((x) => x.evidence)]),
                suggestion: {
                  action: 'replace',
                  headline: `Replace the ${s.component} ${s.flag} check with ${checks.map(checkText).join(' and ')}`,
                  check: checks.map(checkText).join(', and '),
                  proposal:
                    `Check ${checks.map(checkText).join(' and ')} instead of ${s.flag}.` +
                    (breaks.length
                      ? ` Say in the remediation what that breaks where the installer's probes still use the insecure port (${inst!.title} in ${rel(ctx)}), and how to move them first.`
                      : ''),
                  edit: { kind: 'replace-checks', checks: replaced, with: checks, combine: 'all' },
                },
              });
              withSuccessor.add(f1);
              out.push(f1);
              continue;
            }
            // A later release in the data where the flag stops doing anything (or accepts only a
            // value that meets the control) ends the check's meaning there, before its removal.
            const component = s.component;
            const inertAt = later.find((r) => flagOf(r, component, s.flag)?.inert);
            const inertFlag = inertAt && flagOf(inertAt, component, s.flag);
            const removedAt = later.find((r) => !flagOf(r, component, s.flag));
            // No change asked in this release, and the node already in the state the check expects.
            if (expectedStateHolds(ctx)) continue;
            if (inertAt && inertFlag) {
              const what = inertFlag.onlyValues?.length
                ? `accepts only ${inertFlag.onlyValues.join(', ')}`
                : 'has no effect';
              out.push(
                finding(ctx, {
                  ruleId: this.id,
                  category: 'deprecated',
                  severity: 'medium',
                  message:
                    `${s.component} ${s.flag} is deprecated in ${rel(ctx)}; from Kubernetes ${inertAt.release} it ${what}` +
                    `${removedAt ? `, and Kubernetes ${removedAt.release} removes it` : ''}, so the check means ` +
                    `nothing from ${inertAt.release} on.`,
                  subject: setting(s),
                  evidence: dedupe([...(f.evidence ?? []), ...(inertFlag.evidence ?? [])]),
                  suggestion: {
                    action: 'remove',
                    headline: `Plan the removal of the ${s.component} ${s.flag} check for Kubernetes ${inertAt.release}`,
                    proposal:
                      `Keep the ${s.flag} check for releases before ${inertAt.release} and drop it from ` +
                      `Kubernetes ${inertAt.release} on, where the flag ${what}.`,
                  },
                }),
              );
              continue;
            }
            out.push(
              finding(ctx, {
                ruleId: this.id,
                category: 'deprecated',
                severity: 'medium',
                message:
                  `${s.component} ${s.flag} is deprecated in ${rel(ctx)}; the release data names ` +
                  `no successor, so the check holds until the release that removes the flag` +
                  `${removedAt ? ` (Kubernetes ${removedAt.release})` : ''}.`,
                subject: setting(s),
                evidence: f.evidence ?? [],
                suggestion: {
                  action: 'remove',
                  proposal: removedAt
                    ? `Plan the removal of the ${s.flag} check for Kubernetes ${removedAt.release}, which removes the flag.`
                    : `Plan the removal of the ${s.flag} check for the release that removes the flag.`,
                },
              }),
            );
          } else if (s.kind === 'config' && isReleaseComponent(s.component)) {
            const f = fieldOf(ctx.release, s.component, s.path);
            if (!f?.deprecated || f.inert || seen.has(s.path)) continue;
            seen.add(s.path);
            if (expectedStateHolds(ctx)) continue;
            out.push(
              finding(ctx, {
                ruleId: this.id,
                category: 'deprecated',
                severity: 'low',
                message:
                  `${s.component} config field ${s.path} is deprecated in ${rel(ctx)}, with no successor in the release ` +
                  `data; ${s.component} still applies it, so the check holds until the release that removes the field.`,
                subject: setting(s),
                evidence: [],
                suggestion: {
                  action: 'remove',
                  proposal:
                    `Keep the ${s.path} check while ${s.component} reads the ` +
                    `field, and plan its removal for the release that removes it.`,
                },
              }),
            );
          } else if (s.kind === 'admission-plugin') {
            const deps = [
              ...changesOf(earlierReleases(ctx), 'plugin', s.plugin, 'deprecated'),
              ...changesOf([ctx.release], 'plugin', s.plugin, 'deprecated'),
            ];
            // Where the successor mechanism is on by default, superseded-mechanism proposes the
            // replacement; "plan what replaces it" beside that is noise.
            // A deprecation with a known successor asks no change before the successor is on by default
            // (nothing can replace the check yet) and is superseded-mechanism's from then: not said here
            // (a reviewer's finding: PodSecurityPolicy "deprecated in 1.22" on cis-1.23 was noise).
            const superseded = ctx.knowledge.supersessions.find((sup) => matches(sup.subject, s));
            // Except where the successor is not yet on by default and the installer's node fails the
            // control: then this finding is what explains kube-bench's FAIL there (PodSecurityPolicy on kubeadm 1.21-1.22, before Pod Security
            // admission is on by default), and it names the removal and the successor.
            const successorOn = superseded !== undefined && gateOf(ctx.release, superseded.gate)?.default === true;
            if (deps.length && hasPlugin(ctx.release, s.plugin) && superseded && !successorOn && installerFails(ctx)) {
              const removedAt = later.find((r) => !hasPlugin(r, s.plugin));
              out.push(
                finding(ctx, {
                  ruleId: this.id,
                  category: 'deprecated',
                  severity: 'medium',
                  message:
                    `Admission plugin ${s.plugin} is deprecated in ${rel(ctx)}` +
                    `${removedAt ? ` and removed in Kubernetes ${removedAt.release}` : ''}; what carries the ` +
                    `control's intent after it: ${superseded.replacement}.`,
                  subject: setting(s),
                  evidence: dedupe([...deps.flatMap((d) => d.evidence), ...superseded.evidence]),
                  suggestion: {
                    action: 'replace',
                    headline: `Plan the replacement of the admission plugin ${s.plugin} check`,
                    proposal:
                      `Keep the ${s.plugin} check while kube-apiserver has the plugin` +
                      `${removedAt ? ` (until Kubernetes ${removedAt.release})` : ''}, and plan its replacement by ` +
                      `${superseded.replacement}.`,
                  },
                }),
              );
            } else if (deps.length && hasPlugin(ctx.release, s.plugin) && !superseded) {
              out.push(
                finding(ctx, {
                  ruleId: this.id,
                  category: 'deprecated',
                  severity: 'medium',
                  message: `Admission plugin ${s.plugin} is deprecated in ${rel(ctx)}.`,
                  subject: setting(s),
                  evidence: dedupe(deps.flatMap((d) => d.evidence)),
                  suggestion: {
                    action: 'replace',
                    headline: `Plan the replacement of the admission plugin ${s.plugin} check`,
                    proposal:
                      `Keep the ${s.plugin} check while kube-apiserver has the plugin, and plan what replaces it ` +
                      `for the release that removes the plugin.`,
                  },
                }),
              );
            }
          } else if (s.kind === 'feature-gate') {
            const g = gateOf(ctx.release, s.gate);
            if (g?.stage === 'deprecated')
              out.push(
                finding(ctx, {
                  ruleId: this.id,
                  category: 'deprecated',
                  severity: 'medium',
                  message: `Feature gate ${s.gate} is deprecated in ${rel(ctx)}.`,
                  subject: setting(s),
                  evidence: g.evidence ?? [],
                  suggestion: { action: 'remove', proposal: `Plan the removal of the ${s.gate} check.` },
                }),
              );
          }
        }
        return out;
      },
      'effective',
    );
    return forControl(
      ctx,
      shared.map((f) => {
        if (!withSuccessor.has(f)) {
          const fails = installerFails(ctx);
          return fails ? { ...f, message: `${f.message} ${fails}` } : f;
        }
        const pass = falsePass(ctx);
        return pass ? { ...f, message: `${f.message} As written, ${pass}.` } : f;
      }),
    );
  },
};
