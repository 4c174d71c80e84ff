// The evidence of one fact of a snapshot: its own (where the overlay, a note or Kubernetes' source
// corrected or added it) followed by its family's source record (the component's reference page,
// the config kind's Go types and page, kubeadm's code at the release's branch, …). Pure: the
// snapshot in, evidence out; `releases show` prints it and a test checks every shipped fact has some.
import type { Evidence, Field, Flag, Gate, ReleaseComponent, ReleaseSnapshot } from './snapshot.js';

/** What `releases show` says where a fact has neither evidence of its own nor a family source. */
export const noSourceRecorded = 'no source recorded';

type Component = ReleaseComponent | 'etcd';

/** Lists joined without repeats (by URL), first occurrence kept. */
function joined(...lists: ReadonlyArray<readonly Evidence[] | undefined>): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const list of lists)
    for (const e of list ?? []) {
      if (seen.has(e.url)) continue;
      seen.add(e.url);
      out.push(e);
    }
  return out;
}

/**
 * A flag: its own evidence, then the page that lists it. A hidden flag is not on its release's page
 * (pflag hides deprecated flags), so only its own evidence (the deprecation, the page that last
 * listed it, the overlay) speaks for it.
 */
export function flagEvidence(s: ReleaseSnapshot, component: Component, f: Flag): Evidence[] {
  const page = f.hidden ? undefined : component === 'etcd' ? s.sources?.etcd : s.sources?.flags[component];
  return joined(f.evidence, page);
}

/** The config kind a component reads from its own file (flagFields maps into it), where the snapshot has one. */
function ownKind(s: ReleaseSnapshot, component: string): string | undefined {
  const named = s.configFiles?.[component as ReleaseComponent]?.kind;
  if (named && s.configs[named]) return named;
  const own: Record<string, string> = {
    kubelet: 'KubeletConfiguration',
    'kube-proxy': 'KubeProxyConfiguration',
    'kube-scheduler': 'KubeSchedulerConfiguration',
    'kube-controller-manager': 'KubeControllerManagerConfiguration',
  };
  return own[component] && s.configs[own[component]] ? own[component] : undefined;
}

/**
 * A flag's config field and its default with the config file (`configDefault`): the code that binds
 * the flag to the field, and the kind's sources (where the field's default is written).
 */
export function flagFieldEvidence(s: ReleaseSnapshot, component: string, name: string): Evidence[] {
  if (s.flagFields[component as ReleaseComponent]?.[name] === undefined) return [];
  const kind = ownKind(s, component);
  return joined(s.sources?.flagFields[component as ReleaseComponent], kind ? s.sources?.configs[kind] : undefined);
}

/** A config field: its own evidence (an inert field's page line), then its kind's sources. */
export function fieldEvidence(s: ReleaseSnapshot, kind: string, f: Field): Evidence[] {
  return joined(f.evidence, s.sources?.configs[kind]);
}

/**
 * A gate: Kubernetes' source line or the note that gave its state, then the release's gate pages;
 * a gate that cites another release's gate pages of its own (its release's pages do not list it)
 * cites those only.
 */
export function gateEvidence(s: ReleaseSnapshot, g: Gate): Evidence[] {
  const ownPage = (g.evidence ?? []).some((e) => e.kind === 'doc' && /\/feature-gates\/$/.test(e.url));
  return joined(g.evidence, ownPage ? undefined : s.sources?.gates);
}

/** A flag kubeadm writes: the note or PR that dates it, then kubeadm's manifest code at the release. */
export function kubeadmFlagEvidence(s: ReleaseSnapshot, component: Component, name: string): Evidence[] {
  return joined(s.kubeadm.evidence?.[component]?.[name], s.sources?.kubeadm.flags[component]);
}

/** A KubeletConfiguration field kubeadm sets: its own record, then kubeadm's kubelet defaulting code. */
export function kubeadmKubeletEvidence(s: ReleaseSnapshot, path: string): Evidence[] {
  return joined(s.kubeadm.kubeletEvidence?.[path], s.sources?.kubeadm.kubelet);
}

/**
 * Every fact of the snapshot that has no evidence at all, neither its own nor a family source's,
 * one line each (`kubelet flag --x`, `KubeletConfiguration field y`, …). Shipped snapshots have none.
 */
export function unsourcedFacts(s: ReleaseSnapshot): string[] {
  const out: string[] = [];
  const none = (ev: readonly Evidence[] | undefined) => !ev?.length;
  for (const [c, flags] of Object.entries(s.flags) as Array<[ReleaseComponent, Flag[]]>)
    for (const f of flags) {
      if (none(flagEvidence(s, c, f))) out.push(`${c} flag --${f.name}`);
      if (s.flagFields[c]?.[f.name] !== undefined && none(flagFieldEvidence(s, c, f.name)))
        out.push(`${c} flag --${f.name}: its config field ${s.flagFields[c]![f.name]}`);
    }
  for (const [c, flags] of Object.entries(s.unlisted ?? {}))
    for (const f of flags ?? []) if (none(f.evidence)) out.push(`${c} unlisted flag --${f.name}`);
  for (const [kind, k] of Object.entries(s.configs))
    for (const f of k.fields) if (none(fieldEvidence(s, kind, f))) out.push(`${kind} field ${f.path}`);
  for (const g of s.gates) if (none(gateEvidence(s, g))) out.push(`gate ${g.name}`);
  if (s.removedGates.length && none(s.sources?.gates)) out.push('removed gates');
  if ((s.admission.available.length || s.admission.defaultOn.length) && none(s.sources?.admission))
    out.push('admission plugins');
  for (const [c, rule] of Object.entries(s.configFiles ?? {}))
    if (none(rule?.evidence)) out.push(`${c} config file rule`);
  for (const [c, flags] of Object.entries(s.kubeadm.flags) as Array<[Component, Record<string, string>]>)
    for (const name of Object.keys(flags))
      if (none(kubeadmFlagEvidence(s, c, name))) out.push(`kubeadm ${c} flag --${name}`);
  for (const path of Object.keys(s.kubeadm.kubelet))
    if (none(kubeadmKubeletEvidence(s, path))) out.push(`kubeadm kubelet setting ${path}`);
  if (none(s.sources?.kubeadm.pods)) out.push('kubeadm static Pods (hostNetwork, probe paths)');
  if (s.etcd) {
    if (none(s.etcd.evidence)) out.push(`etcd version ${s.etcd.version}`);
    for (const f of s.etcd.flags) if (none(flagEvidence(s, 'etcd', f))) out.push(`etcd flag --${f.name}`);
    for (const x of [...(s.etcd.removed ?? []), ...(s.etcd.later ?? [])])
      if (none(x.evidence)) out.push(`etcd flag --${x.name} (removed or later)`);
  }
  for (const c of s.changes)
    if (none(c.evidence)) out.push(`change: ${c.kind} ${c.component ? `${c.component} ` : ''}${c.name} ${c.change}`);
  return out;
}
