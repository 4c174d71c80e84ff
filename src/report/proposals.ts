// The shipped proposals (proposals/<set>/*.md) as pages of the report, with their markdown
// beside them for pasting into CIS WorkBench.
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { parse } from '../io/yaml-lib.js';
import { parseMarkdown } from '../k8s/extract/markdown.js';
import { h, type Child } from './html.js';

export interface ProposalFile {
  /** The set's folder name, e.g. cis-1.4-1.13-1.14-kubeadm. */
  readonly set: string;
  /** README.md or <control>.md. */
  readonly file: string;
  readonly text: string;
}

export interface ProposalMeta {
  readonly benchmark: string;
  readonly recommendations: readonly string[];
  readonly releases: readonly string[];
  readonly installer?: string;
}

/** The page a proposal file becomes: README.md is the set's index. */
export const proposalPage = (file: string): string =>
  file === 'README.md' ? 'index.html' : file.replace(/\.md$/, '.html');

function frontMatter(tree: Root): ProposalMeta | undefined {
  const node = tree.children[0];
  if (node?.type !== 'yaml') return undefined;
  const m = parse(node.value) as Partial<ProposalMeta> | null;
  if (!m || typeof m.benchmark !== 'string' || !Array.isArray(m.recommendations)) return undefined;
  return {
    benchmark: m.benchmark,
    recommendations: m.recommendations.map(String),
    releases: Array.isArray(m.releases) ? m.releases.map(String) : [],
    ...(typeof m.installer === 'string' ? { installer: m.installer } : {}),
  };
}

/** Links between the set's files point at their pages; anything else is left as written. */
function relink(node: HastRoot | ElementContent): void {
  if (node.type === 'element' && node.tagName === 'a') {
    const href = String(node.properties.href ?? '');
    if (/^[^/:?#]+\.md(#.*)?$/.test(href)) node.properties.href = href.replace(/^[^#]+\.md/, proposalPage);
  }
  if ('children' in node) for (const c of node.children) relink(c as ElementContent);
}

export interface RenderedProposal {
  readonly meta?: ProposalMeta;
  readonly title: string;
  readonly body: Child[];
}

/** Markdown to page content. Raw HTML in a (possibly hand-edited) proposal is dropped, never passed through. */
export function renderProposal(p: ProposalFile): RenderedProposal {
  const tree = parseMarkdown(p.text);
  const meta = frontMatter(tree);
  const body: Root = { type: 'root', children: tree.children.filter((c) => c.type !== 'yaml') };
  const hast = toHast(body, { allowDangerousHtml: false }) as HastRoot;
  relink(hast);
  const heading = body.children.find((c) => c.type === 'heading' && c.depth === 1);
  const title =
    heading && 'children' in heading ? heading.children.map((c) => ('value' in c ? c.value : '')).join('') : p.file;
  let facts: Child = h('p', { className: ['muted'] }, h('a', { href: p.file }, 'Markdown'));
  if (meta) {
    const ids = `recommendation${meta.recommendations.length === 1 ? '' : 's'} ${meta.recommendations.join(', ')}`;
    const where = `Kubernetes ${meta.releases.join(', ')}${meta.installer ? ` with ${meta.installer}` : ''}`;
    const markdown = h('a', { href: p.file }, 'Markdown for CIS WorkBench');
    facts = h('p', { className: ['muted'] }, `${meta.benchmark}, ${ids}; ${where}. `, markdown);
  }
  return { meta, title, body: [h('div', { className: ['proposal'] }, facts, ...(hast.children as Element[]))] };
}
