// node: write a reference node bundle (what kubeadm lays down, or binaries with flags only).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { folderToReplace } from '../write.js';
import type { NodeBundle } from '../../node/bundle.js';
import { inputError } from '../../model/problem.js';
import type { Io } from '../io.js';

export function registerNodeCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const node = program
    .command('node')
    .description('write reference node bundles (a folder mirroring a node, plus node-bundle.yaml)');

  const write = async (bundle: NodeBundle, o: { out?: string; force?: boolean }): Promise<void> => {
    if (o.out === undefined) throw inputError('--out', 'missing, expected a folder to write the bundle into');
    if (!o.out.trim()) throw inputError('--out', 'empty value, expected a folder to write the bundle into');
    folderToReplace(o.out, '--out', io.cwd, 'a new or empty folder');
    const [{ writeBundle }, { processesOf }] = await Promise.all([
      import('../../node/write.js'),
      import('../../node/processes.js'),
    ]);
    writeBundle(bundle, resolve(io.cwd, o.out), { shownAs: o.out, force: o.force });
    const files = [...bundle.entries.values()].filter((e) => e.type === 'file').length;
    const processes = processesOf(bundle).processes.length;
    out(
      `wrote ${bundle.name} to ${o.out}: ${files} files, ${processes} processes, ${bundle.objects?.length ?? 0} API objects`,
    );
  };

  node
    .command('kubeadm')
    .description('the node a default `kubeadm init` lays down for a release (optionally with a kubeadm configuration)')
    .requiredOption('--release <version>', 'Kubernetes minor release (1.28) or a snapshot file from releases build')
    .option(
      '--config <file>',
      'a kubeadm configuration file (InitConfiguration, ClusterConfiguration, KubeletConfiguration…)',
    )
    .option('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--force', 'replace a bundle written there before')
    .action(async (o: { release: string; config?: string; out?: string; force?: boolean }) => {
      const [{ openRelease }, { kubeadmNode }, { parseKubeadmConfig }, { readInput }] = await Promise.all([
        import('../../k8s/load.js'),
        import('../../node/kubeadm.js'),
        import('../../node/kubeadm-config.js'),
        import('../../io/read.js'),
      ]);
      const release = await openRelease(o.release, io.cwd);
      const changes = o.config
        ? parseKubeadmConfig(
            readInput(resolve(io.cwd, o.config), { kind: 'kubeadm configuration', shownAs: o.config }),
            o.config,
            release,
          )
        : undefined;
      await write(kubeadmNode(release, changes), o);
    });

  node
    .command('generic')
    .description('binaries started with the flags they need and nothing else: no config files, no installer')
    .requiredOption('--release <version>', 'Kubernetes minor release (1.28) or a snapshot file from releases build')
    .option('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--force', 'replace a bundle written there before')
    .action(async (o: { release: string; out?: string; force?: boolean }) => {
      const [{ openRelease }, { genericNode }] = await Promise.all([
        import('../../k8s/load.js'),
        import('../../node/kubeadm.js'),
      ]);
      await write(genericNode(await openRelease(o.release, io.cwd)), o);
    });
}
