// node: write a reference node bundle (what kubeadm lays down, or binaries with flags only).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CaptureOptions } from '../capture.js';
import { folderToReplace } from '../write.js';
import type { NodeBundle } from '../../node/bundle.js';
import { inputError } from '../../model/problem.js';
import type { Io } from '../io.js';
import { namedRelease } from '../release-names.js';

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
    .requiredOption(
      '--release <version>',
      'Kubernetes release (1.28; a patch version 1.28.3 reads as its minor) or a snapshot file from releases build',
    )
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
      const release = await openRelease(await namedRelease(io, '--release', o.release), io.cwd);
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
    .requiredOption(
      '--release <version>',
      'Kubernetes release (1.28; a patch version 1.28.3 reads as its minor) or a snapshot file from releases build',
    )
    .option('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--force', 'replace a bundle written there before')
    .action(async (o: { release: string; out?: string; force?: boolean }) => {
      const [{ openRelease }, { genericNode }] = await Promise.all([
        import('../../k8s/load.js'),
        import('../../node/kubeadm.js'),
      ]);
      await write(genericNode(await openRelease(await namedRelease(io, '--release', o.release), io.cwd)), o);
    });

  node
    .command('capture')
    .description(
      'capture the node it runs on (read-only, secrets redacted) as a bundle: processes, config files, modes and owners',
    )
    .requiredOption('--out <dir>', 'folder to write the bundle into (new or empty)')
    .option('--root <dir>', "the node's root folder (a mounted image or a test tree)", '/')
    .option('--proc <dir>', "the node's /proc (command lines of its processes)", '/proc')
    .option('--kubeconfig <file>', 'also read the API objects section 5 checks, with the kubectl on PATH')
    .option(
      '--objects <file>',
      'API objects as `kubectl get … -o json` printed them elsewhere (Secrets lose their data)',
    )
    .option('--release <version>', "the node's Kubernetes minor release (default: the control plane's image tags)")
    .option('--force', 'replace a bundle written there before')
    .action(async (o: CaptureOptions) => {
      const { captureCommand } = await import('../capture.js');
      out(await captureCommand(o, io));
    });

  node
    .command('capture-script')
    .description('print a POSIX sh script that captures a node into a bundle tarball (no Node.js, no kubectl needed)')
    .option('--manifest', 'print a Kubernetes DaemonSet that runs the script on every node, host paths read-only')
    .option('--image <image>', 'the image the DaemonSet runs the script in (any with sh, awk, tar)', 'busybox:1.36')
    .option('--namespace <name>', 'the namespace of the DaemonSet and its ConfigMap', 'kube-system')
    .action(async (o: { manifest?: boolean; image: string; namespace: string }) => {
      const { scriptCommand } = await import('../capture.js');
      io.stdout.write(await scriptCommand(o));
    });
}
