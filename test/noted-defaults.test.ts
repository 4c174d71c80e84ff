import { describe, expect, it } from 'vitest';
import { diffReleases } from '../src/k8s/diff.js';
import { defaultUpdatesOf } from '../src/k8s/extract/release-notes.js';
import type { RawRelease } from '../src/k8s/extract/release.js';
import { shippedRelease } from '../src/k8s/load.js';
import type { Overlay } from '../src/k8s/overlay.js';
import { Disagreements } from '../src/k8s/reconcile/disagreements.js';
import { followNotedFieldDefaults, followNotedFlagDefaults, noteValue } from '../src/k8s/reconcile/noted-defaults.js';
import type { Flag, ReleaseComponent } from '../src/k8s/snapshot.js';

const updates = (text: string, areas: string[] = []) =>
  defaultUpdatesOf({ text, pr: 1, areas }).map(
    (u) => `${u.name} ${u.from !== undefined ? `${u.from} → ` : ''}${u.value} ${u.component ?? '-'}`,
  );

describe('release notes that change a default', () => {
  it('reads the setting and its new value however the note words it', () => {
    // 1.17, PR 84007; 1.27, PR 115371; 1.36, PR 136478; 1.13, PR 70476.
    expect(updates('Reduce default NodeStatusReportFrequency to 5 minutes. With this change, …', ['kubelet'])).toEqual([
      'NodeStatusReportFrequency 5 minutes -',
    ]);
    expect(updates('Kubelet: changed `MemoryThrottlingFactor` default value to `0.9` and formulas')).toEqual([
      'MemoryThrottlingFactor 0.9 kubelet',
    ]);
    expect(
      updates(
        'Kube-apiserver: To avoid outages due to filling disks with ever-growing audit logs, `--audit-log-maxage` now ' +
          'defaults to `366 (1 year)` and `--audit-log-maxbackup` now defaults to `100`.',
      ),
    ).toEqual(['--audit-log-maxage 366 (1 year) kube-apiserver', '--audit-log-maxbackup 100 kube-apiserver']);
    expect(
      updates(
        'kube-apiserver: `--audit-webhook-version` and `--audit-log-version` now default to `audit.k8s.io/v1` if unspecified',
      ),
    ).toEqual([
      '--audit-webhook-version audit.k8s.io/v1 kube-apiserver',
      '--audit-log-version audit.k8s.io/v1 kube-apiserver',
    ]);
    expect(updates('kubelet: changed the default value of `--foo-bar` from `1m` to `5m`.')).toEqual([
      '--foo-bar 1m → 5m kubelet',
    ]);
    expect(updates('kubelet: the default value of `--foo-bar` is now `7`.')).toEqual(['--foo-bar 7 kubelet']);
  });

  it('a case, a plan or a word that is no setting is no change of default', () => {
    // 1.19, PR 91725: a case of the detection, not NodeIP's default.
    expect(
      updates('3. if no IP is found, NodeIP defaults to 127.0.0.1 and the IP family to IPv4', ['kube-proxy']),
    ).toEqual([]);
    expect(updates('kubelet: `--foo-bar` will default to `true` in 1.40.')).toEqual([]);
    expect(updates('Reduce the default timeout to 5 minutes.')).toEqual([]);
    // 1.26, PR 111520: only with a gate on, not the field's default.
    expect(
      updates(
        '[kubelet] Change default `cpuCFSQuotaPeriod` value with enabled `cpuCFSQuotaPeriod` flag from 100ms to 100µs',
      ),
    ).toEqual([]);
  });

  it("writes the note's value as a page would", () => {
    expect(noteValue('5 minutes')).toBe('5m');
    expect(noteValue('30 seconds')).toBe('30s');
    expect(noteValue('366 (1 year)')).toBe('366');
    expect(noteValue('audit.k8s.io/v1')).toBe('audit.k8s.io/v1');
  });
});

const overlay = { evidence: {} } as unknown as Overlay;
const kubeletRelease = (
  release: string,
  value: string | undefined,
  defaults: RawRelease['defaults'] = [],
): RawRelease => ({
  release,
  pages: {},
  configs: {
    KubeletConfiguration: {
      component: 'kubelet',
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      fields: [
        { path: 'nodeStatusReportFrequency', type: 'metav1.Duration', ...(value ? { default: value } : {}) },
        { path: 'other', type: 'string', default: 'x' },
      ],
    },
  },
  gates: [],
  problems: [],
  ...(defaults.length ? { defaults } : {}),
});
const note = { name: 'NodeStatusReportFrequency', value: '5 minutes', areas: ['kubelet'], pr: 84007 };
const valueIn = (r: RawRelease) =>
  r.configs.KubeletConfiguration.fields.find((f) => f.path === 'nodeStatusReportFrequency')?.default;

describe('a noted default where the pages lag (hand-made releases)', () => {
  it('the releases from the note to the page that shows its value take it, with the note as evidence', () => {
    const raws = [
      kubeletRelease('1.16', '1m'),
      kubeletRelease('1.17', '1m', [note]),
      kubeletRelease('1.18', '1m'),
      kubeletRelease('1.19', '5m'),
    ];
    const d = new Disagreements(raws.map((r) => r.release));
    const got = followNotedFieldDefaults(raws, overlay, d);
    expect(got.raws.map(valueIn)).toEqual(['1m', '5m', '5m', '5m']);
    expect(
      got.raws[1].configs.KubeletConfiguration.fields.find((f) => f.path === 'nodeStatusReportFrequency')?.evidence,
    ).toEqual([expect.objectContaining({ ref: 'kubernetes/kubernetes#84007' })]);
    expect(got.changes.get('1.17')).toEqual([
      expect.objectContaining({ kind: 'field', name: 'nodeStatusReportFrequency', change: 'default-changed' }),
    ]);
    expect(got.changes.get('1.19')).toEqual([]);
    expect(d.lines()).toEqual([
      '1.17–1.18: KubeletConfiguration nodeStatusReportFrequency: the page gives default 1m; the 1.17 release notes ' +
        'change it to 5m (PR 84007), as the 1.19 page shows; took 5m',
    ]);
    // The input is not changed.
    expect(valueIn(raws[1])).toBe('1m');
  });

  it('no later page showing the value, or a page that moved elsewhere, changes nothing and says so', () => {
    for (const last of ['1m', '2m']) {
      const raws = [kubeletRelease('1.16', '1m'), kubeletRelease('1.17', '1m', [note]), kubeletRelease('1.18', last)];
      const d = new Disagreements(raws.map((r) => r.release));
      const got = followNotedFieldDefaults(raws, overlay, d);
      expect(got.raws.map(valueIn)).toEqual(['1m', '1m', last]);
      expect(got.changes.get('1.17')).toEqual([]);
      expect(d.lines()[0]).toMatch(/no later page shows 5m; kept the page's/);
    }
  });

  it("a page that shows the value in the note's release is the change, with the note as evidence", () => {
    const raws = [kubeletRelease('1.16', '1m'), kubeletRelease('1.17', '5m', [note])];
    const got = followNotedFieldDefaults(raws, overlay, new Disagreements(['1.16', '1.17']));
    expect(got.raws.map(valueIn)).toEqual(['1m', '5m']);
    expect(got.changes.get('1.17')).toHaveLength(1);
  });

  it('a note on another component, or naming no field of the kind, changes nothing', () => {
    const raws = [
      kubeletRelease('1.16', '1m'),
      kubeletRelease('1.17', '1m', [
        { ...note, component: 'kube-proxy', areas: [] },
        { ...note, name: 'NoSuchField' },
      ]),
      kubeletRelease('1.18', '5m'),
    ];
    const got = followNotedFieldDefaults(raws, overlay, new Disagreements(['1.16', '1.17', '1.18']));
    expect(got.raws.map(valueIn)).toEqual(['1m', '1m', '5m']);
  });

  it('a flag the note names follows the same way, on the component the note names', () => {
    const flags = new Map<string, Record<ReleaseComponent, Flag[]>>(
      ['1.35', '1.36', '1.37'].map((r, i) => {
        const rec = {
          kubelet: [],
          'kube-proxy': [],
          'kube-scheduler': [],
          'kube-controller-manager': [],
        } as unknown as Record<ReleaseComponent, Flag[]>;
        rec['kube-apiserver'] = [{ name: 'audit-log-maxage', ...(i < 2 ? { default: '0' } : { default: '366' }) }];
        return [r, rec];
      }),
    );
    const raws = [
      kubeletRelease('1.35', '1m'),
      kubeletRelease('1.36', '1m', [
        { name: '--audit-log-maxage', value: '366 (1 year)', component: 'kube-apiserver', pr: 136478 },
      ]),
      kubeletRelease('1.37', '1m'),
    ];
    const d = new Disagreements(['1.35', '1.36', '1.37']);
    const changes = followNotedFlagDefaults(raws, flags, overlay, d);
    expect(['1.35', '1.36', '1.37'].map((r) => flags.get(r)!['kube-apiserver'][0].default)).toEqual([
      '0',
      '366',
      '366',
    ]);
    expect(changes.get('1.36')).toEqual([
      expect.objectContaining({ kind: 'flag', component: 'kube-apiserver', name: '--audit-log-maxage' }),
    ]);
    // A note repeating the value the previous release already had records no change.
    const again = [...raws.slice(0, 2), { ...raws[2], defaults: raws[1].defaults }];
    expect(
      followNotedFlagDefaults(again, flags, overlay, new Disagreements(['1.35', '1.36', '1.37'])).get('1.37'),
    ).toEqual([]);
  });
});

describe('noted defaults in the shipped snapshots', () => {
  const field = (r: string) =>
    shippedRelease(r).configs.KubeletConfiguration?.fields.find((f) => f.path === 'nodeStatusReportFrequency');
  it('nodeStatusReportFrequency is 5m from 1.17 (notes v1.17, PR 84007), though the pages say 1m up to 1.20', () => {
    expect(field('1.16')?.default).toBe('1m');
    for (const r of ['1.17', '1.18', '1.19', '1.20', '1.21', '1.30']) expect(field(r)?.default, r).toBe('5m');
    expect(field('1.18')?.evidence?.map((e) => e.ref)).toEqual(['kubernetes/kubernetes#84007']);
    const at17 = diffReleases(shippedRelease('1.16'), shippedRelease('1.17')).filter(
      (c) => c.name === 'nodeStatusReportFrequency',
    );
    expect(at17).toEqual([expect.objectContaining({ change: 'default-changed', from: '1m', to: '5m' })]);
    expect(at17[0].evidence.map((e) => e.ref)).toContain('kubernetes/kubernetes#84007');
    expect(
      diffReleases(shippedRelease('1.20'), shippedRelease('1.21')).filter(
        (c) => c.name === 'nodeStatusReportFrequency',
      ),
    ).toEqual([]);
  });
});
