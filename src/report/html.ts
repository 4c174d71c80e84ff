// Pages are hast trees serialised by hast-util-to-html, which escapes whatever text it is
// given: benchmark titles, messages and proposal text cannot inject markup. No scripts but the
// control finder's inline filter (the page works without it), no external fonts or styles: a page
// works from file:// and on any static host.
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';

export type Child = string | ElementContent | null | undefined | false | readonly Child[];

function flatten(xs: readonly Child[], out: ElementContent[] = []): ElementContent[] {
  for (const x of xs) {
    if (x === null || x === undefined || x === false) continue;
    if (typeof x === 'string') out.push({ type: 'text', value: x });
    else if (Array.isArray(x)) flatten(x, out);
    else out.push(x as ElementContent);
  }
  return out;
}

export function h(tag: string, props: Properties = {}, ...children: Child[]): Element {
  // No `class=""` for an empty class list.
  const { className, ...rest } = props;
  const properties = Array.isArray(className) && !className.length ? rest : props;
  return { type: 'element', tagName: tag, properties, children: flatten(children) };
}

/** `a, b and c` as nodes, for lists of links in running text. */
export function joined(xs: readonly Child[], sep = ', '): Child[] {
  return xs.flatMap((x, i) => (i ? [sep, x] : [x]));
}

export interface PageOptions {
  readonly title: string;
  /** How many folders below the site root the page sits (for relative links to the stylesheet). */
  readonly depth: number;
  readonly nav: ReadonlyArray<{ href: string; text: string }>;
  readonly body: readonly Child[];
  readonly footer: string;
}

/** Root-relative `path` as seen from a page `depth` folders down. */
export const up = (depth: number, path: string): string => `${'../'.repeat(depth)}${path}`;

export function page(o: PageOptions): string {
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h(
        'html',
        { lang: 'en' },
        h(
          'head',
          {},
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', {}, o.title),
          h('link', { rel: ['stylesheet'], href: up(o.depth, 'style.css') }),
        ),
        h(
          'body',
          {},
          h('a', { className: ['skip'], href: '#main' }, 'Skip to content'),
          h(
            'header',
            {},
            h(
              'nav',
              { ariaLabel: 'Report' },
              h(
                'ul',
                {},
                o.nav.map((n) => h('li', {}, h('a', { href: up(o.depth, n.href) }, n.text))),
              ),
            ),
          ),
          h('main', { id: 'main', tabIndex: -1 }, o.body),
          h('footer', {}, h('p', {}, o.footer)),
        ),
      ),
    ],
  };
  return `${toHtml(tree)}\n`;
}

/**
 * A table in its own scrolling box, its caption above the box (a `<caption>` is as wide as its
 * table, so a narrow screen would show only its start) and naming the table for assistive
 * technology. `id` makes the caption's id unique on the page.
 */
export function boxedTable(id: string, caption: Child, table: Properties, ...children: Child[]): Element {
  const captionId = `cap-${id}`;
  const className = table.className;
  return h(
    'figure',
    { className: ['boxed'] },
    h('figcaption', { id: captionId }, caption),
    h('div', { className: ['scroll'] }, h('table', { ...table, className, ariaLabelledBy: [captionId] }, ...children)),
  );
}
