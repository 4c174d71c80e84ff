// `export kube-bench`: a benchmark as a kube-bench cfg/ folder. Pure: the benchmark in,
// the files (relative path → text) out; src/export/write.ts puts them on disk.
import type { Benchmark } from '../../model/benchmark.js';
import { compareText } from '../../model/ids.js';
import { inputError } from '../../model/problem.js';
import type { KubeBenchBenchmark } from '../../model/scanner.js';
import { encodeControl } from './encode.js';
import { checkTableValues } from './shell.js';
import { configText, controlsFileText, overridesText, type ScannerGroup } from './render.js';

export interface ExportResult {
  /** The benchmark's folder under cfg/ (kube-bench's `--benchmark` name). */
  readonly folder: string;
  /** Relative path → text: `config.yaml`, `<folder>/config.yaml`, `<folder>/<target>.yaml`. */
  readonly files: ReadonlyMap<string, string>;
  /** Controls that could not be encoded as they are written, one line each. */
  readonly notes: readonly string[];
  readonly controls: number;
}

const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** kube-bench's name for the benchmark: the folder it was imported from, else its id. */
export function folderName(b: Benchmark): string {
  const fromSource = b.source.format === 'kube-bench' ? b.source.path.split(/[\\/]/).filter(Boolean).pop() : undefined;
  const name = fromSource && safeName.test(fromSource) && !/^\.+$/.test(fromSource) ? fromSource : b.id;
  if (!safeName.test(name) || /^\.+$/.test(name))
    throw inputError(b.id, `id '${name}' cannot name a folder, expected letters, digits, dots, dashes and underscores`);
  return name;
}

export function exportKubeBench(b: Benchmark, fallbackTable?: KubeBenchBenchmark): ExportResult {
  const folder = folderName(b);
  const table = b.kubeBench ?? fallbackTable ?? { targets: {} };
  checkTableValues(table);
  const targets = [...new Set(b.sections.map((s) => s.target))].sort(compareText);
  const notes: string[] = [];
  const files = new Map<string, string>();
  const about = [
    `kube-bench encoding of ${b.title} (${b.id}, version ${b.version}), written by benchwright export kube-bench.`,
    "Audit commands are benchwright's own, written from each check's subjects and kube-bench facts.",
  ];
  let controls = 0;
  for (const target of targets) {
    const sections = b.sections.filter((s) => s.target === target);
    const fileNotes: string[] = [];
    const groups: ScannerGroup[] = sections.map((s) => ({
      id: s.id,
      text: s.title,
      checks: s.controls.map((c) => {
        controls++;
        const e = encodeControl(c, s, table);
        for (const n of e.notes) fileNotes.push(`${c.id}: ${n}`);
        return e.check;
      }),
    }));
    const generated = sections.some((s) => s.titleGenerated || s.controls.some((c) => c.titleGenerated));
    const header = [
      ...about,
      ...(generated
        ? [`Titles are benchwright's, generated from the checks: ${b.id} ships facts only, without CIS's wording.`]
        : []),
      ...(fileNotes.length ? ['Not encoded as written:', ...fileNotes.map((n) => `  ${n}`)] : []),
    ];
    notes.push(...fileNotes);
    files.set(
      `${folder}/${target}.yaml`,
      controlsFileText({
        folder,
        target,
        id: sections[0]?.id.split('.')[0] ?? '1',
        text: `${b.title}: ${target} checks`,
        groups,
        header,
      }),
    );
  }
  const releases = [...b.kubernetes];
  files.set(
    'config.yaml',
    configText(folder, table, releases, targets, [
      about[0],
      "Merge these entries into kube-bench's cfg/config.yaml, or run kube-bench with --config-dir pointing here.",
    ]),
  );
  files.set(
    `${folder}/config.yaml`,
    overridesText([about[0], `Settings of ${folder} that override cfg/config.yaml: none.`]),
  );
  return { folder, files, notes, controls };
}
