import type { Rule } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { effectiveOn, statusWords } from './ground/standing.js';

/** An ownership check on a user the installer never creates. */
export const etcdOwnerUser: Rule = {
  id: 'etcd-owner-user',
  title: 'etcd data directory owned by a user that does not exist',
  rationale:
    'Installers that run etcd in a container as root create no etcd user on the host: the data directory is owned by ' +
    'root, the account etcd runs as, and an etcd:etcd check fails a node that meets its intent.',
  categories: ['conflict'],
  check(ctx) {
    const fact = ctx.installer?.facts['etcd-no-user'];
    if (!fact) return [];
    // Manual and not scored already (CIS's convention): it fails no cluster, so meeting it breaks nothing.
    if (ctx.control.assessment === 'manual' && !ctx.control.scored) return [];
    const ownerChecks = ctx.control.checks.filter((k) => {
      const x = k.subjects[0];
      return x.kind === 'file' && x.attribute === 'owner' && x.role === 'etcd data directory';
    });
    // Already accepts the account etcd runs as in kubeadm's container: either owner check may pass.
    if (ctx.control.combine === 'any' && ownerChecks.some((k) => k.op === 'eq' && k.value === 'root:root')) return [];
    for (const check of ctx.control.checks) {
      const s = check.subjects[0];
      if (s.kind !== 'file' || s.attribute !== 'owner' || s.role !== 'etcd data directory') continue;
      if (!check.value || !(fact.owners ?? []).includes(check.value)) continue;
      // What the installer's node has: the data directory as kubeadm leaves it.
      const node = installerNodeAt(ctx.installer?.id, ctx.release);
      const seen = node ? effectiveOn(ctx, node) : undefined;
      const user = check.value.split(':')[0];
      return [
        finding(ctx, {
          ruleId: this.id,
          category: 'conflict',
          severity: 'medium',
          message:
            `${ctx.installer!.title} creates no ${user} user in ${rel(ctx)}: etcd runs as root in a container with ` +
            `the data directory mounted from the host, so the directory is owned by the account etcd runs as, root` +
            `${seen ? ` (${node!.name}: ${statusWords(seen)})` : ''}. The check can be met only by creating ${/^[aeiou]/.test(user) ? 'an' : 'a'} ` +
            `${user} user and group on every control-plane node and changing the directory's owner, which etcd, ` +
            `running as root, does not need; the control's intent (the data directory belongs to etcd's account) already holds.`,
          subject: setting(s),
          evidence: fact.evidence,
          suggestion: {
            action: 'replace',
            headline: 'Check that the etcd data directory is owned by the account etcd runs as',
            check: `etcd data directory owner is ${check.value}, or root:root where etcd runs as root (in a container, as kubeadm runs it)`,
            proposal:
              `Accept the account etcd runs as: ${check.value} where etcd runs as that user, root:root where it runs ` +
              'as root in a container (kubeadm), and say so in the audit. Accepting root:root gives no other account ' +
              'access (with mode 700 only root, which reads every file anyway, can), so it keeps what the control protects.',
            // Two owner checks, either passing: each is the property "owned by the account etcd runs
            // as" (data/intent.yaml etcd-data-dir-owner) for one way of running etcd. Only where the
            // owner check is the control's only check: `any` would relax the others.
            ...(ctx.control.checks.length === 1
              ? {
                  edit: {
                    kind: 'replace-checks' as const,
                    with: [check, { ...check, value: 'root:root' }],
                    combine: 'any' as const,
                  },
                }
              : {}),
          },
        }),
      ];
    }
    return [];
  },
};
