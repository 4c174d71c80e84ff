// Flag lifecycles against the pages themselves: a flag a page lists is never "hidden" there,
// every flag line of every etcd configuration page is read, a deprecation a page gap hides is
// dated by its record, and a flag new with its config field is "added", not "listed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReleases } from '../src/k8s/diff.js';
import { etcdByChangelog } from '../src/k8s/build.js';
import { etcdAvailableFrom, etcdFlags } from '../src/k8s/extract/etcd.js';
import { extractFlags, type ExtractedFlag } from '../src/k8s/extract/flags.js';
import { olderGenerator } from '../src/k8s/reconcile/flags.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { Overlay } from '../src/k8s/overlay.js';
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
    const page = [
      '```',
      "--auth-token 'simple'",
      '  Token type.',
      '--bcrypt-cost 10',
      '  Cost.',
      '--cert-file',
      '```',
    ].join('\n');
    expect(etcdFlags(page)).toEqual([
      { name: 'auth-token', default: 'simple' },
      { name: 'bcrypt-cost', default: '10' },
      { name: 'cert-file' },
    ]);
  });

  it('reads the version a page says a flag is available from, in both page layouts', () => {
    const headings = [
      '### --logger',
      '',
      '**Available from v3.4**',
      '',
      '+ default: capnslog',
      '',
      '### --debug',
      '',
      '+ default: false',
    ].join('\n');
    expect([...etcdAvailableFrom(headings)]).toEqual([['logger', '3.4']]);
    const code = ['```', '--log-format json', '  Log format. Available since v3.6.', '--log-level info', '```'].join(
      '\n',
    );
    expect([...etcdAvailableFrom(code)]).toEqual([['log-format', '3.6']]);
  });

  it('drops a flag its page says arrives with a later minor, with no changelog entry needed', () => {
    const page = [{ name: 'debug' }, { name: 'logger', default: 'capnslog' }];
    const none = { evidence: {}, etcdFlags: [] } as unknown as Overlay;
    const r = etcdByChangelog('3.3', '3.3.10', page, none, new Map([['logger', '3.4']]));
    expect(r.flags.map((f) => f.name)).toEqual(['debug']);
    expect(r.later.map((f) => f.name)).toEqual(['logger']);
    expect(r.disagreements).toEqual([
      'the etcd 3.3 configuration page lists --logger, which it says is available from v3.4; dropped',
    ]);
    // Its own minor keeps it (the v3.4 page says the same of --logger).
    expect(etcdByChangelog('3.4', '3.4.3', page, none, new Map([['logger', '3.4']])).flags).toHaveLength(2);
  });

  it.skipIf(!hasCorpus)(
    'a flag the v3.3 page says is available from v3.4 is not in the etcd 3.3 kubeadm deploys',
    () => {
      expect(etcdAvailableFrom(readFileSync(join(k8s, 'etcd', 'v3.3', 'configuration.md'), 'utf8')).get('logger')).toBe(
        '3.4',
      );
      for (const r of ['1.14', '1.15', '1.16']) {
        const e = shippedRelease(r).etcd!;
        expect(e.version, r).toBe('3.3');
        expect(
          e.flags.some((f) => f.name === 'logger'),
          r,
        ).toBe(false);
        expect(
          e.later?.some((f) => f.name === 'logger'),
          r,
        ).toBe(true);
      }
    },
  );

  it.skipIf(!hasCorpus)('every flag line of every etcd page in the corpus is read', () => {
    const dirs = readdirSync(join(k8s, 'etcd')).filter((d) => /^v\d+\.\d+$/.test(d));
    expect(dirs.length).toBeGreaterThan(2);
    for (const d of dirs) {
      const text = readFileSync(join(k8s, 'etcd', d, 'configuration.md'), 'utf8');
      // Independently of the parser: a `### --name` heading (to 3.4) or a code line starting `--name`.
      const onPage = new Set([...text.matchAll(/^(?:### )?--([a-z0-9][a-z0-9-]*)/gm)].map((m) => m[1]));
      const read = new Set(etcdFlags(text).map((f) => f.name));
      expect(
        [...onPage].filter((n) => !read.has(n)),
        `etcd ${d}`,
      ).toEqual([]);
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
        // Or one etcd's changelog removes by that version (the overlay's etcdFlags, with its evidence).
        for (const x of snap.etcd.removed ?? []) {
          expect(x.evidence.length, `etcd ${snap.etcd.version} --${x.name}`).toBeGreaterThan(0);
          have.add(x.name);
        }
        // Or one a changelog dates to a later patch than kubeadm deploys (with its evidence).
        for (const x of snap.etcd.later ?? []) {
          expect(x.evidence.length, `etcd ${snap.etcd.version} --${x.name}`).toBeGreaterThan(0);
          have.add(x.name);
        }
        // Or one the page itself says a later minor brings ("### --logger" then "**Available from v3.4**").
        for (const m of text.matchAll(/^### --([a-z0-9][a-z0-9-]*)\s*\n+\*\*Available from v(\d+\.\d+)\*\*/gm))
          if (Number(m[2].split('.')[1]) > Number(snap.etcd.version.split('.')[1])) have.add(m[1]);
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

describe.skipIf(!hasCorpus)(
  'deprecations and additions dated by their record, not by the first page that shows them',
  () => {
    const releases = shippedReleases();

    it('a kubelet flag that sets a config field is deprecated in every release, unless that page lists it undeprecated', () => {
      // PR 60148 (1.10) deprecated every kubelet flag the config file can set; a page that prints
      // the flag without the marker (--seccomp-default, --enable-controller-attach-detach) is the exception.
      // A page that prints no marker at all (the kubelet's of 1.13–1.15) says nothing either way:
      // the next page that prints them does.
      const pages = releases.map((r) => {
        const text = fileOr(join(k8s, 'reference', `v${r}`, 'kubelet.md'));
        const page = new Map((text ? extractFlags(text) : []).map((f) => [f.name, f]));
        return { page, marks: [...page.values()].some((f) => f.configFile) };
      });
      const wrong: string[] = [];
      let checked = 0;
      releases.forEach((r, i) => {
        const snap = shippedRelease(r);
        for (const f of snap.flags.kubelet) {
          if (snap.flagFields.kubelet?.[f.name] === undefined) continue;
          checked++;
          const says = pages.slice(i).find((p, k) => p.marks && (k === 0 || p.page.has(f.name)));
          const onPage = says?.page.get(f.name);
          if (onPage && !onPage.deprecated) continue;
          if (!f.deprecated) wrong.push(`${r} --${f.name}`);
        }
      });
      expect(checked).toBeGreaterThan(1000);
      expect(wrong).toEqual([]);
      expect(shippedRelease('1.13').flags.kubelet.find((f) => f.name === 'cgroup-driver')?.evidence).toContainEqual(
        expect.objectContaining({ ref: 'kubernetes/kubernetes#60148' }),
      );
      const d = diffReleases(shippedRelease('1.15'), shippedRelease('1.16'), 'kubelet');
      expect(d.filter((c) => c.change === 'deprecated').map((c) => c.name)).toEqual([]);
    });

    it('no flag is "listed" (older, first documented) where its config field or the same flag elsewhere is new', () => {
      const wrong: string[] = [];
      for (let i = 1; i < releases.length; i++) {
        const a = shippedRelease(releases[i - 1]);
        const b = shippedRelease(releases[i]);
        const d = diffReleases(a, b);
        const addedElsewhere = new Set(
          d.filter((c) => c.area === 'flag' && c.change === 'added').map((c) => `${c.component} ${c.name}`),
        );
        for (const c of d.filter((x) => x.area === 'flag' && x.change === 'listed')) {
          const comp = c.component as (typeof releaseComponents)[number];
          const path = b.flagFields[comp]?.[c.name.replace(/^--/, '')];
          const kinds = Object.entries(b.configs).filter(([, k]) => k.component === comp);
          const fieldNew =
            path !== undefined &&
            kinds.some(
              ([kind, k]) =>
                k.fields.some((f) => f.path === path) && !(a.configs[kind]?.fields ?? []).some((f) => f.path === path),
            );
          const elsewhere = releaseComponents.some((o) => o !== comp && addedElsewhere.has(`${o} ${c.name}`));
          // Unless the older page lists its `experimental-` twin, which the newer drops: the same
          // setting under its older name; or the older release has the flag itself, hidden on a
          // record (--allowed-unsafe-sysctls in 1.15: PR 63717, 1.11; the stale 1.15 page prints
          // only its old name, which is no fact of 1.15).
          const bare = c.name.replace(/^--/, '');
          const twin =
            (a.flags[comp].some((f) => f.name === `experimental-${bare}`) &&
              !b.flags[comp].some((f) => f.name === `experimental-${bare}`)) ||
            a.flags[comp].some((f) => f.name === bare && f.hidden && (f.evidence ?? []).some((e) => e.kind === 'pr'));
          if ((fieldNew || elsewhere) && !twin) wrong.push(`${b.release} ${comp} ${c.name}`);
        }
      }
      expect(wrong).toEqual([]);
      const lines = diffReleases(shippedRelease('1.29'), shippedRelease('1.30'), 'kubelet');
      expect(lines.filter((c) => c.name.startsWith('--log-text-')).map((c) => c.change)).toEqual(['added', 'added']);
    });
  },
);

describe('deprecations a release records that its stale page does not mark', () => {
  it('the dockershim flags are deprecated in 1.21 (PR 98730), cited by the PR, not again in 1.22', () => {
    const dockershim = (f: { deprecated?: boolean; description?: string }) => f.deprecated;
    const in21 = diffReleases(shippedRelease('1.20'), shippedRelease('1.21'), 'kubelet').filter(
      (c) => c.change === 'deprecated' && c.evidence.some((e) => e.ref === 'kubernetes/kubernetes#98730'),
    );
    // Every flag the 1.22 page marks "removed along with dockershim" that 1.20 did not deprecate.
    const marked =
      fileOr(join(k8s, 'reference', 'v1.22', 'kubelet.md')) === undefined
        ? undefined
        : extractFlags(fileOr(join(k8s, 'reference', 'v1.22', 'kubelet.md'))!)
            .filter((f) => dockershim(f) && /removed along with dockershim/i.test(f.description))
            .map((f) => `--${f.name}`)
            .filter((n) => !shippedRelease('1.20').flags.kubelet.find((x) => `--${x.name}` === n)?.deprecated);
    expect(in21.map((c) => c.name)).toContain('--network-plugin-mtu');
    expect(in21.map((c) => c.name)).toContain('--cni-cache-dir');
    if (marked) expect(in21.map((c) => c.name).sort()).toEqual(marked.sort());
    const in22 = diffReleases(shippedRelease('1.21'), shippedRelease('1.22'), 'kubelet');
    expect(in22.filter((c) => c.change === 'deprecated' && in21.some((x) => x.name === c.name))).toEqual([]);
    // Before the note's release, no page or record deprecates them.
    expect(shippedRelease('1.20').flags.kubelet.find((f) => f.name === 'network-plugin-mtu')?.deprecated).toBeFalsy();
  });
});

describe('a map default the page prints for its non-Linux host', () => {
  it('--eviction-hard keeps nodefs.inodesFree<5% (the KubeletConfiguration default): no change in 1.20', () => {
    for (const r of ['1.19', '1.20', '1.30'])
      expect(shippedRelease(r).flags.kubelet.find((f) => f.name === 'eviction-hard')?.default, r).toContain(
        'nodefs.inodesFree<5%',
      );
    const d = diffReleases(shippedRelease('1.19'), shippedRelease('1.20'), 'kubelet');
    expect(d.filter((c) => c.name === '--eviction-hard' && c.change === 'default-changed')).toEqual([]);
    // The same map written as the field writes it is no second default "with the config file".
    expect(shippedRelease('1.20').flags.kubelet.find((f) => f.name === 'eviction-hard')?.configDefault).toBeUndefined();
  });
});

describe('etcd defaults with a comment', () => {
  it('a parenthesised comment after the value is no part of it', () => {
    const page = [
      '### --debug',
      '+ Drop the default log level to DEBUG for all subpackages.',
      '+ default: false (INFO for all packages)',
      '',
      '### --log-package-levels',
      '+ Set individual etcd subpackages to specific log levels.',
      '+ default: "" (INFO for all packages)',
      '',
      '### --name',
      '+ default: "default"',
    ].join('\n');
    expect(etcdFlags(page)).toEqual([
      { name: 'debug', type: 'bool', default: 'false' },
      { name: 'log-package-levels' },
      { name: 'name', default: 'default' },
    ]);
  });
});

describe('pages of an older generator', () => {
  const page = (marked: number, plain = 5): Map<string, ExtractedFlag> =>
    new Map(
      Array.from({ length: marked + plain }, (_, i) => {
        const f = { name: `f${i}`, description: '', ...(i < marked ? { deprecated: true } : {}) } as ExtractedFlag;
        return [f.name, f] as const;
      }),
    );
  it('are the run of pages with (almost) no deprecation markers before one that prints many', () => {
    expect(olderGenerator([page(1), page(1), undefined, page(1), page(115), page(1)])).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    // A component whose pages print a few markers throughout is current output.
    expect(olderGenerator([page(0), page(2), page(4)])).toEqual([false, false, false]);
  });

  it('no flag only the stale kubelet pages of 1.13–1.15 list is a fact of those releases', () => {
    for (const r of ['1.13', '1.14', '1.15']) {
      const names = new Set(shippedRelease(r).flags.kubelet.map((f) => f.name));
      // PR 57624 removed it in 1.10; PR 63717 renamed the other in 1.11.
      expect(names.has('init-config-dir'), r).toBe(false);
      expect(names.has('experimental-allowed-unsafe-sysctls'), r).toBe(false);
      expect(names.has('allowed-unsafe-sysctls'), r).toBe(true);
    }
    const unlisted = (shippedRelease('1.16').unlisted?.kubelet ?? []).map((f) => f.name);
    expect(unlisted).not.toContain('init-config-dir');
    expect(unlisted).not.toContain('experimental-allowed-unsafe-sysctls');
  });
});
