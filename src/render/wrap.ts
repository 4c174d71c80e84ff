// Terminal text that fits the terminal: word wrapping with a hanging indent, and aligned columns.
// Pure: the width is a parameter (the CLI reads it from the terminal, see cli/io.ts terminalWidth);
// `undefined` means no wrapping (output piped to a file or another program stays one line per item).
// Widths count code points without colour escapes, so coloured and plain output wrap alike.

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour escapes are what this strips
const escapes = /\x1b\[[0-9;]*m/g;

/** The columns a string takes: code points, colour escapes excluded. */
export function visibleLength(s: string): number {
  return [...s.replace(escapes, '')].length;
}

/**
 * One logical line wrapped to `width`: breaks at spaces (the spaces inside a line are kept where it
 * does not break), continuation lines start with `hang` spaces. A word longer than the room may
 * break after its commas (a cipher-suite or plugin list) or between a word diff's `[-old-]{+new+}`; what is still longer goes on a line of
 * its own (moved left of the hang as far as it must to fit), never cut (a URL or a flag stays
 * copyable). The line's own leading spaces are kept.
 */
export function wrap(line: string, width: number | undefined, hang = 0): string[] {
  if (width === undefined || visibleLength(line) <= width) return [line];
  const lead = /^ */.exec(line)?.[0] ?? '';
  const indent = ' '.repeat(Math.min(hang, Math.max(0, width - 1)));
  const room = width - indent.length;
  // Pieces with the separator before them: spaces, or nothing after a comma inside a long word.
  const pieces: Array<{ sep: string; text: string }> = [];
  for (const m of line.slice(lead.length).matchAll(/( *)([^ ]+)/g)) {
    const word = m[2];
    if (visibleLength(word) <= room || !word.includes(',')) pieces.push({ sep: m[1], text: word });
    else word.split(/(?<=,)|(?<=-\])(?=\{\+)/).forEach((p, i) => void pieces.push({ sep: i ? '' : m[1], text: p }));
  }
  const out: string[] = [];
  let cur = lead;
  let curLen = lead.length;
  let empty = true;
  for (const { sep, text } of pieces) {
    const len = visibleLength(text);
    if (!empty && curLen + sep.length + len > width) {
      out.push(cur);
      // A piece wider than the room under the hang moves left as far as it needs to fit.
      cur = indent.slice(0, Math.max(0, Math.min(indent.length, width - len)));
      curLen = cur.length;
      empty = true;
    }
    cur += empty ? text : sep + text;
    curLen += empty ? len : sep.length + len;
    empty = false;
  }
  out.push(cur);
  return out;
}

/** `prefix` then `text`, wrapped, continuation lines aligned under the text's first character. */
export function hanging(prefix: string, text: string, width: number | undefined): string[] {
  return wrap(`${prefix}${text}`, width, visibleLength(prefix));
}

export type Align = 'left' | 'right';

/**
 * Rows as aligned columns: each column as wide as its widest cell (escapes excluded), joined by
 * `gap`, trailing spaces trimmed. Columns not named in `align` are left-aligned. With a `width`,
 * a row too long wraps its last column under that column's start.
 */
export function columns(
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  gap = ' ',
  width?: number,
): string[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const hang = widths.slice(0, -1).reduce((s, w) => s + w + gap.length, 0);
  return rows.flatMap((r) =>
    wrap(
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i] - visibleLength(c));
          return align[i] === 'right' ? pad + c : c + pad;
        })
        .join(gap)
        .trimEnd(),
      width,
      hang,
    ),
  );
}
