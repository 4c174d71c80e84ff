import type { Rule } from './types.js';
import { satisfies } from './eval.js';
import { finding, flagOf, isReleaseComponent, rel, setting } from './helpers.js';
import { own } from '../model/own.js';

/** Where each control-plane component's extraArgs live in kubeadm's ClusterConfiguration. */
const extraArgsKey: Record<string, string> = {
  'kube-apiserver': 'apiServer',
  'kube-controller-manager': 'controllerManager',
  'kube-scheduler': 'scheduler',
  etcd: 'etcd.local',
};

/** The installer supports the setting (extraArgs) but does not set it by default. */
export const installerNotDefault: Rule = {
  id: 'installer-not-default',
  title: 'Supported by the installer, not set by default',
  rationale:
    'On a fresh install the control fails although the installer can meet it through its configuration; the benchmark should say how, and scanners should not read the failure as a defect of the installer.',
  categories: ['installer-not-default'],
  check(ctx) {
    const inst = ctx.installer;
    if (!inst?.facts['extra-args']) return [];
    const results: boolean[] = [];
    let first: ReturnType<typeof finding> | undefined;
    for (const check of ctx.control.checks) {
      let ok: boolean | undefined;
      const s = check.subjects[0];
      if (s.kind === 'flag' && extraArgsKey[s.component]) {
        const name = s.flag.replace(/^--/, '');
        const written = own(inst.defaults.flags[s.component as 'kube-apiserver'], name);
        const def = isReleaseComponent(s.component) ? flagOf(ctx.release, s.component, s.flag)?.default : undefined;
        ok =
          written !== undefined
            ? satisfies(check, written)
            : check.op === 'absent' ||
              (def !== undefined && def !== '' && satisfies(check, def) && check.op !== 'present');
        if (!ok && !first)
          first = finding(ctx, {
            ruleId: this.id,
            category: 'installer-not-default',
            severity: 'medium',
            message: `${inst.title} ${written !== undefined ? `sets ${s.component} ${s.flag}=${written}` : `does not set ${s.component} ${s.flag}`} in ${rel(ctx)}; it can be set through extraArgs in the ClusterConfiguration.`,
            subject: setting(s),
            evidence: inst.facts['extra-args'].evidence,
            suggestion: {
              action: 'rewrite-audit',
              proposal: `Add to the remediation how to set ${s.flag} with ${inst.title} (ClusterConfiguration ${extraArgsKey[s.component]}.extraArgs).`,
            },
          });
      } else if (s.kind === 'admission-plugin') {
        const on = new Set([
          ...(inst.defaults.flags['kube-apiserver']?.['enable-admission-plugins'] ?? '').split(','),
          ...ctx.release.admission.defaultOn,
        ]);
        const off = new Set((inst.defaults.flags['kube-apiserver']?.['disable-admission-plugins'] ?? '').split(','));
        ok = s.state === 'enabled' ? on.has(s.plugin) && !off.has(s.plugin) : !on.has(s.plugin) || off.has(s.plugin);
        if (!ok && !first)
          first = finding(ctx, {
            ruleId: this.id,
            category: 'installer-not-default',
            severity: 'medium',
            message: `${inst.title} does not ${s.state === 'enabled' ? 'enable' : 'disable'} admission plugin ${s.plugin} in ${rel(ctx)}; it can be set through apiServer.extraArgs.`,
            subject: setting(s),
            evidence: inst.facts['extra-args'].evidence,
            suggestion: {
              action: 'rewrite-audit',
              proposal: `Add to the remediation how to ${s.state === 'enabled' ? 'enable' : 'disable'} ${s.plugin} with ${inst.title} (apiServer.extraArgs ${s.state === 'enabled' ? 'enable' : 'disable'}-admission-plugins).`,
            },
          });
      }
      if (ok !== undefined) results.push(ok);
    }
    if (!results.length || !first) return [];
    const met = ctx.control.combine === 'any' ? results.some(Boolean) : results.every(Boolean);
    return met ? [] : [first];
  },
};
