// Release knowledge from primary sources: Kubernetes' own feature-gate source, unlisted and
// inert settings, release-note sentences read as events only where they are events.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saysInert } from '../src/k8s/extract/inert.js';
import { helpGates } from '../src/k8s/extract/gate-help.js';
import { eventsOfNote } from '../src/k8s/extract/release-notes.js';
import { anchorGates, gateNames, readSourceAnchors, specAt, versionedSpecs } from '../src/k8s/extract/source.js';
import { shippedRelease } from '../src/k8s/load.js';
import { staleHelp, stillListed } from '../src/k8s/reconcile/gate-help.js';
import { corpus, hasCorpus, run } from './helpers.js';

const gate = (r: string, name: string) => shippedRelease(r).gates.find((g) => g.name === name);

describe('feature gates from the Go source', () => {
  const file = [
    'const (',
    '\tAlpha featuregate.Feature = "Alpha"',
    '\tQuota featuregate.Feature = "CustomQuota"',
    '\tDog = featuregate.Feature("Dog")',
    '\tPlain = "Plain"',
    ')',
    'var defaultVersionedKubernetesFeatureGates = map[featuregate.Feature]featuregate.VersionedSpecs{',
    '\tAlpha: {',
    '\t\t{Version: version.MustParse("1.20"), Default: false, PreRelease: featuregate.Alpha},',
    '\t\t{Version: version.MustParse("1.22"), LockToDefault: true, PreRelease: featuregate.GA, Default: true}, // remove in 1.25',
    '\t},',
    '\tQuota: {',
    '\t\t{Version: version.MustParse("1.12"), Default: false, PreRelease: featuregate.Alpha},',
    '\t},',
    '}',
    'var testOnlyVersionedKubernetesFeatureGates = map[featuregate.Feature]featuregate.VersionedSpecs{',
    '\tDog: {',
    '\t\t{Version: version.MustParse("1.30"), Default: true, PreRelease: featuregate.Beta},',
    '\t},',
    '}',
  ].join('\n');

  it('maps Go identifiers to gate names, in every declaration form', () => {
    expect(Object.fromEntries(gateNames(file))).toEqual({
      Alpha: 'Alpha',
      Quota: 'CustomQuota',
      Dog: 'Dog',
      Plain: 'Plain',
    });
  });

  it('reads every spec by field name, skips test-only registries, and gives the state at a version', () => {
    const specs = versionedSpecs({ path: 'pkg/features/kube_features.go', text: file });
    expect(specs.map((s) => s.ident)).toEqual(['Alpha', 'Quota']);
    const a = anchorGates('abc1234', [{ path: 'pkg/features/kube_features.go', text: file }]);
    expect(a.line).toBe('1.22');
    expect([...a.gates.keys()]).toEqual(['Alpha', 'CustomQuota']);
    const alpha = a.gates.get('Alpha')!;
    expect(specAt(alpha, '1.19')).toBeUndefined();
    expect(specAt(alpha, '1.21')).toMatchObject({ stage: 'alpha', default: false, locked: false });
    expect(specAt(alpha, '1.24')).toMatchObject({ stage: 'ga', default: true, locked: true, line: 10 });
    expect(a.gates.get('CustomQuota')!.ident).toBe('Quota');
  });

  it.skipIf(!hasCorpus)('reads the corpus anchors: three release lines, prefixed keys resolved', () => {
    const anchors = readSourceAnchors(join(corpus, 'kubernetes'));
    expect(anchors.map((a) => a.line)).toEqual(['1.32', '1.35', '1.36']);
    const chunking = anchors[0].gates.get('APIListChunking')!;
    expect(specAt(chunking, '1.29')).toMatchObject({ stage: 'ga', locked: true });
    expect(anchors[1].gates.get('CustomCPUCFSQuotaPeriod')?.ident).toBe('CPUCFSQuotaPeriod');
    expect(anchors[1].gates.get('RuntimeClassInImageCriApi')?.ident).toBe('RuntimeClassInImageCriAPI');
  });

  it.skipIf(!hasCorpus)('the source wins on lock, default and stage; page typos take the source name', () => {
    // Locked since 1.29 (LockToDefault in the apiserver's specs); the pages never say so.
    for (const r of ['1.29', '1.30', '1.31'])
      expect(gate(r, 'APIListChunking'), r).toMatchObject({ lockedToDefault: true });
    expect(gate('1.28', 'APIListChunking')?.lockedToDefault).toBeUndefined();
    expect(gate('1.29', 'APIListChunking')?.evidence?.some((e) => e.kind === 'source')).toBe(true);
    expect(shippedRelease('1.30').gates.filter((g) => g.lockedToDefault && g.stage === 'ga').length).toBeGreaterThan(5);
    // The 1.33/1.34 pages spell it with three c's.
    for (const r of ['1.33', '1.34']) {
      expect(gate(r, 'ServiceAccountNodeAudienceRestriction'), r).toBeDefined();
      expect(gate(r, 'ServiceAcccountNodeAudienceRestriction'), r).toBeUndefined();
    }
    // Removed before the oldest source copy, GA, no page or note on its lock: unknown, not "not locked".
    expect(gate('1.30', 'KMSv2')).toMatchObject({ stage: 'ga', lockUnknown: true });
    expect(gate('1.30', 'KMSv2')?.lockedToDefault).toBeUndefined();
    // Alpha and beta gates are never locked, so never unknown; a later lock note says "not before".
    expect(gate('1.30', 'ComponentSLIs')).toMatchObject({ stage: 'beta' });
    expect(gate('1.30', 'ComponentSLIs')?.lockedToDefault).toBeUndefined();
    expect(gate('1.26', 'AdvancedAuditing')?.lockUnknown).toBeUndefined();
    // A gate the source defines and no page lists is read from the source (notes v1.35, PR 134230).
    expect(gate('1.35', 'AggregatedDiscoveryRemoveBetaType')).toMatchObject({
      stage: 'deprecated',
      default: true,
      lockedToDefault: true,
    });
    expect(gate('1.32', 'AggregatedDiscoveryRemoveBetaType')).toBeUndefined();
    // A locked GA spec holds past the newest source copy that defines the gate (removed in 1.35, PR 134994).
    expect(gate('1.34', 'StrictCostEnforcementForWebhooks')).toMatchObject({ stage: 'ga', lockedToDefault: true });
    // A "-" default cell says nothing: still true until 1.22 (PR 101647) made it false.
    for (const r of ['1.19', '1.20', '1.21']) expect(gate(r, 'StreamingProxyRedirects')?.default, r).toBe(true);
    expect(gate('1.22', 'StreamingProxyRedirects')?.default).toBe(false);
  });

  it.skipIf(!hasCorpus)('a removal note dates a lock; a revert back to alpha keeps the releases before it', () => {
    // "graduated to GA in v1.24 and were unconditionally enabled have been removed in v1.26" (PR 112567).
    for (const r of ['1.24', '1.25']) {
      expect(gate(r, 'NonPreemptingPriority'), r).toMatchObject({ stage: 'ga', lockedToDefault: true });
      expect(gate(r, 'NonPreemptingPriority')?.lockUnknown, r).toBeUndefined();
    }
    expect(gate('1.23', 'NonPreemptingPriority')?.lockedToDefault).toBeUndefined();
    // Locked by its own 1.23 note (PR 105495): not before, whatever "GA in 1.23 or earlier" says.
    expect(gate('1.22', 'StorageObjectInUseProtection')?.lockedToDefault).toBeUndefined();
    // Beta and off in 1.27–1.29 per those releases' pages; back to alpha in 1.30 (PR 122697).
    for (const r of ['1.27', '1.29'])
      expect(gate(r, 'EventedPLEG'), r).toMatchObject({ stage: 'beta', default: false, since: '1.27' });
    for (const r of ['1.30', '1.36'])
      expect(gate(r, 'EventedPLEG'), r).toMatchObject({ stage: 'alpha', default: false, since: '1.30' });
    expect(gate('1.26', 'EventedPLEG')).toMatchObject({ stage: 'alpha', since: '1.26' });
    // A gate dated by its release's note cites that note (notes v1.36, PR 132807).
    expect(gate('1.36', 'ImageVolumeWithDigest')?.evidence?.map((e) => e.ref)).toContain(
      'kubernetes/kubernetes#132807',
    );
  });
});

describe('release-note sentences', () => {
  const changes = (text: string) => eventsOfNote({ text, areas: [] }).map((e) => `${e.name} ${e.change}`);

  it('a default planned for later is no default change; a long list still reaches its stage', () => {
    expect(
      changes(
        'The `SomeGate` feature gate is alpha. The feature gate will not graduate or be enabled by default in future Kubernetes releases.',
      ),
    ).toEqual([]);
    expect(changes('Graduated `SomeGate` to beta; the feature gate is now enabled by default.')).toEqual([
      'SomeGate graduated',
      'SomeGate default-changed',
    ]);
    expect(
      changes('Promoted the `KubeletPodResourcesDynamicResources` and `KubeletPodResourcesGet` feature gates to GA.'),
    ).toEqual(['KubeletPodResourcesDynamicResources graduated', 'KubeletPodResourcesGet graduated']);
  });

  it('"feature gates are removed …: A, B" removes each; a lock note says whether the gate is its subject', () => {
    expect(
      changes(
        'The following feature gates are removed, because the features were enabled in previous releases: GateOne, GateTwo',
      ),
    ).toEqual(['GateOne removed', 'GateTwo removed']);
    const lock = (text: string) => eventsOfNote({ text, areas: [] }).find((e) => e.change === 'locked');
    expect(lock('The `SomeGate` feature gate has been locked to default.')?.explicit).toBe(true);
    expect(
      lock('The metrics controlled by the `SomeGate` feature-gate are now GA and unconditionally enabled.')?.explicit,
    ).toBeUndefined();
  });

  it('a gate that "can no longer be specified" is removed in that release, not locked', () => {
    // The phrasing of the "Remove … feature gate(s)" PRs (98021, 104163, 108394, …).
    expect(
      changes(
        'The deprecated feature gates `GateOne` and `GateTwo` are now unconditionally enabled and can no longer be specified in component invocations.',
      ),
    ).toEqual(['GateOne removed', 'GateTwo removed']);
    expect(
      changes(
        'The `GateOne` feature gate that is GA since v1.20 is unconditionally enabled, and can no longer be specified via the `--feature-gates` argument.',
      ),
    ).toEqual(['GateOne removed']);
    // A lock keeps the gate: it is accepted at its default, only the other value is refused.
    expect(changes('Graduated `GateOne` to GA. The feature gate can no longer be disabled.')).toContain(
      'GateOne locked',
    );
    expect(changes('The `GateOne` feature gate was deprecated and can no longer be enabled.')).not.toContain(
      'GateOne removed',
    );
  });

  it('a removal that says its gates were GA and locked from a release dates the lock; present tense does not', () => {
    const removal = (text: string) =>
      eventsOfNote({ text, areas: [] })
        .filter((e) => e.change === 'removed')
        .map((e) => `${e.name} ${e.lockedSince ?? '-'}${e.lockedOrEarlier ? ' or earlier' : ''}`);
    expect(
      removal(
        'Kube-scheduler: the `GateOne`, `GateTwo` and `GateThree` feature gates that graduated to GA in v1.24 and were unconditionally enabled have been removed in v1.26.',
      ),
    ).toEqual(['GateOne 1.24', 'GateTwo 1.24', 'GateThree 1.24']);
    expect(
      removal(
        'Feature gates that graduated to GA in 1.23 or earlier and were unconditionally enabled have been removed: GateOne, GateTwo',
      ),
    ).toEqual(['GateOne 1.23 or earlier', 'GateTwo 1.23 or earlier']);
    expect(removal('Remove `GateOne` feature gate that was graduated and locked to stable in 1.17 release.')).toEqual([
      'GateOne 1.17',
    ]);
    expect(
      removal(
        'The feature-gate `GateOne` has been removed.  It is GA and its value has been locked since Kubernetes v1.30.',
      ),
    ).toEqual(['GateOne 1.30']);
    // The removal's own effect, not a lock before it.
    expect(
      removal(
        'The `GateOne` feature gate that is GA since v1.20 is unconditionally enabled, and can no longer be specified via the `--feature-gates` argument.',
      ),
    ).toEqual(['GateOne -']);
    expect(
      removal('The `GateOne` feature gate (GA since v1.17) has been removed and now unconditionally enabled.'),
    ).toEqual(['GateOne -']);
  });

  it('a new flag is an addition, whatever else the sentence says', () => {
    expect(
      changes(
        'New flag `--show-hidden-metrics-for-version` in kube-apiserver can be used to show all hidden metrics that deprecated in the previous minor release.',
      ),
    ).toEqual(['--show-hidden-metrics-for-version added']);
    // A new gate is an addition too: the build dates the gate by it (a spec's version string can
    // name an earlier release), it does not apply it as a change.
    expect(changes('Added alpha feature gate `BrandNewThing`, disabled by default.')).toEqual(['BrandNewThing added']);
    expect(changes('Added the feature gates `GateOne` and `GateTwo` to enforce something. Enable them early.')).toEqual(
      ['GateOne added', 'GateTwo added'],
    );
    expect(changes('Added a new feature gate `GateOne` that replaces `GateTwo`.')).toEqual(['GateOne added']);
  });

  it('plans and conditions are not events; a removal is not also a graduation', () => {
    expect(changes('The `--old-thing` flag of kube-apiserver will be removed in a future release.')).toEqual([]);
    expect(changes('The kubelet `--old-thing` flag will be deprecated in 1.40.')).toEqual([]);
    expect(
      changes(
        'The kube-controller-manager flag `--foo-bar` is deprecated. Taints stay enabled when the flag is removed.',
      ),
    ).toEqual(['--foo-bar deprecated']);
    expect(
      changes('The `GoneGate` feature gate, which graduated to GA, has been removed. It was promoted to GA earlier.'),
    ).toEqual(['GoneGate removed']);
  });

  it('a help-text fix is no deprecation; "have no effect" makes the named flags inert', () => {
    expect(changes('Fixed the help text of the kubelet `--foo-bar` flag, which is deprecated.')).toEqual([]);
    expect(changes('kube-controller-manager: the flags `--port` and `--address` have no effect.')).toEqual([
      '--port inert',
      '--address inert',
    ]);
  });
});

describe('inert settings', () => {
  it('only what the page says of the setting itself', () => {
    expect(saysInert('is the maximum idle time. Deprecated: no longer has any effect. Default: "4h"')).toBe(true);
    expect(saysInert('This flag has no effect.')).toBe(true);
    expect(saysInert('Enable the endpoints. This flag has no effect on the /stats/summary endpoint.')).toBe(false);
    expect(saysInert('No-op if register-node is false.')).toBe(false);
    expect(saysInert('This parameter is ignored if a config file is specified by --config.')).toBe(false);
  });

  it.skipIf(!hasCorpus)('KubeletConfiguration streamingConnectionIdleTimeout is inert from 1.34, with its page', () => {
    const field = (r: string) =>
      shippedRelease(r).configs.KubeletConfiguration.fields.find((f) => f.path === 'streamingConnectionIdleTimeout');
    expect(field('1.33')?.inert).toBeUndefined();
    expect(field('1.34')).toMatchObject({ inert: true });
    expect(field('1.34')?.evidence?.[0].ref).toMatch(/config-api\/v1\.34\/kubelet-config\.v1beta1\.md/);
    expect(
      shippedRelease('1.34').flags.kubelet.find((f) => f.name === 'streaming-connection-idle-timeout'),
    ).toMatchObject({ inert: true });
  });

  it.skipIf(!hasCorpus)('check: cis-1.12 4.2.5 on 1.34 is a check on a setting without effect', async () => {
    const r = await run(['check', 'cis-1.12', '--release', '1.34', '--format', 'json']);
    const report = (
      JSON.parse(r.stdout) as {
        results: Array<{ findings: Array<{ controlId: string; category: string; message: string }> }>;
      }
    ).results[0];
    const mine = report.findings.filter((f) => f.controlId === '4.2.5');
    expect(mine.some((f) => f.category === 'obsolete' && /no effect/.test(f.message))).toBe(true);
    expect(mine.some((f) => f.category === 'deprecated')).toBe(false);
  });
});

describe('unlisted flags in checks', () => {
  it.skipIf(!hasCorpus)('a check on an unlisted flag says the release stopped documenting it', async () => {
    const r = await run(['releases', 'show', '1.35', '--flag', 'log-json-info-buffer-size', '--format', 'json']);
    expect(JSON.parse(r.stdout).flags).toEqual([
      expect.objectContaining({ component: 'kubelet', state: 'unlisted', lastListed: '1.33' }),
    ]);
  });
});

describe('gates only the --feature-gates help shows', () => {
  it('reads every Name=true|false (STAGE - default=…) entry, with or without a component prefix, not AllAlpha/AllBeta', () => {
    const text =
      'Options are:<br/>kube:APIResponseCompression=true|false (BETA - default=true)<br/>kube:AllAlpha=true|false (ALPHA - default=false)<br/>' +
      'csiMigrationRBD=true\\|false (ALPHA - default=false)<br/>PodsAPI=true|false (ALPHA - default=false)';
    expect(helpGates(text)).toEqual([
      { name: 'APIResponseCompression', stage: 'beta', default: true },
      { name: 'csiMigrationRBD', stage: 'alpha', default: false },
      { name: 'PodsAPI', stage: 'alpha', default: false },
    ]);
  });

  it('a help whose gates go back a stage for two or more gates is an older binary output (1.15), one revert is not', () => {
    const a = { name: 'A', stage: 'beta' as const, default: true };
    const b = { name: 'B', stage: 'beta' as const, default: true };
    const alpha = (g: { name: string }) => ({ name: g.name, stage: 'alpha' as const, default: false });
    expect(
      staleHelp(
        new Map([
          ['A', [a, alpha(a)]],
          ['B', [b, alpha(b)]],
        ]),
        2,
      ),
    ).toEqual([false, true]);
    expect(
      staleHelp(
        new Map([
          ['A', [a, alpha(a)]],
          ['B', [b, b]],
        ]),
        2,
      ),
    ).toEqual([false, false]);
  });

  it('a gate listed from its first release through the newest is kept; one the help stops listing is not', () => {
    const g = { name: 'X', stage: 'beta' as const, default: true };
    expect(stillListed([undefined, g, g])).toBe(1);
    expect(stillListed([g, g, undefined])).toBeUndefined();
    expect(stillListed([undefined, undefined])).toBeUndefined();
  });

  it.skipIf(!hasCorpus)('the shipped snapshots hold the gates the binaries list and no page names', () => {
    // The 1.36 page is titled PodInfoAPI; the binaries accept PodsAPI (its help; PR 140286).
    expect(gate('1.36', 'PodsAPI')).toMatchObject({ stage: 'alpha', default: false, since: '1.36' });
    expect(gate('1.36', 'PodInfoAPI')).toBeUndefined();
    // A spec at the "1.0" placeholder dates nothing: first in the 1.35 help (notes v1.35, PR 135017).
    expect(gate('1.34', 'StatefulSetSemanticRevisionComparison')).toBeUndefined();
    expect(gate('1.35', 'StatefulSetSemanticRevisionComparison')).toMatchObject({
      stage: 'beta',
      default: true,
      since: '1.35',
    });
    // Cited from the reference page whose help lists it.
    expect(gate('1.35', 'InOrderInformersBatchProcess')?.evidence?.map((e) => e.ref)).toContain(
      'kube-apiserver reference, v1.35',
    );
    // Backported to patch releases (1.28.3): not in 1.28.0, whose help does not list it; first in 1.29 (PR 121120).
    expect(gate('1.28', 'UnauthenticatedHTTP2DOSMitigation')).toBeUndefined();
    expect(gate('1.29', 'UnauthenticatedHTTP2DOSMitigation')).toMatchObject({
      stage: 'beta',
      default: true,
      since: '1.29',
    });
    // Where no source copy speaks, the release's own binaries (their help) win over a later table's history.
    expect(gate('1.13', 'EnableEquivalenceClassCache')).toMatchObject({ stage: 'alpha', default: false });
    for (const r of ['1.20', '1.21']) expect(gate(r, 'ServiceTopology'), r).toMatchObject({ stage: 'alpha' });
    // And its deprecation cannot have begun before a release whose help printed it as alpha.
    expect(gate('1.22', 'ServiceTopology')).toMatchObject({ stage: 'deprecated', since: '1.22' });
    // Where the source speaks it wins (the 1.26 help says default true; the spec, false).
    expect(gate('1.26', 'WindowsHostNetwork')).toMatchObject({ stage: 'alpha', default: false });
    // Listed in the 1.18 help only (it went GA): no claim rather than a guessed end.
    for (const r of ['1.18', '1.19']) expect(gate(r, 'DefaultIngressClass'), r).toBeUndefined();
  });
});
