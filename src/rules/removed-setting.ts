import { compareVersions } from '../model/ids.js';
import type { Rule } from './types.js';
import { fieldOf, finding, flagOf, isReleaseComponent, rel, setting, subjects } from './helpers.js';

/** The checked flag, plugin, gate or field existed in an earlier release and is gone from this one. */
export const removedSetting: Rule = {
  id: 'removed-setting',
  title: 'Checked setting no longer exists',
  rationale: 'A check on a flag, admission plugin, feature gate or config field the release no longer has can never pass (or passes vacuously when it asks for absence); it tests nothing.',
  categories: ['removed'],
  check(ctx) {
    const out = [];
    const earlier = ctx.history.filter((r) => compareVersions(r.release, ctx.release.release) < 0);
    const seen = new Set<string>();
    for (const { check, subject: s } of subjects(ctx)) {
      let gone = false;
      let what = '';
      if (s.kind === 'flag' && isReleaseComponent(s.component)) {
        gone = !flagOf(ctx.release, s.component, s.flag) && earlier.some((r) => flagOf(r, s.component as never, s.flag));
        what = `${s.component} flag ${s.flag}`;
      } else if (s.kind === 'admission-plugin') {
        gone = !ctx.release.admission.available.includes(s.plugin) && earlier.some((r) => r.admission.available.includes(s.plugin));
        what = `admission plugin ${s.plugin}`;
      } else if (s.kind === 'feature-gate') {
        gone = ctx.release.removedGates.includes(s.gate) || (!ctx.release.gates.some((g) => g.name === s.gate) && earlier.some((r) => r.gates.some((g) => g.name === s.gate)));
        what = `feature gate ${s.gate}`;
      } else if (s.kind === 'config' && isReleaseComponent(s.component)) {
        gone = !fieldOf(ctx.release, s.component, s.path) && earlier.some((r) => fieldOf(r, s.component as never, s.path)) && !check.subjects.some((o) => o.kind === 'flag');
        what = `${s.component} config field ${s.path}`;
      }
      if (!gone || seen.has(what)) continue;
      seen.add(what);
      const evidence = ctx.history.flatMap((r) => r.changes).filter((c) => c.change === 'removed' && (c.name === (s.kind === 'flag' ? s.flag : s.kind === 'admission-plugin' ? s.plugin : s.kind === 'feature-gate' ? s.gate : ''))).flatMap((c) => c.evidence);
      const last = [...earlier].reverse().find((r) => (s.kind === 'flag' ? flagOf(r, s.component as never, s.flag) : s.kind === 'admission-plugin' ? r.admission.available.includes(s.plugin) : s.kind === 'feature-gate' ? r.gates.some((g) => g.name === s.gate) : s.kind === 'config' ? fieldOf(r, s.component as never, s.path) : false));
      out.push(finding(ctx, {
        ruleId: this.id, category: 'removed', severity: 'high',
        message: `${what} does not exist in ${rel(ctx)}${last ? ` (last in ${last.release})` : ''}, so the check ${check.op === 'absent' ? 'passes vacuously' : 'can never pass'}.`,
        subject: setting(s), evidence: dedupe(evidence),
        suggestion: { action: 'remove', proposal: `Remove the check on ${what} for Kubernetes ${ctx.release.release} and later.` },
      }));
    }
    return out;
  },
};

export function dedupe<T extends { url: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.url) ? false : (seen.add(x.url), true)));
}
