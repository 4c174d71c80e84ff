// The ids of the shipped benchmarks, without loading any: light enough for the command line's start.
import { existsSync, readdirSync } from 'node:fs';
import { compareIds } from '../model/ids.js';
import { benchmarksDir } from '../paths.js';

export function shippedIds(dir = benchmarksDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort(compareIds);
}
