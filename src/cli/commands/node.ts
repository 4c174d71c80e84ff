// node: write a reference node bundle (what kubeadm lays down, or binaries with flags only).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readInput } from '../../io/read.js';
import { inputError } from '../../model/problem.js';
import { processesOf } from '../../node/processes.js';
import { genericNode, kubeadmNode } from '../../node/kubeadm.js';
import { parseKubeadmConfig } from '../../node/kubeadm-config.js';
import { shippedRelease } from '../../node/reference.js';
import { writeBundle } from '../../node/write.js';
import type { NodeBundle } from '../../node/bundle.js';
import type { Io } from '../io.js';

export function registerNodeCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const node = program
    .command('node')
    .description('write reference node bundles (a folder mirroring a node, plus node-bundle.yaml)');

  const write = (bundle: NodeBundle, o: { out?: string; force?: boolean }) => {
    if (o.out === undefined) throw inputError('--out', 'missing, expected a folder to write the bundle into');
    if (!o.out.trim()) throw inputError('--out', 'empty value, expected a folder to write the bundle into');
    writeBundle(bundle, resolve(io.cwd, o.out), { shownAs: o.out, force: o.force });
    const files = [...bundle.entries.values()].filter((e) => e.type === 'file').length;
    out(
      `wrote ${bundle.name} to ${o.out}: ${files} files, ${processesOf(bundle).processes.length} processes, ${bundle.objects?.length ?? 0} API objects`,
    );
  };

  node
    .command('kubeadm')
    .description('the node a default `kubeadm init` lays down for a release (optionally with a kubeadm configuration)')
    .requiredOption('--release <version>', 'Kubernetes minor release, e.g. 1.28')
    .option(
      '--config <file>',
      'a kubeadm configuration file (InitConfiguration, ClusterConfiguration, KubeletConfiguration…)',
    )
    .option('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--force', 'replace a bundle written there before')
    .action((o: { release: string; config?: string; out?: string; force?: boolean }) => {
      const release = shippedRelease(o.release, '--release');
      const changes = o.config
        ? parseKubeadmConfig(
            readInput(resolve(io.cwd, o.config), { kind: 'kubeadm configuration', shownAs: o.config }),
            o.config,
            release,
          )
        : undefined;
      write(kubeadmNode(release, changes), o);
    });

  node
    .command('generic')
    .description('binaries started with the flags they need and nothing else: no config files, no installer')
    .requiredOption('--release <version>', 'Kubernetes minor release, e.g. 1.28')
    .option('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--force', 'replace a bundle written there before')
    .action((o: { release: string; out?: string; force?: boolean }) => {
      write(genericNode(shippedRelease(o.release, '--release')), o);
    });
}
