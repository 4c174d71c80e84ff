import type { Rule } from './types.js';
import type { Check } from '../model/check.js';
import { resolveSetting } from '../evaluate/settings.js';
import { dedupe, finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/**
 * What the serving certificate check accepts besides operator-provided files: a serving
 * certificate the kubelet requests from the certificates API (serverTLSBootstrap), which is
 * CA-signed too once an approver signs it (KubeletConfiguration serverTLSBootstrap). Not
 * rotateCertificates: that is the client certificate, another control's concern.
 */
const servingChecks: Check[] = [
  {
    subjects: [
      { kind: 'config', component: 'kubelet', path: 'tlsCertFile' },
      { kind: 'flag', component: 'kubelet', flag: '--tls-cert-file' },
    ],
    op: 'present',
  },
  {
    subjects: [
      { kind: 'config', component: 'kubelet', path: 'serverTLSBootstrap' },
      { kind: 'flag', component: 'kubelet', flag: '--rotate-server-certificates' },
    ],
    op: 'eq',
    value: 'true',
  },
];

const bootstrapsServing = (c: Check) =>
  c.op === 'eq' &&
  c.value === 'true' &&
  c.subjects.some(
    (s) =>
      (s.kind === 'config' && s.component === 'kubelet' && s.path === 'serverTLSBootstrap') ||
      (s.kind === 'flag' && s.component === 'kubelet' && s.flag === '--rotate-server-certificates'),
  );

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
    // The control accepts a requested (CA-signed) serving certificate already.
    if (ctx.control.combine === 'any' && ctx.control.checks.some(bootstrapsServing)) return [];
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
          headline: 'Accept a requested serving certificate (serverTLSBootstrap) beside tls-cert-file',
          check:
            'kubelet tlsCertFile is set, or serverTLSBootstrap is true: the serving certificate is CA-signed ' +
            '(given by the operator, or requested from the certificates API and approved)',
          proposal:
            'Keep the serving certificate check, and accept serverTLSBootstrap as the alternative to ' +
            'tlsCertFile/tlsPrivateKeyFile: the kubelet then requests its serving certificate instead of ' +
            'signing its own, which needs an approver for kubelet-serving CSRs. rotateCertificates (the ' +
            'client certificate) is not an alternative: it is the client certificate rotation control’s concern.',
          edit: { kind: 'replace-checks', with: servingChecks, combine: 'any' },
        },
      }),
    ];
  },
};
