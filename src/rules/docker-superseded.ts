import type { Rule } from './types.js';
import { dockerFindings } from '../workloads/docker.js';

/** Docker control superseded by a Kubernetes mechanism: see data/docker-on-kubernetes.yaml. */
export const dockerSuperseded: Rule = {
  id: 'docker-superseded',
  title: 'Docker control superseded by a Kubernetes mechanism',
  rationale:
    'A CIS Docker Benchmark control whose setting Kubernetes makes elsewhere ' +
    '(a Pod field, a kubelet setting, an admission plugin) should check ' +
    "that instead on a cluster; the finding gives the equivalent's stage " +
    'in the release and the Pod Security Standards level that requires it.',
  categories: ['superseded'],
  check(ctx) {
    return dockerFindings(ctx, this.id, 'superseded');
  },
};
