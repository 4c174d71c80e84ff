// The fact audit (test/data/fact-audit.yaml): every fact a person checked against the primary
// source holds in the shipped snapshots, and the cited source line still says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
  readonly kind: 'flag' | 'field' | 'gate' | 'plugin' | 'change';
  readonly release: string;
  readonly component?: ReleaseComponent;
  readonly configKind?: string;
  readonly subject?: 'flag' | 'gate' | 'plugin' | 'field';
  readonly name: string;
  readonly expect: Record<string, string | boolean>;
  readonly heading?: string;
  readonly also?: Citation[];
}

const audit = parse(readFileSync(join(repoRoot, 'test', 'data', 'fact-audit.yaml'), 'utf8')) as {
  seed: number;
  facts: Fact[];
};
const releases = shippedReleases();

/** The fact as the snapshot states it, in the fact's own terms. */
function observed(f: Fact, s: ReleaseSnapshot): Record<string, string | boolean | undefined> {
  const bare = f.name.replace(/^--/, '');
  switch (f.kind) {
    case 'flag': {
      const flag = s.flags[f.component!].find((x) => x.name === bare && !x.hidden);
      return { exists: flag !== undefined, type: flag?.type, default: flag?.default };
    }
    case 'field':
      return { default: s.configs[f.configKind!]?.fields.find((x) => x.path === f.name)?.default };
    case 'gate': {
      const g = s.gates.find((x) => x.name === f.name);
      return { stage: g?.stage, default: g?.default, locked: g ? g.lockedToDefault === true : undefined };
    }
    case 'plugin':
      return { available: s.admission.available.includes(f.name), defaultOn: s.admission.defaultOn.includes(f.name) };
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
  it('holds at least 100 facts, drawn with the seed it names, across releases and kinds', () => {
    expect(audit.seed).toBeTypeOf('number');
    expect(audit.facts.length).toBeGreaterThanOrEqual(100);
    expect(new Set(audit.facts.map((f) => f.kind))).toEqual(new Set(['flag', 'field', 'gate', 'plugin', 'change']));
    expect(new Set(audit.facts.map((f) => f.release)).size).toBeGreaterThanOrEqual(15);
    for (const f of audit.facts) expect(releases, `fact ${f.id}`).toContain(f.release);
  });

  it.each(audit.facts.map((f) => [f.id, f.kind, f.release, f.name, f] as const))(
    'fact %i: %s %s %s holds in the shipped snapshot',
    (_id, _kind, release, _name, f) => {
      const s = shippedRelease(release);
      const before =
        releases.indexOf(release) > 0 ? shippedRelease(releases[releases.indexOf(release) - 1]) : undefined;
      const got = observed(f, s);
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

describe.skipIf(!hasCorpus)('fact audit: the cited sources (corpus)', () => {
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
    if (f.kind === 'gate') expect(lineAt(f.source)).toMatch(new RegExp(`${f.name}|fromVersion`));
  });
});
