// Shipped data in its cheapest form. `npm run data` writes data/prepared/<name>.json beside
// each YAML source the command line reads on every run (the shipped benchmarks, the rules'
// knowledge): the value the source reads as, already validated, with the hash of the
// source's bytes. Reading it skips the YAML parser and the schema validation, which cost
// more than the rest of a `show` or `check`. A source edited since falls back to the full
// path (and the generated-files test says to run `npm run data`).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

export interface Prepared<T> {
  /** The source, relative to the repository root. */
  readonly source: string;
  readonly sha256: string;
  readonly value: T;
}

/** `benchmarks/cis-1.4.yaml` → `data/prepared/benchmarks/cis-1.4.json`; `data/x.yaml` → `data/prepared/x.json`. */
export function preparedFile(source: string): string {
  return `data/prepared/${source.replace(/^data\//, '').replace(/\.ya?ml$/, '')}.json`;
}

export function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The prepared value of a source (relative to the repository root), or undefined when absent or stale. */
export function readPrepared<T>(source: string, root = repoRoot): T | undefined {
  let bytes: Buffer;
  let prepared: Prepared<T>;
  try {
    bytes = readFileSync(join(root, source));
    prepared = JSON.parse(readFileSync(join(root, preparedFile(source)), 'utf8')) as Prepared<T>;
  } catch {
    return undefined;
  }
  return prepared.source === source && prepared.sha256 === sha256(bytes) ? prepared.value : undefined;
}

export function serializePrepared(source: string, bytes: string | Buffer, value: unknown): string {
  const prepared: Prepared<unknown> = { source, sha256: sha256(bytes), value };
  return `${JSON.stringify(prepared, null, 1)}\n`;
}
