// The findings audit (test/data/finding-audit.yaml, issue 19 item 8): findings drawn at random and
// judged by hand. Every wrong one stays corrected (its corrected claim asserted), every true one is
// still reported, and the source line that decides each still says so where the corpus is present.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/paths.js';
import type { Finding } from '../src/rules/types.js';
import { corpus, hasCorpus, run } from './helpers.js';

interface Claim {
  readonly rule?: string;
  readonly category?: string;
  readonly matches?: string;
  readonly not?: string;
  readonly config?: string;
  readonly suggestionNot?: string;
  readonly verdict?: 'true' | 'noise';
  /** The finding is no longer reported at all. */
  readonly absent?: boolean;
  /** Another finding of the control that must be there too. */
  readonly with?: { rule: string; matches: string };
}
interface Entry {
  readonly id: number;
  readonly benchmark: string;
  readonly release: string;
  readonly installer: string;
  readonly control: string;
  readonly rule: string;
  readonly category: string;
  readonly verdict: 'true' | 'noise' | 'wrong';
  readonly source: string;
  readonly proves?: string[];
  readonly says: string;
  readonly rejudged?: string;
  readonly also?: { source: string; proves?: string[]; says: string };
  readonly now?: Claim;
}

const audit = parse(readFileSync(join(repoRoot, 'test', 'data', 'finding-audit.yaml'), 'utf8')) as {
  seed: number;
  pairs: Array<[string, string]>;
  findings: Entry[];
};

describe('the findings audit', async () => {
  // Each pair with the installer its entries were drawn with (`none`: check without --installer).
  const byPair = new Map<string, Finding[]>();
  const key = (benchmark: string, release: string, installer: string) => `${benchmark}@${release}@${installer}`;
  const runs = new Map<string, [string, string, string]>();
  for (const [benchmark, release] of audit.pairs)
    runs.set(key(benchmark, release, 'kubeadm'), [benchmark, release, 'kubeadm']);
  for (const e of audit.findings)
    runs.set(key(e.benchmark, e.release, e.installer), [e.benchmark, e.release, e.installer]);
  for (const [k, [benchmark, release, installer]] of runs) {
    const r = await run([
      'check',
      benchmark,
      '--release',
      release,
      ...(installer === 'none' ? [] : ['--installer', installer]),
      '--format',
      'json',
    ]);
    byPair.set(k, (JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results[0].findings);
  }
  const at = (e: Entry) =>
    byPair.get(key(e.benchmark, e.release, e.installer))!.filter((f) => f.controlId === e.control);

  it('holds at least 60 findings from at least 6 pairs, each judged with its source', () => {
    expect(audit.findings.length).toBeGreaterThanOrEqual(60);
    expect(new Set(audit.findings.map((e) => `${e.benchmark}@${e.release}`)).size).toBeGreaterThanOrEqual(6);
    for (const e of audit.findings) {
      expect(['true', 'noise', 'wrong'], String(e.id)).toContain(e.verdict);
      expect(e.source && e.says, String(e.id)).toBeTruthy();
      // A wrong finding must say what is right now.
      if (e.verdict === 'wrong') expect(e.now, String(e.id)).toBeDefined();
    }
  });

  it.each(audit.findings.map((e) => [e.id, e] as const))('finding %i is reported as judged', (_id, e) => {
    const fs = at(e);
    const now = e.now ?? {};
    const mine = fs.filter((f) => f.ruleId === (now.rule ?? e.rule) && f.category === (now.category ?? e.category));
    const other = () =>
      now.with &&
      expect(fs.some((f) => f.ruleId === now.with!.rule && f.message.includes(now.with!.matches))).toBe(true);
    if (now.absent) {
      expect(mine, `${e.benchmark}@${e.release} ${e.control} ${e.rule}`).toEqual([]);
      return void other();
    }
    expect(mine.length, `${e.benchmark}@${e.release} ${e.control} ${e.rule}`).toBeGreaterThan(0);
    if (now.matches) expect(mine.some((f) => f.message.includes(now.matches!))).toBe(true);
    if (now.not) for (const f of fs) expect(f.message).not.toContain(now.not);
    if (now.config) expect(mine.some((f) => f.suggestion.installerConfig?.includes(now.config!))).toBe(true);
    if (now.suggestionNot) for (const f of mine) expect(JSON.stringify(f.suggestion)).not.toContain(now.suggestionNot);
    other();
  });

  it('is now judged with no wrong finding, and noise below one in ten', () => {
    const after = audit.findings.map((e) => e.now?.verdict ?? (e.verdict === 'wrong' ? 'true' : e.verdict));
    expect(after.filter((v) => v === 'noise').length).toBeLessThan(audit.findings.length / 10);
  });

  it.skipIf(!hasCorpus)('cites lines that say what the judgement rests on', () => {
    const bad: string[] = [];
    for (const e of audit.findings)
      for (const c of [e, ...(e.also ? [e.also] : [])]) {
        if (!c.proves || /^https?:/.test(c.source)) continue;
        const [file, line] = c.source.split(':');
        const text = readFileSync(join(corpus, '..', file), 'utf8').split('\n')[Number(line) - 1] ?? '';
        for (const p of c.proves) if (!text.includes(p)) bad.push(`${e.id}: ${c.source} lacks "${p}"`);
      }
    expect(bad).toEqual([]);
  });
});
