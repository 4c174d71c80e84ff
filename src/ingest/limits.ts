import { readInput } from '../io/read.js';

/** A benchmark file in our format, read through the input boundary (size limit, no FIFOs, no folders). */
export function readTextFile(path: string, shownAs?: string): string {
  return readInput(path, { kind: 'benchmark', shownAs });
}
