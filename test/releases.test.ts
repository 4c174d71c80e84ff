import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { diffReleases } from '../src/k8s/diff.js';
import type { ExtractedFlag } from '../src/k8s/extract/flags.js';
import { extractFlags } from '../src/k8s/extract/flags.js';
import { gateFromFile } from '../src/k8s/extract/gates.js';
import type { RawRelease } from '../src/k8s/extract/release.js';
import { eventsOfNote, imageUpdatesOf, releaseNoteEvents, type NoteEvent } from '../src/k8s/extract/release-notes.js';
import { shippedHistory, shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { parseSnapshot } from '../src/k8s/parse.js';
import type { Overlay } from '../src/k8s/overlay.js';
import { Disagreements } from '../src/k8s/reconcile/disagreements.js';
import { reconcileFlags } from '../src/k8s/reconcile/flags.js';
import type { SourceAnchor } from '../src/k8s/extract/source.js';
import { gateAliases, reconcileGates } from '../src/k8s/reconcile/gates.js';
import { settingNames, trustNotes } from '../src/k8s/reconcile/notes.js';
import { ReleaseSnapshotSchema } from '../src/k8s/schema.js';
import { buildShippedReleases } from '../src/k8s/shipped.js';
import { releaseComponents, type ReleaseSnapshot } from '../src/k8s/snapshot.js';
import { repoRoot } from '../src/paths.js';
import { corpus, hasCorpus, run } from './helpers.js';

const has = (r: string, component: string, flag: string) =>
  shippedRelease(r).flags[component as 'kubelet'].some((f) => f.name === flag);
const flagIn = (r: string, component: string, flag: string) =>
  shippedRelease(r).flags[component as 'kubelet'].find((f) => f.name === flag);
const gateIn = (r: string, gate: string) => shippedRelease(r).gates.find((g) => g.name === gate);
const releases = shippedReleases();
const minor = (r: string) => Number(r.split('.')[1]);

describe('release snapshots: facts', () => {
  it('ships one snapshot per release from 1.13 on, no minor left out, 1.36 included', () => {
    expect(releases[0]).toBe('1.13');
    expect(releases).toEqual(releases.map((_r, i) => `1.${13 + i}`));
    expect(releases).toContain('1.36');
  });

  it('a flag the page stops listing with nothing on record is unlisted, neither accepted nor removed', () => {
    // The 1.34 kubelet page no longer lists --log-json-info-buffer-size; no note or PR says why.
    for (const r of ['1.34', '1.36']) {
      expect(has(r, 'kubelet', 'log-json-info-buffer-size'), r).toBe(false);
      expect(
        shippedRelease(r).unlisted?.kubelet?.find((f) => f.name === 'log-json-info-buffer-size'),
        r,
      ).toMatchObject({ lastListed: '1.33' });
    }
    // --audit-dynamic-configuration went with DynamicAuditing in 1.19 (PR 91502): removed, not unlisted.
    expect(shippedRelease('1.19').changes).toContainEqual(
      expect.objectContaining({ name: '--audit-dynamic-configuration', change: 'removed' }),
    );
    expect(
      shippedRelease('1.19').unlisted?.['kube-apiserver']?.some((f) => f.name === 'audit-dynamic-configuration'),
    ).not.toBe(true);
    // One 1.23 note removes four scheduler flags in one sentence; the last, `use-legacy-policy-config`, included.
    for (const flag of [
      'policy-config-file',
      'policy-configmap',
      'policy-configmap-namespace',
      'use-legacy-policy-config',
    ]) {
      expect(has('1.22', 'kube-scheduler', flag), flag).toBe(true);
      expect(has('1.23', 'kube-scheduler', flag), flag).toBe(false);
      expect(shippedRelease('1.23').unlisted?.['kube-scheduler']?.some((f) => f.name === flag) ?? false, flag).toBe(
        false,
      );
    }
    // The 1.15 note names the kubelet's settings as Go fields (HostNetworkSources, …): its flags.
    for (const flag of ['host-network-sources', 'host-pid-sources', 'host-ipc-sources']) {
      expect(has('1.14', 'kubelet', flag), flag).toBe(true);
      expect(has('1.15', 'kubelet', flag), flag).toBe(false);
      expect(shippedRelease('1.15').changes).toContainEqual(
        expect.objectContaining({ name: `--${flag}`, component: 'kubelet', change: 'removed' }),
      );
    }
    // Deprecated in 1.25 ("will be removed in 1.26" is a plan), removed in 1.27: no removal in 1.25.
    expect(flagIn('1.25', 'kube-controller-manager', 'enable-taint-manager')).toMatchObject({ deprecated: true });
    expect(
      shippedRelease('1.25')
        .changes.filter((c) => c.name === '--enable-taint-manager')
        .map((c) => c.change),
    ).toEqual(['deprecated']);
    expect(has('1.27', 'kube-controller-manager', 'enable-taint-manager')).toBe(false);
  });

  it('--insecure-port and --insecure-bind-address exist (hidden, inert from 1.20) through 1.23, gone in 1.24', () => {
    for (const flag of ['insecure-port', 'insecure-bind-address']) {
      for (const r of releases.filter((x) => minor(x) <= 23))
        expect(has(r, 'kube-apiserver', flag), `${flag} ${r}`).toBe(true);
      for (const r of releases.filter((x) => minor(x) >= 24))
        expect(has(r, 'kube-apiserver', flag), `${flag} ${r}`).toBe(false);
    }
    expect(flagIn('1.21', 'kube-apiserver', 'insecure-port')).toMatchObject({
      hidden: true,
      inert: true,
      onlyValues: ['0'],
    });
    expect(flagIn('1.19', 'kube-apiserver', 'insecure-port')!.inert).toBeUndefined();
    const removal = shippedRelease('1.24').changes.find((c) => c.name === '--insecure-port')!;
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
    // The 1.31 kubelet page still lists it; the 1.31 notes remove it (PR 122082) and 1.32 agrees.
    ['kubelet', 'keep-terminated-pod-volumes', '1.30', '1.31'],
    // Hidden once deprecated (1.28, PR 118128), removed in 1.31 (PR 124017).
    ['kube-controller-manager', 'volume-host-allow-local-loopback', '1.30', '1.31'],
    // klog's flags: deprecated 1.23 (PR 105042), removed 1.26 (PR 112120).
    ['kube-apiserver', 'log-dir', '1.25', '1.26'],
  ])('%s --%s exists in %s and is gone in %s', (component, flag, last, gone) => {
    expect(has(last, component, flag)).toBe(true);
    expect(has(gone, component, flag)).toBe(false);
  });

  it('keeps a flag the page hides as deprecated and hidden until its removal is on record', () => {
    for (const r of ['1.28', '1.29', '1.30'])
      expect(flagIn(r, 'kube-controller-manager', 'volume-host-allow-local-loopback'), r).toMatchObject({
        hidden: true,
        deprecated: true,
      });
    expect(flagIn('1.27', 'kube-controller-manager', 'volume-host-allow-local-loopback')?.hidden).toBeUndefined();
    const removal = shippedRelease('1.31').changes.find(
      (c) => c.name === '--volume-host-allow-local-loopback' && c.change === 'removed',
    )!;
    expect(removal.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#124017');
    // Hidden from 1.16 with no removal on record (the 1.31 notes still name it): kept.
    for (const r of ['1.16', '1.31', '1.34'])
      expect(flagIn(r, 'kube-apiserver', 'enable-logs-handler'), r).toMatchObject({ hidden: true, deprecated: true });
  });

  it('a flag that reappears on a later page existed, hidden, all along', () => {
    // The API server pages leave --enable-logs-handler out from 1.16 to 1.34 and list it again in 1.35.
    // (The kubelet's --tls-min-version, once shown so for 1.19–1.33, is on every one of those pages:
    // a description missing its closing tag had swallowed its heading.)
    for (const r of releases.filter((x) => minor(x) >= 16 && minor(x) <= 34))
      expect(flagIn(r, 'kube-apiserver', 'enable-logs-handler'), r).toMatchObject({ hidden: true });
    expect(flagIn('1.35', 'kube-apiserver', 'enable-logs-handler')?.hidden).toBeUndefined();
    // The 1.23 kube-proxy page prints no --v (which every binary accepts) and none of the klog flags
    // the 1.22 and 1.24 pages list: a partial print, not a change; --v and --vmodule are as listed.
    for (const name of ['v', 'vmodule']) {
      expect(flagIn('1.23', 'kube-proxy', name)?.hidden, name).toBeUndefined();
      expect(flagIn('1.23', 'kube-proxy', name)?.deprecated, name).toBeUndefined();
    }
  });

  it('flags the pages drop but the binary keeps, or drops later, are hidden, not unlisted', () => {
    // The kubelet's cAdvisor flags: the 1.20 page drops the set; still registered, deprecated (s7 #22, #33, #53).
    for (const r of ['1.20', '1.27', '1.36'])
      for (const name of ['enable-load-reader', 'event-storage-age-limit', 'storage-driver-buffer-duration'])
        expect(flagIn(r, 'kubelet', name), `${r} ${name}`).toMatchObject({ hidden: true, deprecated: true });
    // Unlisted from 1.28, "deprecated in v1.28" and removed by the 1.31 notes (PR 122363).
    for (const r of ['1.28', '1.30'])
      expect(flagIn(r, 'kubelet', 'iptables-masquerade-bit'), r).toMatchObject({ hidden: true, deprecated: true });
    expect(has('1.31', 'kubelet', 'iptables-masquerade-bit')).toBe(false);
    // --dynamic-config-dir went with DynamicKubeletConfig in 1.24 (PR 106932), not hidden on.
    expect(flagIn('1.23', 'kubelet', 'dynamic-config-dir')).toMatchObject({ deprecated: true });
    expect(has('1.24', 'kubelet', 'dynamic-config-dir')).toBe(false);
    // "`--endpoint-reconciler-type=master-count` reconciler are deprecated" (1.24, PR 108062): a value, not the flag.
    expect(flagIn('1.24', 'kube-apiserver', 'endpoint-reconciler-type')?.deprecated).toBeUndefined();
  });

  it("a scheduler plugin-args kind is read at its KubeSchedulerConfiguration's version, from the kind's own apiVersion row", () => {
    // The 1.21 v1beta1 page's front matter says kubescheduler.config.k8s.io/v1 (the legacy Policy's).
    expect(shippedRelease('1.21').configs.NodeResourcesFitArgs?.apiVersion).toBe('kubescheduler.config.k8s.io/v1beta1');
    // 1.22 models v1beta2, whose NodeResourcesFitArgs has scoringStrategy, not the Policy API's v1.
    expect(shippedRelease('1.22').configs.NodeResourcesFitArgs?.apiVersion).toBe('kubescheduler.config.k8s.io/v1beta2');
    expect(shippedRelease('1.22').configs.NodeResourcesFitArgs?.fields.some((f) => f.path === 'scoringStrategy')).toBe(
      true,
    );
    const added = (a: string, b: string) =>
      diffReleases(shippedRelease(a), shippedRelease(b))
        .filter((c) => c.area === 'field' && c.component === 'NodeResourcesFitArgs' && c.change === 'added')
        .map((c) => c.name);
    expect(added('1.22', '1.23')).toEqual([]);
    expect(added('1.21', '1.22')).toContain('scoringStrategy');
  });

  it('a flag printed with the other word separator is the same flag: one entry, under the dashed name, and no line', () => {
    const lines = (a: string, b: string, c: string) =>
      diffReleases(shippedRelease(a), shippedRelease(b), c).map((x) => `${x.change} ${x.name}`);
    const names = (r: string, c: 'kube-controller-manager' | 'kube-proxy') =>
      shippedRelease(r).flags[c].map((f) => f.name);
    // The 1.20 controller-manager page prints --concurrent_rc_syncs, the 1.21 page --concurrent-rc-syncs.
    for (const r of ['1.20', '1.21']) {
      expect(names(r, 'kube-controller-manager'), r).toContain('concurrent-rc-syncs');
      expect(names(r, 'kube-controller-manager'), r).not.toContain('concurrent_rc_syncs');
    }
    expect(lines('1.20', '1.21', 'kube-controller-manager').filter((l) => /concurrent.rc.syncs/.test(l))).toEqual([]);
    expect(lines('1.22', '1.23', 'kube-proxy').filter((l) => /boot.id.file/.test(l))).toEqual([]);
    // kube-proxy prints klog's Go flags with underscores from 1.24 (--log_file), unmarked through 1.36:
    // the same flags as 1.22's --log-file, neither hidden nor removed in between.
    for (const r of ['1.22', '1.24', '1.26', '1.36'])
      expect(
        shippedRelease(r).flags['kube-proxy'].find((f) => f.name === 'log-file'),
        r,
      ).toMatchObject({ name: 'log-file' });
    expect(lines('1.25', '1.26', 'kube-proxy').filter((l) => /log.file/.test(l))).toEqual([]);
  });

  it('PodSecurityPolicy through 1.24, gone in 1.25; SecurityContextDeny deprecated 1.27, gone 1.30', () => {
    expect(shippedRelease('1.24').admission.available).toContain('PodSecurityPolicy');
    expect(shippedRelease('1.25').admission.available).not.toContain('PodSecurityPolicy');
    expect(shippedRelease('1.27').changes).toContainEqual(
      expect.objectContaining({ kind: 'plugin', name: 'SecurityContextDeny', change: 'deprecated' }),
    );
    expect(shippedRelease('1.29').admission.available).toContain('SecurityContextDeny');
    expect(shippedRelease('1.30').admission.available).not.toContain('SecurityContextDeny');
    expect(shippedRelease('1.13').admission.defaultOn).toContain('ServiceAccount');
  });

  it('RotateKubeletServerCertificate is beta, default true, in every release; AnonymousAuthConfigurableEndpoints GA in 1.34', () => {
    for (const r of releases)
      expect(gateIn(r, 'RotateKubeletServerCertificate'), r).toMatchObject({ stage: 'beta', default: true });
    expect(gateIn('1.34', 'AnonymousAuthConfigurableEndpoints')).toMatchObject({
      stage: 'ga',
      default: true,
      lockedToDefault: true,
    });
    expect(gateIn('1.33', 'AnonymousAuthConfigurableEndpoints')?.stage).toBe('beta');
  });

  it('AdvancedAuditing: GA from 1.12, locked only in 1.27 (PR 115163), removed in 1.28 (PR 118763)', () => {
    for (const r of releases.filter((x) => minor(x) <= 26)) {
      expect(gateIn(r, 'AdvancedAuditing'), r).toMatchObject({ stage: 'ga', default: true });
      expect(gateIn(r, 'AdvancedAuditing')?.lockedToDefault, r).toBeUndefined();
    }
    const g = gateIn('1.27', 'AdvancedAuditing')!;
    expect(g.lockedToDefault).toBe(true);
    expect(g.evidence?.map((e) => e.ref)).toContain('kubernetes/kubernetes#115163');
    expect(gateIn('1.28', 'AdvancedAuditing')).toBeUndefined();
    expect(shippedRelease('1.28').removedGates).toContain('AdvancedAuditing');
  });

  it('locks as the source says: not every GA gate, and non-GA gates too', () => {
    // The 1.34 per-gate page says `locked: false` for a GA gate.
    expect(gateIn('1.34', 'DynamicResourceAllocation')).toMatchObject({ stage: 'ga', default: true });
    expect(gateIn('1.34', 'DynamicResourceAllocation')?.lockedToDefault).toBeUndefined();
    // "remains deprecated and is now locked to false" (1.32 notes).
    expect(gateIn('1.32', 'AllowServiceLBStatusOnNonLB')).toMatchObject({
      stage: 'deprecated',
      default: false,
      lockedToDefault: true,
    });
    const ga = releases.flatMap((r) => shippedRelease(r).gates.filter((g) => g.stage === 'ga'));
    expect(ga.some((g) => !g.lockedToDefault)).toBe(true);
  });

  it('gates the notes remove leave the snapshot; stale tables do not bring them back', () => {
    for (const [gate, gone] of [
      ['CustomPodDNS', '1.16'],
      ['MountPropagation', '1.14'],
      ['PodReadinessGates', '1.16'],
    ] as const) {
      expect(gateIn(`1.${minor(gone) - 1}`, gate), gate).toBeDefined();
      for (const r of releases.filter((x) => minor(x) >= minor(gone))) {
        expect(gateIn(r, gate), `${gate} ${r}`).toBeUndefined();
        expect(shippedRelease(r).removedGates, `${gate} ${r}`).toContain(gate);
      }
    }
    for (const r of releases) expect(gateIn(r, 'DynamicProvisioningScheduling'), r).toBeUndefined();
  });

  it('reads a gate-name typo a page fixed in the next release as one gate', () => {
    expect(gateIn('1.28', 'PersistentVolumeLastPhaseTransitionTime')?.stage).toBe('alpha');
    expect(gateIn('1.28', 'PersistentVolumeLastPhaseTransistionTime')).toBeUndefined();
    // A rename on record is no typo: 1.23 registered `csiMigrationRBD`, 1.24 renamed it (PR 107554).
    expect(gateIn('1.23', 'csiMigrationRBD')).toBeDefined();
    expect(gateIn('1.23', 'CSIMigrationRBD')).toBeUndefined();
    expect(gateIn('1.24', 'CSIMigrationRBD')).toMatchObject({ stage: 'alpha', since: '1.24' });
    expect(shippedRelease('1.24').changes).toContainEqual(
      expect.objectContaining({ kind: 'gate', name: 'csiMigrationRBD', change: 'renamed', to: 'CSIMigrationRBD' }),
    );
  });

  it('kubelet flag and field defaults differ where they do, and flags map to fields', () => {
    for (const r of releases) {
      const s = shippedRelease(r);
      const field = (p: string) => s.configs.KubeletConfiguration.fields.find((f) => f.path === p);
      expect(field('readOnlyPort')?.default, r).toBe('0');
      expect(field('authentication.anonymous.enabled')?.default, r).toBe('false');
      expect(s.flagFields.kubelet?.['anonymous-auth'], r).toBe('authentication.anonymous.enabled');
      expect(s.flagFields.kubelet?.['client-ca-file'], r).toBe('authentication.x509.clientCAFile');
      expect(s.flagFields.kubelet?.['tls-cert-file'], r).toBe('tlsCertFile');
      expect(s.flagFields.kubelet?.['event-qps'], r).toBe('eventRecordQPS');
      // The flag's default without a config file, and the one in effect with it.
      expect(flagIn(r, 'kubelet', 'read-only-port'), r).toMatchObject({ default: '10255', configDefault: '0' });
      expect(flagIn(r, 'kubelet', 'anonymous-auth'), r).toMatchObject({ default: 'true', configDefault: 'false' });
      expect(flagIn(r, 'kubelet', 'authorization-mode'), r).toMatchObject({
        default: 'AlwaysAllow',
        configDefault: 'Webhook',
      });
      // Same default either way: no configDefault.
      expect(flagIn(r, 'kubelet', 'port')?.configDefault, r).toBeUndefined();
    }
    const idle = (r: string) =>
      shippedRelease(r).configs.KubeletConfiguration.fields.find((f) => f.path === 'streamingConnectionIdleTimeout');
    expect(idle('1.33')?.deprecated).toBeUndefined();
    expect(idle('1.34')?.deprecated).toBe(true);
  });

  it('says how each component reads its config file', () => {
    for (const r of releases) {
      const s = shippedRelease(r);
      expect(s.configFiles?.kubelet, r).toMatchObject({
        flag: 'config',
        kind: 'KubeletConfiguration',
        precedence: 'flags-over-file',
      });
      expect(s.configFiles?.['kube-scheduler']?.precedence, r).toBe('file-only');
      expect(s.configFiles?.['kube-proxy']?.precedence, r).toBe('file-only');
      expect(s.configFiles?.['kube-controller-manager'], r).toBeUndefined();
      for (const rule of Object.values(s.configFiles ?? {})) expect(rule.evidence.length, r).toBeGreaterThan(0);
      const dropIns = s.configFiles?.kubelet?.dropIns;
      if (minor(r) < 28) expect(dropIns, r).toBeUndefined();
      else if (minor(r) < 30)
        expect(dropIns, r).toEqual({ flag: 'config-dir', stage: 'alpha', env: 'KUBELET_CONFIG_DROPIN_DIR_ALPHA' });
      else expect(dropIns, r).toEqual({ flag: 'config-dir', stage: 'beta' });
    }
  });

  it("config-api pages give the API server's and kubeadm's config kinds, in the version the release serves", () => {
    const auth = shippedRelease('1.34').configs.AuthenticationConfiguration;
    expect(auth).toMatchObject({ component: 'kube-apiserver', apiVersion: 'apiserver.config.k8s.io/v1' });
    expect(auth.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['anonymous.enabled', 'anonymous.conditions', 'jwt']),
    );
    expect(shippedRelease('1.34').configs.EncryptionConfiguration.fields.map((f) => f.path)).toContain('resources');
    // kubeadm v1beta4 has pages from 1.28 but is served from 1.31 (overlay).
    expect(shippedRelease('1.30').configs.ClusterConfiguration).toMatchObject({
      component: 'kubeadm',
      apiVersion: 'kubeadm.k8s.io/v1beta3',
    });
    expect(shippedRelease('1.31').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(shippedRelease('1.21').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta2');
    expect(shippedRelease('1.34').configs.ClusterConfiguration.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['apiServer.extraArgs', 'etcd.local.dataDir']),
    );
    expect(shippedRelease('1.19').configs.ClusterConfiguration).toBeUndefined();
    // Embedded from another package: on the page, not in the Go-type facts.
    expect(shippedRelease('1.30').configs.KubeSchedulerConfiguration.fields.map((f) => f.path)).toContain(
      'enableProfiling',
    );
  });

  it('maps flags to config fields for every component with a config file of its own', () => {
    for (const r of releases)
      expect(shippedRelease(r).flagFields['kube-proxy']?.['metrics-bind-address'], r).toBe('metricsBindAddress');
    expect(shippedRelease('1.34').flagFields['kube-proxy']?.['healthz-bind-address']).toBe('healthzBindAddress');
    expect(shippedRelease('1.34').flagFields['kube-apiserver']).toBeUndefined();
  });

  it('etcd flags come from the etcd version kubeadm deploys with each release', () => {
    expect(shippedRelease('1.13').etcd?.version).toBe('3.2');
    expect(shippedRelease('1.21').etcd?.version).toBe('3.4');
    expect(shippedRelease('1.34').etcd?.version).toBe('3.6');
    for (const r of releases) {
      const flags = shippedRelease(r).etcd!.flags;
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
    // Deprecated in etcd 3.5; removed in 3.6 by etcd's changelog though the 3.6 page still lists it.
    expect(shippedRelease('1.33').etcd!.flags.find((f) => f.name === 'enable-v2')?.deprecated).toBe(true);
    expect(shippedRelease('1.34').etcd!.flags.some((f) => f.name === 'enable-v2')).toBe(false);
    expect(shippedRelease('1.34').etcd!.removed?.find((f) => f.name === 'enable-v2')?.evidence[0]?.url).toContain(
      'CHANGELOG-3.6',
    );
  });

  it('kubeadm: --insecure-port=0 up to 1.21 only; Node,RBAC and NodeRestriction throughout; never profiling or audit', () => {
    for (const r of releases) {
      const k = shippedRelease(r).kubeadm;
      const api = k.flags['kube-apiserver']!;
      expect(api['insecure-port'], r).toBe(minor(r) <= 21 ? '0' : undefined);
      expect(api['authorization-mode']).toBe('Node,RBAC');
      expect(api['enable-admission-plugins']).toBe('NodeRestriction');
      for (const c of Object.values(k.flags))
        expect(Object.keys(c!).filter((n) => n === 'profiling' || n.startsWith('audit-'))).toEqual([]);
      expect(k.hostNetwork).toBe(true);
    }
  });

  it('every shipped snapshot matches the snapshot schema', () => {
    for (const r of releases) {
      const text = readFileSync(join(repoRoot, 'data', 'kubernetes', `${r}.json`), 'utf8');
      expect(ReleaseSnapshotSchema.safeParse(JSON.parse(text)).success, r).toBe(true);
    }
  });
});

// Markdown or HTML left in a value: a code span, a tag, an entity, an escape, a trailing `;`.
const markup = /`|<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);|\\[<>`*_[\]]|;$/i;

describe('clean values', () => {
  it('no name, type or default in any shipped snapshot holds markdown or HTML', () => {
    const bad: string[] = [];
    const check = (where: string, v: string | undefined) => {
      if (v !== undefined && markup.test(v)) bad.push(`${where}: ${v}`);
    };
    for (const r of releases) {
      const s = shippedRelease(r);
      for (const c of releaseComponents)
        for (const f of s.flags[c]) {
          check(`${r} ${c} --${f.name}`, f.name);
          check(`${r} ${c} --${f.name} type`, f.type);
          check(`${r} ${c} --${f.name} default`, f.default);
          check(`${r} ${c} --${f.name} configDefault`, f.configDefault);
        }
      for (const f of s.etcd?.flags ?? []) check(`${r} etcd --${f.name} default`, f.default);
      for (const [kind, k] of Object.entries(s.configs))
        for (const f of k.fields) {
          check(`${r} ${kind} ${f.path}`, f.path);
          check(`${r} ${kind} ${f.path} type`, f.type);
          check(`${r} ${kind} ${f.path} default`, f.default);
        }
      for (const g of s.gates) check(`${r} gate`, g.name);
      for (const p of s.admission.available) check(`${r} plugin`, p);
      for (const [c, fl] of Object.entries(s.kubeadm.flags))
        for (const [n, v] of Object.entries(fl ?? {})) check(`${r} kubeadm ${c} --${n}`, v);
    }
    expect(bad).toEqual([]);
  });

  it('the walker catches what the pages hold', () => {
    for (const v of ['`2m0s`', '<code>true</code>', 'a&amp;b', 'InternalIP,ExternalIP,Hostname;', '\\<none\\>'])
      expect(markup.test(v), v).toBe(true);
    for (const v of ['2m0s', 'imagefs.available<15%,memory.available<100Mi', '*', 'Node,RBAC'])
      expect(markup.test(v), v).toBe(false);
  });
});

describe('releases diff shows real changes, each with evidence', () => {
  it('no formatting-only default changes between 1.18 and 1.19, or 1.21 and 1.22', () => {
    for (const [a, b] of [
      ['1.18', '1.19'],
      ['1.21', '1.22'],
    ]) {
      const changes = diffReleases(shippedRelease(a), shippedRelease(b)).filter((c) => c.change === 'default-changed');
      // Only kube-proxy's and the pause image's real changes remain.
      expect(changes.length, `${a}→${b}`).toBeLessThan(5);
      for (const c of changes) expect(c.from!.replace(/[`"']/g, ''), c.name).not.toBe(c.to!.replace(/[`"']/g, ''));
    }
    expect(
      diffReleases(shippedRelease('1.21'), shippedRelease('1.22')).find(
        (c) => c.name === '--pod-infra-container-image',
      ),
    ).toMatchObject({ from: 'k8s.gcr.io/pause:3.4.1', to: 'k8s.gcr.io/pause:3.5' });
  });

  it('calls a flag removed only with a removal on record; a flag the page hides is `hidden`', () => {
    for (let i = 1; i < releases.length; i++) {
      const changes = diffReleases(shippedRelease(releases[i - 1]), shippedRelease(releases[i]));
      for (const c of changes) expect(c.evidence.length, `${releases[i]} ${c.name} ${c.change}`).toBeGreaterThan(0);
      for (const c of changes.filter((x) => x.area === 'flag' && x.change === 'removed'))
        expect(
          c.evidence.every((e) => e.kind !== 'doc' || !e.ref.includes('reference')),
          `${releases[i]} ${c.name}`,
        ).toBe(true);
    }
    const d = diffReleases(shippedRelease('1.27'), shippedRelease('1.28'), 'kube-controller-manager');
    expect(d.filter((c) => c.name === '--volume-host-allow-local-loopback').map((c) => c.change)).toEqual([
      'deprecated',
      'hidden',
    ]);
    const later = diffReleases(shippedRelease('1.30'), shippedRelease('1.31'), 'kube-controller-manager');
    expect(later.find((c) => c.name === '--volume-host-allow-local-loopback')).toMatchObject({ change: 'removed' });
  });

  it('a flag that comes back is not `added`, and a removal carries its PR', () => {
    const back = diffReleases(shippedRelease('1.33'), shippedRelease('1.34'), 'kubelet');
    expect(back.filter((c) => c.name === '--tls-min-version' && c.change === 'added')).toEqual([]);
    const changes = diffReleases(shippedRelease('1.23'), shippedRelease('1.24'), 'kube-apiserver');
    expect(changes.find((c) => c.name === '--insecure-port')).toMatchObject({ change: 'removed' });
    expect(changes.find((c) => c.name === '--insecure-port')!.evidence.map((e) => e.ref)).toContain(
      'kubernetes/kubernetes#106859',
    );
  });

  it('shows a lock as its own change', () => {
    const d = diffReleases(shippedRelease('1.26'), shippedRelease('1.27'));
    expect(d.find((c) => c.area === 'gate' && c.name === 'AdvancedAuditing')).toMatchObject({
      change: 'locked',
      to: 'true',
    });
  });

  it('reads patch releases in gate pages as the x.y.0 release a snapshot is (MaxUnavailableStatefulSet, 1.36 page)', () => {
    const page = (stages: string) => `---\ntitle: G\nstages:\n${stages}---\n`;
    const g = gateFromFile(
      page(
        '  - { stage: alpha, defaultValue: false, fromVersion: "1.24", toVersion: "1.34" }\n' +
          '  - { stage: beta, defaultValue: true, fromVersion: "1.35.0", toVersion: "1.35.3" }\n' +
          '  - { stage: beta, defaultValue: false, fromVersion: "1.35.4" }\n',
      ),
    );
    expect(g?.stages.map((x) => [x.stage, x.default, x.from, x.to])).toEqual([
      ['alpha', false, '1.24', '1.34'],
      ['beta', true, '1.35', '1.35'],
      ['beta', false, '1.36', undefined],
    ]);
    const gate = (r: string) => shippedRelease(r).gates.find((x) => x.name === 'MaxUnavailableStatefulSet');
    expect(gate('1.35')).toMatchObject({ stage: 'beta', default: true });
    expect(gate('1.36')).toMatchObject({ stage: 'beta', default: false });
  });

  it("covers kubeadm's etcd: the version with the notes that bump it, etcd's flags, what kubeadm sets", () => {
    const d = diffReleases(shippedRelease('1.33'), shippedRelease('1.34'), 'etcd');
    // The patch of kubeadm's DefaultEtcdVersion at 1.34.0 (PR 133245), not the first 3.6 the notes name.
    expect(d.find((c) => c.area === 'etcd' && c.name === 'version')).toMatchObject({ from: '3.5.21', to: '3.6.4' });
    expect(d.find((c) => c.name === 'version')!.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#133245');
    // The 1.34 notes: experimental flags replaced by the InitialCorruptCheck gate and the graduated flag.
    const kubeadm = d.filter((c) => c.area === 'kubeadm');
    expect(kubeadm.map((c) => `${c.change} ${c.name}`).sort()).toEqual([
      'added --feature-gates',
      'added --watch-progress-notify-interval',
      'removed --experimental-initial-corrupt-check',
      'removed --experimental-watch-progress-notify-interval',
    ]);
    for (const c of kubeadm) expect(c.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#132838');
    // Only etcd: nothing of another component, and no etcd line where etcd did not change.
    expect(d.every((c) => c.component === 'etcd')).toBe(true);
    // A new patch with no flag change is the version line alone (1.36 notes: etcd images v3.6.8).
    expect(diffReleases(shippedRelease('1.35'), shippedRelease('1.36'), 'etcd')).toEqual([
      expect.objectContaining({ area: 'etcd', name: 'version', from: '3.6.6', to: '3.6.8' }),
    ]);
    // kubeadm set --listen-metrics-urls from 1.16 (PR 81385), not before; 1.16 moved to etcd 3.3.15.
    expect(diffReleases(shippedRelease('1.15'), shippedRelease('1.16'), 'etcd')).toEqual([
      expect.objectContaining({ area: 'etcd', name: 'version', from: '3.3.10', to: '3.3.15' }),
      expect.objectContaining({ area: 'kubeadm', name: '--listen-metrics-urls', change: 'added' }),
    ]);
  });

  it('etcd is the patch kubeadm deploys: every release knows it, and a flag the page of a newer patch lists is not new before it', () => {
    for (const r of releases) expect(shippedRelease(r).etcd?.patch, r).toMatch(/^3\.\d+\.\d+$/);
    // 1.26 → 1.27: no flag changed between 3.5.6 and 3.5.7, but the version did (notes v1.27, PR 115310).
    expect(diffReleases(shippedRelease('1.26'), shippedRelease('1.27'), 'etcd')).toEqual([
      expect.objectContaining({ name: 'version', from: '3.5.6', to: '3.5.7' }),
    ]);
    // The v3.3 page lists 3.4 flags ("Available from v3.4"); the v3.2 page leaves out 3.2.24's.
    const d = diffReleases(shippedRelease('1.13'), shippedRelease('1.14'), 'etcd').map((c) => `${c.change} ${c.name}`);
    for (const n of ['--logger', '--log-outputs', '--backend-batch-limit', '--backend-batch-interval'])
      expect(d).not.toContain(`added ${n}`);
    for (const n of ['--cipher-suites', '--quota-backend-bytes']) {
      expect(d).not.toContain(`added ${n}`);
      expect(
        shippedRelease('1.13').etcd!.flags.some((f) => f.name === n.slice(2)),
        n,
      ).toBe(true);
    }
    const logger = diffReleases(shippedRelease('1.16'), shippedRelease('1.17'), 'etcd').find(
      (c) => c.name === '--logger',
    );
    expect(logger).toMatchObject({ change: 'added' });
    expect(logger!.evidence.map((e) => e.url).join(' ')).toContain('CHANGELOG-3.4');
    // A flag a 3.5 patch added, which no page lists, arrives with that patch (3.5.5 in 1.26).
    const hash = diffReleases(shippedRelease('1.25'), shippedRelease('1.26'), 'etcd');
    expect(hash.map((c) => `${c.change} ${c.name}`)).toContain('added --max-concurrent-streams');
  });

  it('a default a note changes is listed even where the older page printed none; an old flag first listed is `listed`', () => {
    const d = diffReleases(shippedRelease('1.35'), shippedRelease('1.36'), 'kube-apiserver');
    expect(d.find((c) => c.name === '--audit-log-maxage')).toMatchObject({ change: 'default-changed', to: '366' });
    expect(d.find((c) => c.name === '--audit-log-maxage')!.evidence.map((e) => e.ref)).toContain(
      'kubernetes/kubernetes#136478',
    );
    const listed = diffReleases(shippedRelease('1.34'), shippedRelease('1.35'), 'kube-apiserver');
    expect(listed.find((c) => c.name === '--admission-control')).toMatchObject({ change: 'listed' });
  });

  it('releases diff over a range lists release by release', async () => {
    const r = await run(['releases', 'diff', '1.19', '1.25', '--format', 'json']);
    expect(r.code).toBe(0);
    const { steps } = JSON.parse(r.stdout) as { steps: Array<{ from: string; to: string }> };
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

describe('releases show', () => {
  it('shows etcd and kubeadm facts on the command line', async () => {
    const etcd = await run(['releases', 'show', '1.21', '--component', 'etcd', '--format', 'json']);
    expect(etcd.code).toBe(0);
    expect(JSON.parse(etcd.stdout).component).toMatchObject({ component: 'etcd', version: '3.4' });
    const flag = await run(['releases', 'show', '1.34', '--flag', 'client-cert-auth', '--format', 'json']);
    expect(JSON.parse(flag.stdout).flags).toEqual([
      expect.objectContaining({ component: 'etcd', etcdVersion: '3.6', default: 'false' }),
    ]);
    const kubeadm = await run(['releases', 'show', '1.31', '--component', 'kubeadm', '--format', 'json']);
    expect(JSON.parse(kubeadm.stdout).component.configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
  });

  it('shows both defaults of a flag and how the config file is read', async () => {
    const r = await run(['releases', 'show', '1.34', '--flag', '--authorization-mode', '--component', 'kubelet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('default: AlwaysAllow');
    expect(r.stdout).toContain('configDefault: Webhook');
    expect(r.stdout).toContain('precedence: flags-over-file');
    const json = await run([
      'releases',
      'show',
      '1.30',
      '--flag',
      'profiling',
      '--component',
      'kube-scheduler',
      '--format',
      'json',
    ]);
    expect(JSON.parse(json.stdout).flags[0].configFile).toMatchObject({ flag: '--config', precedence: 'file-only' });
  });

  it('shows a gate with stage, default and lock', async () => {
    const r = await run(['releases', 'show', '1.27', '--gate', 'AdvancedAuditing', '--format', 'json']);
    expect(JSON.parse(r.stdout).gate).toMatchObject({
      name: 'AdvancedAuditing',
      stage: 'ga',
      default: true,
      locked: true,
    });
    const before = await run(['releases', 'show', '1.26', '--gate', 'AdvancedAuditing']);
    expect(before.stdout).toContain('locked: false');
    const gone = await run(['releases', 'show', '1.28', '--gate', 'AdvancedAuditing']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('(removed)');
  });

  it('has help text for every option', async () => {
    const r = await run(['releases', 'show', '--help']);
    for (const o of ['--flag', '--field', '--gate', '--component', '--format'])
      expect(r.stdout).toMatch(new RegExp(`${o} <[a-z]+>\\s+\\S`));
  });
});

describe('data/kubernetes/changes.json', () => {
  it("holds each shipped release's change events, as its snapshot does", () => {
    const changes = JSON.parse(readFileSync(join(repoRoot, 'data', 'kubernetes', 'changes.json'), 'utf8'));
    expect(Object.keys(changes)).toEqual(releases);
    for (const r of releases) expect(changes[r], r).toEqual(shippedRelease(r).changes);
  });

  it('is what the lazily read history gives, before and after the rest of a snapshot is read', () => {
    const history = shippedHistory();
    const r = history[history.length - 1];
    const before = r.changes;
    expect(r.flags.kubelet.length).toBeGreaterThan(0);
    expect(r.changes).toBe(before);
    expect(r.changes).toEqual(shippedRelease(r.release).changes);
  });
});

describe('releases options are checked, with the valid values named', () => {
  it.each([
    [['releases', 'list', '--format', 'xml'], /^--format: unknown format 'xml', expected text or json$/],
    [['releases', 'show', '1.34', '--format', 'yaml'], /^--format: unknown format 'yaml', expected text or json$/],
    [['releases', 'diff', '1.33', '1.34', '--format', 'html'], /expected text, markdown or json$/],
    [
      ['releases', 'diff', '1.33', '1.34', '--component', 'bogus'],
      /^--component: unknown component 'bogus', expected .*kube-proxy, etcd or kubeadm$/,
    ],
    [['releases', 'show', '1.34', '--component', 'kubectl'], /^--component: unknown component 'kubectl'/],
  ])('%j is an input error', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(message);
  });

  it('diff --component kubeadm lists kubeadm defaults and configuration kinds', async () => {
    const r = JSON.parse(
      (await run(['releases', 'diff', '1.20', '1.34', '--component', 'kubeadm', '--format', 'json'])).stdout,
    );
    const changes = r.steps.flatMap((s: { changes: Array<{ area: string }> }) => s.changes);
    expect(changes.some((c: { area: string }) => c.area === 'kubeadm')).toBe(true);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('diff --component keeps that component only', async () => {
    const r = JSON.parse(
      (await run(['releases', 'diff', '1.33', '1.34', '--component', 'kubelet', '--format', 'json'])).stdout,
    );
    const comps = new Set(
      r.steps.flatMap((s: { changes: Array<{ component?: string }> }) => s.changes.map((c) => c.component)),
    );
    // Something is listed (kubelet changes between 1.33 and 1.34), and nothing of another component.
    expect(comps.has('kubelet') || comps.has('KubeletConfiguration')).toBe(true);
    expect([...comps].filter((c) => c && c !== 'kubelet' && c !== 'KubeletConfiguration')).toEqual([]);
  });
});

describe('snapshot files are input: checked before use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-snap-'));
  const good = JSON.parse(readFileSync(join(repoRoot, 'data', 'kubernetes', '1.30.json'), 'utf8')) as ReleaseSnapshot;
  const file = (name: string, data: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
    return p;
  };
  let deep = '1';
  for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
  it.each([
    ['flags without components', { release: '1.30', flags: {} }, /flags\.kube-apiserver: missing, expected a list/],
    ['removedGates a number', { ...good, removedGates: 1 }, /removedGates: found number, expected a list/],
    [
      'a null flag',
      { ...good, flags: { ...good.flags, kubelet: [null] } },
      /flags\.kubelet\[0\]: found null, expected an object/,
    ],
    ['no admission', { ...good, admission: undefined }, /admission: missing, expected an object/],
    ['no gates', { ...good, gates: undefined }, /gates: missing/],
    ['no configs', { ...good, configs: undefined }, /configs: missing/],
    ['no changes', { ...good, changes: undefined }, /changes: missing/],
    ['an unknown key', { ...good, extra: 1 }, /unknown key extra/],
    ['a list nested 5,000 deep', deep, /nested more than 32 levels deep/],
    ['not JSON', '{"release": ', /invalid JSON/],
  ])('%s → one input error, exit 2', async (_name, data, message) => {
    const p = file(`${_name.replace(/\W+/g, '-')}.json`, data);
    for (const args of [
      ['check', 'cis-1.4', '--release', p],
      ['releases', 'show', p],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(p);
    }
  });

  it('a valid snapshot file loads', () => {
    expect(parseSnapshot(JSON.stringify(good), 'x').release).toBe('1.30');
  });

  it('an empty --release names the option', async () => {
    const r = await run(['check', 'cis-1.4', '--release', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--release: empty value/);
  });
});

describe('flag extractor on formats newer than the corpus', () => {
  const row = (head: string, desc: string) =>
    `<table>\n<tbody>\n<tr>\n<td colspan="2">${head}</td>\n</tr>\n<tr>\n<td></td><td style="line-height: 130%;"><p>${desc}</p></td>\n</tr>\n</tbody>\n</table>\n`;
  it('reads a "(DEPRECATED: …)" suffix in the heading as deprecated, keeping type and default', () => {
    const page =
      row('--admission-control strings (DEPRECATED: Use another flag instead.)', 'Admission is done in phases.') +
      row(
        '--enable-logs-handler&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Default: true (DEPRECATED: This flag will be removed)',
        'Serve logs.',
      );
    expect(extractFlags(page).map(({ description: _d, ...f }) => f)).toEqual([
      { name: 'admission-control', type: 'strings', deprecated: true, headingDeprecated: true },
      { name: 'enable-logs-handler', type: 'bool', default: 'true', deprecated: true, headingDeprecated: true },
    ]);
  });

  it('cleans defaults however the page writes them, and reads both defaults where it gives them', () => {
    const page =
      row('--sync-frequency duration&nbsp;Default: `1m0s`', 'Sync.') +
      row('--x string&nbsp;Default: <code>mount</code>', 'X.') +
      row('--y string&nbsp;Default: \\<none\\>', 'Y.') +
      row('--z strings', 'Z. (default [pods])') +
      row(
        '--mode string',
        'Mode. Default <code>AlwaysAllow</code> when <code>--config</code> flag is not provided; <code>Webhook</code> when <code>--config</code> flag presents.',
      ) +
      row('--eviction mapStringString&nbsp;Default: <code>imagefs.available<15%,memory.available<100Mi</code>', 'E.');
    expect(extractFlags(page).map(({ description: _d, ...f }) => f)).toEqual([
      { name: 'sync-frequency', type: 'duration', default: '1m0s' },
      { name: 'x', type: 'string', default: 'mount' },
      { name: 'y', type: 'string' },
      { name: 'z', type: 'strings', default: 'pods' },
      { name: 'mode', type: 'string', default: 'AlwaysAllow', pageConfigDefault: 'Webhook' },
      { name: 'eviction', type: 'mapStringString', default: 'imagefs.available<15%,memory.available<100Mi' },
    ]);
  });
});

// Hand-made releases: each reconciliation rule on its own.
const emptyOverlay: Overlay = {
  flags: [],
  plugins: [],
  gates: [],
  kubeadm: { evidence: [], flags: {}, kubelet: {}, probePaths: [] },
  flagFields: {},
  evidence: {},
};
const f = (name: string, extra: Partial<ExtractedFlag> = {}): ExtractedFlag => ({ name, description: '', ...extra });
const rawOf = (release: string, kubelet: ExtractedFlag[] | undefined, extra: Partial<RawRelease> = {}): RawRelease => ({
  release,
  pages: kubelet ? { kubelet } : {},
  configs: {},
  gates: [],
  problems: [],
  ...extra,
});
const removal = (name: string, pr: number): NoteEvent => ({
  kind: 'flag',
  name: `--${name}`,
  component: 'kubelet',
  change: 'removed',
  pr,
});

describe('flag lifecycles (hand-made releases)', () => {
  const reconcile = (raws: RawRelease[], notes: Record<string, NoteEvent[]> = {}, overlay = emptyOverlay) => {
    const d = new Disagreements(raws.map((r) => r.release));
    const out = reconcileFlags(raws, new Map(Object.entries(notes)), overlay, d);
    const state = (r: string, name: string) => out.flags.get(r)!.kubelet.find((x) => x.name === name);
    return { out, state, lines: d.lines() };
  };

  it('a removal note wins over a stale page when the next page agrees, and says so once', () => {
    const raws = ['1.1', '1.2', '1.3', '1.4'].map((r, i) =>
      rawOf(r, [f('keep'), ...(i <= 1 ? [f('old', { default: 'x' })] : [])]),
    );
    const { state, out, lines } = reconcile(raws, { '1.2': [removal('old', 9)] });
    expect(state('1.1', 'old')).toMatchObject({ default: 'x' });
    expect(state('1.2', 'old')).toBeUndefined();
    expect(out.changes.get('1.2')).toContainEqual(expect.objectContaining({ name: '--old', change: 'removed' }));
    expect(lines).toEqual([
      '1.2: the reference page of kubelet lists --old, which the 1.2 release notes remove (PR 9); dropped',
    ]);
  });

  it('a removal note that later pages contradict is not applied', () => {
    const raws = ['1.1', '1.2', '1.3', '1.4', '1.5'].map((r) => rawOf(r, [f('stays')]));
    const { state, out, lines } = reconcile(raws, { '1.2': [removal('stays', 7)] });
    expect(state('1.5', 'stays')).toBeDefined();
    expect(out.rejected.size).toBe(1);
    expect(lines[0]).toMatch(
      /^1\.2: the release notes remove --stays of kubelet \(PR 7\), but the page of 1\.5 still lists it; kept$/,
    );
    // Within two releases, but the pages list it to the last release: they never agree.
    expect(reconcile(raws, { '1.3': [removal('stays', 8)] }).state('1.5', 'stays')).toBeDefined();
    // The last release's notes: no later page to disagree.
    expect(reconcile(raws, { '1.5': [removal('stays', 9)] }).state('1.5', 'stays')).toBeUndefined();
  });

  it('a flag the page stops listing is unlisted with nothing on record; hidden until a removal recorded later; deprecated and hidden after a deprecation note', () => {
    const raws = ['1.1', '1.2', '1.3', '1.4', '1.5'].map((r, i) =>
      rawOf(r, i === 0 ? [f('h', { type: 'int', default: '3' })] : []),
    );
    // With no removal on record it is unlisted to the last release.
    const none = reconcile(raws);
    for (const r of ['1.2', '1.5']) {
      expect(none.state(r, 'h')).toBeUndefined();
      expect(none.out.unlisted.get(r)?.kubelet).toEqual([
        { name: 'h', lastListed: '1.1', type: 'int', evidence: [expect.objectContaining({ kind: 'doc' })] },
      ]);
    }
    expect(none.out.changes.get('1.2')).toContainEqual(expect.objectContaining({ name: '--h', change: 'unlisted' }));
    // A removal recorded in 1.4 shows the binary accepted it until then: hidden (pflag hides
    // deprecated flags), with the removal as evidence; gone from 1.4.
    const { state, out } = reconcile(raws, { '1.4': [removal('h', 5)] });
    expect(state('1.1', 'h')).toEqual({ name: 'h', type: 'int', default: '3' });
    for (const r of ['1.2', '1.3']) {
      expect(state(r, 'h')).toMatchObject({ hidden: true, deprecated: true });
      expect(state(r, 'h')?.evidence).toContainEqual(expect.objectContaining({ ref: 'kubernetes/kubernetes#5' }));
      expect(out.unlisted.get(r)?.kubelet).toBeUndefined();
    }
    expect(state('1.4', 'h')).toBeUndefined();
    expect(out.unlisted.get('1.4')?.kubelet).toBeUndefined();
    expect(out.changes.get('1.4')).toContainEqual(expect.objectContaining({ name: '--h', change: 'removed' }));
    // A deprecation note explains why pflag hides it: accepted, deprecated and hidden.
    const deprecated = reconcile(raws, {
      '1.2': [{ kind: 'flag', name: '--h', component: 'kubelet', change: 'deprecated', pr: 4 }],
    });
    expect(deprecated.state('1.3', 'h')).toMatchObject({ hidden: true, deprecated: true });
  });

  it('a page that prints no --v between pages that do printed part of the flag set: no change there', () => {
    const raws = ['1.1', '1.2', '1.3', '1.4'].map((r, i) =>
      rawOf(r, i === 1 ? [f('port')] : i === 3 ? [f('v'), f('port')] : [f('v'), f('port'), f('vmodule')]),
    );
    const { state } = reconcile(raws);
    expect(state('1.2', 'vmodule')).toEqual({ name: 'vmodule' });
    expect(state('1.2', 'v')).toEqual({ name: 'v' });
    // Listed before the gap but not after it: the gap says nothing, the next page does.
    expect(state('1.4', 'vmodule')).toBeUndefined();
  });

  it('a flag of a class the overlay says stays registered is hidden, not unlisted, after its last listing', () => {
    const cadvisor = 'x (DEPRECATED: This is a cadvisor flag that was mistakenly registered with the Kubelet.)';
    const raws = ['1.1', '1.2', '1.3'].map((r, i) =>
      rawOf(r, i === 0 ? [f('docker-root', { deprecated: true, description: cadvisor }), f('other')] : [f('other')]),
    );
    const overlay: Overlay = {
      ...emptyOverlay,
      classDeprecations: [
        {
          component: 'kubelet',
          class: 'marker',
          marker: 'cadvisor flag',
          from: '1.1',
          evidence: ['pr:57613'],
          kept: ['pr:1'],
        },
      ],
    };
    const { state, out } = reconcile(raws, {}, overlay);
    for (const r of ['1.2', '1.3']) {
      expect(state(r, 'docker-root'), r).toMatchObject({ hidden: true, deprecated: true });
      expect(state(r, 'docker-root')?.evidence?.map((e) => e.ref)).toEqual([
        'kubernetes/kubernetes#57613',
        'kubernetes/kubernetes#1',
      ]);
      expect(out.unlisted.get(r)?.kubelet).toBeUndefined();
    }
    // Without `kept`, a deprecated class flag the page drops is unlisted (deprecated), as before.
    const plain = reconcile(
      raws,
      {},
      { ...overlay, classDeprecations: [{ ...overlay.classDeprecations![0], kept: undefined }] },
    );
    expect(plain.out.unlisted.get('1.2')?.kubelet?.[0]).toMatchObject({ name: 'docker-root', deprecated: true });
  });

  it('a flag that reappears existed all along: hidden in between, deprecated only if it was', () => {
    const raws = ['1.1', '1.2', '1.3'].map((r, i) => rawOf(r, i === 1 ? [] : [f('gap')]));
    expect(reconcile(raws).state('1.2', 'gap')).toEqual({ name: 'gap', hidden: true });
    const dep = ['1.1', '1.2', '1.3'].map((r, i) => rawOf(r, i === 1 ? [] : [f('gap', { deprecated: true })]));
    expect(reconcile(dep).state('1.2', 'gap')).toEqual({ name: 'gap', deprecated: true, hidden: true });
  });

  it('a flag first listed with "(DEPRECATED: …)" in its heading existed, hidden, before', () => {
    const raws = ['1.1', '1.2', '1.3'].map((r, i) =>
      rawOf(r, i === 2 ? [f('old', { deprecated: true, headingDeprecated: true })] : []),
    );
    const { state } = reconcile(raws);
    expect(state('1.1', 'old')).toMatchObject({ hidden: true, deprecated: true });
    expect(state('1.3', 'old')).toMatchObject({ deprecated: true });
  });

  it('a deprecation note marks the flag deprecated from its release, with the PR', () => {
    const raws = ['1.1', '1.2', '1.3'].map((r) => rawOf(r, [f('d')]));
    const { state } = reconcile(raws, {
      '1.2': [{ kind: 'flag', name: '--d', component: 'kubelet', change: 'deprecated', pr: 42 }],
    });
    expect(state('1.1', 'd')?.deprecated).toBeUndefined();
    expect(state('1.3', 'd')).toMatchObject({
      deprecated: true,
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#42' })],
    });
  });
});

describe('gate lifecycles (hand-made releases)', () => {
  const gate = (name: string, stages: Array<[string, boolean, string, string?, boolean?]>, removed = false) => ({
    name,
    removed,
    stages: stages.map(([stage, def, from, to, locked]) => ({
      stage: stage as 'alpha',
      default: def,
      from,
      ...(to ? { to } : {}),
      ...(locked !== undefined ? { locked } : {}),
    })),
  });
  const reconcile = (
    raws: RawRelease[],
    notes: Record<string, NoteEvent[]> = {},
    source: SourceAnchor[] = [],
    overlay: Overlay = emptyOverlay,
  ) => {
    const d = new Disagreements(raws.map((r) => r.release));
    const out = reconcileGates(raws, new Map(Object.entries(notes)), overlay, d, gateAliases(raws), source);
    return { out, at: (r: string, n: string) => out.gates.get(r)!.find((g) => g.name === n), lines: d.lines() };
  };
  // A source copy of one release line: each gate's specs as [version, stage, default, locked].
  const anchor = (line: string, gates: Record<string, Array<[string, string, boolean, boolean?]>>): SourceAnchor => ({
    commit: `c${line.replace('.', '')}`,
    line,
    gates: new Map(
      Object.entries(gates).map(([name, specs]) => [
        name,
        {
          name,
          specs: specs.map(([version, stage, def, locked], i) => ({
            version,
            stage: stage as 'alpha',
            default: def,
            locked: locked === true,
            file: 'pkg/features/kube_features.go',
            line: i + 1,
          })),
        },
      ]),
    ),
  });

  it('a gate begins in the release whose notes add it, not at an earlier version its spec or page names', () => {
    const later = gate('G', [['beta', false, '1.1']]);
    const raws = [
      rawOf('1.1', [], { gates: [gate('Other', [['alpha', false, '1.1']])] }),
      rawOf('1.2', [], { gates: [gate('Other', [['alpha', false, '1.1']])] }),
      rawOf('1.3', [], { gates: [later] }),
    ];
    const { at, lines } = reconcile(raws, { '1.2': [{ kind: 'gate', name: 'G', change: 'added', pr: 7 }] });
    expect(at('1.1', 'G')).toBeUndefined();
    expect(at('1.2', 'G')).toMatchObject({
      stage: 'beta',
      since: '1.2',
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#7' })],
    });
    expect(lines).toContain(
      '1.2: gate G: its history begins in 1.1; the 1.2 release notes add it (PR 7): it begins in 1.2',
    );
    // A note that adds a gate an earlier page already lists dates nothing.
    const listed = ['1.1', '1.2'].map((r) => rawOf(r, [], { gates: [later] }));
    expect(
      reconcile(listed, { '1.2': [{ kind: 'gate', name: 'G', change: 'added', pr: 7 }] }).at('1.1', 'G'),
    ).toBeDefined();
  });

  it("a gate the source copy of a release's own line lacks, and its page and notes do not name, is not in that release", () => {
    const g = gate('G', [['alpha', false, '1.1']]);
    const raws = [
      rawOf('1.1', [], { gates: [gate('Other', [['alpha', false, '1.1']])] }),
      rawOf('1.2', [], { gates: [g] }),
    ];
    const source = [
      anchor('1.1', { Other: [['1.1', 'alpha', false]] }),
      anchor('1.2', { G: [['1.1', 'alpha', false]] }),
    ];
    const { at } = reconcile(raws, {}, source);
    expect(at('1.1', 'G')).toBeUndefined();
    expect(at('1.2', 'G')).toMatchObject({ stage: 'alpha', since: '1.2' });
    // Named by the notes of that release: the copy was cut before the gate merged.
    const named = raws.map((r, i) => (i === 0 ? { ...r, mentions: { g: 9 } } : r));
    expect(reconcile(named, {}, source).at('1.1', 'G')).toMatchObject({ stage: 'alpha' });
  });

  it("a release's own page and notes win over a spec rewritten after it shipped; a lock holds past the newest copy", () => {
    const g = gate('G', [
      ['alpha', false, '1.1', '1.1'],
      ['beta', true, '1.2', '1.2'],
      ['ga', true, '1.3'],
    ]);
    const raws = ['1.1', '1.2', '1.3', '1.4'].map((r) => rawOf(r, [], { gates: [g] }));
    const source = [
      anchor('1.3', {
        G: [
          ['1.1', 'alpha', false],
          ['1.2', 'deprecated', false],
          ['1.3', 'ga', true, true],
        ],
      }),
    ];
    const graduated: NoteEvent = { kind: 'gate', name: 'G', change: 'graduated', stage: 'beta', pr: 5 };
    const { at } = reconcile(raws, { '1.2': [graduated] }, source);
    expect(at('1.2', 'G')).toMatchObject({ stage: 'beta', default: true });
    expect(at('1.3', 'G')).toMatchObject({ stage: 'ga', lockedToDefault: true });
    // Past the 1.3-line copy, GA and locked still holds: Kubernetes never unlocks a gate.
    expect(at('1.4', 'G')).toMatchObject({ stage: 'ga', lockedToDefault: true });
    expect(at('1.4', 'G')?.lockUnknown).toBeUndefined();
    // Without the release's own note the source wins.
    expect(reconcile(raws, {}, source).at('1.2', 'G')).toMatchObject({ stage: 'deprecated', default: false });
  });

  it('the overlay gives a reviewed stage history and a first release, with evidence', () => {
    const wrong = gate('G', [
      ['beta', true, '1.1', '1.1'],
      ['ga', true, '1.2'],
    ]);
    const raws = ['1.1', '1.2', '1.3'].map((r) => rawOf(r, [], { gates: [wrong, gate('H', [['ga', true, '1.1']])] }));
    const overlay: Overlay = {
      ...emptyOverlay,
      gates: [
        {
          name: 'G',
          stages: [
            { stage: 'beta', default: true, from: '1.1' },
            { stage: 'ga', default: true, from: '1.3', locked: true, evidence: ['pr:8'] },
          ],
          evidence: ['pr:7'],
        },
        { name: 'H', from: '1.2', evidence: ['pr:9'] },
      ],
    };
    const { at } = reconcile(raws, {}, [], overlay);
    expect(at('1.2', 'G')).toMatchObject({
      stage: 'beta',
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#7' })],
    });
    expect(at('1.3', 'G')).toMatchObject({
      stage: 'ga',
      lockedToDefault: true,
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#8' })],
    });
    expect(at('1.1', 'H')).toBeUndefined();
    expect(at('1.2', 'H')).toMatchObject({
      since: '1.2',
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#9' })],
    });
  });

  it("a page that prints a gate's Go identifier reads as the gate", () => {
    const raws = [
      rawOf('1.1', [], { gates: [gate('CPUCFSQuotaPeriod', [['alpha', false, '1.1']])] }),
      rawOf('1.2', [], { gates: [gate('CustomCPUCFSQuotaPeriod', [['alpha', false, '1.1']])] }),
    ];
    const alias = gateAliases(
      raws,
      new Set(['CustomCPUCFSQuotaPeriod']),
      new Map([['CPUCFSQuotaPeriod', 'CustomCPUCFSQuotaPeriod']]),
    );
    expect(alias).toEqual(new Map([['CPUCFSQuotaPeriod', 'CustomCPUCFSQuotaPeriod']]));
  });

  it('stages come from the newest history; stale tables do not keep a removed gate', () => {
    const stale = gate('G', [['ga', true, '1.1']]);
    const newest = gate('G', [['ga', true, '1.1', '1.2']], true);
    const raws = [
      rawOf('1.1', [], { gates: [stale] }),
      rawOf('1.2', [], { gates: [stale] }),
      rawOf('1.3', [], { gates: [stale] }),
      rawOf('1.4', [], { gates: [newest] }),
    ];
    const { at, out, lines } = reconcile(raws);
    expect(at('1.2', 'G')).toMatchObject({ stage: 'ga' });
    expect(at('1.3', 'G')).toBeUndefined();
    expect(out.removed.get('1.3')).toEqual(['G']);
    expect(lines).toEqual(['1.3: the feature-gate pages list G, removed after 1.2; dropped']);
  });

  it('a removal note wins where some page history ends there, and is set aside where none does', () => {
    const h = gate('G', [['beta', true, '1.1']]);
    const ended = gate(
      'G',
      [
        ['beta', true, '1.1'],
        ['ga', true, '1.2', '1.3'],
      ],
      true,
    );
    const raws = ['1.1', '1.2', '1.3', '1.4'].map((r, i) => rawOf(r, [], { gates: [i === 3 ? ended : h] }));
    const note = (pr: number): NoteEvent => ({ kind: 'gate', name: 'G', change: 'removed', pr });
    const early = reconcile(raws, { '1.2': [note(1)] });
    expect(early.at('1.2', 'G')).toBeDefined();
    expect(early.out.rejected.size).toBe(1);
    // Said plainly ("The `G` feature gate is removed"), a note wins over a history that ends later.
    const plain = reconcile(raws, { '1.2': [{ ...note(3), explicit: true }] });
    expect(plain.at('1.2', 'G')).toBeUndefined();
    expect(plain.at('1.1', 'G')).toBeDefined();
    const right = reconcile(raws, { '1.3': [note(2)] });
    expect(right.at('1.2', 'G')).toBeDefined();
    expect(right.at('1.3', 'G')).toBeUndefined();
    expect(right.out.changes.get('1.3')).toContainEqual(expect.objectContaining({ name: 'G', change: 'removed' }));
  });

  it('a lock comes from the page (`locked:`) or a note, not from the stage', () => {
    const raws = ['1.1', '1.2', '1.3'].map((r) =>
      rawOf(r, [], {
        gates: [
          gate('Open', [['ga', true, '1.1', undefined, false]]),
          gate('Paged', [['ga', true, '1.2', undefined, true]]),
          gate('Noted', [['ga', true, '1.1']]),
        ],
      }),
    );
    const { at } = reconcile(raws, { '1.2': [{ kind: 'gate', name: 'Noted', change: 'locked', value: true, pr: 3 }] });
    expect(at('1.3', 'Open')?.lockedToDefault).toBeUndefined();
    expect(at('1.2', 'Paged')?.lockedToDefault).toBe(true);
    expect(at('1.1', 'Noted')?.lockedToDefault).toBeUndefined();
    expect(at('1.2', 'Noted')).toMatchObject({
      lockedToDefault: true,
      evidence: [expect.objectContaining({ ref: 'kubernetes/kubernetes#3' })],
    });
  });

  it('a graduation note wins where no page records the stage', () => {
    const raws = ['1.1', '1.2'].map((r) => rawOf(r, [], { gates: [gate('G', [['beta', false, '1.1']])] }));
    const { at } = reconcile(raws, { '1.2': [{ kind: 'gate', name: 'G', change: 'graduated', stage: 'ga', pr: 4 }] });
    expect(at('1.1', 'G')).toMatchObject({ stage: 'beta', default: false });
    expect(at('1.2', 'G')).toMatchObject({ stage: 'ga', default: true, since: '1.2' });
  });

  it('a page typo the next release fixes is one gate', () => {
    const raws = [
      rawOf('1.1', [], { gates: [gate('LongGateNameTransistion', [['alpha', false, '1.1']])] }),
      rawOf('1.2', [], { gates: [gate('LongGateNameTransition', [['alpha', false, '1.1']])] }),
    ];
    expect(gateAliases(raws)).toEqual(new Map([['LongGateNameTransistion', 'LongGateNameTransition']]));
    const { at } = reconcile(raws);
    expect(at('1.1', 'LongGateNameTransition')).toBeDefined();
    expect(at('1.1', 'LongGateNameTransistion')).toBeUndefined();
  });
});

describe('release-note events: only those naming a real setting are kept', () => {
  const names = settingNames(
    [
      rawOf('1.1', undefined, {
        pages: {
          'kube-apiserver': [f('insecure-port')],
          kubelet: [f('cloud-provider')],
          'kube-controller-manager': [f('cloud-provider')],
        },
        gates: [{ name: 'RealGate', stages: [], removed: false }],
        admission: { available: ['PodSecurityPolicy'], defaultOn: [] },
      }),
    ],
    emptyOverlay,
    new Map(),
  );
  const keep = (text: string, areas: string[] = []) =>
    trustNotes(eventsOfNote({ text, areas }), names, new Map()).events.map(
      (e) => `${e.kind} ${e.component ?? '-'} ${e.name} ${e.change}`,
    );

  it('a flag written with a value names that value, not the flag (PR 108062)', () => {
    expect(
      keep('Kube-apiserver: the `--insecure-port=1` reconciler is deprecated in favor of the lease reconciler'),
    ).toEqual([]);
    expect(keep('Kube-apiserver: the `--insecure-port` flag is deprecated')).toEqual([
      'flag kube-apiserver --insecure-port deprecated',
    ]);
  });

  it('drops a component name read as a flag, a flag that exists nowhere, method names read as gates', () => {
    expect(keep('kubeadm: the default of --kube-apiserver-extra changed to use the new registry')).toEqual([]);
    expect(keep('kubelet: removed the --non-kubeadm switch from the docs')).toEqual([]);
    expect(keep('Removed the `OnAdd`, `OnDelete` and `OnUpdate` feature gate handlers')).toEqual([]);
    expect(keep('kube-apiserver: removed the `--insecure-port` flag')).toEqual([
      'flag kube-apiserver --insecure-port removed',
    ]);
  });

  it('a typo fix in a gate name is no rename, and a note about kubeadm is not about a component', () => {
    const alias = new Map([['RealGat', 'RealGate']]);
    expect(
      trustNotes(eventsOfNote({ text: 'Renamed the feature gate `RealGat` to `RealGate`', areas: [] }), names, alias)
        .events,
    ).toEqual([]);
    expect(keep('kubeadm: removed the `RealGate` feature gate')).toEqual([]);
  });

  it('a gate spelt in another case than the pages is that gate (PR 101272)', () => {
    expect(keep('The `RealGATE` feature flag is removed.')).toEqual(['gate - RealGate removed']);
    expect(keep('The `RealGateX` feature flag is removed.')).toEqual([]);
  });

  it('a placeholder in a gate name stands for each gate it matches, but those the note names itself (PR 98243)', () => {
    const gates = new Set([
      'CSIMigrationAWSComplete',
      'CSIMigrationGCEComplete',
      'CSIMigrationvSphereComplete',
      'InTreePluginAWSUnregister',
    ]);
    const text =
      'Remove alpha `CSIMigrationXXComplete` flag and add alpha `InTreePluginXXUnregister` flag. ' +
      'Deprecate `CSIMigrationvSphereComplete` flag and it will be removed in v1.22.';
    expect(
      trustNotes(eventsOfNote({ text, pr: 98243, areas: [] }), { ...names, gates }, new Map()).events.map(
        (e) => `${e.name} ${e.change} ${e.pr}`,
      ),
    ).toEqual([
      'InTreePluginAWSUnregister added 98243',
      'CSIMigrationAWSComplete removed 98243',
      'CSIMigrationGCEComplete removed 98243',
      'CSIMigrationvSphereComplete deprecated 98243',
    ]);
  });

  it('a note that introduces a flag adds it; a past default it recalls is no change (PRs 75295, 78908)', () => {
    const ev = (text: string) =>
      eventsOfNote({ text, areas: [] }).map((e) => `${e.name} ${e.change} ${e.component ?? '-'}`);
    expect(
      ev(
        '[IPVS] Introduces flag ipvs-strict-arp to configure stricter ARP sysctls, defaulting to false. ' +
          'This was enabled by default in 1.13.0, which impacted a few CNI plugins.',
      ),
    ).toEqual(['--ipvs-strict-arp added -']);
    expect(ev('kubelet now accepts a --cni-cache-dir option, which defaults to /var/lib/cni/cache')).toEqual([
      '--cni-cache-dir added kubelet',
    ]);
  });

  it('reads the image a note moves to a new version, not one for Windows only (PRs 98205, 100292, 95419)', () => {
    const img = (text: string) => imageUpdatesOf({ text, pr: 1, areas: [] }).map((u) => `${u.image} ${u.version}`);
    expect(img('The pause image upgraded to `v3.4.1` in kubelet and kubeadm for both Linux and Windows.')).toEqual([
      'pause 3.4.1',
    ]);
    expect(img('Updated pause image to version 3.5, which now runs per default as pseudo user')).toEqual(['pause 3.5']);
    expect(img('Kubeadm: update the default pause image version to 1.4.0 on Windows.')).toEqual([]);
    expect(img('The Kubernetes pause image manifest list now contains an image for Windows Server 20H2.')).toEqual([]);
  });

  it('a flag misspelt by one letter is that flag; a quoted feature is a gate (PRs 91818, 91883)', () => {
    expect(keep('Deprecate the `--insecure-porx` flags that is no longer used for anything.')).toEqual([
      'flag kube-apiserver --insecure-port deprecated',
    ]);
    expect(keep('Deprecate the `--insecure-pxrx` flags')).toEqual([]);
    expect(keep("Scheduler's alpha feature 'RealGate' is completely removed due to lack of usage")).toEqual([
      'gate - RealGate removed',
    ]);
  });

  it('gives a flag with no component in the note to the components that have it', () => {
    expect(keep('The `--cloud-provider` flag is deprecated')).toEqual([
      'flag kube-controller-manager --cloud-provider deprecated',
      'flag kubelet --cloud-provider deprecated',
    ]);
    expect(keep('The `--cloud-provider` flag is deprecated', ['kubelet'])).toEqual([
      'flag kubelet --cloud-provider deprecated',
    ]);
  });

  it('reads locks, graduations and removals per gate in one note', () => {
    const e = eventsOfNote({
      text: 'Graduated `AlphaOne` to stable and locked it to true, and `BetaTwo` to beta (disabled by default).',
      areas: [],
    });
    expect(e.filter((x) => x.change === 'graduated').map((x) => [x.name, x.stage, x.value])).toEqual([
      ['AlphaOne', 'ga', undefined],
      ['BetaTwo', 'beta', false],
    ]);
    // Plans are not events.
    expect(
      eventsOfNote({ text: 'The `AlphaOne` feature gate will be removed in v1.40', areas: [] }).map((x) => x.change),
    ).toEqual([]);
    expect(
      eventsOfNote({ text: 'Removed the AlphaOne, BetaTwo and GammaThree feature flags', areas: [] }).map(
        (x) => x.name,
      ),
    ).toEqual(['AlphaOne', 'BetaTwo', 'GammaThree']);
  });

  it('a gate named as a condition is not what the note changes', () => {
    expect(keep('If the `RealGate` feature gate is disabled, such fields are dropped on create')).toEqual([]);
    expect(keep('The `RealGate` feature gate is always enabled and should be removed from --feature-gates')).toEqual([
      'gate - RealGate locked',
    ]);
    expect(eventsOfNote({ text: 'The `RealGate` feature gate is removed.', areas: [] })[0]).toMatchObject({
      explicit: true,
    });
  });

  it('counts what it drops', () => {
    const t = trustNotes(
      eventsOfNote({ text: 'kube-apiserver: removed `--insecure-port` and `--no-such-flag`', areas: [] }),
      names,
      new Map(),
    );
    expect(t).toMatchObject({ total: 2, kept: 1 });
  });
});

// A corpus of two releases written here: fast enough to run the CLI end to end.
function tinyCorpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'bw-tiny-'));
  const page = (flags: string[]) =>
    flags
      .map((n) => `<table><tr><td colspan="2">--${n} string</td></tr><tr><td></td><td>Help.</td></tr></table>\n`)
      .join('');
  for (const [r, flags] of [
    ['1.50', ['a', 'b']],
    ['1.51', ['a']],
  ] as const) {
    for (const c of releaseComponents) {
      mkdirSync(join(root, 'reference', `v${r}`), { recursive: true });
      writeFileSync(join(root, 'reference', `v${r}`, `${c}.md`), page(c === 'kubelet' ? [...flags] : ['a']));
    }
    mkdirSync(join(root, 'release-notes', `v${r}`), { recursive: true });
    const notes =
      r === '1.51' ? { 1: { text: 'kubelet: removed the deprecated `--b` flag and `--zzz`', pr_number: 1 } } : {};
    writeFileSync(join(root, 'release-notes', `v${r}`, 'notes.json'), JSON.stringify(notes));
  }
  return root;
}

class Sink extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('releases build', () => {
  it('applies trusted note events, reports the share kept, and shows progress only on a terminal', async () => {
    const root = tinyCorpus();
    const out = join(root, 'out');
    for (const tty of [false, true]) {
      const stdout = new Sink(false);
      const stderr = new Sink(tty);
      const code = await main(['releases', 'build', '--corpus', root, '--out', out], {
        stdout,
        stderr,
        cwd: root,
        env: {},
      });
      expect(code).toBe(0);
      expect(stdout.text).toMatch(/^1\.51: .* release-note events kept 1 of 2 \(50%\)/m);
      if (tty) expect(stderr.text).toMatch(/reading release 1\/2 1\.50.*reading release 2\/2 1\.51/s);
      else expect(stderr.text).not.toMatch(/reading release/);
    }
    const s = JSON.parse(readFileSync(join(out, '1.51.json'), 'utf8')) as ReleaseSnapshot;
    expect(s.flags.kubelet.map((x) => x.name)).toContain('a');
    expect(s.flags.kubelet.map((x) => x.name)).not.toContain('b');
    expect(s.changes).toContainEqual(expect.objectContaining({ name: '--b', component: 'kubelet', change: 'removed' }));
  });

  it('--release writes one release, reading its neighbours, and names a bad value', async () => {
    const root = tinyCorpus();
    const out = join(root, 'one');
    const r = await run(['releases', 'build', '--corpus', root, '--release', '1.51', '--out', out]);
    expect(r.code).toBe(0);
    // Beside the snapshot, the change events every check reads of the releases it does not check.
    expect(readdirSync(out).sort()).toEqual(['1.51.json', 'changes.json']);
    const changes = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8'));
    expect(Object.keys(changes)).toEqual(['1.51']);
    expect(changes['1.51']).toEqual(JSON.parse(readFileSync(join(out, '1.51.json'), 'utf8')).changes);
    const bad = await run(['releases', 'build', '--corpus', root, '--release', '1.99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--release: no release 1\.99/);
  });
});

describe.skipIf(!hasCorpus)('release notes extractor (corpus)', () => {
  const notes = (r: string) => {
    const dir = join(corpus, 'kubernetes', 'release-notes', `v${r}`);
    return releaseNoteEvents(
      readdirSync(dir)
        .sort()
        .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })),
    );
  };
  const find = (r: string, name: string, change: string) =>
    notes(r).filter((e) => e.name === name && e.change === change);

  it('finds flag removals with their PR numbers, from markdown (1.13) and JSON (1.14 on)', () => {
    expect(find('1.24', '--insecure-port', 'removed')[0]).toMatchObject({
      kind: 'flag',
      component: 'kube-apiserver',
      pr: 106859,
    });
    expect(find('1.24', '--insecure-bind-address', 'removed')[0]).toMatchObject({
      component: 'kube-apiserver',
      pr: 106859,
    });
    // No component in the text: the note's area names it.
    expect(find('1.19', '--basic-auth-file', 'removed')[0]).toMatchObject({ areas: ['kube-apiserver'], pr: 89069 });
    expect(find('1.14', '--repair-malformed-updates', 'removed')[0]).toMatchObject({
      component: 'kube-apiserver',
      pr: 73663,
    });
    expect(
      find('1.13', '--insecure-experimental-approve-all-kubelet-csrs-for-group', 'removed').length,
    ).toBeGreaterThan(0);
  });

  it('finds admission plugin removals and deprecations, gate locks and removals', () => {
    expect(find('1.25', 'PodSecurityPolicy', 'removed')[0]).toMatchObject({ kind: 'plugin', pr: 109798 });
    expect(find('1.27', 'SecurityContextDeny', 'deprecated')[0]).toMatchObject({ kind: 'plugin', pr: 115879 });
    expect(find('1.30', 'SecurityContextDeny', 'removed')[0]).toMatchObject({
      kind: 'plugin',
      component: 'kube-apiserver',
    });
    expect(find('1.27', 'AdvancedAuditing', 'locked')[0]).toMatchObject({ kind: 'gate', pr: 115163, value: true });
    expect(find('1.16', 'CustomPodDNS', 'removed')[0]).toMatchObject({ kind: 'gate', pr: 79307 });
    expect(find('1.14', 'MountPropagation', 'removed')[0]).toMatchObject({ kind: 'gate', pr: 74720 });
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
    const c = shippedRelease('1.25').changes.find(
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
      ) as {
        types: Array<{ name: string; fields: Array<{ json: string | null }> }>;
      };
      const expected = d.types
        .find((t) => t.name === 'KubeletConfiguration')!
        .fields.map((x) => x.json)
        .filter((j): j is string => Boolean(j))
        .sort();
      const ours = shippedRelease(r)
        .configs.KubeletConfiguration.fields.map((x) => x.path)
        .filter((p) => !p.includes('.'))
        .sort();
      expect(ours, r).toEqual(expected);
    }
  });

  it('a release laid out like the corpus builds without code changes, alone or after the others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-rel-'));
    for (const part of ['reference', 'feature-gates', 'kubeadm', 'derived', 'config-api', 'release-notes'])
      cpSync(join(corpus, 'kubernetes', part, 'v1.34'), join(root, part, 'v1.99'), { recursive: true });
    const r = await run(['releases', 'build', '--corpus', root, '--out', join(root, 'out')]);
    expect(r.code).toBe(0);
    const shipped = shippedRelease('1.34');
    expect(r.stdout).toMatch(
      new RegExp(
        `^1\\.99: \\d+ flags \\(\\d+ unlisted\\), ${Object.keys(shipped.configs).length} config kinds, \\d+ gates \\(\\d+ locked\\), \\d+ admission plugins, release-note events kept \\d+ of \\d+ \\(\\d+%\\), \\d+ of \\d+ applied confirmed by another source`,
      ),
    );
    const built = JSON.parse(readFileSync(join(root, 'out', '1.99.json'), 'utf8')) as ReleaseSnapshot;
    expect(Object.keys(built.configs).sort()).toEqual(Object.keys(shipped.configs).sort());
    expect(ReleaseSnapshotSchema.safeParse(built).success).toBe(true);
  });
});
