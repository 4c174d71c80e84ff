import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { corpusDir } from '../src/paths.js';
import { main } from '../src/cli/main.js';

export const corpus = corpusDir();
export const hasCorpus = existsSync(join(corpus, 'kube-bench', 'cfg'));
if (!hasCorpus) {
  console.warn(
    `corpus-backed suites skipped: no fixtures at ${corpus} (set BENCHWRIGHT_CORPUS to point at shared/fixtures)`,
  );
}
export const kubeBenchCfg = join(corpus, 'kube-bench', 'cfg');

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Run the CLI in-process, as a user would from a shell. */
export async function run(
  args: string[],
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(args, { stdout, stderr, cwd, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
