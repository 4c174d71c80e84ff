// export: a benchmark encoded for a scanner (kube-bench's cfg/ folder).
import { relative } from 'node:path';
import type { Command } from 'commander';
import { folderToReplace } from '../write.js';
import type { KubeBenchBenchmark } from '../../model/scanner.js';
import { inputError } from '../../model/problem.js';
import type { Io } from '../io.js';
import { loadBenchmarkRef } from '../load.js';
import { alternatives } from '../options.js';

const scanners = ['kube-bench'] as const;

/** The component table (binaries, file candidates) of the newest shipped benchmark that has one. */
export async function newestScannerTable(cwd: string): Promise<KubeBenchBenchmark | undefined> {
  const [{ shippedIds }, { orderBenchmarks }] = await Promise.all([
    import('../../ingest/shipped-ids.js'),
    import('../../diff/order.js'),
  ]);
  const shipped = await Promise.all(shippedIds().map(async (id) => (await loadBenchmarkRef(id, cwd)).benchmark));
  return orderBenchmarks(shipped.filter((b) => b.kubeBench && b.variant === 'generic' && b.kubernetes.length)).pop()
    ?.kubeBench;
}

export function registerExport(program: Command, io: Io): void {
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  program
    .command('export <scanner> <benchmark>')
    .description(
      "encode a benchmark for a scanner; <scanner> is kube-bench (the one supported): kube-bench's cfg/ folder " +
        '(controls files per target, config.yaml)',
    )
    .requiredOption(
      '--out <dir>',
      'the cfg/ folder to write: config.yaml and <benchmark>/ (new, empty, or an earlier export; written in one piece)',
    )
    .option('--force', 'replace a folder holding files benchwright did not write or that were edited since')
    .action(async (scanner: string, ref: string, o: { out: string; force?: boolean }) => {
      if (!(scanners as readonly string[]).includes(scanner))
        throw inputError(scanner, `unknown scanner '${scanner}', expected ${alternatives(scanners)}`);
      if (!o.out.trim()) throw inputError('--out', 'empty value, expected a folder for the kube-bench cfg/ files');
      // Before any reading: a file in the way is the user's, not ours to replace.
      const dir = folderToReplace(o.out, '--out', io.cwd, 'a folder for the kube-bench cfg/ files');
      const { benchmark } = await loadBenchmarkRef(ref, io.cwd);
      const [{ exportKubeBench }, { writeFolder }] = await Promise.all([
        import('../../export/kube-bench/index.js'),
        import('../../export/write.js'),
      ]);
      const fallback = benchmark.kubeBench ? undefined : await newestScannerTable(io.cwd);
      const r = exportKubeBench(benchmark, fallback);
      writeFolder(dir, r.files, { shownAs: o.out, force: o.force, what: 'the kube-bench cfg/ files' });
      const where = relative(io.cwd, dir) || '.';
      const targets = [...r.files.keys()].filter(
        (f) => f.startsWith(`${r.folder}/`) && f !== `${r.folder}/config.yaml`,
      );
      io.stdout.write(
        `${where}: kube-bench benchmark ${r.folder}, ${r.controls} controls in ` +
          `${targets.length} controls file${targets.length === 1 ? '' : 's'} ` +
          `(${targets.map((t) => t.slice(r.folder.length + 1)).join(', ')}), config.yaml maps ` +
          `${benchmark.kubernetes.length ? `Kubernetes ${benchmark.kubernetes.join(', ')}` : 'no release'} to it` +
          `${r.notes.length ? `; ${r.notes.length} checks not encoded as written (listed in the files' headers)` : ''}\n`,
      );
      if (!benchmark.kubeBench)
        err(
          `${ref}: no kube-bench component table of its own; used the newest shipped benchmark's (binaries, file candidates)`,
        );
      if (benchmark.sections.some((s) => s.controls.some((c) => c.titleGenerated)))
        err(`${ref}: ships facts only; its titles are benchwright's, generated from the checks, and each file says so`);
    });
}
