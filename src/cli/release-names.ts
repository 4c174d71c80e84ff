// The releases a command was given, read with the shared parser (options.ts) against the shipped
// snapshots; notes (a patch version read as its minor) go to stderr.
import type { Io } from './io.js';
import { releaseNames, singleRelease } from './options.js';

/** `--release a b,c d..e` as typed → shipped versions in release order, then snapshot files. */
export async function namedReleases(io: Io, option: string, values: readonly string[]): Promise<string[]> {
  const { shippedReleases } = await import('../k8s/load.js');
  return releaseNames(option, values, shippedReleases(), (line) => void io.stderr.write(`${line}\n`));
}

/** One release (`--release 1.34.1` → 1.34 with a note), or a snapshot file. */
export async function namedRelease(io: Io, option: string, value: string): Promise<string> {
  const { shippedReleases } = await import('../k8s/load.js');
  return singleRelease(option, value, shippedReleases(), (line) => void io.stderr.write(`${line}\n`));
}

/** A reference node `kubeadm@1.34.1` → `kubeadm@1.34` (with a note); a bundle folder unchanged. */
export async function namedNode(io: Io, ref: string): Promise<string> {
  const m = /^(kubeadm|generic)@(.+)$/.exec(ref);
  return m ? `${m[1]}@${await namedRelease(io, '--node', m[2])}` : ref;
}
