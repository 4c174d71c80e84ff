// The repository root, whether running from src/ (tests) or dist/ (the CLI).
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const dataDir = join(repoRoot, 'data');
export const benchmarksDir = join(repoRoot, 'benchmarks');
export const schemaFile = join(repoRoot, 'schema', 'benchmark.schema.json');

/** Where the third-party fixtures live: BENCHWRIGHT_CORPUS, else ../shared/fixtures. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCHWRIGHT_CORPUS ?? join(repoRoot, '..', 'shared', 'fixtures');
}
