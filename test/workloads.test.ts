import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKubeBenchFolder, kubeBenchFolders } from '../src/ingest/kube-bench/read.js';
import { loadBenchmark, shippedIds } from '../src/ingest/load.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { compareVersions } from '../src/model/ids.js';
import { fieldStage, podSecurityAdmission, stageIn } from '../src/workloads/fields.js';
import { readWorkloads } from '../src/workloads/knowledge.js';
import { benchmarksDir } from '../src/paths.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

type Finding = {
  controlId: string;
  category: string;
  ruleId: string;
  message: string;
  suggestion: { action: string; proposal?: string };
};
const findings = async (args: string[]) => {
  const r = await run([...args, '--format', 'json']);
  expect(r.code).toBe(0);
  // One release asked for: its findings (check's JSON holds one result per release).
  return (JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results.flatMap((x) => x.findings);
};

describe.skipIf(!hasCorpus)('section 5 imported as checks on API-object fields (corpus)', () => {
  const control = (folder: string, id: string) =>
    readKubeBenchFolder(join(kubeBenchCfg, folder))
      .benchmark.sections.flatMap((s) => s.controls)
      .find((c) => c.id === id)!;

  it('reads the Pod field behind each is_compliant loop of cis-1.12', () => {
    const fieldOf = (id: string) => control('cis-1.12', id).checks.map((k) => k.subjects);
    expect(fieldOf('5.2.2')).toEqual([
      [{ kind: 'api-object', resource: 'Pod', field: 'spec.containers[].securityContext.privileged' }],
    ]);
    expect(fieldOf('5.2.3')).toEqual([[{ kind: 'api-object', resource: 'Pod', field: 'spec.hostPID' }]]);
    expect(fieldOf('5.2.5')).toEqual([[{ kind: 'api-object', resource: 'Pod', field: 'spec.hostNetwork' }]]);
    expect(control('cis-1.12', '5.2.5').checks[0]).toMatchObject({ op: 'noteq', value: 'true' });
    // The Pod's and the service account's setting are two places of one judgement.
    expect(fieldOf('5.1.6')).toEqual([
      [
        { kind: 'api-object', resource: 'Pod', field: 'spec.automountServiceAccountToken' },
        { kind: 'api-object', resource: 'ServiceAccount', field: 'automountServiceAccountToken' },
      ],
    ]);
    expect(fieldOf('5.1.5')[0]).toEqual([
      {
        kind: 'api-object',
        resource: 'ServiceAccount',
        field: 'automountServiceAccountToken',
        selector: 'metadata.name=default',
      },
    ]);
    expect(control('cis-1.12', '5.1.2').checks[0]).toEqual({
      subjects: [
        {
          kind: 'api-object',
          resource: 'SubjectAccessReview',
          field: 'status.allowed',
          selector: 'group=system:authenticated,verb=get|list|watch,resource=secrets',
        },
      ],
      op: 'eq',
      value: 'false',
    });
  });

  it('reads the managed-service jq programs the same way (aks, eks, gke)', () => {
    expect(control('aks-1.7', '4.2.4').checks[0]).toEqual({
      subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.hostNetwork' }],
      op: 'noteq',
      value: 'true',
    });
    // One token for both kinds: one judgement, read on Roles and ClusterRoles.
    expect(control('eks-1.7.0', '4.1.3').checks).toEqual([
      {
        subjects: [
          { kind: 'api-object', resource: 'Role', field: 'rules[]' },
          { kind: 'api-object', resource: 'ClusterRole', field: 'rules[]' },
        ],
        op: 'nothave',
        value: '*',
      },
    ]);
    // Two tokens from one script: each names the objects its part lists.
    expect(control('eks-1.7.0', '4.1.5').checks.map((k) => k.subjects[0])).toEqual([
      {
        kind: 'api-object',
        resource: 'ServiceAccount',
        field: 'automountServiceAccountToken',
        selector: 'metadata.name=default',
      },
      { kind: 'api-object', resource: 'Pod', field: 'spec.serviceAccountName' },
    ]);
  });

  it('leaves no is_compliant token in place of a field in any folder', () => {
    for (const dir of kubeBenchFolders(kubeBenchCfg)) {
      const r = readKubeBenchFolder(dir);
      for (const c of r.benchmark.sections.flatMap((s) => s.controls))
        for (const k of c.checks)
          for (const s of k.subjects)
            if (s.kind === 'api-object' && /compliant/.test(s.raw ?? ''))
              expect.fail(`${r.benchmark.id} ${c.id} kept ${s.raw}`);
    }
  });

  it('recovers fields from a folder written differently (another distribution, same encoding)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bw-dist-')), 'acme-cis-1.9');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'policies.yaml'),
      `controls:
version: "acme-1.9"
id: 5
text: "Policies"
type: "policies"
groups:
  - id: 5.2
    text: "Pod Security Standards"
    checks:
      - id: 5.2.4
        text: "Keep workloads off the node's network (Manual)"
        type: "manual"
        audit: |
          kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.hostNetwork}{"\\n"}{end}' \\
          | while read -r pod hostnet; do
              if [ "$hostnet" = "true" ]; then echo "pod=$pod verdict=FAIL"; else echo "pod=$pod verdict=PASS"; fi
            done
        tests:
          test_items:
            - flag: "verdict"
              compare: { op: eq, value: PASS }
        scored: false
      - id: 5.2.9
        text: "Limit host path mounts (Manual)"
        audit: |
          kubectl get pods --all-namespaces -o json | jq -r '.items[] | select(any(.spec.volumes[]?; .hostPath != null)) | "HOSTPATH_POD"' || true
        tests:
          test_items:
            - flag: "HOSTPATH_POD"
              set: false
        scored: false
      - id: 5.2.10
        text: "Containers must not run as UID 0 (Manual)"
        audit: |
          kubectl get pods -A -o json | jq -c '.items[].spec.containers[]' | while read -r c; do
            uid=$(echo "$c" | jq -r '.securityContext.runAsUser'); echo "uid_ok: $([ "$uid" != "0" ] && echo yes || echo no)"
          done
        tests:
          test_items:
            - flag: "uid_ok"
              compare: { op: eq, value: "yes" }
        scored: false
      - id: 5.2.11
        text: "No shared IPC (Manual)"
        audit: "kubectl get pods -A -o json"
        tests:
          test_items:
            - path: "{.items[*].spec.hostIPC}"
              compare: { op: noteq, value: "true" }
        scored: false
      - id: 5.2.12
        text: "No shared PID namespace (Manual)"
        audit: "kubectl get pods -A -o json | jq -r '.items[] | select(.spec.hostPID == true) | .metadata.name'"
        tests:
          test_items:
            - flag: ""
              set: false
        scored: false
`,
    );
    const r = readKubeBenchFolder(dir);
    const checks = r.benchmark.sections[0].controls.map((c) => [c.id, c.checks[0]]);
    expect(checks).toEqual([
      [
        '5.2.4',
        { subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.hostNetwork' }], op: 'noteq', value: 'true' },
      ],
      [
        '5.2.9',
        { subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.volumes[].hostPath' }], op: 'absent' },
      ],
      [
        '5.2.10',
        {
          subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.containers[].securityContext.runAsUser' }],
          op: 'noteq',
          value: '0',
        },
      ],
      [
        '5.2.11',
        { subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.hostIPC' }], op: 'noteq', value: 'true' },
      ],
      [
        '5.2.12',
        { subjects: [{ kind: 'api-object', resource: 'Pod', field: 'spec.hostPID' }], op: 'noteq', value: 'true' },
      ],
    ]);
  });
});

describe('every shipped control says what it checks', () => {
  const nothing = /^(Manual|Automated) [a-z]+ control |setting "|^[A-Za-z]+ "[^"]*"/;

  it('no generated title is a bare number, an audit token or an unclassified setting', () => {
    const bad: string[] = [];
    for (const id of shippedIds()) {
      const { benchmark } = loadBenchmark(id);
      for (const c of benchmark.sections.flatMap((s) => s.controls))
        if (c.titleGenerated && nothing.test(c.title)) bad.push(`${id} ${c.id}: ${c.title}`);
    }
    expect(bad).toEqual([]);
  });

  it('show cis-1.12 names the Pod field of 5.2.5 and 5.2.2', async () => {
    expect((await run(['show', 'cis-1.12', '--control', '5.2.5'])).stdout).toMatch(/spec\.hostNetwork/);
    expect((await run(['show', 'cis-1.12', '--control', '5.2.2'])).stdout).toMatch(/securityContext\.privileged/);
  });

  it('a manual control reads as its topic: root containers in cis-1.12', async () => {
    const r = await run(['show', 'cis-1.12', '--control', '5.2.7']);
    expect(r.stdout).toMatch(/^5\.2\.7 Containers do not run as root: Pod runAsNonRoot is true/);
  });

  it('shipped files keep the field in our format', () => {
    const text = readFileSync(join(benchmarksDir, 'cis-1.12.yaml'), 'utf8');
    expect(text).toContain('{ kind: api-object, resource: Pod, field: spec.hostNetwork }');
  });
});

describe('workload knowledge per release (data/workloads.yaml)', () => {
  const k = readWorkloads();
  const releases = shippedReleases().map((r) => shippedRelease(r));
  const entry = (field: string) => k.fields.find((f) => f.field === field)!;

  it('agrees with the release snapshots on every gate it names, in every release it covers', () => {
    const disagreements: string[] = [];
    for (const f of [...k.fields, { field: 'Pod Security admission', stages: k.podSecurityAdmission.stages }])
      f.stages.forEach((s, i) => {
        const next = f.stages[i + 1]?.from;
        if (!s.gate) return;
        for (const r of releases) {
          if (compareVersions(r.release, s.from) < 0 || (next && compareVersions(r.release, next) >= 0)) continue;
          const g = r.gates.find((x) => x.name === s.gate);
          // A release whose pages do not list the gate (AppArmorFields in 1.30) is noted in the data.
          if (!g) continue;
          if (g.stage !== s.stage || g.default !== s.default)
            disagreements.push(
              `${f.field} ${r.release}: data ${s.stage}/${s.default}, snapshot ${g.stage}/${g.default}`,
            );
        }
      });
    expect(disagreements).toEqual([]);
  });

  it('gives the stage of a field in a release, the snapshot winning', () => {
    const at = (field: string, r: string) => fieldStage(entry(field), shippedRelease(r));
    expect(at('spec.hostUsers', '1.24')).toBeUndefined();
    expect(at('spec.hostUsers', '1.25')).toMatchObject({
      stage: 'alpha',
      gate: 'UserNamespacesStatelessPodsSupport',
      default: false,
    });
    expect(at('spec.hostUsers', '1.30')).toMatchObject({
      stage: 'beta',
      gate: 'UserNamespacesSupport',
      default: false,
      from: 'snapshot',
    });
    expect(at('spec.hostUsers', '1.33')).toMatchObject({ stage: 'beta', default: true });
    expect(at('spec.containers[].securityContext.appArmorProfile.type', '1.29')).toBeUndefined();
    expect(at('spec.containers[].securityContext.appArmorProfile.type', '1.31')).toMatchObject({ stage: 'ga' });
    expect(at('spec.containers[].securityContext.procMount', '1.33')).toMatchObject({ stage: 'beta', default: true });
    expect(at('spec.securityContext.seccompProfile.type', '1.18')).toBeUndefined();
    expect(at('spec.hostNetwork', '1.13')).toMatchObject({ stage: 'ga' });
  });

  it('knows Pod Security admission: none before 1.22, GA from 1.25', () => {
    const psa = (r: string) => podSecurityAdmission(k, shippedRelease(r))?.stage;
    expect([psa('1.21'), psa('1.22'), psa('1.23'), psa('1.25'), psa('1.34')]).toEqual([
      undefined,
      'alpha',
      'beta',
      'ga',
      'ga',
    ]);
  });

  it('ends a stage list at its last stage, and has nothing before the first', () => {
    const stages = [{ from: '1.20', stage: 'alpha' as const }];
    expect(stageIn(stages, shippedRelease('1.19'))).toBeUndefined();
    expect(stageIn(stages, shippedRelease('1.34'))).toMatchObject({ stage: 'alpha' });
  });

  it('names the PSS level of each Pod field', () => {
    expect(entry('spec.hostNetwork').pss).toBe('baseline');
    expect(entry('spec.containers[].securityContext.allowPrivilegeEscalation').pss).toBe('restricted');
    expect(entry('spec.hostUsers').pss).toBe('none');
  });
});

describe('section 5 against the cluster’s own workloads', () => {
  it('cis-1.12 with kubeadm: host network and privileged conflict, naming kube-proxy and the control plane', async () => {
    const f = await findings(['check', 'cis-1.12', '--release', '1.34', '--installer', 'kubeadm']);
    const on = (id: string) => f.filter((x) => x.controlId === id && x.category === 'conflict');
    expect(on('5.2.5')).toHaveLength(1);
    expect(on('5.2.5')[0].message).toMatch(
      /control-plane static Pods \(etcd, kube-apiserver, kube-controller-manager, kube-scheduler/,
    );
    expect(on('5.2.5')[0].message).toMatch(/kube-proxy/);
    expect(on('5.2.5')[0].suggestion).toMatchObject({ action: 'allow-list' });
    expect(on('5.2.5')[0].suggestion.proposal).toMatch(/kube-system\/kube-proxy-\*/);
    expect(on('5.2.2')[0].message).toMatch(/kube-proxy/);
    expect(on('5.2.2')[0].message).not.toMatch(/static Pods/);
    // 5.2.11 (hostPath) reads no Pod field (manual, no audit): nothing fails it, so no conflict is claimed.
    expect(on('5.2.11')).toEqual([]);
    // Nothing kubeadm or a CNI runs shares the host PID or IPC namespace.
    expect(on('5.2.3')).toEqual([]);
    expect(on('5.2.4')).toEqual([]);
  });

  it('without an installer the CNI alone is named', async () => {
    const f = await findings(['check', 'cis-1.12', '--release', '1.34']);
    const m = f.find((x) => x.controlId === '5.2.5' && x.category === 'conflict')!.message;
    expect(m).toMatch(/CNI/);
    expect(m).not.toMatch(/kube-proxy/);
  });

  it("the seed's host-network control conflicts in every version that reads the Pod field, whatever its number", async () => {
    const [lineage] = (
      JSON.parse((await run(['lineage', 'cis-1.4:1.7.4', '--format', 'json'])).stdout) as {
        lineages: Array<{ steps: Array<{ benchmark: string; id: string }> }>;
      }
    ).lineages;
    expect(lineage.steps.length).toBeGreaterThanOrEqual(13);
    let conflicts = 0;
    for (const s of lineage.steps) {
      const f = await findings(['check', s.benchmark, '--release', '1.34', '--installer', 'kubeadm']);
      const shown = (await run(['show', s.benchmark, '--control', s.id])).stdout;
      const rules = f.filter((x) => x.controlId === s.id).map((x) => x.ruleId);
      // A manual control with no audit reads no Pod field: it fails nothing on any cluster.
      if (/Pod spec\.hostNetwork noteq/.test(shown)) {
        expect(rules, `${s.benchmark} ${s.id}`).toContain('host-network-control-plane');
        conflicts++;
      } else expect(rules, `${s.benchmark} ${s.id}`).not.toContain('host-network-control-plane');
    }
    expect(conflicts).toBeGreaterThanOrEqual(3);
  });

  it('takes more CNI workloads from --allow-list, and refuses a bad entry with its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-allow-'));
    writeFileSync(join(dir, 'ok.yaml'), 'allowList:\n  - { namespace: net, name: "my-agent-*" }\n');
    const f = await findings(['check', 'cis-1.12', '--release', '1.34', '--allow-list', join(dir, 'ok.yaml')]);
    expect(f.find((x) => x.controlId === '5.2.5')!.suggestion.proposal).toMatch(/net\/my-agent-\*/);
    writeFileSync(join(dir, 'bad.yaml'), '- { namespace: net }\n');
    const bad = await run(['check', 'cis-1.12', '--release', '1.34', '--allow-list', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:1:3: expected an entry with namespace and name/);
    // Read as every user YAML file is: a list nested 20,000 deep is an input error, not a stack overflow.
    writeFileSync(join(dir, 'deep.yaml'), `${'- '.repeat(20_000)}x\n`);
    const deep = await run(['check', 'cis-1.12', '--release', '1.34', '--allow-list', join(dir, 'deep.yaml')]);
    expect([deep.code, deep.stderr]).toEqual([
      2,
      expect.stringMatching(/deep\.yaml:1:\d+: nested more than 64 levels deep/),
    ]);
  });
});
