// A proposal template is markdown with named slots: `{{name}}` alone in a paragraph takes
// blocks (a list, a table, a diff), `{{name}}` inside text takes plain text. The template is
// parsed to mdast and the slots are replaced by nodes, so filled-in text is escaped when
// the tree is serialised, whatever it contains.
import type { Parent, Root, RootContent, Text } from 'mdast';
import { parseMarkdown } from '../k8s/extract/markdown.js';
import type { Problem } from '../model/problem.js';

export const blockSlots = ['summary', 'current', 'problem', 'change', 'impact', 'lineage', 'references'] as const;
export const inlineSlots = ['title', 'benchmark', 'version', 'recommendations', 'releases', 'installer'] as const;
export type BlockSlot = (typeof blockSlots)[number];
export type InlineSlot = (typeof inlineSlots)[number];

export interface Template {
  readonly file: string;
  readonly tree: Root;
}

const slot = /\{\{\s*([A-Za-z][\w-]*)\s*\}\}/g;

/**
 * A template is a page of markdown with slots (ours is 15 lines). Markdown parsing slows down
 * sharply with nesting (lists in lists, emphasis in emphasis) and the serialiser recurses, so
 * the nesting is bounded before parsing and the tree's depth after it.
 */
export const templateLimits = { containers: 16, emphasis: 1000, brackets: 4000, depth: 32 } as const;

/** Lines nested too deeply (list markers, block quotes, indentation) and runs of emphasis marks. */
function nestingProblems(text: string, file: string): Problem[] {
  const problems: Problem[] = [];
  let marks = 0;
  let brackets = 0;
  text.split('\n').forEach((line, i) => {
    const lead = line.match(/^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/)?.[0] ?? '';
    const markers = lead.match(/>|[-*+]|\d+[.)]/g)?.length ?? 0;
    const spaces = lead.replace(/\t/g, '    ').replace(/[^ ]/g, '').length;
    const steps = markers + Math.floor(Math.max(0, spaces - markers) / 2);
    if (steps > templateLimits.containers && problems.length < 10)
      problems.push({
        file,
        line: i + 1,
        col: 1,
        severity: 'error',
        message: `nested ${steps} levels deep (list markers, quote markers and indentation), expected at most ${templateLimits.containers}`,
      });
    marks += line.match(/[*_]/g)?.length ?? 0;
    brackets += line.match(/[[\]]/g)?.length ?? 0;
  });
  if (brackets > templateLimits.brackets)
    problems.push({
      file,
      severity: 'error',
      message: `${brackets} brackets ([ or ]), expected at most ${templateLimits.brackets} in a template`,
    });
  if (marks > templateLimits.emphasis)
    problems.push({
      file,
      severity: 'error',
      message: `${marks} emphasis marks (* or _), expected at most ${templateLimits.emphasis} in a template`,
    });
  return problems;
}

function treeDepth(tree: Root): { depth: number; node: Root | RootContent } {
  let deepest = { depth: 0, node: tree as Root | RootContent };
  const stack: Array<[Root | RootContent, number]> = [[tree, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > deepest.depth) deepest = { depth: d, node };
    if ('children' in node) for (const c of node.children) stack.push([c, d + 1]);
  }
  return deepest;
}

export function parseTemplate(text: string, file: string): { template?: Template; problems: Problem[] } {
  const nesting = nestingProblems(text, file);
  if (nesting.length) return { problems: nesting };
  let tree: Root;
  try {
    tree = parseMarkdown(text);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      problems: [
        { file, severity: 'error', message: 'nested too deeply to read, expected a template of plain markdown' },
      ],
    };
  }
  const deepest = treeDepth(tree);
  if (deepest.depth > templateLimits.depth) {
    const at = deepest.node.position?.start ?? { line: 1, column: 1 };
    return {
      problems: [
        {
          file,
          line: at.line,
          col: at.column,
          severity: 'error',
          message: `markdown nested ${deepest.depth} levels deep, expected at most ${templateLimits.depth}`,
        },
      ],
    };
  }
  const problems: Problem[] = [];
  const known = [...blockSlots, ...inlineSlots].join(', ');
  const visit = (node: Parent): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        for (const m of child.value.matchAll(slot)) {
          const name = m[1];
          const at = child.position?.start ?? { line: 1, column: 1 };
          const alone = node.type === 'paragraph' && node.children.length === 1 && child.value.trim() === m[0];
          if ((blockSlots as readonly string[]).includes(name) && !alone) {
            problems.push({
              file,
              line: at.line,
              col: at.column,
              severity: 'error',
              message: `slot {{${name}}} takes blocks and must stand alone in its paragraph, expected a line holding only {{${name}}}`,
            });
          } else if (
            !(blockSlots as readonly string[]).includes(name) &&
            !(inlineSlots as readonly string[]).includes(name)
          ) {
            problems.push({
              file,
              line: at.line,
              col: at.column,
              severity: 'error',
              message: `unknown slot {{${name}}}, expected one of ${known}`,
            });
          }
        }
      }
      if ('children' in child) visit(child as Parent);
    }
  };
  visit(tree);
  if (tree.children.some((c) => c.type === 'yaml')) {
    const y = tree.children.find((c) => c.type === 'yaml')!;
    problems.push({
      file,
      line: y.position?.start.line ?? 1,
      col: 1,
      severity: 'error',
      message: 'front matter in a template, expected none (benchwright writes the front matter itself)',
    });
  }
  return problems.length ? { problems } : { template: { file, tree }, problems };
}

export interface Slots {
  readonly block: Record<BlockSlot, RootContent[]>;
  readonly inline: Record<InlineSlot, string>;
}

/** A copy of the template tree with every slot filled. */
export function fill(t: Template, slots: Slots): RootContent[] {
  const fillNode = (node: RootContent): RootContent[] => {
    if (node.type === 'paragraph' && node.children.length === 1 && node.children[0].type === 'text') {
      const m = node.children[0].value.trim().match(/^\{\{\s*([A-Za-z][\w-]*)\s*\}\}$/);
      if (m && (blockSlots as readonly string[]).includes(m[1])) return slots.block[m[1] as BlockSlot];
    }
    if (node.type === 'text') return [fillText(node, slots)];
    if ('children' in node) {
      const children = (node.children as RootContent[]).flatMap(fillNode);
      return [{ ...node, children } as RootContent];
    }
    return [{ ...node }];
  };
  return t.tree.children.flatMap(fillNode);
}

function fillText(node: Text, slots: Slots): Text {
  return {
    type: 'text',
    value: node.value.replace(slot, (_all, name: string) => slots.inline[name as InlineSlot] ?? ''),
  };
}
