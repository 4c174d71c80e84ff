import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffBenchmarks } from '../src/diff/benchmark-diff.js';
import { evaluateBenchmark } from '../src/evaluate/index.js';
import { exportKubeBench } from '../src/export/kube-bench/index.js';
import { kubeBenchFolders, readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { parseBenchmark } from '../src/ingest/native.js';
import { shippedRelease } from '../src/k8s/load.js';
import type { Benchmark, Control } from '../src/model/benchmark.js';
import type { NodeBundle, NodeEntry } from '../src/node/bundle.js';
import { genericNode, kubeadmNode } from '../src/node/kubeadm.js';
import { noChanges } from '../src/node/kubeadm-changes.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

function writeExport(b: Benchmark): string {
  const r = exportKubeBench(b);
  const out = mkdtempSync(join(tmpdir(), 'bw-export-'));
  for (const [rel, text] of r.files) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
  }
  return join(out, r.folder);
}

const byId = (b: Benchmark) => new Map(b.sections.flatMap((s) => s.controls.map((c) => [c.id, { c, s }] as const)));
// kube-bench's titles carry CIS's label as a suffix; a facts-only title gets it on export.
const bare = (t: string) => t.replace(/\s*\((automated|manual)\)+\s*$/i, '');
const view = (c: Control, target: string) => ({
  target,
  title: bare(c.title),
  assessment: c.assessment,
  automation: c.automation,
  scored: c.scored,
  combine: c.combine,
  checks: c.checks,
});

/** Control ids whose import after export differs: their checks, labels, title, scoring or target. */
function differing(a: Benchmark, b: Benchmark): string[] {
  const after = byId(b);
  const out = [...byId(a)]
    .filter(([id, { c, s }]) => {
      const d = after.get(id);
      return !d || JSON.stringify(view(c, s.target)) !== JSON.stringify(view(d.c, d.s.target));
    })
    .map(([id]) => id);
  for (const id of after.keys()) if (!byId(a).has(id)) out.push(id);
  return out;
}

const nodes = ['1.13', '1.24', '1.34'].flatMap((v) => {
  const r = shippedRelease(v);
  return [
    { r, node: kubeadmNode(r) },
    { r, node: genericNode(r) },
  ];
});

/** Controls whose kube-bench status differs between A and B on the reference nodes; `skipped`: A cannot be replayed. */
function replayDiff(a: Benchmark, b: Benchmark): { differ: string[]; compared: number; skipped: number } {
  const differ: string[] = [];
  let compared = 0;
  let skipped = 0;
  for (const { r, node } of nodes) {
    const after = new Map(
      evaluateBenchmark(b, node, r, { semantics: 'kube-bench' }).results.map((x) => [x.controlId, x]),
    );
    for (const x of evaluateBenchmark(a, node, r, { semantics: 'kube-bench' }).results) {
      if (x.reason?.startsWith('cannot replay')) {
        skipped++;
        continue;
      }
      compared++;
      if (after.get(x.controlId)?.status !== x.status) differ.push(`${r.release} ${node.name} ${x.controlId}`);
    }
  }
  return { differ, compared, skipped };
}

describe.skipIf(!hasCorpus)('export kube-bench (corpus)', () => {
  const folders = hasCorpus ? kubeBenchFolders(kubeBenchCfg) : [];

  it('reads every fixture folder back as the same controls and checks after import → export → import', () => {
    const totals = { folders: 0, controls: 0 };
    for (const dir of folders) {
      const name = dir.split('/').pop()!;
      const a = readKubeBenchFolder(dir).benchmark;
      const b = readKubeBenchFolder(writeExport(a)).benchmark;
      expect([b.id, b.version, b.variant, b.kubernetes], name).toEqual([a.id, a.version, a.variant, a.kubernetes]);
      expect(b.kubeBench, name).toEqual(a.kubeBench);
      expect(differing(a, b), name).toEqual([]);
      totals.folders++;
      totals.controls += byId(a).size;
    }
    expect(totals.folders).toBe(50);
    expect(totals.controls).toBeGreaterThan(5200);
    // 50 folders read twice: about 40 s alone, more on a shared machine.
  }, 240_000);

  it('replays every fixture folder to the same kube-bench statuses as the original, wherever the original can be replayed', () => {
    let compared = 0;
    for (const dir of folders) {
      const a = readKubeBenchFolder(dir).benchmark;
      const b = readKubeBenchFolder(writeExport(a)).benchmark;
      const r = replayDiff(a, b);
      expect(r.differ, dir).toEqual([]);
      compared += r.compared;
    }
    expect(compared).toBeGreaterThan(25_000);
  }, 240_000);

  it('exports a shipped facts-only benchmark with its generated titles, says so in each file, and it replays the same', () => {
    const a = loadBenchmark('cis-1.12').benchmark;
    const dir = writeExport(a);
    for (const f of readdirSync(dir).filter((n) => n !== 'config.yaml'))
      expect(readFileSync(join(dir, f), 'utf8')).toContain("Titles are benchwright's, generated from the checks");
    const b = readKubeBenchFolder(dir).benchmark;
    const after = byId(b);
    for (const [id, { c }] of byId(a)) expect(after.get(id)?.c.checks, id).toEqual(c.checks);
    expect(replayDiff(a, b).differ).toEqual([]);
    // No CIS prose: every title kube-bench shows is ours, with CIS's label.
    expect(after.get('4.2.1')?.c.title).toBe(
      `${a.sections.find((s) => s.id === '4.2')!.controls[0].title} (Automated)`,
    );
  });

  it("reads CIS's label from each title where it has one, and only there; ships it in the facts-only benchmarks", () => {
    for (const folder of ['cis-1.4', 'cis-1.5', 'cis-1.7', 'cis-1.12', 'eks-1.5.0', 'rh-1.8']) {
      const full = readKubeBenchFolder(join(kubeBenchCfg, folder)).benchmark;
      for (const s of full.sections)
        for (const c of s.controls) {
          const label = c.title.match(/\((Automated|Manual)\)+\s*$/i)?.[1].toLowerCase();
          expect(c.assessment, `${folder} ${c.id}`).toBe(label);
        }
    }
    const shipped = (id: string) => loadBenchmark(id).benchmark.sections.flatMap((s) => s.controls);
    expect(shipped('cis-1.4').every((c) => c.assessment === undefined)).toBe(true);
    const latest = shipped('cis-1.12');
    const count = (f: (c: Control) => boolean) => latest.filter(f).length;
    expect([count((c) => c.assessment === 'automated'), count((c) => c.assessment === 'manual')]).toEqual([65, 66]);
    // The two disagree often: CIS Manual that kube-bench runs, and (cis-1.7 5.2.3-5.2.9) CIS Automated it does not.
    expect(count((c) => c.assessment === 'manual' && c.automation === 'run')).toBeGreaterThan(10);
    const older = shipped('cis-1.7').filter((c) => c.assessment === 'automated' && c.automation === 'manual');
    expect(older.map((c) => c.id)).toEqual(
      expect.arrayContaining(['5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8', '5.2.9']),
    );
  });

  it('keeps the two manuals apart: CIS Automated that kube-bench does not run, CIS Manual that it runs (cis-1.7)', () => {
    const dir = writeExport(readKubeBenchFolder(join(kubeBenchCfg, 'cis-1.7')).benchmark);
    const policies = readFileSync(join(dir, 'policies.yaml'), 'utf8');
    const master = readFileSync(join(dir, 'master.yaml'), 'utf8');
    const check = (text: string, id: string) => text.slice(text.indexOf(`- id: "${id}"`)).split(/\n\s+- id: /)[0];
    for (const id of ['5.2.3', '5.2.9']) {
      expect(check(policies, id)).toMatch(/text: ".*\(Automated\)"/);
      expect(check(policies, id)).toContain('type: "manual"');
    }
    expect(check(master, '1.1.9')).toMatch(/text: ".*\(Manual\)"/);
    expect(check(master, '1.1.9')).not.toContain('type:');
    const b = readKubeBenchFolder(dir).benchmark;
    const c = byId(b);
    expect([c.get('5.2.3')?.c.assessment, c.get('5.2.3')?.c.automation]).toEqual(['automated', 'manual']);
    expect([c.get('1.1.9')?.c.assessment, c.get('1.1.9')?.c.automation]).toEqual(['manual', 'run']);
  });
});

const mine = `id: mine
title: My benchmark
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: mine.yaml }
sections:
  - id: "1"
    title: API server
    target: master
    controls:
      - id: "1.1"
        title: Profiling is off
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --profiling }]
            op: eq
            value: "false"
      - id: "1.2"
        title: The manifest is private
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: file, role: kube-apiserver manifest, attribute: mode, component: kube-apiserver }]
            op: bitmask
            value: "600"
      - id: "1.3"
        title: Somebody looks at it
        assessment: manual
        scored: false
  - id: "4"
    title: Kubelet
    target: node
    controls:
      - id: "4.1"
        title: Anonymous auth is off
        scored: true
        combine: any
        checks:
          - subjects: [{ kind: flag, component: kubelet, flag: --anonymous-auth }, { kind: config, component: kubelet, path: authentication.anonymous.enabled }]
            op: eq
            value: "false"
          - subjects: [{ kind: flag, component: kubelet, flag: --anonymous-auth }, { kind: config, component: kubelet, path: authentication.anonymous.enabled }]
            op: absent
`;

describe('diff shows a change of either manual, and of an allow-list', () => {
  it('lists assessment, automation and allowList changes of a control', () => {
    const a = parseBenchmark(mine, 'a.yaml').value!;
    const b = structuredClone(a);
    const c = b.sections[0].controls[0];
    Object.assign(c, {
      assessment: 'manual',
      automation: 'skip',
      allowList: [{ namespace: 'kube-system', name: 'kube-proxy-*' }],
    });
    const pair = diffBenchmarks(a, b).pairs.find((p) => p.to === '1.1');
    expect(pair?.changes.map((x) => [x.field, x.before, x.after])).toEqual([
      ['assessment', 'automated', 'manual'],
      ['automation', 'not recorded', 'skip'],
      ['allowList', 'none', 'kube-system/kube-proxy-*'],
    ]);
  });
});

describe('export kube-bench (a benchmark of our own format)', () => {
  it('writes audits from the subjects that replay as the checks say, through the CLI', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-export-cli-'));
    writeFileSync(join(work, 'mine.yaml'), mine);
    const r = await run(['export', 'kube-bench', 'mine.yaml', '--out', 'cfg'], work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'cfg: kube-bench benchmark mine, 4 controls in 2 controls files (master.yaml, node.yaml)',
    );
    const master = readFileSync(join(work, 'cfg', 'mine', 'master.yaml'), 'utf8');
    expect(master).toContain('audit: "ps -ef | grep $apiserverbin | grep -v grep"');
    expect(master).toContain('stat -c permissions=%a $apiserverconf');
    expect(master).toMatch(/id: "1.3"\n\s+text: "Somebody looks at it \(Manual\)"\n\s+type: "manual"/);
    const config = readFileSync(join(work, 'cfg', 'config.yaml'), 'utf8');
    expect(config).toContain('version_mapping:\n  "1.34": "mine"');
    // Read back as kube-bench would read it: the same checks, and replayed on kubeadm 1.34 as written.
    const back = readKubeBenchFolder(join(work, 'cfg', 'mine')).benchmark;
    const original = parseBenchmark(mine, 'mine.yaml').value!;
    for (const [id, { c }] of byId(original)) expect(byId(back).get(id)?.c.checks, id).toEqual(c.checks);
    const release = shippedRelease('1.34');
    const status = (b: Benchmark) =>
      Object.fromEntries(
        evaluateBenchmark(b, kubeadmNode(release), release, { semantics: 'kube-bench' }).results.map((x) => [
          x.controlId,
          x.status,
        ]),
      );
    expect(status(back)).toEqual({ '1.1': 'FAIL', '1.2': 'PASS', '1.3': 'WARN', '4.1': 'PASS' });
  });

  it("reads a config kind's field in the file the component is started with, and replays it as the effective reading", () => {
    const fields = `id: fields
title: Config fields
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: fields.yaml }
sections:
  - id: "1"
    title: Scheduler
    target: master
    controls:
      - id: "1.1"
        title: The scheduler's file names its kubeconfig
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: config, component: kube-scheduler, path: clientConnection.kubeconfig }]
            op: eq
            value: /etc/kubernetes/scheduler.conf
  - id: "4"
    title: Kubelet
    target: node
    controls:
      - id: "4.1"
        title: Kubelet anonymous auth is off
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: config, component: kubelet, path: authentication.anonymous.enabled }]
            op: eq
            value: "false"
`;
    // With cis-1.12's kube-bench table (its components and file candidates), as a draft of it has.
    const table = loadBenchmark('cis-1.12').benchmark.kubeBench;
    const original = { ...parseBenchmark(fields, 'fields.yaml').value!, ...(table ? { kubeBench: table } : {}) };
    const folder = writeExport(original);
    const master = readFileSync(join(folder, 'master.yaml'), 'utf8');
    const node = readFileSync(join(folder, 'node.yaml'), 'utf8');
    // Not the static Pod manifest ($schedulerconf) but the file --config names; the kubelet's falls back to $kubeletconf.
    expect(master).not.toContain('$schedulerconf');
    expect(master).toContain("grep $schedulerbin | grep -v grep | sed -n 's%.*--config[= ]");
    expect(node).toContain('if test -z "$F"; then F=$kubeletconf; fi');
    const back = readKubeBenchFolder(folder).benchmark;
    for (const [id, { c }] of byId(original)) expect(byId(back).get(id)?.c.checks, id).toEqual(c.checks);

    const release = shippedRelease('1.34');
    const plain = kubeadmNode(release);
    // kubeadm runs the scheduler without --config; here it is given a file.
    const withScheduler = kubeadmNode(release, {
      ...noChanges,
      extraArgs: { 'kube-scheduler': [['config', '/etc/kubernetes/scheduler-config.yaml']] },
    });
    const file = (path: string, text: string): [string, NodeEntry] => [
      path,
      { path, type: 'file', mode: '600', owner: 'root', group: 'root', read: () => text, shownAs: path },
    ];
    const scheduled = {
      ...withScheduler,
      entries: new Map([
        ...withScheduler.entries,
        file(
          '/etc/kubernetes/scheduler-config.yaml',
          'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: /etc/kubernetes/scheduler.conf\n',
        ),
      ]),
    };
    // The kubelet started with a config file kube-bench's candidates do not list (the last --config wins):
    // $kubeletconf then names its systemd drop-in.
    const moved = '/etc/kubelet/custom-config.yaml';
    const extra = kubeadmNode(release, { ...noChanges, kubeletExtraArgs: [['config', moved]] });
    const relocated = {
      ...extra,
      entries: new Map(
        [...extra.entries].map(([path, e]): [string, NodeEntry] =>
          path === '/var/lib/kubelet/config.yaml' ? [moved, { ...e, path: moved, shownAs: moved }] : [path, e],
        ),
      ),
    };
    const statuses = (b: Benchmark, n: NodeBundle, semantics: 'kube-bench' | 'effective') =>
      Object.fromEntries(evaluateBenchmark(b, n, release, { semantics }).results.map((x) => [x.controlId, x.status]));
    const seen: Record<string, Record<string, string>> = {};
    for (const [name, n] of Object.entries({ plain, scheduled, relocated })) {
      seen[name] = statuses(back, n, 'kube-bench');
      const effective = statuses(original, n, 'effective');
      // Without --config the scheduler has no file: kube-bench sees nothing, where the flag gives the value.
      if (name !== 'scheduled') delete effective['1.1'];
      expect(seen[name], name).toMatchObject(effective);
    }
    expect(seen).toEqual({
      plain: { '1.1': 'FAIL', '4.1': 'PASS' },
      scheduled: { '1.1': 'PASS', '4.1': 'PASS' },
      relocated: { '1.1': 'FAIL', '4.1': 'PASS' },
    });
  });

  it.each(['1.34', '1.36'])(
    "cis-1.12's draft for %s: 1.4.1 read where the scheduler holds the setting, its export replays as the component runs",
    async (v) => {
      const work = mkdtempSync(join(tmpdir(), 'bw-141-'));
      const draftFile = join(work, 'draft.yaml');
      const d = await run(['draft', 'cis-1.12', '--release', v, '--installer', 'kubeadm', '--out', draftFile]);
      expect(d.code, d.stderr).toBe(0);
      const drafted = loadBenchmark(draftFile).benchmark;
      const back = readKubeBenchFolder(writeExport(drafted)).benchmark;
      const release = shippedRelease(v);
      const file = (path: string, text: string): [string, NodeEntry] => [
        path,
        { path, type: 'file', mode: '600', owner: 'root', group: 'root', read: () => text, shownAs: path },
      ];
      const withFile = (profiling: boolean) => {
        const n = kubeadmNode(release, {
          ...noChanges,
          extraArgs: {
            'kube-scheduler': [
              ['config', '/etc/kubernetes/scheduler-config.yaml'],
              ['profiling', 'false'],
            ],
          },
        });
        const text = `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nenableProfiling: ${profiling}\n`;
        return { ...n, entries: new Map([...n.entries, file('/etc/kubernetes/scheduler-config.yaml', text)]) };
      };
      const nodes: Record<string, NodeBundle> = {
        plain: kubeadmNode(release),
        flag: kubeadmNode(release, { ...noChanges, extraArgs: { 'kube-scheduler': [['profiling', 'false']] } }),
        // --profiling=false on the command line is ignored once --config names a file that turns profiling on.
        fileOn: withFile(true),
        fileOff: withFile(false),
      };
      const status = (b: Benchmark, n: NodeBundle, semantics: 'kube-bench' | 'effective') =>
        evaluateBenchmark(b, n, release, { semantics, controls: ['1.4.1'] }).results[0].status;
      const seen = Object.fromEntries(
        Object.entries(nodes).map(([k, n]) => [
          k,
          [status(drafted, n, 'effective'), status(drafted, n, 'kube-bench'), status(back, n, 'kube-bench')],
        ]),
      );
      expect(seen).toEqual({
        plain: ['FAIL', 'FAIL', 'FAIL'],
        flag: ['PASS', 'PASS', 'PASS'],
        fileOn: ['FAIL', 'FAIL', 'FAIL'],
        fileOff: ['PASS', 'PASS', 'PASS'],
      });
      // The allow-lists of 5.2.2 and 5.2.5 go into the exported kubectl audits: where kube-bench's kubectl
      // can read the cluster it exempts the named workloads, as the draft's effective reading does.
      const node = kubeadmNode(release);
      for (const id of ['5.2.2', '5.2.5']) {
        const eff = evaluateBenchmark(drafted, node, release, { controls: [id] }).results[0];
        const kb = evaluateBenchmark(back, node, release, { semantics: 'kube-bench', controls: [id] }).results[0];
        expect(back.sections.flatMap((x) => x.controls).find((c) => c.id === id)?.allowList?.length, id).toBe(
          drafted.sections.flatMap((x) => x.controls).find((c) => c.id === id)?.allowList?.length,
        );
        expect([eff.status, kb.withKubectl?.status], id).toEqual(['PASS', 'PASS']);
        expect(kb.withKubectl?.exempted, id).toEqual(eff.exempted);
      }
      // The drafted etcd data-dir owner (etcd:etcd or root:root) reads the running etcd's --data-dir,
      // as the source audit does: kubeadm's /var/lib/etcd, not $etcddatadir's default (a reviewer's
      // finding: the export failed every compliant kubeadm node).
      const owner = (b: Benchmark, semantics: 'kube-bench' | 'effective') =>
        evaluateBenchmark(b, node, release, { semantics, controls: ['1.1.12'] }).results[0].status;
      expect([owner(drafted, 'effective'), owner(drafted, 'kube-bench'), owner(back, 'kube-bench')]).toEqual([
        'PASS',
        'PASS',
        'PASS',
      ]);
    },
  );

  it('is byte-identical across runs and replaces only an export nobody edited', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-export-again-'));
    writeFileSync(join(work, 'mine.yaml'), mine);
    await run(['export', 'kube-bench', 'mine.yaml', '--out', 'cfg'], work);
    const first = readFileSync(join(work, 'cfg', 'mine', 'master.yaml'), 'utf8');
    expect((await run(['export', 'kube-bench', 'mine.yaml', '--out', 'cfg'], work)).code).toBe(0);
    expect(readFileSync(join(work, 'cfg', 'mine', 'master.yaml'), 'utf8')).toBe(first);
    writeFileSync(
      join(work, 'cfg', 'mine', 'node.yaml'),
      `${readFileSync(join(work, 'cfg', 'mine', 'node.yaml'), 'utf8')}# mine\n`,
    );
    const r = await run(['export', 'kube-bench', 'mine.yaml', '--out', 'cfg'], work);
    expect([r.code, r.stderr]).toEqual([
      2,
      'cfg: holds files benchwright did not write or that were edited since (mine/node.yaml), expected a new or empty folder or an earlier export (--force replaces it)\n',
    ]);
    expect(readFileSync(join(work, 'cfg', 'mine', 'node.yaml'), 'utf8')).toMatch(/# mine\n$/);
    expect((await run(['export', 'kube-bench', 'mine.yaml', '--out', 'cfg', '--force'], work)).code).toBe(0);
    expect(readFileSync(join(work, 'cfg', 'mine', 'node.yaml'), 'utf8')).not.toContain('# mine');
  });

  it('refuses an --out that is a file or a folder of something else, an unknown scanner, and an id that cannot name a folder', async () => {
    const work = mkdtempSync(join(tmpdir(), 'bw-export-bad-'));
    writeFileSync(join(work, 'mine.yaml'), mine);
    writeFileSync(join(work, 'taken'), 'x');
    mkdirSync(join(work, 'other'));
    writeFileSync(join(work, 'other', 'notes.txt'), 'mine');
    const cases: Array<[string[], string]> = [
      [
        ['export', 'kube-bench', 'mine.yaml', '--out', 'taken'],
        'taken: is a file, expected a folder for the kube-bench cfg/ files\n',
      ],
      [['export', 'trivy', 'mine.yaml', '--out', 'x'], "trivy: unknown scanner 'trivy', expected kube-bench\n"],
      [
        ['export', 'kube-bench', 'mine.yaml', '--out', 'taken/cfg/x'],
        'taken/cfg/x: a part of the path is a file, not a folder, expected a folder for the kube-bench cfg/ files\n',
      ],
      [
        ['export', 'kube-bench', 'mine.yaml', '--out', 'other'],
        'other: holds files benchwright did not write or that were edited since (notes.txt), expected a new or empty folder or an earlier export (--force replaces it)\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await run(args, work);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, stderr]);
    }
    expect(existsSync(join(work, 'x'))).toBe(false);
    expect(readFileSync(join(work, 'other', 'notes.txt'), 'utf8')).toBe('mine');
    // The folder name comes from the benchmark: the schema allows no path in an id, and a kube-bench source path is cut to its last part.
    const escaping = parseBenchmark(
      mine
        .replace('source: { format: benchwright', 'source: { format: kube-bench')
        .replace('path: mine.yaml', 'path: ../../etc'),
      'x.yaml',
    ).value!;
    expect(exportKubeBench(escaping).folder).toBe('etc');
    const dots = { ...escaping, source: { format: 'kube-bench' as const, path: '..' } };
    expect(exportKubeBench(dots).folder).toBe('mine');
  });
});
