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

/** One line per problem, whatever a path or value holds: control characters are escaped, a path holding any is quoted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controls = /[\u0000-\u001f\u007f]/g;
const escaped = (s: string) => s.replace(controls, (c) => JSON.stringify(c).slice(1, -1));
const quoted = (file: string) => (file.search(controls) >= 0 ? JSON.stringify(file) : file);

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
