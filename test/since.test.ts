// check and matrix --since: the findings that appeared or went away from an earlier release, each
// with the release change that caused it (shipped data; no corpus needed).
import { describe, expect, it } from 'vitest';
import type { Cause, SinceDelta } from '../src/diff/since.js';
import { run } from './helpers.js';

const json = async (args: string[]) => {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(0);
  // One result per checked release; these tests check one.
  const out = JSON.parse(r.stdout) as { results: Array<{ since: SinceDelta; findings: unknown[] }> };
  expect(out.results).toHaveLength(1);
  return out.results[0];
};
const refs = (c: Cause) => c.evidence.map((e) => e.ref);

describe('check --since', () => {
  it("names the 1.36 audit-log defaults (PR 136478) as what turns kubeadm's missing flags into satisfied defaults", async () => {
    const r = await json([
      'check',
      'cis-1.12',
      '--release',
      '1.36',
      '--installer',
      'kubeadm',
      '--since',
      '1.34',
      '--format',
      'json',
    ]);
    expect(r.since.release).toBe('1.34');
    const appeared = r.since.appeared.find((e) => e.finding.controlId === '1.2.17');
    expect(appeared?.finding.category).toBe('default-satisfies');
    expect(appeared?.causes).toEqual([
      expect.objectContaining({
        release: '1.36',
        area: 'flag',
        name: '--audit-log-maxage',
        change: 'default-changed',
        to: '366',
      }),
    ]);
    expect(refs(appeared!.causes[0])).toContain('kubernetes/kubernetes#136478');
    const gone = r.since.resolved.find((e) => e.finding.controlId === '1.2.17');
    expect(gone?.finding.category).toBe('installer-not-default');
    // Every entry is a finding the one release has and the other lacks.
    const later = new Set(
      (r.findings as Array<{ controlId: string; category: string }>).map((f) => `${f.controlId} ${f.category}`),
    );
    for (const e of r.since.appeared) expect(later.has(`${e.finding.controlId} ${e.finding.category}`)).toBe(true);
    for (const e of r.since.resolved) expect(later.has(`${e.finding.controlId} ${e.finding.category}`)).toBe(false);
  });

  it('gives a removal its removal note and a kubeadm change its own record, release by release', async () => {
    const r = await json([
      'check',
      'cis-1.4',
      '--release',
      '1.25',
      '--installer',
      'kubeadm',
      '--since',
      '1.13',
      '--format',
      'json',
    ]);
    const psp = r.since.appeared.find((e) => e.finding.controlId === '1.1.24' && e.finding.category === 'removed')!;
    expect(psp.causes.map((c) => `${c.release} ${c.change} ${c.area}`)).toEqual([
      '1.21 deprecated plugin',
      '1.25 removed plugin',
    ]);
    const port = r.since.appeared.find((e) => e.finding.controlId === '1.1.6' && e.finding.category === 'removed')!;
    expect(port.causes.map((c) => `${c.release} ${c.change} ${c.area}`)).toEqual([
      '1.20 inert flag',
      '1.22 removed kubeadm',
      '1.24 removed flag',
    ]);
    expect(refs(port.causes[2])).toContain('kubernetes/kubernetes#106859');
  });

  it('names the release change behind each finding, in text and markdown', async () => {
    const args = ['check', 'cis-1.12', '--release', '1.36', '--installer', 'kubeadm', '--since', '1.34'];
    const text = (await run(args)).stdout;
    expect(text).toContain('since Kubernetes 1.34 (to 1.36): 2 findings appeared, 2 went away');
    expect(text).toMatch(
      // The flag's default went from none printed (0: no file removed by age) to 366 in 1.36 (PR 136478).
      // (--audit-log-maxsize is not here: its 0 was already read as 100 MB before 1.36.)
      /\+ 1\.2\.17 +default-satisfies +kube-apiserver --audit-log-maxage\n +caused by 1\.36: default-changed flag kube-apiserver --audit-log-maxage \(- → 366\).*#136478/,
    );
    const md = (await run([...args, '--format', 'markdown'])).stdout;
    expect(md).toContain('### Since Kubernetes 1.34 (to 1.36): 2 findings appeared, 2 went away');
    expect(md).toContain('[kubernetes/kubernetes#136478](https://github.com/kubernetes/kubernetes/pull/136478)');
  });

  it.each([
    [
      ['--since', '1.36'],
      /^--since: 1\.36 is not before the checked release 1\.36, expected an earlier release such as 1\.35$/,
    ],
    [['--since', '1.99'], /^--since: no shipped release 1\.99/],
    [['--since', '1.34', '--format', 'sarif'], /^--since: applies to text, json and markdown/],
  ])('%j is an input error', async (more, message) => {
    const r = await run(['check', 'cis-1.12', '--release', '1.36', ...more]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('matrix --since', () => {
  it('counts what appeared and went away in each later cell and lists it with its causes', async () => {
    const args = [
      'matrix',
      '--benchmarks',
      'cis-1.12',
      '--all',
      '--releases',
      '1.33..1.36',
      '--installer',
      'kubeadm',
      '--since',
      '1.34',
    ];
    const { rows } = JSON.parse((await run([...args, '--format', 'json'])).stdout) as {
      rows: Array<{ release: string; since?: SinceDelta }>;
    };
    expect(rows.map((r) => [r.release, r.since?.appeared.length, r.since?.resolved.length])).toEqual([
      ['1.33', undefined, undefined],
      ['1.34', undefined, undefined],
      ['1.35', 0, 0],
      ['1.36', 2, 2],
    ]);
    const text = (await run(args)).stdout;
    expect(text).toMatch(/^cis-1\.12 +1\.12 +\d+\* +\d+\* +\d+ \(\+0 -0\) +\d+ \(\+2 -2\)$/m);
    expect(text).toContain('cis-1.12 on 1.36, since Kubernetes 1.34 (to 1.36): 2 findings appeared, 2 went away');
  });
});
