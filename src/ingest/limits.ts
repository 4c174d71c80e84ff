import { readFileSync, statSync } from 'node:fs';
import { inputError } from '../model/problem.js';

/** Benchmarks are a few hundred KB; anything this large is not one (and would stall parsing). */
export const maxInputBytes = 4 * 1024 * 1024;

export function readTextFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw inputError(path, 'no such file');
  }
  if (size > maxInputBytes) {
    throw inputError(
      path,
      `file is ${(size / 1024 / 1024).toFixed(1)} MB, expected a benchmark file under ${maxInputBytes / 1024 / 1024} MB`,
    );
  }
  const buf = readFileSync(path);
  if (buf.includes(0)) throw inputError(path, 'binary file, expected YAML text');
  return buf.toString('utf8');
}
