import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchmark } from '../src/ingest/native.js';
import { buildShippedBenchmarks } from '../src/ingest/shipped.js';
import { repoRoot } from '../src/paths.js';
import { corpus, hasCorpus, run } from './helpers.js';

const shipped = join(repoRoot, 'benchmarks', 'cis-1.4.yaml');

const minimal = `# yaml-language-server: $schema=../schema/benchmark.schema.json
id: draft
title: Draft # a comment that must survive
version: 0.1.0
kubernetes: [ "1.30" ]
variant: generic
source: { format: benchwright, path: draft.yaml }
sections:
  - id: "1"
    title: API server
    target: master
    controls:
      - id: "1.10"
        title: anonymous auth off
        assessment: automated
        scored: true
        checks:
          - subjects:
              - { kind: flag, component: kube-apiserver, flag: --anonymous-auth }
            op: eq
            value: "false"
`;

describe('our YAML format', () => {
  it('saves an unchanged file byte-identically', () => {
    const text = readFileSync(shipped, 'utf8');
    const { value, file, problems } = parseBenchmark(text, shipped);
    expect(problems).toEqual([]);
    expect(value?.id).toBe('cis-1.4');
    expect(file.toString()).toBe(text);
  });

  it('keeps comments and key order when a control is edited through the API', () => {
    const { file, value } = parseBenchmark(minimal, 'draft.yaml');
    expect(value?.sections[0].controls[0].id).toBe('1.10');
    expect(file.setControlField('1.10', 'title', 'anonymous auth is off')).toBe(true);
    const out = file.toString();
    expect(out).toContain('# a comment that must survive');
    expect(out).toContain('# yaml-language-server: $schema=');
    expect(out.replace('anonymous auth is off', 'anonymous auth off')).toBe(minimal);
  });

  it('reports each problem with file:line:col and what was expected', () => {
    const bad = minimal
      .replace('target: master', 'target: master\n    colour: blue')
      .replace('scored: true', 'scored: yes please')
      .replace('component: kube-apiserver', 'component: kube-apiservr')
      .replace('op: eq', 'op: equals');
    const { problems, value } = parseBenchmark(bad, 'draft.yaml');
    expect(value).toBeUndefined();
    const lines = problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^12:5: unknown key 'colour'/),
      expect.stringMatching(
        /^17:17: wrong type for sections\[0\]\.controls\[0\]\.scored: found 'yes please', expected boolean/,
      ),
      expect.stringMatching(/^20:42: unknown value 'kube-apiservr' for .*component, expected one of kube-apiserver/),
      expect.stringMatching(/^21:17: unknown value 'equals' for .*op, expected one of eq, noteq/),
    ]);
  });

  it('names a missing key and points at the map that lacks it', () => {
    const { problems } = parseBenchmark(minimal.replace('        title: anonymous auth off\n', ''), 'draft.yaml');
    expect(problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      '13:9: missing title in sections[0].controls[0], expected a string',
    ]);
  });

  it('rejects duplicate control ids with both positions', () => {
    const dup = minimal + minimal.slice(minimal.indexOf('      - id: "1.10"'));
    const { problems } = parseBenchmark(dup, 'draft.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^duplicate control id 1\.10 \(first at line 13\)/);
  });
});

describe('bad input on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bad-'));
  const write = (name: string, text: string | Buffer) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it.each([
    ['malformed YAML', () => write('broken.yaml', 'id: [unclosed\n  title: x\n'), /broken\.yaml:\d+:\d+: invalid YAML/],
    [
      'wrong types',
      () =>
        write(
          'types.yaml',
          'id: x\ntitle: 3\nversion: 1\nkubernetes: nope\nvariant: generic\nsource: {format: benchwright, path: x}\nsections: []\n',
        ),
      /types\.yaml:4:13: wrong type for kubernetes/,
    ],
    [
      'a 10 MB file',
      () => write('big.yaml', Buffer.alloc(10 * 1024 * 1024, 'a')),
      /big\.yaml: is 10\.0 MB, expected a benchmark under/,
    ],
    [
      'a YAML alias bomb',
      () =>
        write(
          'bomb.yaml',
          'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
        ),
      /bomb\.yaml:\d+:\d+: .*alias/i,
    ],
  ])('%s: one clear line, exit 2, no stack trace', async (_what, make, expected) => {
    const file = make();
    const started = Date.now();
    const r = await run(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a folder with no benchmark', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    for (const args of [
      ['import', 'kube-bench', empty],
      ['show', empty],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/no benchmark/);
    }
  });

  it('an unknown shipped id names the ones that exist', async () => {
    const r = await run(['show', 'cis-9.9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cis-9\.9: no such benchmark, expected a shipped id \(cis-1\.0, /);
  });
});

describe('CLI on shipped data', () => {
  it('list names every shipped benchmark with its Kubernetes versions', async () => {
    const r = await run(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { benchmarks: Array<{ id: string; kubernetes: string[] }> }).benchmarks;
    expect(rows.find((x) => x.id === 'cis-1.4')?.kubernetes).toEqual(['1.13', '1.14']);
    expect(rows.find((x) => x.id === 'cis-1.12')?.kubernetes).toEqual(['1.32', '1.33', '1.34']);
    // 16 CIS Kubernetes versions and 5 CIS Docker versions.
    expect(rows).toHaveLength(21);
    expect(rows.find((x) => x.id === 'docker-cis-1.1')).toMatchObject({ kubernetes: [], docker: ['17.06'] });
  });

  it('show --control --format json gives the semantic checks', async () => {
    const r = await run(['show', 'cis-1.4', '--control', '2.1.10', '--format', 'json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout).benchmark.sections[0].controls[0];
    expect(c.id).toBe('2.1.10');
    expect(c.checks[0].subjects).toEqual([
      { kind: 'flag', component: 'kubelet', flag: '--tls-cert-file' },
      { kind: 'config', component: 'kubelet', path: 'tlsCertFile' },
    ]);
    expect(c.titleGenerated).toBe(true);
  });
});

describe.skipIf(!hasCorpus)('shipped data (corpus)', () => {
  it('benchmarks/ and schema/ equal a fresh facts-only conversion', () => {
    for (const [rel, text] of buildShippedBenchmarks(corpus)) {
      expect(readFileSync(join(repoRoot, rel), 'utf8'), rel).toBe(text);
    }
  });

  it('import --out then validate round-trips a kube-bench folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bw-imp-')), 'x.yaml');
    const imp = await run([
      'import',
      'kube-bench',
      join(corpus, 'kube-bench', 'cfg', 'cis-1.7'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/^cis-1\.7: 131 controls, \d+ checks .*% of automated checks classified/);
    const v = await run(['validate', out]);
    expect(v.code).toBe(0);
  });
});
