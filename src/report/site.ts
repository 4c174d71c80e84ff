// The report as files: index.html (the heatmap), benchmarks/<id>.html (findings per control,
// with lineage and proposals), lineage.html (every control through every version),
// proposals/ (the shipped proposals as pages and markdown), style.css. Pure: the same input
// gives the same bytes.
import { compareIds } from '../model/ids.js';
import { idRuns, lineageOf, type LineageTable } from '../diff/lineage.js';
import type { Guidance } from '../render/sarif.js';
import type { CheckReport } from '../rules/check.js';
import { categories, type Finding } from '../rules/types.js';
import { evaluationSection, type NodeEvaluation } from './evaluation.js';
import { h, joined, page, type Child } from './html.js';
import type { Matrix, MatrixRow } from './matrix.js';
import { proposalPage, renderProposal, type ProposalFile, type ProposalMeta } from './proposals.js';
import { heatBuckets, heatClass, stylesheet, type HeatBucket } from './style.js';

export interface SiteInput {
  readonly matrix: Matrix;
  readonly lineage: LineageTable;
  readonly proposals: readonly ProposalFile[];
  readonly guidance: Guidance;
  readonly version: string;
  /** The newest pair on the kubeadm reference node, once `evaluate` provides it. */
  readonly evaluation?: NodeEvaluation;
}

const nav = [
  { href: 'index.html', text: 'Heatmap' },
  { href: 'lineage.html', text: 'Lineage' },
  { href: 'proposals/index.html', text: 'Proposals' },
];

const benchmarkPage = (id: string): string => `benchmarks/${encodeURIComponent(id)}.html`;
const anchor = (prefix: string, id: string): string => `${prefix}-${id}`;
const fragment = (prefix: string, id: string): string => `#${encodeURIComponent(anchor(prefix, id))}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** 1.13–1.19, 1.21: runs of consecutive columns. */
function releaseRuns(picked: readonly string[], columns: readonly string[]): string {
  const at = picked.map((r) => columns.indexOf(r)).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < at.length; ) {
    let j = i;
    while (j + 1 < at.length && at[j + 1] === at[j] + 1) j++;
    runs.push(i === j ? columns[at[i]] : `${columns[at[i]]}–${columns[at[j]]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** One finding as it recurs over releases: the same rule on the same setting of a control. */
interface FindingGroup {
  readonly first: Finding;
  readonly releases: string[];
  readonly evidence: Map<string, Finding['evidence'][number]>;
}

function groupFindings(row: MatrixRow): Map<string, FindingGroup[]> {
  const byControl = new Map<string, Map<string, FindingGroup>>();
  for (const cell of row.cells)
    for (const f of cell.report?.findings ?? []) {
      const key = [f.ruleId, f.category, f.severity, f.subject.component ?? '', f.subject.setting, f.suggestion.action];
      const groups = byControl.get(f.controlId) ?? new Map<string, FindingGroup>();
      byControl.set(f.controlId, groups);
      const g: FindingGroup = groups.get(key.join('\0')) ?? { first: f, releases: [], evidence: new Map() };
      groups.set(key.join('\0'), g);
      g.releases.push(cell.release);
      for (const e of f.evidence) if (!g.evidence.has(e.url)) g.evidence.set(e.url, e);
    }
  const ids = [...byControl.keys()].sort(compareIds);
  return new Map(ids.map((id) => [id, [...byControl.get(id)!.values()]]));
}

function byCategory(r: CheckReport): string {
  return categories
    .filter((c) => r.summary.byCategory[c])
    .map((c) => `${c} ${r.summary.byCategory[c]}`)
    .join(', ');
}

function cellLabel(row: MatrixRow, release: string, targeted: boolean, r: CheckReport): string {
  const where = `${row.benchmark.id} on Kubernetes ${release}`;
  const what = `${plural(r.findings.length, 'finding')} on ${plural(r.summary.affected, 'control')}`;
  return `${where}: ${what}${targeted ? ', a release it targets' : ''}`;
}

function heatmap(m: Matrix, buckets: readonly HeatBucket[]): Child {
  const who = m.installer ? ` installed with ${m.installer}` : '';
  return h(
    'div',
    { className: ['scroll'] },
    h(
      'table',
      { className: ['heatmap'] },
      h(
        'caption',
        {},
        `Findings per benchmark (rows, in the order of the releases they target) and Kubernetes release${who} ` +
          '(columns). A dark border and ◆ mark a release the benchmark targets. Each count links to its findings.',
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'benchmark'),
          m.releases.map((r) => h('th', { scope: 'col' }, r)),
        ),
      ),
      h(
        'tbody',
        {},
        m.rows.map((row) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('a', { href: benchmarkPage(row.benchmark.id) }, row.benchmark.id)),
            row.cells.map((c) => {
              const marks = c.targeted ? ['t'] : [];
              if (!c.report) return h('td', { className: marks, title: 'not checked' }, '·');
              const href = `${benchmarkPage(row.benchmark.id)}${fragment('r', c.release)}`;
              const label = cellLabel(row, c.release, c.targeted, c.report);
              const n = String(c.report.findings.length);
              const heat = heatClass(buckets, c.report.findings.length);
              return h('td', { className: [heat, ...marks] }, h('a', { href, ariaLabel: label }, n));
            }),
          ),
        ),
      ),
    ),
  );
}

function legend(buckets: readonly HeatBucket[]): Child {
  return h(
    'ul',
    { className: ['legend'], ariaLabel: 'Colour key' },
    buckets.map((b, i) => h('li', { className: [`h${i}`] }, i ? `${b.label} findings` : 'no findings')),
    h('li', {}, '◆ with a dark border: a release the benchmark targets'),
  );
}

/** The heatmap in words: each benchmark on the releases it targets. */
function targetedSummary(m: Matrix): Child {
  return h(
    'ul',
    {},
    m.rows.map((row) => {
      const cells = row.cells.filter((c) => c.targeted && c.report);
      const named = row.benchmark.kubernetes.join(', ') || 'none named';
      if (!cells.length)
        return h('li', {}, `${row.benchmark.id} targets Kubernetes ${named}, none of them in the report.`);
      return h(
        'li',
        {},
        h('a', { href: benchmarkPage(row.benchmark.id) }, row.benchmark.id),
        ` (CIS ${row.benchmark.version}) on the releases it targets: `,
        joined(
          cells.map((c) =>
            h(
              'a',
              { href: `${benchmarkPage(row.benchmark.id)}${fragment('r', c.release)}` },
              `${c.release}: ${plural(c.report!.findings.length, 'finding')}`,
            ),
          ),
          '; ',
        ),
        '.',
      );
    }),
  );
}

function indexPage(input: SiteInput): string {
  const m = input.matrix;
  const total = m.rows.reduce((n, r) => n + r.cells.reduce((k, c) => k + (c.report?.findings.length ?? 0), 0), 0);
  const pairs = m.rows.reduce((n, r) => n + r.cells.filter((c) => c.report).length, 0);
  // The newest CIS Kubernetes version (rows are in release order; the CIS Docker versions come last).
  const newest = [...m.rows].reverse().find((r) => r.benchmark.kubernetes.length > 0);
  const counts = m.rows.flatMap((r) => r.cells.map((c) => c.report?.findings.length ?? 0));
  const buckets = heatBuckets(counts);
  const body: Child[] = [
    h('h1', {}, 'Stale controls of the CIS Kubernetes Benchmark'),
    h(
      'p',
      {},
      `${plural(m.rows.length, 'benchmark version')} checked against ${plural(m.releases.length, 'Kubernetes release')}` +
        `${m.installer ? ` as installed by ${m.installer}` : ''}: ${plural(pairs, 'pair')}, ${plural(total, 'finding')}.`,
    ),
    h('h2', { id: 'heatmap' }, 'Heatmap'),
    heatmap(m, buckets),
    legend(buckets),
    h('h2', { id: 'targeted' }, 'On the releases each benchmark targets'),
    targetedSummary(m),
    newest
      ? evaluationSection(input.evaluation, (id) =>
          // The benchmark page has a section for each control with findings; the others have no anchor.
          newest.cells.some((c) => c.report?.findings.some((f) => f.controlId === id))
            ? `${benchmarkPage(newest.benchmark.id)}${fragment('c', id)}`
            : undefined,
        )
      : [],
    h('h2', { id: 'more' }, 'More'),
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: 'lineage.html' }, 'Lineage'), ': every control through every benchmark version.'),
      h('li', {}, h('a', { href: 'proposals/index.html' }, 'Proposals'), ': changes ready for CIS WorkBench.'),
    ),
  ];
  return page({ title: 'benchwright report', depth: 0, nav, body, footer: footer(input) });
}

const footer = (input: SiteInput): string =>
  `Written by benchwright ${input.version} from its shipped release snapshots and benchmarks.`;

function timeline(table: LineageTable, benchmark: string, id: string): Child {
  const l = lineageOf(table, benchmark, id);
  if (!l)
    return h('p', { className: ['muted'] }, 'No lineage: this version is not among the shipped generic versions.');
  const runs = idRuns(l);
  return h(
    'div',
    {},
    h(
      'ol',
      { className: ['timeline'], ariaLabel: `Ids of ${benchmark} ${id} through the benchmark versions` },
      runs.map((r) =>
        h(
          'li',
          { className: r.steps.some((s) => s.benchmark === benchmark) ? ['here'] : [] },
          `${r.id} (${r.from === r.to ? r.from : `${r.from} … ${r.to}`})`,
        ),
      ),
    ),
    h(
      'p',
      { className: ['muted'] },
      l.removedIn ? `Dropped in ${l.removedIn}. ` : '',
      h('a', { href: `../lineage.html${fragment('v', `${benchmark}-${id}`)}` }, 'In the lineage table'),
    ),
  );
}

function findingRow(g: FindingGroup, columns: readonly string[], guidance: Guidance): Child {
  const f = g.first;
  const proposal = f.suggestion.proposal ?? f.suggestion.headline;
  return h(
    'tr',
    {},
    h('td', {}, h('span', { className: ['badge', f.severity] }, f.severity)),
    h('td', { title: guidance[f.category].what }, f.category),
    h('td', {}, f.message),
    h('td', {}, releaseRuns(g.releases, columns)),
    h('td', {}, h('strong', {}, f.suggestion.action), proposal ? `: ${proposal}` : ''),
    h('td', {}, joined([...g.evidence.values()].map((e) => h('a', { href: e.url }, e.ref)))),
  );
}

function benchmarkPageHtml(row: MatrixRow, input: SiteInput, proposals: ReadonlyMap<string, ProposalLink[]>): string {
  const b = row.benchmark;
  const m = input.matrix;
  const titles = new Map(b.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const groups = groupFindings(row);
  const releaseRows = row.cells.map((c) => {
    const id = anchor('r', c.release);
    if (!c.report)
      return h(
        'tr',
        { id },
        h('th', { scope: 'row' }, c.release),
        h('td', { colSpan: 4 }, 'not checked (targeted releases only)'),
      );
    const affected = [...new Set(c.report.findings.map((f) => f.controlId))];
    return h(
      'tr',
      { id },
      h('th', { scope: 'row' }, c.release, c.targeted ? ' ◆' : ''),
      h('td', {}, String(c.report.findings.length)),
      h('td', {}, byCategory(c.report) || 'none'),
      h('td', {}, joined(affected.map((a) => h('a', { href: fragment('c', a) }, a)))),
      h('td', {}, c.targeted ? 'targeted' : ''),
    );
  });
  const controls = [...groups].map(([id, gs]) => {
    const links = proposals.get(`${b.id}\0${id}`) ?? [];
    return h(
      'section',
      { id: anchor('c', id), ariaLabelledBy: [anchor('h', id)] },
      h('h3', { id: anchor('h', id) }, `${id} ${titles.get(id) ?? ''}`.trim()),
      timeline(input.lineage, b.id, id),
      links.length
        ? h('p', {}, 'Proposed change: ', joined(links.map((p) => h('a', { href: `../${p.href}` }, p.text))), '.')
        : null,
      h(
        'div',
        { className: ['scroll'] },
        h(
          'table',
          { className: ['findings'] },
          h('caption', {}, `Findings on ${id}`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['severity', 'category', 'finding (as first reported)', 'releases', 'suggested', 'evidence'].map((t) =>
                h('th', { scope: 'col' }, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            gs.map((g) => findingRow(g, m.releases, input.guidance)),
          ),
        ),
      ),
    );
  });
  const who = m.installer ? ` as installed by ${m.installer}` : '';
  const body: Child[] = [
    h('h1', {}, `${b.id}: CIS Kubernetes Benchmark ${b.version}`),
    h(
      'p',
      {},
      `Targets Kubernetes ${b.kubernetes.join(', ') || '(none named)'}. ` +
        `Checked against ${plural(row.cells.filter((c) => c.report).length, 'release')}${who}; ` +
        `${plural(groups.size, 'control')} with findings.`,
    ),
    h('h2', { id: 'releases' }, 'By release'),
    h(
      'div',
      { className: ['scroll'] },
      h(
        'table',
        {},
        h('caption', {}, `Findings of ${b.id} per Kubernetes release (◆ a release it targets)`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['release', 'findings', 'by category', 'controls', 'targeted'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, releaseRows),
      ),
    ),
    h('h2', { id: 'controls' }, 'Controls with findings'),
    controls.length ? controls : h('p', {}, 'No findings on any release checked.'),
    h('h2', { id: 'categories' }, 'What the categories ask for'),
    h(
      'dl',
      {},
      categories.map((c) => [h('dt', {}, c), h('dd', {}, `${input.guidance[c].what} ${input.guidance[c].do}`)]),
    ),
  ];
  return page({ title: `${b.id}: benchwright report`, depth: 1, nav, body, footer: footer(input) });
}

function lineagePage(input: SiteInput): string {
  const t = input.lineage;
  const rows = t.lineages.map((l, n) => {
    const at = new Map(l.steps.map((s) => [s.benchmark, s.id]));
    let previous: string | undefined;
    const first = l.steps[0];
    return h(
      'tr',
      { id: `l-${n + 1}` },
      h('th', { scope: 'row' }, `${first.id} (${first.benchmark})`),
      t.versions.map((v) => {
        const id = at.get(v.id);
        if (id === undefined) {
          previous = undefined;
          return h('td', {}, '');
        }
        const cls = previous === undefined || previous !== id ? 'new' : 'same';
        previous = id;
        return h('td', { id: anchor('v', `${v.id}-${id}`), className: [cls] }, id);
      }),
    );
  });
  const body: Child[] = [
    h('h1', {}, 'Lineage of every control'),
    h(
      'p',
      {},
      'Each row follows one control through the shipped generic benchmark versions, in the order of the Kubernetes ' +
        'releases they target. A highlighted id is where the control first appears or was renumbered; a grey one ' +
        'kept the id of the version before; an empty cell is a version without the control.',
    ),
    h(
      'div',
      { className: ['scroll'] },
      h(
        'table',
        { className: ['lineage'] },
        h('caption', {}, `${plural(t.lineages.length, 'control')} across ${plural(t.versions.length, 'version')}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'first seen as'),
            t.versions.map((v) => h('th', { scope: 'col', title: `Kubernetes ${v.kubernetes.join(', ')}` }, v.id)),
          ),
        ),
        h('tbody', {}, rows),
      ),
    ),
  ];
  return page({ title: 'Lineage: benchwright report', depth: 0, nav, body, footer: footer(input) });
}

interface ProposalLink {
  readonly href: string;
  readonly text: string;
}

function proposalPages(input: SiteInput): { files: Map<string, string>; links: Map<string, ProposalLink[]> } {
  const files = new Map<string, string>();
  const links = new Map<string, ProposalLink[]>();
  const sets = [...new Set(input.proposals.map((p) => p.set))].sort(compareIds);
  const indexes: Child[] = [];
  for (const set of sets) {
    const docs = input.proposals.filter((p) => p.set === set);
    let about: ProposalMeta | undefined;
    for (const doc of docs) {
      const r = renderProposal(doc);
      const href = `proposals/${encodeURIComponent(set)}/${proposalPage(doc.file)}`;
      files.set(`proposals/${set}/${doc.file}`, doc.text);
      files.set(
        `proposals/${set}/${proposalPage(doc.file)}`,
        page({ title: `${r.title}: benchwright report`, depth: 2, nav, body: r.body, footer: footer(input) }),
      );
      if (r.meta) {
        about ??= r.meta;
        const text = `Kubernetes ${r.meta.releases.join(', ')}${r.meta.installer ? ` with ${r.meta.installer}` : ''}`;
        for (const id of r.meta.recommendations) {
          const key = `${r.meta.benchmark}\0${id}`;
          links.set(key, [...(links.get(key) ?? []), { href, text }]);
        }
      }
    }
    const what = about
      ? `${about.benchmark} on Kubernetes ${about.releases.join(', ')}${about.installer ? ` with ${about.installer}` : ''}`
      : set;
    indexes.push(
      h(
        'li',
        {},
        h('a', { href: `${encodeURIComponent(set)}/index.html` }, what),
        ` (${plural(docs.length - 1, 'proposal')})`,
      ),
    );
  }
  const body: Child[] = [
    h('h1', {}, 'Proposals'),
    h(
      'p',
      {},
      'Changes to the benchmark written by benchwright propose, one per affected recommendation, each with its evidence ' +
        'and the markdown to paste into a CIS WorkBench ticket.',
    ),
    indexes.length ? h('ul', {}, indexes) : h('p', {}, 'No proposals are shipped.'),
  ];
  files.set(
    'proposals/index.html',
    page({ title: 'Proposals: benchwright report', depth: 1, nav, body, footer: footer(input) }),
  );
  return { files, links };
}

/** Relative path → file text, every page of the site. */
export function buildSite(input: SiteInput): Map<string, string> {
  const out = new Map<string, string>();
  out.set('style.css', stylesheet);
  out.set('index.html', indexPage(input));
  const { files, links } = proposalPages(input);
  for (const row of input.matrix.rows) out.set(benchmarkPage(row.benchmark.id), benchmarkPageHtml(row, input, links));
  out.set('lineage.html', lineagePage(input));
  for (const [k, v] of files) out.set(k, v);
  return out;
}
