import type { Rule } from './types.js';
import { dockerFindings } from '../workloads/docker.js';

/** Docker daemon setting that breaks Pods under dockershim: see data/docker-on-kubernetes.yaml. */
export const dockerDockershim: Rule = {
  id: 'docker-dockershim',
  title: 'Docker daemon setting that breaks Pods under dockershim',
  rationale:
    'While the kubelet drove Docker (up to 1.23), some daemon-wide settings reached every ' +
    "Pod container and broke the cluster's own Pods unless the kubelet was set up for them.",
  categories: ['conflict'],
  check(ctx) {
    return dockerFindings(ctx, this.id, 'conflict');
  },
};
