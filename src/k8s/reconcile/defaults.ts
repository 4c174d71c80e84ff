// Defaults with their context: a flag's default applies when the component runs without its
// config file; with the file, an unset setting takes the mapped field's default. Where the two
// differ (kubelet --anonymous-auth true vs authentication.anonymous.enabled false), the flag
// records both.
import type { ExtractedFlag } from '../extract/flags.js';
import type { Flag } from '../snapshot.js';

/** A value as a comparable token: durations in seconds, empty lists and strings alike. */
export function normalDefault(v: string | undefined): string {
  if (v === undefined) return '';
  let s = v.trim().replace(/^"(.*)"$/, '$1');
  // A list however it is written: ["pods"], [pods], pods.
  const list = s.match(/^\[(.*)\]$/);
  if (list)
    s = list[1]
      .split(',')
      .map((x) => x.trim().replace(/^"(.*)"$/, '$1'))
      .join(',');
  if (/^(\[\]|\{\}|nil|null|<none>|none)$/i.test(s) || s === '') return '';
  const d = duration(s);
  if (d !== undefined) return `${d}s`;
  if (/^(true|false)$/i.test(s)) return s.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  return s;
}

/** Go duration text (2m0s, 1h, 300ms) in seconds; undefined when it is not one. */
function duration(s: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(s)) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(m[1]) * unit[m[2]];
  return Math.round(total * 1e9) / 1e9;
}

/**
 * The value in effect with a config file, where it differs from the flag's own default: what
 * the page says for that case, else the mapped field's default.
 */
export function configDefaultOf(
  flag: Flag,
  page: ExtractedFlag | undefined,
  fieldDefault: string | undefined,
): { value?: string; disagreement?: string } {
  const stated = page?.pageConfigDefault;
  if (stated !== undefined) {
    const disagreement =
      fieldDefault !== undefined && normalDefault(fieldDefault) !== normalDefault(stated)
        ? `--${flag.name}: the page says '${stated}' with a config file, the field's default is '${fieldDefault}'`
        : undefined;
    return {
      ...(normalDefault(stated) !== normalDefault(flag.default) ? { value: stated } : {}),
      ...(disagreement ? { disagreement } : {}),
    };
  }
  if (fieldDefault === undefined || flag.default === undefined) return {};
  return normalDefault(fieldDefault) !== normalDefault(flag.default) ? { value: fieldDefault } : {};
}
