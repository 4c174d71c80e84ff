// Markdown that fits where it is pasted: a GitHub comment, issue or pull-request body takes at most
// 65,536 characters. Outputs over the budget keep what matters most and say what they cut and how
// to get all of it. The budget is a parameter so a test can use a small one.

/** GitHub's limit for a comment, an issue or a pull request's description. */
export const githubCommentLimit = 65_536;

export const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Any markdown text cut to `budget` at a block boundary (a blank line outside a fenced block),
 * an open `<details>` closed, and a notice of how many sections were cut and how to get all.
 * For documents already ordered most important first (a summary, then the details).
 */
export function capMarkdown(md: string, budget: number, whole: string): string {
  if (md.length <= budget) return md;
  const lines = md.split('\n');
  const notice = (sections: number): string =>
    `\n> **Cut to fit ${budget.toLocaleString('en-US')} characters:** ${plural(sections, 'more section', 'more sections')} ` +
    `not shown. For all of it: \`${whole}\`.\n`;
  let fence = '';
  let used = 0;
  let cut = 0;
  let open = 0;
  let openAtCut = 0;
  const reserve = notice(99_999).length + '</details>\n'.length * 4;
  for (const [i, line] of lines.entries()) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && !fence) fence = marker;
    else if (
      marker &&
      fence &&
      marker[0] === fence[0] &&
      marker.length >= fence.length &&
      !line.trim().slice(marker.length)
    )
      fence = '';
    if (!fence && line === '' && used + 1 <= budget - reserve) {
      cut = i;
      openAtCut = open;
    }
    if (!fence) open += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
    used += line.length + 1;
    if (used > budget - reserve) break;
  }
  const rest = lines.slice(cut);
  const sections = Math.max(1, rest.filter((l) => /^#{1,6} /.test(l)).length);
  return `${lines.slice(0, cut).join('\n')}\n${'</details>\n'.repeat(Math.max(0, openAtCut))}${notice(sections)}`;
}
