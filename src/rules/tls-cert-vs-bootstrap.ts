import type { Rule } from './types.js';
import type { Check } from '../model/check.js';
import { resolveSetting } from '../evaluate/settings.js';
import { dedupe, finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/**
 * What carries the control's intent (the kubelet serves a certificate a CA signed) on a node that
 * bootstraps: certificate files provided by the operator, or a serving certificate requested
 * from the cluster CA (serverTLSBootstrap). The kubelet starts only with both files or neither.
 */
const servingChecks: Check[] = [
  {
    subjects: [
      { kind: 'flag', component: 'kubelet', flag: '--tls-cert-file' },
      { kind: 'config', component: 'kubelet', path: 'tlsCertFile' },
    ],
    op: 'present',
  },
  { subjects: [{ kind: 'config', component: 'kubelet', path: 'serverTLSBootstrap' }], op: 'eq', value: 'true' },
];

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
    // A control that already accepts a serving certificate requested from the cluster CA keeps the intent.
    if (
      ctx.control.combine === 'any' &&
      ctx.control.checks.some((c) =>
        c.subjects.some((s) => s.kind === 'config' && s.component === 'kubelet' && s.path === 'serverTLSBootstrap'),
      )
    )
      return [];
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
          `every bootstrapped node (${node.name}: ${statusWords(result)}). A bootstrapped kubelet gets a ` +
          `CA-signed serving certificate with serverTLSBootstrap: true and an approver for its CSRs, which the check ` +
          `does not accept; without it the kubelet serves a self-signed certificate and rightly fails the control's intent.`,
        subject: setting(ctx.control.checks[index].subjects[0]),
        evidence: dedupe([...fact.evidence, ...(ctx.knowledge.facts['serving-csr-no-approver']?.evidence ?? [])]),
        suggestion: {
          action: 'replace',
          headline:
            'Accept a kubelet serving certificate requested from the cluster CA (serverTLSBootstrap) beside tls-cert-file',
          check:
            'kubelet tlsCertFile is set, or serverTLSBootstrap is true (with an approver for kubelet-serving CSRs)',
          proposal:
            'Keep the intent (the kubelet serves a CA-signed certificate) and accept either way to it: tlsCertFile ' +
            'and tlsPrivateKeyFile set, or serverTLSBootstrap: true, which needs something that approves ' +
            'kubelet-serving certificate requests. rotateCertificates is not a substitute: it concerns the client ' +
            'certificate, and its own control checks it.',
          edit: { kind: 'replace-checks', with: servingChecks, combine: 'any' },
        },
      }),
    ];
  },
};
