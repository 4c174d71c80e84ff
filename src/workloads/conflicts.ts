// The finding for a workload control that the cluster's own workloads fail: which ones, which
// field they need, and the allow-list that would let the control pass on a healthy cluster.
import type { Evidence } from '../k8s/snapshot.js';
import type { SystemWorkload } from './knowledge.js';
import { dedupe, rel } from '../rules/helpers.js';
import type { Finding, RuleContext } from '../rules/types.js';
import {
  allowEntries,
  allowListText,
  systemWorkloads,
  violations,
  workloadChecks,
  type Violation,
  type WorkloadCheck,
} from './system.js';
import { cached } from '../model/memo.js';

const opText: Record<string, string> = {
  noteq: 'is not',
  eq: 'is',
  absent: 'is not set',
  nothave: 'does not include',
  has: 'includes',
};

export function checkWords(c: WorkloadCheck): string {
  const op = opText[c.op] ?? c.op;
  return `${c.resource} ${c.field} ${op}${c.value !== undefined && c.op !== 'absent' ? ` ${c.value}` : ''}`;
}

const capitalise = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/** The node agents an allow-list names: `calico-node, cilium, …` (their Pod name globs without `-*`). */
function agentNames(w: SystemWorkload): string {
  const names = [...new Set(allowEntries(w).map((e) => e.name.replace(/-\*$/, '')))];
  return names.length > 1 ? `one of ${names.join(', ')}` : (names[0] ?? 'listed');
}

function who(v: Violation, installer?: string): string {
  const w = v.workload;
  // Only the plugins the allow-list names, each shown so by its own manifest: nothing is claimed of others.
  if ('allowList' in w)
    return `${w.name}'s node agent, where it runs as a Pod and is ${agentNames(w)} (their manifests)`;
  return `${installer ? `${installer}'s ` : ''}${w.name} (${w.pods.join(', ')} in ${w.namespace})`;
}

type Conflict = Omit<Finding, 'controlId' | 'ruleId'>;

// The same judgements recur in every version (5.2.5 from cis-1.10 to cis-1.12) and are asked of
// every release twice (with and without the installer): one answer per list, release, installer.
const answers = new WeakMap<readonly WorkloadCheck[], Map<string, Conflict | null>>();

/** Which fields a rule answers for: the host network has a rule of its own. */
export type FieldGroup = 'host-network' | 'others';
const inGroup = (group: FieldGroup, field: string) => (field === 'spec.hostNetwork') === (group === 'host-network');

/**
 * A conflict when system workloads need what the control forbids (fields of one group). The
 * CNI counts on every cluster; the installer's workloads with --installer.
 */
export function systemConflict(ctx: RuleContext, group: FieldGroup): Conflict | undefined {
  // A control that reads no Pod field (a manual one, judged by its topic) fails nothing, and its
  // remediation asks for a policy that forbids the field (a PodSecurityPolicy with hostNetwork
  // omitted), which a cluster can have beside a privileged one for kube-system: "fails on every
  // cluster" would be false (reviewers' findings: cis-1.12 5.2.9, and cis-1.5 5.2.4 for the host
  // network, the same class as the seed's 1.7.4).
  if (!ctx.control.checks.some((c) => c.subjects.some((s) => s.kind === 'api-object'))) return undefined;
  const judged = workloadChecks(ctx.control, ctx.knowledge.workloads);
  if (!judged.length) return undefined;
  const byKey = cached(answers, judged, () => new Map());
  const exempt = (ctx.control.allowList ?? []).map((e) => `${e.namespace}/${e.name}`);
  const key = `${ctx.release.release}\u0000${ctx.installer?.id ?? ''}\u0000${group}\u0000${exempt.join(',')}`;
  const answer = cached(byKey, key, () => conflictOf(ctx, judged, group, new Set(exempt)) ?? null);
  return answer ?? undefined;
}

function conflictOf(
  ctx: RuleContext,
  judged: readonly WorkloadCheck[],
  group: FieldGroup,
  exempt: ReadonlySet<string>,
): Conflict | undefined {
  const k = ctx.knowledge.workloads;
  const checks = judged.filter((c) => inGroup(group, c.field));
  if (!checks.length) return undefined;
  const all = violations(checks, systemWorkloads(k, ctx.release.release, ctx.installer?.id), ctx.release.release);
  // A workload the control's own allow-list names in full is exempt from it.
  const needed = all.filter(
    (v) =>
      v.need !== 'default' &&
      !allowListText(v.workload)
        .split(', ')
        .every((e) => exempt.has(e)),
  );
  if (!needed.length) return undefined;
  const byWorkload = new Map<string, Violation[]>();
  for (const v of needed) byWorkload.set(v.workload.name, [...(byWorkload.get(v.workload.name) ?? []), v]);
  const parts = [...byWorkload.values()].map((vs) => {
    const fields = [...new Set(vs.map((v) => `${v.check.field} ${v.value ?? 'unset'}`))];
    return `${who(vs[0], ctx.installer?.title)}: ${fields.join(', ')}`;
  });
  const names = [...byWorkload.values()].map((vs) => vs[0].workload);
  const allow = names.map((w) => allowListText(w)).join(', ');
  // The same allow-list as data: each entry with the field its workload needs.
  const entries = [...byWorkload.values()].flatMap((vs) => {
    const w = vs[0].workload;
    const fields = [...new Set(vs.map((v) => `${v.check.field} ${v.value ?? 'unset'}`))].join(', ');
    const list =
      'allowList' in w ? allowEntries(w) : w.pods.map((pod) => ({ namespace: w.namespace, name: `${pod}-*` }));
    // A network plugin's agent is named by itself: its own manifest is what shows it needs the field.
    return list.map((a) => ({
      namespace: a.namespace,
      name: a.name,
      why:
        'allowList' in w
          ? `${a.name.replace(/-\*$/, '')} (a network plugin's node agent) runs with ${fields} in its manifest`
          : `${w.name} needs ${fields}`,
    }));
  });
  const evidence: Evidence[] = dedupe(names.flatMap((w) => [...w.evidence]));
  const short = checks[0].field.split('.').pop()!.replace('[]', '');
  return {
    category: 'conflict',
    severity: 'medium',
    message:
      `${checks.map(checkWords).join(' and ')} fails on ${
        names.every((w) => 'allowList' in w)
          ? 'every cluster whose network plugin runs one of these node agents as a Pod'
          : 'every cluster'
      } in ` +
      `${rel(ctx)}${ctx.installer ? ` installed with ${ctx.installer.title}` : ''}: ` +
      `workloads the cluster itself runs need what it forbids. ${capitalise(parts.join('; '))}.`,
    subject: { setting: checks.map((c) => `${c.resource} ${c.field}`).join(', ') },
    evidence,
    suggestion: {
      action: 'allow-list',
      headline: `Allow-list ${names.map((w) => w.name).join(', ')} in the ${short} control`,
      proposal:
        `Exclude the cluster's own workloads from this control, or let ` +
        `scanners take an allow-list of them (namespace/name): ${allow}.`,
      check: `${checks.map(checkWords).join(' and ')} for every Pod outside the allow-list (${allow})`,
      edit: { kind: 'allow-list', entries },
    },
  };
}
