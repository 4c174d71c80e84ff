import { describe, expect, it } from 'vitest';

describe('public API', () => {
  it('exports exactly what we mean to', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'Benchmark',
      'Check',
      'Component',
      'Control',
      'InputError',
      'Operator',
      'Section',
      'Subject',
      'Target',
      'buildLineage',
      'categories',
      'checkBenchmark',
      'compareIds',
      'diffBenchmarks',
      'importKubeBench',
      'lineageOf',
      'loadBenchmark',
      'main',
      'orderBenchmarks',
      'parseBenchmark',
      'planProposals',
      'readKubeBenchFolder',
      'serializeBenchmark',
    ]);
  });
});
