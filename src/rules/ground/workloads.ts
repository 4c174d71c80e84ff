// Workload conflicts (section 5) grounded on the installer's node: which of the workloads it
// runs (static Pods, kube-proxy's DaemonSet, CoreDNS's Deployment) the control fails, as
// evaluate's api-object checks read them.
import type { Finding, RuleContext } from '../types.js';
import { finding } from '../helpers.js';
import { globMatches } from '../../model/glob.js';
import { systemConflict } from '../../workloads/conflicts.js';
import { installerNodeAt } from './nodes.js';
import { effectiveOn, forControl, sharedByControl } from './standing.js';

type Conflict = Omit<Finding, 'controlId' | 'ruleId'>;

/** `kube-system/etcd (static Pod, …)` → namespace and name. */
function parsed(observed: string): Array<{ shown: string; namespace: string; name: string }> {
  return observed.split('; ').flatMap((x) => {
    const m = x.match(/^(?:([^/\s]+)\/)?([^\s(:]+) \(([^,)]+)/);
    return m ? [{ shown: `${m[1] ? `${m[1]}/` : ''}${m[2]} (${m[3]})`, namespace: m[1] ?? '', name: m[2] }] : [];
  });
}

/**
 * The finding with the workloads that fail the control on the installer's node, where it does:
 * those its allow-list covers, and those that fail without needing to (they leave a field unset).
 */
export function onInstallerNode(ctx: RuleContext, f: Conflict): Conflict {
  const node = installerNodeAt(ctx.installer?.id, ctx.release);
  if (!node) return f;
  const r = effectiveOn(ctx, node);
  if (r.status !== 'FAIL') return f;
  const failing = [
    ...new Map(
      r.checks
        .filter((c) => c.pass === false)
        .flatMap((c) => parsed(c.observed))
        .map((x) => [x.shown, x]),
    ).values(),
  ];
  if (!failing.length) return f;
  const entries = f.suggestion.edit?.kind === 'allow-list' ? f.suggestion.edit.entries : [];
  // A workload's Pods are named `<name>-<suffix>` (a static Pod's mirror, a DaemonSet's Pods, whose
  // suffix is 5 characters not known here: `?`, which only a wildcard matches, as in evaluate).
  const covered = (x: { namespace: string; name: string; shown: string }) =>
    entries.some(
      (e) =>
        e.namespace === x.namespace &&
        globMatches(e.name, `${x.name}-${x.shown.endsWith('(DaemonSet)') ? '?????' : 'x'}`),
    );
  const inList = failing.filter(covered).map((x) => x.shown);
  const others = failing.filter((x) => !covered(x)).map((x) => x.shown);
  const parts = [
    ...(inList.length ? [`${inList.join(', ')}, which the allow-list covers`] : []),
    ...(others.length ? [`${others.join(', ')}, which do not need what it forbids (they leave the field unset)`] : []),
  ];
  return { ...f, message: `${f.message} On ${node.name} the control fails for ${parts.join('; and for ')}.` };
}

/**
 * What the two section-5 conflict rules find: the cluster's own workloads failing the control
 * (`host-network`, or the other Pod fields), one answer per release shared by recurring controls.
 */
export function systemWorkloadFindings(ctx: RuleContext, ruleId: string, kind: 'host-network' | 'others'): Finding[] {
  const conflict = systemConflict(ctx, kind);
  if (!conflict) return [];
  return forControl(
    ctx,
    sharedByControl(
      ctx,
      ruleId,
      (): Finding[] => [finding(ctx, { ruleId, ...onInstallerNode(ctx, conflict) })],
      'effective',
    ),
  );
}
