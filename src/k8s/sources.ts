// Where each family of a release's facts comes from (FactSources): the pages the release's
// sources were read from, and the code the overlay names for what no page shows (kubeadm's
// manifests, etcd's, its kubelet defaults; the flag ↔ field bindings). One record per family;
// a fact that differs carries its own evidence beside it (k8s/fact-evidence.ts joins the two).
import type { RawRelease } from './extract/release.js';
import { evidenceOf, type Overlay } from './overlay.js';
import { gatePageEvidence, pageEvidence } from './reconcile/evidence.js';
import { releaseComponents, type Evidence, type FactSources, type ReleaseComponent } from './snapshot.js';

/** etcd's configuration page of one minor version, as evidence. */
export function etcdPageEvidence(minor: string): Evidence {
  return {
    kind: 'doc',
    ref: `etcd v${minor} configuration options`,
    url: `https://etcd.io/docs/v${minor}/op-guide/configuration/`,
  };
}

export function factSources(raw: RawRelease, overlay: Overlay, etcdMinor: string | undefined): FactSources {
  const release = raw.release;
  const cite = (refs: readonly string[] | undefined): Evidence[] => {
    const seen = new Set<string>();
    return (refs ?? [])
      .map((r) => evidenceOf(r, overlay, release))
      .filter((e) => !seen.has(e.url) && Boolean(seen.add(e.url)));
  };
  const flags: FactSources['flags'] = {};
  for (const c of releaseComponents) if (raw.pages[c]) flags[c] = [pageEvidence(c, release)];
  const flagFields: FactSources['flagFields'] = {};
  for (const [c, refs] of Object.entries(overlay.flagFieldSources ?? {}))
    if (refs?.length) flagFields[c as ReleaseComponent] = cite(refs);
  const kubeadmFlags: FactSources['kubeadm']['flags'] = {};
  for (const [c, refs] of Object.entries(overlay.kubeadm.sources?.flags ?? {}))
    kubeadmFlags[c as ReleaseComponent] = cite(refs);
  return {
    flags,
    flagFields,
    configs: raw.configSources ?? {},
    gates: raw.gates.length ? [gatePageEvidence(release)] : [],
    admission: raw.admission ? [pageEvidence('kube-apiserver', release)] : [],
    kubeadm: {
      flags: kubeadmFlags,
      kubelet: cite(overlay.kubeadm.sources?.kubelet),
      pods: cite(overlay.kubeadm.sources?.pods),
    },
    ...(etcdMinor ? { etcd: [etcdPageEvidence(etcdMinor)] } : {}),
  };
}
