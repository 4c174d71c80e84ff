// Markdown is built as an mdast tree and serialised by mdast-util-to-markdown, which escapes
// whatever text it is given: benchmark titles, audit commands with `|`, `*`, `<script>` or
// backticks cannot break a table or inject HTML. Only the fixed tags below are raw HTML.
import type {
  BlockContent,
  Code,
  Heading,
  Html,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
  Text,
} from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { frontmatterToMarkdown } from 'mdast-util-frontmatter';

export type Inline = string | PhrasingContent;

// Adjacent strings become one text node: the serialiser escapes per node, so fewer is faster.
const inline = (xs: Inline[]): PhrasingContent[] => {
  const out: PhrasingContent[] = [];
  for (const x of xs) {
    const last = out[out.length - 1];
    if (typeof x === 'string' && last?.type === 'text') out[out.length - 1] = text(last.value + x);
    else out.push(typeof x === 'string' ? text(x) : x);
  }
  return out;
};

export const text = (value: string): Text => ({ type: 'text', value });
export const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });
export const strong = (...xs: Inline[]): PhrasingContent => ({ type: 'strong', children: inline(xs) });
export const del = (...xs: Inline[]): PhrasingContent => ({ type: 'delete', children: inline(xs) });
export const link = (url: string, ...xs: Inline[]): PhrasingContent => ({ type: 'link', url, children: inline(xs) });
export const heading = (depth: 1 | 2 | 3 | 4, ...xs: Inline[]): Heading => ({
  type: 'heading',
  depth,
  children: inline(xs),
});
export const paragraph = (...xs: Inline[]): Paragraph => ({ type: 'paragraph', children: inline(xs) });
/** A paragraph keeping the text's own line breaks (commands in a remediation, one per line). */
export const lines = (text: string): Paragraph => ({
  type: 'paragraph',
  children: text
    .split('\n')
    .flatMap((l, i): PhrasingContent[] =>
      i ? [{ type: 'break' }, { type: 'text', value: l.trim() }] : [{ type: 'text', value: l.trim() }],
    ),
});
/** A fenced block; the serialiser makes the fence longer than any backtick run inside. */
export const block = (lang: string, value: string): Code => ({ type: 'code', lang, value });
export const quote = (...children: BlockContent[]): RootContent => ({ type: 'blockquote', children });
export const list = (items: Array<Inline[] | BlockContent[]>): List => ({
  type: 'list',
  ordered: false,
  spread: false,
  children: items.map(
    (xs): ListItem => ({
      type: 'listItem',
      spread: false,
      children:
        xs.length && typeof xs[0] === 'object' && isBlock(xs[0])
          ? (xs as BlockContent[])
          : [paragraph(...(xs as Inline[]))],
    }),
  ),
});

function isBlock(x: object): boolean {
  return ['paragraph', 'code', 'list', 'blockquote', 'table', 'html', 'heading'].includes((x as { type: string }).type);
}

/** A GFM table; a cell is one inline or a run of them (a word diff). */
export function table(
  head: Inline[],
  rows: Array<Array<Inline | Inline[]>>,
  align?: Array<'left' | 'right' | 'center' | null>,
): Table {
  const cell = (c: Inline | Inline[]): TableCell => ({
    type: 'tableCell',
    children: inline(Array.isArray(c) ? c : [c]),
  });
  const row = (cells: Array<Inline | Inline[]>): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  return { type: 'table', align: align ?? head.map(() => null), children: [row(head), ...rows.map(row)] };
}

/** A collapsible block: GitHub renders <details>; the summary is escaped here. */
export function details(summary: string, ...children: RootContent[]): RootContent[] {
  const esc = summary.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
  const open: Html = { type: 'html', value: `<details><summary>${esc}</summary>` };
  const close: Html = { type: 'html', value: '</details>' };
  return [open, ...children, close];
}

export function serialize(children: RootContent[], frontmatter?: string): string {
  const root: Root = {
    type: 'root',
    children: frontmatter === undefined ? children : [{ type: 'yaml', value: frontmatter }, ...children],
  };
  return toMarkdown(root, {
    extensions: [gfmToMarkdown({ tablePipeAlign: false }), frontmatterToMarkdown(['yaml'])],
    bullet: '-',
    emphasis: '_',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
    tightDefinitions: true,
  });
}
