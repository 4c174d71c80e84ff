// Flag lifecycles against the pages themselves: a flag a page lists is never "hidden" there,
// every flag line of every etcd configuration page is read, a deprecation a page gap hides is
// dated by its record, and a flag new with its config field is "added", not "listed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReleases } from '../src/k8s/diff.js';
import { etcdFlags } from '../src/k8s/extract/etcd.js';
import { extractFlags } from '../src/k8s/extract/flags.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import { releaseComponents } from '../src/k8s/snapshot.js';
import { corpus, hasCorpus } from './helpers.js';

const k8s = join(corpus, 'kubernetes');
const fileOr = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

describe('reference page rows', () => {
  it('a description missing its </td> does not swallow the next flag', () => {
    const page = [
      '<tr>',
      '<td colspan="2">--log-sanitization bool</td>',
      '</tr>',
      '<tr>',
      '<td></td><td style="x">Prevents logging of secrets. (DEPRECATED: set it in the config file.)',
      '</tr>',
      '<tr>',
      '<td colspan="2">--mounter-path string&nbsp;&nbsp;Default: `mount`</td>',
      '</tr>',
      '<tr>',
      '<td></td><td style="x">Path of mounter binary.</td>',
      '</tr>',
    ].join('\n');
    const flags = extractFlags(page);
    expect(flags.map((f) => [f.name, f.default, Boolean(f.deprecated)])).toEqual([
      ['log-sanitization', undefined, true],
      ['mounter-path', 'mount', false],
    ]);
  });
});

describe('etcd configuration pages', () => {
  it('reads a bare numeric default as it reads a quoted one', () => {
    const page = ['```', "--auth-token 'simple'", '  Token type.', '--bcrypt-cost 10', '  Cost.', '--cert-file', '```'].join(
      '\n',
    );
    expect(etcdFlags(page)).toEqual([
      { name: 'auth-token', default: 'simple' },
      { name: 'bcrypt-cost', default: '10' },
      { name: 'cert-file' },
    ]);
  });

  it.skipIf(!hasCorpus)('every flag line of every etcd page in the corpus is read', () => {
    const dirs = readdirSync(join(k8s, 'etcd')).filter((d) => /^v\d+\.\d+$/.test(d));
    expect(dirs.length).toBeGreaterThan(2);
    for (const d of dirs) {
      const text = readFileSync(join(k8s, 'etcd', d, 'configuration.md'), 'utf8');
      // Independently of the parser: a `### --name` heading (to 3.4) or a code line starting `--name`.
      const onPage = new Set([...text.matchAll(/^(?:### )?--([a-z0-9][a-z0-9-]*)/gm)].map((m) => m[1]));
      const read = new Set(etcdFlags(text).map((f) => f.name));
      expect([...onPage].filter((n) => !read.has(n)), `etcd ${d}`).toEqual([]);
    }
  });
});

describe.skipIf(!hasCorpus)('hidden means the page does not list it', () => {
  it('no shipped flag is hidden in a release whose reference page lists it', () => {
    const wrong: string[] = [];
    let pages = 0;
    for (const r of shippedReleases()) {
      const snap = shippedRelease(r);
      for (const c of releaseComponents) {
        const text = fileOr(join(k8s, 'reference', `v${r}`, `${c}.md`));
        if (!text) continue;
        pages++;
        // The page's headings, read without the extractor: `<td colspan="2">--name …`.
        const listed = new Set([...text.matchAll(/<td colspan="2">\s*(?:-\w, )?--([\w-]+)/g)].map((m) => m[1]));
        for (const f of snap.flags[c]) if (f.hidden && listed.has(f.name)) wrong.push(`${r} ${c} --${f.name}`);
      }
      // The etcd kubeadm deploys: every flag its page lists is in the snapshot.
      if (snap.etcd) {
        const text = readFileSync(join(k8s, 'etcd', `v${snap.etcd.version}`, 'configuration.md'), 'utf8');
        const have = new Set(snap.etcd.flags.map((f) => f.name));
        for (const m of text.matchAll(/^(?:### )?--([a-z0-9][a-z0-9-]*)/gm))
          if (!have.has(m[1])) wrong.push(`${r} etcd ${snap.etcd.version} --${m[1]} missing`);
      }
    }
    expect(pages).toBeGreaterThan(100);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('kubelet --tls-min-version (a CIS check) is listed, not hidden, wherever its page lists it', () => {
    for (const r of ['1.19', '1.20', '1.27', '1.33']) {
      const f = shippedRelease(r).flags.kubelet.find((x) => x.name === 'tls-min-version');
      expect(f, r).toBeDefined();
      expect(f!.hidden, r).toBeUndefined();
    }
    const d = diffReleases(shippedRelease('1.18'), shippedRelease('1.19'), 'kubelet');
    expect(d.filter((c) => c.name === '--tls-min-version' && c.change === 'hidden')).toEqual([]);
  });
});
