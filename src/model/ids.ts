// Control ids are strings exactly as written ("1.10" is not "1.1", "1.1.37a" is valid).
// Natural order compares digit runs as numbers and everything else by code point,
// so the order never depends on the locale.

const chunk = /(\d+)|(\D+)/g;

// Sorting compares the same ids many times; their parts are computed once each.
const memo = new Map<string, Array<number | string>>();

function parts(id: string): Array<number | string> {
  let out = memo.get(id);
  if (out) return out;
  out = [];
  for (const m of id.matchAll(chunk)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  if (memo.size > 50_000) memo.clear();
  memo.set(id, out);
  return out;
}

export function compareIds(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return compareText(x, y);
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return compareText(a, b);
}

/** Code-point comparison: stable across locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kubernetes minor versions ("1.9" < "1.10"). */
export function compareVersions(a: string, b: string): number {
  return compareIds(a, b);
}
