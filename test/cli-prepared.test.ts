// data/prepared/: the cheapest form of what the command line reads on every run.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmarkFile } from '../src/ingest/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { repoRoot } from '../src/paths.js';
import { buildPrepared } from '../src/prepared/build.js';
import { preparedFile, readPrepared } from '../src/prepared/read.js';
import { readKnowledge } from '../src/rules/knowledge.js';
import { loadBenchmarkRef, loadKnowledge } from '../src/cli/load.js';

describe('data/prepared', () => {
  it('equals a fresh build from benchmarks/ and data/knowledge.yaml (npm run data rewrites it)', () => {
    const built = buildPrepared();
    expect([...built.keys()]).toContain('data/prepared/knowledge.json');
    expect([...built.keys()]).toContain('data/prepared/benchmarks/cis-1.4.json');
    for (const [rel, text] of built) expect(readFileSync(join(repoRoot, rel), 'utf8'), rel).toBe(text);
  });

  it('reads as the same benchmarks and knowledge as the YAML, without warnings to lose', async () => {
    for (const id of shippedIds()) {
      const full = loadBenchmarkFile(join(repoRoot, 'benchmarks', `${id}.yaml`));
      expect(full.warnings, id).toEqual([]);
      const fast = await loadBenchmarkRef(id, tmpdir());
      expect(fast.benchmark, id).toEqual(JSON.parse(JSON.stringify(full.benchmark)));
      expect(fast.file).toBe(full.file);
    }
    // Maps and sets come back as maps and sets (tagged in the JSON).
    expect(await loadKnowledge()).toEqual(readKnowledge());
  });

  it('is ignored once its source changes: an edited YAML file is read again', () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-prepared-'));
    const source = 'benchmarks/cis-1.4.yaml';
    cpSync(join(repoRoot, source), join(root, source), { recursive: true });
    cpSync(join(repoRoot, preparedFile(source)), join(root, preparedFile(source)));
    expect(readPrepared(source, root)).toBeDefined();
    writeFileSync(join(root, source), readFileSync(join(root, source), 'utf8').replace('2.1.10', '2.1.99'));
    expect(readPrepared(source, root)).toBeUndefined();
    expect(readPrepared('benchmarks/none.yaml', root)).toBeUndefined();
  });

  it('a file named like a shipped id in the working directory wins, as loadBenchmark has it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-shadow-'));
    const yaml = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.4.yaml'), 'utf8').replace(
      'id: cis-1.4',
      'id: shadow',
    );
    writeFileSync(join(dir, 'cis-1.4'), yaml);
    expect((await loadBenchmarkRef('cis-1.4', dir)).benchmark.id).toBe('shadow');
  });
});
