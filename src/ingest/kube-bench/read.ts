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
    .map((p) => parseConfig(readTextFile(p)));
  const files: SourceFile[] = names.map((n) => ({
    path: join(dir, n),
    name: `${folder}/${n}`,
    text: readTextFile(join(dir, n)),
  }));
  return importKubeBench(folder, files, mergeConfigs(configs), { sourcePath: folder, ...options });
}
