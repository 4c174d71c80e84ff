import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRelease } from '../src/k8s/load.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { writeBundle } from '../src/node/write.js';
import { run } from './helpers.js';

/** Three written bundles: two kubeadm nodes as laid down, one whose kubelet config was hardened by hand. */
function fleet(): { dir: string; nodes: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-fleet-'));
  const nodes = ['cp-a', 'cp-b', 'cp-c'];
  for (const n of nodes) writeBundle(kubeadmNode(shippedRelease('1.30')), join(dir, n));
  const config = join(dir, 'cp-c/var/lib/kubelet/config.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}readOnlyPort: 10255\nmakeIPTablesUtilChains: false\n`);
  return { dir, nodes };
}

describe('evaluate over a fleet (several --node)', () => {
  it('prints one row per node and only the controls whose status differs, with which nodes', async () => {
    const { dir, nodes } = fleet();
    const r = await run(['evaluate', 'cis-1.10', '--node', ...nodes, '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.nodes.map((n: { name: string }) => n.name)).toEqual(nodes);
    expect(j.nodes[0].summary).toEqual(j.nodes[1].summary);
    expect(j.nodes[2].summary.FAIL).toBeGreaterThan(j.nodes[0].summary.FAIL);
    expect(j.differ.length).toBeGreaterThan(0);
    for (const d of j.differ) {
      // The two untouched nodes always agree; the hardened-by-hand one is the odd one out.
      expect(d.statuses['cp-a']).toBe(d.statuses['cp-b']);
      expect(d.statuses['cp-c']).not.toBe(d.statuses['cp-a']);
    }
    const single = JSON.parse((await run(['evaluate', 'cis-1.10', '--node', 'cp-c', '--format', 'json'], dir)).stdout);
    expect(single.summary).toEqual(j.nodes[2].summary);
    const md = await run(['evaluate', 'cis-1.10', '--node', ...nodes, '--format', 'markdown'], dir);
    await expect(md.stdout).toMatchFileSnapshot('golden/evaluate-fleet-cis-1.10.md');
  });

  it('reads nodes of different releases, each at its own release, and refuses --compare', async () => {
    const r = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.25', 'kubeadm@1.34']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubeadm@1\.25 +1\.25 /m);
    expect(r.stdout).toMatch(/^kubeadm@1\.34 +1\.34 /m);
    const c = await run(['evaluate', 'cis-1.12', '--node', 'kubeadm@1.25', 'kubeadm@1.34', '--compare']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^--compare: works on one node, expected a single --node/);
  });
});
