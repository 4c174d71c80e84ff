// Links into Kubernetes' own repository point at the release a claim is about: a claim on 1.32
// cites the release-1.32 branch, not master (which moves on) nor another release's branch or tag
// (v1.28.0 for a claim on 1.25). A link pinned to a commit already names its release (the commit
// a snapshot was read at), and the CHANGELOG folder is read on master (each release's file stays
// there). Pure: a URL and a release in, a URL out.
import type { Evidence } from './snapshot.js';

const branchLink =
  /^(https:\/\/github\.com\/kubernetes\/kubernetes\/(?:blob|tree)\/)(master|main|release-\d+\.\d+|v(\d+\.\d+)\.\d+)(\/.*)$/;

const minor = (v: string) => Number(v.split('.')[1]);

/**
 * The URL at the release's branch where it is a branch link into kubernetes/kubernetes, else as it
 * is. A link pinned to a tag (v1.28.0) moves to a release's branch only from the tag's own minor
 * on: the file existed at the tag, but may not yet in an older release (kubeadm's
 * kubeletfinalize.go, users_linux.go), where a branch link would be dead; there the pin stays.
 */
export function linkAtRelease(url: string, release: string): string {
  const m = branchLink.exec(url);
  if (!m || m[4].startsWith('/CHANGELOG/') || !/^\d+\.\d+$/.test(release)) return url;
  if (m[3] && minor(release) < minor(m[3])) return url;
  return `${m[1]}release-${release}${m[4]}`;
}

/** Evidence with its link at the release's branch. */
export function evidenceAtRelease(e: Evidence, release: string): Evidence {
  const url = linkAtRelease(e.url, release);
  return url === e.url ? e : { ...e, url };
}

const isEvidence = (x: Record<string, unknown>) =>
  typeof x.url === 'string' && typeof x.kind === 'string' && typeof x.ref === 'string';

/** A snapshot (or any part of one) with every evidence link at the release's branch; the rest unchanged. */
export function linksAtRelease<T>(value: T, release: string): T {
  if (Array.isArray(value)) return value.map((x) => linksAtRelease(x, release)) as T;
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (isEvidence(o)) return evidenceAtRelease(o as unknown as Evidence, release) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = linksAtRelease(v, release);
  return out as T;
}
