/** One thing wrong with an input, positioned so an editor can jump to it. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** An input error a person can act on: reported as lines, exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function inputError(file: string, message: string, line = 1, col = 1): InputError {
  return new InputError([{ file, line, col, severity: 'error', message }]);
}
