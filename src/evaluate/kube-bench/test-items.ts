// kube-bench's test items, as its check/test.go decides them: a flag found by substring
// in the audit output and its value read by a regular expression, a JSONPath on the
// config output, an environment variable; then `set` and the compare operators, all on
// strings. See shared/facts/kube-bench-semantics.md.
import { boundedValue } from '../../io/yaml.js';
import { InputError } from '../../model/problem.js';
import type { KubeBenchItem } from '../../model/scanner.js';
import { writtenFrom } from '../../node/bundle.js';
import { jsonPath } from './jsonpath.js';
import { goRegexp } from '../../model/go-regexp.js';

export type Source = 'audit' | 'config' | 'env';

export interface ItemResult {
  readonly pass: boolean;
  readonly found: boolean;
  readonly value?: string;
  readonly error?: string;
}

function escapeNothing(flag: string): string {
  // kube-bench builds the pattern from the flag unescaped; an invalid one makes it fail.
  return flag;
}

function findFlag(flag: string, out: string): { found: boolean; value?: string; error?: string } {
  if (!out || !flag) return { found: false };
  if (!out.includes(flag)) return { found: false };
  const c = goRegexp(`(${escapeNothing(flag)})(=|: *)*([^\\s]*) *`);
  if ('error' in c) return { found: true, error: `invalid flag in testItem definition: ${flag}` };
  const m = c.re.exec(out);
  if (!m) return { found: true, error: `invalid flag in testItem definition: ${flag}` };
  if (m[3]) return { found: true, value: m[3] };
  return { found: true, value: flag.startsWith('--') ? 'true' : m[1] };
}

// Every path item of a check, and every check on the same node, reads the same config
// output: parse each distinct text once.
const parsed = new Map<string, { data?: unknown; error?: string }>();

function load(out: string): { data?: unknown; error?: string } {
  let r = parsed.get(out);
  // A config file of a node built in memory reads as the value it was written from: our writer
  // quotes every string YAML 1.1 would read as something else, so parsing it would agree.
  const written = r ? undefined : writtenFrom(out);
  if (written !== undefined) return { data: written };
  // No output (no config file to show) is an empty document: null, as the parser would say.
  if (!r && /^\s*$/.test(out)) return { data: null };
  if (!r) {
    try {
      r = { data: JSON.parse(out) };
    } catch {
      try {
        r = { data: boundedValue(out, 'audit output', { version: '1.1', uniqueKeys: false }) };
      } catch (e) {
        const why = e instanceof InputError ? e.problems[0]?.message : (e as Error).message.split('\n')[0];
        r = { error: `failed to load YAML or JSON from input: ${why}` };
      }
    }
    if (parsed.size > 256) parsed.clear();
    parsed.set(out, r);
  }
  return r;
}

function findPath(path: string, out: string): { found: boolean; value?: string; error?: string } {
  const { data, error } = load(out);
  if (error) return { found: false, error };
  const r = jsonPath(path, data ?? null);
  if (r.error !== undefined) return { found: false, error: r.error };
  return { found: r.value !== '', value: r.value };
}

function findEnv(env: string, out: string): { found: boolean; value?: string; error?: string } {
  if (!out || !env) return { found: false };
  const c = goRegexp(`${env}=(.*)`);
  // Go's MustCompile would stop kube-bench here; the item cannot find its variable.
  if ('error' in c) return { found: false, error: `invalid env in testItem definition: ${env}` };
  const m = c.re.exec(out);
  return m && m[1] !== '' ? { found: true, value: m[1] } : { found: false };
}

function toInt(s: string): number | undefined {
  const t = s.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

function split(s: string): string[] {
  const parts = s.split(',').map((x) => x.trim());
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** kube-bench's compareOp: observed value `v`, compare value `want` as YAML text. */
export function compareOp(op: string, v: string, want: string): boolean {
  switch (op) {
    case 'eq': {
      const lower = v.toLowerCase();
      return lower === 'true' || lower === 'false' ? lower === want : v === want;
    }
    case 'noteq': {
      const lower = v.toLowerCase();
      return !(lower === 'true' || lower === 'false' ? lower === want : v === want);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = toInt(v);
      const b = toInt(want);
      if (a === undefined || b === undefined) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
    case 'has':
      return v.includes(want);
    case 'nothave':
      return !v.includes(want);
    case 'regex': {
      // An invalid pattern panics kube-bench (MustCompile); the check does not pass.
      const c = goRegexp(want);
      return 'error' in c ? false : c.re.test(v);
    }
    case 'valid_elements': {
      const have = split(v);
      const ok = split(want);
      if (!have.length && !ok.length) return true;
      if (!have.length || !ok.length) return false;
      return have.every((x) => ok.includes(x));
    }
    case 'bitmask': {
      if (!/^[0-7]+$/.test(v.trim()) || !/^[0-7]+$/.test(want.trim())) return false;
      const requested = Number.parseInt(v, 8);
      const max = Number.parseInt(want, 8);
      return (max & requested) === requested;
    }
    default:
      return false;
  }
}

/** One item on one output (one line with use_multiple_values). */
function evaluateOne(item: KubeBenchItem, source: Source, out: string): ItemResult {
  const f =
    source === 'audit'
      ? findFlag(item.flag ?? '', out)
      : source === 'config'
        ? findPath(item.path ?? '', out)
        : findEnv(item.env ?? '', out);
  if (f.error) return { pass: false, found: false, error: f.error };
  const set = item.set ?? true;
  if (!set) return { pass: !f.found, found: f.found, ...(f.value !== undefined ? { value: f.value } : {}) };
  if (f.found && item.op)
    return { pass: compareOp(item.op, f.value ?? '', item.value ?? ''), found: true, value: f.value };
  return { pass: f.found, found: f.found, ...(f.value !== undefined ? { value: f.value } : {}) };
}

/** testItem.execute: the whole output, or each of its lines with use_multiple_values. */
export function evaluateItem(item: KubeBenchItem, source: Source, output: string, multiple: boolean): ItemResult {
  let end = output.length;
  while (end > 0 && (output[end - 1] === ' ' || output[end - 1] === '\n')) end--;
  const s = output.slice(0, end);
  const lines = multiple ? s.split('\n') : [s];
  let r: ItemResult = { pass: false, found: false };
  for (const line of lines) {
    r = evaluateOne(item, source, line);
    if (!r.pass) break;
  }
  return r;
}
