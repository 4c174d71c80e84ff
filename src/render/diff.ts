// Benchmark diffs for a terminal and for a pull-request review.
import type { RootContent } from 'mdast';
import type { BenchmarkDiff, BenchmarkRef, PairDiff } from '../diff/benchmark-diff.js';
import type { FieldChange, WordPart } from '../diff/changes.js';
import { unifiedPatch } from './patch.js';
import { hanging } from './wrap.js';
import {
  block,
  code,
  del,
  details,
  heading,
  paragraph,
  quote,
  serialize,
  strong,
  table,
  type Inline,
} from './markdown.js';

const span = (r: { first: string; last: string }): string => `${r.first} … ${r.last}`;
const name = (b: BenchmarkRef): string => `${b.id} (CIS ${b.version})`;

const counts = (d: BenchmarkDiff): string => {
  const s = d.summary;
  const parts = [`${s.renumbered} renumbered`, `${s.changed} changed`, `${s.added} added`, `${s.removed} removed`];
  if (s.splits) parts.push(`${s.splits} split`);
  if (s.merges) parts.push(`${s.merges} merged`);
  parts.push(`${s.unchanged} unchanged`);
  return parts.join(', ');
};

// Long or multi-line text reads better as a unified diff than inline.
const isLong = (c: FieldChange): boolean =>
  [c.before, c.after].some((t) => t !== undefined && (t.length > 100 || t.includes('\n')));

// Tokens are separated by spaces and by the commas of a list (cipher suites, admission plugins).
const space = /[\s,]/;

/**
 * A word diff as a reader takes it in: unchanged runs kept only as whole tokens (a token cut by a
 * change (tokens end at spaces and commas), `kube-`+`scheduler`, joins the change), neighbouring changes joined into one `[-old-]{+new+}`,
 * and a short value (≤ 100 characters) that kept less than half of itself shown whole, old then new.
 */
export function readableWords(c: FieldChange): readonly WordPart[] | undefined {
  if (!c.words || c.before === undefined || c.after === undefined) return c.words;
  const { before, after } = c;
  const out: WordPart[] = [];
  let del = '';
  let add = '';
  const flush = (): void => {
    if (del) out.push({ op: '-', text: del });
    if (add) out.push({ op: '+', text: add });
    del = add = '';
  };
  const boundary = (t: string, i: number): boolean =>
    i <= 0 || i >= t.length || space.test(t[i - 1]) || space.test(t[i]);
  let b = 0;
  let a = 0;
  for (const w of c.words) {
    if (w.op === '-') del += w.text;
    else if (w.op === '+') add += w.text;
    else {
      const end = w.text.length;
      // The kept run, shrunk to whole tokens at both ends on both sides.
      let from = 0;
      while (from < end && !(boundary(before, b + from) && boundary(after, a + from))) from++;
      let to = end;
      while (to > from && !(boundary(before, b + to) && boundary(after, a + to))) to--;
      if (to > from && /\S/.test(w.text.slice(from, to))) {
        del += w.text.slice(0, from);
        add += w.text.slice(0, from);
        flush();
        out.push({ op: '=', text: w.text.slice(from, to) });
        del += w.text.slice(to);
        add += w.text.slice(to);
      } else {
        del += w.text;
        add += w.text;
      }
    }
    if (w.op !== '+') b += w.text.length;
    if (w.op !== '-') a += w.text.length;
  }
  flush();
  const kept = out.filter((w) => w.op === '=').reduce((n, w) => n + w.text.replace(/\s/g, '').length, 0);
  const longest = Math.max(before.replace(/\s/g, '').length, after.replace(/\s/g, '').length);
  const short = before.length <= 100 && after.length <= 100;
  if (short && kept * 2 < longest)
    return [
      { op: '-', text: before },
      { op: '+', text: after },
    ];
  return out;
}

/** The diff for a terminal; `width` wraps long lines under their item (undefined: no wrapping). */
export function diffText(d: BenchmarkDiff, color = false, width?: number): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const words = (ws: readonly WordPart[]): string =>
    ws
      .map((w) => (w.op === '=' ? w.text : w.op === '+' ? paint('32', `{+${w.text}+}`) : paint('31', `[-${w.text}-]`)))
      .join('');
  const lines: string[] = [];
  const put = (prefix: string, text: string): void => void lines.push(...hanging(prefix, text, width));
  put('', paint('1', `${name(d.from)} → ${name(d.to)}: ${counts(d)}`));
  for (const n of d.notes) put('note: ', n);
  if (d.sections.length) {
    lines.push('', 'sections moved:');
    for (const s of d.sections) put('  ', `${s.from} → ${s.to} (${s.controls} controls)`);
  }
  if (d.runs.length) {
    lines.push('', 'renumbered together:');
    for (const r of d.runs) put('  ', `${span(r.from)} → ${span(r.to)} (${r.controls} controls)`);
  }
  const refs = (label: string, xs: BenchmarkDiff['added']): void => {
    if (!xs.length) return;
    lines.push('', `${label}:`);
    // Ids padded to the longest, so the titles line up whatever the numbering depth.
    const w = Math.max(...xs.map((x) => x.id.length));
    for (const x of xs) put(`  ${x.id.padEnd(w)} `, x.title);
  };
  refs('removed', d.removed);
  refs('added', d.added);
  if (d.splits.length || d.merges.length) {
    lines.push('', 'split and merged:');
    for (const s of d.splits) put('  ', `${s.from} → ${s.into.join(' + ')}`);
    for (const m of d.merges) put('  ', `${m.from.join(' + ')} → ${m.into}`);
  }
  if (d.pairs.length) lines.push('', 'renumbered or changed:');
  for (const p of d.pairs) {
    const ids = p.renumbered ? `${p.from} → ${p.to}` : p.to;
    put(
      `  ${paint('1', ids)}  `,
      `${p.title}  [${p.match.reason}${p.match.confidence === 'high' ? '' : `, ${p.match.confidence}`}: ${p.match.why}]`,
    );
    for (const c of p.changes) {
      const readable = readableWords(c);
      const body = readable
        ? words(readable)
        : c.before === undefined
          ? paint('32', `{+${c.after}+}`)
          : c.after === undefined
            ? paint('31', `[-${c.before}-]`)
            : `${c.before} → ${c.after}`;
      // Continuation lines of multi-line text stay under their field.
      const [first, ...rest] = body.split('\n');
      put(`      ${c.field}: `, first);
      for (const l of rest) put('        ', l);
    }
  }
  return lines.join('\n') + '\n';
}

function inlineWords(ws: readonly WordPart[]): Inline[] {
  return ws.map((w) => (w.op === '=' ? w.text : w.op === '+' ? strong(w.text) : del(w.text)));
}

/**
 * Text split into lines a unified diff can align: its own lines, else its sentences; a long
 * line holding a comma list (cipher suites, admission plugins) one item per line.
 */
function diffLines(s: string): string {
  const text = s.includes('\n') ? s : s.replace(/([.;:]) (?=\S)/g, '$1\n');
  const lines = text
    .split('\n')
    .map((l) => (l.length > 100 ? l.replace(/,(?=\S)/g, ',\n') : l))
    .join('\n');
  return lines.endsWith('\n') ? lines : lines + '\n';
}

function unified(c: FieldChange, from: string, to: string): string {
  return unifiedPatch(from, to, diffLines(c.before ?? ''), diffLines(c.after ?? ''), 3);
}

function pairSection(p: PairDiff, d: BenchmarkDiff): RootContent[] {
  const out: RootContent[] = [heading(4, p.renumbered ? `${p.from} → ${p.to}` : p.to, ' ', p.title)];
  out.push(paragraph(`Matched by ${p.match.reason} (${p.match.confidence} confidence): ${p.match.why}.`));
  const short = p.changes.filter((c) => !isLong(c));
  const long = p.changes.filter(isLong);
  if (short.length) {
    out.push(
      table(
        ['field', 'before', 'after', 'change'],
        short.map((c) => [
          c.field,
          c.before ?? '',
          c.after ?? '',
          c.words
            ? inlineWords(readableWords(c) ?? c.words)
            : c.before === undefined
              ? 'added'
              : c.after === undefined
                ? 'removed'
                : '',
        ]),
      ),
    );
  }
  for (const c of long) {
    out.push(
      paragraph(strong(c.field), c.before === undefined ? ' added' : c.after === undefined ? ' removed' : ' changed'),
    );
    out.push(...details(`${c.field} diff`, block('diff', unified(c, `${d.from.id}/${p.from}`, `${d.to.id}/${p.to}`))));
  }
  return out;
}

export function diffMarkdown(d: BenchmarkDiff): string {
  const s = d.summary;
  const out: RootContent[] = [
    heading(2, `${d.from.id} → ${d.to.id}`),
    paragraph(
      `CIS ${d.from.version} (Kubernetes ${d.from.kubernetes.join(', ') || '?'}) ` +
        `→ CIS ${d.to.version} (Kubernetes ${d.to.kubernetes.join(', ') || '?'})`,
    ),
    table(
      ['', 'controls'],
      [
        ['renumbered', String(s.renumbered)],
        ['changed', String(s.changed)],
        ['added', String(s.added)],
        ['removed', String(s.removed)],
        ['split', String(s.splits)],
        ['merged', String(s.merges)],
        ['unchanged', String(s.unchanged)],
      ],
      ['left', 'right'],
    ),
  ];
  for (const n of d.notes) out.push(quote(paragraph(`Note: ${n}.`)));
  if (d.sections.length) {
    out.push(
      heading(3, 'Sections moved'),
      table(
        ['from', 'to', 'controls'],
        d.sections.map((m) => [m.from, m.to, String(m.controls)]),
        [null, null, 'right'],
      ),
    );
  }
  if (d.runs.length) {
    out.push(
      heading(3, 'Renumbered together'),
      table(
        ['before', 'after', 'controls'],
        d.runs.map((r) => [span(r.from), span(r.to), String(r.controls)]),
        [null, null, 'right'],
      ),
    );
  }
  if (d.removed.length)
    out.push(
      heading(3, 'Removed'),
      table(
        ['id', 'title'],
        d.removed.map((r) => [code(r.id), r.title]),
      ),
    );
  if (d.added.length)
    out.push(
      heading(3, 'Added'),
      table(
        ['id', 'title'],
        d.added.map((r) => [code(r.id), r.title]),
      ),
    );
  if (d.splits.length || d.merges.length) {
    out.push(
      heading(3, 'Split and merged'),
      table(
        ['before', 'after'],
        [...d.splits.map((x) => [x.from, x.into.join(', ')]), ...d.merges.map((x) => [x.from.join(', '), x.into])],
      ),
    );
  }
  const renumberedOnly = d.pairs.filter((p) => !p.changes.length);
  if (renumberedOnly.length) {
    const rows = table(
      ['before', 'after', 'title', 'matched by'],
      renumberedOnly.map((p) => [code(p.from), code(p.to), p.title, `${p.match.reason} (${p.match.confidence})`]),
    );
    out.push(
      heading(3, 'Renumbered'),
      ...(renumberedOnly.length > 10
        ? details(`${renumberedOnly.length} controls renumbered without other changes`, rows)
        : [rows]),
    );
  }
  const changed = d.pairs.filter((p) => p.changes.length);
  if (changed.length) {
    out.push(heading(3, 'Changed'));
    for (const p of changed) out.push(...pairSection(p, d));
  }
  return serialize(out);
}
