// The report as files: index.html (the heatmap), benchmarks/<id>.html (findings per control,
// with lineage and proposals), lineage.html (every control through every version),
// proposals/ (the shipped proposals as pages and markdown), style.css. Pure: the same input
// gives the same bytes.
import { compareIds } from '../model/ids.js';
import { idRuns, lineageOf, type LineageTable } from '../diff/lineage.js';
import type { SinceEntry } from '../diff/since.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { subjectLabel } from '../model/subject.js';
import { causeWords, noCause } from '../render/since.js';
import type { Guidance } from '../render/sarif.js';
import type { CheckReport } from '../rules/check.js';
import { categories, type Finding } from '../rules/types.js';
import { evaluationSection, type NodeEvaluation } from './evaluation.js';
import { boxedTable, h, joined, page, type Child } from './html.js';
import type { Matrix, MatrixRow } from './matrix.js';
import { adviceWords, benchmarkNews, type BenchmarkNews } from './news.js';
import { proposalPage, renderProposal, type ProposalFile, type ProposalMeta } from './proposals.js';
import { heatBuckets, heatClass, stylesheet, type HeatBucket } from './style.js';

export interface SiteInput {
  readonly matrix: Matrix;
  readonly lineage: LineageTable;
  readonly proposals: readonly ProposalFile[];
  readonly guidance: Guidance;
  readonly version: string;
  /** Every known release snapshot, oldest first: what changed between releases is looked up in them. */
  readonly history: readonly ReleaseSnapshot[];
  /** The newest pair on the kubeadm reference node, once `evaluate` provides it. */
  readonly evaluation?: NodeEvaluation;
}

const nav = [
  { href: 'index.html', text: 'Heatmap' },
  { href: 'controls.html', text: 'Find a control' },
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

/**
 * One piece of advice as it recurs over releases: the same rule on the same setting of a control,
 * saying the same thing but for the release it names. The advice a release gives changes when the
 * release does (1.2.1 on 1.13 cannot limit anonymous requests; on 1.34 an AuthenticationConfiguration
 * can), so each wording is its own group, shown as its newest release words it.
 */
interface Advice {
  /** As its newest release words it. */
  readonly finding: Finding;
  /** As each release words it. */
  readonly byRelease: Map<string, Finding>;
  readonly releases: string[];
  readonly evidence: Map<string, Finding['evidence'][number]>;
}

/** Per control (natural order), its advice groups in the order they first appear. */
function groupAdvice(row: MatrixRow): Map<string, Advice[]> {
  const byControl = new Map<string, Map<string, Advice>>();
  for (const cell of row.cells)
    for (const f of cell.report?.findings ?? []) {
      const words = adviceWords(f, cell.release);
      const key = [
        f.ruleId,
        f.category,
        f.severity,
        f.subject.component ?? '',
        f.subject.setting,
        f.suggestion.action,
        words,
      ];
      const groups = byControl.get(f.controlId) ?? new Map<string, Advice>();
      byControl.set(f.controlId, groups);
      const prior = groups.get(key.join('\0'));
      // Cells come in release order: the newest release's finding is the one shown.
      const g: Advice = {
        finding: f,
        byRelease: prior?.byRelease ?? new Map(),
        releases: prior?.releases ?? [],
        evidence: prior?.evidence ?? new Map(),
      };
      g.byRelease.set(cell.release, f);
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

/**
 * The heatmap: one tab stop per row (the benchmark's page, which opens with its releases), not
 * one per cell (552 cells made the page a wall of tab stops). Each cell stays a link for the
 * mouse and for a screen reader's table navigation, out of the tab order (tabindex -1); the
 * keyboard reaches the same place through the row's page or the list under the heatmap. The
 * caption sits above the scrolling box so that a narrow screen shows all of it.
 */
function heatmap(m: Matrix, buckets: readonly HeatBucket[]): Child {
  const who = m.installer ? ` installed with ${m.installer}` : '';
  return h(
    'figure',
    { className: ['heat'] },
    h(
      'figcaption',
      { id: 'heatmap-caption' },
      `Findings per benchmark (rows, in the order of the releases they target) and Kubernetes release${who} ` +
        '(columns). A heavy border and ◆ mark a release the benchmark targets. Each benchmark links to its page; ' +
        'each count links to its findings.',
    ),
    h(
      'div',
      { className: ['scroll'] },
      h(
        'table',
        { className: ['heatmap'], ariaLabelledBy: ['heatmap-caption'] },
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
                return h('td', { className: [heat, ...marks] }, h('a', { href, ariaLabel: label, tabIndex: -1 }, n));
              }),
            ),
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
    h('li', {}, '◆ with a heavy border: a release the benchmark targets'),
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

const findingColumns = ['severity', 'category', 'finding', 'releases', 'suggested', 'evidence'];

function findingRow(g: Advice, columns: readonly string[], guidance: Guidance): Child {
  const f = g.finding;
  const proposal = f.suggestion.proposal ?? f.suggestion.headline;
  return h(
    'tr',
    {},
    h('td', {}, h('span', { className: ['badge', f.severity] }, f.severity)),
    h('td', { title: guidance[f.category].what }, f.category),
    h('td', { className: ['text'] }, f.message),
    h('td', {}, releaseRuns(g.releases, columns)),
    h('td', { className: ['text'] }, h('strong', {}, f.suggestion.action), proposal ? `: ${proposal}` : ''),
    h('td', {}, joined([...g.evidence.values()].map((e) => h('a', { href: e.url }, e.ref)))),
  );
}

function findingTable(
  boxId: string,
  caption: string,
  groups: readonly Advice[],
  columns: readonly string[],
  guidance: Guidance,
): Child {
  return boxedTable(
    boxId,
    caption,
    { className: ['findings'] },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        findingColumns.map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      groups.map((g) => findingRow(g, columns, guidance)),
    ),
  );
}

/** `the newest release cis-1.12 targets`, or why the page reads another release first. */
function referenceWords(b: MatrixRow['benchmark'], news: BenchmarkNews): string {
  switch (news.reason) {
    case 'targeted':
      return `the newest release ${b.id} targets`;
    case 'nearest':
      return `the checked release nearest those ${b.id} targets (${b.kubernetes.join(', ')})`;
    case 'newest':
      return 'the newest release checked';
  }
}

/**
 * A control's advice: what its findings say on the reference release first, the advice earlier
 * (or later) releases gave folded under it, each with the releases it holds for.
 */
function controlAdvice(
  id: string,
  groups: readonly Advice[],
  news: BenchmarkNews,
  row: MatrixRow,
  input: SiteInput,
): Child[] {
  const columns = input.matrix.releases;
  const ref = news.reference;
  // The lead is worded as the reference release words it, not as the newest release it holds for.
  const lead = groups
    .filter((g) => g.releases.includes(ref))
    .map((g): Advice => ({ ...g, finding: g.byRelease.get(ref)! }));
  const newestFirst = (g: Advice) => g.releases.at(-1)!;
  const others = groups
    .filter((g) => !g.releases.includes(ref))
    .sort((a, b) => columns.indexOf(newestFirst(b)) - columns.indexOf(newestFirst(a)));
  const where = `Kubernetes ${ref}, ${referenceWords(row.benchmark, news)}`;
  return [
    lead.length
      ? findingTable(anchor('a', id), `Advice on ${id} for ${where}`, lead, columns, input.guidance)
      : h('p', {}, `No finding on ${id} for ${where}.`),
    others.length
      ? h(
          'details',
          {},
          h('summary', {}, `Advice on other releases (${others.length})`),
          findingTable(
            anchor('o', id),
            `Advice on ${id} for other releases, newest first`,
            others,
            columns,
            input.guidance,
          ),
        )
      : null,
  ];
}

const settingOf = (e: SinceEntry): string =>
  `${e.finding.subject.component ? `${e.finding.subject.component} ` : ''}${e.finding.subject.setting}`;

/** Each release the page leads with: its findings, and what changed since the release checked before it. */
function newsSection(row: MatrixRow, news: BenchmarkNews | undefined): Child[] {
  const b = row.benchmark;
  if (!news) return [h('p', {}, 'No release of this benchmark was checked.')];
  const heading =
    news.reason === 'targeted'
      ? `What changed on the releases ${b.id} targets`
      : news.reason === 'nearest'
        ? `What changed on the checked release nearest those ${b.id} targets`
        : 'What changed on the newest release checked';
  const out: Child[] = [
    h('h2', { id: 'news' }, heading),
    h(
      'p',
      {},
      'Each release against the release checked before it: the findings that appeared and those that went away, ' +
        'each with the release changes on its setting and their evidence (what check --since lists).',
    ),
  ];
  for (const release of news.releases) {
    const cell = row.cells.find((c) => c.release === release)!;
    const r = cell.report!;
    const d = news.deltas.get(release);
    const affected = new Set(r.findings.map((f) => f.controlId)).size;
    const count = `${plural(r.findings.length, 'finding')} on ${plural(affected, 'control')}`;
    const changed = news.reworded.get(release) ?? [];
    out.push(
      h('h3', { id: anchor('n', release) }, `Kubernetes ${release}${cell.targeted ? ' ◆' : ''}`),
      h(
        'p',
        {},
        d
          ? `${count}; since ${d.release}: ${plural(d.appeared.length, 'finding')} appeared, ${d.resolved.length} went away` +
              `${changed.length ? `, ${plural(changed.length, 'finding')} changed ${changed.length === 1 ? 'its' : 'their'} advice` : ''}.`
          : `${count}; the first release checked, nothing to compare with.`,
        ' ',
        h('a', { href: fragment('r', release) }, `${release} in the table by release`),
      ),
    );
    if (d && (d.appeared.length || d.resolved.length)) {
      const rows = [
        ...d.appeared.map((e) => ['appeared', e] as const),
        ...d.resolved.map((e) => ['went away', e] as const),
      ].map(([what, e]) =>
        h(
          'tr',
          {},
          h('td', {}, what),
          h('th', { scope: 'row' }, h('a', { href: fragment('c', e.finding.controlId) }, e.finding.controlId)),
          h('td', {}, e.finding.category),
          h('td', { className: ['text'] }, settingOf(e)),
          h(
            'td',
            { className: ['text'] },
            e.causes.length
              ? joined(
                  e.causes.map((c) => [
                    causeWords(c),
                    c.evidence.length ? [' (', joined(c.evidence.map((x) => h('a', { href: x.url }, x.ref))), ')'] : '',
                  ]),
                  '; ',
                )
              : noCause,
          ),
        ),
      );
      out.push(
        boxedTable(
          anchor('n', release),
          `${b.id}: what changed from Kubernetes ${d.release} to ${release}`,
          { className: ['changes'] },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['change', 'control', 'category', 'setting', 'caused by'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h('tbody', {}, rows),
        ),
      );
    }
    if (changed.length)
      out.push(
        h('p', {}, `Advice that changed from ${d!.release} to ${release} (the same finding, new words):`),
        h(
          'ul',
          {},
          changed.map((c) =>
            h(
              'li',
              {},
              h('a', { href: fragment('c', c.after.controlId) }, c.after.controlId),
              ` ${c.after.category}, ${c.after.subject.component ? `${c.after.subject.component} ` : ''}` +
                `${c.after.subject.setting}: now `,
              h('strong', {}, c.after.suggestion.action),
              `: ${c.after.suggestion.proposal ?? c.after.suggestion.headline ?? c.after.message}`,
            ),
          ),
        ),
      );
  }
  return out;
}

function benchmarkPageHtml(row: MatrixRow, input: SiteInput, proposals: ReadonlyMap<string, ProposalLink[]>): string {
  const b = row.benchmark;
  const m = input.matrix;
  const titles = new Map(b.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
  const groups = groupAdvice(row);
  const news = benchmarkNews(row, input.history);
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
      news ? controlAdvice(id, gs, news, row, input) : null,
    );
  });
  const who = m.installer ? ` as installed by ${m.installer}` : '';
  const body: Child[] = [
    h('h1', {}, `${b.id}: CIS ${b.docker ? 'Docker' : 'Kubernetes'} Benchmark ${b.version}`),
    h(
      'p',
      {},
      b.docker
        ? `Targets Docker ${b.docker.join(', ')}, on the nodes of any Kubernetes release. `
        : `Targets Kubernetes ${b.kubernetes.join(', ') || '(none named)'}. `,
      `Checked against ${plural(row.cells.filter((c) => c.report).length, 'release')}${who}; ` +
        `${plural(groups.size, 'control')} with findings.`,
    ),
    newsSection(row, news),
    h('h2', { id: 'releases' }, 'By release'),
    boxedTable(
      'releases',
      `Findings of ${b.id} per Kubernetes release (◆ a release it targets)`,
      {},
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
    h('h2', { id: 'controls' }, 'Controls with findings'),
    news
      ? h(
          'p',
          {},
          `Each control shows its advice for Kubernetes ${news.reference} (${referenceWords(b, news)}) first; ` +
            'what other releases advise is folded under it.',
        )
      : null,
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
    boxedTable(
      'lineage',
      `${plural(t.lineages.length, 'control')} across ${plural(t.versions.length, 'version')}`,
      { className: ['lineage'] },
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
  ];
  return page({ title: 'Lineage: benchwright report', depth: 0, nav, body, footer: footer(input) });
}

/**
 * The control index's filter: the words typed must all occur in an entry. Without scripts the
 * page is the plain list (the input stays hidden); the script is inline so the page needs no
 * other file, and small enough to read here.
 */
const filterScript = `const q = document.getElementById('q');
const items = [...document.querySelectorAll('#controls li')];
const count = document.getElementById('count');
document.getElementById('find').hidden = false;
const show = () => {
  const words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const li of items) {
    const text = li.textContent.toLowerCase();
    li.hidden = !words.every((w) => text.includes(w));
    if (!li.hidden) shown++;
  }
  count.textContent = words.length ? shown + ' of ' + items.length + ' controls match' : '';
};
q.addEventListener('input', show);
show();
`;

/**
 * Every control of every benchmark in the report, to find one by id, title or setting: each
 * links to its findings, else to its row in the lineage, else to its benchmark's page.
 */
function controlsPage(input: SiteInput, withFindings: ReadonlyMap<string, ReadonlySet<string>>): string {
  const lineageIds = new Set(input.lineage.lineages.flatMap((l) => l.steps.map((s) => `${s.benchmark}\0${s.id}`)));
  const items = input.matrix.rows.flatMap((row) => {
    const b = row.benchmark;
    const found = withFindings.get(b.id) ?? new Set<string>();
    return b.sections
      .flatMap((s) => s.controls)
      .map((c) => {
        const href = found.has(c.id)
          ? `${benchmarkPage(b.id)}${fragment('c', c.id)}`
          : lineageIds.has(`${b.id}\0${c.id}`)
            ? `lineage.html${fragment('v', `${b.id}-${c.id}`)}`
            : benchmarkPage(b.id);
        const settings = [...new Set(c.checks.flatMap((k) => k.subjects.map(subjectLabel)))];
        return h(
          'li',
          {},
          h('a', { href }, `${b.id} ${c.id}`),
          ` ${c.title}`,
          settings.length ? h('span', { className: ['muted'] }, ` (${settings.join('; ')})`) : '',
          found.has(c.id) ? '' : h('span', { className: ['muted'] }, ' no findings'),
        );
      });
  });
  const body: Child[] = [
    h('h1', {}, 'Find a control'),
    h(
      'p',
      {},
      `${plural(items.length, 'control')} of ${plural(input.matrix.rows.length, 'benchmark version')}, each with the ` +
        'settings its checks read. A control with findings links to them; the others to their lineage or benchmark.',
    ),
    h(
      'div',
      { id: 'find', className: ['find'], hidden: true },
      h('label', { htmlFor: ['q'] }, 'Filter by id, benchmark, title or setting'),
      h('input', { id: 'q', type: 'search', autoComplete: ['off'], ariaDescribedBy: ['count'] }),
      h('p', { id: 'count', ariaLive: 'polite', className: ['muted'] }),
    ),
    h('ul', { id: 'controls' }, items),
    h('script', {}, filterScript),
  ];
  return page({ title: 'Find a control: benchwright report', depth: 0, nav, body, footer: footer(input) });
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
  const withFindings = new Map<string, Set<string>>();
  for (const row of input.matrix.rows) {
    out.set(benchmarkPage(row.benchmark.id), benchmarkPageHtml(row, input, links));
    withFindings.set(
      row.benchmark.id,
      new Set(row.cells.flatMap((c) => c.report?.findings.map((f) => f.controlId) ?? [])),
    );
  }
  out.set('controls.html', controlsPage(input, withFindings));
  out.set('lineage.html', lineagePage(input));
  for (const [k, v] of files) out.set(k, v);
  return out;
}
