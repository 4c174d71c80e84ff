// releases build on the upstream layouts as they are: the fixture files laid out under their
// upstream paths (MANIFEST.tsv's source paths: a kubernetes/website checkout per release, the
// sig-release and release-notes repositories, etcd's website) build the same snapshots as the
// corpus layout; a kubernetes CHANGELOG gives the notes of its x.y.0 section.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/k8s/build.js';
import { releaseNoteEvents } from '../src/k8s/extract/release-notes.js';
import { serializeSnapshot, shippedReleases } from '../src/k8s/load.js';
import { repoRoot } from '../src/paths.js';
import { changelogSection, corpusOf, upstreamFiles } from '../src/k8s/upstream.js';
import { corpus, hasCorpus, run } from './helpers.js';

const k8s = join(corpus, 'kubernetes');
const root = mkdtempSync(join(tmpdir(), 'bw-upstream-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Each fixture file at its upstream path, in one checkout folder per repository (per release for the website). */
function layOut(dir: string): void {
  const manifest = readFileSync(join(k8s, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const row of manifest) {
    const [path, repo, , source] = row.split('\t');
    const release = /\/(v1\.\d+)\//.exec(path)?.[1];
    const checkout = repo.includes('kubernetes/website')
      ? `website-${release}`
      : repo === 'kubernetes/sig-release'
        ? 'sig-release'
        : repo === 'kubernetes-sigs/release-notes'
          ? 'release-notes-site'
          : repo === 'etcd-io/website'
            ? 'etcd-website'
            : undefined;
    // Our own facts (derived/) keep their corpus layout, copied whole below: no upstream file
    // holds them (and MANIFEST.tsv does not list the 1.35 and 1.36 ones).
    if (!checkout) continue;
    const target = join(dir, checkout, source);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(k8s, path), target);
  }
  for (const own of ['derived', 'source'])
    if (existsSync(join(k8s, own))) cpSync(join(k8s, own), join(dir, own), { recursive: true });
}

describe.skipIf(!hasCorpus)('releases build on upstream layouts', () => {
  it('builds the same snapshots from the files at their upstream paths as from the corpus layout', () => {
    const dir = join(root, 'upstream');
    layOut(dir);
    expect(existsSync(join(dir, 'reference'))).toBe(false);
    const found = upstreamFiles(dir);
    expect(found.find((f) => f.corpusPath === 'reference/v1.36/kubelet.md')?.file).toBe(
      join(dir, 'website-v1.36', 'content', 'en', 'docs', 'reference', 'command-line-tools-reference', 'kubelet.md'),
    );
    const view = corpusOf(dir);
    try {
      // The corpus layout's build is the shipped data (test/releases.test.ts holds them equal): one build here.
      const theirs = buildCorpus(view.dir);
      expect([...theirs.results.keys()]).toEqual(shippedReleases());
      for (const [r, b] of theirs.results)
        expect(serializeSnapshot(b.snapshot), r).toBe(
          readFileSync(join(repoRoot, 'data', 'kubernetes', `${r}.json`), 'utf8'),
        );
    } finally {
      view.dispose();
    }
    expect(existsSync(view.dir)).toBe(false);
  }, 120_000);

  it('reads the notes of a release from its CHANGELOG: the x.y.0 section, as the release team drafted it', () => {
    const draft = readFileSync(join(k8s, 'release-notes', 'v1.36', 'sig-release-release-notes-draft.md'), 'utf8');
    const changelog = [
      '<!-- BEGIN MUNGE: GENERATED_TOC -->',
      '',
      '# v1.36.1',
      '',
      '## Changelog since v1.36.0',
      '',
      '- Removed the `--profiling` flag from `kube-scheduler`. ([#999999](https://github.com/kubernetes/kubernetes/pull/999999))',
      '',
      '# v1.36.0',
      '',
      '## Changelog since v1.35.0',
      '',
      draft,
      '',
      '# v1.36.0-rc.1',
      '',
      '- Removed the `--profiling` flag from `kube-apiserver`. ([#999998](https://github.com/kubernetes/kubernetes/pull/999998))',
    ].join('\n');
    const section = changelogSection(changelog, '1.36')!;
    expect(section).toContain(draft.trim().split('\n')[0]);
    expect(section).not.toContain('999999');
    expect(section).not.toContain('999998');
    expect(releaseNoteEvents([{ name: 'CHANGELOG-1.36.md', text: section }])).toEqual(
      releaseNoteEvents([{ name: 'sig-release-release-notes-draft.md', text: draft }]),
    );
    const dir = join(root, 'changelog');
    mkdirSync(join(dir, 'kubernetes', 'CHANGELOG'), { recursive: true });
    writeFileSync(join(dir, 'kubernetes', 'CHANGELOG', 'CHANGELOG-1.36.md'), changelog);
    const [f] = upstreamFiles(dir);
    expect(f.corpusPath).toBe('release-notes/v1.36/CHANGELOG-1.36.md');
    expect(f.text()).toBe(section);
  });

  it('names a website checkout by hugo.toml when its folder name does not', async () => {
    const dir = join(root, 'named');
    const tools = join(dir, 'site', 'content', 'en', 'docs', 'reference', 'command-line-tools-reference');
    mkdirSync(tools, { recursive: true });
    cpSync(join(k8s, 'reference', 'v1.36', 'kubelet.md'), join(tools, 'kubelet.md'));
    writeFileSync(join(dir, 'site', 'hugo.toml'), '[params]\nlatest = "v1.36"\n');
    expect(upstreamFiles(dir).map((f) => f.corpusPath)).toEqual(['reference/v1.36/kubelet.md']);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const r = await run(['releases', 'build', '--corpus', empty, '--out', join(root, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no releases here, expected reference\/v1\.NN\/ folders or upstream checkouts/);
  });
});
