import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import recommended from 'remark-preset-lint-recommended';
import { parse } from 'yaml';
import { planFiles } from '../src/cli/proposals.js';
import { fileNames, safeStem } from '../src/propose/file-names.js';
import { parseMarkdown, walk } from '../src/k8s/extract/markdown.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const frontMatter = (text: string) => parse(text.split('---\n')[1]) as Record<string, unknown>;

async function lint(text: string): Promise<string[]> {
  const file = await remark().use(remarkFrontmatter).use(remarkGfm).use(recommended).process(text);
  return file.messages.map((m) => `${m.line}:${m.column} ${m.reason} (${m.ruleId})`);
}

describe('the seed case (cis-1.4 on its releases with kubeadm)', async () => {
  const { files } = await planFiles('cis-1.4', { installer: 'kubeadm' }, repoRoot);
  const byName = new Map(files.map((f) => [f.file, f.text]));
  const title = (f: string) =>
    byName
      .get(f)!
      .split('\n')
      .find((l) => l.startsWith('# '))!;

  it('proposes accepting a requested serving certificate beside tls-cert-file, not client rotation (2.1.10)', () => {
    expect(title('2.1.10.md')).toBe(
      '# Accept a requested serving certificate (serverTLSBootstrap) beside tls-cert-file',
    );
    const text = byName.get('2.1.10.md')!;
    expect(text).toMatch(/```diff\n--- cis-1\.4\/2\.1\.10\n\+\+\+ proposed\/2\.1\.10/);
    expect(text).toContain('+Check: kubelet tlsCertFile is set, or serverTLSBootstrap is true');
    expect(text).not.toMatch(/^\+Check: kubelet rotateCertificates/m);
    expect(text).toContain('4.2.9 (cis-1.7 … cis-1.12)');
    expect(frontMatter(text)).toMatchObject({
      benchmark: 'cis-1.4',
      version: '1.4.1',
      recommendations: ['2.1.10'],
      categories: ['conflict'],
      releases: ['1.13', '1.14'],
      installer: 'kubeadm',
      rules: ['tls-cert-vs-bootstrap'],
    });
  });

  it('proposes 2.1.13 manual until an approver exists (kept, not removed), saying approver, not signer', () => {
    expect(title('2.1.13.md')).toMatch(/^# Make .* manual until an automatic approver exists$/);
    const text = byName.get('2.1.13.md')!;
    expect(text).toMatch(/No built-in controller approves kubelet serving certificate requests/);
    expect(text).not.toMatch(/no (built-in )?signer/i);
    expect(frontMatter(text).categories).toContain('unsatisfiable');
  });

  it('proposes a non-root group check for 1.4.12, nothing for the manual 1.7.4', () => {
    expect(title('1.4.12.md')).toMatch(/Check that the etcd data directory is owned by the account etcd runs as/);
    // 1.7.4 reads no Pod field: its remediation asks for a PodSecurityPolicy with hostNetwork
    // omitted, which a kubeadm cluster can have beside a privileged one for kube-system.
    expect(byName.has('1.7.4.md')).toBe(false);
  });

  it('proposes accepting anonymous auth limited to health endpoints for 1.1.1', () => {
    expect(title('1.1.1.md')).toBe('# Accept anonymous authentication limited to health endpoints');
    expect(byName.get('1.1.1.md')).toContain('/healthz');
  });

  it('gathers what kubeadm supports but does not set in one proposal, cross-referenced from the others', () => {
    const group = byName.get('installer-not-default.md')!;
    expect(frontMatter(group).categories).toEqual(['installer-not-default']);
    const ids = frontMatter(group).recommendations as string[];
    expect(ids).toEqual(expect.arrayContaining(['1.1.8', '1.1.15']));
    // What kubeadm does set is not in the list (NodeRestriction, authorization mode, --insecure-port=0 on 1.13).
    for (const id of ['1.1.19', '1.1.32', '1.1.39', '1.1.33']) expect(ids).not.toContain(id);
    // Nothing that breaks kubeadm, nor a removed or deprecated setting, is advised through it: 1.1.1's
    // proposal no longer links there (--anonymous-auth=false breaks kubeadm's probes).
    expect(byName.get('1.1.1.md')).not.toContain('](installer-not-default.md)');
    for (const flag of [
      '--anonymous-auth',
      'anonymous-auth=',
      'repair-malformed-updates',
      'kubelet-certificate-authority',
    ])
      expect(group).not.toContain(flag);
    for (const id of ['1.1.1', '1.1.9', '1.1.12', '1.1.21']) expect(ids).not.toContain(id);
    // kubeadm starts kube-scheduler without --config: the seed's scheduler.extraArgs advice is in the group.
    expect(ids).toContain('1.2.1');
    expect(
      files
        .filter((f) => f.file !== 'README.md' && f.file !== 'installer-not-default.md')
        .every((f) => !(frontMatter(f.text).categories as string[]).every((c) => c === 'installer-not-default')),
    ).toBe(true);
  });

  it('indexes every proposal in README.md with control, title, categories, action and file', () => {
    const index = byName.get('README.md')!;
    for (const f of files.filter((x) => x.file !== 'README.md')) expect(index).toContain(`](${f.file})`);
    expect(index).toContain('| recommendation | title | categories | proposed action | file |');
  });

  it("passes remark-lint's recommended preset and parses back into tables and diff blocks", async () => {
    for (const f of files) expect(await lint(f.text), f.file).toEqual([]);
    const tree = parseMarkdown(byName.get('2.1.10.md')!);
    expect([...walk(tree)].some((n) => n.type === 'code' && n.lang === 'diff')).toBe(true);
    expect([...walk(parseMarkdown(byName.get('README.md')!))].some((n) => n.type === 'table')).toBe(true);
  });
});

describe('proposals/ in the repository', () => {
  for (const [ref, opts] of [
    ['cis-1.4', { installer: 'kubeadm' }],
    ['cis-1.12', { release: ['1.34'] }],
  ] as Array<[string, { installer?: string; release?: string[] }]>) {
    it(`holds the current proposals for ${ref} (run npm run proposals when this fails)`, async () => {
      const { dir, files } = await planFiles(ref, opts, repoRoot);
      expect(existsSync(dir), dir).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.file).sort());
      for (const f of files) expect(readFileSync(join(dir, f.file), 'utf8'), f.file).toBe(f.text);
    });
  }
});

describe('writing', () => {
  it('gives byte-identical files on a second run and keeps a hand-edited file', async () => {
    const out = tmp('bw-propose-');
    const args = ['propose', 'cis-1.4', '--installer', 'kubeadm', '--out', out];
    expect((await run(args)).code).toBe(0);
    const first = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    const again = await run(args);
    expect(again.stdout).toMatch(/0 written, \d+ unchanged/);
    for (const [f, text] of first) expect(readFileSync(join(out, f), 'utf8')).toBe(text);

    const edited = first.get('2.1.10.md')!.replace('## Impact', 'Our team adds: see ticket 42.\n\n## Impact');
    writeFileSync(join(out, '2.1.10.md'), edited);
    const third = await run(args);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(
      '2.1.10.md: skipped, edited by hand since it was generated; use --force to overwrite it',
    );
    expect(readFileSync(join(out, '2.1.10.md'), 'utf8')).toBe(edited);

    await run([...args, '--force']);
    expect(readFileSync(join(out, '2.1.10.md'), 'utf8')).toBe(first.get('2.1.10.md'));
  });

  it('limits the set to --control and drops the files it generated before', async () => {
    const out = tmp('bw-propose-');
    await run(['propose', 'cis-1.4', '--installer', 'kubeadm', '--out', out]);
    const r = await run([
      'propose',
      'cis-1.4',
      '--installer',
      'kubeadm',
      '--out',
      out,
      '--control',
      '2.1.10',
      '2.1.13',
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2.1.10.md', '2.1.13.md', 'README.md']);
  });
});

describe('templates', () => {
  it("fills a user template's named slots", async () => {
    const dir = tmp('bw-template-');
    const t = join(dir, 't.md');
    writeFileSync(t, '# {{title}}\n\nFor {{benchmark}} {{recommendations}}.\n\n## Why\n\n{{problem}}\n');
    const out = join(dir, 'out');
    expect(
      (
        await run([
          'propose',
          'cis-1.4',
          '--installer',
          'kubeadm',
          '--control',
          '2.1.13',
          '--template',
          t,
          '--out',
          out,
        ])
      ).code,
    ).toBe(0);
    const text = readFileSync(join(out, '2.1.13.md'), 'utf8');
    expect(text).toContain('For cis-1.4 2.1.13.');
    expect(text).toContain('## Why');
    expect(text).not.toContain('## Impact');
  });

  it('rejects an unknown slot with file:line:col and exit 2, writing nothing', async () => {
    const dir = tmp('bw-template-');
    const t = join(dir, 'bad.md');
    writeFileSync(t, '# {{title}}\n\n{{sumary}}\n');
    const r = await run(['propose', 'cis-1.4', '--installer', 'kubeadm', '--template', t, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${t}:3:1: unknown slot {{sumary}}, expected one of summary, current, problem, change, impact, lineage, references, title, benchmark, version, recommendations, releases, installer\n`,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('adversarial benchmark text', () => {
  const evil = `id: evil
title: "Evil | *bench* <script>alert(1)</script>"
version: "0.1"
kubernetes: ["1.24"]
variant: generic
source: { format: benchwright, path: evil.yaml }
sections:
  - id: "1"
    title: s
    target: master
    controls:
      - id: "../../etc/passwd"
        title: "Title with | pipe, *stars*, \`backticks\`, <img src=x onerror=alert(1)> and [a](javascript:alert(1))"
        assessment: automated
        scored: true
        audit: "ps -ef | grep kube-apiserver | grep -- '--insecure-port' \`\`\`"
        remediation: "${'Set --insecure-port=0 | then restart. '.repeat(200)}\\n\\n<script>alert(2)</script>"
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --insecure-port }]
            op: eq
            value: "0"
      - id: "a/b"
        title: "second"
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --basic-auth-file }]
            op: absent
      - id: "a-b"
        title: "third, same file name as a/b once sanitised"
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: flag, component: kube-apiserver, flag: --insecure-bind-address }]
            op: absent
`;

  it('writes valid markdown under safe, distinct file names inside the output folder', async () => {
    const dir = tmp('bw-evil-');
    writeFileSync(join(dir, 'evil.yaml'), evil);
    const out = join(dir, 'out');
    const r = await run(['propose', 'evil.yaml', '--out', out], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = readdirSync(out).sort();
    expect(names).toEqual(['README.md', 'a-b-2.md', 'a-b.md', 'etc-passwd.md']);
    expect(readdirSync(dir).sort()).toEqual(['evil.yaml', 'out']);
    for (const n of names) {
      const text = readFileSync(join(out, n), 'utf8');
      expect(await lint(text), n).toEqual([]);
      const tree = parseMarkdown(text);
      // No HTML from the benchmark survives as HTML; tables keep their columns.
      expect(
        [...walk(tree)].filter((x) => x.type === 'html' && !x.value.startsWith('<!-- benchwright-hash: ')),
      ).toEqual([]);
      for (const t of [...walk(tree)].filter((x) => x.type === 'table')) {
        const widths = new Set(
          (t as { children: Array<{ children: unknown[] }> }).children.map((row) => row.children.length),
        );
        expect(widths.size, n).toBe(1);
      }
    }
    const passwd = readFileSync(join(out, 'etc-passwd.md'), 'utf8');
    // Outside code blocks the tags are escaped text; inside them they are code. Neither is HTML.
    expect(passwd).toContain('\\<script>alert(1)\\</script>');
    expect(passwd).toContain('Set --insecure-port=0');
  });

  it('sanitises ids into names that cannot leave the folder or collide', () => {
    expect(safeStem('../../x')).toBe('x');
    expect(safeStem('..')).toBe('control');
    expect(safeStem('a\\b:c*?')).toBe('a-b-c');
    const names = fileNames(['A.1', 'a.1', 'README', 'installer-not-default', 'x'.repeat(300)]);
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(5);
    expect(names.get('README')).toBe('README-2.md');
    expect(names.get('installer-not-default')).toBe('installer-not-default-2.md');
    expect([...names.values()].every((n) => n.length <= 90 && !n.includes('/'))).toBe(true);
  });
});
