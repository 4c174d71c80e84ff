// A flag whose default is a container image (the kubelet's --pod-infra-container-image,
// `k8s.gcr.io/pause:3.2`) follows the release notes that move that image to a new version, where
// the release's page still gives the previous release's default: the page was not regenerated
// (the 1.21 kubelet page says pause:3.2; the 1.21 notes say "The pause image upgraded to `v3.4.1`
// in kubelet and kubeadm", PR 98205; the 1.22 page says 3.5). A page that changed the default
// itself is the release's own output and stays.
import type { RawRelease } from '../extract/release.js';
import type { Overlay } from '../overlay.js';
import { releaseComponents, type Change, type Flag, type ReleaseComponent } from '../snapshot.js';
import type { Disagreements } from './disagreements.js';
import { prEvidence } from './evidence.js';

const imageRef = /^(.*\/)?([a-z0-9][a-z0-9._-]*):(v?)([\w.-]+)$/;

export function followImageUpdates(
  raw: RawRelease,
  before: RawRelease | undefined,
  flags: Record<ReleaseComponent, Flag[]>,
  overlay: Overlay,
  disagreements: Disagreements,
): Change[] {
  const changes: Change[] = [];
  for (const u of raw.images ?? []) {
    for (const c of releaseComponents) {
      flags[c] = flags[c].map((f) => {
        const m = f.default?.match(imageRef);
        if (!m || m[2] !== u.image) return f;
        const evidence = prEvidence(u.pr, raw.release, overlay);
        const change = (): void =>
          void changes.push({ kind: 'flag', component: c, name: `--${f.name}`, change: 'default-changed', evidence });
        if (m[4] === u.version) {
          change();
          return f;
        }
        const page = raw.pages[c]?.find((x) => x.name === f.name)?.default;
        const previous = before?.pages[c]?.find((x) => x.name === f.name)?.default;
        if (page === undefined || page !== previous) return f;
        const value = `${m[1] ?? ''}${m[2]}:${m[3]}${u.version}`;
        disagreements.add(
          raw.release,
          `${c} --${f.name}: the page gives default ${page}, as in ${before!.release}; the release notes move the ` +
            `${u.image} image to ${u.version} (${u.pr ? `PR ${u.pr}` : 'no PR'}); took ${value}`,
        );
        change();
        return { ...f, default: value, evidence: [...(f.evidence ?? []), ...evidence] };
      });
    }
  }
  return changes;
}
