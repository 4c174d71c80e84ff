import type { ControlEdit, Rule, RuleContext, Subject } from './types.js';
import { subjectKey } from '../model/subject.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import {
  changesOf,
  dedupe,
  earlierReleases,
  fieldKnown,
  finding,
  flagOf,
  hasGate,
  hasPlugin,
  isReleaseComponent,
  rel,
  setting,
  subjects,
  unlistedFlagOf,
} from './helpers.js';

/** The indexes of the control's checks that read a subject. */
export function checksOn(ctx: RuleContext, s: Subject): number[] {
  const key = subjectKey(s);
  return ctx.control.checks.flatMap((c, i) => (c.subjects.some((x) => subjectKey(x) === key) ? [i] : []));
}

/**
 * The edit that takes a gone setting out of a control: a check that also reads the setting
 * elsewhere (the flag beside its config field) keeps its other subjects; a check on the gone
 * setting alone is dropped.
 */
function withoutSetting(ctx: RuleContext, s: Subject): ControlEdit {
  const key = subjectKey(s);
  const indexes = checksOn(ctx, s);
  const kept = indexes
    .map((i) => ctx.control.checks[i])
    .map((c) => ({ ...c, subjects: c.subjects.filter((x) => subjectKey(x) !== key) }))
    .filter((c) => c.subjects.length > 0);
  return kept.length
    ? { kind: 'replace-checks', checks: indexes, with: kept }
    : { kind: 'drop-checks', checks: indexes, whenEmpty: 'remove' };
}

/** The checked flag, plugin, gate or field existed in an earlier release and is gone from this one. */
export const removedSetting: Rule = {
  id: 'removed-setting',
  title: 'Checked setting no longer exists',
  rationale:
    'A check on a flag, admission plugin, feature gate or config field the release no longer ' +
    'has can never pass (or passes vacuously when it asks for absence); it tests nothing.',
  categories: ['removed', 'obsolete'],
  check(ctx) {
    const out = [];
    const earlier = earlierReleases(ctx);
    const seen = new Set<string>();
    for (const { check, subject: s } of subjects(ctx)) {
      // One predicate per subject kind: "does release r have it?", asked of this release and the earlier ones.
      let has: ((r: ReleaseSnapshot) => boolean) | undefined;
      let what = '';
      let name = '';
      if (s.kind === 'flag' && isReleaseComponent(s.component)) {
        const component = s.component;
        has = (r) => flagOf(r, component, s.flag) !== undefined;
        what = `${s.component} flag ${s.flag}`;
        name = s.flag;
      } else if (s.kind === 'admission-plugin') {
        has = (r) => hasPlugin(r, s.plugin);
        what = `admission plugin ${s.plugin}`;
        name = s.plugin;
      } else if (s.kind === 'feature-gate') {
        has = (r) => hasGate(r, s.gate) && !r.removedGates.includes(s.gate);
        what = `feature gate ${s.gate}`;
        name = s.gate;
      } else if (
        s.kind === 'config' &&
        isReleaseComponent(s.component) &&
        !check.subjects.some((o) => o.kind === 'flag')
      ) {
        const component = s.component;
        has = (r) => fieldKnown(r, component, s.path);
        what = `${s.component} config field ${s.path}`;
      }
      if (!has || seen.has(what) || has(ctx.release)) continue;
      // Not documented any more, with no record either way: neither accepted nor removed.
      const unlisted =
        s.kind === 'flag' && isReleaseComponent(s.component)
          ? unlistedFlagOf(ctx.release, s.component, s.flag)
          : undefined;
      if (unlisted) {
        seen.add(what);
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'obsolete',
            severity: 'medium',
            message:
              `${what} is not documented in ${rel(ctx)}: its reference page stopped listing it after ` +
              `${unlisted.lastListed}${unlisted.deprecated ? ', where it was deprecated' : ''}, and no removal is on ` +
              `record; whether the release still accepts it is not known, so the check may test nothing.`,
            subject: setting(s),
            evidence: unlisted.evidence,
            suggestion: {
              action: 'replace',
              headline: `Verify that Kubernetes ${ctx.release.release} still accepts ${what}`,
              proposal:
                `Confirm on a ${ctx.release.release} binary whether ${what} is still accepted before keeping the check; ` +
                `the last reference page that lists it is ${unlisted.lastListed}'s.`,
            },
          }),
        );
        continue;
      }
      const last = [...earlier].reverse().find(has);
      const gone = last !== undefined || (s.kind === 'feature-gate' && ctx.release.removedGates.includes(s.gate));
      if (!gone) continue;
      seen.add(what);
      // A check that asks for the setting's absence, or sits beside one under "any", is met on every
      // cluster: the control passes vacuously, as kube-bench reports it (cis-1.23 1.2.4, --kubelet-https).
      const key = subjectKey(s);
      const onIt = ctx.control.checks.filter((c) => c.subjects.some((x) => subjectKey(x) === key));
      const vacuous = check.op === 'absent' || (ctx.control.combine === 'any' && onIt.some((c) => c.op === 'absent'));
      // Evidence of this removal: a change on the same name, and the same component where both say one
      // (kubectl's --port going away says nothing about the API server's).
      const component = 'component' in s ? s.component : undefined;
      const kind = s.kind === 'flag' ? 'flag' : s.kind === 'admission-plugin' ? 'plugin' : 'gate';
      const evidence = name
        ? changesOf(ctx.history, kind, name, 'removed')
            .filter((c) => !c.component || !component || c.component === component)
            .flatMap((c) => c.evidence)
        : [];
      out.push(
        finding(ctx, {
          ruleId: this.id,
          category: 'removed',
          severity: 'high',
          message:
            `${what} does not exist in ${rel(ctx)}${last ? ` (last in ${last.release})` : ''}, ` +
            (vacuous
              ? check.op === 'absent'
                ? 'so the check passes vacuously.'
                : 'so the control passes vacuously: it accepts the setting being unset, which always holds, and ' +
                  'its check on a value can no longer be met.'
              : 'so the check can never pass.'),
          subject: setting(s),
          evidence: dedupe(evidence),
          suggestion: {
            action: 'remove',
            proposal: `Remove the check on ${what} for Kubernetes ${ctx.release.release} and later.`,
            edit: withoutSetting(ctx, s),
          },
        }),
      );
    }
    return out;
  },
};
