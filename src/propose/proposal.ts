// From findings to proposals: one per affected control, its findings grouped across
// releases, plus one proposal gathering what the installer supports but does not set.
import type { Benchmark, PlacedControl } from '../model/benchmark.js';
import { controlsOf } from '../model/controls.js';
import { compareIds, compareText, compareVersions } from '../model/ids.js';
import type { CheckReport } from '../rules/check.js';
import { categories, type Action, type Category, type ControlEdit, type Finding, precedence } from '../rules/types.js';
import { fileNames, installerGroupFile } from './file-names.js';
import { defaultHeadline } from '../rules/helpers.js';

/** One finding as it recurs over several releases. */
export interface FindingGroup {
  /** As reported for the newest release it occurs in. */
  readonly finding: Finding;
  readonly releases: readonly string[];
}

/**
 * How a control's findings become one change: the lead finding's (the first by `precedence`),
 * the ones that go with it, and the ones it sets aside, each with the reason.
 */
export interface Resolution {
  readonly lead: FindingGroup;
  /** Changes that go with the lead's: the same edit, an edit of other checks, or words only. */
  readonly also: readonly FindingGroup[];
  /** Changes the lead's rules out. */
  readonly setAside: ReadonlyArray<{ readonly group: FindingGroup; readonly because: string }>;
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
  /** For a control's proposal: which finding decides, and what it sets aside. */
  readonly resolution?: Resolution;
}

export interface ProposalSet {
  readonly benchmark: Benchmark;
  readonly releases: readonly string[];
  readonly installer: string | null;
  /** In control order; the installer list last. */
  readonly proposals: readonly Proposal[];
}

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

/** The checks an edit changes (by index), or 'all' for the whole control. */
function touched(edit: ControlEdit, count: number): readonly number[] | 'all' {
  switch (edit.kind) {
    case 'remove-control':
    case 'mark-manual':
      return 'all';
    case 'drop-checks':
      return edit.checks.length >= count ? 'all' : edit.checks;
    case 'replace-checks':
      return edit.checks ?? 'all';
    case 'add-subjects':
    case 'accept-unset':
      return [edit.check];
    case 'allow-list':
      return [];
  }
}

const goesAway = (f: Finding) =>
  f.suggestion.edit?.kind === 'remove-control' ||
  (f.suggestion.action === 'remove' && (f.category === 'unsatisfiable' || f.category === 'removed'));

/** Why the lead's change rules out another's, or undefined when they go together. */
function setAsideBecause(lead: Finding, other: Finding, checks: number): string | undefined {
  const l = lead.suggestion.edit;
  const o = other.suggestion.edit;
  const by = `${lead.category} outranks ${other.category}`;
  if (l && o && JSON.stringify(l) === JSON.stringify(o)) return undefined;
  // Nothing is advised through the installer for a setting the lead finds gone, going or breaking.
  if (other.category === 'installer-not-default' && lead.category !== 'installer-not-default')
    return ['removed', 'deprecated', 'obsolete', 'conflict', 'unsatisfiable', 'superseded'].includes(lead.category)
      ? `the setting is ${lead.category === 'conflict' ? 'in conflict with the installer' : lead.category}, ` +
          `so the remediation should not tell users to make it (${by})`
      : undefined;
  if (goesAway(lead) && (o || other.suggestion.action !== 'remove'))
    return `the control is to be removed, so its checks are not adjusted (${by})`;
  if (!o || !l) {
    // Words only: they go with any change, unless they contradict a removal.
    return lead.suggestion.action === 'remove' && other.suggestion.action === 'accept-default'
      ? `accepting the default of a check that is removed says nothing (${by})`
      : undefined;
  }
  const lt = touched(l, checks);
  const ot = touched(o, checks);
  if (l.kind === 'allow-list' || o.kind === 'allow-list') return undefined;
  if (l.kind === 'mark-manual') return `the control becomes manual, so its checks are not adjusted (${by})`;
  const overlap = lt === 'all' || ot === 'all' || lt.some((i) => ot.includes(i));
  return overlap ? `both change the same check; the lead's change replaces it (${by})` : undefined;
}

export function resolve(groups: readonly FindingGroup[], checks: number): Resolution {
  const [lead, ...rest] = groups;
  const also: FindingGroup[] = [];
  const setAside: Array<{ group: FindingGroup; because: string }> = [];
  for (const g of rest) {
    const because = setAsideBecause(lead.finding, g.finding, checks);
    if (because) setAside.push({ group: g, because });
    else also.push(g);
  }
  return { lead, also, setAside };
}

function headline(f: Finding): string {
  return f.suggestion.headline || defaultHeadline(f, f.controlId);
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
  const setAside = new Set<FindingGroup>();
  const proposals: Proposal[] = own.map((id) => {
    const groups = grouped.get(id)!;
    const lead = groups[0].finding;
    const resolution = resolve(groups, placed.get(id)!.control.checks.length);
    for (const x of resolution.setAside) setAside.add(x.group);
    return {
      kind: 'control',
      file: names.get(id)!,
      title: headline(lead),
      action: lead.suggestion.action,
      controls: [placed.get(id)!],
      groups,
      ...summarise(groups),
      resolution,
    };
  });

  // What the installer supports but leaves unset is one change to the remediation texts:
  // one proposal listing every such control (but those a control's own proposal sets aside:
  // a setting that is removed, deprecated or breaks the installer); a control's proposal links to it.
  const installerGroups = ids.flatMap((id) =>
    grouped.get(id)!.filter((g) => g.finding.category === 'installer-not-default' && !setAside.has(g)),
  );
  const installer = reports.find((r) => r.installer)?.installer ?? null;
  if (installerGroups.length) {
    const controls = [...new Set(installerGroups.map((g) => g.finding.controlId))].map((id) => placed.get(id)!);
    proposals.push({
      kind: 'installer-not-default',
      file: installerGroupFile,
      title:
        `Document how to meet ${controls.length === 1 ? 'this recommendation' : `${controls.length} recommendations`} ` +
        `with ${installer ?? 'the installer'}, which supports but does not set them by default`,
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
