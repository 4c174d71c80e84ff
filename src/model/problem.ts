/**
 * One thing wrong with an input, positioned so an editor can jump to it. A problem with a
 * whole file or an option (a missing file, a FIFO, `--format`) has no line: it reads
 * `path: problem, expected …`, never a made-up `:1:1`.
 */
export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * One line per problem, whatever a path or value holds: control characters are escaped, and so
 * are the invisible ones that reorder or hide text on a terminal (bidi overrides and isolates,
 * zero-width characters, a byte-order mark, line separators); a path holding any is quoted. A
 * value echoed back is cut past 256 characters without a space, with its length.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controls = /[\u0000-\u001f\u007f]/g;
const invisible = /[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const hidden = new RegExp(`${controls.source}|${invisible.source}`);
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const cut = (s: string) => s.replace(/\S{257,}/g, (m) => `${m.slice(0, 120)}… (${m.length} characters)`);
/** A value as an error message shows it: every character visible, long runs cut. */
export const printable = (s: string): string =>
  cut(s.replace(controls, (c) => JSON.stringify(c).slice(1, -1)).replace(invisible, unicodeEscape));
const escaped = printable;
const quoted = (file: string) => cut(hidden.test(file) ? JSON.stringify(file).replace(invisible, unicodeEscape) : file);

export function formatProblem(p: Problem): string {
  const at = p.line !== undefined ? `:${p.line}:${p.col ?? 1}` : '';
  return `${quoted(p.file)}${at}: ${p.severity === 'warning' ? 'warning: ' : ''}${escaped(p.message)}`;
}

/** An input error a person can act on: reported as lines, exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function inputError(file: string, message: string, line?: number, col?: number): InputError {
  return new InputError([{ file, ...(line !== undefined ? { line, col: col ?? 1 } : {}), severity: 'error', message }]);
}
