import { describe, expect, it } from 'vitest';

describe('public API', () => {
  it('exports exactly what we mean to', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'Benchmark', 'Check', 'Component', 'Control', 'InputError', 'Operator', 'Section', 'Subject', 'Target',
      'compareIds', 'importKubeBench', 'loadBenchmark', 'main', 'parseBenchmark', 'readKubeBenchFolder', 'serializeBenchmark',
    ]);
  });
});
