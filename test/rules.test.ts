// The rules grounded on evaluation (issue 11, item 5): what they say on the shipped benchmarks
// and releases, with and without kubeadm, and on small hand-made benchmarks for the edges.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKubeadmConfig } from '../src/node/kubeadm-config.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { shippedRelease } from '../src/k8s/load.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { controlsOf } from '../src/model/controls.js';
import { evaluateControl } from '../src/evaluate/index.js';
import { processesOf } from '../src/node/processes.js';
import { edited, kubeadmAt } from '../src/rules/ground/nodes.js';
import { planFiles } from '../src/cli/proposals.js';
import { repoRoot } from '../src/paths.js';
import type { ControlEdit, Finding } from '../src/rules/types.js';
import { run } from './helpers.js';

type Report = { release: string; findings: Finding[] };

async function check(...args: string[]): Promise<Report[]> {
  const r = await run(['check', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { results: Report[] }).results;
}
const of = (rs: Report[], id: string, release?: string) =>
  rs.filter((r) => !release || r.release === release).flatMap((r) => r.findings.filter((f) => f.controlId === id));
const cats = (fs: Finding[]) => [...new Set(fs.map((f) => f.category))].sort();

describe('the seed case and its defects (cis-1.4 with kubeadm)', async () => {
  const seed = await check('cis-1.4', '--installer', 'kubeadm');
  const plain = await check('cis-1.4', '--release', '1.13');

  it('proposes no accept-default on the kubelet flags whose flag default is insecure (2.1.1, 2.1.2)', () => {
    // --anonymous-auth defaults to true and --authorization-mode to AlwaysAllow without a config
    // file; kubeadm writes the secure values in its config file, where kube-bench reads them.
    for (const id of ['2.1.1', '2.1.2']) {
      expect(of(seed, id).filter((f) => f.category === 'default-satisfies')).toEqual([]);
      expect(of(plain, id).filter((f) => f.suggestion.action === 'accept-default')).toEqual([]);
    }
  });

  it('says which default applies where, and proposes no "or unset" when they differ (2.1.4 --read-only-port)', () => {
    const [f] = of(seed, '2.1.4', '1.13').filter((x) => x.category === 'default-satisfies');
    expect(f.message).toMatch(/10255 without a config file and 0 with a config file/);
    expect(f.suggestion.edit).toBeUndefined();
    expect(f.suggestion.action).not.toBe('accept-default');
    // Without kubeadm, generic@1.13 runs the kubelet with flags only: the default 10255 fails it, no finding.
    expect(of(plain, '2.1.4').filter((x) => x.category === 'default-satisfies')).toEqual([]);
  });

  it('accepts an unset gate whose default holds everywhere, as an edit (1.3.6)', () => {
    const [f] = of(plain, '1.3.6').filter((x) => x.category === 'default-satisfies');
    expect(f.suggestion.edit).toEqual({ kind: 'accept-unset', check: 0 });
  });

  it('rewrites kube-scheduler --profiling to enableProfiling, with the false PASS, not "plan the removal" (1.2.1)', () => {
    const fs = of(seed, '1.2.1');
    expect(cats(fs)).toEqual(['config-file-blind', 'installer-not-default']);
    expect(fs[0].message).toMatch(/ignores --profiling .*false PASS/);
    // kubeadm starts kube-scheduler without --config (issue 19, item 7): the flag works there, and the
    // seed's advice (scheduler.extraArgs) comes out beside the generic finding.
    expect(fs[0].message).toMatch(
      /kubeadm starts kube-scheduler without --config, so on its nodes --profiling is what/,
    );
    expect(fs[0].severity).toBe('low');
    expect(fs[1].message).toMatch(
      /scheduler\.extraArgs profiling=false .*without --config, so the flag is what it reads/,
    );
    expect(fs[0].evidence.length).toBeGreaterThan(0);
    expect(fs[0].suggestion.edit).toEqual({
      kind: 'add-subjects',
      check: 0,
      subjects: [{ kind: 'config', component: 'kube-scheduler', path: 'enableProfiling' }],
    });
  });

  it('replaces the --address checks with --bind-address=127.0.0.1 and --port=0, seeing the false PASS on kubeadm 1.14 (1.2.2, 1.3.7)', () => {
    for (const id of ['1.2.2', '1.3.7']) {
      const [f] = of(seed, id, '1.14');
      expect(f.category).toBe('deprecated');
      expect(f.message).toMatch(/on kubeadm@1\.14 kube-bench passes the control/);
      const edit = f.suggestion.edit as Extract<ControlEdit, { kind: 'replace-checks' }>;
      expect(edit.kind).toBe('replace-checks');
      expect(edit.with.map((c) => [c.subjects[0].kind === 'flag' && c.subjects[0].flag, c.value])).toEqual([
        ['--bind-address', '127.0.0.1'],
        ['--port', '0'],
      ]);
    }
  });

  it('never calls a deprecated, removed or installer-breaking setting installer-not-default', () => {
    for (const id of ['1.1.1', '1.1.9', '1.1.21'])
      expect(cats(of(seed, id)), id).not.toContain('installer-not-default');
    expect(cats(of(seed, '1.1.21'))).toEqual(['conflict']);
    expect(of(seed, '1.1.21')[0].message).toMatch(/kubectl logs, exec and port-forward fail/);
    // DenyEscalatingExec is deprecated from 1.14 on, but cis-1.4 already skips the control
    // ([DEPRECATED], type: skip): no recipe on 1.14, and no deprecation news for its authors.
    expect(cats(of(seed, '1.1.12', '1.14'))).toEqual([]);
  });

  it('grounds installer-not-default on kubeadm@R made with the configuration it proposes', () => {
    const [f] = of(seed, '1.1.8', '1.13');
    expect(f.message).toMatch(/kubeadm's default node fails the control .*apiServer\.extraArgs profiling=false/);
    expect(f.suggestion.installerConfig).toBe(
      'apiVersion: kubeadm.k8s.io/v1beta1\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    profiling: "false"\n',
    );
    // The configuration it prints, applied by kubeadm's own reader, makes the control pass.
    const release = shippedRelease('1.13');
    const node = kubeadmNode(release, parseKubeadmConfig(f.suggestion.installerConfig!, 'kubeadm.yaml', release));
    const b = loadBenchmark('cis-1.4').benchmark;
    const p = controlsOf(b).find((x) => x.control.id === '1.1.8')!;
    expect(evaluateControl(b, p.section, p.control, node, release, 'effective').status).toBe('PASS');
  });

  it('reports the checks on settings no release has (1.1.3, 2.1.11), with evidence where the removal predates the data', () => {
    // --insecure-allow-any-token went in 1.8 (PR 49045): removed, with that evidence, not just "no release has it".
    const [anyToken] = of(seed, '1.1.3', '1.13');
    expect([anyToken.ruleId, anyToken.category]).toEqual(['unknown-setting', 'removed']);
    expect(anyToken.evidence.map((e) => e.ref)).toEqual(['kubernetes/kubernetes#49045']);
    const [cadvisor] = of(seed, '2.1.11', '1.13');
    expect([cadvisor.ruleId, cadvisor.category]).toEqual(['unknown-setting', 'removed']);
    expect(cadvisor.evidence.map((e) => e.ref)).toEqual(['kubernetes/kubernetes#65707']);
    expect(cadvisor.suggestion.edit).toEqual({ kind: 'drop-checks', checks: [0, 1], whenEmpty: 'remove' });
  });

  it("keeps the seed's hard cases, each with its edit", () => {
    // The serving certificate check accepts a requested (CA-signed) one; client rotation is another control's.
    const serving = of(seed, '2.1.10', '1.13')[0].suggestion.edit as Extract<ControlEdit, { kind: 'replace-checks' }>;
    expect(serving.combine).toBe('any');
    expect(serving.with.map((c) => c.subjects.map((s) => (s.kind === 'config' ? s.path : '')).join(''))).toEqual([
      'tlsCertFile',
      'serverTLSBootstrap',
    ]);
    // The data directory owned by the account etcd runs as: root in kubeadm's container.
    expect(of(seed, '1.4.12', '1.13')[0].suggestion.edit).toMatchObject({
      kind: 'replace-checks',
      combine: 'any',
      with: [
        { op: 'eq', value: 'etcd:etcd' },
        { op: 'eq', value: 'root:root' },
      ],
    });
    expect(of(seed, '2.1.13', '1.13').find((f) => f.category === 'unsatisfiable')!.suggestion.edit).toEqual({
      kind: 'mark-manual',
    });
    // A manual control that reads no Pod field fails nothing: no host-network conflict (reviewer, cis-1.5 5.2.4).
    expect(of(seed, '1.7.4', '1.13').filter((f) => f.ruleId === 'host-network-control-plane')).toEqual([]);
    // Before AnonymousAuthConfigurableEndpoints, a person judges the anonymous user's bindings.
    expect(of(seed, '1.1.1', '1.13')[0].suggestion.edit).toEqual({ kind: 'mark-manual' });
  });

  it('resolves remove against accept-default by precedence in the proposals (1.3.6, 2.1.13)', async () => {
    const { files } = await planFiles('cis-1.4', { installer: 'kubeadm' }, repoRoot);
    for (const id of ['1.3.6', '2.1.13']) {
      const text = files.find((f) => f.file === `${id}.md`)!.text;
      expect(text).toMatch(/\*\*Action:\*\* `mark-manual`/);
      expect(text).toMatch(/Set aside: .*unsatisfiable > conflict/);
      expect(text).toMatch(/\*\*default-satisfies\*\* `accept-default` .*the control becomes manual/);
      expect(text).not.toMatch(/Also:\n\n- `accept-default`/);
    }
  });
});

describe('cis-1.12 on Kubernetes 1.34 with kubeadm', async () => {
  const [r] = await check('cis-1.12', '--release', '1.34', '--installer', 'kubeadm');
  const fs = r.findings;

  it('raises nothing on checks that already read the config file field (4.2.x kubelet settings)', () => {
    for (const id of ['4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.6', '4.2.8', '4.2.10', '4.2.13'])
      expect(of([r], id), id).toEqual([]);
    expect(fs.filter((f) => /in favour of the config file/.test(f.message))).toEqual([]);
  });

  it('says 4.2.9 once (TLS bootstrapping), and 4.2.5 checks a setting without effect in 1.34 (issue 19)', () => {
    expect(of([r], '4.2.9').map((f) => f.category)).toEqual(['conflict']);
    const idle = of([r], '4.2.5');
    // The 1.34 KubeletConfiguration page says streamingConnectionIdleTimeout no longer has any
    // effect: checked like a removed setting, never called live or merely deprecated.
    expect(idle.map((f) => f.category)).toEqual(['obsolete']);
    expect(idle[0].message).toMatch(/has no effect in Kubernetes 1\.34/);
    expect(idle[0].suggestion.action).toBe('remove');
    expect(idle[0].evidence.map((e) => e.ref).join(' ')).toMatch(/kubelet|v1\.34/);
    expect(`${idle[0].message} ${idle[0].suggestion.proposal ?? ''}`).not.toMatch(
      /no longer has any effect|replace it with its successor/,
    );
  });

  it('states the rotation controls of the intent, consistent with a check that passes by default (1.3.6, 4.2.11)', () => {
    for (const id of ['1.3.6', '4.2.11']) {
      const [f] = of([r], id);
      expect(f.category).toBe('unsatisfiable');
      expect(f.message).toMatch(/^The check passes on every cluster that leaves .* at its default/);
      expect(f.message).not.toMatch(/as written/);
    }
  });

  it('replaces --anonymous-auth with anonymous access limited to the health endpoints, once (1.2.1)', () => {
    const fs121 = of([r], '1.2.1');
    expect(fs121.map((f) => f.category)).toEqual(['conflict']);
    const edit = fs121[0].suggestion.edit as Extract<ControlEdit, { kind: 'replace-checks' }>;
    expect(edit.combine).toBe('any');
    expect(edit.with.at(-1)).toEqual({
      subjects: [
        { kind: 'config', component: 'kube-apiserver', path: 'AuthenticationConfiguration.anonymous.conditions.path' },
      ],
      op: 'valid_elements',
      value: '/healthz,/livez,/readyz',
    });
    // The supersession's evidence is kept with it.
    expect(fs121[0].evidence.map((e) => e.ref)).toContain('KEP-4633');
  });

  it('keeps the noise well below one finding in ten', () => {
    // Every finding is a change a reviewer would make; the ones that used to be noise are gone.
    expect(fs.length).toBeLessThanOrEqual(30);
    const noisy = fs.filter(
      (f) =>
        (f.category === 'deprecated' && f.subject.component === 'kubelet' && f.subject.setting.startsWith('--')) ||
        (f.category === 'installer-not-default' && /anonymous-auth|kubelet-certificate-authority/.test(f.message)),
    );
    expect(noisy).toEqual([]);
  });

  it('gives a mechanical edit wherever one follows', () => {
    const without = fs.filter((f) => !f.suggestion.edit).map((f) => `${f.controlId} ${f.category}`);
    // installer-not-default changes the remediation text (its configuration is data too); 4.2.5 waits for a removal.
    // A file kubeadm keeps in a ConfigMap (4.1.3, 4.1.4) has no check to write instead; 4.2.11 is
    // manual and not scored already, so only its text changes.
    expect(
      without.filter(
        (x) =>
          !/ (installer-not-default|not-applicable)$/.test(x) &&
          x !== '4.2.5 deprecated' &&
          x !== '4.2.11 unsatisfiable',
      ),
    ).toEqual([]);
    // installer-file-mode has no configuration to print: the installer has no setting for a file's mode.
    for (const f of fs.filter((x) => x.ruleId === 'installer-not-default'))
      expect(f.suggestion.installerConfig).toMatch(
        /^apiVersion: (kubeadm\.k8s\.io\/v1beta4\nkind: ClusterConfiguration|kubelet\.config\.k8s\.io\/v1beta1\nkind: KubeletConfiguration)\n/,
      );
  });
});

describe('the API-object checks on kubeadm@1.34', () => {
  const b = loadBenchmark('cis-1.12').benchmark;
  const release = shippedRelease('1.34');
  const at = (id: string) => {
    const p = controlsOf(b).find((x) => x.control.id === id)!;
    return evaluateControl(b, p.section, p.control, kubeadmAt(release), release, 'effective');
  };

  it('fails host network for the static Pods and kube-proxy, privileged for kube-proxy only', () => {
    const hostNetwork = at('5.2.5');
    expect(hostNetwork.status).toBe('FAIL');
    expect(hostNetwork.checks[0].observed).toMatch(
      /^kube-system\/etcd \(static Pod, etc\/kubernetes\/manifests\/etcd\.yaml\): true;/,
    );
    expect(hostNetwork.checks[0].observed).toMatch(/kube-system\/kube-proxy \(DaemonSet\): true$/);
    expect(at('5.2.2').checks[0].observed).toBe('kube-system/kube-proxy (DaemonSet): true');
    expect(at('5.2.3').status).toBe('PASS');
  });

  it('cannot tell a Pod control passes when a manifest cannot be read, and still fails one that fails', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bw-pods-')), 'n');
    await run(['node', 'kubeadm', '--release', '1.34', '--out', dir]);
    writeFileSync(join(dir, 'etc/kubernetes/manifests/etcd.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [\n');
    const r = await run(['evaluate', 'cis-1.12', '--node', dir, '--control', '5.2.3', '5.2.5', '--format', 'json']);
    const results = JSON.parse(r.stdout).results as Array<{ controlId: string; status: string; reason?: string }>;
    expect(results.map((x) => [x.controlId, x.status])).toEqual([
      ['5.2.3', 'WARN'],
      ['5.2.5', 'FAIL'],
    ]);
    // The manifest's problem at its position (the bounded YAML reader), then what it means.
    expect(results[0].reason).toMatch(/etcd\.yaml:4:1: invalid YAML: .*; some Pods could not be read/);
  });

  it('judges a manual workload control by its topic, and leaves what a bundle cannot hold to a person', () => {
    expect(at('5.2.11').status).toBe('FAIL');
    expect(at('5.2.11').reason).toMatch(/evaluated by its topic pod-hostpath \(data\/workloads\.yaml\)/);
    expect(at('5.1.2').status).toBe('WARN');
    expect(at('5.1.1').reason).toMatch(/the bundle holds no ClusterRoleBinding objects/);
  });
});

describe('hand-made edges', () => {
  const draft = (checks: string) => `id: draft
title: Draft
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: draft.yaml }
sections:
  - id: "1"
    title: s
    target: master
    controls:
      - id: "1.1"
        title: t
        assessment: automated
        scored: true
        checks:
${checks}`;

  async function draftFindings(checks: string, ...args: string[]): Promise<Finding[]> {
    const dir = mkdtempSync(join(tmpdir(), 'bw-rules-'));
    writeFileSync(join(dir, 'draft.yaml'), draft(checks));
    const r = await run(['check', 'draft.yaml', '--release', '1.34', ...args, '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { results: Report[] }).results[0].findings;
  }

  it('names the flag a typo meant, as an edit', async () => {
    const fs = await draftFindings(
      '          - subjects: [{ kind: flag, component: kube-apiserver, flag: --anonymous-auht }]\n            op: eq\n            value: "false"\n',
    );
    const f = fs.find((x) => x.ruleId === 'unknown-setting')!;
    expect(f.category).toBe('unsatisfiable');
    expect(f.message).toMatch(/kube-apiserver has --anonymous-auth/);
    expect(f.suggestion.edit).toEqual({
      kind: 'replace-checks',
      checks: [0],
      with: [
        {
          subjects: [{ kind: 'flag', component: 'kube-apiserver', flag: '--anonymous-auth' }],
          op: 'eq',
          value: 'false',
        },
      ],
    });
  });

  it('says whose flag a check reads on the wrong component', async () => {
    const fs = await draftFindings(
      '          - subjects: [{ kind: flag, component: kube-apiserver, flag: --terminated-pod-gc-threshold }]\n            op: present\n',
    );
    const f = fs.find((x) => x.ruleId === 'unknown-setting')!;
    expect(f.message).toMatch(
      /^terminated-pod-gc-threshold is a flag of kube-controller-manager, not of kube-apiserver/,
    );
  });

  it('reads a systemd directive checked as a kubelet flag as such (cis-1.11 4.2.15)', async () => {
    const [r] = await check('cis-1.11', '--release', '1.31');
    const [f] = of([r], '4.2.15');
    expect([f.ruleId, f.category]).toEqual(['unknown-setting', 'unsatisfiable']);
    expect(f.message).toMatch(/^IPAddressDeny is a systemd directive of the kubelet's systemd unit/);
  });

  it('finds no default-satisfies for a flag whose default fails without a config file', async () => {
    const fs = await draftFindings(
      '          - subjects: [{ kind: flag, component: kubelet, flag: --read-only-port }]\n            op: eq\n            value: "0"\n',
      '--installer',
      'kubeadm',
    );
    expect(fs.filter((f) => f.category === 'default-satisfies' && f.suggestion.edit)).toEqual([]);
    // kubeadm writes no readOnlyPort flag: the flag-only check cannot see the config file default.
    expect(fs.map((f) => f.category)).toContain('config-file-blind');
  });
});

describe('derived nodes', () => {
  it('set a flag the way kubeadm extraArgs do (the same command line as kubeadmNode with that configuration)', () => {
    const release = shippedRelease('1.34');
    const derived = edited(
      kubeadmAt(release),
      release,
      { flags: [{ component: 'kube-apiserver', name: 'profiling', value: 'false' }] },
      'test',
    );
    const config =
      'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    - name: profiling\n      value: "false"\n';
    const real = kubeadmNode(release, parseKubeadmConfig(config, 'k.yaml', release));
    const argv = (n: typeof real) =>
      [...processesOf(n).processes.find((p) => p.argv[0] === 'kube-apiserver')!.argv].sort();
    expect(argv(derived)).toEqual(argv(real));
    // The base node is untouched.
    expect(argv(kubeadmAt(release))).not.toContain('--profiling=false');
  });
});

describe('files the installer keeps off the host (issue 19, item 7)', async () => {
  const [b12] = await check('cis-1.12', '--release', '1.34', '--installer', 'kubeadm');
  const [b16] = await check('cis-1.6', '--release', '1.19', '--installer', 'kubeadm');
  const [plain] = await check('cis-1.12', '--release', '1.34');

  it("says kubeadm's kube-proxy kubeconfig lives in a ConfigMap, where kube-bench's host scan says nothing", () => {
    for (const id of ['4.1.3', '4.1.4']) {
      const f = b12.findings.find((x) => x.controlId === id && x.ruleId === 'installer-file-elsewhere');
      expect(f?.category, id).toBe('not-applicable');
      expect(f?.message).toMatch(/ConfigMap kube-system\/kube-proxy kubeconfig\.conf/);
      expect(f?.message).toMatch(/kube-bench's WARN on kubeadm@1\.34 says nothing about it/);
    }
  });

  it('says nothing where the control accepts the file missing, or without an installer', () => {
    expect(b16.findings.filter((x) => x.ruleId === 'installer-file-elsewhere')).toEqual([]);
    expect(plain.findings.filter((x) => x.ruleId === 'installer-file-elsewhere')).toEqual([]);
  });
});

describe('file modes the installer lays down (kube-bench 4.1.1, 4.1.9 on kubeadm)', async () => {
  const [b12] = await check('cis-1.12', '--release', '1.34', '--installer', 'kubeadm');
  const [b24] = await check('cis-1.24', '--release', '1.24', '--installer', 'kubeadm');
  const [b16] = await check('cis-1.6', '--release', '1.19', '--installer', 'kubeadm');
  const [plain] = await check('cis-1.12', '--release', '1.34');
  const mode = (r: Report, id: string) =>
    r.findings.find((x) => x.controlId === id && x.ruleId === 'installer-file-mode');

  it("says kubeadm creates the kubelet's config.yaml 0644 and upgrade keeps a mode set by hand, with sources", () => {
    const f = mode(b12, '4.1.9');
    expect(f?.category).toBe('installer-not-default');
    expect(f?.message).toMatch(/\/var\/lib\/kubelet\/config\.yaml 644, where the control asks that it is at most 600/);
    // os.WriteFile changes the mode only of a file it creates (a reviewer's finding: "reset by the
    // next upgrade" was wrong).
    expect(f?.message).toMatch(/kubeadm upgrade rewrites the file in place .* so a mode set by hand is kept/);
    expect(f?.message).not.toMatch(/reset by/);
    expect(f?.message).toMatch(/kube-bench reports FAIL on kubeadm@1\.34/);
    expect(f?.evidence.map((e) => e.url)).toEqual([
      'https://github.com/kubernetes/kubernetes/blob/release-1.34/cmd/kubeadm/app/phases/kubelet/config.go',
      'https://pkg.go.dev/os#WriteFile',
    ]);
    expect(f?.suggestion.proposal).toMatch(/chmod 600/);
  });

  it('names the unit and drop-in of the packaging the release has, each with the packages as source', () => {
    // pkgs.k8s.io (1.28 on): /usr/lib/systemd; the legacy apt repository before it: the drop-in under /etc.
    expect(mode(b12, '4.1.1')?.message).toMatch(/\/usr\/lib\/systemd\/system\/kubelet\.service 644/);
    expect(mode(b24, '4.1.1')?.message).toMatch(/\/etc\/systemd\/system\/kubelet\.service\.d\/10-kubeadm\.conf 644/);
    expect(mode(b12, '4.1.1')?.evidence.map((e) => e.ref)).toContain('kubernetes/release#4479');
  });

  it('says nothing where the control accepts the mode, or without an installer', () => {
    // cis-1.6 asks for 644 or stricter: kubeadm's files meet it.
    expect(b16.findings.filter((x) => x.ruleId === 'installer-file-mode')).toEqual([]);
    expect(plain.findings.filter((x) => x.ruleId === 'installer-file-mode')).toEqual([]);
  });
});

describe('a removed flag the control also accepts unset (--kubelet-https)', async () => {
  const [r] = await check('cis-1.23', '--release', '1.22');

  it('says the control passes vacuously, as kube-bench reports it, not that it can never pass', () => {
    const f = r.findings.find((x) => x.controlId === '1.2.4' && x.ruleId === 'removed-setting');
    expect(f?.message).toMatch(/does not exist in Kubernetes 1\.22 \(last in 1\.21\), so the control passes vacuously/);
    expect(f?.message).not.toMatch(/can never pass/);
  });
});
