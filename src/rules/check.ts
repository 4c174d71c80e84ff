// Run every rule over every control of a benchmark for one release (and installer).
import type { Benchmark } from '../model/benchmark.js';
import { controlsOf, type PlacedControl } from '../model/controls.js';
import { compareIds, compareText } from '../model/ids.js';
import { own } from '../model/own.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { rules } from './index.js';
import type { InstallerProfile, Knowledge } from './knowledge.js';
import { categories, type Category, type Finding, precedence } from './types.js';
import { dedupe } from './helpers.js';
import { cached } from '../model/memo.js';

export interface CheckReport {
  readonly benchmark: { id: string; version: string };
  readonly release: string;
  readonly installer: string | null;
  readonly findings: Finding[];
  readonly summary: { controls: number; affected: number; byCategory: Record<Category, number> };
}

export function installerProfile(
  id: string,
  release: ReleaseSnapshot,
  knowledge: Knowledge,
): InstallerProfile | undefined {
  const k = own(knowledge.installers, id);
  return k ? { id, title: k.title, facts: k.facts, defaults: release.kubeadm } : undefined;
}

// Controls in natural id order, worked out once per benchmark: findings are then emitted in
// order per control instead of sorting every finding of every release by id.
const ordered = new WeakMap<Benchmark, PlacedControl[]>();
function controlsInOrder(b: Benchmark): PlacedControl[] {
  return cached(ordered, b, () => controlsOf(b).sort((x, y) => compareIds(x.control.id, y.control.id)));
}

const byRuleThenSetting = (a: Finding, b: Finding): number =>
  compareText(a.ruleId, b.ruleId) || compareText(a.subject.setting, b.subject.setting);

/**
 * Two findings of one control that propose the same edit (a conflict and a supersession both
 * replacing --anonymous-auth with the same checks) are one proposal: the one that ranks first
 * (types.ts `precedence`) stays, with the other's evidence.
 */
function mergeSameEdits(local: Finding[]): Finding[] {
  if (local.filter((f) => f.suggestion.edit).length < 2) return local;
  const out: Finding[] = [];
  const at = new Map<string, number>();
  const ranked = [...local].sort((a, b) => precedence.indexOf(a.category) - precedence.indexOf(b.category));
  for (const f of ranked) {
    const key = f.suggestion.edit ? JSON.stringify(f.suggestion.edit) : undefined;
    const i = key === undefined ? undefined : at.get(key);
    if (i === undefined) {
      if (key !== undefined) at.set(key, out.length);
      out.push(f);
    } else out[i] = { ...out[i], evidence: dedupe([...out[i].evidence, ...f.evidence]) };
  }
  return out;
}

export function checkBenchmark(
  benchmark: Benchmark,
  release: ReleaseSnapshot,
  history: readonly ReleaseSnapshot[],
  knowledge: Knowledge,
  installer?: InstallerProfile,
): CheckReport {
  const findings: Finding[] = [];
  const byCategory = Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>;
  let affected = 0;
  const placed = controlsInOrder(benchmark);
  for (const { section, control } of placed) {
    // One context per control, shared by the rules (they never change it).
    const ctx = { benchmark, section, control, release, history, installer, knowledge };
    const local: Finding[] = [];
    for (const rule of rules) {
      for (const f of rule.check(ctx)) {
        // Two checks of one control on the same setting (a flag and its `absent` alternative)
        // give the same finding twice; report it once.
        if (!local.some((g) => g.ruleId === f.ruleId && g.category === f.category && g.message === f.message))
          local.push(f);
      }
    }
    if (!local.length) continue;
    affected++;
    const merged = mergeSameEdits(local).sort(byRuleThenSetting);
    for (const f of merged) {
      findings.push(f);
      byCategory[f.category]++;
    }
  }
  return {
    benchmark: { id: benchmark.id, version: benchmark.version },
    release: release.release,
    installer: installer?.id ?? null,
    findings,
    summary: { controls: placed.length, affected, byCategory },
  };
}
