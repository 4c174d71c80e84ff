// Run every rule over every control of a benchmark for one release (and installer).
import type { Benchmark } from '../model/benchmark.js';
import { compareIds, compareText } from '../model/ids.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { rules } from './index.js';
import type { InstallerProfile, Knowledge } from './knowledge.js';
import { categories, type Category, type Finding } from './types.js';

export interface CheckReport {
  readonly benchmark: { id: string; version: string };
  readonly release: string;
  readonly installer: string | null;
  readonly findings: Finding[];
  readonly summary: { controls: number; affected: number; byCategory: Record<Category, number> };
}

export function installerProfile(id: string, release: ReleaseSnapshot, knowledge: Knowledge): InstallerProfile | undefined {
  const k = knowledge.installers[id];
  return k ? { id, title: k.title, facts: k.facts, defaults: release.kubeadm } : undefined;
}

export function checkBenchmark(benchmark: Benchmark, release: ReleaseSnapshot, history: readonly ReleaseSnapshot[], knowledge: Knowledge, installer?: InstallerProfile): CheckReport {
  const findings: Finding[] = [];
  let controls = 0;
  for (const section of benchmark.sections) for (const control of section.controls) {
    controls++;
    // One context per control, shared by the rules (they never change it).
    const ctx = { benchmark, section, control, release, history, installer, knowledge };
    for (const rule of rules) {
      const found = rule.check(ctx);
      for (const f of found) findings.push(f);
    }
  }
  // Two checks of one control on the same setting (a flag and its `absent` alternative) give
  // the same finding twice; report it once.
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const k = `${f.controlId}\u0000${f.ruleId}\u0000${f.category}\u0000${f.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  findings.length = 0;
  findings.push(...unique);
  findings.sort((a, b) => compareIds(a.controlId, b.controlId) || compareText(a.ruleId, b.ruleId) || compareText(a.subject.setting, b.subject.setting));
  const byCategory = Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>;
  for (const f of findings) byCategory[f.category]++;
  return { benchmark: { id: benchmark.id, version: benchmark.version }, release: release.release, installer: installer?.id ?? null, findings, summary: { controls, affected: new Set(findings.map((f) => f.controlId)).size, byCategory } };
}
