import type { Rule } from './types.js';
import { finding, rel } from './helpers.js';

/** "No pods on the host network" fails on the installer's own control-plane pods. */
export const hostNetworkControlPlane: Rule = {
  id: 'host-network-control-plane',
  title: 'Host network for control-plane pods',
  rationale:
    'Installers run etcd and the control plane as static Pods on the host network by design; a control that forbids host-network pods without exceptions fails on every such cluster.',
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['host-network'];
    if (!fact || !ctx.installer!.defaults.hostNetwork || ctx.control.topic !== 'pod-host-network') return [];
    return [
      finding(ctx, {
        ruleId: this.id,
        category: 'conflict',
        severity: 'medium',
        message: `${ctx.installer!.title} runs etcd, kube-apiserver, kube-controller-manager and kube-scheduler with hostNetwork: true in ${rel(ctx)}, so the control fails on the control plane itself.`,
        subject: { setting: 'pod hostNetwork' },
        evidence: fact.evidence,
        suggestion: {
          action: 'allow-list',
          headline: 'Allow-list the control-plane components in the host network control',
          proposal:
            'Exclude the control-plane static Pods in kube-system (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) from this control, or let scanners take an allow-list of them.',
        },
      }),
    ];
  },
};
