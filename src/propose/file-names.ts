// File names from control ids: ids are whatever a benchmark author wrote ("1.1.37a",
// "../x", "5/2"), so the name keeps only safe characters, never leaves the folder, and
// two ids never share a file, also on case-insensitive file systems.
import { compareIds } from '../model/ids.js';

export const indexFile = 'README.md';
export const installerGroupFile = 'installer-not-default.md';
const reserved = new Set([indexFile, installerGroupFile].map((f) => f.toLowerCase().replace(/\.md$/, '')));
const maxStem = 80;

export function safeStem(id: string): string {
  const stem = id
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, maxStem)
    .replace(/[.-]+$/g, '');
  return stem || 'control';
}

/** id → file name, in natural id order so the same ids always get the same names. */
export function fileNames(ids: readonly string[]): Map<string, string> {
  const taken = new Set<string>(reserved);
  const out = new Map<string, string>();
  for (const id of [...new Set(ids)].sort(compareIds)) {
    const stem = safeStem(id);
    let name = stem;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
    taken.add(name.toLowerCase());
    out.set(id, `${name}.md`);
  }
  return out;
}
