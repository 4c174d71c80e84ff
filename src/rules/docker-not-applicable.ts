import type { Rule } from './types.js';
import { dockerFindings } from '../workloads/docker.js';

/** Docker control cannot describe the cluster: see data/docker-on-kubernetes.yaml. */
export const dockerNotApplicable: Rule = {
  id: 'docker-not-applicable',
  title: 'Docker control cannot describe the cluster',
  rationale:
    "Swarm mode, Docker Enterprise, limits Kubernetes has no API for, settings the kubelet makes itself, and Docker Engine's " +
    'own daemon once the kubelet no longer drives it (dockershim removed in 1.24) say nothing about a Kubernetes cluster.',
  categories: ['not-applicable'],
  check(ctx) {
    return dockerFindings(ctx, this.id, 'not-applicable');
  },
};
