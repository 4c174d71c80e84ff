// `npm start`: the main job on the shipped data, ending with the authoring loop on the newest
// pair: draft the newest CIS version for the newest release, review it, encode it for kube-bench.
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { loadBenchmarkRef } from '../load.js';

export function registerStart(program: Command, io: Io): void {
  program
    .command('start')
    .description(
      'the main job on the shipped data: the shipped benchmarks, the seed case, then the authoring loop on the newest pair',
    )
    .action(async () => {
      const { main } = await import('../main.js');
      const step = async (title: string, args: string[], cwd = io.cwd) => {
        io.stdout.write(`\n== benchwright ${args.join(' ')}  (${title})\n`);
        const code = await main(args, { ...io, cwd });
        if (code >= 2) io.exitCode = code;
      };
      await step('shipped benchmarks', ['list']);
      await step("the seed's case: CIS 1.4 with kubeadm on its releases", [
        'check',
        'cis-1.4',
        '--installer',
        'kubeadm',
      ]);
      const [{ shippedReleases }, { shippedIds }, { orderBenchmarks }] = await Promise.all([
        import('../../k8s/load.js'),
        import('../../ingest/shipped-ids.js'),
        import('../../diff/order.js'),
      ]);
      // Whatever is shipped now: the newest generic CIS version and the newest release snapshot.
      const newestCis = orderBenchmarks(
        await Promise.all(shippedIds().map(async (id) => (await loadBenchmarkRef(id, io.cwd)).benchmark)),
      )
        .filter((b) => b.variant === 'generic' && b.kubernetes.length)
        .pop();
      const newestRelease = shippedReleases().pop();
      if (newestCis && newestRelease)
        await step('the newest CIS version against the newest shipped release', [
          'check',
          newestCis.id,
          '--release',
          newestRelease,
        ]);
      await step("where the seed's 2.1.10 went in later versions", ['lineage', 'cis-1.4:2.1.10']);
      await step("ticket-ready proposals for the seed's case (proposals/)", [
        'propose',
        'cis-1.4',
        '--installer',
        'kubeadm',
      ]);
      await authoringLoop(step);
    });
}

/** Draft, review and export the newest CIS version for the newest shipped release, in a temporary folder. */
async function authoringLoop(step: (title: string, args: string[], cwd?: string) => Promise<void>): Promise<void> {
  const [{ mkdtempSync, rmSync }, { tmpdir }, { join }, { shippedIds }, { shippedReleases }, { orderBenchmarks }] =
    await Promise.all([
      import('node:fs'),
      import('node:os'),
      import('node:path'),
      import('../../ingest/shipped-ids.js'),
      import('../../k8s/load.js'),
      import('../../diff/order.js'),
    ]);
  const cwd = process.cwd();
  const shipped = await Promise.all(shippedIds().map(async (id) => (await loadBenchmarkRef(id, cwd)).benchmark));
  const newest = orderBenchmarks(shipped.filter((b) => b.variant === 'generic' && b.kubernetes.length)).pop();
  const release = shippedReleases().pop();
  if (!newest || !release) return;
  // Not the repository: the loop's files are examples, written where nothing is kept.
  const dir = mkdtempSync(join(tmpdir(), 'benchwright-loop-'));
  try {
    await step(
      `the authoring loop: draft the next version of ${newest.id} for Kubernetes ${release} with kubeadm`,
      ['draft', newest.id, '--release', release, '--installer', 'kubeadm', '--out', 'draft.yaml'],
      dir,
    );
    await step(
      'review the draft as a pull request',
      ['review', newest.id, 'draft.yaml', '--release', release, '--installer', 'kubeadm'],
      dir,
    );
    await step('encode the draft for kube-bench', ['export', 'kube-bench', 'draft.yaml', '--out', 'cfg'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
