// Small readers over the yaml Document API: we walk nodes (not plain JS) to keep
// positions and the literal text of scalars (ids like 1.10 must stay "1.10").
import { isMap, isScalar, isSeq } from '../io/yaml-lib.js';
import type { LineCounter, Node, Pair, Scalar, YAMLMap } from 'yaml';

export type Pos = { line: number; col: number };

export function posOf(node: unknown, lc: LineCounter): Pos {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return { line: 1, col: 1 };
  return lc.linePos(range[0]);
}

export function pairs(node: unknown): Pair<Scalar, unknown>[] {
  return isMap(node) ? (node.items as Pair<Scalar, unknown>[]) : [];
}

export function keyOf(pair: Pair<unknown, unknown>): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

export function get(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const p of (node as YAMLMap).items) if (keyOf(p) === key) return p.value as Node;
  return undefined;
}

/** The scalar's text as written: `1.10` stays "1.10", `false` becomes "false". */
export function text(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null) return undefined;
  // Scalar.PLAIN, read here for every scalar of a corpus: the literal, not the lazily loaded class.
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return String(node.value);
}

export function bool(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

export { isMap, isScalar, isSeq };
