import type { Rule } from './types.js';
import { systemWorkloadFindings } from './ground/workloads.js';

/**
 * "No pods on the host network" fails on the cluster's own Pods: the installer's control-plane
 * static Pods and kube-proxy, and the network plugin's node agent on any cluster. Found by the
 * field the control reads or its topic, whatever its number in that version.
 */
export const hostNetworkControlPlane: Rule = {
  id: 'host-network-control-plane',
  title: 'Host network for control-plane pods, kube-proxy and the CNI',
  rationale:
    'Installers run etcd and the control plane as static Pods on the host network, and kube-proxy and every network plugin configure ' +
    'the host network from it, by design; a control that forbids host-network pods without exceptions fails on every such cluster.',
  categories: ['conflict'],
  check(ctx) {
    return systemWorkloadFindings(ctx, this.id, 'host-network');
  },
};
