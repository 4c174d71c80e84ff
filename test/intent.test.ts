import { describe, expect, it } from 'vitest';
import { draftBenchmark } from '../src/draft/index.js';
import { evaluateControl } from '../src/evaluate/evaluate.js';
import { loadBenchmark, shippedIds } from '../src/ingest/load.js';
import { checksKey, manualConventionBroken, propertiesLost } from '../src/intent/kept.js';
import { movedFrom, propertiesOf, readMoved, readProperties } from '../src/intent/property.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { Benchmark, Control } from '../src/model/benchmark.js';
import { controlsOf } from '../src/model/controls.js';
import { subjectKey } from '../src/model/subject.js';
import type { NodeBundle, NodeEntry } from '../src/node/bundle.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { noChanges } from '../src/node/kubeadm-changes.js';
import { checkBenchmark, installerProfile } from '../src/rules/check.js';
import { readKnowledge } from '../src/rules/knowledge.js';
import type { Category } from '../src/rules/types.js';

const knowledge = readKnowledge();
const known = new Set(shippedReleases());
const history = [...known].map((r) => shippedRelease(r));

function drafted(id: string, releases: readonly string[], installer?: string) {
  const base = loadBenchmark(id).benchmark;
  const snaps = releases.map((r) => shippedRelease(r));
  const reports = snaps.map((r) =>
    checkBenchmark(base, r, history, knowledge, installer ? installerProfile(installer, r, knowledge) : undefined),
  );
  return { base, d: draftBenchmark(base, reports, snaps) };
}

const byId = (b: Benchmark) => new Map(controlsOf(b).map(({ control }) => [control.id, control]));

/** Every broken promise of one draft: a property lost, a copy, a manual control off convention. */
function problems(base: Benchmark, d: ReturnType<typeof draftBenchmark>): string[] {
  const before = byId(base);
  const after = byId(d.benchmark);
  const causes = new Map<string, Category[]>();
  for (const c of d.changes)
    causes.set(c.controlId, [...(causes.get(c.controlId) ?? []), ...c.causes.map((x) => x.category)]);
  const out: string[] = [];
  const keys = new Map<string, string[]>();
  for (const [id, c] of after) if (c.checks.length) keys.set(checksKey(c), [...(keys.get(checksKey(c)) ?? []), id]);
  for (const [id, c] of before) {
    if (!causes.has(id)) continue;
    const now = after.get(d.ids.get(id) ?? id);
    for (const w of propertiesLost(c, now, causes.get(id)!)) out.push(`${id} loses: ${w}`);
    if (!now) continue;
    const manual = manualConventionBroken(c, now);
    if (manual) out.push(`${id}: ${manual}`);
    // A changed control whose checks are another control's: a copy (controls the base already had twinned are not new).
    const twins = now.checks.length ? (keys.get(checksKey(now)) ?? []).filter((x) => x !== now.id) : [];
    if (twins.length && checksKey(c) !== checksKey(now)) out.push(`${id} becomes a copy of ${twins.join(', ')}`);
    // An exemption names workloads, never a whole namespace.
    for (const e of now.allowList ?? [])
      if (/^\*+$/.test(e.name)) out.push(`${id}: exempts the whole namespace ${e.namespace}`);
    // Made manual here with checks left: the remediation says what a person checks ("audit explains").
    if (now.assessment === 'manual' && c.assessment !== 'manual' && now.checks.length && !now.remediation)
      out.push(`${id}: made manual without saying what a person checks`);
  }
  // A setting a retiring finding took away says where its property went, or that nothing is on record;
  // one whose property went where no check reads it leaves the control, manual, in place.
  for (const [id, c] of before) {
    const words = d.changes.filter((x) => x.controlId === id && x.causes.some((k) => retiring.has(k.category)));
    if (!words.length) continue;
    const now = after.get(d.ids.get(id) ?? id);
    const kept = new Set((now?.checks ?? []).flatMap((k) => k.subjects.map(subjectKey)));
    const gone = c.checks.flatMap((k) => k.subjects.map(subjectKey)).filter((k) => !now || !kept.has(k));
    if (!gone.length) continue;
    if (!words.some((x) => /now lies with|what it guarded against is gone|nothing on record says where/.test(x.words)))
      out.push(`${id}: drops ${gone.join(', ')} without saying where its property went`);
    if (!now && gone.some((k) => movedFrom(k)?.checkable === false))
      out.push(`${id}: removed, though its property went where a person must judge it`);
  }
  return out;
}

const retiring = new Set<Category>(['removed', 'obsolete', 'not-applicable', 'superseded', 'deprecated']);

describe('the properties of data/intent.yaml', () => {
  it('each has a statement, evidence and alternatives; the kubelet certificate controls are told apart', () => {
    for (const p of readProperties()) {
      expect(p.statement.length, p.id).toBeGreaterThan(20);
      expect(p.evidence.length, p.id).toBeGreaterThan(0);
      expect(p.alternatives.length, p.id).toBeGreaterThan(0);
    }
    for (const m of readMoved()) {
      expect(m.settings.length, m.now).toBeGreaterThan(0);
      expect(m.evidence.length, m.now).toBeGreaterThan(0);
      expect(m.manual.length, m.now).toBeGreaterThan(20);
      // A place no check reads is judged by a person; a setting that went with what it guarded against needs no one.
      expect(m.gone && !m.checkable, m.now).toBeFalsy();
    }
    expect(movedFrom('config:kubelet:streamingConnectionIdleTimeout')?.checkable).toBe(false);
    const c = byId(loadBenchmark('cis-1.12').benchmark);
    expect(propertiesOf(c.get('4.2.9')!)).toEqual(['kubelet-serving-cert-ca-signed']);
    expect(propertiesOf(c.get('4.2.10')!)).toEqual(['kubelet-client-cert-rotation']);
    expect(propertiesOf(c.get('1.2.5')!)).toEqual(['kubelet-serving-cert-verified']);
    expect(propertiesOf(c.get('4.2.11')!)).toEqual(['kubelet-serving-cert-rotation']);
    expect(propertiesOf(c.get('1.2.1')!)).toEqual(['anonymous-requests-limited']);
  });

  it('a serving certificate check replaced by client certificate rotation loses its property and copies 4.2.10', () => {
    const c = byId(loadBenchmark('cis-1.12').benchmark);
    const wrong: Control = { ...c.get('4.2.9')!, checks: c.get('4.2.10')!.checks, combine: 'any' };
    expect(propertiesLost(c.get('4.2.9')!, wrong, ['conflict'])).toEqual([
      'The kubelet serves a certificate signed by a CA the cluster trusts, not a certificate it signed itself.',
    ]);
    expect(checksKey(wrong)).toBe(checksKey(c.get('4.2.10')!));
    // Made manual with nothing left and a new title, still scored: off CIS's convention.
    const empty: Control = {
      ...c.get('1.2.5')!,
      checks: [],
      assessment: 'manual',
      automation: 'manual',
      title: 'Manual master control 1.2.5',
    };
    expect(manualConventionBroken(c.get('1.2.5')!, empty)).toBe('made manual, but still scored');
    expect(propertiesLost(c.get('1.2.5')!, undefined, ['unsatisfiable'])).toHaveLength(1);
    expect(propertiesLost(c.get('1.2.5')!, undefined, ['obsolete'])).toEqual([]);
  });
});

describe('cis-1.12 drafted for 1.34 with kubeadm keeps every control’s intent', () => {
  const { base, d } = drafted('cis-1.12', ['1.34'], 'kubeadm');
  const after = byId(d.benchmark);
  const release = shippedRelease('1.34');
  const node = kubeadmNode(release);
  const placed = new Map(controlsOf(d.benchmark).map((p) => [p.control.id, p]));
  const status = (id: string, s: 'effective' | 'kube-bench') =>
    evaluateControl(d.benchmark, placed.get(id)!.section, placed.get(id)!.control, node, release, s).status;

  it('4.2.9 still asks for a CA-signed serving certificate: a kubeadm node serving its self-signed one does not pass', () => {
    expect(propertiesOf(after.get('4.2.9')!)).toEqual(['kubelet-serving-cert-ca-signed']);
    expect(status('4.2.9', 'effective')).toBe('FAIL');
    expect(status('4.2.9', 'kube-bench')).not.toBe('PASS');
  });

  it('leaves controls that verify kubelet serving certificates; the manual ones keep their titles, not scored', () => {
    const serving = [...after.values()].filter((c) =>
      propertiesOf(c).some((p) => p.startsWith('kubelet-serving-cert')),
    );
    expect(serving.map((c) => c.id)).toEqual(['1.2.5', '1.3.6', '4.2.9', '4.2.11']);
    const before = byId(base);
    // 1.1.12 keeps its scoring and its property (the data directory owned by the account etcd runs as):
    // its finding accepts root:root beside etcd:etcd (either owner check passes), never making it manual.
    const owner = after.get('1.1.12')!;
    expect([owner.assessment, owner.scored, owner.combine]).toEqual([
      before.get('1.1.12')!.assessment,
      before.get('1.1.12')!.scored,
      'any',
    ]);
    expect(owner.checks.map((k) => [k.op, k.value])).toEqual([
      ['eq', 'etcd:etcd'],
      ['eq', 'root:root'],
    ]);
    expect(propertiesOf(owner)).toContain('etcd-data-dir-owner');
    // 1.2.5 stays scored: kubelets serving self-signed certificates are a prerequisite the remediation
    // states, not a reason to stop scoring it where they serve CA-signed ones (the finding's own condition).
    const ca = after.get('1.2.5')!;
    expect([ca.title, ca.assessment, ca.scored]).toEqual([before.get('1.2.5')!.title, 'automated', true]);
    expect(ca.checks).toEqual(before.get('1.2.5')!.checks);
    expect(ca.remediation).toMatch(
      /^Requires kubelets that serve certificates signed by a CA .*serverTLSBootstrap: true/,
    );
    expect(status('1.2.5', 'kube-bench')).toBe('FAIL');
    // 1.3.6 made manual with its checks still running: its remediation says what a person checks.
    const rotation = after.get('1.3.6')!;
    expect([rotation.title, rotation.assessment, rotation.automation, rotation.scored]).toEqual([
      before.get('1.3.6')!.title,
      'manual',
      'run',
      false,
    ]);
    expect(rotation.remediation).toMatch(
      /^A person checks that .* It needs serverTLSBootstrap on the kubelets, and an approver\.$/,
    );
    // Its checks still run (the gate is on by default): what a person judges is the approver.
    expect(status('1.3.6', 'kube-bench')).toBe('PASS');
  });

  it('reads 1.2.1’s anonymous conditions over the list in both semantics, so a limited configuration passes', () => {
    const auth = '/etc/kubernetes/authentication.yaml';
    const withAuth = kubeadmNode(release, {
      ...noChanges,
      extraArgs: { 'kube-apiserver': [['authentication-config', auth]] },
    });
    const nodeWith = (paths: string[]): NodeBundle => {
      const text = [
        'apiVersion: apiserver.config.k8s.io/v1',
        'kind: AuthenticationConfiguration',
        'anonymous:',
        '  enabled: true',
        '  conditions:',
        ...paths.map((p) => `  - path: ${p}`),
        '',
      ].join('\n');
      const e: NodeEntry = {
        path: auth,
        type: 'file',
        mode: '600',
        owner: 'root',
        group: 'root',
        read: () => text,
        shownAs: auth,
      };
      return { ...withAuth, entries: new Map([...withAuth.entries, [auth, e]]) };
    };
    const on = (n: NodeBundle, s: 'effective' | 'kube-bench') =>
      evaluateControl(d.benchmark, placed.get('1.2.1')!.section, placed.get('1.2.1')!.control, n, release, s).status;
    const limited = nodeWith(['/livez', '/readyz', '/healthz']);
    expect([on(limited, 'effective'), on(limited, 'kube-bench')]).toEqual(['PASS', 'PASS']);
    // 1.2.1 is manual in CIS 1.12: kube-bench reports its failure as WARN.
    const open = nodeWith(['/livez', '/api']);
    expect([on(open, 'effective'), on(open, 'kube-bench')]).toEqual(['FAIL', 'WARN']);
  });

  it('lets 1.4.1 pass on a scheduler whose --config file turns profiling off, in both semantics', () => {
    const file = '/etc/kubernetes/scheduler-config.yaml';
    const withConfig = kubeadmNode(release, { ...noChanges, extraArgs: { 'kube-scheduler': [['config', file]] } });
    const text =
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nenableProfiling: false\n';
    const e: NodeEntry = {
      path: file,
      type: 'file',
      mode: '600',
      owner: 'root',
      group: 'root',
      read: () => text,
      shownAs: file,
    };
    const configured = { ...withConfig, entries: new Map([...withConfig.entries, [file, e]]) };
    const on = (n: NodeBundle, s: 'effective' | 'kube-bench') =>
      evaluateControl(d.benchmark, placed.get('1.4.1')!.section, placed.get('1.4.1')!.control, n, release, s).status;
    // enableProfiling is a *bool (component-base DebuggingConfiguration): an explicit false stays false.
    expect([on(configured, 'effective'), on(configured, 'kube-bench')]).toEqual(['PASS', 'PASS']);
    // kubeadm's scheduler, without --config: profiling is on (its default), the flag unset.
    expect([on(node, 'effective'), on(node, 'kube-bench')]).toEqual(['FAIL', 'FAIL']);
  });

  it('keeps 4.2.5 as a manual control that names where idle streaming connections are closed now', () => {
    const before = byId(base).get('4.2.5')!;
    const c = after.get('4.2.5')!;
    expect([c.title, c.assessment, c.automation, c.scored, c.checks]).toEqual([
      before.title,
      'manual',
      'manual',
      false,
      [],
    ]);
    expect(c.remediation).toMatch(/stream_idle_timeout of containerd's CRI plugin/);
    expect(c.remediation).toMatch(/CRI-O's stream_idle_timeout/);
    const words = d.changes.filter((x) => x.controlId === '4.2.5').map((x) => x.words);
    expect(words.some((w) => /now lies with the container runtime's streaming server/.test(w))).toBe(true);
    expect(status('4.2.5', 'kube-bench')).toBe('WARN');
  });

  it('does not call 1.1.12 unsatisfiable: the data directory can belong to the account etcd runs as', () => {
    const r = checkBenchmark(base, release, history, knowledge, installerProfile('kubeadm', release, knowledge));
    const f = r.findings.filter((x) => x.controlId === '1.1.12');
    expect(f.map((x) => x.category)).toEqual(['conflict']);
    expect(f[0].message).not.toMatch(/cannot be met/);
    expect(f[0].message).toMatch(/the account etcd runs as/);
  });

  it('has no broken promise', () => {
    expect(problems(base, d)).toEqual([]);
  });
});

describe('cis-1.12 drafted for the three releases it targets', () => {
  it('records the same replacement asked by each release once, with every release as its cause', () => {
    const { d } = drafted('cis-1.12', ['1.32', '1.33', '1.34'], 'kubeadm');
    const serving = d.changes.filter((c) => c.controlId === '4.2.9');
    expect(serving.map((c) => [c.words.replace(/ with .*/, ''), c.causes.map((x) => x.release)])).toEqual([
      [
        'replaced kubelet --tls-cert-file | kubelet tlsCertFile present; kubelet --tls-private-key-file | kubelet tlsPrivateKeyFile present',
        ['1.32', '1.33', '1.34'],
      ],
    ]);
    expect(d.changes.filter((c) => /no longer reads\s*$/.test(c.words))).toEqual([]);
  });
});

describe('every shipped Kubernetes benchmark drafted for each release it targets, with and without kubeadm', () => {
  const ids = shippedIds().filter((id) => !id.startsWith('docker-'));
  it.each(ids)('%s: no control loses its property, none becomes a copy, manual ones follow the convention', (id) => {
    // Versions older than the shipped data (cis-1.0 to 1.3 target 1.6 to 1.11) are drafted for its oldest release.
    const listed = loadBenchmark(id).benchmark.kubernetes.filter((r) => known.has(r));
    const targets = listed.length ? listed : [history[0].release];
    for (const installer of [undefined, 'kubeadm']) {
      const { base, d } = drafted(id, targets, installer);
      expect(problems(base, d), `${id} ${installer ?? 'generic'}`).toEqual([]);
    }
  });
});
