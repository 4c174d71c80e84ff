// Lookups keyed by what a user wrote (an installer name, a folder name, a flag from a
// benchmark file) must never reach Object.prototype: `toString`, `constructor` and
// `__proto__` are names like any other, found or not found.

/** The record's own value for `key`, never an inherited one. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record without a prototype, for tables read from data and indexed by user input. */
export function dictionary<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}
