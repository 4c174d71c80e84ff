// Typed installer configuration (issue 19, item 2): every kubeadm configuration `check` prints,
// for every shipped benchmark on the releases it targets, reads back through kubeadm's API
// version and the release's configuration types (fields that exist, values of the field's Go
// type, flags the component has, files mounted), and the proposal's merged configuration too.
import { describe, expect, it } from 'vitest';
import { shippedRelease } from '../src/k8s/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { configProblems, parseKubeadmConfig } from '../src/node/kubeadm-config.js';
import { mergeInstallerConfigs } from '../src/rules/ground/installer.js';
import type { Finding } from '../src/rules/types.js';
import { run } from './helpers.js';

type Report = { release: string; findings: Finding[] };

async function reports(id: string): Promise<Report[]> {
  const r = await run(['check', id, '--installer', 'kubeadm', '--format', 'json']);
  if (r.code === 2) return []; // targets no release in the data (CIS 1.0 … 1.3)
  return (JSON.parse(r.stdout) as { results: Report[] }).results;
}

describe('installer configuration snippets', async () => {
  const all: Array<{ id: string; report: Report }> = [];
  for (const id of shippedIds().filter((x) => !x.startsWith('docker-')))
    for (const report of await reports(id)) all.push({ id, report });

  it('covers the shipped benchmarks that target releases in the data', () => {
    expect(new Set(all.map((x) => x.id)).size).toBeGreaterThanOrEqual(12);
    expect(all.flatMap((x) => x.report.findings).filter((f) => f.suggestion.installerConfig).length).toBeGreaterThan(
      200,
    );
  });

  it("prints only configurations the release reads, with values of the fields' types", () => {
    const bad: string[] = [];
    for (const { id, report } of all) {
      const release = shippedRelease(report.release);
      for (const f of report.findings) {
        const text = f.suggestion.installerConfig;
        if (!text) continue;
        for (const p of configProblems(text, release)) bad.push(`${id}@${report.release} ${f.controlId}: ${p}`);
      }
      // One configuration for all of a release's advice, as the proposal prints it.
      const texts = report.findings.flatMap((f) =>
        f.suggestion.installerConfig ? [f.suggestion.installerConfig] : [],
      );
      if (texts.length)
        for (const p of configProblems(mergeInstallerConfigs(texts), release))
          bad.push(`${id}@${report.release} merged: ${p}`);
    }
    expect(bad).toEqual([]);
  });

  it('writes list fields as lists (kubelet tlsCipherSuites is []string)', () => {
    const f = all
      .flatMap((x) => x.report.findings)
      .find((x) => x.suggestion.installerConfig?.includes('tlsCipherSuites'));
    expect(f?.suggestion.installerConfig).toMatch(/tlsCipherSuites:\n {2}- TLS_/);
  });

  it('rejects what the kubelet or kube-apiserver would reject', () => {
    const release = shippedRelease('1.34');
    const kubelet = (body: string) =>
      configProblems(`apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`, release);
    expect(kubelet('tlsCipherSuites: TLS_A,TLS_B\n')).toEqual([
      'tlsCipherSuites in KubeletConfiguration of Kubernetes 1.34 is []string, found string "TLS_A,TLS_B"',
    ]);
    expect(kubelet('protectKernelDefaults: "true"\n')[0]).toMatch(/protectKernelDefaults .* is bool, found string/);
    expect(kubelet('noSuchField: 1\n')[0]).toMatch(/unknown field noSuchField/);
    expect(kubelet('protectKernelDefaults: true\ntlsCipherSuites: [TLS_A]\n')).toEqual([]);
    const cluster = (args: string) =>
      configProblems(
        `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n${args}`,
        release,
      );
    expect(cluster('    - { name: profiling, value: "no" }\n')).toEqual([
      'kube-apiserver --profiling is bool in Kubernetes 1.34, found "no", not true or false',
    ]);
    expect(cluster('    - { name: no-such-flag, value: "1" }\n')).toEqual([
      'kube-apiserver has no flag --no-such-flag in Kubernetes 1.34',
    ]);
    expect(cluster('    - { name: audit-policy-file, value: /etc/kubernetes/audit.yaml }\n')).toEqual([
      'kube-apiserver --audit-policy-file=/etc/kubernetes/audit.yaml names a file no volume mounts into the static Pod',
    ]);
  });

  it('merges admission plugins into one list that keeps what kubeadm enables', () => {
    const release = shippedRelease('1.34');
    const mk = (p: string) =>
      `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    - name: enable-admission-plugins\n      value: NodeRestriction,${p}\n`;
    const merged = mergeInstallerConfigs([mk('AlwaysPullImages'), mk('EventRateLimit'), mk('DenyServiceExternalIPs')]);
    const args = parseKubeadmConfig(merged, 'merged', release).extraArgs['kube-apiserver'];
    expect(args).toEqual([
      ['enable-admission-plugins', 'NodeRestriction,AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs'],
    ]);
  });
});
