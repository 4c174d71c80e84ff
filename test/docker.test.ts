import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dockerBenchFolders, readDockerBenchFolder } from '../src/ingest/docker-bench/read.js';
import { repairQuotedContinuations } from '../src/ingest/kube-bench/repair.js';
import { parseBenchmark, serializeBenchmark } from '../src/ingest/native.js';
import { orderBenchmarks } from '../src/diff/order.js';
import type { Benchmark } from '../src/model/benchmark.js';
import { compareVersions } from '../src/model/ids.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { readDockerKnowledge } from '../src/workloads/read-docker.js';
import { corpus, hasCorpus, run } from './helpers.js';

const dockerCfg = join(corpus, 'docker-bench', 'cfg');

type Finding = { controlId: string; category: string; ruleId: string; message: string; suggestion: { action: string } };
const findings = async (args: string[]): Promise<Finding[]> => {
  const r = await run([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  // One release asked for: its findings (check's JSON holds one result per release).
  return (JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results.flatMap((x) => x.findings);
};

/** Controls and test items by a plain YAML parse, independently of the importer. */
function rawCounts(dir: string): { controls: number; items: number } {
  const js = parse(repairQuotedContinuations(readFileSync(join(dir, 'definitions.yaml'), 'utf8')).text, {
    uniqueKeys: false,
  }) as { groups?: Array<{ checks?: Array<{ tests?: { test_items?: unknown[] } }> | null }> };
  let controls = 0;
  let items = 0;
  for (const g of js.groups ?? [])
    for (const c of g.checks ?? []) {
      controls++;
      items += c.tests?.test_items?.length ?? 0;
    }
  return { controls, items };
}

describe.skipIf(!hasCorpus)('docker-bench import (corpus)', () => {
  const folders = hasCorpus ? dockerBenchFolders(dockerCfg) : [];

  it('finds every folder of the fixture', () => {
    expect(folders.map((f) => f.split('/').pop()).sort()).toEqual(
      ['1.13.0', '17.06', '18.09', 'cis-1.0', 'cis-1.1', 'cis-1.2', 'cis-1.3.1', 'cis-1.6.0', 'ocp-3.9'].sort(),
    );
  });

  it.each(folders.map((f) => [f.split('/').pop()!, f]))(
    '%s: keeps every control and check, classifies at least 90%% of automated checks, warns for the rest',
    (_name, dir) => {
      const r = readDockerBenchFolder(dir);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const raw = rawCounts(dir);
      expect(r.stats.controls).toBe(raw.controls);
      expect(r.stats.checks).toBe(raw.items);
      expect(r.stats.automatedChecks).toBeGreaterThan(20);
      expect((r.stats.automatedChecks - r.stats.automatedUnknown) / r.stats.automatedChecks).toBeGreaterThanOrEqual(
        0.9,
      );
      const unknown = r.benchmark.sections
        .flatMap((s) => s.controls)
        .flatMap((c) => c.checks)
        .filter((k) => k.subjects.every((s) => s.kind === 'unknown')).length;
      expect(r.problems.filter((p) => /kept as subject unknown/.test(p.message))).toHaveLength(unknown);
      expect(r.benchmark.source.format).toBe('docker-bench');
      const back = parseBenchmark(serializeBenchmark(r.benchmark), 'x.yaml');
      expect(back.problems).toEqual([]);
      expect(back.value).toEqual(r.benchmark);
    },
  );

  it('reads what each kind of audit reads (CIS Docker 1.1)', () => {
    const r = readDockerBenchFolder(join(dockerCfg, 'cis-1.1'));
    const c = (id: string) => r.benchmark.sections.flatMap((s) => s.controls).find((x) => x.id === id)!;
    expect(c('2.8').checks).toEqual([
      { subjects: [{ kind: 'docker-info', field: 'SecurityOptions' }], op: 'has', value: 'userns' },
    ]);
    expect(c('2.18.a').checks[0]).toEqual({
      subjects: [{ kind: 'dockerd-flag', flag: '--no-new-privileges' }],
      op: 'eq',
      value: 'true',
    });
    expect(c('2.18.b').checks[0].subjects).toEqual([{ kind: 'daemon-json', key: 'no-new-privileges' }]);
    expect(c('5.4').checks[0]).toEqual({
      subjects: [{ kind: 'container', field: 'HostConfig.Privileged' }],
      op: 'noteq',
      value: 'true',
    });
    expect(c('5.25').checks[0]).toEqual({
      subjects: [{ kind: 'container', field: 'HostConfig.SecurityOpt' }],
      op: 'has',
      value: 'no-new-privileges',
    });
    expect(c('5.28').checks[0]).toEqual({
      subjects: [{ kind: 'container', field: 'HostConfig.PidsLimit' }],
      op: 'gt',
      value: '0',
    });
    expect(c('1.5').checks[0]).toEqual({
      subjects: [{ kind: 'audit-rule', path: '/usr/bin/docker', component: 'dockerd' }],
      op: 'present',
    });
    expect(c('1.1').checks[0].subjects).toEqual([
      { kind: 'file', role: '/var/lib/docker', attribute: 'partition', component: 'dockerd' },
    ]);
    expect(c('3.1').checks[0]).toEqual({
      subjects: [{ kind: 'file', role: 'docker.service', attribute: 'owner', component: 'dockerd' }],
      op: 'eq',
      value: 'root:root',
    });
    expect(c('4.5').checks[0].subjects).toEqual([{ kind: 'environment', variable: 'DOCKER_CONTENT_TRUST' }]);
    expect(c('5.18')).toMatchObject({ checks: [], topic: 'docker-ulimit' });
    expect(c('7.1').topic).toBe('docker-swarm-mode');
  });

  it('reads a bare word on both the command line and daemon.json (CIS Docker 1.6.0 2.14)', () => {
    const r = readDockerBenchFolder(join(dockerCfg, 'cis-1.6.0'));
    const c = r.benchmark.sections.flatMap((s) => s.controls).find((x) => x.id === '2.14')!;
    expect(c.checks[0].subjects).toEqual([
      { kind: 'daemon-json', key: 'no-new-privileges' },
      { kind: 'dockerd-flag', flag: '--no-new-privileges' },
    ]);
  });

  it('imports through import kube-bench and import docker-bench alike, and as a <benchmark> folder', async () => {
    const a = await run(['import', 'docker-bench', join(dockerCfg, 'cis-1.2'), '--quiet']);
    const b = await run(['import', 'kube-bench', join(dockerCfg, 'cis-1.2'), '--quiet']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^docker-cis-1\.2: 123 controls, .*9\d\.\d% of automated checks classified/);
    const f = await findings(['check', join(dockerCfg, 'cis-1.2'), '--release', '1.34']);
    expect(f.length).toBeGreaterThan(50);
  });
});

describe('data/docker-on-kubernetes.yaml', () => {
  it('agrees with the release snapshots on the kubelet gates it names (SupportPodPidsLimit, SeccompDefault)', () => {
    const releases = shippedReleases().map((r) => shippedRelease(r));
    const checked: string[] = [];
    for (const s of readDockerKnowledge().settings)
      (s.kubelet?.stages ?? []).forEach((st, i, all) => {
        if (!st.gate) return;
        for (const r of releases) {
          const next = all[i + 1]?.from;
          if (compareVersions(r.release, st.from) < 0 || (next && compareVersions(r.release, next) >= 0)) continue;
          const g = r.gates.find((x) => x.name === st.gate);
          if (!g) continue;
          checked.push(`${st.gate}@${r.release}`);
          expect([g.stage, g.default], `${st.gate} in ${r.release}`).toEqual([st.stage, st.default]);
        }
      });
    expect(checked).toContain('SupportPodPidsLimit@1.13');
    expect(checked).toContain('SeccompDefault@1.25');
  });

  it('names a Kubernetes side for every setting, and evidence for each', () => {
    for (const s of readDockerKnowledge().settings) {
      const sides = [s.pod, s.kubelet, s.admission, s.equivalent, s.none, s.notApplicable].filter(
        (x) => x !== undefined,
      );
      expect(sides, s.id).toHaveLength(1);
      expect(s.evidence.length, s.id).toBeGreaterThan(0);
    }
  });
});

describe('shipped Docker benchmarks', () => {
  it('lists them with the Docker release they target, after the Kubernetes ones', async () => {
    const r = await run(['list']);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(-5).map((l) => l.split(/\s+/)[0])).toEqual([
      'docker-cis-1.0',
      'docker-cis-1.1',
      'docker-cis-1.2',
      'docker-cis-1.3.1',
      'docker-cis-1.6.0',
    ]);
    expect(lines.at(-4)).toMatch(/Docker 17\.06$/);
  });

  it('orders Docker versions by the Docker release they target, not their number', () => {
    const b = (id: string, version: string, docker: string[]): Benchmark => ({
      id,
      title: id,
      version,
      kubernetes: [],
      docker,
      variant: 'docker',
      source: { format: 'benchwright', path: id },
      sections: [],
    });
    const k: Benchmark = { ...b('k', '9.0', []), kubernetes: ['1.30'], variant: 'generic' };
    const order = orderBenchmarks([b('late', '1.0', ['20.10']), b('early', '2.0', ['17.06']), k]).map((x) => x.id);
    expect(order).toEqual(['k', 'early', 'late']);
  });

  it('asks for the Kubernetes release when none is given', async () => {
    const r = await run(['check', 'docker-cis-1.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a CIS Docker Benchmark \(Docker 17\.06\), expected --release 1\.NN/);
  });
});

describe("the seed's Docker controls on Kubernetes, release by release", async () => {
  // The seed numbers its controls as CIS Docker 1.1 does; lineage follows them to every version.
  const lineageOf = async (id: string) =>
    (
      JSON.parse((await run(['lineage', `docker-cis-1.1:${id}`, '--format', 'json'])).stdout) as {
        lineages: Array<{ steps: Array<{ benchmark: string; id: string }> }>;
      }
    ).lineages[0].steps;
  const releases = ['1.13', '1.20', '1.24', '1.25', '1.30', '1.33', '1.34'];
  const outcome = new Map<string, Finding[]>();
  for (const b of ['docker-cis-1.0', 'docker-cis-1.1', 'docker-cis-1.2', 'docker-cis-1.3.1', 'docker-cis-1.6.0'])
    for (const r of releases) outcome.set(`${b}@${r}`, await findings(['check', b, '--release', r]));
  const at = (b: string, id: string, r: string) => outcome.get(`${b}@${r}`)!.filter((f) => f.controlId === id);
  const categories = (b: string, id: string, r: string) => at(b, id, r).map((f) => f.category);

  it('follows the controls to their ids in every version', async () => {
    expect((await lineageOf('2.8')).map((s) => s.id)).toEqual(['2.8', '2.8', '2.8', '2.9', '2.9']);
    expect((await lineageOf('5.18')).map((s) => s.id)).toEqual(['5.18', '5.18', '5.18', '5.18', '5.19']);
    expect((await lineageOf('5.25')).map((s) => s.id)).toEqual(['5.25.a', '5.25', '5.25', '5.25', '5.26']);
    expect((await lineageOf('2.18.a')).map((s) => s.id)).toEqual(['5.25.b', '2.18.a', '2.17.a', '2.14', '2.14']);
    expect((await lineageOf('5.28')).map((s) => s.id)).toEqual(['5.28', '5.28', '5.28', '5.28', '5.29']);
  });

  it('2.8 user namespaces: a dockershim conflict, then nothing to describe, then spec.hostUsers', async () => {
    for (const s of await lineageOf('2.8')) {
      expect(categories(s.benchmark, s.id, '1.13')).toEqual(['conflict']);
      expect(categories(s.benchmark, s.id, '1.24')).toEqual(['not-applicable']);
      for (const r of ['1.25', '1.30', '1.33', '1.34'])
        expect(categories(s.benchmark, s.id, r)).toEqual(['superseded']);
    }
    const msg = (r: string) => at('docker-cis-1.1', '2.8', r)[0].message;
    expect(msg('1.13')).toMatch(/ExperimentalHostUserNamespaceDefaulting/);
    expect(msg('1.25')).toMatch(
      /spec\.hostUsers false \(alpha, feature gate UserNamespacesStatelessPodsSupport off by default\)/,
    );
    expect(msg('1.30')).toMatch(/\(beta, feature gate UserNamespacesSupport off by default\)/);
    expect(msg('1.33')).toMatch(/\(beta, feature gate UserNamespacesSupport on by default\)/);
    expect(msg('1.24')).not.toMatch(/stale/);
    expect(msg('1.30')).toMatch(/2019 claim on 2\.8 .* is stale in Kubernetes 1\.30/);
  });

  it('5.18 ulimits: not applicable in every release, the claim still holding', async () => {
    for (const s of await lineageOf('5.18'))
      for (const r of releases) {
        expect(categories(s.benchmark, s.id, r)).toEqual(['not-applicable']);
        expect(at(s.benchmark, s.id, r)[0].message).toMatch(/no API for ulimits.*still holds/);
      }
  });

  it('5.25 and 2.18 no-new-privileges: superseded by allowPrivilegeEscalation false and the restricted level', async () => {
    for (const id of ['5.25', '2.18.a'])
      for (const s of await lineageOf(id))
        for (const r of releases) {
          expect(categories(s.benchmark, s.id, r)).toEqual(['superseded']);
          expect(at(s.benchmark, s.id, r)[0].message).toMatch(
            /allowPrivilegeEscalation false .*restricted Pod Security Standard/,
          );
        }
    expect(at('docker-cis-1.1', '5.25', '1.20')[0].message).toMatch(/only a PodSecurityPolicy/);
    expect(at('docker-cis-1.1', '5.25', '1.34')[0].message).toMatch(/Pod Security admission \(GA\)/);
    expect(at('docker-cis-1.1', '5.25', '1.34')[0].message).toMatch(
      /default failure still holds, but its cause is Kubernetes/,
    );
  });

  it('5.28 PIDs limit: superseded by the kubelet podPidsLimit, the 2019 claim stale from 1.14', async () => {
    for (const s of await lineageOf('5.28'))
      for (const r of releases) expect(categories(s.benchmark, s.id, r)).toEqual(['superseded']);
    expect(at('docker-cis-1.1', '5.28', '1.13')[0].message).toMatch(
      /podPidsLimit .* \(alpha, feature gate SupportPodPidsLimit off by default, default -1\)/,
    );
    expect(at('docker-cis-1.1', '5.28', '1.13')[0].message).not.toMatch(/stale/);
    expect(at('docker-cis-1.1', '5.28', '1.20')[0].message).toMatch(
      /\(GA, default -1\).* is stale in Kubernetes 1\.20/,
    );
  });

  it('never reports a Docker control as removed, and swarm mode is never applicable', () => {
    for (const [key, fs] of outcome)
      expect(
        fs.filter((f) => f.category === 'removed'),
        key,
      ).toEqual([]);
    const swarm = outcome.get('docker-cis-1.6.0@1.20')!.filter((f) => f.controlId.startsWith('7.'));
    expect(swarm.length).toBeGreaterThanOrEqual(9);
    expect(new Set(swarm.map((f) => f.category))).toEqual(new Set(['not-applicable']));
  });

  it("leaves the daemon's own settings alone while dockershim drives Docker, and not after", () => {
    // 2.14 live restore: no Kubernetes counterpart.
    expect(categories('docker-cis-1.1', '2.14.a', '1.20')).toEqual([]);
    expect(categories('docker-cis-1.1', '2.14.a', '1.24')).toEqual(['not-applicable']);
    // Container privileged: the Pod field, in every release.
    expect(categories('docker-cis-1.1', '5.4', '1.13')).toEqual(['superseded']);
    expect(at('docker-cis-1.1', '5.4', '1.34')[0].message).toMatch(
      /privileged false \(GA\); the baseline Pod Security Standard/,
    );
    // containerd's files matter on any node.
    expect(categories('docker-cis-1.6.0', '1.1.14', '1.34')).toEqual([]);
  });
});

describe('propose, diff and matrix on Docker benchmarks', () => {
  it('writes a proposal that replaces 2.8 with spec.hostUsers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bw-docker-prop-'));
    const r = await run(['propose', 'docker-cis-1.1', '--release', '1.33', '--control', '2.8', '5.18', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2.8.md', '5.18.md', 'README.md']);
    const p = readFileSync(join(out, '2.8.md'), 'utf8');
    expect(p).toMatch(/^# Replace the docker info SecurityOptions includes userns check with Pod spec\.hostUsers/m);
    expect(p).toMatch(/2\.8 \(docker-cis-1\.0 … docker-cis-1\.2\) → 2\.9 \(docker-cis-1\.3\.1 … docker-cis-1\.6\.0\)/);
    expect(readFileSync(join(out, '5.18.md'), 'utf8')).toMatch(/categories:\n {2}- "not-applicable"/);
  });

  it('diffs 1.3.1 → 1.6.0 as the renumbering after the new 5.1', async () => {
    const r = await run(['diff', 'docker-cis-1.3.1', 'docker-cis-1.6.0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5\.1 … 5\.31 → 5\.2 … 5\.32/);
  });

  it('counts not-applicable findings in the matrix', async () => {
    const r = await run(['matrix', '--benchmarks', 'docker-cis-1.1', '--releases', '1.23,1.24', '--format', 'json']);
    const { rows } = JSON.parse(r.stdout) as { rows: Array<{ release: string; byCategory: Record<string, number> }> };
    expect(rows.map((x) => x.release)).toEqual(['1.23', '1.24']);
    expect(rows[1].byCategory['not-applicable']).toBeGreaterThan(rows[0].byCategory['not-applicable']);
    expect(rows[0].byCategory.removed).toBe(0);
  });
});
