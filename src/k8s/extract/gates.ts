// Feature-gate pages → gates. Up to 1.28 one page of tables (plus a removed-gates
// page from 1.25); from 1.29 one file per gate with YAML front matter. Keyed on the
// gate's name (table cell or front-matter title), never on file names.
import { parse } from 'yaml';
import { compareVersions } from '../../model/ids.js';
import type { Gate } from '../snapshot.js';
import { parseMarkdown, plainText, walk } from './markdown.js';

export interface Stage {
  readonly stage: Gate['stage'];
  readonly default: boolean;
  readonly from: string;
  readonly to?: string;
}

export interface GateHistory {
  readonly name: string;
  readonly stages: Stage[];
  readonly removed: boolean;
}

function stageOf(s: string): Gate['stage'] | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'alpha' || v === 'beta' || v === 'deprecated') return v;
  if (v === 'ga' || v === 'stable') return 'ga';
  return undefined;
}

/** Table rows `| Feature | Default | Stage | From | To |` of the single-page format. */
export function gatesFromTables(markdown: string, removed: boolean): GateHistory[] {
  const byName = new Map<string, GateHistory>();
  for (const node of walk(parseMarkdown(markdown))) {
    if (node.type !== 'table') continue;
    const header = node.children[0]?.children.map((c) => plainText(c).trim().toLowerCase()) ?? [];
    const col = (name: string) => header.indexOf(name);
    if (col('feature') < 0 || col('stage') < 0) continue;
    for (const row of node.children.slice(1)) {
      const cell = (i: number) => (i >= 0 && row.children[i] ? plainText(row.children[i]).trim() : '');
      const name = cell(col('feature'));
      const stage = stageOf(cell(col('stage')));
      if (!name || !stage) continue;
      const to = cell(col('to') >= 0 ? col('to') : col('until'));
      const h = byName.get(name) ?? { name, stages: [], removed };
      h.stages.push({
        stage,
        default: cell(col('default')) === 'true',
        from: cell(col('from') >= 0 ? col('from') : col('since')),
        ...(to && to !== '-' ? { to } : {}),
      });
      byName.set(name, h);
    }
  }
  return [...byName.values()];
}

/** One per-gate file (1.29+): front matter title, stages, removed. */
export function gateFromFile(markdown: string): GateHistory | undefined {
  const tree = parseMarkdown(markdown);
  const fm = tree.children.find((n) => n.type === 'yaml');
  if (fm?.type !== 'yaml') return undefined;
  const data = parse(fm.value) as {
    title?: string;
    stages?: Array<{ stage: string; defaultValue: unknown; fromVersion: unknown; toVersion?: unknown }>;
    removed?: boolean;
  } | null;
  if (!data?.title || !Array.isArray(data.stages)) return undefined;
  const stages: Stage[] = [];
  for (const s of data.stages) {
    const stage = stageOf(String(s.stage));
    if (!stage) continue;
    stages.push({
      stage,
      default: String(s.defaultValue) === 'true',
      from: String(s.fromVersion),
      ...(s.toVersion !== undefined && s.toVersion !== null && s.toVersion !== '' ? { to: String(s.toVersion) } : {}),
    });
  }
  return { name: String(data.title).trim(), stages, removed: data.removed === true };
}

/** The gate as it stands in `release`, or undefined when it does not exist there. */
export function gateAt(h: GateHistory, release: string): Gate | undefined {
  const sorted = [...h.stages].sort((a, b) => compareVersions(a.from, b.from));
  const hit = sorted.filter((s) => compareVersions(s.from, release) <= 0).pop();
  if (!hit) return undefined;
  if (hit.to && compareVersions(release, hit.to) > 0) return undefined;
  // GA and deprecated gates are locked to their default from the release they reach that stage.
  const locked = hit.stage === 'ga';
  return {
    name: h.name,
    stage: hit.stage,
    default: hit.default,
    ...(locked ? { lockedToDefault: true } : {}),
    since: hit.from,
  };
}

export function lastRelease(h: GateHistory): string | undefined {
  const tos = h.stages.map((s) => s.to).filter((t): t is string => Boolean(t));
  if (tos.length < h.stages.length) return undefined;
  return tos.sort(compareVersions).pop();
}
