import type { Rule } from './types.js';
import { finding } from './helpers.js';
import { dockerStanding } from '../workloads/docker.js';

/** Docker daemon setting that breaks Pods under dockershim: see data/docker-on-kubernetes.yaml. */
export const dockerDockershim: Rule = {
  id: 'docker-dockershim',
  title: 'Docker daemon setting that breaks Pods under dockershim',
  rationale:
    "While the kubelet drove Docker (up to 1.23), some daemon-wide settings reached every Pod container and broke the cluster's own Pods unless the kubelet was set up for them.",
  categories: ['conflict'],
  check(ctx) {
    return dockerStanding(ctx.benchmark, ctx.control, ctx.release, ctx.knowledge.workloads, ctx.knowledge.docker)
      .filter((s) => s.category === 'conflict')
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
