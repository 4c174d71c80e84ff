import type { Control } from '../model/benchmark.js';
import type { Finding, Rule } from './types.js';
import { verdictOf } from '../evaluate/evaluate.js';
import { resolveGate, resolveSetting, type Setting } from '../evaluate/settings.js';
import { configRule, flagFacts } from '../evaluate/knowledge.js';
import { gatePageEvidence, pageEvidence } from '../k8s/reconcile/evidence.js';
import { checkText } from '../model/check-text.js';
import type { Check } from '../model/check.js';
import { subjectKey } from '../model/subject.js';
import type { NodeBundle } from '../node/bundle.js';
import { finding, isReleaseComponent, rel, setting } from './helpers.js';
import { checkFails } from './ground/installer.js';
import { configFileAt, genericAt, installerNodeAt } from './ground/nodes.js';
import { controlMay, effectiveOn, forControl, kubeBenchOn, sharedByControl } from './ground/standing.js';
import { type CheckSetting, settingOf } from './ground/values.js';
import type { RuleContext } from './types.js';
import { cached } from '../model/memo.js';

// A setting's value on a node, once per node (nodes are per release): every version asks again.
const resolvedMemo = new WeakMap<NodeBundle, Map<string, Setting>>();

function resolved(ctx: RuleContext, node: NodeBundle, s: CheckSetting): Setting {
  const byKey = cached(resolvedMemo, node, () => new Map());
  const key = `${s.component}\u0000${s.flag ?? ''}\u0000${s.field ?? ''}\u0000${s.gate ?? ''}`;
  let v = byKey.get(key);
  if (!v) {
    const ectx = { bundle: node, release: ctx.release };
    v = s.gate
      ? resolveGate(ectx, s.component, s.gate)
      : resolveSetting(ectx, s.component, {
          ...(s.flag ? { flag: s.flag } : {}),
          ...(s.field ? { field: s.field } : {}),
        });
    byKey.set(key, v);
  }
  return v;
}

/** The control has an "or not set" alternative on the check's setting (a gate's is `--feature-gates`). */
function passesWhenUnset(ctx: RuleContext, check: Check): boolean {
  if (ctx.control.combine !== 'any') return false;
  const keys = new Set(check.subjects.map(subjectKey));
  for (const s of check.subjects)
    if (s.kind === 'feature-gate')
      keys.add(subjectKey({ kind: 'flag', component: s.component, flag: '--feature-gates' }));
  return ctx.control.checks.some((k) => k.op === 'absent' && k.subjects.some((s) => keys.has(subjectKey(s))));
}

/**
 * kube-bench fails the control where the setting is unset, while the component runs with a
 * default that meets it (evaluated on generic@R, and on the installer's node with --installer).
 * The finding says which default applies where: the flag's without a config file, the config
 * file's with one; "or unset" is proposed only when every one of them meets the control.
 */
export const defaultSatisfies: Rule = {
  id: 'default-satisfies',
  title: 'Default already meets the control',
  rationale:
    'kube-bench fails a check whose setting is not set, even when the default the ' +
    'component then runs with is the secure value; such controls fail compliant ' +
    'clusters. The default can differ between the command line and the config file, ' +
    'so an unset setting is only compliant where every default that can apply is.',
  categories: ['default-satisfies'],
  check(ctx) {
    const may = (c: Control) =>
      c.checks.some(
        (k) =>
          k.op !== 'absent' &&
          k.op !== 'present' &&
          k.value !== undefined &&
          k.subjects.some((s) => s.kind === 'flag' || s.kind === 'config' || s.kind === 'feature-gate'),
      );
    if (!controlMay(ctx, this.id, may)) return [];
    // What the components do on each node is shared by recurring controls (the same checks in
    // every version), generic@R's whatever the installer; kube-bench is asked only where they
    // meet the control with a default.
    const nodes = [
      { node: genericAt(ctx.release), words: `generic@${ctx.release.release} (flags only)` },
      ...(ctx.installer && installerNodeAt(ctx.installer.id, ctx.release)
        ? [
            {
              node: installerNodeAt(ctx.installer.id, ctx.release)!,
              words: `${ctx.installer.id}@${ctx.release.release}`,
            },
          ]
        : []),
    ];
    for (const [i, n] of nodes.entries()) {
      const found = sharedByControl(
        ctx,
        `${this.id} ${i}`,
        () => defaultOn(ctx, n, this.id),
        i === 0 ? 'effective-any-installer' : 'effective',
      );
      if (found && verdictOf(kubeBenchOn(ctx, n.node)) === 'fail') return forControl(ctx, [found]);
    }
    return [];
  },
};

/** The finding for one node, when the control passes there on a default kube-bench may not see. */
function defaultOn(ctx: RuleContext, n: { node: NodeBundle; words: string }, ruleId: string): Finding | undefined {
  const candidates = ctx.control.checks.flatMap((check, index) => {
    if (check.op === 'absent' || check.op === 'present' || check.value === undefined) return [];
    // "X, or X not set": kube-bench passes an unset setting already.
    if (passesWhenUnset(ctx, check)) return [];
    const s = settingOf(check, ctx.release);
    // An inert flag's value is not a default the component runs with: obsolete-insecure-state
    // says what the release does with it.
    if (s?.flag && isReleaseComponent(s.component) && flagFacts(ctx.release, s.component, s.flag).inert) return [];
    return s && !s.plugin ? [{ check, index, s }] : [];
  });
  if (!candidates.length) return undefined;
  // A setting left at a default there (cheap), then the control's standing.
  const hit = candidates.find((c) => {
    const v = resolved(ctx, n.node, c.s);
    return v.state === 'value' && !v.explicit;
  });
  if (!hit) return undefined;
  if (effectiveOn(ctx, n.node).status !== 'PASS') return undefined;
  const { check, index, s } = hit;
  const name = setting(s.subjects[0]).setting;
  const label = [s.component, name].join(' ');
  const here = resolved(ctx, n.node, s);
  // The defaults that can apply: the flag's (no config file) and, where the component reads one, the file's.
  const rule = s.gate ? undefined : configRule(ctx.release, s.component);
  const contexts = [
    { node: genericAt(ctx.release), words: rule ? 'without a config file' : 'when unset' },
    ...(rule && s.field ? [{ node: configFileAt(ctx.release), words: `with a config file (${rule.kind})` }] : []),
  ].map((x) => ({ ...x, value: resolved(ctx, x.node, s), meets: !checkFails(ctx, check, x.node) }));
  const defaults = contexts.map((x) => `${x.value.value ?? 'unset'} ${x.words}`).join(' and ');
  const all = contexts.every((x) => x.meets);
  const failing = contexts.filter((x) => !x.meets);
  const failingText = failing.map((x) => `the default ${x.words} (${x.value.value}) does not`).join(', ');
  const message =
    `kube-bench fails the control on ${n.words} in ${rel(ctx)}, where ${label} is not set, ` +
    `while the component runs with its default ${here.value} (${here.source}), which meets ` +
    `it. ${label} defaults to ` +
    `${defaults}; ${all ? 'every one meets the control' : failingText}.`;
  return finding(ctx, {
    ruleId,
    category: 'default-satisfies',
    severity: 'low',
    message,
    subject: setting(s.subjects[0]),
    evidence: [...defaultEvidence(ctx, s), ...(rule?.evidence ?? [])],
    suggestion: all
      ? {
          action: 'accept-default',
          headline: `Accept an unset ${label}: its default meets the control`,
          check: `${checkText(check)}, or ${name} is not set`,
          proposal: `Pass when ${label} is not set (it defaults to ${defaults}); still fail an explicit non-compliant value.`,
          edit: { kind: 'accept-unset', check: index },
        }
      : {
          action: 'rewrite-audit',
          headline: `Judge an unset ${label} by the default that applies where it is unset`,
          proposal:
            `Read the effective value: an unset ${label} is ${contexts.map((x) => `${x.value.value} ${x.words}`).join(', ')}, ` +
            `so pass it only ${contexts
              .filter((x) => x.meets)
              .map((x) => x.words)
              .join(' or ')}; do not accept "or not set" for every node.`,
        },
  });
}

/** Where the default is shown: the release's feature-gate page, or the component's reference page. */
function defaultEvidence(ctx: RuleContext, s: CheckSetting): Finding['evidence'] {
  if (s.gate) return [gatePageEvidence(ctx.release.release)];
  if (!isReleaseComponent(s.component)) return [];
  // A default the reviewed table records (the page does not show it): its PRs.
  const reviewed = s.flag ? (flagFacts(ctx.release, s.component, s.flag).defaultEvidence ?? []) : [];
  const prs = reviewed.flatMap((id) => {
    const n = id.match(/^pr:(\d+)$/)?.[1];
    return n
      ? [
          {
            kind: 'pr' as const,
            ref: `kubernetes/kubernetes#${n}`,
            url: `https://github.com/kubernetes/kubernetes/pull/${n}`,
          },
        ]
      : [];
  });
  return [...prs, pageEvidence(s.component, ctx.release.release)];
}
