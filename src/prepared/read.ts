// Shipped data in its cheapest form. `npm run data` writes data/prepared/<name>.json beside
// each YAML source the command line reads on every run (the shipped benchmarks, the rules'
// knowledge): the value the source reads as, already validated, with the hash of the
// source's bytes. Reading it skips the YAML parser and the schema validation, which cost
// more than the rest of a `show` or `check`. A source edited since falls back to the full
// path (and the generated-files test says to run `npm run data`).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../io/yaml-lib.js';
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

/**
 * Other files a source's value is read from: the rules' knowledge includes the workloads data,
 * so an edit of either makes the prepared knowledge stale.
 */
const alsoReadFrom: Readonly<Record<string, readonly string[]>> = {
  'data/knowledge.yaml': ['data/workloads.yaml', 'data/topics.yaml', 'data/docker-on-kubernetes.yaml'],
};

/** The bytes a prepared value depends on: the source and the files its value is also read from. */
export function sourceBytes(source: string, root = repoRoot): Buffer {
  return Buffer.concat([source, ...(alsoReadFrom[source] ?? [])].map((f) => readFileSync(join(root, f))));
}

// Maps and sets survive the round trip through JSON as tagged lists.
const replacer = (_k: string, v: unknown): unknown =>
  v instanceof Map ? { $map: [...v.entries()] } : v instanceof Set ? { $set: [...v] } : v;
const reviver = (_k: string, v: unknown): unknown => {
  if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) return v;
  if (Object.hasOwn(v, '$map')) return new Map((v as { $map: [unknown, unknown][] }).$map);
  if (Object.hasOwn(v, '$set')) return new Set((v as { $set: unknown[] }).$set);
  return v;
};

/** The prepared value of a source (relative to the repository root), or undefined when absent or stale. */
export function readPrepared<T>(source: string, root = repoRoot): T | undefined {
  let bytes: Buffer;
  let prepared: Prepared<T>;
  try {
    bytes = sourceBytes(source, root);
    prepared = JSON.parse(readFileSync(join(root, preparedFile(source)), 'utf8'), reviver) as Prepared<T>;
  } catch {
    return undefined;
  }
  return prepared.source === source && prepared.sha256 === sha256(bytes) ? prepared.value : undefined;
}

/** A shipped YAML source (relative to the repository root) as plain values, YAML 1.2. */
export function parsedSource<T>(source: string, root = repoRoot): T {
  return parse(readFileSync(join(root, source), 'utf8'), { version: '1.2' }) as T;
}

/** The prepared value of a source, or the source itself parsed when its prepared copy is absent or stale. */
export function preparedOrParsed<T>(source: string, root = repoRoot): T {
  return readPrepared<T>(source, root) ?? parsedSource<T>(source, root);
}

export function serializePrepared(source: string, bytes: string | Buffer, value: unknown): string {
  const prepared: Prepared<unknown> = { source, sha256: sha256(bytes), value };
  return `${JSON.stringify(prepared, replacer, 1)}\n`;
}
