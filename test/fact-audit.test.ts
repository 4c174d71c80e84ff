// The fact audits (test/data/fact-audit.yaml, fact-audit-2.yaml): every fact a person checked
// against the primary source holds in the shipped snapshots, and the cited source line still
// says so. The second audit is stratified toward lifecycle claims (added, unlisted, removed,
// deprecated, locked, default changed, graduated) and keeps the claims found wrong when it was
// drawn as negative facts (`kind: no-change`), so they cannot come back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffReleases } from '../src/k8s/diff.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { ReleaseComponent, ReleaseSnapshot } from '../src/k8s/snapshot.js';
import { repoRoot } from '../src/paths.js';
import { corpus, hasCorpus } from './helpers.js';

interface Citation {
  readonly source: string;
  readonly proves: string[];
}
interface Fact extends Citation {
  readonly id: number;
  readonly kind:
    | 'flag'
    | 'field'
    | 'gate'
    | 'plugin'
    | 'change'
    | 'no-change'
    | 'added'
    | 'unlisted'
    | 'hidden'
    | 'listed'
    | 'no-diff'
    | 'diff'
    | 'etcd';
  readonly release: string;
  readonly component?: ReleaseComponent;
  readonly configKind?: string;
  readonly subject?: 'flag' | 'gate' | 'plugin' | 'field';
  readonly name: string;
  readonly expect: Record<string, string | boolean | null>;
  readonly heading?: string;
  readonly also?: Citation[];
  /** A page that must not list the flag (added: the release before; unlisted: the release itself). */
  readonly absentFrom?: string;
  /** The claim as drawn, where it was wrong and the fact now states the truth. */
  readonly wrongWhenDrawn?: string;
}

interface Audit {
  readonly seed: number;
  readonly facts: Fact[];
}
const audits = [
  'fact-audit.yaml',
  'fact-audit-2.yaml',
  'fact-audit-3.yaml',
  'fact-audit-4.yaml',
  'fact-audit-5.yaml',
  'fact-audit-6.yaml',
  'fact-audit-7.yaml',
  'fact-audit-8.yaml',
].map((file) => [file, parse(readFileSync(join(repoRoot, 'test', 'data', file), 'utf8')) as Audit] as const);
const releases = shippedReleases();
const lifecycle = (f: Fact) =>
  ['change', 'no-change', 'added', 'unlisted'].includes(f.kind) || f.expect.locked === true;

/** The fact as the snapshot states it, in the fact's own terms. */
function observed(
  f: Fact,
  s: ReleaseSnapshot,
  before?: ReleaseSnapshot,
): Record<string, string | boolean | null | undefined> {
  // A flag is one flag whichever word separator a page prints (`--one_output` is `--one-output`).
  const bare = f.kind === 'flag' ? f.name.replace(/^--/, '').replace(/_/g, '-') : f.name.replace(/^--/, '');
  switch (f.kind) {
    case 'flag': {
      const flag = s.flags[f.component!].find((x) => x.name === bare && !x.hidden);
      return {
        exists: flag !== undefined,
        type: flag?.type,
        default: flag?.default,
        deprecated: flag?.deprecated === true,
      };
    }
    case 'etcd': {
      // `version`: the etcd kubeadm deploys (its minor and the patch of the release's .0).
      if (f.name === 'version') return { version: s.etcd?.version, patch: s.etcd?.patch };
      // A flag of the etcd kubeadm deploys, as its configuration page lists it.
      const flag = s.etcd?.flags.find((x) => x.name === bare);
      // null: listed with no default (a fact says so with `default: null`).
      return {
        exists: flag !== undefined,
        default: flag ? (flag.default ?? null) : undefined,
        deprecated: flag ? flag.deprecated === true : undefined,
      };
    }
    case 'field':
      return { default: s.configs[f.configKind!]?.fields.find((x) => x.path === f.name)?.default };
    case 'gate': {
      const g = s.gates.find((x) => x.name === f.name);
      return {
        stage: g?.stage,
        default: g?.default,
        locked: g ? g.lockedToDefault === true : undefined,
        lockUnknown: g ? g.lockUnknown === true : undefined,
        since: g?.since,
      };
    }
    case 'plugin':
      return { available: s.admission.available.includes(f.name), defaultOn: s.admission.defaultOn.includes(f.name) };
    case 'added':
      return { added: s.flags[f.component!].some((x) => x.name === bare) };
    case 'unlisted':
      return { lastListed: s.unlisted?.[f.component!]?.find((x) => x.name === bare)?.lastListed };
    case 'no-diff':
      // `releases diff` from the release before has no such line (a false one, found by an audit).
      return {
        change:
          before !== undefined &&
          diffReleases(before, s, f.component).some(
            (c) => c.name === f.name && c.change === f.expect.change && (!f.configKind || c.component === f.configKind),
          )
            ? undefined
            : f.expect.change,
      };
    case 'diff': {
      // `releases diff` from the release before has the line (on the config kind the fact names).
      const line = (before === undefined ? [] : diffReleases(before, s, f.component)).find(
        (c) => c.name === f.name && c.change === f.expect.change && (!f.configKind || c.component === f.configKind),
      );
      return { change: line?.change, from: line?.from, to: line?.to };
    }
    case 'listed':
      // First documented, not new: `releases diff` from the release before says `listed`, not `added`.
      return {
        listed:
          before !== undefined &&
          diffReleases(before, s, f.component).some((c) => c.name === f.name && c.change === 'listed'),
      };
    case 'hidden': {
      const flag = s.flags[f.component!].find((x) => x.name === bare && x.hidden);
      return { hidden: flag !== undefined, deprecated: flag?.deprecated === true };
    }
    case 'no-change':
      return {
        change: s.changes.some(
          (c) =>
            c.kind === f.subject &&
            c.name === f.name &&
            c.change === f.expect.change &&
            (!f.component || !c.component || c.component === f.component),
        )
          ? undefined
          : f.expect.change,
      };
    case 'change': {
      const recorded = s.changes.some(
        (c) =>
          c.kind === f.subject &&
          c.name === f.name &&
          c.change === f.expect.change &&
          (!f.component || !c.component || c.component === f.component),
      );
      return {
        change: recorded ? f.expect.change : undefined,
        ...(f.expect.to ? { to: s.gates.find((g) => g.name === f.name)?.stage } : {}),
      };
    }
  }
}

/** What the change means for the setting itself, beyond the event being on record. */
function effect(f: Fact, s: ReleaseSnapshot, before: ReleaseSnapshot | undefined): boolean {
  if (f.kind === 'added') {
    const bare = f.name.replace(/^--/, '');
    return (
      before === undefined ||
      (!before.flags[f.component!].some((x) => x.name === bare) &&
        !(before.unlisted?.[f.component!] ?? []).some((x) => x.name === bare) &&
        // New, not an older flag first documented: `releases diff` says added, not listed.
        diffReleases(before, s, f.component).some((c) => c.name === f.name && c.change === 'added'))
    );
  }
  if (f.kind === 'unlisted') return !s.flags[f.component!].some((x) => x.name === f.name.replace(/^--/, ''));
  if (f.kind !== 'change') return true;
  const bare = f.name.replace(/^--/, '');
  const has = (r: ReleaseSnapshot) =>
    f.subject === 'flag'
      ? r.flags[f.component!].some((x) => x.name === bare)
      : f.subject === 'gate'
        ? r.gates.some((g) => g.name === f.name)
        : f.subject === 'plugin'
          ? r.admission.available.includes(f.name)
          : true;
  switch (f.expect.change) {
    case 'removed':
      return !has(s) && (before === undefined || has(before));
    case 'deprecated':
      return f.subject !== 'flag' || s.flags[f.component!].find((x) => x.name === bare)?.deprecated === true;
    case 'locked':
      return s.gates.find((g) => g.name === f.name)?.lockedToDefault === true;
    default:
      return true;
  }
}

describe('fact audit', () => {
  const [, audit] = audits[0];
  it('holds at least 100 facts, drawn with the seed it names, across releases and kinds', () => {
    expect(audit.seed).toBeTypeOf('number');
    expect(audit.facts.length).toBeGreaterThanOrEqual(100);
    expect(new Set(audit.facts.map((f) => f.kind))).toEqual(new Set(['flag', 'field', 'gate', 'plugin', 'change']));
    expect(new Set(audit.facts.map((f) => f.release)).size).toBeGreaterThanOrEqual(15);
    for (const f of audit.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });

  it('the second audit: at least 150 facts with another seed, half or more lifecycle claims, 1.13 to the newest', () => {
    const [, second] = audits[1];
    expect(second.seed).not.toBe(audit.seed);
    expect(second.facts.length).toBeGreaterThanOrEqual(150);
    expect(second.facts.filter(lifecycle).length * 2).toBeGreaterThanOrEqual(second.facts.length);
    expect(new Set(second.facts.map((f) => f.release)).size).toBeGreaterThanOrEqual(20);
    for (const f of second.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });
});

describe('the third audit', () => {
  it('60 facts drawn with a third seed, half or more lifecycle claims, then the facts added by hand', () => {
    const [, third] = audits[2];
    expect(new Set(audits.slice(0, 3).map(([, a]) => a.seed)).size).toBe(3);
    const drawn = third.facts.filter((f) => f.id <= 60);
    expect(drawn.length).toBe(60);
    expect(drawn.filter(lifecycle).length * 2).toBeGreaterThanOrEqual(drawn.length);
    for (const f of third.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });
});

describe('the fourth audit', () => {
  it('every fact the seed-4417 and s6 audits found wrong, as the source shows it, most with the claim it corrects', () => {
    const [, fourth] = audits[3];
    expect(fourth.facts.length).toBeGreaterThanOrEqual(10);
    expect(fourth.facts.filter((f) => f.wrongWhenDrawn).length * 2).toBeGreaterThanOrEqual(fourth.facts.length);
    for (const f of fourth.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });
});

describe('the fifth audit', () => {
  it('the gate and plugin facts the s6 and s7 reviews found wrong, as the source shows them, most with the claim they correct', () => {
    const [, fifth] = audits.find(([file]) => file === 'fact-audit-5.yaml')!;
    expect(fifth.facts.length).toBeGreaterThanOrEqual(30);
    expect(fifth.facts.filter((f) => f.wrongWhenDrawn).length * 2).toBeGreaterThanOrEqual(fifth.facts.length);
    for (const f of fifth.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });
});

describe('the sixth audit', () => {
  it('flag, field and etcd facts the seed-8101 and seed-9203 audits found wrong, each with the claim it corrects', () => {
    const sixth = audits.find(([file]) => file === 'fact-audit-6.yaml')![1];
    expect(sixth.facts.length).toBeGreaterThanOrEqual(10);
    for (const f of sixth.facts) {
      expect(f.wrongWhenDrawn, `fact ${f.id}`).toBeTruthy();
      expect(releases, `fact ${f.id}`).toContain(f.release);
    }
  });
});

describe('the seventh audit', () => {
  it('the facts the s7 reviews found wrong or missing, as the source shows them, each with the claim it corrects', () => {
    const [, seventh] = audits.find(([file]) => file === 'fact-audit-7.yaml')!;
    expect(seventh.facts.length).toBeGreaterThanOrEqual(10);
    for (const f of seventh.facts) {
      expect(releases, `fact ${f.id}`).toContain(f.release);
      expect(f.wrongWhenDrawn, `fact ${f.id}`).toBeTruthy();
    }
  });
});

describe('the eighth audit', () => {
  it('config kinds and API versions (the s7 diff reviews): each false or missing line as the source shows it', () => {
    const [, eighth] = audits.find(([file]) => file === 'fact-audit-8.yaml')!;
    expect(eighth.facts.length).toBeGreaterThanOrEqual(10);
    expect(eighth.facts.filter((f) => f.wrongWhenDrawn).length * 2).toBeGreaterThanOrEqual(eighth.facts.length);
    for (const f of eighth.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });
});

describe.each(audits)('%s', (_file, audit) => {
  it.each(audit.facts.map((f) => [f.id, f.kind, f.release, f.name, f] as const))(
    'fact %i: %s %s %s holds in the shipped snapshot',
    (_id, _kind, release, _name, f) => {
      const s = shippedRelease(release);
      const before =
        releases.indexOf(release) > 0 ? shippedRelease(releases[releases.indexOf(release) - 1]) : undefined;
      const got = observed(f, s, before);
      if (f.kind === 'flag') expect(got.exists, 'listed and not hidden').toBe(true);
      for (const [k, v] of Object.entries(f.expect)) expect(got[k], k).toBe(v);
      if (f.kind === 'flag') {
        // A flag's type and default are all the page gives: none where the fact has none.
        if (!('type' in f.expect)) expect(got.type, 'type').toBeUndefined();
        if (!('default' in f.expect)) expect(got.default, 'default').toBeUndefined();
      }
      expect(effect(f, s, before), 'the change shows in the snapshot').toBe(true);
    },
  );
});

describe.skipIf(!hasCorpus).each(audits)('%s: the cited sources (corpus)', (_file, audit) => {
  const lines = new Map<string, string[]>();
  const lineAt = (source: string): string => {
    const [file, n] = source.split(':');
    if (!lines.has(file)) lines.set(file, readFileSync(join(corpus, 'kubernetes', file), 'utf8').split('\n'));
    return lines.get(file)![Number(n) - 1] ?? '';
  };
  it.each(audit.facts.map((f) => [f.id, f.source, f] as const))('fact %i: %s holds its proof', (_id, _source, f) => {
    for (const c of [f, ...(f.also ?? [])])
      for (const token of c.proves) expect(lineAt(c.source), `${c.source}: ${token}`).toContain(token);
    if (f.heading) expect(lineAt(f.heading)).toContain(f.name);
    if (f.kind === 'flag' && !f.heading) expect(lineAt(f.source)).toContain(f.name);
    if (f.absentFrom) {
      const page = readFileSync(join(corpus, 'kubernetes', f.absentFrom), 'utf8');
      expect(page, `${f.absentFrom} lists ${f.name}`).not.toMatch(
        new RegExp(`>${f.name.replace(/[-]/g, '\\-')}(&nbsp;|<| )`),
      );
    }
    if (f.kind === 'gate' && f.source.startsWith('source/')) {
      // A VersionedSpecs line: the key of its block names the gate (by its Go identifier).
      const [file, n] = f.source.split(':');
      const text = lines.get(file)!;
      let key: string | undefined;
      for (let i = Number(n) - 1; i >= 0 && !key; i--) key = text[i].match(/^\s*(?:\w+\.)?(\w+): \{\s*$/)?.[1];
      expect(key === f.name || text.some((l) => l.includes(`${key} featuregate.Feature = "${f.name}"`)), f.name).toBe(
        true,
      );
    } else if (f.kind === 'gate') expect(lineAt(f.source)).toMatch(new RegExp(`${f.name}|fromVersion`));
  });
});
