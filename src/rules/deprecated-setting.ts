import type { Rule } from './types.js';
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
import { own } from '../model/own.js';

/** The checked setting is deprecated in the release. */
export const deprecatedSetting: Rule = {
  id: 'deprecated-setting',
  title: 'Checked setting is deprecated',
  rationale:
    'A deprecated flag, field, plugin or gate will be removed; a control on it needs a successor before that happens. Kubelet flags deprecated in favour of the config file should be checked in the file.',
  categories: ['deprecated'],
  check(ctx) {
    const out = [];
    for (const { check, subject: s } of subjects(ctx)) {
      if (s.kind === 'flag' && isReleaseComponent(s.component)) {
        const f = flagOf(ctx.release, s.component, s.flag);
        if (!f?.deprecated) continue;
        const readsFile = check.subjects.some((o) => o.kind === 'config');
        const field = own(ctx.release.flagFields[s.component], f.name);
        out.push(
          finding(ctx, {
            ruleId: this.id,
            category: 'deprecated',
            severity: f.configFile && readsFile ? 'low' : 'medium',
            message: f.configFile
              ? `${s.component} ${s.flag} is deprecated in ${rel(ctx)} in favour of the config file${field ? ` (${field})` : ''}.`
              : `${s.component} ${s.flag} is deprecated in ${rel(ctx)}${f.inert ? ' and has no effect' : ''}.`,
            subject: setting(s),
            evidence: f.evidence ?? [],
            suggestion:
              f.configFile && field
                ? {
                    action: 'rewrite-audit',
                    proposal: `Check ${field} in the ${s.component} config file first, the flag only as a fallback.`,
                  }
                : { action: 'remove', proposal: `Plan the removal of the ${s.flag} check.` },
          }),
        );
      } else if (s.kind === 'config' && isReleaseComponent(s.component)) {
        const f = fieldOf(ctx.release, s.component, s.path);
        if (f?.deprecated)
          out.push(
            finding(ctx, {
              ruleId: this.id,
              category: 'deprecated',
              severity: 'medium',
              message: `${s.component} config field ${s.path} is deprecated in ${rel(ctx)}.`,
              subject: setting(s),
              evidence: [],
              suggestion: { action: 'remove', proposal: `Drop the ${s.path} check or replace it with its successor.` },
            }),
          );
      } else if (s.kind === 'admission-plugin') {
        const deps = [
          ...changesOf(earlierReleases(ctx), 'plugin', s.plugin, 'deprecated'),
          ...changesOf([ctx.release], 'plugin', s.plugin, 'deprecated'),
        ];
        if (deps.length && hasPlugin(ctx.release, s.plugin)) {
          out.push(
            finding(ctx, {
              ruleId: this.id,
              category: 'deprecated',
              severity: 'medium',
              message: `Admission plugin ${s.plugin} is deprecated in ${rel(ctx)}.`,
              subject: setting(s),
              evidence: dedupe(deps.flatMap((d) => d.evidence)),
              suggestion: { action: 'replace' },
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
              evidence: [],
              suggestion: { action: 'remove' },
            }),
          );
      }
    }
    return out;
  },
};
