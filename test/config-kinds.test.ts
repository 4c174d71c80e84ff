// Config kinds and their API versions: which version each snapshot models per kind, and what
// `releases diff` says when a kind changes version or leaves (issue 22, s7 diff reviews).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReleases } from '../src/k8s/diff.js';
import { fieldsFromConfigApi } from '../src/k8s/extract/config-api.js';
import { releaseNotes } from '../src/k8s/extract/release-notes.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { kindRemovalNotes } from '../src/k8s/reconcile/config-kinds.js';
import { corpus, hasCorpus } from './helpers.js';

const releases = shippedReleases();
const pairs = releases.slice(1).map((b, i) => [releases[i], b] as const);
const group = (apiVersion: string): string => apiVersion.split('/')[0];
const k8s = join(corpus, 'kubernetes');

describe('config kinds in the shipped snapshots', () => {
  it('takes every kind of the scheduler and kubeadm groups from one API version per release', () => {
    for (const r of releases) {
      const s = shippedRelease(r);
      for (const g of ['kubescheduler.config.k8s.io', 'kubeadm.k8s.io']) {
        const versions = new Set(
          Object.values(s.configs)
            .map((k) => k.apiVersion)
            .filter((v) => group(v) === g),
        );
        expect(versions.size, `${r} ${g}: ${[...versions].join(', ')}`).toBeLessThanOrEqual(1);
      }
    }
    // The newest served version with the main kind: v1beta2 in 1.22, v1 from 1.25 (GA), kubeadm
    // v1beta3 until v1beta4 is served (1.31).
    expect(shippedRelease('1.22').configs.NodeResourcesFitArgs.apiVersion).toBe('kubescheduler.config.k8s.io/v1beta2');
    expect(shippedRelease('1.25').configs.KubeSchedulerConfiguration.apiVersion).toBe('kubescheduler.config.k8s.io/v1');
    expect(shippedRelease('1.30').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta3');
    expect(shippedRelease('1.31').configs.ClusterConfiguration.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
  });

  it('releases diff gives every kind that leaves one removed line, and every version switch one line', () => {
    for (const [a, b] of pairs) {
      const sa = shippedRelease(a);
      const sb = shippedRelease(b);
      const lines = diffReleases(sa, sb).filter((c) => c.area === 'field');
      for (const [kind, k] of Object.entries(sa.configs)) {
        const now = sb.configs[kind];
        if (!now)
          expect(
            lines.some((c) => c.component === kind && c.change === 'removed' && c.from === k.apiVersion),
            `${a} → ${b}: ${kind} leaves`,
          ).toBe(true);
        else
          expect(
            lines.filter((c) => c.component === kind && c.name === 'apiVersion'),
            `${a} → ${b}: ${kind}`,
          ).toEqual(
            now.apiVersion === k.apiVersion
              ? []
              : [expect.objectContaining({ change: 'changed', from: k.apiVersion, to: now.apiVersion })],
          );
      }
    }
  });

  it('dates a kind that leaves by the note that records it: kubeadm ClusterStatus, not in v1beta3 (1.22)', () => {
    const line = diffReleases(shippedRelease('1.21'), shippedRelease('1.22'), 'kubeadm').find(
      (c) => c.component === 'ClusterStatus',
    );
    expect(line).toMatchObject({ change: 'removed', from: 'kubeadm.k8s.io/v1beta2' });
    expect(line?.evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#101915');
    // Fields of one version are compared with the same fields of the next: 1.22 → 1.23 calls no
    // v1beta2 field of the plugin args new.
    const added = diffReleases(shippedRelease('1.22'), shippedRelease('1.23'), 'kube-scheduler').filter(
      (c) => c.area === 'field' && c.change === 'added',
    );
    expect(added).toEqual([]);
  });

  it('calls a field only the page shows first documented where the older release had no page', () => {
    // KubeSchedulerConfiguration's enableProfiling (componentbase's DebuggingConfiguration,
    // embedded from another package): the Go-type facts of 1.19 cannot show it, the 1.20 page does.
    const lines = diffReleases(shippedRelease('1.19'), shippedRelease('1.20'), 'kube-scheduler').filter(
      (c) => c.component === 'KubeSchedulerConfiguration' && c.name === 'enableProfiling',
    );
    expect(lines.map((c) => c.change)).toEqual(['documented']);
  });
});

describe('config kinds served under another group than their page prints', () => {
  it('models the apiserver.config.k8s.io kinds under that group in every release, as the notes name them', () => {
    // register.go of k8s.io/apiserver's apiserver package: AdmissionConfiguration and
    // EgressSelectorConfiguration under apiserver.k8s.io, the others under apiserver.config.k8s.io.
    const served: Record<string, string> = {
      AuthenticationConfiguration: 'apiserver.config.k8s.io',
      AuthorizationConfiguration: 'apiserver.config.k8s.io',
      TracingConfiguration: 'apiserver.config.k8s.io',
      EgressSelectorConfiguration: 'apiserver.k8s.io',
    };
    let seen = 0;
    for (const r of releases)
      for (const [kind, g] of Object.entries(served)) {
        const k = shippedRelease(r).configs[kind];
        if (!k) continue;
        seen++;
        expect(group(k.apiVersion), `${r} ${kind}`).toBe(g);
      }
    expect(seen).toBeGreaterThan(20);
    const line = diffReleases(shippedRelease('1.29'), shippedRelease('1.30'), 'kube-apiserver').find(
      (c) => c.component === 'AuthorizationConfiguration' && c.name === 'apiVersion',
    );
    expect([line?.from, line?.to]).toEqual(['apiserver.config.k8s.io/v1alpha1', 'apiserver.config.k8s.io/v1beta1']);
  });
});

describe.skipIf(!hasCorpus)('config-api pages and notes (corpus)', () => {
  it("takes each kind's API version from its own apiVersion row, not the page's first package", () => {
    const page = fieldsFromConfigApi(
      readFileSync(join(k8s, 'config-api', 'v1.20', 'kube-scheduler-config.v1beta1.md'), 'utf8'),
    );
    expect(page.apiVersion).toBe('kubescheduler.config.k8s.io/v1');
    const version = new Map(page.kinds.map((k) => [k.kind, k.apiVersion]));
    expect(version.get('Policy')).toBe('kubescheduler.config.k8s.io/v1');
    expect(version.get('KubeSchedulerConfiguration')).toBe('kubescheduler.config.k8s.io/v1beta1');
    expect(version.get('NodeResourcesFitArgs')).toBe('kubescheduler.config.k8s.io/v1beta1');
  });

  const notesOf = (release: string) => {
    const dir = join(k8s, 'release-notes', `v${release}`);
    return releaseNotes(
      readdirSync(dir)
        .filter((n) => n.endsWith('.md') || n.endsWith('.json'))
        .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })),
    );
  };

  it('finds the note that removes a kind, or its API version, and not one that only plans it', () => {
    const n122 = notesOf('1.22');
    expect(kindRemovalNotes(n122, 'ClusterStatus', 'kubeadm', 'kubeadm.k8s.io/v1beta2').map((n) => n.pr)).toEqual([
      101915,
    ]);
    // A plugin's args kind: the note names the plugin.
    expect(
      kindRemovalNotes(n122, 'NodeLabelArgs', 'kube-scheduler', 'kubescheduler.config.k8s.io/v1beta1').map((n) => n.pr),
    ).toEqual([99597]);
    const n127 = notesOf('1.27');
    // "Kubeadm: removed the deprecated `v1beta2` API": every kind of v1beta2, by its version.
    expect(kindRemovalNotes(n127, 'JoinConfiguration', 'kubeadm', 'kubeadm.k8s.io/v1beta2').map((n) => n.pr)).toEqual([
      114540,
    ]);
    expect(kindRemovalNotes(n127, 'JoinConfiguration', 'kubeadm', 'kubeadm.k8s.io/v1beta3')).toEqual([]);
    // 1.22: "`v1beta2` is not yet deprecated, but will be in a future release" removes nothing of v1beta2.
    expect(kindRemovalNotes(n122, 'JoinConfiguration', 'kubeadm', 'kubeadm.k8s.io/v1beta2')).toEqual([]);
  });
});
