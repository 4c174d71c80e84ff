import type { Rule } from './types.js';
import type { Check } from '../model/check.js';
import { resolveSetting } from '../evaluate/settings.js';
import { finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/** What a TLS bootstrapping check reads: the kubelet rotates the client certificate it bootstrapped. */
const bootstrapCheck: Check = {
  subjects: [
    { kind: 'flag', component: 'kubelet', flag: '--rotate-certificates' },
    { kind: 'config', component: 'kubelet', path: 'rotateCertificates' },
  ],
  op: 'eq',
  value: 'true',
};

/**
 * Requiring kubelet tls-cert-file/tls-private-key-file conflicts with TLS bootstrapping: on
 * the installer's node the kubelet bootstraps (--bootstrap-kubeconfig) and the control fails.
 */
export const tlsCertVsBootstrap: Rule = {
  id: 'tls-cert-vs-bootstrap',
  title: 'Kubelet serving certificate files vs TLS bootstrapping',
  rationale:
    'A kubelet that bootstraps its certificates (or self-signs its serving certificate) does not ' +
    "set tlsCertFile/tlsPrivateKeyFile; requiring them rejects the installer's supported mechanism.",
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['tls-bootstrap'];
    const node = installerNodeAt(ctx.installer?.id, ctx.release);
    if (!fact || !node) return [];
    const index = ctx.control.checks.findIndex(
      (c) =>
        c.op !== 'absent' &&
        c.subjects.some(
          (s) =>
            (s.kind === 'flag' && s.component === 'kubelet' && s.flag === '--tls-cert-file') ||
            (s.kind === 'config' && s.component === 'kubelet' && s.path === 'tlsCertFile'),
        ),
    );
    if (index < 0) return [];
    const bootstrap = resolveSetting({ bundle: node, release: ctx.release }, 'kubelet', {
      flag: 'bootstrap-kubeconfig',
    });
    const result = effectiveOn(ctx, node);
    if (!bootstrap.explicit || result.status !== 'FAIL') return [];
    return [
      finding(ctx, {
        ruleId: this.id,
        category: 'conflict',
        severity: 'high',
        message:
          `${ctx.installer!.title} configures kubelets by TLS bootstrapping ` +
          `in ${rel(ctx)} (--bootstrap-kubeconfig, ${bootstrap.source}), ` +
          `which leaves tlsCertFile/tlsPrivateKeyFile unset; the check fails ` +
          `every bootstrapped node (${node.name}: ${statusWords(result)}).`,
        subject: setting(ctx.control.checks[index].subjects[0]),
        evidence: fact.evidence,
        suggestion: {
          action: 'replace',
          headline: 'Replace the kubelet tls-cert-file check with a TLS bootstrapping check',
          check: 'kubelet rotateCertificates is true: the kubelet bootstraps its client certificate and rotates it',
          proposal:
            'Replace the tls-cert-file check with a TLS bootstrapping check: ' +
            'rotateCertificates is true (client certificate from the bootstrap token, ' +
            'rotated). A CA-signed serving certificate (serverTLSBootstrap or ' +
            'tlsCertFile) is the serving certificate rotation control’s concern.',
          edit: { kind: 'replace-checks', with: [bootstrapCheck], combine: 'all' },
        },
      }),
    ];
  },
};
