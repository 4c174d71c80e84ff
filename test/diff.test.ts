import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchmark } from '../src/ingest/native.js';
import { loadBenchmark, shippedIds } from '../src/ingest/load.js';
import { diffBenchmarks, type BenchmarkDiff } from '../src/diff/benchmark-diff.js';
import { featuresOf } from '../src/diff/features.js';
import { matchFeatures } from '../src/diff/match.js';
import { orderBenchmarks } from '../src/diff/order.js';
import { buildLineage, idRuns, lineageOf } from '../src/diff/lineage.js';
import { buildShippedLineage } from '../src/diff/shipped.js';
import { repoRoot } from '../src/paths.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

const shipped = (id: string) => loadBenchmark(id).benchmark;
const json = async (args: string[]) => {
  const r = await run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('version order', () => {
  it('follows the Kubernetes releases each version targets, not the version string', () => {
    const order = orderBenchmarks(shippedIds().map(shipped)).map((b) => b.id);
    expect(order.indexOf('cis-1.6')).toBeLessThan(order.indexOf('cis-1.20'));
    expect(order.slice(order.indexOf('cis-1.5'))).toEqual([
      'cis-1.5',
      'cis-1.6',
      'cis-1.20',
      'cis-1.23',
      'cis-1.24',
      'cis-1.7',
      'cis-1.8',
      'cis-1.9',
      'cis-1.10',
      'cis-1.11',
      'cis-1.12',
      // The CIS Docker Benchmark versions follow, by the Docker release they target.
      'docker-cis-1.0',
      'docker-cis-1.1',
      'docker-cis-1.2',
      'docker-cis-1.3.1',
      'docker-cis-1.6.0',
    ]);
    expect(order[0]).toBe('cis-1.0');
  });
});

describe('lineage', () => {
  // The shipped CIS Kubernetes versions (the CIS Docker ones have a lineage of their own).
  const generic = () =>
    shippedIds()
      .map(shipped)
      .filter((b) => b.variant === 'generic');
  const table = buildLineage(generic());
  const runsOf = (b: string, id: string) => idRuns(lineageOf(table, b, id)!).map((r) => `${r.id} ${r.from}..${r.to}`);

  it('follows kubelet tls-cert-file from 1.3 through 2.1.10, 4.2.10 and 4.2.9', () => {
    const runs = runsOf('cis-1.4', '2.1.10');
    const at = runs.indexOf('2.1.10 cis-1.4..cis-1.4');
    expect(at).toBeGreaterThan(0);
    expect(runs[at - 1]).toMatch(/ cis-1\.\d\.\.cis-1\.3$/);
    expect(runs.slice(at + 1)).toEqual(['4.2.10 cis-1.5..cis-1.24', '4.2.9 cis-1.7..cis-1.12']);
  });

  it('continues API server anonymous auth 1.1.1 as 1.2.1', () => {
    expect(runsOf('cis-1.4', '1.1.1').slice(-2)).toEqual(['1.1.1 cis-1.2..cis-1.4', '1.2.1 cis-1.5..cis-1.12']);
  });

  it('ends --insecure-port after CIS 1.20', () => {
    const l = lineageOf(table, 'cis-1.6', '1.2.19')!;
    expect(l.steps.at(-1)?.benchmark).toBe('cis-1.20');
    expect(l.removedIn).toBe('cis-1.23');
  });

  it('is shipped up to date in data/lineage.json (npm run data rewrites it)', () => {
    const [rel, text] = buildShippedLineage(shippedIds().map(shipped));
    expect(readFileSync(join(repoRoot, rel), 'utf8')).toBe(text);
  });

  it('puts every control of every version in exactly one lineage', () => {
    const seen = new Map<string, number>();
    for (const l of table.lineages)
      for (const s of l.steps) seen.set(`${s.benchmark}:${s.id}`, (seen.get(`${s.benchmark}:${s.id}`) ?? 0) + 1);
    const total = generic().reduce((n, b) => n + b.sections.reduce((m, s) => m + s.controls.length, 0), 0);
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('prints the chain on the command line and as JSON', async () => {
    const r = await run(['lineage', 'cis-1.4:2.1.10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4.2.10    cis-1.5 … cis-1.24');
    const j = (await json(['lineage', 'cis-1.6:1.2.19', '--format', 'json'])).lineages[0];
    expect(j.removedIn).toBe('cis-1.23');
    expect(j.steps.map((s: { id: string }) => s.id)).toContain('1.2.18');
  });

  it('writes the whole table with --all, one column per version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-lineage-'));
    const r = await run(['lineage', '--all', '--format', 'markdown', '--out', join(dir, 'lineage.md')]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'lineage.md'), 'utf8');
    expect(md.split('\n').find((l) => l.startsWith('| cis-1.0'))).toContain(
      '| cis-1.20 | cis-1.23 | cis-1.24 | cis-1.7 |',
    );
    expect(md.split('\n').filter((l) => l.startsWith('|')).length).toBe(table.lineages.length + 2);
  });

  it('rejects a control that is not in the benchmark with one line and exit 2', async () => {
    const r = await run(['lineage', 'cis-1.4:9.9.9']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no control 9\.9\.9 in cis-1\.4/);
  });
});

describe('diff of shipped versions', () => {
  it('reports a shifted block of cis-1.6 → cis-1.20 as renumbering and --basic-auth-file as removed', async () => {
    const d: BenchmarkDiff = await json(['diff', 'cis-1.6', 'cis-1.20', '--format', 'json']);
    expect(d.runs).toContainEqual({
      from: { first: '1.2.3', last: '1.2.35' },
      to: { first: '1.2.2', last: '1.2.34' },
      controls: 33,
    });
    expect(d.removed.map((r) => r.title)).toEqual(['kube-apiserver --basic-auth-file is not set']);
    expect(d.summary.renumbered).toBe(33);
    expect(d.pairs.find((p) => p.from === '1.2.19')?.to).toBe('1.2.18');
  });

  it('reports --insecure-port and the PodSecurityPolicy plugin as removed after cis-1.20', () => {
    const d = diffBenchmarks(shipped('cis-1.20'), shipped('cis-1.23'));
    const removed = d.removed.map((r) => r.title).join('\n');
    expect(removed).toContain('--insecure-port');
    expect(removed).toContain('admission plugin PodSecurityPolicy is enabled');
    expect(d.merges).toEqual([]);
  });

  it('reports the sections of cis-1.4 that moved in cis-1.5 as section moves', () => {
    const d = diffBenchmarks(shipped('cis-1.4'), shipped('cis-1.5'));
    expect(d.sections).toEqual(
      expect.arrayContaining([
        { from: '1.1', to: '1.2', controls: 34 },
        { from: '2.1', to: '4.2', controls: 13 },
      ]),
    );
    expect(d.pairs.find((p) => p.from === '2.1.10')).toMatchObject({
      to: '4.2.10',
      renumbered: true,
      match: { reason: 'same-checks', confidence: 'high' },
    });
  });

  it('never reports as removed and added two controls that check exactly the same thing', () => {
    const order = orderBenchmarks(shippedIds().map(shipped));
    for (let i = 1; i < order.length; i++) {
      const m = matchFeatures(featuresOf(order[i - 1]), featuresOf(order[i]));
      const sig = (f: (typeof m.added)[number]) =>
        f.checkKeys
          .map((k) => [...k].sort().join('|'))
          .sort()
          .join('+') +
        ' ' +
        f.checkOps.slice().sort().join('+');
      const added = new Set(m.added.filter((f) => f.keys.size).map(sig));
      const both = m.removed.filter((f) => f.keys.size && added.has(sig(f))).map((f) => f.control.id);
      expect(both, `${order[i - 1].id} → ${order[i].id}`).toEqual([]);
    }
  });

  it('renders markdown for a pull request: summary table first, renumbering, sections per change', async () => {
    const r = await run(['diff', 'cis-1.24', 'cis-1.7', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('## cis-1.24 → cis-1.7');
    expect(lines.findIndex((l) => l.startsWith('| renumbered'))).toBeLessThan(lines.indexOf('### Changed'));
    expect(r.stdout).toContain('| `4.2.13` | `4.2.12` |');
    expect(r.stdout).toContain('### 1.2.3 ');
    await expect(r.stdout).toMatchFileSnapshot('golden/diff-cis-1.24-cis-1.7.md');
  });

  it('is byte-identical across runs', async () => {
    const a = await run(['diff', 'cis-1.4', 'cis-1.5', '--format', 'json']);
    const b = await run(['diff', 'cis-1.4', 'cis-1.5', '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('split and merge', () => {
  const doc = (controls: string) => `id: t
title: t
version: "1"
kubernetes: ["1.30"]
variant: generic
source: { format: benchwright, path: t.yaml }
sections:
  - id: "1"
    title: s
    target: master
    controls:
${controls}`;
  const control = (id: string, flags: string[]) => `      - id: "${id}"
        title: c ${id}
        assessment: automated
        scored: true
        checks:
${flags.map((f) => `          - subjects: [{ kind: flag, component: kube-apiserver, flag: ${f} }]\n            op: present`).join('\n')}
`;
  const parse = (t: string) => parseBenchmark(t, 't.yaml').value!;

  it('finds one control checking two flags split into two controls, and back', () => {
    const one = parse(doc(control('1.1', ['--a']) + control('1.2', ['--tls-cert-file', '--tls-private-key-file'])));
    const two = parse(
      doc(control('1.1', ['--a']) + control('1.2', ['--tls-cert-file']) + control('1.3', ['--tls-private-key-file'])),
    );
    const split = diffBenchmarks(one, two);
    expect(split.splits).toEqual([{ from: '1.2', into: ['1.2', '1.3'] }]);
    expect(split.added).toEqual([]);
    const merge = diffBenchmarks(two, one);
    expect(merge.merges).toEqual([{ from: ['1.2', '1.3'], into: '1.2' }]);
    expect(merge.removed).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)('draft workflow on full text', () => {
  it('diffs an edited copy as exactly its renumbered control and its changed remediation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-draft-'));
    const published = join(dir, 'cis-1.6.yaml');
    expect(
      (await run(['import', 'kube-bench', join(kubeBenchCfg, 'cis-1.6'), '--out', published, '--quiet'])).code,
    ).toBe(0);
    const text = readFileSync(published, 'utf8');
    const { file, value } = parseBenchmark(text, published);
    const controls = value!.sections.flatMap((s) => s.controls);
    const moved = controls.find((c) => c.id === '4.2.10')!;
    const edited = controls.find((c) => c.id === '1.2.1' && c.remediation)!;
    expect(
      file.setControlField(
        edited.id,
        'remediation',
        edited.remediation + '\nAlso review the health probe configuration.',
      ),
    ).toBe(true);
    expect(file.setControlField(moved.id, 'id', '4.2.99')).toBe(true);
    const draft = join(dir, 'draft.yaml');
    writeFileSync(draft, file.toString());

    const d: BenchmarkDiff = await json(['diff', published, draft, '--format', 'json']);
    expect(d.summary).toEqual({
      added: 0,
      removed: 0,
      renumbered: 1,
      changed: 1,
      unchanged: controls.length - 2,
      splits: 0,
      merges: 0,
    });
    expect(d.pairs.map((p) => [p.from, p.to, p.changes.map((c) => c.field)])).toEqual([
      ['1.2.1', '1.2.1', ['remediation']],
      ['4.2.10', '4.2.99', []],
    ]);
    const words = d.pairs[0].changes[0].words!;
    expect(
      words
        .filter((w) => w.op === '+')
        .map((w) => w.text)
        .join(''),
    ).toContain('health probe configuration');
    expect(words.some((w) => w.op === '-')).toBe(false);

    // The same edit gone wrong: a duplicate id, which validate reports by line.
    file.setControlField('4.2.99', 'id', '4.2.11');
    writeFileSync(draft, file.toString());
    const v = await run(['validate', draft]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/draft\.yaml:\d+:\d+: duplicate control id 4\.2\.11/);
  });

  it('gives the same diff whatever order the kube-bench folder lists its files in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-order-'));
    const src = join(kubeBenchCfg, 'cis-1.20');
    const copy = join(dir, 'cis-1.20');
    cpSync(join(kubeBenchCfg, 'config.yaml'), join(dir, 'config.yaml'));
    for (const f of readdirSync(src).sort().reverse()) cpSync(join(src, f), join(copy, f));
    const a = await run(['diff', 'cis-1.6', src, '--format', 'json']);
    const b = await run(['diff', 'cis-1.6', copy, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(b.stdout.replaceAll(copy, src)).toBe(a.stdout);
  });
});
