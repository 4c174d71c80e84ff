// The fast writer of our format must give exactly the Document's bytes: on every fixture
// folder imported (full text and facts only), every shipped benchmark, and hostile strings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubeBenchFolders, readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { dockerBenchFolders, readDockerBenchFolder } from '../src/ingest/docker-bench/read.js';
import { loadBenchmarkFile } from '../src/ingest/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { emitYaml } from '../src/ingest/emit.js';
import { flowInFormat, serializeBenchmark } from '../src/ingest/native.js';
import { benchmarksDir } from '../src/paths.js';
import { corpus, hasCorpus, kubeBenchCfg } from './helpers.js';

const both = (b: Parameters<typeof serializeBenchmark>[0]) => ({
  fast: serializeBenchmark(b),
  slow: serializeBenchmark(b, undefined, { viaDocument: true }),
});

describe('the fast writer of our format', () => {
  it('writes every shipped benchmark as its file holds it', () => {
    for (const id of shippedIds()) {
      const file = join(benchmarksDir, `${id}.yaml`);
      const { fast } = both(loadBenchmarkFile(file).benchmark);
      expect(fast, id).toBe(readFileSync(file, 'utf8'));
    }
  });

  it.skipIf(!hasCorpus)(
    'gives the Document bytes for every kube-bench and docker-bench folder, text and facts only',
    () => {
      const folders = [
        ...kubeBenchFolders(kubeBenchCfg).map((f) => (o: { factsOnly: boolean }) => readKubeBenchFolder(f, o)),
        ...dockerBenchFolders(join(corpus, 'docker-bench', 'cfg')).map(
          (f) => (o: { factsOnly: boolean }) => readDockerBenchFolder(f, o),
        ),
      ];
      expect(folders.length).toBeGreaterThan(50);
      for (const read of folders)
        for (const factsOnly of [false, true]) {
          const { benchmark } = read({ factsOnly });
          const { fast, slow } = both(benchmark);
          expect(fast, `${benchmark.id} factsOnly=${factsOnly}`).toBe(slow);
        }
    },
  );

  it('gives the Document bytes for hostile strings in every context, or leaves them to it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ maxLength: 40, unit: 'binary' }),
          fc.constantFrom('a\u0085b', 'x\u00a0', 'é: x', '1e3', '0o17', '.5', '-', '- a', 'a\r\nb'),
        ),
        fc.string({ maxLength: 12 }),
        (s, k) => {
          const value = {
            title: s,
            list: [s, { a: s }],
            kubernetes: [s],
            source: { path: s, [k || 'x']: s },
            nested: { [k || 'y']: s },
          };
          const fast = emitYaml(
            value,
            (p) => (p.length === 1 && p[0] === 'kubernetes') || (p[0] === 'source' && p.length === 1),
          );
          if (fast === undefined) return;
          const d = new Document(value, { version: '1.2' });
          (d.get('kubernetes', true) as { flow: boolean }).flow = true;
          (d.get('source', true) as { flow: boolean }).flow = true;
          expect(fast).toBe(d.toString({ lineWidth: 0 }));
        },
      ),
      { numRuns: 400, seed: 20261126 },
    );
  });

  it('the flow paths are those of the format', () => {
    expect(flowInFormat(['kubernetes'])).toBe(true);
    expect(flowInFormat(['sections', '*', 'controls', '*', 'checks', '*', 'subjects', '*'])).toBe(true);
    expect(flowInFormat(['sections', '*', 'controls', '*', 'checks', '*'])).toBe(false);
    expect(flowInFormat(['kubeBench', 'targets', 'master', 'table', 'apiserver'])).toBe(true);
  });
});
