// `review`: what a pull-request reviewer of a drafted version reads. The benchmark diff; for
// each control the draft changed, its status before and after on reference nodes (the
// installer's default node, and a node configured as the control asks), under both
// semantics; and the findings the draft resolved, left and introduced. Pure: benchmarks,
// releases and knowledge in, a report out.
import { diffBenchmarks, type BenchmarkDiff } from '../diff/benchmark-diff.js';
import { evaluateControl } from '../evaluate/evaluate.js';
import type { Semantics } from '../evaluate/result.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark, Control, Section } from '../model/benchmark.js';
import type { Status } from '../model/case.js';
import { compareIds, compareText } from '../model/ids.js';
import { genericNode, kubeadmNode } from '../node/kubeadm.js';
import { checkBenchmark, installerProfile } from '../rules/check.js';
import type { Knowledge } from '../rules/knowledge.js';
import type { Finding } from '../rules/types.js';
import { askedNode } from './asked.js';

export interface StatusChange {
  readonly before?: Status;
  readonly after?: Status;
  /** Why the status is what it is after the change (before, when the control is gone). */
  readonly reason?: string;
}

/** One changed control on one reference node of one release. */
export interface EvaluationRow {
  /** The control's id in the base and in the draft (absent: added or removed). */
  readonly from?: string;
  readonly to?: string;
  readonly release: string;
  readonly node: 'default' | 'asked';
  /** e.g. `kubeadm@1.34`, or `kubeadm@1.34 configured as 4.2.1 asks`. */
  readonly nodeName: string;
  /** The asked node: what was set on it, and the checks no node setting can meet. */
  readonly configured?: readonly string[];
  readonly unmet?: readonly string[];
  readonly semantics: Readonly<Record<Semantics, StatusChange>>;
}

export interface FindingsDelta {
  readonly release: string;
  /** On the base, gone from the draft. */
  readonly resolved: Finding[];
  /** On both (draft ids). */
  readonly remaining: Finding[];
  /** On the draft only (draft ids). */
  readonly introduced: Finding[];
}

export interface Review {
  readonly base: { readonly id: string; readonly version: string };
  readonly draft: { readonly id: string; readonly version: string };
  readonly installer: string | null;
  readonly diff: BenchmarkDiff;
  readonly evaluation: EvaluationRow[];
  readonly findings: FindingsDelta[];
}

export interface ReviewInput {
  readonly base: Benchmark;
  readonly draft: Benchmark;
  readonly releases: readonly ReleaseSnapshot[];
  /** Every known release, oldest first (the rules' history). */
  readonly history: readonly ReleaseSnapshot[];
  readonly knowledge: Knowledge;
  readonly installer?: string;
}

type Placed = { control: Control; section: Section };
const placedOf = (b: Benchmark) =>
  new Map(
    b.sections.flatMap((section) => section.controls.map((control) => [control.id, { control, section }] as const)),
  );

const semantics: readonly Semantics[] = ['effective', 'kube-bench'];

function findingKey(f: Finding, id: string): string {
  return [id, f.ruleId, f.category, f.subject.component ?? '', f.subject.setting].join('\u0000');
}

export function reviewDraft(input: ReviewInput): Review {
  const { base, draft, releases, history, knowledge, installer } = input;
  const diff = diffBenchmarks(base, draft);
  const before = placedOf(base);
  const after = placedOf(draft);
  // Controls the draft touched: matched and changed or renumbered, removed, added.
  const touched: Array<{ from?: string; to?: string }> = [
    ...diff.pairs.map((p): { from?: string; to?: string } => ({ from: p.from, to: p.to })),
    ...diff.removed.map((c): { from?: string; to?: string } => ({ from: c.id })),
    ...diff.added.map((c): { from?: string; to?: string } => ({ to: c.id })),
  ].sort((a, b) => compareIds(a.to ?? a.from ?? '', b.to ?? b.from ?? ''));

  const evaluation: EvaluationRow[] = [];
  for (const release of releases) {
    const node = installer === 'kubeadm' ? kubeadmNode(release) : genericNode(release);
    const nodeName = `${installer === 'kubeadm' ? 'kubeadm' : 'generic'}@${release.release}`;
    const status = (b: Benchmark, p: Placed | undefined, bundle: typeof node, s: Semantics) =>
      p ? evaluateControl(b, p.section, p.control, bundle, release, s) : undefined;
    for (const t of touched) {
      const a = t.from !== undefined ? before.get(t.from) : undefined;
      const b = t.to !== undefined ? after.get(t.to) : undefined;
      const row = (which: 'default' | 'asked', bundle: typeof node, name: string, extra: Partial<EvaluationRow>) => {
        const per = Object.fromEntries(
          semantics.map((s) => {
            const x = status(base, a, bundle, s);
            const y = status(draft, b, bundle, s);
            const reason = (y ?? x)?.reason;
            return [
              s,
              { ...(x ? { before: x.status } : {}), ...(y ? { after: y.status } : {}), ...(reason ? { reason } : {}) },
            ];
          }),
        ) as Record<Semantics, StatusChange>;
        evaluation.push({ ...t, release: release.release, node: which, nodeName: name, ...extra, semantics: per });
      };
      row('default', node, nodeName, {});
      // The node the control asks for: the draft's, or the base's where the draft leaves no check.
      const asking = b?.control.checks.length ? b.control : (a ?? b)!.control;
      const asked = askedNode(asking, node, release);
      if (asked.changes.length || asked.unmet.length)
        row('asked', asked.bundle, `${nodeName} configured as ${asking === b?.control ? t.to : t.from} asks`, {
          configured: asked.changes,
          ...(asked.unmet.length ? { unmet: asked.unmet } : {}),
        });
    }
  }

  // Findings on each side, the draft's matched to the base's through the diff's pairing.
  const toBase = new Map<string, string>();
  for (const id of after.keys()) if (before.has(id)) toBase.set(id, id);
  for (const p of diff.pairs) toBase.set(p.to, p.from);
  for (const id of diff.added.map((c) => c.id)) toBase.delete(id);
  const findings: FindingsDelta[] = releases.map((release) => {
    const profile = installer ? installerProfile(installer, release, knowledge) : undefined;
    const hist = history.some((h) => h.release === release.release) ? history : [...history, release];
    const was = checkBenchmark(base, release, hist, knowledge, profile).findings;
    const now = checkBenchmark(draft, release, hist, knowledge, profile).findings;
    const wasKeys = new Set(was.map((f) => findingKey(f, f.controlId)));
    const nowKeys = new Set(now.map((f) => findingKey(f, toBase.get(f.controlId) ?? `+${f.controlId}`)));
    return {
      release: release.release,
      resolved: was.filter((f) => !nowKeys.has(findingKey(f, f.controlId))),
      remaining: now.filter((f) => wasKeys.has(findingKey(f, toBase.get(f.controlId) ?? `+${f.controlId}`))),
      introduced: now.filter((f) => !wasKeys.has(findingKey(f, toBase.get(f.controlId) ?? `+${f.controlId}`))),
    };
  });
  return {
    base: { id: base.id, version: base.version },
    draft: { id: draft.id, version: draft.version },
    installer: installer ?? null,
    diff,
    evaluation,
    findings,
  };
}

/** Rows whose status changed under either semantics. */
export function changedRows(rows: readonly EvaluationRow[]): EvaluationRow[] {
  return rows.filter((r) => semantics.some((s) => r.semantics[s].before !== r.semantics[s].after));
}

export const byControl = (a: Finding, b: Finding) =>
  compareIds(a.controlId, b.controlId) || compareText(a.ruleId, b.ruleId);
