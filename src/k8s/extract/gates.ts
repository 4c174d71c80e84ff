// Feature-gate pages → gate histories. Up to 1.28 one page of tables (plus a removed-gates
// page from 1.25); from 1.29 one file per gate with YAML front matter (stages, `locked:` from
// 1.33, `removed:`). Keyed on the gate's name (table cell or front-matter title), never on
// file names. What a history means for one release is decided in ../gates.ts.
import { parse } from '../../io/yaml-lib.js';
import type { Gate } from '../snapshot.js';
import { cleanValue } from './markdown.js';

export type GateStage = Gate['stage'];

export interface Stage {
  readonly stage: GateStage;
  readonly default: boolean;
  readonly from: string;
  /** The page's "To"/"Until"; for GA and deprecated stages of removed gates, the release that removed it. */
  readonly to?: string;
  /** The per-gate page says this stage is (true) or is not (false) locked to its default. */
  readonly locked?: boolean;
}

export interface GateHistory {
  readonly name: string;
  readonly stages: Stage[];
  readonly removed: boolean;
}

export function stageOf(s: string): GateStage | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'alpha' || v === 'beta' || v === 'deprecated') return v;
  if (v === 'ga' || v === 'stable') return 'ga';
  return undefined;
}

const version = (v: unknown, end: 'from' | 'to' = 'from'): string | undefined => {
  const s = v === undefined || v === null ? '' : String(v).trim();
  if (/^\d+\.\d+$/.test(s)) return s;
  // Pages from 1.35 give patch releases (MaxUnavailableStatefulSet: beta on 1.35.0–1.35.3, off from
  // 1.35.4). A snapshot is the x.y.0 release: a stage from x.y.0 holds from x.y, one from a later patch
  // only from the next minor; a stage to x.y.p held in x.y.0.
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  return end === 'from' && m[3] !== '0' ? `${m[1]}.${Number(m[2]) + 1}` : `${m[1]}.${m[2]}`;
};

/** The cells of a markdown table row (`| a | b |`), as plain text. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => cleanValue(c.replace(/\\\|/g, '|')) ?? '');
}

/**
 * Table rows `| Feature | Default | Stage | From | To |` of the single-page format. The tables
 * are plain pipe tables, read line by line: the pages are mostly prose the tables do not need,
 * and parsing them whole was the slowest part of a build.
 */
export function gatesFromTables(markdown: string, removed: boolean): GateHistory[] {
  const byName = new Map<string, { name: string; stages: Stage[]; removed: boolean }>();
  let header: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (!/^\s*\|/.test(line)) {
      header = undefined;
      continue;
    }
    const row = cells(line);
    if (!header) {
      header = row.map((c) => c.toLowerCase());
      continue;
    }
    if (row.every((c) => /^:?-+:?$/.test(c))) continue;
    const col = (name: string) => header!.indexOf(name);
    if (col('feature') < 0 || col('stage') < 0) continue;
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '') : '');
    const name = cell(col('feature'));
    const stage = stageOf(cell(col('stage')));
    const from = version(cell(col('from') >= 0 ? col('from') : col('since')));
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !stage || !from) continue;
    const to = version(cell(col('to') >= 0 ? col('to') : col('until')), 'to');
    const h = byName.get(name) ?? { name, stages: [], removed };
    // A default cell that is neither true nor false ("-" on Deprecated rows: StreamingProxyRedirects,
    // 1.19) says the default did not change: the previous row's; with none before it, nothing is known.
    const cellDefault = cell(col('default')).toLowerCase();
    const prior = h.stages[h.stages.length - 1]?.default;
    const def = cellDefault === 'true' || cellDefault === 'false' ? cellDefault === 'true' : prior;
    if (def === undefined) continue;
    h.stages.push({ stage, default: def, from, ...(to ? { to } : {}) });
    byName.set(name, h);
  }
  return [...byName.values()];
}

/** The YAML front matter of a page, without parsing the page. */
export function frontMatter(markdown: string): string | undefined {
  const m = markdown.match(/^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/);
  return m?.[1];
}

/** One per-gate file (1.29+): front matter title, stages (with `locked`), removed. */
export function gateFromFile(markdown: string): GateHistory | undefined {
  const fm = frontMatter(markdown);
  if (fm === undefined) return undefined;
  let data: unknown;
  try {
    data = parse(fm);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object') return undefined;
  const d = data as { title?: unknown; stages?: unknown; removed?: unknown };
  if (typeof d.title !== 'string' || !Array.isArray(d.stages)) return undefined;
  const stages: Stage[] = [];
  for (const s of d.stages as Array<Record<string, unknown>>) {
    if (!s || typeof s !== 'object') continue;
    const stage = stageOf(String(s.stage));
    const from = version(s.fromVersion);
    if (!stage || !from) continue;
    const to = version(s.toVersion, 'to');
    stages.push({
      stage,
      default: String(s.defaultValue) === 'true',
      from,
      ...(to ? { to } : {}),
      ...(typeof s.locked === 'boolean' ? { locked: s.locked } : {}),
    });
  }
  const name = d.title.trim();
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return undefined;
  return { name, stages, removed: d.removed === true };
}
