import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildShippedReleases } from '../src/k8s/shipped.js';
import { loadRelease, shippedReleases } from '../src/k8s/load.js';
import { diffReleases } from '../src/k8s/diff.js';
import { releaseNoteEvents } from '../src/k8s/extract/release-notes.js';
import { extractFlags } from '../src/k8s/extract/flags.js';
import { repoRoot } from '../src/paths.js';
import { corpus, hasCorpus, run } from './helpers.js';

const has = (r: string, component: string, flag: string) =>
  loadRelease(r).flags[component as 'kubelet'].some((f) => f.name === flag);
const releases = shippedReleases();

describe('release snapshots: facts', () => {
  it('ships one snapshot per release 1.13 … 1.34', () => {
    expect(releases[0]).toBe('1.13');
    expect(releases.at(-1)).toBe('1.34');
    expect(releases).toHaveLength(22);
  });

  it('--insecure-port and --insecure-bind-address exist (hidden, inert from 1.20) through 1.23, gone in 1.24', () => {
    for (const flag of ['insecure-port', 'insecure-bind-address']) {
      for (const r of releases.filter((x) => Number(x.split('.')[1]) <= 23))
        expect(has(r, 'kube-apiserver', flag), `${flag} ${r}`).toBe(true);
      for (const r of releases.filter((x) => Number(x.split('.')[1]) >= 24))
        expect(has(r, 'kube-apiserver', flag), `${flag} ${r}`).toBe(false);
    }
    const f = loadRelease('1.21').flags['kube-apiserver'].find((x) => x.name === 'insecure-port')!;
    expect(f).toMatchObject({ hidden: true, inert: true, onlyValues: ['0'] });
    expect(loadRelease('1.19').flags['kube-apiserver'].find((x) => x.name === 'insecure-port')!.inert).toBeUndefined();
    const removal = loadRelease('1.24').changes.find((c) => c.name === '--insecure-port')!;
    expect(removal.change).toBe('removed');
    expect(removal.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#106859');
  });

  it.each([
    ['kube-apiserver', 'basic-auth-file', '1.18', '1.19'],
    ['kube-apiserver', 'repair-malformed-updates', '1.13', '1.14'],
    ['kube-apiserver', 'kubelet-https', '1.21', '1.22'],
    ['kube-scheduler', 'address', '1.23', '1.24'],
    ['kube-scheduler', 'port', '1.23', '1.24'],
    ['kube-controller-manager', 'address', '1.23', '1.24'],
    ['kube-controller-manager', 'port', '1.23', '1.24'],
  ])('%s --%s exists in %s and is gone in %s', (component, flag, last, gone) => {
    expect(has(last, component, flag)).toBe(true);
    expect(has(gone, component, flag)).toBe(false);
  });

  it('PodSecurityPolicy through 1.24, gone in 1.25; SecurityContextDeny deprecated 1.27, gone 1.30', () => {
    expect(loadRelease('1.24').admission.available).toContain('PodSecurityPolicy');
    expect(loadRelease('1.25').admission.available).not.toContain('PodSecurityPolicy');
    expect(loadRelease('1.27').changes).toContainEqual(
      expect.objectContaining({ kind: 'plugin', name: 'SecurityContextDeny', change: 'deprecated' }),
    );
    expect(loadRelease('1.29').admission.available).toContain('SecurityContextDeny');
    expect(loadRelease('1.30').admission.available).not.toContain('SecurityContextDeny');
    expect(loadRelease('1.13').admission.defaultOn).toContain('ServiceAccount');
  });

  it('RotateKubeletServerCertificate is beta, default true, in every release; AnonymousAuthConfigurableEndpoints GA in 1.34', () => {
    for (const r of releases)
      expect(
        loadRelease(r).gates.find((g) => g.name === 'RotateKubeletServerCertificate'),
        r,
      ).toMatchObject({ stage: 'beta', default: true });
    expect(loadRelease('1.34').gates.find((g) => g.name === 'AnonymousAuthConfigurableEndpoints')).toMatchObject({
      stage: 'ga',
      default: true,
    });
    expect(loadRelease('1.33').gates.find((g) => g.name === 'AnonymousAuthConfigurableEndpoints')?.stage).toBe('beta');
    expect(loadRelease('1.28').removedGates).toContain('AdvancedAuditing');
  });

  it('kubelet flag and field defaults differ where they do, and flags map to fields', () => {
    for (const r of releases) {
      const s = loadRelease(r);
      expect(s.flags.kubelet.find((f) => f.name === 'read-only-port')?.default, r).toBe('10255');
      const field = (p: string) => s.configs.KubeletConfiguration.fields.find((f) => f.path === p);
      expect(field('readOnlyPort')?.default, r).toBe('0');
      expect(field('authentication.anonymous.enabled')?.default, r).toBe('false');
      expect(s.flagFields.kubelet?.['anonymous-auth'], r).toBe('authentication.anonymous.enabled');
      expect(s.flagFields.kubelet?.['client-ca-file'], r).toBe('authentication.x509.clientCAFile');
      expect(s.flagFields.kubelet?.['tls-cert-file'], r).toBe('tlsCertFile');
      expect(s.flagFields.kubelet?.['event-qps'], r).toBe('eventRecordQPS');
    }
    const idle = (r: string) =>
      loadRelease(r).configs.KubeletConfiguration.fields.find((f) => f.path === 'streamingConnectionIdleTimeout');
    expect(idle('1.33')?.deprecated).toBeUndefined();
    expect(idle('1.34')?.deprecated).toBe(true);
  });

  it("config-api pages give the API server's and kubeadm's config kinds, in the version the release serves", () => {
    const auth = loadRelease('1.34').configs.AuthenticationConfiguration;
    expect(auth).toMatchObject({ component: 'kube-apiserver', apiVersion: 'apiserver.config.k8s.io/v1' });
    expect(auth.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['anonymous.enabled', 'anonymous.conditions', 'jwt']),
    );
    expect(loadRelease('1.34').configs.EncryptionConfiguration.fields.map((f) => f.path)).toContain('resources');
    // kubeadm v1beta4 has pages from 1.28 but is served from 1.31 (overlay).
    expect(loadRelease('1.30').configs.ClusterConfiguration).toMatchObject({
      component: 'kubeadm',
      apiVersion: 'kubeadm.k8s.io/v1beta3',
    });
    expect(loadRelease('1.31').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(loadRelease('1.21').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta2');
    expect(loadRelease('1.34').configs.ClusterConfiguration.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['apiServer.extraArgs', 'etcd.local.dataDir']),
    );
    expect(loadRelease('1.19').configs.ClusterConfiguration).toBeUndefined();
    // Embedded from another package: on the page, not in the Go-type facts.
    expect(loadRelease('1.30').configs.KubeSchedulerConfiguration.fields.map((f) => f.path)).toContain(
      'enableProfiling',
    );
  });

  it('maps flags to config fields for every component with a config file of its own', () => {
    for (const r of releases)
      expect(loadRelease(r).flagFields['kube-proxy']?.['metrics-bind-address'], r).toBe('metricsBindAddress');
    expect(loadRelease('1.34').flagFields['kube-proxy']?.['healthz-bind-address']).toBe('healthzBindAddress');
    expect(loadRelease('1.34').flagFields['kube-apiserver']).toBeUndefined();
  });

  it('shows etcd and kubeadm facts on the command line', async () => {
    const etcd = await run(['releases', 'show', '1.21', '--component', 'etcd', '--format', 'json']);
    expect(etcd.code).toBe(0);
    expect(JSON.parse(etcd.stdout)).toMatchObject({ component: 'etcd', version: '3.4' });
    const flag = await run(['releases', 'show', '1.34', '--flag', 'client-cert-auth', '--format', 'json']);
    expect(JSON.parse(flag.stdout)).toEqual([
      expect.objectContaining({ component: 'etcd', etcdVersion: '3.6', default: 'false' }),
    ]);
    const kubeadm = await run(['releases', 'show', '1.31', '--component', 'kubeadm', '--format', 'json']);
    expect(JSON.parse(kubeadm.stdout).configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
  });

  it('etcd flags come from the etcd version kubeadm deploys with each release', () => {
    expect(loadRelease('1.13').etcd?.version).toBe('3.2');
    expect(loadRelease('1.21').etcd?.version).toBe('3.4');
    expect(loadRelease('1.34').etcd?.version).toBe('3.6');
    for (const r of releases) {
      const flags = loadRelease(r).etcd!.flags;
      expect(
        flags.find((f) => f.name === 'client-cert-auth'),
        r,
      ).toMatchObject({ type: 'bool', default: 'false' });
      expect(
        flags.map((f) => f.name),
        r,
      ).toEqual(
        expect.arrayContaining([
          'cert-file',
          'key-file',
          'peer-client-cert-auth',
          'auto-tls',
          'peer-auto-tls',
          'trusted-ca-file',
          'data-dir',
        ]),
      );
    }
    expect(loadRelease('1.34').etcd!.flags.find((f) => f.name === 'enable-v2')?.deprecated).toBe(true);
  });

  it('kubeadm: --insecure-port=0 up to 1.21 only; Node,RBAC and NodeRestriction throughout; never profiling or audit', () => {
    for (const r of releases) {
      const k = loadRelease(r).kubeadm;
      const api = k.flags['kube-apiserver']!;
      expect(api['insecure-port'], r).toBe(Number(r.split('.')[1]) <= 21 ? '0' : undefined);
      expect(api['authorization-mode']).toBe('Node,RBAC');
      expect(api['enable-admission-plugins']).toBe('NodeRestriction');
      for (const c of Object.values(k.flags))
        expect(Object.keys(c!).filter((n) => n === 'profiling' || n.startsWith('audit-'))).toEqual([]);
      expect(k.hostNetwork).toBe(true);
    }
  });

  it('release diff reports removals with evidence and undocumented flags as such', () => {
    const changes = diffReleases(loadRelease('1.23'), loadRelease('1.24'), 'kube-apiserver');
    expect(changes.find((c) => c.name === '--insecure-port')).toMatchObject({ change: 'removed' });
    expect(changes.filter((c) => c.change === 'removed').every((c) => c.evidence.length > 0)).toBe(true);
  });

  it('releases diff over a range lists release by release', async () => {
    const r = await run(['releases', 'diff', '1.19', '1.25', '--format', 'json']);
    expect(r.code).toBe(0);
    const steps = JSON.parse(r.stdout) as Array<{ from: string; to: string }>;
    expect(steps.map((s) => `${s.from}-${s.to}`)).toEqual([
      '1.19-1.20',
      '1.20-1.21',
      '1.21-1.22',
      '1.22-1.23',
      '1.23-1.24',
      '1.24-1.25',
    ]);
  });
});

describe('flag extractor on formats newer than the corpus', () => {
  const row = (head: string, desc: string) =>
    `<table>\n<tbody>\n<tr>\n<td colspan="2">${head}</td>\n</tr>\n<tr>\n<td></td><td style="line-height: 130%;"><p>${desc}</p></td>\n</tr>\n</tbody>\n</table>\n`;
  it('reads a "(DEPRECATED: …)" suffix in the heading as deprecated, keeping type and default', () => {
    const page =
      row(
        '--admission-control strings (DEPRECATED: Use --enable-admission-plugins or --disable-admission-plugins instead.)',
        'Admission is divided into two phases.',
      ) +
      row(
        '--enable-logs-handler&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Default: true (DEPRECATED: This flag will be removed in v1.19)',
        'If true, install a /logs handler.',
      );
    const flags = extractFlags(page);
    expect(flags.map(({ description: _d, ...f }) => f)).toEqual([
      { name: 'admission-control', type: 'strings', deprecated: true },
      { name: 'enable-logs-handler', default: 'true', deprecated: true },
    ]);
  });
});

describe.skipIf(!hasCorpus)('release notes extractor (corpus)', () => {
  const notes = (r: string) => {
    const dir = join(corpus, 'kubernetes', 'release-notes', `v${r}`);
    const names = readdirSync(dir).sort();
    return releaseNoteEvents(
      names.filter((n) => n.endsWith('.md')).map((n) => readFileSync(join(dir, n), 'utf8')),
      names.filter((n) => n.endsWith('.json')).map((n) => readFileSync(join(dir, n), 'utf8')),
    );
  };
  const find = (r: string, name: string, change: string) =>
    notes(r).filter((e) => e.name === name && e.change === change);

  it('finds flag removals with their PR numbers, from markdown (1.13) and JSON (1.14 on)', () => {
    expect(find('1.24', '--insecure-port', 'removed')).toEqual([
      { kind: 'flag', name: '--insecure-port', component: 'kube-apiserver', change: 'removed', pr: 106859 },
    ]);
    expect(find('1.24', '--insecure-bind-address', 'removed')[0]).toMatchObject({
      component: 'kube-apiserver',
      pr: 106859,
    });
    expect(find('1.19', '--basic-auth-file', 'removed')[0]).toMatchObject({ component: 'kube-apiserver', pr: 89069 });
    expect(find('1.14', '--repair-malformed-updates', 'removed')[0]).toMatchObject({
      component: 'kube-apiserver',
      pr: 73663,
    });
    expect(
      find('1.13', '--insecure-experimental-approve-all-kubelet-csrs-for-group', 'removed').length,
    ).toBeGreaterThan(0);
  });

  it('finds admission plugin removals and deprecations', () => {
    expect(find('1.25', 'PodSecurityPolicy', 'removed')[0]).toMatchObject({ kind: 'plugin', pr: 109798 });
    expect(find('1.27', 'SecurityContextDeny', 'deprecated')[0]).toMatchObject({ kind: 'plugin', pr: 115879 });
    expect(find('1.30', 'SecurityContextDeny', 'removed')[0]).toMatchObject({
      kind: 'plugin',
      component: 'kube-apiserver',
    });
  });

  it('does not take the replacement a note points to for what it removed', () => {
    // "Removed kube-scheduler insecure flags. You can use --bind-address and --secure-port instead."
    expect(
      notes('1.24').filter(
        (e) => e.component === 'kube-scheduler' && (e.name === '--bind-address' || e.name === '--secure-port'),
      ),
    ).toEqual([]);
    expect(find('1.19', '--token-auth-file', 'removed')).toEqual([]);
  });

  it('puts note events in the snapshot with PR evidence', () => {
    const c = loadRelease('1.25').changes.find(
      (x) => x.kind === 'plugin' && x.name === 'PodSecurityPolicy' && x.change === 'removed',
    )!;
    expect(c.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#109798');
  });
});

describe.skipIf(!hasCorpus)('release snapshots (corpus)', () => {
  it('data/kubernetes equals a fresh build from the corpus', () => {
    for (const [rel, text] of buildShippedReleases(corpus))
      expect(readFileSync(join(repoRoot, rel), 'utf8'), rel).toBe(text);
  });

  it('KubeletConfiguration top-level fields equal the derived facts in every release', () => {
    for (const r of releases) {
      const d = parse(
        readFileSync(join(corpus, 'kubernetes', 'derived', `v${r}`, 'kubelet-config-fields.yaml'), 'utf8'),
      ) as { types: Array<{ name: string; fields: Array<{ json: string | null }> }> };
      const expected = d.types
        .find((t) => t.name === 'KubeletConfiguration')!
        .fields.map((f) => f.json)
        .filter((j): j is string => Boolean(j))
        .sort();
      const ours = loadRelease(r)
        .configs.KubeletConfiguration.fields.map((f) => f.path)
        .filter((p) => !p.includes('.'))
        .sort();
      expect(ours, r).toEqual(expected);
    }
  });

  it('a release laid out like the corpus builds without code changes', async () => {
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'bw-rel-'));
    for (const part of ['reference', 'feature-gates', 'kubeadm', 'derived', 'config-api', 'release-notes']) {
      cpSync(join(corpus, 'kubernetes', part, 'v1.34'), join(root, part, 'v1.99'), { recursive: true });
    }
    const r = await run(['releases', 'build', '--corpus', root, '--out', join(root, 'out')]);
    expect(r.code).toBe(0);
    const shipped = loadRelease('1.34');
    expect(r.stdout).toMatch(
      new RegExp(
        `^1\\.99: \\d+ flags, ${Object.keys(shipped.configs).length} config kinds, \\d+ gates, \\d+ admission plugins`,
      ),
    );
    const built = JSON.parse(readFileSync(join(root, 'out', '1.99.json'), 'utf8'));
    expect(Object.keys(built.configs).sort()).toEqual(Object.keys(shipped.configs).sort());
  });
});
