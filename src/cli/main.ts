// The only module that touches argv, output streams and exit codes.
import { Command, CommanderError } from 'commander';
import { InputError, formatProblem } from '../model/problem.js';
import type { Io } from './io.js';
import { registerBenchmarkCommands } from './commands/benchmarks.js';
import { registerStart } from './commands/start.js';
import { registerReleaseCommands } from './commands/releases.js';
import { registerCheckCommands } from './commands/check.js';
import { registerDiffCommands } from './commands/diff.js';
import { registerPropose } from './commands/propose.js';
import { registerNodeCommands } from './commands/node.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerTestCases } from './commands/test-cases.js';

export async function main(argv: string[], streams: Omit<Io, 'exitCode'>): Promise<number> {
  const io: Io = { ...streams, exitCode: 0 };
  const debug = argv.includes('--debug');
  const program = new Command('benchwright')
    .description('Keep the CIS Kubernetes Benchmark in step with Kubernetes releases and installers.')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerBenchmarkCommands(program, io);
  registerReleaseCommands(program, io);
  registerCheckCommands(program, io);
  registerDiffCommands(program, io);
  registerPropose(program, io);
  registerNodeCommands(program, io);
  registerEvaluate(program, io);
  registerTestCases(program, io);
  registerStart(program, io);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
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
