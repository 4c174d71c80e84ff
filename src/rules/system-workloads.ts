import type { Rule } from './types.js';
import { systemWorkloadFindings } from './ground/workloads.js';

/**
 * Pod security controls (privileged, host paths, added capabilities, root) that the cluster's own
 * workloads fail because they need what the control forbids: kube-proxy runs privileged with host
 * paths, CoreDNS adds NET_BIND_SERVICE, the network plugin's agent adds NET_ADMIN and mounts the
 * CNI directories. The host network has its own rule (host-network-control-plane).
 */
export const systemWorkloads: Rule = {
  id: 'system-workloads',
  title: 'System workloads need what the control forbids',
  rationale:
    'A control on Pod fields that kube-proxy, CoreDNS, the control-plane static Pods or the network plugin ' +
    'need fails on every cluster; it should exempt them by an allow-list rather than fail healthy clusters.',
  categories: ['conflict'],
  check(ctx) {
    return systemWorkloadFindings(ctx, this.id, 'others');
  },
};
