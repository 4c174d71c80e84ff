import type { Rule, Subject } from './types.js';
import { finding, rel, setting, subjects } from './helpers.js';
import { genericAt } from './ground/nodes.js';
import { standing } from './ground/standing.js';

/**
 * Kubelet serving certificate rotation needs an approver no upstream component provides. Said
 * of the control's intent, and of what its check does on generic@R: a check on the gate alone
 * passes by default once the gate is on by default (it then tells nothing), while one on
 * serverTLSBootstrap asks for what stalls without an approver.
 */
export const servingCertRotationApprover: Rule = {
  id: 'serving-cert-rotation-approver',
  title: 'Server certificate rotation without an approver',
  rationale:
    'Kubelets can request serving certificates, but no built-in controller approves those requests; what the control intends can ' +
    'only be met by running a third-party approver or approving by hand, and the feature gate it often checks says nothing about it.',
  categories: ['unsatisfiable'],
  check(ctx) {
    const fact = ctx.knowledge.facts['serving-csr-no-approver'];
    if (!fact) return [];
    const rotation = (s: Subject) =>
      (s.kind === 'feature-gate' && s.gate === 'RotateKubeletServerCertificate') ||
      (s.kind === 'config' && s.component === 'kubelet' && s.path === 'serverTLSBootstrap') ||
      (s.kind === 'flag' && s.component === 'kubelet' && s.flag === '--rotate-server-certificates');
    // One alternative among others (tlsCertFile or serverTLSBootstrap): the control can be met without an approver.
    if (
      ctx.control.combine === 'any' &&
      ctx.control.checks.some((c) => c.op !== 'absent' && !c.subjects.some(rotation))
    )
      return [];
    for (const { subject: s } of subjects(ctx)) {
      if (!rotation(s)) continue;
      const node = genericAt(ctx.release);
      const st = standing(ctx, node);
      const approver =
        `No built-in controller approves kubelet serving certificate requests in ${rel(ctx)}: kube-controller-manager ` +
        `signs them only after approval, so rotation stalls without an operator-run approver.`;
      const message =
        st.effectiveVerdict === 'pass' && st.kubeBenchVerdict === 'pass'
          ? `The check passes on every cluster that leaves ${setting(s).setting} at its default (${node.name}: PASS), so it cannot tell ` +
            `whether kubelet serving certificates rotate; what the control intends needs serverTLSBootstrap and an approver. ${approver}`
          : st.effectiveVerdict === 'pass'
            ? `kube-bench fails the check unless ${setting(s).setting} is set explicitly, ` +
              `though the components run with it on by default (${node.name}: effective PASS, ` +
              `kube-bench ${st.kubeBench.status}); neither says whether kubelet serving ` +
              `certificates rotate, which needs serverTLSBootstrap and an approver. ${approver}`
            : `Meeting the check makes kubelets request serving certificates. ${approver}`;
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'unsatisfiable',
          severity: st.effectiveVerdict === 'pass' && st.kubeBenchVerdict === 'pass' ? 'medium' : 'high',
          message,
          subject: setting(s),
          evidence: fact.evidence,
          // A control manual and not scored already needs no change of status, only the condition said.
          suggestion:
            ctx.control.assessment === 'manual' && !ctx.control.scored
              ? {
                  action: 'rewrite-audit',
                  headline: 'Say that the kubelet serving certificate rotation control needs an approver',
                  proposal:
                    'The control is manual and not scored already: keep it so, and say in its audit that it holds ' +
                    'only where an approver for kubelet-serving CSRs is deployed.',
                }
              : {
                  action: 'mark-manual',
                  headline:
                    'Make the kubelet serving certificate rotation control manual until an automatic approver exists',
                  proposal:
                    'Keep the control, manual and not scored, conditional on an approver for kubelet-serving CSRs ' +
                    'being deployed; remove it only once host identity allows automatic approval.',
                  edit: { kind: 'mark-manual' },
                },
        }),
      ];
    }
    return [];
  },
};
