// A map flag's default as the config field documents it. The reference pages are generated on
// whatever host builds them, and the kubelet's default map depends on the OS: from 1.20 on the
// kubelet page prints --eviction-hard without nodefs.inodesFree<5% (the non-Linux map), while the
// KubeletConfiguration page keeps the Linux default (config-api v1.20 evictionHard "Default:").
// Where the page's map is the field's map minus some entries, with the same values, the page lost
// entries to its host: the field's map is the default (Linux, what the benchmark's nodes run).

/** "a<1,b<2" or "a=1,b=2" as pairs and the separator; undefined when it is no such map. */
function pairsOf(text: string): { pairs: Map<string, string>; op: string } | undefined {
  const items = text.split(',').map((s) => s.trim());
  const op = items[0]?.match(/^[\w./-]+(<|=)/)?.[1];
  if (!op) return undefined;
  const pairs = new Map<string, string>();
  for (const item of items) {
    const at = item.indexOf(op);
    if (at <= 0 || !/^[\w./-]+$/.test(item.slice(0, at))) return undefined;
    pairs.set(item.slice(0, at), item.slice(at + op.length));
  }
  return { pairs, op };
}

/**
 * The field's map in the flag's syntax (keys in code-point order, as pflag prints them) when the
 * page's default is a strict subset of it; undefined otherwise (agreement, or a real difference).
 */
export function platformMapDefault(
  flagDefault: string | undefined,
  fieldDefault: string | undefined,
): string | undefined {
  if (flagDefault === undefined || fieldDefault === undefined) return undefined;
  const page = pairsOf(flagDefault);
  const field = pairsOf(fieldDefault);
  if (!page || !field || field.op !== '=' || page.pairs.size >= field.pairs.size) return undefined;
  for (const [k, v] of page.pairs) if (field.pairs.get(k) !== v) return undefined;
  return [...field.pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}${page.op}${v}`)
    .join(',');
}

/** Whether the flag's default and the field's key=value default are the same map. */
export function sameMap(flagDefault: string | undefined, fieldDefault: string | undefined): boolean {
  if (flagDefault === undefined || fieldDefault === undefined) return false;
  const page = pairsOf(flagDefault);
  const field = pairsOf(fieldDefault);
  if (!page || !field || page.pairs.size !== field.pairs.size) return false;
  for (const [k, v] of page.pairs) if (field.pairs.get(k) !== v) return false;
  return true;
}
