import type { Rule } from './types.js';
import { finding } from './helpers.js';
import { dockerStanding } from '../workloads/docker.js';

/** Docker control superseded by a Kubernetes mechanism: see data/docker-on-kubernetes.yaml. */
export const dockerSuperseded: Rule = {
  id: 'docker-superseded',
  title: 'Docker control superseded by a Kubernetes mechanism',
  rationale:
    "A CIS Docker Benchmark control whose setting Kubernetes makes elsewhere (a Pod field, a kubelet setting, an admission plugin) should check that instead on a cluster; the finding gives the equivalent's stage in the release and the Pod Security Standards level that requires it.",
  categories: ['superseded'],
  check(ctx) {
    return dockerStanding(ctx.benchmark, ctx.control, ctx.release, ctx.knowledge.workloads, ctx.knowledge.docker)
      .filter((s) => s.category === 'superseded')
      .map((s) =>
        finding(ctx, {
          ruleId: this.id,
          category: s.category,
          severity: s.category === 'conflict' ? 'high' : s.category === 'superseded' ? 'medium' : 'low',
          message: s.message,
          subject: { component: 'dockerd', setting: s.setting },
          evidence: s.evidence,
          suggestion: s.suggestion,
        }),
      );
  },
};
