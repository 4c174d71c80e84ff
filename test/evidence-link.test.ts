// Evidence links into Kubernetes' repository point at the branch of the release the claim is
// about (a reviewer found a 1.32 claim citing release-1.13 source): the shipped snapshots and the
// findings of check, on every release they hold.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkAtRelease } from '../src/k8s/evidence-link.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const branchLinks = (text: string) =>
  [...text.matchAll(/https:\/\/github\.com\/kubernetes\/kubernetes\/(?:blob|tree)\/([\w.-]+)\/([^"\s)]+)/g)]
    .filter((m) => !/^[0-9a-f]{7,40}$/.test(m[1]) && !m[2].startsWith('CHANGELOG/'))
    .map((m) => ({ branch: m[1], url: m[0] }));

describe('evidence links at the release a claim is about', () => {
  it('rewrites branch links, keeps commits and the CHANGELOG folder', () => {
    const base = 'https://github.com/kubernetes/kubernetes/blob';
    expect(linkAtRelease(`${base}/release-1.13/cmd/kube-scheduler/app/options/options.go`, '1.32')).toBe(
      `${base}/release-1.32/cmd/kube-scheduler/app/options/options.go`,
    );
    expect(linkAtRelease(`${base}/master/cmd/kubelet/app/server.go`, '1.24')).toBe(
      `${base}/release-1.24/cmd/kubelet/app/server.go`,
    );
    expect(linkAtRelease(`${base}/v1.28.0/cmd/kubeadm/app/phases/addons/proxy/manifests.go`, '1.32')).toBe(
      `${base}/release-1.32/cmd/kubeadm/app/phases/addons/proxy/manifests.go`,
    );
    // Before the tag's minor the file may not exist yet (kubeletfinalize.go is newer than 1.13):
    // the pin stays rather than a dead branch link.
    const tagged = `${base}/v1.28.0/cmd/kubeadm/app/cmd/phases/init/kubeletfinalize.go`;
    expect(linkAtRelease(tagged, '1.13')).toBe(tagged);
    const pinned = `${base}/${'a'.repeat(12)}/pkg/features/kube_features.go#L10`;
    expect(linkAtRelease(pinned, '1.24')).toBe(pinned);
    expect(linkAtRelease(`${base}/master/CHANGELOG/CHANGELOG-1.24.md`, '1.24')).toBe(
      `${base}/master/CHANGELOG/CHANGELOG-1.24.md`,
    );
    expect(linkAtRelease('https://github.com/kubernetes/kubeadm/issues/2931', '1.24')).toBe(
      'https://github.com/kubernetes/kubeadm/issues/2931',
    );
  });

  it('every shipped snapshot cites its own release branch', () => {
    const dir = join(repoRoot, 'data', 'kubernetes');
    const bad: string[] = [];
    let seen = 0;
    for (const f of readdirSync(dir).filter((x) => /^1\.\d+\.json$/.test(x))) {
      const release = f.replace(/\.json$/, '');
      for (const l of branchLinks(readFileSync(join(dir, f), 'utf8'))) {
        seen++;
        if (l.branch !== `release-${release}`) bad.push(`${f}: ${l.url}`);
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });

  it.each([
    ['cis-1.11', '1.32'],
    ['cis-1.7', '1.25'],
    ['cis-1.4', '1.14'],
  ])('findings of %s on %s cite that release', async (benchmark, release) => {
    const r = await run(['check', benchmark, '--release', release, '--installer', 'kubeadm', '--format', 'json']);
    const links = branchLinks(r.stdout);
    expect(links.length).toBeGreaterThan(0);
    // A tag newer than the release stays pinned (see above); every other link is at the release.
    const newerTag = (b: string) =>
      /^v1\.(\d+)\.\d+$/.test(b) && Number(b.split('.')[1]) > Number(release.split('.')[1]);
    expect(links.filter((l) => l.branch !== `release-${release}` && !newerTag(l.branch)).map((l) => l.url)).toEqual([]);
  });
});
