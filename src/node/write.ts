// Writing a node bundle: the copy of the node's files and node-bundle.yaml, all into a
// temporary folder beside the target and renamed into place, so a failed run leaves
// nothing half-written. The target must be new, an empty folder, or (with force) a
// bundle written before.
import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Document, isMap, isSeq } from '../io/yaml-lib.js';
import { pathType } from '../io/read.js';
import { compareText } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { type NodeBundle, readText } from './bundle.js';
import { indexOf } from './builder.js';
import { indexFileName } from './schema.js';

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
  const kind = pathType(dir);
  if (kind === 'file' || kind === 'other')
    throw inputError(shown, `is ${kind === 'file' ? 'a file' : 'not a folder'}, expected a new or empty folder`);
  if (kind === 'folder') {
    const names = readdirSync(dir);
    if (names.length && !(options.force && names.includes(indexFileName)))
      throw inputError(
        shown,
        names.includes(indexFileName)
          ? 'holds a node bundle already, expected a new or empty folder (--force replaces it)'
          : 'is not empty, expected a new or empty folder',
      );
  } else if (pathType(dirname(dir)) === 'file')
    throw inputError(shown, 'a part of the path is a file, not a folder, expected a folder to write into');
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
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
    if (kind === 'folder') {
      const old = `${dir}.${process.pid}.old`;
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
