// Every reader of a user's YAML goes through the bounded reader (io/yaml.ts): a draft being
// merged, a node's config files and manifests, the output an audit replays, a benchmark's
// control positions. Hostile text (thousands of aliases, nesting thousands deep) is one
// positioned line, never a stack overflow or a walk of the document per alias.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeDraft } from '../src/draft/merge.js';
import { controlSlices } from '../src/draft/stamps.js';
import { boundedDocument, boundedValue } from '../src/io/yaml.js';
import { formatProblem, InputError } from '../src/model/problem.js';
import { workspace } from './fuzz-kit.js';
import { run } from './helpers.js';

const aliases = (n: number) => `a: &a [1, 2, 3]\nc: &c [*a, *a]\nb: [${Array(n).fill('*c').join(', ')}]\n`;
const deepFlow = (n: number) => `x: ${'['.repeat(n)}${']'.repeat(n)}\n`;
const deepBlock = (n: number) => `x:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}`;

/** The one line an InputError prints. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems.map(formatProblem).join('\n');
  }
  throw new Error('expected an InputError');
}

describe('the bounded reader of user YAML', () => {
  it('reads ordinary YAML and JSON as plain values, with the few aliases real files use', () => {
    expect(boundedValue('a: &x {b: 1}\nc: *x\n', 'f.yaml')).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(boundedValue('{"kind": "Pod", "spec": {"containers": []}}', 'p.json')).toEqual({
      kind: 'Pod',
      spec: { containers: [] },
    });
    expect(boundedValue('k: yes\n', 'old.yaml', { version: '1.1' })).toEqual({ k: true });
  });

  it('refuses 10,000 aliases at the alias that passes the bound, in one line', () => {
    const line = refusal(() => boundedValue(aliases(10_000), 'bomb.yaml'));
    expect(line).toMatch(/^bomb\.yaml:3:\d+: aliases expand too far \(\d+ expansions\), expected at most 100/);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('refuses nesting thousands deep, flow or block, without overflowing the stack', () => {
    expect(refusal(() => boundedValue(deepFlow(10_000), 'deep.yaml'))).toBe(
      'deep.yaml:1:67: nested more than 64 levels deep, expected a document nested at most 64 levels',
    );
    expect(refusal(() => boundedDocument(deepBlock(3_000), 'block.yaml'))).toMatch(
      /^block\.yaml:\d+:\d+: nested more than 64 levels deep/,
    );
  });

  it('names an alias to nothing and a syntax error where they are', () => {
    expect(refusal(() => boundedValue('a: *none\n', 'u.yaml'))).toBe(
      'u.yaml:1:4: undefined alias *none, expected an anchor &none before it',
    );
    expect(refusal(() => boundedValue('a: [1\nb: 2\n', 's.yaml'))).toMatch(/^s\.yaml:\d+:\d+: invalid YAML: /);
  });
});

describe('a draft being merged is read with the bounded reader', () => {
  it('refuses a deeply nested existing draft at its position, and finds no controls in it', () => {
    expect(() => mergeDraft(deepFlow(10_000), 'sections: []\n', 'd.yaml')).toThrow(
      /^d\.yaml:1:67: is not valid YAML \(nested more than 64 levels deep, expected a document nested at most 64 levels\)/,
    );
    expect(controlSlices(deepFlow(10_000))).toEqual({ slices: [], sections: 0 });
  });

  it('walks a draft of 10,000 aliases once', () => {
    const text = `# benchwright-draft: -\nsections:\n  - &s {controls: [{id: "1"}]}\n${aliases(10_000)}`;
    expect(controlSlices(text).sections).toBe(1);
  });
});

describe('through the command line', () => {
  let ws: ReturnType<typeof workspace>;
  beforeAll(() => {
    ws = workspace('bw-bounded-');
  });
  afterAll(() => ws.done());

  it.each([
    ['10,000 aliases', aliases(10_000), /^d\.yaml: was not written by benchwright draft/],
    ['nesting 10,000 deep', deepFlow(10_000), /^d\.yaml:1:67: is not valid YAML \(nested more than 64 levels deep/],
  ])('draft over an existing file of %s is one line and exit 2', async (_, text, message) => {
    writeFileSync(join(ws.dir, 'd.yaml'), text);
    const r = await run(['draft', 'cis-1.9', '--release', '1.30', '--out', 'd.yaml'], ws.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
