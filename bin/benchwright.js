#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { main } from '../dist/cli/main.js';
import { fsProblem } from '../dist/io/read.js';

// A reader that stops early (`benchwright … | head`) is not an error. Any other failure to
// write a stream (a full device, a closed socket, an I/O error) is the user's environment,
// not a bug: one line on standard error while it can still take one, and exit 2.
let failed = false;
for (const [name, s] of [
  ['standard output', process.stdout],
  ['standard error', process.stderr],
]) {
  s.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (failed) return;
    failed = true;
    if (s !== process.stderr)
      try {
        writeSync(2, `benchwright: ${name}: ${fsProblem(e, 'the output', 'write')}\n`);
      } catch {
        // Standard error is gone too: the exit status says it.
      }
    process.exit(2);
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
