// File-system edge of the kube-bench importer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError } from '../../model/problem.js';
import { mergeConfigs, parseConfig } from './config.js';
import { importKubeBench, type ImportOptions, type ImportResult, type SourceFile } from './import.js';
import { compareText } from '../../model/ids.js';
import { readTextFile } from '../limits.js';

function controlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'config.yaml' && f !== 'config.yml')
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort(compareText);
}

export function isKubeBenchFolder(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory() && controlFiles(dir).length > 0;
}

/** A cfg/ root: sub-folders that hold controls files. */
export function kubeBenchFolders(root: string): string[] {
  return readdirSync(root)
    .filter((f) => statSync(join(root, f)).isDirectory() && controlFiles(join(root, f)).length > 0)
    .sort(compareText)
    .map((f) => join(root, f));
}

// Every folder of a cfg/ root shares the root's config.yaml: parse each distinct text once
// (keyed by content, so an edited file is parsed again).
const parsedConfigs = new Map<string, ReturnType<typeof parseConfig>>();
function configOf(text: string): ReturnType<typeof parseConfig> {
  let c = parsedConfigs.get(text);
  if (!c) {
    c = parseConfig(text);
    parsedConfigs.set(text, c);
  }
  return c;
}

export function readKubeBenchFolder(dir: string, options: ImportOptions = {}): ImportResult {
  if (!existsSync(dir))
    throw inputError(dir, 'no such folder, expected a kube-bench benchmark folder (cfg/<benchmark>)');
  if (!statSync(dir).isDirectory())
    throw inputError(dir, 'not a folder, expected a kube-bench benchmark folder (cfg/<benchmark>)');
  const names = controlFiles(dir);
  if (!names.length)
    throw inputError(
      dir,
      'no kube-bench controls files here, expected *.yaml files with groups of checks (or a cfg/ root with such folders)',
    );
  const folder = basename(dir);
  const configs = [join(dirname(dir), 'config.yaml'), join(dir, 'config.yaml')]
    .filter((p) => existsSync(p))
    .map((p) => configOf(readTextFile(p)));
  const files: SourceFile[] = names.map((n) => ({
    path: join(dir, n),
    name: `${folder}/${n}`,
    text: readTextFile(join(dir, n)),
  }));
  return importKubeBench(folder, files, mergeConfigs(configs), { sourcePath: folder, ...options });
}
