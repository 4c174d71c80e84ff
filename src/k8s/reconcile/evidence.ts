import { evidenceOf, type Overlay } from '../overlay.js';
import type { Evidence } from '../snapshot.js';

/** A note's PR as evidence, or the release's notes when the note has no PR. */
export function prEvidence(pr: number | undefined, release: string, overlay: Pick<Overlay, 'evidence'>): Evidence[] {
  return [evidenceOf(pr ? `pr:${pr}` : `release-notes:${release}`, overlay)];
}

/** The reference page of a component in one release, as evidence. */
export function pageEvidence(component: string, release: string): Evidence {
  return {
    kind: 'doc',
    ref: `${component} reference, v${release}`,
    url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/command-line-tools-reference/${component}/`,
  };
}

/** The feature-gate pages of one release, as evidence. */
export function gatePageEvidence(release: string): Evidence {
  return {
    kind: 'doc',
    ref: `feature gates, v${release}`,
    url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/`,
  };
}

/** Evidence without repeats (by URL), first occurrence kept. */
export function dedupe(xs: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const x of xs) {
    if (seen.has(x.url)) continue;
    seen.add(x.url);
    out.push(x);
  }
  return out;
}

/** A line of Kubernetes' Go source at an anchor commit, as evidence. */
export function sourceEvidence(commit: string, file: string, line: number): Evidence {
  return {
    kind: 'source',
    ref: `kubernetes/kubernetes@${commit.slice(0, 12)} ${file}:${line}`,
    url: `https://github.com/kubernetes/kubernetes/blob/${commit}/${file}#L${line}`,
  };
}
