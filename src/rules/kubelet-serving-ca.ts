import type { Rule, Subject } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { controlMay } from './ground/standing.js';
import { readProperties } from '../intent/property.js';
import { breakage, installerPlan } from './ground/installer.js';

/**
 * --kubelet-certificate-authority on the API server, where the installer's kubelets serve with
 * self-signed certificates: the API server can no longer reach them (kubectl logs, exec,
 * port-forward). Checked on the installer's node made to meet the control.
 */
export const kubeletServingCa: Rule = {
  id: 'kubelet-serving-ca',
  title: 'Kubelet certificate authority vs self-signed kubelet serving certificates',
  rationale:
    'An API server that verifies kubelets against a CA cannot talk to kubelets that serve self-signed certificates, ' +
    'as kubeadm’s do; the control needs CA-signed kubelet serving certificates first, which in turn need an approver.',
  categories: ['conflict'],
  check(ctx) {
    const inst = ctx.installer;
    const fact = inst?.facts['kubelet-serving-self-signed'];
    if (!inst || !fact) return [];
    // Manual and not scored already (CIS's convention): it fails no cluster, so meeting it breaks nothing.
    if (ctx.control.assessment === 'manual' && !ctx.control.scored) return [];
    // A remediation that already states the prerequisite (data/intent.yaml `precondition`, as draft
    // writes it) answers the finding: the control stays scored where kubelets serve CA-signed certificates.
    const remediation = ctx.control.remediation ?? '';
    if (readProperties().some((p) => p.precondition && remediation.includes(p.precondition.words))) return [];
    const names = (x: Subject) =>
      x.kind === 'flag' && x.component === 'kube-apiserver' && x.flag === '--kubelet-certificate-authority';
    if (!controlMay(ctx, this.id, (c) => c.checks.some((k) => k.subjects.some(names)))) return [];
    const plan = installerPlan(ctx);
    const made = plan?.settings.find(
      (s) => s.component === 'kube-apiserver' && s.name === 'kubelet-certificate-authority',
    );
    if (!plan || !made) return [];
    const broken = breakage(plan, ctx.release, inst.facts).find((b) => b.fact === 'kubelet-serving-self-signed');
    if (!broken) return [];
    return [
      finding(ctx, {
        ruleId: this.id,
        category: 'conflict',
        severity: 'high',
        message: `Meeting the control breaks ${inst.title} clusters in ${rel(ctx)}: ${broken.what}.`,
        subject: setting(made.check.subjects[0]),
        evidence: fact.evidence,
        suggestion: {
          action: 'mark-manual',
          headline: `Make --kubelet-certificate-authority conditional on CA-signed kubelet serving certificates`,
          proposal:
            `Require --kubelet-certificate-authority only where kubelets serve CA-signed ` +
            `certificates (serverTLSBootstrap with an approver for kubelet-serving ` +
            `CSRs, or certificates provided by the operator), and say so in the ` +
            `remediation; with ${inst.title}'s defaults a person judges it.`,
          edit: { kind: 'mark-manual' },
        },
      }),
    ];
  },
};
