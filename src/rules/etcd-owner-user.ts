import type { Rule } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/** An ownership check on a user the installer never creates. */
export const etcdOwnerUser: Rule = {
  id: 'etcd-owner-user',
  title: 'etcd data directory owned by a user the installer does not create',
  rationale:
    'Installers that run etcd in a container as root create no etcd user on the host: the data directory belongs to root, ' +
    'the account etcd runs as there, which is what the control intends, yet an etcd:etcd check fails it.',
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['etcd-no-user'];
    if (!fact) return [];
    // Manual and not scored already (CIS's convention): it fails no cluster, so meeting it breaks nothing.
    if (ctx.control.assessment === 'manual' && !ctx.control.scored) return [];
    for (const check of ctx.control.checks) {
      const s = check.subjects[0];
      if (s.kind !== 'file' || s.attribute !== 'owner' || s.role !== 'etcd data directory') continue;
      if (!check.value || !(fact.owners ?? []).includes(check.value)) continue;
      // What the installer's node has: the data directory as kubeadm leaves it.
      const node = installerNodeAt(ctx.installer?.id, ctx.release);
      const seen = node ? effectiveOn(ctx, node) : undefined;
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'conflict',
          severity: 'medium',
          message:
            `${ctx.installer!.title} creates no ${check.value.split(':')[0]} user in ${rel(ctx)}: etcd runs as root in a container ` +
            `with the data directory mounted, so the directory belongs to root, the account etcd runs as there, and the check ` +
            `on ${check.value} fails it${seen ? ` (${node!.name}: ${statusWords(seen)})` : ''}. Where etcd runs as an etcd ` +
            `account, ${check.value} can be met.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'mark-manual',
            headline: 'Make the etcd data directory owner check manual: the owner is the account etcd runs as',
            check:
              'the etcd data directory is owned by the account etcd runs as (root where etcd runs as root in a container)',
            proposal:
              'Keep the control, manual and not scored: a person checks that the data directory belongs to the account ' +
              'etcd runs as (etcd:etcd where an etcd account runs it, root where the installer runs etcd as root). ' +
              'Where etcd images run as non-root with an fsGroup, a group check (not root) could replace it.',
            edit: { kind: 'mark-manual' },
          },
        }),
      ];
    }
    return [];
  },
};
