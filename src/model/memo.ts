// Memo tables: the value under a key, made on first ask and kept. Rules and evaluation ask the
// same questions of the same snapshots, nodes and controls many times over.

interface Table<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value `table` holds under `key`, made by `make` (and kept) when it holds none. */
export function cached<K, V>(table: Table<K, V>, key: K, make: () => NoInfer<V>): V {
  let value = table.get(key);
  if (value === undefined) {
    value = make();
    table.set(key, value);
  }
  return value;
}
