// A proposal as markdown: the slots' content as mdast nodes, the template filled, front
// matter with a content hash. Pure: the same plan gives the same bytes.
import { mergeInstallerConfigs } from '../rules/ground/installer.js';
import { createHash } from 'node:crypto';
import type { RootContent } from 'mdast';
import { stringify } from '../io/yaml-lib.js';
import type { PlacedControl } from '../model/benchmark.js';
import { checkLabel } from '../diff/changes.js';
import { lineageOf, type LineageTable } from '../diff/lineage.js';
import { chainText } from '../render/lineage.js';
import { unifiedPatch } from '../render/patch.js';
import {
  block,
  code,
  heading,
  lines,
  link,
  list,
  paragraph,
  quote,
  serialize,
  strong,
  table,
  type Inline,
} from '../render/markdown.js';
import { compareText } from '../model/ids.js';
import { type Category, type ControlEdit, type Finding, precedence } from '../rules/types.js';
import type { Evidence } from '../k8s/snapshot.js';
import type { Proposal, ProposalSet } from './proposal.js';
import { fill, type Slots, type Template } from './template.js';
import { installerGroupFile } from './file-names.js';

export type ImpactWording = Record<Category, { who: string; scanners: string }>;

export interface RenderContext {
  readonly set: ProposalSet;
  readonly template: Template;
  readonly impact: ImpactWording;
  /** Lineage over the shipped versions, when known. */
  readonly lineage?: LineageTable;
}

const releasesText = (rs: readonly string[]): string => (rs.length ? `Kubernetes ${rs.join(', ')}` : 'no release');

function assessment(p: PlacedControl): string {
  const a = p.control.assessment;
  return `${a === 'automated' ? 'Automated' : a === 'manual' ? 'Manual' : 'Not labelled'}${p.control.scored ? ', scored' : ', not scored'}`;
}

/** The recommendation as lines a unified diff can compare. */
function recommendationLines(p: PlacedControl): string[] {
  const c = p.control;
  const lines = [`Recommendation ${c.id}: ${c.title}`, `Assessment: ${assessment(p)}`];
  for (const k of c.checks) lines.push(`Check: ${checkLabel(k)}`);
  if (c.checks.length > 1) lines.push(`Checks combine: ${c.combine === 'any' ? 'any one passes' : 'all must pass'}`);
  if (c.audit)
    lines.push(
      ...c.audit
        .trimEnd()
        .split('\n')
        .map((l) => `Audit: ${l}`),
    );
  if (c.remediation)
    lines.push(
      ...c.remediation
        .trimEnd()
        .split('\n')
        .map((l) => `Remediation: ${l}`),
    );
  return lines;
}

/** The recommendation's lines after an edit: its checks changed as the edit says. */
function editedLines(p: PlacedControl, current: readonly string[], f: Finding, edit: ControlEdit): string[] {
  const c = p.control;
  const head = current.filter((l) => !l.startsWith('Check: ') && !l.startsWith('Checks combine: '));
  const at = current.findIndex((l) => l.startsWith('Check: ') || l.startsWith('Checks combine: '));
  const withChecks = (checks: readonly string[], combine: 'all' | 'any' | undefined): string[] => {
    const lines = [
      ...checks.map((k) => `Check: ${k}`),
      ...(checks.length > 1 ? [`Checks combine: ${combine === 'any' ? 'any one passes' : 'all must pass'}`] : []),
    ];
    const i = at < 0 ? head.length : at;
    return [...head.slice(0, i), ...lines, ...head.slice(i)];
  };
  const labels = c.checks.map(checkLabel);
  switch (edit.kind) {
    case 'remove-control':
      return [];
    case 'mark-manual':
      return current.map((l) => (l.startsWith('Assessment: ') ? 'Assessment: Manual, not scored' : l));
    case 'drop-checks': {
      const kept = labels.filter((_, i) => !edit.checks.includes(i));
      if (kept.length) return withChecks(kept, c.combine);
      return edit.whenEmpty === 'remove'
        ? []
        : withChecks([], c.combine).map((l) => (l.startsWith('Assessment: ') ? 'Assessment: Manual, not scored' : l));
    }
    case 'replace-checks': {
      const replaced = new Set(edit.checks ?? labels.map((_, i) => i));
      // The finding's own words for the new check where it gives them (one line), else each check.
      const added = f.suggestion.check && edit.with.length ? [f.suggestion.check] : edit.with.map(checkLabel);
      const first = Math.min(...replaced);
      const out: string[] = [];
      labels.forEach((l, i) => {
        if (i === first) out.push(...added);
        if (!replaced.has(i)) out.push(l);
      });
      const combine = edit.combine ?? c.combine;
      return withChecks(out, added.length > 1 || out.length > 1 ? combine : c.combine);
    }
    case 'add-subjects':
      return withChecks(
        c.checks.map((k, i) =>
          i === edit.check ? checkLabel({ ...k, subjects: [...k.subjects, ...edit.subjects] }) : labels[i],
        ),
        c.combine,
      );
    case 'accept-unset': {
      const k = c.checks[edit.check];
      return withChecks([...labels, checkLabel({ subjects: k.subjects, op: 'absent' })], 'any');
    }
    case 'allow-list':
      return [...current, ...edit.entries.map((e) => `Exception: ${e.namespace}/${e.name} (${e.why})`)];
  }
}

/** What the recommendation would read like after the lead finding's change. */
function proposedLines(p: PlacedControl, current: readonly string[], f: Finding): string[] {
  const s = f.suggestion;
  if (s.edit) return editedLines(p, current, f, s.edit);
  const touches = (l: string): boolean => l.startsWith('Check: ') && l.includes(f.subject.setting);
  switch (s.action) {
    case 'remove':
      return f.category === 'deprecated' ? [...current, `Note: ${s.proposal ?? 'plan the removal of this check'}`] : [];
    case 'replace': {
      // The new check takes the place of every check on the replaced setting.
      const replaced = (l: string): boolean =>
        l.startsWith('Checks combine: ') || (l.startsWith('Check: ') && (f.category !== 'superseded' || touches(l)));
      const at = current.findIndex((l) => l.startsWith('Check: '));
      const rest = current.filter((l) => !replaced(l));
      const line = `Check: ${s.check ?? s.proposal ?? `the successor of ${f.subject.setting}`}`;
      return at < 0 ? [...rest, line] : [...rest.slice(0, at), line, ...rest.slice(at)];
    }
    case 'accept-default':
      return current.map((l) =>
        touches(l) ? `Check: ${s.check ?? `${f.subject.setting} is unset or meets the recommendation`}` : l,
      );
    case 'rewrite-audit':
      return [
        ...current.filter((l) => !l.startsWith('Audit: ')),
        `Audit: ${s.proposal ?? `read ${f.subject.setting} from the config file`}`,
      ];
    case 'mark-manual':
      return current.map((l) => (l.startsWith('Assessment: ') ? 'Assessment: Manual, not scored' : l));
    case 'allow-list':
      return [...current, `Exception: ${s.proposal ?? 'an allow-list of components that need the setting'}`];
  }
}

function unified(p: PlacedControl, f: Finding, benchmark: string): string {
  const current = recommendationLines(p);
  const afterLines = proposedLines(p, current, f);
  const after = afterLines.length ? afterLines.join('\n') + '\n' : '';
  return unifiedPatch(`${benchmark}/${p.control.id}`, `proposed/${p.control.id}`, current.join('\n') + '\n', after, 20);
}

function evidenceLinks(es: readonly Evidence[]): Inline[] {
  const out: Inline[] = [];
  es.forEach((e, i) => {
    if (i) out.push(', ');
    out.push(link(e.url, e.ref));
  });
  return out;
}

function words(template: string, p: Proposal, set: ProposalSet): string {
  const component =
    [...new Set(p.groups.map((g) => g.finding.subject.component).filter(Boolean))].join(', ') || 'the component';
  return template
    .replaceAll('{installer}', set.installer ?? 'the installer')
    .replaceAll('{releases}', p.releases.join(', '))
    .replaceAll('{component}', component);
}

function slotsFor(p: Proposal, ctx: RenderContext): Slots {
  const { set } = ctx;
  const b = set.benchmark;
  const lead = p.groups[0].finding;
  const ids = p.controls.map((c) => c.control.id);
  const group = p.kind === 'installer-not-default';
  const one = p.controls.length === 1;

  const summary: RootContent[] = group
    ? [
        paragraph(
          `${set.installer ?? 'The installer'} supports ${one ? 'the setting' : 'the settings'} that ` +
            `${one ? 'this recommendation checks' : `these ${p.controls.length} recommendations check`} of ${b.title} ` +
            `but does not set ${one ? 'it' : 'them'} by default, so a cluster installed with its defaults fails ` +
            `${one ? 'it' : 'them'} (${releasesText(p.releases)}). The recommendations are sound; their remediation ` +
            `should say how to make each setting with ${set.installer ?? 'the installer'}.`,
        ),
      ]
    : [
        paragraph(`Recommendation ${lead.controlId} of ${b.title}: ${lead.message}`),
        paragraph(
          `Proposed: ${p.title}. Found by benchwright (${p.rules.join(', ')}) against ` +
            `${releasesText(p.releases)}${set.installer ? ` with ${set.installer}` : ''}.`,
        ),
      ];

  const current: RootContent[] = group
    ? [
        table(
          ['recommendation', 'checks', 'assessment'],
          p.controls.map((c) => [
            code(c.control.id),
            c.control.checks.map(checkLabel).join('; ') || c.control.title,
            assessment(c),
          ]),
        ),
      ]
    : p.controls.flatMap((c) => {
        const out: RootContent[] = [
          list([
            [strong('Title:'), ' ', c.control.title],
            [strong('Assessment:'), ' ', assessment(c)],
            [strong('Section:'), ' ', `${c.section.id} (${c.section.target})`],
            ...(c.control.checks.length
              ? [
                  [
                    strong('Checks:'),
                    ' ',
                    c.control.checks.map(checkLabel).join(c.control.combine === 'any' ? ' — or — ' : '; '),
                  ] as Inline[],
                ]
              : []),
          ]),
        ];
        if (c.control.audit) out.push(paragraph(strong('Audit')), block('sh', c.control.audit.trimEnd()));
        if (c.control.remediation)
          out.push(
            paragraph(strong('Remediation')),
            quote(
              ...c.control.remediation
                .trim()
                .split(/\n\s*\n/)
                .map((para) => lines(para.trim())),
            ),
          );
        if (!c.control.audit && !c.control.remediation)
          out.push(
            paragraph(
              `${b.id} ships this recommendation without its audit and remediation text; see the published benchmark for them.`,
            ),
          );
        return out;
      });

  const problem: RootContent[] = [];
  for (const g of p.groups) {
    const f = g.finding;
    problem.push(
      paragraph(
        strong(f.category),
        ` (${f.severity}, rule ${f.ruleId}${group ? `, recommendation ${f.controlId}` : ''}): ${f.message}`,
      ),
    );
    const items: Inline[][] = [[`Affected releases: ${g.releases.join(', ')}.`]];
    if (f.evidence.length) items.push(['Evidence: ', ...evidenceLinks(f.evidence)]);
    if (f.category === 'installer-not-default' && !group && !p.resolution?.setAside.some((x) => x.group === g))
      items.push([
        'Listed with the other settings the installer leaves unset in ',
        link(installerGroupFile, installerGroupFile),
        '.',
      ]);
    problem.push(list(items));
  }

  const change: RootContent[] = [];
  if (group) {
    change.push(paragraph('Add to the remediation of each recommendation how to make the setting with the installer:'));
    change.push(
      table(
        ['recommendation', 'proposed remediation addition'],
        p.groups.map((g) => [code(g.finding.controlId), g.finding.suggestion.proposal ?? g.finding.message]),
      ),
    );
    // One installer configuration making every setting, as a user would write it: each
    // component's flags once (admission plugins as one list), the kubelet's fields in one document.
    const texts = [...new Set(p.groups.flatMap((g) => g.finding.suggestion.installerConfig ?? []))];
    if (texts.length)
      change.push(
        paragraph(
          `All of them in one configuration (${[...new Set(p.groups.map((g) => g.finding.controlId))].join(', ')}):`,
        ),
        block('yaml', mergeInstallerConfigs(texts).trimEnd()),
      );
  } else {
    change.push(
      paragraph(
        strong('Action:'),
        ' ',
        code(lead.suggestion.action),
        lead.suggestion.proposal ? ` — ${lead.suggestion.proposal}` : '',
      ),
    );
    const r = p.resolution;
    const others = [
      ...new Map(
        (r ? r.also : p.groups.slice(1))
          .filter((g) => g.finding.suggestion.proposal && g.finding.suggestion.proposal !== lead.suggestion.proposal)
          .map((g) => [g.finding.suggestion.proposal!, g.finding] as const),
      ).values(),
    ];
    if (others.length)
      change.push(
        paragraph('Also:'),
        list(others.map((f) => [code(f.suggestion.action), ` — ${f.suggestion.proposal}`])),
      );
    if (r?.setAside.length)
      change.push(
        paragraph(
          `Set aside: where findings disagree, the change of the first category in ${precedence.join(' > ')} decides.`,
        ),
        list(
          r.setAside.map(({ group, because }) => [
            strong(group.finding.category),
            ' ',
            code(group.finding.suggestion.action),
            `${group.finding.suggestion.proposal ? ` (${group.finding.suggestion.proposal.replace(/\.$/, '')})` : ''}: ${because}.`,
          ]),
        ),
      );
    change.push(paragraph('Current → proposed:'), block('diff', unified(p.controls[0], lead, b.id)));
  }

  const impact: RootContent[] = [];
  for (const c of p.categories) {
    const w = ctx.impact[c];
    if (w) impact.push(paragraph(strong(`${c}:`), ' ', words(w.who, p, set), ' ', words(w.scanners, p, set)));
  }

  const lineage: RootContent[] = [];
  if (ctx.lineage) {
    const rows: Inline[][] = [];
    for (const c of p.controls) {
      const l = lineageOf(ctx.lineage, b.id, c.control.id);
      if (!l) continue;
      const newest = l.steps[l.steps.length - 1];
      const tail = l.removedIn
        ? `; removed in ${l.removedIn}`
        : newest.benchmark !== b.id
          ? `; ${newest.id} in ${newest.benchmark}`
          : '';
      rows.push([code(c.control.id), ': ', chainText(l), tail]);
    }
    if (rows.length) lineage.push(list(rows));
  }
  if (!lineage.length) lineage.push(paragraph('No other shipped version is known to hold this recommendation.'));

  const refs = new Map<string, Evidence>();
  for (const g of p.groups) for (const e of g.finding.evidence) refs.set(e.url, e);
  const references: RootContent[] = refs.size
    ? [
        list(
          [...refs.values()]
            .sort((x, y) => compareText(x.ref, y.ref) || compareText(x.url, y.url))
            .map((e) => [link(e.url, e.ref), ` (${e.kind})`]),
        ),
      ]
    : [
        paragraph(
          'The release data behind these findings (the component reference pages and feature-gate tables of the affected releases).',
        ),
      ];

  return {
    block: { summary, current, problem, change, impact, lineage, references },
    inline: {
      title: p.title,
      benchmark: b.id,
      version: b.version,
      recommendations: ids.join(', '),
      releases: p.releases.join(', '),
      installer: set.installer ?? '',
    },
  };
}

export const hashPrefix = 'sha256:';

/** The hash of a document with its own hash value blanked: what `hash:` records. */
export function contentHash(text: string): string {
  const blank = text.replace(/^(hash: ).*$/m, '$1').replace(/(<!-- benchwright-hash: )[^ ]* -->/, '$1 -->');
  return hashPrefix + createHash('sha256').update(blank).digest('hex');
}

/** The hash the document records, if any. */
export function recordedHash(text: string): string | undefined {
  return (
    text.match(/^hash: (sha256:[0-9a-f]{64})$/m)?.[1] ??
    text.match(/<!-- benchwright-hash: (sha256:[0-9a-f]{64}) -->/)?.[1]
  );
}

export function renderProposal(p: Proposal, ctx: RenderContext): string {
  const { set } = ctx;
  const front = stringify(
    {
      benchmark: set.benchmark.id,
      version: set.benchmark.version,
      recommendations: p.controls.map((c) => c.control.id),
      categories: p.categories,
      releases: p.releases,
      installer: set.installer,
      rules: p.rules,
      action: p.action,
      generator: 'benchwright',
      hash: '',
    },
    { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' },
  ).trimEnd();
  const text = serialize(fill(ctx.template, slotsFor(p, ctx)), front);
  return text.replace(/^hash: ""$/m, `hash: ${contentHash(text.replace(/^hash: ""$/m, 'hash: '))}`);
}

export function renderIndex(set: ProposalSet, files: readonly { proposal: Proposal }[]): string {
  const b = set.benchmark;
  const rows = files.map(({ proposal: p }) => [
    p.controls.length > 3
      ? `${p.controls
          .slice(0, 3)
          .map((c) => c.control.id)
          .join(', ')} (+${p.controls.length - 3})`
      : p.controls.map((c) => c.control.id).join(', '),
    p.kind === 'installer-not-default' ? p.title : p.controls[0].control.title,
    p.categories.join(', '),
    code(p.action),
    link(p.file, p.file),
  ]);
  const text = serialize([
    heading(1, `Proposals for ${b.title}`),
    paragraph(
      `Generated by benchwright from ${b.id} (CIS ${b.version}) against ` +
        `${releasesText(set.releases)}${set.installer ? ` with ${set.installer}` : ''}: ${files.length} ` +
        `proposal${files.length === 1 ? '' : 's'}, one file each, ready to paste into a CIS WorkBench ` +
        `ticket. Regenerate rather than edit; a file edited by hand is kept unless --force is given.`,
    ),
    table(['recommendation', 'title', 'categories', 'proposed action', 'file'], rows),
    { type: 'html', value: '<!-- benchwright-hash:  -->' },
  ]);
  return text.replace('<!-- benchwright-hash:  -->', `<!-- benchwright-hash: ${contentHash(text)} -->`);
}
