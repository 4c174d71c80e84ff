// From findings to proposals: one per affected control, its findings grouped across
// releases, plus one proposal gathering what the installer supports but does not set.
import type { Benchmark, PlacedControl } from '../model/benchmark.js';
import { controlsOf } from '../model/benchmark.js';
import { compareIds, compareText, compareVersions } from '../model/ids.js';
import type { CheckReport } from '../rules/check.js';
import { categories, type Action, type Category, type Finding } from '../rules/types.js';
import { fileNames, installerGroupFile } from './file-names.js';

/** One finding as it recurs over several releases. */
export interface FindingGroup {
  /** As reported for the newest release it occurs in. */
  readonly finding: Finding;
  readonly releases: readonly string[];
}

export interface Proposal {
  /** A control's own proposal, or the installer's "supported but not set by default" list. */
  readonly kind: 'control' | 'installer-not-default';
  readonly file: string;
  /** The change in the imperative: the ticket's title. */
  readonly title: string;
  readonly action: Action;
  readonly controls: readonly PlacedControl[];
  /** Primary finding first. */
  readonly groups: readonly FindingGroup[];
  readonly categories: readonly Category[];
  readonly rules: readonly string[];
  readonly releases: readonly string[];
}

export interface ProposalSet {
  readonly benchmark: Benchmark;
  readonly releases: readonly string[];
  readonly installer: string | null;
  /** In control order; the installer list last. */
  readonly proposals: readonly Proposal[];
}

// Which finding leads a control's proposal: what cannot be met outranks what is merely untidy.
const precedence: readonly Category[] = [
  'unsatisfiable',
  'conflict',
  'removed',
  'superseded',
  'not-applicable',
  'obsolete',
  'deprecated',
  'config-file-blind',
  'default-satisfies',
  'installer-not-default',
];
const severityRank = { high: 0, medium: 1, low: 2 } as const;

function groupFindings(reports: readonly CheckReport[]): Map<string, FindingGroup[]> {
  const byKey = new Map<string, { finding: Finding; releases: string[] }>();
  const newestFirst = [...reports].sort((a, b) => compareVersions(b.release, a.release));
  for (const r of newestFirst) {
    for (const f of r.findings) {
      const key = [
        f.controlId,
        f.ruleId,
        f.category,
        f.subject.component ?? '',
        f.subject.setting,
        f.suggestion.action,
      ].join('\u0000');
      const g = byKey.get(key);
      if (g) g.releases.push(r.release);
      else byKey.set(key, { finding: f, releases: [r.release] });
    }
  }
  const out = new Map<string, FindingGroup[]>();
  for (const g of byKey.values()) {
    const list = out.get(g.finding.controlId) ?? [];
    list.push({ finding: g.finding, releases: [...new Set(g.releases)].sort(compareVersions) });
    out.set(g.finding.controlId, list);
  }
  for (const list of out.values()) {
    list.sort(
      (a, b) =>
        precedence.indexOf(a.finding.category) - precedence.indexOf(b.finding.category) ||
        severityRank[a.finding.severity] - severityRank[b.finding.severity] ||
        compareText(a.finding.ruleId, b.finding.ruleId) ||
        compareText(a.finding.subject.setting, b.finding.subject.setting),
    );
  }
  return out;
}

const headlines: Record<Action, (setting: string, id: string) => string> = {
  remove: (s) => `Remove the ${s} check`,
  'rewrite-audit': (s) => `Rewrite the audit of ${s} to read the component's config file`,
  'accept-default': (s) => `Accept the default of ${s} as compliant`,
  replace: (s) => `Replace the ${s} check`,
  'mark-manual': (_s, id) => `Make recommendation ${id} a manual recommendation`,
  'allow-list': (_s, id) => `Add an allow-list to recommendation ${id}`,
};

function headline(f: Finding): string {
  if (f.suggestion.headline) return f.suggestion.headline;
  if (f.category === 'deprecated' && f.suggestion.action === 'remove')
    return `Plan the removal of the ${f.subject.setting} check`;
  const setting =
    f.subject.component && !f.subject.setting.startsWith(f.subject.component)
      ? `${f.subject.component} ${f.subject.setting}`
      : f.subject.setting;
  return headlines[f.suggestion.action](setting, f.controlId);
}

function summarise(groups: readonly FindingGroup[]): Pick<Proposal, 'categories' | 'rules' | 'releases'> {
  return {
    categories: categories.filter((c) => groups.some((g) => g.finding.category === c)),
    rules: [...new Set(groups.map((g) => g.finding.ruleId))].sort(compareText),
    releases: [...new Set(groups.flatMap((g) => g.releases))].sort(compareVersions),
  };
}

export interface PlanOptions {
  /** Only these controls (ids as written). */
  readonly controls?: readonly string[];
}

export function planProposals(
  benchmark: Benchmark,
  reports: readonly CheckReport[],
  opts: PlanOptions = {},
): ProposalSet {
  const placed = new Map(controlsOf(benchmark).map((p) => [p.control.id, p]));
  const grouped = groupFindings(reports);
  const wanted = opts.controls ? new Set(opts.controls) : undefined;
  const ids = [...grouped.keys()].filter((id) => placed.has(id) && (!wanted || wanted.has(id))).sort(compareIds);

  const own = ids.filter((id) => grouped.get(id)!.some((g) => g.finding.category !== 'installer-not-default'));
  const names = fileNames(own);
  const proposals: Proposal[] = own.map((id) => {
    const groups = grouped.get(id)!;
    const lead = groups[0].finding;
    return {
      kind: 'control',
      file: names.get(id)!,
      title: headline(lead),
      action: lead.suggestion.action,
      controls: [placed.get(id)!],
      groups,
      ...summarise(groups),
    };
  });

  // What the installer supports but leaves unset is one change to the remediation texts:
  // one proposal listing every such control; a control's own proposal links to it.
  const installerGroups = ids.flatMap((id) =>
    grouped.get(id)!.filter((g) => g.finding.category === 'installer-not-default'),
  );
  const installer = reports.find((r) => r.installer)?.installer ?? null;
  if (installerGroups.length) {
    const controls = [...new Set(installerGroups.map((g) => g.finding.controlId))].map((id) => placed.get(id)!);
    proposals.push({
      kind: 'installer-not-default',
      file: installerGroupFile,
      title: `Document how to meet ${controls.length === 1 ? 'this recommendation' : `${controls.length} recommendations`} with ${installer ?? 'the installer'}, which supports but does not set them by default`,
      action: 'rewrite-audit',
      controls,
      groups: installerGroups,
      ...summarise(installerGroups),
    });
  }
  return {
    benchmark,
    releases: [...new Set(reports.map((r) => r.release))].sort(compareVersions),
    installer,
    proposals,
  };
}
