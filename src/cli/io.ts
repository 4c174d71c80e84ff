export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Commands that find something at or above --fail-on raise this to 1. */
  exitCode?: number;
}

export function useColor(io: Io): boolean {
  return Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
}

/**
 * The width text output wraps to: `COLUMNS` when set to a whole number (0 turns wrapping off),
 * else the terminal's width when stdout is one, else none (piped output is left unwrapped, one
 * line per item, for grep and diff). Read here, at the edge, and passed to the renderers.
 */
export function terminalWidth(io: Io): number | undefined {
  const env = io.env.COLUMNS?.trim();
  if (env && /^\d+$/.test(env)) return Number(env) > 0 ? Math.max(20, Number(env)) : undefined;
  if (io.stdout.isTTY && io.stdout.columns && io.stdout.columns > 0) return Math.max(20, io.stdout.columns);
  return undefined;
}
