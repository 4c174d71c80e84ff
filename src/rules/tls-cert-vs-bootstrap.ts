import type { Rule } from './types.js';
import { finding, rel, setting, subjects } from './helpers.js';

/** Requiring kubelet tls-cert-file/tls-private-key-file conflicts with TLS bootstrapping. */
export const tlsCertVsBootstrap: Rule = {
  id: 'tls-cert-vs-bootstrap',
  title: 'Kubelet serving certificate files vs TLS bootstrapping',
  rationale:
    "A kubelet that bootstraps its certificates (or self-signs its serving certificate) does not set tlsCertFile/tlsPrivateKeyFile; requiring them rejects the installer's supported mechanism.",
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['tls-bootstrap'];
    if (!fact) return [];
    for (const { check, subject: s } of subjects(ctx)) {
      const hit =
        (s.kind === 'flag' && s.component === 'kubelet' && s.flag === '--tls-cert-file') ||
        (s.kind === 'config' && s.component === 'kubelet' && s.path === 'tlsCertFile');
      if (!hit || check.op === 'absent') continue;
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'conflict',
          severity: 'high',
          message: `${ctx.installer!.title} configures kubelets by TLS bootstrapping in ${rel(ctx)}, which leaves tlsCertFile/tlsPrivateKeyFile unset; the check fails every bootstrapped node.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'replace',
            headline: 'Replace the kubelet tls-cert-file check with a TLS bootstrapping check',
            check:
              'kubelet rotateCertificates is true, and the serving certificate is CA-signed through serverTLSBootstrap or set by tlsCertFile/tlsPrivateKeyFile',
            proposal:
              'Replace the tls-cert-file check with a TLS bootstrapping check: rotateCertificates is true and the kubelet serving certificate is either CA-signed via serverTLSBootstrap or provided by tlsCertFile/tlsPrivateKeyFile.',
          },
        }),
      ];
    }
    return [];
  },
};
