import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { casesOf } from '../src/evaluate/cases.js';
import { loadBenchmark } from '../src/ingest/load.js';
import { run } from './helpers.js';

describe('per-control test cases (benchwright test)', () => {
  it('passes every shipped case of cis-1.12, one or more for each automated control', async () => {
    const r = await run(['test', 'cis-1.12', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.failed).toBe(0);
    const b = loadBenchmark('cis-1.12').benchmark;
    const automated = b.sections.flatMap((s) =>
      s.controls.filter((c) => c.assessment === 'automated').map((c) => c.id),
    );
    const covered = new Set(out.cases.map((c: { controlId: string }) => c.controlId));
    expect(automated.filter((id) => !covered.has(id))).toEqual([]);
    // Every automated control has a case that passes and one that does not.
    for (const id of automated) {
      const got = out.cases
        .filter((c: { controlId: string; semantics: string }) => c.controlId === id && c.semantics === 'effective')
        .map((c: { expected: string }) => c.expected);
      expect(new Set(got).size, id).toBeGreaterThan(1);
    }
  });

  it("passes the seed's cases on cis-1.4", async () => {
    const r = await run(['test', 'cis-1.4']);
    expect([r.code, r.stdout]).toEqual([0, 'cis-1.4: 62 cases on 28 controls, 62 passed, 0 failed\n']);
  });

  it('runs the cases a control of our format carries, exits 1 on a failing one and says which and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cases-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(
      file,
      [
        'id: mine',
        'title: My draft',
        'version: "0.1"',
        'kubernetes: ["1.34"]',
        'variant: generic',
        'source: { format: benchwright, path: mine.yaml }',
        'sections:',
        '  - id: "1"',
        '    title: API server',
        '    target: master',
        '    controls:',
        '      - id: "1.1"',
        '        title: Profiling is off',
        '        assessment: automated',
        '        scored: true',
        '        checks:',
        '          - subjects: [{ kind: flag, component: kube-apiserver, flag: --profiling }]',
        '            op: eq',
        '            value: "false"',
        '        cases:',
        '          - { name: kubeadm default, expect: FAIL }',
        '          - { name: wrong on purpose, flags: { kube-apiserver: { --profiling: "false" } }, expect: FAIL }',
        '          - { name: as kube-bench would, semantics: kube-bench, expect: FAIL }',
        '',
      ].join('\n'),
    );
    const r = await run(['test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'FAILED 1.1 "wrong on purpose" (mine 1.1 cases[1], kubeadm@1.34, effective): expected FAIL, got PASS',
        '       kube-apiserver --profiling is false: false [test case]',
        'mine: 3 cases on 1 controls, 2 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('refuses a case file naming a control the benchmark lacks, at its position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cases-'));
    writeFileSync(join(dir, 'cis-1.12.yaml'), 'benchmark: cis-1.12\ncases:\n  "9.9":\n    - { expect: PASS }\n');
    expect(() => casesOf(loadBenchmark('cis-1.12').benchmark, dir)).toThrow(
      'data/cases/cis-1.12.yaml:3:3: no control 9.9 in cis-1.12, expected a control id of that benchmark',
    );
    writeFileSync(join(dir, 'cis-1.12.yaml'), 'benchmark: cis-1.12\ncases:\n  "1.1.1":\n    - { expect: MAYBE }\n');
    expect(() => casesOf(loadBenchmark('cis-1.12').benchmark, dir)).toThrow(
      /data\/cases\/cis-1\.12\.yaml:4:17: unknown value 'MAYBE' for cases\.1\.1\.1\[0\]\.expect, expected PASS or FAIL or WARN or INFO/,
    );
  });
});
