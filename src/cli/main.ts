// The only module that touches argv, output streams and exit codes.
//
// Convention for command files (src/cli/commands/*.ts), so that every command starts fast:
// - a file exports `register…(program, io)`, which main() calls: one line per file below;
// - at the top of a command file import only types (`import type`), commander's types and light
//   modules: src/cli/{io,options,progress,load,release-names}.ts, src/model/{ids,problem}.ts, src/paths.ts,
//   src/render/json.ts (the JSON envelope: no imports);
//   never yaml, zod, mdast, the rules or the readers (test/cli-lazy.test.ts checks the whole graph);
// - inside an action, `await import()` what the command needs, and read shipped data through
//   src/cli/load.ts (prepared JSON, see src/prepared/read.ts).
// `npm run bench` (bench/cold-start.js) measures start-up against a bare `node -e 0`.
import { Command, CommanderError } from 'commander';
import { InputError, formatProblem } from '../model/problem.js';
import type { Io } from './io.js';
import { packageVersion } from './version.js';
import { registerBenchmarkCommands } from './commands/benchmarks.js';
import { registerStart } from './commands/start.js';
import { registerReleaseCommands } from './commands/releases.js';
import { registerCheckCommands } from './commands/check.js';
import { registerMatrix } from './commands/matrix.js';
import { registerDiffCommands } from './commands/diff.js';
import { registerPropose } from './commands/propose.js';
import { registerReport } from './commands/report.js';
import { registerNodeCommands } from './commands/node.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerTestCases } from './commands/test-cases.js';
import { registerExport } from './commands/export.js';
import { registerDraft } from './commands/draft.js';
import { registerReview } from './commands/review.js';
import { registerCompletion } from './commands/completion.js';
import { spreadVariadicOptions } from './argv.js';
import { commandPath, commanderLine, examplesHelp } from './usage.js';

/** The command that raised commander's last error, per program (its message is the error's). */
const failedCommand = new WeakMap<Command, Command>();

/** The command tree, every command registered (main() parses with it; tests read its help). */
export function buildProgram(io: Io): Command {
  const program = new Command('benchwright')
    .description('Keep the CIS Kubernetes Benchmark in step with Kubernetes releases and installers.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .option('--debug', 'show stack traces for errors')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError()
    // Program options (--version, --debug) come before the command: `draft --version 1.13` is draft's own.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerBenchmarkCommands(program, io);
  registerReleaseCommands(program, io);
  registerCheckCommands(program, io);
  registerMatrix(program, io);
  registerDiffCommands(program, io);
  registerPropose(program, io);
  registerReport(program, io);
  registerNodeCommands(program, io);
  registerEvaluate(program, io);
  registerTestCases(program, io);
  registerDraft(program, io);
  registerReview(program, io);
  registerExport(program, io);
  registerStart(program, io);
  registerCompletion(program, io);
  (function override(c: Command): void {
    c.exitOverride();
    // commander's own error text is replaced by one line in main(); remember who raised it.
    c.configureOutput({ outputError: () => void failedCommand.set(program, c) });
    const path = commandPath(c).replace(/^benchwright ?/, '');
    const after = examplesHelp(path);
    if (after) c.addHelpText('after', after);
    c.commands.forEach(override);
  })(program);
  return program;
}

export async function main(argv: string[], streams: Omit<Io, 'exitCode'>): Promise<number> {
  const io: Io = { ...streams, exitCode: 0 };
  const debug = argv.includes('--debug');
  const program = buildProgram(io);
  try {
    // --debug is read here, wherever it stands on the line.
    await program.parseAsync(
      spreadVariadicOptions(
        program,
        argv.filter((a) => a !== '--debug'),
        io.cwd,
      ),
      { from: 'user' },
    );
    return io.exitCode ?? 0;
  } catch (e) {
    // --help and --version exit 0; help shown because something is missing (a bare
    // `benchwright`, `benchwright releases`) is a usage error on stderr, as are bad options.
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      const failed = failedCommand.get(program);
      if (failed) io.stderr.write(`${commanderLine(failed, e.code, e.message)}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      for (const p of e.problems) io.stderr.write(formatProblem(p) + '\n');
      if (debug) io.stderr.write((e.stack ?? '') + '\n');
      return 2;
    }
    if (debug) throw e;
    io.stderr.write(`benchwright: internal error: ${(e as Error).message} (run with --debug for the stack trace)\n`);
    return 70;
  }
}
