import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import type { Root, RootContent } from 'mdast';

/**
 * The mdast tree of a page. `gfm: false` skips the GitHub extensions (tables, autolinks), a
 * third of the parse time, for pages whose tables are HTML anyway (reference, kubeadm).
 */
export function parseMarkdown(text: string, options: { gfm?: boolean } = {}): Root {
  if (options.gfm === false)
    return fromMarkdown(text, {
      extensions: [frontmatter(['yaml'])],
      mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
    });
  return fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

export function* walk(node: Root | RootContent): Generator<Root | RootContent> {
  yield node;
  if ('children' in node) for (const c of node.children) yield* walk(c as RootContent);
}

export function plainText(node: Root | RootContent): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return node.children.map((c) => plainText(c as RootContent)).join('');
  return '';
}

const entities: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", apos: "'" };

// Only real tags: "imagefs.available<15%" and "memory.available<1Gi" are values, not HTML.
const htmlTag = /<\/?(?:a|b|i|p|br|em|tt|td|tr|th|li|ul|ol|div|pre|sub|sup|code|span|strong)\b[^<>]*\/?>/gi;

export function decodeHtml(s: string): string {
  return s.replace(htmlTag, '').replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
    if (entities[e]) return entities[e];
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return m;
  });
}

/**
 * A name, type or default as a value: no HTML tags or entities, no markdown code spans,
 * escapes or quotes around it, no trailing `;` from the sentence it stood in. `<none>` and
 * an empty string mean no value. The pages write the same value many ways (`2m0s`,
 * <code>2m0s</code>, "2m0s"); a snapshot holds it one way, so diffs show only real changes.
 */
export function cleanValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let v = decodeHtml(raw)
    .replace(/\\([\\`*_<>[\]{}()#+.!|-])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;+$/, '')
    .trim();
  for (;;) {
    const m = v.match(/^`([^`]*)`$/) ?? v.match(/^"([^"]*)"$/) ?? v.match(/^'([^']*)'$/);
    if (!m) break;
    v = m[1].trim();
  }
  // A code span inside ("`foo` when …") keeps its text.
  v = v.replace(/`([^`]*)`/g, '$1');
  if (v === '' || /^<none>$/i.test(v)) return undefined;
  return v;
}
