import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draft, draftBenchmark, mergeDraft } from '../src/draft/index.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { parseBenchmark } from '../src/ingest/native.js';
import { readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { Benchmark } from '../src/model/benchmark.js';
import type { CheckReport } from '../src/rules/check.js';
import type { Finding } from '../src/rules/types.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

// The newest shipped release, and the one after it (not shipped): a release newer than the data.
const newest = shippedReleases().at(-1)!;
const next = `1.${Number(newest.split('.')[1]) + 1}`;
/**
 * A release newer than the shipped data, as `releases build` would write it: the newest shipped release's facts with
 * three flags gone (one flag-only check, two flags read beside their config fields).
 */
function newerRelease(dir: string): string {
  const s = JSON.parse(readFileSync(join('data', 'kubernetes', `${newest}.json`), 'utf8'));
  s.release = next;
  s.flags['kube-controller-manager'] = s.flags['kube-controller-manager'].filter(
    (f: { name: string }) => f.name !== 'terminated-pod-gc-threshold',
  );
  s.flags.kubelet = s.flags.kubelet.filter(
    (f: { name: string }) => !['streaming-connection-idle-timeout', 'make-iptables-util-chains'].includes(f.name),
  );
  const file = join(dir, `${next}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

const key = (f: Finding) => `${f.controlId} ${f.ruleId} ${f.category} ${f.subject.setting}`;

describe('draft on the newest CIS version and a release newer than the shipped data', () => {
  const work = mkdtempSync(join(tmpdir(), 'bw-draft-'));
  const release = newerRelease(work);

  it('validates, resolves every finding it drafted, and diff lists exactly the drafted changes', async () => {
    const r = await run(
      ['draft', 'cis-1.12', '--release', release, '--installer', 'kubeadm', '--version', '1.13', '--out', 'next.yaml'],
      work,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^next\\.yaml: cis-1\\.13 drafted from cis-1\\.12 for Kubernetes ${next.replace('.', '\\.')}: \\d+ changes to \\d+ controls`,
      ),
    );
    const text = readFileSync(join(work, 'next.yaml'), 'utf8');
    // Controls the draft removed are named in a comment where they stood.
    const removedIds = [...text.matchAll(/^\s+# draft: removed ([^\s:]+)/gm)].map((m) => m[1]).sort();
    expect(r.stdout).toContain(`(${removedIds.length} removed)`);
    expect((await run(['validate', 'next.yaml'], work)).stdout).toBe(
      `next.yaml: ok (${131 - removedIds.length} controls)\n`,
    );

    const before = JSON.parse(
      (await run(['check', 'cis-1.12', '--release', release, '--installer', 'kubeadm', '--format', 'json'], work))
        .stdout,
    ).results[0];
    const after = JSON.parse(
      (await run(['check', 'next.yaml', '--release', release, '--installer', 'kubeadm', '--format', 'json'], work))
        .stdout,
    ).results[0];
    expect(after.findings.length).toBeLessThan(before.findings.length);
    // No finding the draft was meant to resolve is left: what remains is of a kind it said it did not draft.
    const notDrafted = new Set(
      [...`${r.stdout}${r.stderr}`.matchAll(/^not drafted: \d+ × ([a-z-]+):/gm)].map((m) => m[1]),
    );
    expect(after.findings.filter((f: Finding) => !notDrafted.has(f.category)).map(key)).toEqual([]);
    // Every removed setting was drafted away; the findings the draft named in its comments are gone.
    expect(before.findings.filter((f: Finding) => f.category === 'removed').map(key)).toEqual([
      '1.3.1 removed-setting removed --terminated-pod-gc-threshold',
      '4.2.5 removed-setting removed --streaming-connection-idle-timeout',
      '4.2.6 removed-setting removed --make-iptables-util-chains',
    ]);
    expect(
      after.findings.filter((f: Finding) => f.category === 'removed' || f.category === 'default-satisfies'),
    ).toEqual([]);

    // Each change is a comment naming its finding: rule, category, release.
    // 4.2.5's flag is gone and its config field has no effect (the 1.34 config page, issue 19): nothing
    // is left to check on the kubelet, but its property went to the container runtime, where a person
    // judges it: kept, manual, saying so (data/intent.yaml moved).
    expect(text).toMatch(
      /# draft: marked manual \(assessment manual, not scored\): no check is left; its property \(idle streaming connections .*\) now lies with the container runtime's streaming server .*, which no check reads: a person judges it there \(rule /,
    );
    expect(removedIds).not.toContain('4.2.5');
    // A removed setting nothing on record says anything more about: said so.
    expect(text).toContain(
      `# draft: removed 1.3.1: no check is left; nothing on record says where its property went (rule removed-setting, removed, Kubernetes ${next})`,
    );

    const diff = JSON.parse((await run(['diff', 'cis-1.12', 'next.yaml', '--format', 'json'], work)).stdout);
    const commented = [
      ...text.matchAll(
        /^\s+- id: (\S+) # drafted [0-9a-f]+\n(?:\s+#[^\n]*\n)*(?:(?!\s+- id:)[^\n]*\n)*?\s+# draft: /gm,
      ),
    ].map((m) => m[1]);
    expect(diff.summary).toMatchObject({ added: 0, removed: removedIds.length, renumbered: 0 });
    expect(diff.removed.map((c: { id: string }) => c.id).sort()).toEqual(removedIds);
    // The flag-only and flag-beside-field checks on the three flags the newer release lacks are among the changes.
    expect(diff.pairs.map((p: { from: string }) => p.from)).toEqual(expect.arrayContaining(['4.2.6']));
    // diff compares checks and scoring, not prose: a control whose only change is our remediation (the
    // prerequisite 1.2.5 states instead of being made manual) is commented but not a diff pair.
    const wordsOnly = commented.filter((id) => !diff.pairs.some((p: { to: string }) => p.to === id));
    expect(wordsOnly).toEqual(['1.2.5']);
    expect(new Set(commented.filter((id) => !wordsOnly.includes(id)))).toEqual(
      new Set(diff.pairs.map((p: { to: string }) => p.to)),
    );
    for (const p of diff.pairs)
      for (const c of p.changes)
        expect(['check', 'combine', 'automation', 'assessment', 'scored', 'allowList'], `${p.to} ${c.field}`).toContain(
          c.field,
        );
  });

  it('is byte-identical across runs, whatever the time zone and locale', async () => {
    const args = ['draft', 'cis-1.12', '--release', release, '--installer', 'kubeadm', '--out', 'same.yaml'];
    const [a, b] = [join(work, 'a'), join(work, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    await run(args, a);
    await run(args, b, { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8' });
    expect(readFileSync(join(b, 'same.yaml'), 'utf8')).toBe(readFileSync(join(a, 'same.yaml'), 'utf8'));
  });

  it('keeps CIS Automated and kube-bench manual apart (cis-1.7 5.2.3, 1.1.9)', async () => {
    const out = join(work, 'cis-1.7-draft.yaml');
    expect((await run(['draft', 'cis-1.7', '--release', '1.26', '--out', out], work)).code).toBe(0);
    const b = parseBenchmark(readFileSync(out, 'utf8'), out).value!;
    const c = new Map(b.sections.flatMap((s) => s.controls.map((x) => [x.id, x])));
    expect([c.get('5.2.3')?.assessment, c.get('5.2.3')?.automation]).toEqual(['automated', 'manual']);
    expect([c.get('1.1.9')?.assessment, c.get('1.1.9')?.automation]).toEqual(['manual', 'run']);
  });
});

const mine = (extra = '') => `id: mine
title: My benchmark 1.0
version: "1.0"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: mine.yaml }
sections:
  - id: "1.2"
    title: API server
    target: master
    controls:
      - id: 1.2.1
        title: Anonymous requests are refused
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --anonymous-auth }]
            op: eq
            value: "false"
      - id: 1.2.2
        title: Profiling is off
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --profiling }]
            op: eq
            value: "false"
      - id: 1.2.3
        title: Old flag
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --insecure-port }]
            op: eq
            value: "0"
      - id: 1.2.4
        title: Audit log path is set
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --audit-log-path }]
            op: present
  - id: "4.2"
    title: Kubelet
    target: node
    controls:
      - id: 4.2.1
        title: Kubelet read-only port is off
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kubelet, flag: --read-only-port }]
            op: eq
            value: "0"
      - id: 5.2.5
        title: No host network
        assessment: automated
        automation: manual
        scored: false
        checks:
          - subjects: [{ kind: api-object, resource: Pod, field: spec.hostNetwork }]
            op: noteq
            value: "true"
${extra}`;

/** A finding carrying the change a rule would suggest as data. */
function finding(
  controlId: string,
  ruleId: string,
  category: Finding['category'],
  edit: Finding['suggestion']['edit'],
  setting = 'x',
): Finding {
  return {
    controlId,
    ruleId,
    category,
    severity: 'medium',
    message: `${ruleId} on ${controlId}`,
    subject: { setting },
    evidence: [],
    suggestion: { action: 'replace', ...(edit ? { edit } : {}) },
  };
}

const report = (findings: Finding[], release = '1.34'): CheckReport => ({
  benchmark: { id: 'mine', version: '1.0' },
  release,
  installer: 'kubeadm',
  findings,
  summary: { controls: 6, affected: findings.length, byCategory: {} as CheckReport['summary']['byCategory'] },
});

const edits: Finding[] = [
  finding('1.2.1', 'anonymous-auth-health-probes', 'conflict', {
    kind: 'replace-checks',
    with: [
      { subjects: [{ kind: 'flag', component: 'kube-apiserver', flag: '--anonymous-auth' }], op: 'eq', value: 'false' },
      {
        subjects: [
          {
            kind: 'config',
            component: 'kube-apiserver',
            path: 'AuthenticationConfiguration.anonymous.conditions.path',
          },
        ],
        op: 'valid_elements',
        value: '/healthz,/livez,/readyz',
      },
    ],
    combine: 'any',
  }),
  finding('1.2.3', 'removed-setting', 'removed', { kind: 'remove-control' }),
  finding('4.2.1', 'config-file-blind', 'config-file-blind', {
    kind: 'add-subjects',
    check: 0,
    subjects: [{ kind: 'config', component: 'kubelet', path: 'readOnlyPort' }],
  }),
  finding('4.2.1', 'default-satisfies', 'default-satisfies', { kind: 'accept-unset', check: 0 }),
  finding('5.2.5', 'host-network-control-plane', 'conflict', {
    kind: 'allow-list',
    entries: [
      { namespace: 'kube-system', name: 'kube-proxy-*', why: 'kube-proxy programs the host network' },
      { namespace: 'calico-system', name: '*', why: 'the CNI needs the host network' },
    ],
  }),
  finding('1.2.2', 'serving-cert-rotation-approver', 'unsatisfiable', { kind: 'mark-manual' }),
];

function base(extra = ''): Benchmark {
  const p = parseBenchmark(mine(extra), 'mine.yaml');
  expect(p.problems).toEqual([]);
  return p.value!;
}

describe('draft applies the edits findings carry', () => {
  const release = shippedRelease('1.34');

  it('replaces, removes, extends, relaxes, allow-lists and marks manual, each with its finding', () => {
    const d = draftBenchmark(base(), [report(edits)], [release]);
    const c = new Map(d.benchmark.sections.flatMap((s) => s.controls.map((x) => [x.id, x])));
    expect(c.has('1.2.3')).toBe(false);
    expect(c.get('1.2.1')?.combine).toBe('any');
    expect(c.get('1.2.1')?.checks).toHaveLength(2);
    expect(c.get('4.2.1')?.checks).toEqual([
      {
        subjects: [
          { kind: 'config', component: 'kubelet', path: 'readOnlyPort' },
          { kind: 'flag', component: 'kubelet', flag: '--read-only-port' },
        ],
        op: 'eq',
        value: '0',
      },
      {
        subjects: [
          { kind: 'config', component: 'kubelet', path: 'readOnlyPort' },
          { kind: 'flag', component: 'kubelet', flag: '--read-only-port' },
        ],
        op: 'absent',
      },
    ]);
    expect(c.get('4.2.1')?.combine).toBe('any');
    expect(c.get('5.2.5')?.allowList).toEqual([
      { namespace: 'kube-system', name: 'kube-proxy-*', why: 'kube-proxy programs the host network' },
    ]);
    // Made manual as CIS marks a manual recommendation (assessment manual, not scored), under its own
    // title; its check still runs for kube-bench (a failure is a WARN).
    const manual = c.get('1.2.2')!;
    expect([manual.title, manual.assessment, manual.automation, manual.scored, manual.checks.length]).toEqual([
      'Profiling is off',
      'manual',
      'run',
      false,
      1,
    ]);
    expect([c.get('5.2.5')?.assessment, c.get('5.2.5')?.automation]).toEqual(['automated', 'manual']);
    // An entry naming a whole namespace is not drafted: an exemption names the workloads that need it.
    expect(d.skipped.map((x) => [x.controlId, x.why])).toEqual([
      ['5.2.5', 'calico-system/* names a whole namespace, not the workloads that need the exemption'],
    ]);
    const text = draft(base(), [report(edits)], [release], { file: 'next.yaml', version: '1.1' }).text;
    expect(text).toContain(
      '    # draft: removed 1.2.3; what it guarded against is gone: insecure serving, removed from the API server in Kubernetes 1.20 (its flags in 1.24) (rule removed-setting, removed, Kubernetes 1.34)\n    controls:\n',
    );
    expect(text).toContain(
      '# draft: also read kubelet readOnlyPort (rule config-file-blind, config-file-blind, Kubernetes 1.34)',
    );
    expect(text).toContain(
      '# draft: passes when kubelet readOnlyPort | kubelet --read-only-port is not set (rule default-satisfies, default-satisfies, Kubernetes 1.34)',
    );
    expect(text).toContain(
      '# draft: exempts kube-system/kube-proxy-* (rule host-network-control-plane, conflict, Kubernetes 1.34)',
    );
    expect(text).toContain(
      '# draft: replaced kube-apiserver --anonymous-auth eq false with these 2 checks (any of them) (rule anonymous-auth-health-probes, conflict, Kubernetes 1.34)',
    );
    expect(text).toMatch(/id: mine-1\.1\ntitle: My benchmark 1\.1 \(draft for Kubernetes 1\.34\)\nversion: "1\.1"/);
    expect(parseBenchmark(text, 'next.yaml').problems).toEqual([]);
  });

  it('says the same change once for every release that asks for it, and applies nothing twice', () => {
    const twice = [report(edits), report(edits, '1.33')];
    const d = draftBenchmark(base(), twice, [release, shippedRelease('1.33')]);
    const once = draftBenchmark(base(), [report(edits)], [release]);
    expect(d.benchmark.sections).toEqual(once.benchmark.sections);
    const add = d.changes.find((c) => c.kind === 'add-subjects');
    expect(add?.causes.map((x) => x.release)).toEqual(['1.33', '1.34']);
  });

  it('does not relax a control whose other checks must all pass, and says why', () => {
    const two = base().sections[0].controls[0];
    const b = base();
    b.sections[0].controls[0] = { ...two, checks: [...two.checks, b.sections[0].controls[1].checks[0]] };
    const d = draftBenchmark(
      b,
      [report([finding('1.2.1', 'default-satisfies', 'default-satisfies', { kind: 'accept-unset', check: 0 })])],
      [release],
    );
    expect(d.changes).toEqual([]);
    expect(d.skipped.map((s) => s.why)).toEqual([
      "an unset alternative would relax the control's other checks too (they must all pass)",
    ]);
  });

  it('renumbers after a removal only when asked, and --accept keeps other categories out', () => {
    const kept = draftBenchmark(base(), [report(edits)], [release]);
    expect(kept.benchmark.sections[0].controls.map((c) => c.id)).toEqual(['1.2.1', '1.2.2', '1.2.4']);
    const moved = draftBenchmark(base(), [report(edits)], [release], { renumber: true });
    expect(moved.benchmark.sections[0].controls.map((c) => c.id)).toEqual(['1.2.1', '1.2.2', '1.2.3']);
    expect(moved.changes.find((c) => c.kind === 'renumber')?.words).toBe('renumbered from 1.2.4');
    const only = draftBenchmark(base(), [report(edits)], [release], { accept: ['removed'] });
    expect(new Set(only.changes.map((c) => c.controlId))).toEqual(new Set(['1.2.3']));
    expect(only.skipped.filter((s) => s.why === 'category not accepted')).toHaveLength(5);
  });
});

describe('an allow-list written into a workload control', () => {
  it('answers the conflict: the rule no longer counts the workloads the control exempts', async () => {
    const { checkBenchmark, installerProfile } = await import('../src/rules/check.js');
    const { readKnowledge } = await import('../src/rules/knowledge.js');
    const knowledge = readKnowledge();
    const release = shippedRelease('1.34');
    const b = loadBenchmark('cis-1.12').benchmark;
    const check = (x: Benchmark) =>
      checkBenchmark(x, release, [release], knowledge, installerProfile('kubeadm', release, knowledge));
    const before = check(b);
    const conflict = before.findings.find((f) => f.controlId === '5.2.5' && f.category === 'conflict')!;
    // The workloads the finding names, as its allow-list edit would carry them.
    const entries = conflict.suggestion
      .proposal!.replace(/^.*\(namespace\/name\): /, '')
      .replace(/\.$/, '')
      .split(', ')
      .map((e) => ({ namespace: e.split('/')[0], name: e.split('/')[1], why: 'the cluster runs it' }));
    const withEdit = {
      ...before,
      findings: [
        { ...conflict, suggestion: { ...conflict.suggestion, edit: { kind: 'allow-list' as const, entries } } },
      ],
    };
    const d = draftBenchmark(b, [withEdit], [release]);
    expect(check(d.benchmark).findings.filter((f) => f.controlId === '5.2.5' && f.category === 'conflict')).toEqual([]);
  });
});

describe('draft over a draft edited by hand', () => {
  it('keeps an edited control and a control added by hand, regenerates the rest', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-draft-edit-'));
    writeFileSync(join(work, 'mine.yaml'), mine());
    const args = ['draft', 'mine.yaml', '--release', '1.34', '--installer', 'kubeadm', '--out', 'next.yaml'];
    expect((await run([...args, '--accept', 'removed'], work)).code).toBe(0);
    const first = readFileSync(join(work, 'next.yaml'), 'utf8');
    // A person tightens 1.2.2 and adds a control of their own after it.
    const edited = first
      .replace(/(- id: 1\.2\.2 # drafted \w+\n(?:.*\n)*?\s+value: )"false"/, '$1"false" # checked with the WG')
      .replace(
        /(\n\s+- id: 1\.2\.4)/,
        `\n      - id: 1.2.9\n        title: My own control\n        scored: true\n        checks: []$1`,
      );
    expect(edited).not.toBe(first);
    writeFileSync(join(work, 'next.yaml'), edited);
    const r = await run([...args], work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('next.yaml: kept your edits to 1.2.2, 1.2.9');
    const second = readFileSync(join(work, 'next.yaml'), 'utf8');
    expect(second).toContain('value: "false" # checked with the WG');
    expect(second).toMatch(/- id: 1\.2\.9\n\s+title: My own control/);
    // The rest follows the new run: every category accepted now.
    const fresh = (await run([...args.slice(0, -1), 'fresh.yaml'], work)).code;
    expect(fresh).toBe(0);
    const plain = readFileSync(join(work, 'fresh.yaml'), 'utf8');
    const block = (t: string, id: string) => t.slice(t.indexOf(`- id: ${id} `)).split(/\n\s+- id: /)[0];
    expect(block(second, '4.2.1')).toBe(block(plain, '4.2.1'));
    expect(parseBenchmark(second, 'next.yaml').problems).toEqual([]);
    // A third run changes nothing.
    await run([...args], work);
    expect(readFileSync(join(work, 'next.yaml'), 'utf8')).toBe(second);
  });

  it('keeps the lines outside the controls when they were edited, and does not bring back a deleted control', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-draft-frame-'));
    writeFileSync(join(work, 'mine.yaml'), mine());
    const args = ['draft', 'mine.yaml', '--release', '1.34', '--out', 'next.yaml'];
    await run(args, work);
    const first = readFileSync(join(work, 'next.yaml'), 'utf8');
    const edited = first
      .replace(/title: My benchmark 1\.0 \(draft[^\n]*/, 'title: Our next benchmark')
      .replace(/\n\s+- id: 1\.2\.4 # drafted \w+\n(?:(?!\s+- id:).*\n)*/, '\n');
    writeFileSync(join(work, 'next.yaml'), edited);
    const r = await run(args, work);
    expect(r.stderr).toContain('kept your lines outside the controls');
    const second = readFileSync(join(work, 'next.yaml'), 'utf8');
    expect(second).toContain('title: Our next benchmark');
    expect(second).not.toContain('id: 1.2.4');
  });

  it('refuses a file draft did not write (unless --force), a folder, and bad options; exit 2', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-draft-bad-'));
    writeFileSync(join(work, 'mine.yaml'), mine());
    writeFileSync(join(work, 'notes.yaml'), 'my notes\n');
    mkdirSync(join(work, 'dir'));
    const base = ['draft', 'mine.yaml', '--release', '1.34'];
    const cases: Array<[string[], string]> = [
      [[...base, '--out', 'dir'], 'dir: is a folder, expected a file for the draft\n'],
      [
        [...base, '--out', 'notes.yaml/x/next.yaml'],
        'notes.yaml/x/next.yaml: a part of the path is a file, not a folder, expected a file for the draft\n',
      ],
      [
        [...base, '--out', 'notes.yaml'],
        'notes.yaml: was not written by benchwright draft (no benchwright-draft line), expected a draft to update or a new file; --force replaces it\n',
      ],
      [
        [...base, '--out', 'x.yaml', '--version', '../../etc'],
        "--version: '../../etc' cannot name a benchmark, expected a version such as 1.13\n",
      ],
      [
        [...base, '--out', 'x.yaml', '--accept', 'removed,nonsense'],
        expect.stringContaining("--accept: unknown category 'nonsense'"),
      ],
      [
        [...base, '--out', 'x.yaml', '--installer', 'toString'],
        "--installer: unknown installer 'toString', expected kubeadm\n",
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await run(args, work);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, stderr]);
    }
    expect(readFileSync(join(work, 'notes.yaml'), 'utf8')).toBe('my notes\n');
    expect((await run([...base, '--out', 'notes.yaml', '--force'], work)).code).toBe(0);
    expect(mergeDraft).toBeTypeOf('function');
  });
});

describe.skipIf(!hasCorpus)('draft (corpus)', () => {
  it('drafts a kube-bench folder too, keeping its prose and writing new scanner facts for what changed', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-draft-folder-'));
    const r = await run(
      ['draft', join(kubeBenchCfg, 'cis-1.12'), '--release', newerRelease(work), '--out', 'next.yaml'],
      work,
    );
    expect(r.code, r.stderr).toBe(0);
    const b = parseBenchmark(readFileSync(join(work, 'next.yaml'), 'utf8'), 'next.yaml').value!;
    const original = readKubeBenchFolder(join(kubeBenchCfg, 'cis-1.12')).benchmark;
    const c = (x: Benchmark, id: string) => x.sections.flatMap((s) => s.controls).find((y) => y.id === id)!;
    // 4.2.5 checks a flag the release lacks and a field without effect: kept as a manual control that
    // names where its property went (the container runtime), with the prose it was imported with.
    expect([c(b, '4.2.5').title, c(b, '4.2.5').assessment, c(b, '4.2.5').checks]).toEqual([
      c(original, '4.2.5').title,
      'manual',
      [],
    ]);
    // The title (CIS's) still names the kubelet flag: the remediation says first that it no longer governs it.
    expect(c(b, '4.2.5').remediation).toMatch(
      /^The title keeps the recommendation's wording, but kubelet --streaming-connection-idle-timeout no longer governs it; what it protects [^\n]* now lies with the container runtime's streaming server[^\n]*\n\nOn each node, check the container runtime's streaming idle timeout/,
    );
    expect(c(b, '4.2.5').remediation).toContain(c(original, '4.2.5').remediation!);
    expect(readFileSync(join(work, 'next.yaml'), 'utf8')).toContain('now lies with the container runtime');
    expect(c(b, '4.2.6').title).toBe(c(original, '4.2.6').title);
    // A control the draft did not touch keeps the scanner facts it was imported with.
    expect(c(b, '1.1.1').kubeBench).toEqual(c(original, '1.1.1').kubeBench);
    expect(loadBenchmark('cis-1.12').benchmark.id).toBe('cis-1.12');
  });
});
