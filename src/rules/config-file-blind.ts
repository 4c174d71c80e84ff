import type { Control } from '../model/benchmark.js';
import type { Finding, Rule } from './types.js';
import { componentView, resolveSetting } from '../evaluate/settings.js';
import { checkText } from '../model/check-text.js';
import type { Evidence } from '../k8s/snapshot.js';
import { dedupe, finding, rel, setting } from './helpers.js';
import { configFileAt, edited, installerNodeAt } from './ground/nodes.js';
import { controlMay, effectiveOn, forControl, kubeBenchOn, sharedByControl } from './ground/standing.js';
import { verdictOf } from '../evaluate/evaluate.js';
import type { NodeBundle } from '../node/bundle.js';
import { compliantValue, configFieldOf, settingOf } from './ground/values.js';
import { flagReadOnInstaller } from './ground/installer.js';

/**
 * A check that reads only a flag the component also takes from its config file, where the
 * installer or the release puts the setting: the installer's node sets it in the file, or the
 * component ignores the flag once --config is given (kube-scheduler, kube-proxy: a false PASS),
 * or a compliant config file alone fails the check (the kubelet: a false FAIL). Evaluated on
 * the installer's node and on generic@R with a config file; checks that already read the
 * config field are left alone.
 */
export const configFileBlind: Rule = {
  id: 'config-file-blind',
  title: 'Check reads only the command line',
  rationale:
    'When a component takes the setting from its config file (kubeadm and ' +
    'most distributions configure the kubelet that way; kube-scheduler and ' +
    'kube-proxy ignore the flags their file covers), a check that greps only ' +
    'the command line fails compliant nodes or passes non-compliant ones.',
  categories: ['config-file-blind'],
  check(ctx) {
    const configured = new Set(['kubelet', 'kube-scheduler', 'kube-proxy']);
    const may = (c: Control) =>
      c.checks.some(
        (k) =>
          k.op !== 'absent' &&
          !k.subjects.some((s) => s.kind === 'config') &&
          k.subjects.some((s) => s.kind === 'flag' && configured.has(s.component)),
      );
    if (!controlMay(ctx, this.id, may)) return [];
    // What the components do is shared by recurring controls (the same checks in every version);
    // whether kube-bench passes the ignored flag is asked of each control (its scanner facts).
    const shared = sharedByControl(
      ctx,
      this.id,
      (): Array<{ finding: Finding; probe?: NodeBundle; falsePass?: string }> => {
        const out: Array<{ finding: Finding; probe?: NodeBundle; falsePass?: string }> = [];
        for (const [index, check] of ctx.control.checks.entries()) {
          if (check.subjects.some((s) => s.kind === 'config') || check.op === 'absent') continue;
          const s = settingOf(check, ctx.release);
          if (!s?.flag || !s.field || s.gate || s.plugin) continue;
          const known = configFieldOf(ctx.release, s.component, s.flag);
          if (!known || known.field !== s.field) continue;
          const { rule } = known;
          const flag = `--${s.flag}`;
          const label = `${s.component} ${flag}`;
          const seen: string[] = [];

          // Where the installer puts it.
          const installed = installerNodeAt(ctx.installer?.id, ctx.release);
          if (installed) {
            const v = resolveSetting({ bundle: installed, release: ctx.release }, s.component, {
              flag: s.flag,
              field: s.field,
            });
            const view = componentView({ bundle: installed, release: ctx.release }, s.component);
            const files = [view.config, ...view.dropIns].filter((x) => x !== undefined).map((x) => x.shownAs);
            const viaFile = v.explicit && files.some((x) => v.source === x || v.source.startsWith(`${x}:`));
            if (viaFile)
              seen.push(
                `${ctx.installer!.title} sets ${s.field} in ${s.component}'s config file (${v.source}), where the check does not look ` +
                  `(${installed.name}: the component ` +
                  `${effectiveOn(ctx, installed).status === 'PASS' ? 'meets' : 'does not meet'} the control)`,
              );
          }
          // What the component does once it has a config file.
          const value = compliantValue(check, s, ctx.release);
          let probe: NodeBundle | undefined;
          let falsePass: string | undefined;
          if (value !== undefined) {
            const base = configFileAt(ctx.release);
            if (rule.precedence === 'file-only') {
              probe = edited(
                base,
                ctx.release,
                { flags: [{ component: s.component, name: s.flag, value }] },
                `${flag}=${value}`,
              );
              const runs = resolveSetting({ bundle: probe, release: ctx.release }, s.component, {
                flag: s.flag,
                field: s.field,
              });
              seen.push(`with --${rule.flag} given, ${s.component} ignores ${flag} and reads ${s.field} from the file`);
              if (effectiveOn(ctx, probe).status === 'FAIL')
                falsePass =
                  `: with ${flag}=${value} on its command line kube-bench passes while the component ` +
                  `runs with ${s.field} = ${runs.value ?? 'unset'} (${runs.source}), a false PASS`;
              else probe = undefined;
            }
          }
          // Where the release puts it: a kubelet flag deprecated in favour of its config file field.
          const f = ctx.release.flags[s.component as 'kubelet']?.find((x) => x.name === s.flag);
          if (rule.precedence !== 'file-only' && f?.configFile)
            seen.push(
              `${s.component} takes ${s.field} from its config file (--${rule.flag}), and ${flag} is deprecated ` +
                `in favour of it in ${rel(ctx)}: a node configured there meets the control while the check fails it`,
            );
          if (!seen.length) continue;
          // An installer that starts the component without its config file reads the flag: the check is right on its nodes.
          const flagOnly =
            rule.precedence === 'file-only' && ctx.installer
              ? flagReadOnInstaller(ctx.installer.id, ctx.release, s.subjects[0])
              : undefined;
          if (flagOnly)
            seen.push(
              `${ctx.installer!.title} starts ${s.component} without --${flagOnly.configFlag}, so on its nodes ` +
                `${flag} is what the component reads and the check is right there`,
            );
          const deprecated =
            f?.deprecated && !f.configFile
              ? ` ${flag} is deprecated in ` +
                `${rel(ctx)}${f.configFile || rule.precedence === 'file-only' ? ` in favour of ${s.field} in ${rule.kind}` : ''}.`
              : '';
          const evidence: Evidence[] = dedupe([...(f?.evidence ?? []), ...rule.evidence]);
          out.push({
            ...(probe && falsePass ? { probe, falsePass } : {}),
            finding: finding(ctx, {
              ruleId: this.id,
              category: 'config-file-blind',
              severity: flagOnly ? 'low' : 'medium',
              message: `The check reads only ${label}, but in ${rel(ctx)} ${seen.join('; ')}.${deprecated}`,
              subject: setting(s.subjects[0]),
              evidence,
              suggestion: {
                action: 'rewrite-audit',
                headline:
                  `Check ${s.field} in the ${s.component} config file, and ${flag} only where ` +
                  `${rule.precedence === 'file-only' ? `no --${rule.flag} is given` : 'it is set'}`,
                check:
                  `${checkText(check)}, read from ${s.field} in the config file ` +
                  `${rule.precedence === 'file-only' ? `when --${rule.flag} is given` : `unless ${flag} overrides it`}`,
                proposal:
                  `Read ${s.field} from the ${s.component} config file (--${rule.flag}), and the ${flag} flag ` +
                  (rule.precedence === 'file-only'
                    ? `only when no --${rule.flag} is given (the component ignores it then).`
                    : 'where it is set (it overrides the file).'),
                edit: {
                  kind: 'add-subjects',
                  check: index,
                  subjects: [{ kind: 'config', component: s.component, path: s.field }],
                },
              },
            }),
          });
        }
        return out;
      },
      'effective',
    );
    return forControl(
      ctx,
      shared.map(({ finding: f, probe, falsePass }) =>
        probe && falsePass && verdictOf(kubeBenchOn(ctx, probe)) === 'pass'
          ? { ...f, message: f.message.replace(/ from the file(?=[;.])/, ` from the file${falsePass}`) }
          : f,
      ),
    );
  },
};
