import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchmark } from '../src/ingest/native.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { askedNode } from '../src/review/asked.js';
import { evaluateControl } from '../src/evaluate/evaluate.js';
import { run } from './helpers.js';

// The newest shipped release, and the one after it (not shipped): a release newer than the data.
const newest = shippedReleases().at(-1)!;
const next = `1.${Number(newest.split('.')[1]) + 1}`;
/** the newest shipped release's facts with kube-controller-manager --terminated-pod-gc-threshold gone, as a newer release. */
function newerRelease(dir: string): string {
  const s = JSON.parse(readFileSync(join('data', 'kubernetes', `${newest}.json`), 'utf8'));
  s.release = next;
  s.flags['kube-controller-manager'] = s.flags['kube-controller-manager'].filter(
    (f: { name: string }) => f.name !== 'terminated-pod-gc-threshold',
  );
  writeFileSync(join(dir, `${next}.json`), JSON.stringify(s));
  return join(dir, `${next}.json`);
}

describe('review', () => {
  const work = mkdtempSync(join(tmpdir(), 'bw-review-'));
  const release = newerRelease(work);
  const drafted = run(
    ['draft', 'cis-1.12', '--release', release, '--installer', 'kubeadm', '--out', 'next.yaml'],
    work,
  );
  const review = (...more: string[]) =>
    run(['review', 'cis-1.12', 'next.yaml', '--release', release, '--installer', 'kubeadm', ...more], work);

  it('shows each changed control before → after on the default node and a node configured as it asks', async () => {
    expect((await drafted).code).toBe(0);
    const r = JSON.parse((await review('--format', 'json')).stdout);
    const rows = (id: string) =>
      r.evaluation
        .filter((x: { from: string }) => x.from === id)
        .map((x: { nodeName: string; semantics: { effective: unknown } }) => [x.nodeName, x.semantics.effective]);
    // The serving certificate check now also accepts a requested one (serverTLSBootstrap): kubeadm's
    // node, serving its self-signed certificate, fails before and after; a node that sets it passes.
    expect(rows('4.2.9')).toEqual([
      [`kubeadm@${next}`, { before: 'FAIL', after: 'FAIL' }],
      [`kubeadm@${next} configured as 4.2.9 asks`, { before: 'FAIL', after: 'PASS' }],
    ]);
    // An allow-list the draft wrote applies in evaluation: the workloads it exempts no longer fail the control.
    expect(rows('5.2.2')[0]).toEqual([`kubeadm@${next}`, { before: 'FAIL', after: 'PASS' }]);
    // The flag 1.3.1 checks is gone: the draft removes the control; the rows say how it stood before.
    expect(rows('1.3.1')).toEqual([
      [`kubeadm@${next}`, { before: 'FAIL' }],
      [`kubeadm@${next} configured as 1.3.1 asks`, { before: 'PASS' }],
    ]);
    // A flag the newer release no longer has: no type to go by, so any value.
    const configured = r.evaluation.find((x: { nodeName: string }) => x.nodeName.endsWith('as 1.3.1 asks')).configured;
    expect(configured).toEqual(['kube-controller-manager --terminated-pod-gc-threshold=set-by-review']);
    // Findings: the ones the draft answered are resolved; the one it brings is the kubeadm remediation for the
    // scheduler's profiling restated, now that the check reads the config field beside the flag.
    const resolved = r.findings[0].resolved.map(
      (f: { controlId: string; category: string }) => `${f.controlId} ${f.category}`,
    );
    expect(resolved).toEqual(expect.arrayContaining(['1.3.1 removed', '4.2.9 conflict']));
    expect(
      r.findings[0].introduced.map((f: { controlId: string; category: string }) => `${f.controlId} ${f.category}`),
    ).toEqual(['1.4.1 installer-not-default']);
    expect(r.diff.removed.map((c: { id: string }) => c.id)).toContain('1.3.1');
  });

  it('writes one markdown file for the pull request and one with the details, byte-identical across runs', async () => {
    await drafted;
    const r = await review('--out', 'review');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^review: pull-request\.md and details\.md\ncis-1\.12 → cis-1\.12-draft\n/);
    const pr = readFileSync(join(work, 'review', 'pull-request.md'), 'utf8');
    expect(pr).toContain('## Draft cis-1.12-draft (1.12) from cis-1.12 (1.12)');
    expect(pr).toContain(`| 4.2.9 | kubeadm\\@${next} (default) | FAIL | WARN |`);
    expect(pr).toMatch(
      new RegExp(
        `^\\| 4\\.2\\.9 \\| kubeadm\\\\@${next.replace('.', '\\.')}: kubelet config tlsCertFile: \\S+ \\| FAIL → PASS \\| WARN → PASS \\|$`,
        'm',
      ),
    );
    expect(pr).toContain('### Findings the draft introduced (1)');
    const details = readFileSync(join(work, 'review', 'details.md'), 'utf8');
    expect(details).toContain('## cis-1.12 → cis-1.12-draft');
    expect((await review('--out', 'review')).code).toBe(0);
    expect(readFileSync(join(work, 'review', 'pull-request.md'), 'utf8')).toBe(pr);
    const md = (await review('--format', 'markdown')).stdout;
    expect(md.startsWith(pr.replace(/^<!-- # benchwright-hash: \S+ -->\n/, ''))).toBe(true);
  });

  it('refuses --out with --format, an --out that is a file, and a draft without a shipped release', async () => {
    await drafted;
    writeFileSync(join(work, 'taken'), 'x');
    const mine = `id: mine\ntitle: t\nversion: "1"\nkubernetes: ["1.99"]\nvariant: generic\nsource: { format: benchwright, path: m.yaml }\nsections: []\n`;
    writeFileSync(join(work, 'far.yaml'), mine);
    const cases: Array<[string[], string]> = [
      [
        ['review', 'cis-1.12', 'next.yaml', '--out', 'r', '--format', 'json'],
        '--out: writes markdown files, expected either --out DIR or --format\n',
      ],
      [['review', 'cis-1.12', 'next.yaml', '--out', 'taken'], 'taken: is a file, expected a folder for the review\n'],
      [
        ['review', 'cis-1.12', 'far.yaml'],
        'far.yaml: targets Kubernetes 1.99, none of which is shipped; expected --release VERSION or a snapshot file\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await run(args, work);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, stderr]);
    }
    expect(existsSync(join(work, 'r'))).toBe(false);
  });
});

describe('a node configured as a control asks', () => {
  const release = shippedRelease('1.34');
  const control = (yaml: string) =>
    parseBenchmark(
      `id: m\ntitle: t\nversion: "1"\nkubernetes: ["1.34"]\nvariant: generic\nsource: { format: benchwright, path: m.yaml }\nsections:\n  - id: "1"\n    title: s\n    target: master\n    controls:\n${yaml}`,
      'm.yaml',
    ).value!;

  it('sets flags, config fields, admission plugins and file modes so that the control passes', () => {
    const b = control(`      - id: "1.1"
        title: a
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --profiling }]
            op: eq
            value: "false"
          - subjects: [{ kind: admission-plugin, plugin: AlwaysPullImages, state: enabled }]
            op: present
          - subjects: [{ kind: file, role: kube-apiserver manifest, attribute: mode }]
            op: bitmask
            value: "600"
          - subjects: [{ kind: config, component: kubelet, path: readOnlyPort }, { kind: flag, component: kubelet, flag: --read-only-port }]
            op: eq
            value: "0"
          - subjects: [{ kind: api-object, resource: Pod, field: spec.hostNetwork }]
            op: noteq
            value: "true"
`);
    const node = kubeadmNode(release);
    const [s] = b.sections;
    const c = s.controls[0];
    const asked = askedNode(c, node, release);
    expect(asked.changes).toEqual([
      'kube-apiserver --profiling=false',
      'kube-apiserver --enable-admission-plugins=NodeRestriction,AlwaysPullImages',
      'kube-apiserver manifest mode 600',
      'kubelet config readOnlyPort: 0',
    ]);
    expect(asked.unmet).toEqual(['api-object']);
    const without = { ...c, checks: c.checks.slice(0, 4) };
    expect(evaluateControl(b, s, without, node, release, 'effective').status).toBe('FAIL');
    expect(evaluateControl(b, s, without, asked.bundle, release, 'effective').status).toBe('PASS');
  });
});
