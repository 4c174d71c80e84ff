// Writing a node bundle: the copy of the node's files and node-bundle.yaml, all into a
// temporary folder beside the target and renamed into place, so a failed run leaves
// nothing half-written. The target must be new, an empty folder, or (with force) a
// bundle written before.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Document, isMap, isSeq } from '../io/yaml-lib.js';
import { pathType } from '../io/read.js';
import { compareText } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { type NodeBundle, readText } from './bundle.js';
import { indexOf } from './builder.js';
import { indexFileName } from './schema.js';
import { replaceFolder } from '../cli/write.js';

export function bundleIndexText(bundle: NodeBundle): string {
  const doc = new Document(indexOf(bundle), { version: '1.2' });
  doc.commentBefore = ' benchwright node bundle index: modes, owners, processes and API objects of the node.';
  // One line per file: the index reads like `find -printf` output.
  const files = doc.get('files') as unknown;
  if (isSeq(files)) for (const f of files.items) if (isMap(f)) f.flow = true;
  return doc.toString({ lineWidth: 0 });
}

export function writeBundle(
  bundle: NodeBundle,
  dir: string,
  options: { shownAs?: string; force?: boolean } = {},
): void {
  const shown = options.shownAs ?? dir;
  if (!dir.trim()) throw inputError('--out', 'empty value, expected a folder to write the bundle into');
  if (pathType(dirname(dir)) === 'file')
    throw inputError(shown, 'a part of the path is a file, not a folder, expected a folder to write into');
  // Looked at holding the folder's lock: parallel runs into one folder take turns.
  const check = (): void => {
    const kind = pathType(dir);
    if (kind === 'file' || kind === 'other')
      throw inputError(shown, `is ${kind === 'file' ? 'a file' : 'not a folder'}, expected a new or empty folder`);
    if (kind !== 'folder') return;
    const names = readdirSync(dir);
    if (names.length && !(options.force && names.includes(indexFileName)))
      throw inputError(
        shown,
        names.includes(indexFileName)
          ? 'holds a node bundle already, expected a new or empty folder (--force replaces it)'
          : 'is not empty, expected a new or empty folder',
      );
  };
  replaceFolder(
    dir,
    (tmp) => {
      const entries = [...bundle.entries.values()].sort((a, b) => compareText(a.path, b.path));
      for (const e of entries) {
        const at = join(tmp, e.path);
        if (e.type === 'folder') mkdirSync(at, { recursive: true });
        else if (e.type === 'symlink' && e.target !== undefined) {
          mkdirSync(dirname(at), { recursive: true });
          symlinkSync(e.target, at);
        } else if (e.read) {
          mkdirSync(dirname(at), { recursive: true });
          writeFileSync(at, readText(e));
        }
      }
      writeFileSync(join(tmp, indexFileName), bundleIndexText(bundle));
    },
    { shownAs: shown, what: 'a folder to write the bundle into', check },
  );
}
