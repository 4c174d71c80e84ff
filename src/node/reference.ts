// `--node DIR | kubeadm@1.NN | generic@1.NN`: a bundle folder or a reference node built from knowledge.
import { resolve } from 'node:path';
import { shippedRelease, shippedReleases } from '../k8s/load.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { inputError } from '../model/problem.js';
import type { NodeBundle } from './bundle.js';
import { genericNode, kubeadmNode } from './kubeadm.js';
import { readBundle } from './read.js';

export const referenceKinds = ['kubeadm', 'generic'] as const;

/** A reference node `kind@1.NN` in memory, or undefined when the text is not one. */
export function referenceNode(ref: string): NodeBundle | undefined {
  const m = ref.match(/^([a-z][a-z0-9-]*)@(v?\d+\.\d+)$/);
  if (!m) return undefined;
  if (!(referenceKinds as readonly string[]).includes(m[1]))
    throw inputError(
      ref,
      `unknown reference node '${m[1]}', expected ${referenceKinds.map((k) => `${k}@1.NN`).join(' or ')}`,
    );
  const release = releaseNamed(m[2], ref);
  return m[1] === 'kubeadm' ? kubeadmNode(release) : genericNode(release);
}

export function releaseNamed(version: string, shownAs: string): ReleaseSnapshot {
  const v = version.replace(/^v/, '');
  if (!shippedReleases().includes(v))
    throw inputError(shownAs, `no shipped release ${v}, expected one of ${shippedReleases().join(', ')}`);
  return shippedRelease(v);
}

export function loadNode(ref: string, cwd: string): NodeBundle {
  if (!ref.trim()) throw inputError('--node', 'empty value, expected a bundle folder, kubeadm@1.NN or generic@1.NN');
  return referenceNode(ref) ?? readBundle(resolve(cwd, ref), { shownAs: ref });
}
