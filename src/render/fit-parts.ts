// Markdown built from parts of known importance, cut to a budget (see budget.ts) keeping the most important.
import type { RootContent } from 'mdast';
import { code, paragraph, quote, serialize, strong } from './markdown.js';
import { plural } from './budget.js';

/** A block of a document that may be left out; a lower rank is kept first. */
export interface Part {
  readonly nodes: readonly RootContent[];
  readonly rank: number;
}

/** The cut notice: what was left out, and the command (`whole`) that gives all of it. */
export function cutNotice(
  left: number,
  of: number,
  what: [string, string],
  whole: string,
  budget: number,
): RootContent {
  return quote(
    paragraph(
      strong(`Cut to fit ${budget.toLocaleString('en-US')} characters:`),
      ` ${plural(left, what[0], what[1])} of ${of.toLocaleString('en-US')} not shown (the least severe). `,
      'For all of them: ',
      code(whole),
      '.',
    ),
  );
}

/**
 * Serialise `head`, the parts and `tail`; over `budget`, keep the parts of lowest rank (in their
 * document order) and put `notice(left, total)` after them. Always at most `budget` characters
 * unless head, tail and notice alone are larger.
 */
export function fitParts(
  head: readonly RootContent[],
  parts: readonly Part[],
  tail: readonly RootContent[],
  budget: number,
  notice: (left: number, total: number) => RootContent,
): string {
  const all = serialize([...head, ...parts.flatMap((p) => p.nodes), ...tail]);
  if (all.length <= budget) return all;
  // Each part's size alone (blocks are joined by a blank line); the whole is re-measured below.
  const size = parts.map((p) => serialize([...p.nodes]).length + 1);
  const order = parts.map((_, i) => i).sort((a, b) => parts[a].rank - parts[b].rank || a - b);
  let room = budget - serialize([...head, notice(parts.length, parts.length), ...tail]).length - 2;
  const keep = new Set<number>();
  for (const i of order) {
    if (size[i] > room) break;
    keep.add(i);
    room -= size[i];
  }
  for (;;) {
    const kept = parts.filter((_, i) => keep.has(i));
    const text = serialize([
      ...head,
      ...kept.flatMap((p) => p.nodes),
      notice(parts.length - kept.length, parts.length),
      ...tail,
    ]);
    if (text.length <= budget || !keep.size) return text;
    // The estimate was short (escaping at the joins): drop the least important kept part.
    keep.delete([...keep].sort((a, b) => parts[b].rank - parts[a].rank || b - a)[0]);
  }
}
