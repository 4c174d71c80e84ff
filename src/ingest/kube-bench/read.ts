// File-system edge of the kube-bench importer: every folder and file goes through the input
// boundary (no FIFO, no folder read as a file, no symlink out of the folder), every document
// is validated before the importer reads it, and the result is checked against our schema
// so a value the model cannot hold is an input error at its position, not a crash later.
import { basename, dirname, join, resolve } from 'node:path';
import { isPresent, listFolder, pathType, readInput } from '../../io/read.js';
import { Benchmark } from '../../model/benchmark.js';
import { inputError, type Problem } from '../../model/problem.js';
import { mergeConfigs, type ParsedConfig, parseConfig } from './config.js';
import { importKubeBench, type ImportOptions, type ImportResult, type SourceFile } from './import.js';

const folderWhat = 'a kube-bench benchmark folder (cfg/<benchmark>)';
const isControlsName = (f: string) => /\.ya?ml$/.test(f) && f !== 'config.yaml' && f !== 'config.yml';

export interface ReadOptions extends ImportOptions {
  /** The folder as the user wrote it (messages show this). */
  readonly shownAs?: string;
  /** A folder the benchmark folder must stay inside (the cfg/ root it was found in). */
  readonly within?: string;
}

/** Far more than any real folder (kube-bench's hold 1 to 8 files, its cfg/ root about 50 folders). */
export const kubeBenchLimits = { files: 100, folders: 500 } as const;

/** Every *.yaml but config.yaml; a folder or FIFO named so is reported when it is read. */
function controlFiles(dir: string, shownAs: string, within?: string): string[] {
  const names = listFolder(dir, { shownAs, within, what: folderWhat }).filter(isControlsName);
  if (names.length > kubeBenchLimits.files)
    throw inputError(
      shownAs,
      `holds ${names.length} YAML files, expected a kube-bench folder of at most ${kubeBenchLimits.files}`,
    );
  return names;
}

export function isKubeBenchFolder(dir: string, shownAs = dir): boolean {
  return pathType(dir) === 'folder' && controlFiles(dir, shownAs).length > 0;
}

/** A cfg/ root: sub-folders that hold controls files. */
export function kubeBenchFolders(root: string, shownAs = root): string[] {
  const folders = listFolder(root, { shownAs, what: 'a kube-bench cfg/ root' }).filter(
    (f) => pathType(join(root, f)) === 'folder',
  );
  if (folders.length > kubeBenchLimits.folders)
    throw inputError(
      shownAs,
      `holds ${folders.length} folders, expected a cfg/ root of at most ${kubeBenchLimits.folders}`,
    );
  return folders.filter((f) => controlFiles(join(root, f), join(shownAs, f), root).length).map((f) => join(root, f));
}

// Every folder of a cfg/ root shares the root's config.yaml: parse each distinct text once
// (keyed by content and the name it is shown by, so an edited file is parsed again).
const parsedConfigs = new Map<string, ReturnType<typeof parseConfig>>();
function configOf(text: string, shownAs: string): ReturnType<typeof parseConfig> {
  const key = `${shownAs}\u0000${text}`;
  let c = parsedConfigs.get(key);
  if (!c) {
    if (parsedConfigs.size > 64) parsedConfigs.clear();
    c = parseConfig(text, shownAs);
    parsedConfigs.set(key, c);
  }
  return c;
}

export function readKubeBenchFolder(dir: string, options: ReadOptions = {}): ImportResult {
  const { shownAs = dir, within, ...importOptions } = options;
  const names = controlFiles(dir, shownAs, within);
  if (!names.length)
    throw inputError(
      shownAs,
      'no kube-bench controls files here, expected *.yaml files with groups of checks (or a cfg/ root with such folders)',
    );
  const folder = basename(resolve(dir));
  const problems: Problem[] = [];
  const configs: ParsedConfig[] = [];
  // The cfg/ root's config.yaml, then the folder's own, which overrides it.
  for (const [path, shown, inside] of [
    [join(dir, '..', 'config.yaml'), join(shownAs, '..', 'config.yaml'), dirname(resolve(dir))],
    [join(dir, 'config.yaml'), join(shownAs, 'config.yaml'), dir],
  ]) {
    if (!isPresent(path)) continue;
    const r = configOf(readInput(path, { kind: 'kube-bench file', shownAs: shown, within: inside }), shown);
    problems.push(...r.problems);
    if (r.config) configs.push(r.config);
  }
  const files: SourceFile[] = names.map((n) => ({
    path: join(shownAs, n),
    name: `${folder}/${n}`,
    text: readInput(join(dir, n), { kind: 'kube-bench file', shownAs: join(shownAs, n), within: dir }),
  }));
  const r = importKubeBench(folder, files, mergeConfigs(configs), { sourcePath: folder, ...importOptions });
  return checkedImport(r, problems, files, shownAs);
}

/**
 * The import checked against our schema (unless it already has errors): the benchmark as the
 * schema reads it (defaults applied), or the problems at the controls they come from.
 */
export function checkedImport(
  r: ImportResult,
  problems: readonly Problem[],
  files: readonly SourceFile[],
  shownAs: string,
): ImportResult & { readonly validated?: boolean } {
  const all = [...problems, ...r.problems];
  if (all.some((p) => p.severity === 'error')) return { ...r, problems: all };
  const parsed = Benchmark.safeParse(r.benchmark);
  if (parsed.success) return { ...r, benchmark: parsed.data, problems: all, validated: true };
  return { ...r, problems: [...all, ...schemaProblems(r.benchmark, parsed.error.issues, files, shownAs)] };
}

/**
 * What the importer produced that our format cannot hold (an empty id, a folder name that is
 * no benchmark id), at the control it came from.
 */
function schemaProblems(
  b: Benchmark,
  issues: ReadonlyArray<{ path: PropertyKey[]; code: string; message: string }>,
  files: readonly SourceFile[],
  folder: string,
): Problem[] {
  const pathOf = new Map(files.map((f) => [f.name, f.path]));
  return issues.map((issue) => {
    const [, si, , ci] = issue.path;
    const section = typeof si === 'number' ? b.sections[si] : undefined;
    const control = section && typeof ci === 'number' ? section.controls[ci] : section?.controls[0];
    const source = control?.source;
    let value: unknown = b;
    for (const k of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[k as string];
    const field = issue.path.length
      ? issue.path.slice(typeof ci === 'number' ? 4 : typeof si === 'number' ? 2 : 0).join('.')
      : 'benchmark';
    const where =
      control && typeof ci === 'number' ? `control ${field}` : section ? `group ${field}` : `benchmark ${field}`;
    const expected =
      issue.code === 'too_small'
        ? 'a non-empty value'
        : issue.message.replace(/^Invalid [a-z]+: /, '').replace(/^expected /, '');
    const message = `${where} ${JSON.stringify(value) ?? 'missing'} cannot be imported, expected ${expected}`;
    const file = source ? pathOf.get(source.file) : undefined;
    return file && source
      ? { file, line: source.line, col: 1, severity: 'error', message }
      : { file: folder, severity: 'error', message };
  });
}
