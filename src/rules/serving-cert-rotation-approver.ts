import type { Rule } from './types.js';
import { finding, rel, setting, subjects } from './helpers.js';

/** Kubelet server certificate rotation needs an approver no upstream component provides. */
export const servingCertRotationApprover: Rule = {
  id: 'serving-cert-rotation-approver',
  title: 'Server certificate rotation without an approver',
  rationale:
    'Kubelets can request serving certificates, but no built-in controller approves those requests; the control can only be met by running a third-party approver or approving by hand.',
  categories: ['unsatisfiable'],
  check(ctx) {
    const fact = ctx.knowledge.facts['serving-csr-no-approver'];
    if (!fact) return [];
    for (const { subject: s } of subjects(ctx)) {
      const hit =
        (s.kind === 'feature-gate' && s.gate === 'RotateKubeletServerCertificate') ||
        (s.kind === 'config' && s.component === 'kubelet' && s.path === 'serverTLSBootstrap') ||
        (s.kind === 'flag' && s.component === 'kubelet' && s.flag === '--rotate-server-certificates');
      if (!hit) continue;
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'unsatisfiable',
          severity: 'high',
          message: `No built-in controller approves kubelet serving certificate requests in ${rel(ctx)}: kube-controller-manager signs them only after approval, so rotation stalls without an operator-run approver.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'remove',
            headline: 'Remove the kubelet serving certificate rotation control until an automatic approver exists',
            proposal:
              'Remove the control until host identity allows automatic approval of kubelet serving CSRs, or make it manual and conditional on an approver being deployed.',
          },
        }),
      ];
    }
    return [];
  },
};
