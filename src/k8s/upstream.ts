// The upstream layouts `releases build` reads as they are, beside (or instead of) the corpus
// layout: checkouts of the repositories the corpus files come from (MANIFEST.tsv's source paths).
// Each is recognised by what it holds, not by its name:
//   kubernetes/website      content/en/docs/reference/command-line-tools-reference/ (one release per
//                           checkout: the folder's name `…v1.NN`/`…1.NN`, else hugo.toml/config.toml `latest`)
//   kubernetes/kubernetes   CHANGELOG/CHANGELOG-1.NN.md (the v1.NN.0 section: the notes of the release)
//   kubernetes/sig-release  releases/release-1.NN/[release-notes/]release-notes-draft.{md,json}
//   kubernetes-sigs/release-notes  src/assets/release-notes-1.NN.0.json
//   etcd-io/website         content/en/docs/v3.N/op-guide/{configuration,security}.md
// The folder itself and its immediate subfolders are looked at. Each file found is mapped to its
// corpus path (reference/v1.NN/kubelet.md, …); a corpus-layout file of the same path wins.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPresent, listFolder, pathType, readInput } from '../io/read.js';
import { compareText } from '../model/ids.js';
import { releaseComponents } from './snapshot.js';

/** One upstream file and the corpus path it stands for. */
export interface UpstreamFile {
  /** Corpus-relative, `/`-separated: `reference/v1.36/kubelet.md`. */
  readonly corpusPath: string;
  readonly file: string;
  /** What it is read as, kept in memory: a CHANGELOG section, or the file's text. */
  readonly text: () => string;
}

const read = (p: string): string => readInput(p, { kind: 'docs page' });
const folders = (dir: string): string[] =>
  pathType(dir) === 'folder'
    ? listFolder(dir, { what: 'an upstream checkout' }).filter((n) => pathType(join(dir, n)) === 'folder')
    : [];
const files = (dir: string, suffix: string): string[] =>
  pathType(dir) === 'folder'
    ? listFolder(dir, { what: 'an upstream checkout' }).filter(
        (n) => n.endsWith(suffix) && pathType(join(dir, n)) === 'file',
      )
    : [];

const toolsReference = ['content', 'en', 'docs', 'reference', 'command-line-tools-reference'];

/** The release a kubernetes/website checkout documents: its folder's name, else hugo's `latest`. */
function websiteRelease(root: string, name: string): string | undefined {
  const named = /(?:^|[^\d.])v?1\.(\d+)$/.exec(name);
  if (named) return `1.${named[1]}`;
  for (const f of ['hugo.toml', 'config.toml']) {
    const p = join(root, f);
    if (pathType(p) !== 'file') continue;
    const latest = /^\s*latest\s*=\s*"v?1\.(\d+)"/m.exec(read(p));
    if (latest) return `1.${latest[1]}`;
  }
  return undefined;
}

function websiteFiles(root: string, release: string): UpstreamFile[] {
  const out: UpstreamFile[] = [];
  const add = (corpusPath: string, file: string) => out.push({ corpusPath, file, text: () => read(file) });
  const v = `v${release}`;
  const tools = join(root, ...toolsReference);
  for (const c of releaseComponents)
    if (pathType(join(tools, `${c}.md`)) === 'file') add(`reference/${v}/${c}.md`, join(tools, `${c}.md`));
  for (const page of ['feature-gates.md', 'feature-gates-removed.md'])
    if (pathType(join(tools, page)) === 'file') add(`feature-gates/${v}/${page}`, join(tools, page));
  for (const dir of ['feature-gates', 'feature-gates-removed'])
    for (const f of files(join(tools, dir), '.md')) add(`feature-gates/${v}/${dir}/${f}`, join(tools, dir, f));
  const api = join(root, 'content', 'en', 'docs', 'reference', 'config-api');
  for (const f of files(api, '.md').filter((n) => !n.startsWith('_'))) add(`config-api/${v}/${f}`, join(api, f));
  const kubeadm = join(
    root,
    'content',
    'en',
    'docs',
    'reference',
    'setup-tools',
    'kubeadm',
    'implementation-details.md',
  );
  if (pathType(kubeadm) === 'file') add(`kubeadm/${v}/implementation-details.md`, kubeadm);
  const notes = join(root, 'content', 'en', 'docs', 'setup', 'release', 'notes.md');
  if (pathType(notes) === 'file') add(`release-notes/${v}/website-notes.md`, notes);
  return out;
}

/**
 * The notes of release 1.NN in its CHANGELOG: the `v1.NN.0` section ("Changelog since
 * v1.(NN-1).0"), what sig-release's draft became; patch releases and pre-releases are left out.
 */
export function changelogSection(text: string, release: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^#\\s+v${release.replace('.', '\\.')}\\.0\\s*$`).test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#\s+v\d+\.\d+\.\d+/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

function checkoutFiles(root: string, name: string): UpstreamFile[] {
  const out: UpstreamFile[] = [];
  // kubernetes/website: one release.
  if (pathType(join(root, ...toolsReference)) === 'folder') {
    const r = websiteRelease(root, name);
    if (r) out.push(...websiteFiles(root, r));
  }
  // kubernetes/kubernetes: CHANGELOG/CHANGELOG-1.NN.md.
  const changelog = join(root, 'CHANGELOG');
  for (const f of files(changelog, '.md')) {
    const m = /^CHANGELOG-1\.(\d+)\.md$/.exec(f);
    if (!m) continue;
    const r = `1.${m[1]}`;
    const file = join(changelog, f);
    out.push({
      corpusPath: `release-notes/v${r}/CHANGELOG-${r}.md`,
      file,
      text: () => changelogSection(read(file), r) ?? '',
    });
  }
  // kubernetes/sig-release: the release team's notes draft.
  const releases = join(root, 'releases');
  for (const d of folders(releases)) {
    const m = /^release-1\.(\d+)$/.exec(d);
    if (!m) continue;
    const v = `v1.${m[1]}`;
    for (const sub of [join(releases, d, 'release-notes'), join(releases, d)])
      for (const ext of ['md', 'json']) {
        const p = join(sub, `release-notes-draft.${ext}`);
        const target = `release-notes/${v}/sig-release-release-notes-draft.${ext}`;
        if (pathType(p) === 'file' && !out.some((x) => x.corpusPath === target))
          out.push({ corpusPath: target, file: p, text: () => read(p) });
      }
  }
  // kubernetes-sigs/release-notes: the website's JSON data.
  const assets = join(root, 'src', 'assets');
  for (const f of files(assets, '.json')) {
    const m = /^release-notes-1\.(\d+)\.0\.json$/.exec(f);
    if (m)
      out.push({
        corpusPath: `release-notes/v1.${m[1]}/relnotes-${f}`,
        file: join(assets, f),
        text: () => read(join(assets, f)),
      });
  }
  // etcd-io/website: content/en/docs/v3.N/op-guide/.
  const etcdDocs = join(root, 'content', 'en', 'docs');
  for (const d of folders(etcdDocs).filter((n) => /^v3\.\d+$/.test(n)))
    for (const page of ['configuration.md', 'security.md']) {
      const p = join(etcdDocs, d, 'op-guide', page);
      if (pathType(p) === 'file') out.push({ corpusPath: `etcd/${d}/${page}`, file: p, text: () => read(p) });
    }
  return out;
}

/** Every upstream file in `dir` and its immediate subfolders, by corpus path (the first found wins). */
export function upstreamFiles(dir: string): UpstreamFile[] {
  if (!isPresent(dir)) return [];
  const found = new Map<string, UpstreamFile>();
  const roots: Array<[string, string]> = [
    [dir, ''],
    ...folders(dir)
      .sort(compareText)
      .map((n): [string, string] => [join(dir, n), n]),
  ];
  for (const [root, name] of roots)
    for (const f of checkoutFiles(root, name)) if (!found.has(f.corpusPath)) found.set(f.corpusPath, f);
  return [...found.values()].sort((a, b) => compareText(a.corpusPath, b.corpusPath));
}

/** The corpus-layout folders a build reads. */
const corpusParts = [
  'reference',
  'config-api',
  'feature-gates',
  'release-notes',
  'kubeadm',
  'derived',
  'etcd',
  'source',
];

/**
 * A corpus to build from: `dir` itself when it holds no upstream checkout, else a temporary
 * folder with `dir`'s corpus-layout folders and every upstream file at its corpus path (a
 * corpus-layout file of the same path wins). `dispose` removes the temporary folder.
 */
export function corpusOf(dir: string): { readonly dir: string; readonly upstream: number; dispose(): void } {
  const found = upstreamFiles(dir);
  if (!found.length) return { dir, upstream: 0, dispose: () => {} };
  const tmp = mkdtempSync(join(tmpdir(), 'benchwright-corpus-'));
  try {
    for (const part of corpusParts)
      if (pathType(join(dir, part)) === 'folder') cpSync(join(dir, part), join(tmp, part), { recursive: true });
    let added = 0;
    for (const f of found) {
      const target = join(tmp, ...f.corpusPath.split('/'));
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.text());
      added++;
    }
    return { dir: tmp, upstream: added, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
