// Values as Kubernetes' Go code reads and prints them: durations (`4h0m0s`), booleans,
// numbers, and the defaults the snapshots record as Go literals (`nil`, `[]`, `["pods"]`).

const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`4h`, `2m0s`, `100ms`, `0`) in milliseconds, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  if (!/^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]];
  return t.startsWith('-') ? -total : total;
}

/** Go's time.Duration.String() for a whole number of milliseconds. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  return `${neg ? '-' : ''}${h ? `${h}h${m}m` : m ? `${m}m` : ''}${sec}`;
}

/** The JS value a field's recorded default stands for, or undefined for "unset" (nil, empty). */
export function goDefault(type: string, text: string | undefined): unknown {
  if (text === undefined || text === 'nil' || text === '' || text === '[]' || text === '{}') return undefined;
  const t = type.replace(/^\*/, '');
  if (/^bool$/.test(t)) return text === 'true';
  if (/^(u?int\d*|float\d*)$/.test(t)) {
    const n = Number(text);
    return Number.isNaN(n) ? undefined : n;
  }
  if (/Duration$/.test(t)) {
    const d = parseDuration(text);
    return d === undefined ? undefined : formatDuration(d);
  }
  if (t.startsWith('[]') || t.startsWith('map[')) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return text;
}

/** A value typed for a field: "false" for a bool becomes false, "5" for an int32 becomes 5. */
export function typed(type: string, value: string): unknown {
  const t = type.replace(/^\*/, '');
  if (t === 'bool') return value === 'true';
  if (/^(u?int\d*|float\d*)$/.test(t) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

/** True when a value is the Go zero value of its type (what `omitempty` leaves out). */
export function isZero(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}
