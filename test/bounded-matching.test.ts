// Globs and the regular expressions benchmarks supply are matched in bounded time: the glob
// matcher agrees with the pattern it replaced on small inputs and decides the inputs that
// froze that pattern (runs of `*`, names past the pattern compiler's limit); benchmark
// patterns run in RE2, as kube-bench's Go does, so catastrophic ones are decided at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOp, evaluateItem } from '../src/evaluate/kube-bench/test-items.js';
import { meets } from '../src/evaluate/compare.js';
import { globMatches } from '../src/model/glob.js';
import { goRegexp } from '../src/model/go-regexp.js';
import { aliasExpansions, parseYaml, yamlValue } from '../src/io/yaml.js';

const asRegExp = (glob: string, slash: boolean) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, slash ? '[^/]*' : '.*')
      .replace(/\?/g, slash ? '[^/]' : '.')}$`,
    's',
  );

describe('globMatches', () => {
  it('agrees with the regular expression it replaces on small globs and names', () => {
    const ch = fc.constantFrom('a', 'b', '/', '*', '?', '.', '-');
    fc.assert(
      fc.property(
        fc.string({ unit: ch, maxLength: 8 }),
        fc.string({ unit: ch, maxLength: 10 }),
        fc.boolean(),
        (g, t, slash) => {
          expect(globMatches(g, t, { slash })).toBe(asRegExp(g, slash).test(t));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('decides a run of 10,000 stars and a 200,000-character name', () => {
    const stars = `${'*a'.repeat(10_000)}b`;
    expect(globMatches(stars, `${'a'.repeat(20_000)}c`)).toBe(false);
    expect(globMatches(stars, `${'a'.repeat(20_000)}b`)).toBe(true);
    expect(globMatches(`${'a'.repeat(200_000)}*`, 'calico-node-x')).toBe(false);
    expect(globMatches('calico-node-*', 'calico-node-x')).toBe(true);
    expect(globMatches('*.crt', 'pki/ca.crt', { slash: true })).toBe(false);
  });
});

describe('benchmark regular expressions run as Go runs them (RE2)', () => {
  const evil = `${'a'.repeat(50_000)}b`;
  it('a catastrophic pattern is decided, not backtracked', () => {
    expect(compareOp('regex', evil, '^(a+)+$')).toBe(false);
    expect(meets({ op: 'regex', value: '^(a|aa)+$' }, evil)).toBe(false);
    expect(compareOp('regex', 'aaa', '^(a+)+$')).toBe(true);
  });

  it('a flag turned into a pattern is decided on a long line', () => {
    const item = { flag: '(a+)+x', op: 'eq', value: 'y' } as const;
    expect(evaluateItem(item as never, 'audit', `${'a'.repeat(50_000)}(a+)+x`, false).pass).toBe(false);
  });

  it('what Go refuses is refused (lookaround, backreferences) and what Go reads is read', () => {
    expect(goRegexp('(?=a)')).toHaveProperty('error');
    expect(goRegexp('(a)\\1')).toHaveProperty('error');
    expect(compareOp('regex', 'ABC', '(?i)^abc$')).toBe(true);
    expect(compareOp('regex', 'x9', '^x[[:digit:]]\\z')).toBe(true);
    // An invalid pattern never passes (kube-bench panics on it).
    expect(compareOp('regex', 'a', '(')).toBe(false);
  });
});

describe('YAML aliases are counted in one walk', () => {
  const value = (text: string, limit = 100) => yamlValue(parseYaml(text, 'f.yaml'), 'f.yaml', limit);

  it('30,000 aliases are refused at the alias that passes the limit', () => {
    const text = `a: &a 1\nb: [${Array(30_000).fill('*a').join(', ')}]\n`;
    const parsed = parseYaml(text, 'f.yaml');
    expect(parsed.problems).toEqual([]);
    expect(value(text).problems).toEqual([
      {
        file: 'f.yaml',
        line: 2,
        col: 405,
        severity: 'error',
        message: 'aliases expand too far (30000 expansions), expected at most 100 alias expansions',
      },
    ]);
  });

  it('an exponential bomb is counted without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, c] of [...'bcdefghijklmnopqrstuvwxyz'].entries())
      bomb.push(`${c}: &${c} [${Array(9).fill(`*${'abcdefghijklmnopqrstuvwxyz'[i]}`).join(', ')}]`);
    expect(aliasExpansions(parseYaml(bomb.join('\n'), 'f.yaml').doc!).count).toBe(2 ** 31);
    expect(value(bomb.join('\n')).problems[0]?.message).toMatch(/^aliases expand too far \(over 2147483648 /);
  });

  it('converts what stays under the limit, as yaml would; undefined and later anchors are named', () => {
    const text = 'a: &a {x: 1}\nb: [*a, *a]\nc: &c [*c]\nd: &a 2\ne: *a\n';
    const v = value(text).value as Record<string, unknown>;
    expect(v.b).toEqual([{ x: 1 }, { x: 1 }]);
    expect(v.e).toBe(2);
    expect(aliasExpansions(parseYaml(text, 'f.yaml').doc!).count).toBe(4);
    expect(parseYaml('a: *nothing\nb: &nothing 1\n', 'f.yaml').problems).toEqual([
      {
        file: 'f.yaml',
        line: 1,
        col: 4,
        severity: 'error',
        message: 'undefined alias *nothing, expected an anchor &nothing before it',
      },
    ]);
  });
});
