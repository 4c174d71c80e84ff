// "Evidence with every fact": every fact a shipped snapshot states reaches a source, its own or
// its family's (snapshot.sources), and `releases show` prints it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fieldEvidence,
  flagEvidence,
  gateEvidence,
  kubeadmFlagEvidence,
  kubeadmKubeletEvidence,
  unsourcedFacts,
} from '../src/k8s/fact-evidence.js';
import { serializeSnapshot, shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { ReleaseSnapshot } from '../src/k8s/snapshot.js';
import { run } from './helpers.js';

const urls = (ev: ReadonlyArray<{ url: string }>) => ev.map((e) => e.url);
const flag = (s: ReleaseSnapshot, c: 'kubelet' | 'kube-apiserver' | 'kube-proxy', name: string) =>
  s.flags[c].find((f) => f.name === name)!;

describe('fact evidence', () => {
  it('every fact of every shipped snapshot reaches a source', () => {
    const releases = shippedReleases();
    expect(releases.length).toBeGreaterThan(20);
    const missing = releases.flatMap((r) => unsourcedFacts(shippedRelease(r)).map((x) => `${r}: ${x}`));
    expect(missing).toEqual([]);
  });

  it('finds a fact whose evidence is gone', () => {
    const s = shippedRelease('1.34');
    // Without the family records, a listed flag, a field, a gate and kubeadm's facts have nothing left.
    const { sources: _gone, ...bare } = s;
    const lines = unsourcedFacts(bare);
    for (const x of [
      'kubelet flag --anonymous-auth',
      'KubeletConfiguration field nodeStatusReportFrequency',
      'kubeadm etcd flag --data-dir',
      'kubeadm kubelet setting authorization.mode',
      'kubeadm static Pods (hostNetwork, probe paths)',
    ])
      expect(lines).toContain(x);
    // A hidden flag is not on its release's page: the page cannot speak for it, only its own evidence.
    const hidden = s.flags['kube-apiserver'].find((f) => f.hidden)!;
    const stripped: ReleaseSnapshot = {
      ...s,
      flags: {
        ...s.flags,
        'kube-apiserver': s.flags['kube-apiserver'].map((f) => (f === hidden ? { ...f, evidence: [] } : f)),
      },
    };
    expect(unsourcedFacts(stripped)).toEqual([`kube-apiserver flag --${hidden.name}`]);
  });

  it('cites each family at the release: reference page, Go types and config page, gate pages, kubeadm code', () => {
    const s = shippedRelease('1.34');
    expect(urls(flagEvidence(s, 'kubelet', flag(s, 'kubelet', 'anonymous-auth')))).toContain(
      'https://v1-34.docs.kubernetes.io/docs/reference/command-line-tools-reference/kubelet/',
    );
    const kubelet = s.configs.KubeletConfiguration;
    expect(
      urls(
        fieldEvidence(s, 'KubeletConfiguration', kubelet.fields.find((f) => f.path === 'nodeStatusReportFrequency')!),
      ),
    ).toEqual([
      'https://github.com/kubernetes/kubelet/blob/kubernetes-1.34.0/config/v1beta1/types.go',
      'https://v1-34.docs.kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
    ]);
    // A default the overlay gives (the kubelet's defaulting code, not the type comment) cites that code.
    expect(
      urls(
        fieldEvidence(
          s,
          'KubeletConfiguration',
          kubelet.fields.find((f) => f.path === 'authentication.anonymous.enabled')!,
        ),
      )[0],
    ).toBe('https://github.com/kubernetes/kubernetes/blob/release-1.34/pkg/kubelet/apis/config/v1beta1/defaults.go');
    const gate = s.gates.find((g) => g.name === 'StrictCostEnforcementForWebhooks')!;
    expect(urls(gateEvidence(s, gate))).toContain(
      'https://v1-34.docs.kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/',
    );
    expect(urls(kubeadmFlagEvidence(s, 'etcd', 'snapshot-count'))).toContain(
      'https://github.com/kubernetes/kubernetes/blob/release-1.34/cmd/kubeadm/app/phases/etcd/local.go',
    );
    expect(urls(kubeadmFlagEvidence(s, 'kube-apiserver', 'tls-private-key-file'))).toContain(
      'https://github.com/kubernetes/kubernetes/blob/release-1.34/cmd/kubeadm/app/phases/controlplane/manifests.go',
    );
    expect(urls(kubeadmKubeletEvidence(s, 'authorization.mode'))).toEqual([
      'https://github.com/kubernetes/kubernetes/blob/release-1.34/cmd/kubeadm/app/componentconfigs/kubelet.go',
    ]);
    // Before the component-config refactor kubeadm's kubelet defaults lived in defaults.go.
    expect(urls(kubeadmKubeletEvidence(shippedRelease('1.18'), 'authorization.mode'))).toEqual([
      'https://github.com/kubernetes/kubernetes/blob/release-1.18/cmd/kubeadm/app/componentconfigs/defaults.go',
    ]);
  });

  it('a flag hidden by a page gap cites the pages around the gap', () => {
    const s = shippedRelease('1.27');
    const f = flag(s, 'kube-proxy', 'log-flush-frequency');
    expect(f.hidden).toBe(true);
    expect(urls(flagEvidence(s, 'kube-proxy', f))).toEqual([
      'https://v1-22.docs.kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/',
      'https://v1-28.docs.kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/',
    ]);
  });

  it("a gate its own release's pages do not list cites the page that does", () => {
    // InformerResourceVersion: alpha from 1.30 by its 1.33 per-gate page; the 1.30 pages have no row.
    const s = shippedRelease('1.30');
    const g = s.gates.find((x) => x.name === 'InformerResourceVersion')!;
    expect(urls(gateEvidence(s, g))).toEqual([
      'https://v1-33.docs.kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/',
    ]);
  });

  it("kubeadm's etcd and controller-manager flags follow its source", () => {
    // getEtcdCommand sets --snapshot-count=10000 in every release shipped.
    for (const r of ['1.13', '1.20', '1.36'])
      expect(shippedRelease(r).kubeadm.flags.etcd?.['snapshot-count']).toBe('10000');
    // --cluster-name from ClusterConfiguration.clusterName (PR 85817, in the 1.18 notes).
    expect(shippedRelease('1.17').kubeadm.flags['kube-controller-manager']?.['cluster-name']).toBeUndefined();
    expect(shippedRelease('1.18').kubeadm.flags['kube-controller-manager']?.['cluster-name']).toBe('kubernetes');
  });
});

describe('releases show prints the evidence of each fact', () => {
  it('--flag, --field, --gate', async () => {
    const f = await run(['releases', 'show', '1.34', '--component', 'kubelet', '--flag', 'anonymous-auth']);
    expect(f.code).toBe(0);
    expect(f.stdout).toContain(
      'kubelet reference, v1.34  https://v1-34.docs.kubernetes.io/docs/reference/command-line-tools-reference/kubelet/',
    );
    // The field it maps to and its default with the config file: the flag binding code and the kind.
    expect(f.stdout).toContain('configFieldEvidence:');
    expect(f.stdout).toContain(
      'https://github.com/kubernetes/kubernetes/blob/release-1.34/cmd/kubelet/app/options/options.go',
    );
    const field = await run(['releases', 'show', '1.34', '--field', 'nodeStatusReportFrequency', '--format', 'json']);
    expect(JSON.parse(field.stdout).fields[0].evidence[0]).toMatchObject({
      kind: 'source',
      url: 'https://github.com/kubernetes/kubelet/blob/kubernetes-1.34.0/config/v1beta1/types.go',
    });
    const gate = await run([
      'releases',
      'show',
      '1.34',
      '--gate',
      'StrictCostEnforcementForWebhooks',
      '--format',
      'json',
    ]);
    expect(JSON.parse(gate.stdout).gate.evidence.length).toBeGreaterThan(0);
  });

  it('--component kubeadm: every flag and kubelet setting with its evidence', async () => {
    const r = await run(['releases', 'show', '1.34', '--component', 'kubeadm', '--format', 'json']);
    const d = JSON.parse(r.stdout).component.defaults;
    const etcd = d.flags.etcd as Array<{ name: string; value: string; evidence: unknown[] }>;
    expect(etcd.find((x) => x.name === 'snapshot-count')).toMatchObject({ value: '10000' });
    for (const list of Object.values(d.flags) as Array<Array<{ evidence: unknown[] }>>)
      for (const x of list) expect(x.evidence.length).toBeGreaterThan(0);
    for (const x of d.kubelet as Array<{ evidence: unknown[] }>) expect(x.evidence.length).toBeGreaterThan(0);
    expect(d.pods).toMatchObject({ hostNetwork: true });
    expect(d.pods.evidence.length).toBeGreaterThan(0);
  });

  it('says "no source recorded" where a snapshot has none', async () => {
    const { sources: _gone, ...bare } = shippedRelease('1.34');
    const dir = mkdtempSync(join(tmpdir(), 'bw-evidence-'));
    const file = join(dir, 'old.json');
    writeFileSync(file, serializeSnapshot(bare));
    const text = await run(['releases', 'show', file, '--field', 'nodeStatusReportFrequency']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('evidence: no source recorded');
    const json = await run(['releases', 'show', file, '--field', 'nodeStatusReportFrequency', '--format', 'json']);
    expect(JSON.parse(json.stdout).fields[0]).toMatchObject({ evidence: [], evidenceNote: 'no source recorded' });
  });
});
