import type { Rule } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/** An ownership check on a user the installer never creates. */
export const etcdOwnerUser: Rule = {
  id: 'etcd-owner-user',
  title: 'etcd data directory owned by a user that does not exist',
  rationale:
    'Installers that run etcd in a container as root create no etcd user on the host, so an etcd:etcd ownership check cannot be met.',
  categories: ['unsatisfiable'],
  check(ctx) {
    const fact = ctx.installer?.facts['etcd-no-user'];
    if (!fact) return [];
    for (const [index, check] of ctx.control.checks.entries()) {
      const s = check.subjects[0];
      if (s.kind !== 'file' || s.attribute !== 'owner' || s.role !== 'etcd data directory') continue;
      if (!check.value || !(fact.owners ?? []).includes(check.value)) continue;
      // What the installer's node has: the data directory as kubeadm leaves it.
      const node = installerNodeAt(ctx.installer?.id, ctx.release);
      const seen = node ? effectiveOn(ctx, node) : undefined;
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'unsatisfiable',
          severity: 'high',
          message:
            `${ctx.installer!.title} creates no ${check.value.split(':')[0]} user in ${rel(ctx)}; etcd runs as root in a container with ` +
            `the data directory mounted, so ownership ${check.value} cannot be met${seen ? ` (${node!.name}: ${statusWords(seen)})` : ''}.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'replace',
            headline: 'Remove the etcd data directory owner check or replace it with a non-root group check',
            check: 'etcd data directory group is not root (gid ≠ 0) where etcd runs with an fsGroup; no owner check',
            proposal:
              'Remove the ownership check, or check that the data directory is not ' +
              'group-owned by root (group ≠ 0) where etcd runs with an fsGroup.',
            edit: { kind: 'drop-checks', checks: [index], whenEmpty: 'remove' },
          },
        }),
      ];
    }
    return [];
  },
};
