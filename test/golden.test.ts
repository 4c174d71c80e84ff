import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;

describe('golden files', () => {
  it('are each used by a test (no orphans left behind by a renamed test)', () => {
    const tests = readdirSync(here)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(here, f), 'utf8'))
      .join('\n');
    const orphans = readdirSync(join(here, 'golden')).filter((g) => !tests.includes(`golden/${g}`));
    expect(orphans).toEqual([]);
  });
});
