// benchwright report: the static site, read as files (the browser test opens it).
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedReleases } from '../src/k8s/load.js';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';
import { evaluationSection } from '../src/report/evaluation.js';
import { h, page } from '../src/report/html.js';
import { renderProposal } from '../src/report/proposals.js';
import { run } from './helpers.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .sort();
}

const ids = (html: string) => new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
const hrefs = (html: string) => [...html.matchAll(/ href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

describe('report', async () => {
  const dir = tmp('bw-report-');
  const first = await run(['report', '--out', dir, '--installer', 'kubeadm']);
  const site = files(dir);
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');

  it('writes the heatmap, a page per benchmark, the lineage, the proposals and a stylesheet', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/: \d+ files \(\d+ KiB\), \d+ written, 0 unchanged; open .*index\.html\n$/);
    for (const f of ['index.html', 'lineage.html', 'style.css', 'benchmarks/cis-1.4.html', 'proposals/index.html'])
      expect(site).toContain(f);
    expect(site).toContain('proposals/cis-1.4-1.13-1.14-kubeadm/2.1.10.html');
    expect(site).toContain('proposals/cis-1.4-1.13-1.14-kubeadm/index.html');
    expect(site).toContain('controls.html');
  });

  it('makes its proposals from its own findings with its installer, as propose writes them', () => {
    // The seed's proposals are shipped as `propose cis-1.4 --installer kubeadm` wrote them: the
    // report, run with kubeadm, makes the same files byte for byte.
    const shipped = join(repoRoot, 'proposals', 'cis-1.4-1.13-1.14-kubeadm');
    const names = readdirSync(shipped).filter((f) => f.endsWith('.md'));
    expect(names.length).toBeGreaterThan(5);
    for (const f of names)
      expect(read(`proposals/cis-1.4-1.13-1.14-kubeadm/${f}`), f).toBe(readFileSync(join(shipped, f), 'utf8'));
    // Every proposal a benchmark page links to says the installer the report was run for.
    const page = read('benchmarks/cis-1.12.html');
    const linked = [
      ...new Set([...page.matchAll(/href="\.\.\/(proposals\/[^/"#]+\/[^"#]+)\.html"/g)].map((m) => m[1])),
    ];
    expect(linked.length).toBeGreaterThan(5);
    for (const l of linked) {
      expect(l).toMatch(/^proposals\/cis-1\.12-1\.32-1\.33-1\.34-kubeadm\//);
      expect(read(`${l}.md`), l).toMatch(/\ninstaller: "kubeadm"\n/);
    }
  });

  it('is byte-identical across runs, and a second run into the same folder changes nothing', async () => {
    const other = tmp('bw-report-again-');
    await run(['report', '--out', other, '--installer', 'kubeadm']);
    expect(files(other)).toEqual(site);
    for (const f of site) expect(readFileSync(join(other, f), 'utf8'), f).toBe(read(f));
    const again = await run(['report', '--out', dir, '--installer', 'kubeadm']);
    expect(again.stdout).toMatch(/, 0 written, \d+ unchanged;/);
  });

  it('needs no server, CDN or font: local pages, a local stylesheet, one small inline script', () => {
    for (const f of site.filter((x) => x.endsWith('.html'))) {
      const html = read(f);
      expect(html, f).not.toMatch(/<iframe|<img|<object|\ssrc=|@import|url\(/i);
      // Only the control finder has a script, inline (nothing to fetch), and it works without it.
      expect([...html.matchAll(/<script>/g)].length, f).toBe(f === 'controls.html' ? 1 : 0);
      expect(html.replace(/<script>[^<]*<\/script>/, ''), f).not.toMatch(/<script/);
      expect(
        [...html.matchAll(/<link [^>]*>/g)].map((m) => m[0]),
        f,
      ).toEqual([expect.stringMatching(/^<link rel="stylesheet" href="(\.\.\/)*style\.css">$/)]);
      expect(html, f).toMatch(/^<!doctype html><html lang="en">/);
    }
    expect(read('style.css')).not.toMatch(/url\(|@import|@font-face/);
  });

  it('resolves every link inside the site, fragments included', () => {
    const pages = site.filter((x) => x.endsWith('.html'));
    const anchors = new Map(pages.map((p) => [p, ids(read(p))]));
    let checked = 0;
    for (const p of pages)
      for (const href of hrefs(read(p))) {
        if (/^https:\/\//.test(href)) continue;
        const [path, frag] = href.split('#');
        const target = path ? relative(dir, join(dir, dirname(p), decodeURIComponent(path))) : p;
        expect(existsSync(join(dir, target)), `${p} → ${href}`).toBe(true);
        if (frag) expect(anchors.get(target)?.has(decodeURIComponent(frag)), `${p} → ${href}`).toBe(true);
        checked++;
      }
    expect(checked).toBeGreaterThan(1000);
  });

  it('links every heatmap cell to its release on the benchmark page, with a label in words', () => {
    const html = read('index.html');
    const cells = [
      ...html.matchAll(/<td class="(h\d)( t)?"><a href="([^"]+)" aria-label="([^"]+)" tabindex="-1">(\d+)<\/a><\/td>/g),
    ];
    expect(cells.length).toBe(shippedIds().length * shippedReleases().length);
    const seed = cells.find((c) => c[3] === 'benchmarks/cis-1.4.html#r-1.13')!;
    expect(seed[2]).toBe(' t');
    expect(seed[4]).toMatch(/^cis-1\.4 on Kubernetes 1\.13: \d+ findings on \d+ controls, a release it targets$/);
    expect(cells.filter((c) => c[2]).length).toBe(22);
    expect(html).toContain('A heavy border and ◆ mark a release the benchmark targets');
    // One tab stop per row: the benchmark's page.
    expect([...html.matchAll(/<th scope="row"><a href="benchmarks\/[^"]+\.html">/g)].length).toBe(shippedIds().length);
  });

  it("shows each control's findings with evidence and suggestion, its lineage and its proposal", () => {
    const html = read('benchmarks/cis-1.4.html');
    const section = html.slice(
      html.indexOf('<section id="c-2.1.10"'),
      html.indexOf('</section>', html.indexOf('id="c-2.1.10"')),
    );
    expect(section).toContain(
      '<li>2.1.12 (cis-1.0 … cis-1.2)</li><li>2.1.11 (cis-1.3)</li><li class="here">2.1.10 (cis-1.4)</li>' +
        '<li>4.2.10 (cis-1.5 … cis-1.24)</li><li>4.2.9 (cis-1.7 … cis-1.12)</li>',
    );
    expect(section).toContain('href="../proposals/cis-1.4-1.13-1.14-kubeadm/2.1.10.html"');
    expect(section).toMatch(/<span class="badge high">high<\/span><\/td><td title="[^"]+">conflict<\/td>/);
    expect(section).toMatch(/<strong>replace<\/strong>: /);
    expect(section).toMatch(
      /<a href="https:\/\/github\.com\/kubernetes\/kubeadm\/issues\/\d+">kubernetes\/kubeadm#\d+<\/a>/,
    );
    const lineage = read('lineage.html');
    const row = lineage.slice(lineage.lastIndexOf('<tr', lineage.indexOf('id="v-cis-1.4-2.1.10"')));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/2\.1\.12.*2\.1\.11.*2\.1\.10.*4\.2\.10.*4\.2\.9/);
  });

  /** The part of a page from `from` up to `to` (exclusive). */
  const slice = (html: string, from: string, to: string): string => {
    const a = html.indexOf(from);
    expect(a, from).toBeGreaterThanOrEqual(0);
    return html.slice(a, html.indexOf(to, a + from.length));
  };
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x3C;/g, '<')
      .replace(/\s+/g, ' ');

  it('opens each benchmark page with its targeted releases and what changed on each, as check --since says', async () => {
    const html = read('benchmarks/cis-1.12.html');
    // The news comes before the table of every release and the controls.
    expect(html.indexOf('<h2 id="news">')).toBeGreaterThan(0);
    expect(html.indexOf('<h2 id="news">')).toBeLessThan(html.indexOf('<h2 id="releases">'));
    const news = slice(html, '<h2 id="news">', '<h2 id="releases">');
    expect([...news.matchAll(/<h3 id="n-([^"]+)">Kubernetes ([^<]+)<\/h3>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['1.32', '1.32 ◆'],
      ['1.33', '1.33 ◆'],
      ['1.34', '1.34 ◆'],
    ]);
    await expect(news).toMatchFileSnapshot('golden/report-cis-1.12-news.html');
    // A finding both releases have is news when its advice changes: 1.2.1 on 1.34 (the gate is GA).
    expect(text(slice(news, '<h3 id="n-1.34">', '</ul>'))).toMatch(
      /Advice that changed from 1\.33 to 1\.34 \(the same finding, new words\): 1\.2\.1 conflict, kube-apiserver --anonymous-auth: now replace : Accept anonymous authentication when an AuthenticationConfiguration limits anonymous requests .*, ga\)/,
    );
    // Each release's delta is check --since's, against the release before it.
    for (const [from, to] of [
      ['1.31', '1.32'],
      ['1.32', '1.33'],
      ['1.33', '1.34'],
    ]) {
      const r = await run([
        'check',
        'cis-1.12',
        '--release',
        to,
        '--since',
        from,
        '--installer',
        'kubeadm',
        '--format',
        'json',
      ]);
      const since = JSON.parse(r.stdout).results[0].since;
      const part = slice(news, `<h3 id="n-${to}">`, '<h3');
      expect(text(part)).toContain(
        `since ${from}: ${since.appeared.length} finding${since.appeared.length === 1 ? '' : 's'} appeared, ${since.resolved.length} went away`,
      );
      const rows = [...part.matchAll(/<tr><td>(appeared|went away)<\/td><th scope="row"><a href="#c-([^"]+)">/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      expect(rows).toEqual([
        ...since.appeared.map((e: { finding: { controlId: string } }) => `appeared ${e.finding.controlId}`),
        ...since.resolved.map((e: { finding: { controlId: string } }) => `went away ${e.finding.controlId}`),
      ]);
      for (const e of since.appeared)
        for (const c of e.causes) for (const x of c.evidence) expect(part).toContain(`href="${x.url}"`);
    }
  });

  it('shows each control the advice of the newest release its benchmark targets, older advice folded', () => {
    const html = read('benchmarks/cis-1.12.html');
    const section = slice(html, '<section id="c-1.2.1"', '</section>');
    const [lead, folded] = section.split('<details>');
    // 1.34 limits anonymous requests with an AuthenticationConfiguration; 1.13 had no way to.
    expect(text(lead)).toContain('Advice on 1.2.1 for Kubernetes 1.34, the newest release cis-1.12 targets');
    expect(text(lead)).toContain('in Kubernetes 1.34:');
    expect(text(lead)).toMatch(/AuthenticationConfiguration limits anonymous requests/);
    expect(text(lead)).not.toMatch(/cannot limit anonymous requests/);
    expect(folded).toMatch(/^<summary>Advice on other releases \(\d+\)<\/summary>/);
    expect(text(folded)).toMatch(/ 1\.13–1\.18 replace : .* cannot limit anonymous requests to paths/);
    // A benchmark that targets only releases before the shipped ones reads the nearest checked one.
    expect(text(read('benchmarks/cis-1.0.html'))).toContain(
      'for Kubernetes 1.13, the checked release nearest those cis-1.0 targets (1.6)',
    );
  });

  it('lists every control to find by id, title or setting, as a plain list the script filters', async () => {
    const html = read('controls.html');
    const items = [
      ...slice(html, '<ul id="controls">', '</ul>').matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>(.*?)<\/li>/g),
    ];
    const list = JSON.parse((await run(['list', '--format', 'json'])).stdout) as { benchmarks: { controls: number }[] };
    expect(items.length).toBe(list.benchmarks.reduce((n, b) => n + b.controls, 0));
    const entry = items.find((m) => m[2] === 'cis-1.12 1.2.1')!;
    expect(entry[1]).toBe('benchmarks/cis-1.12.html#c-1.2.1');
    expect(entry[3]).toContain('kube-apiserver --anonymous-auth');
    // Without scripts the filter stays hidden and the list is all there is.
    expect(html).toContain('<div id="find" class="find" hidden>');
  });

  it('refuses an --out that is a file, and needs --out', async () => {
    const file = join(tmp('bw-report-file-'), 'site');
    writeFileSync(file, 'not a folder');
    const r = await run(['report', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${file}: is a file, expected a folder for the report\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    expect((await run(['report'])).code).toBe(2);
  });
});

describe('report parts', () => {
  it('renders no evaluation section until evaluate provides one, and a table when it does', () => {
    expect(evaluationSection(undefined, (id) => `#${id}`)).toEqual([]);
    const html = page({
      title: 't',
      depth: 0,
      nav: [],
      footer: '',
      body: evaluationSection(
        {
          node: 'kubeadm reference node',
          benchmark: 'cis-1.12',
          release: '1.34',
          results: [
            { controlId: '4.2.9', status: 'fail', detail: 'tlsCertFile unset' },
            { controlId: '1.1.1', status: 'pass' },
          ],
        },
        (id) => `#c-${id}`,
      ),
    });
    expect(html).toContain('<h2 id="evaluation">cis-1.12 on the kubeadm reference node (Kubernetes 1.34)</h2>');
    expect(html).toContain('<p>1 pass, 1 fail, 0 warn, 0 info.</p>');
    expect(html).toContain(
      '<th scope="row"><a href="#c-4.2.9">4.2.9</a></th><td>fail</td><td class="text">tlsCertFile unset</td>',
    );
  });

  it('escapes text and drops raw HTML from a hand-edited proposal', () => {
    const r = renderProposal({
      set: 's',
      file: 'x.md',
      text: '# Fix <b>this</b>\n\n<script>alert(1)</script>\n\nSee [the index](README.md) and [4.2.9](4.2.9.md#why).\n',
    });
    const html = page({ title: r.title, depth: 2, nav: [], footer: '', body: r.body });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="index.html"');
    expect(html).toContain('href="4.2.9.html#why"');
    expect(page({ title: '<t>', depth: 0, nav: [], footer: '', body: [h('p', {}, '<x> & "y"')] })).toContain(
      '<p>&#x3C;x> &#x26; "y"</p>',
    );
  });
});
