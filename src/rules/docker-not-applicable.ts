import type { Rule } from './types.js';
import { finding } from './helpers.js';
import { dockerStanding } from '../workloads/docker.js';

/** Docker control cannot describe the cluster: see data/docker-on-kubernetes.yaml. */
export const dockerNotApplicable: Rule = {
  id: 'docker-not-applicable',
  title: 'Docker control cannot describe the cluster',
  rationale:
    "Swarm mode, Docker Enterprise, limits Kubernetes has no API for, settings the kubelet makes itself, and Docker Engine's own daemon once the kubelet no longer drives it (dockershim removed in 1.24) say nothing about a Kubernetes cluster.",
  categories: ['not-applicable'],
  check(ctx) {
    return dockerStanding(ctx.benchmark, ctx.control, ctx.release, ctx.knowledge.workloads, ctx.knowledge.docker)
      .filter((s) => s.category === 'not-applicable')
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
