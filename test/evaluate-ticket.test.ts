// The end-to-end flow a maintainer follows: kube-bench and the capture on the same node, then
// one command whose markdown goes into a ticket.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRelease } from '../src/k8s/load.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { processesOf } from '../src/node/processes.js';
import { run } from './helpers.js';
import { layDown } from './node-tree.js';

/** A report in kube-bench's --json shape. */
const reportOf = (results: Array<{ controlId: string; status: string }>) => ({
  Controls: [
    {
      id: '1',
      version: 'cis-1.10',
      tests: [{ section: '1', results: results.map((x) => ({ test_number: x.controlId, status: x.status })) }],
    },
  ],
});

describe('evaluate --against on a captured node: where the scanner and the components disagree, and why', () => {
  it('lists every decided disagreement, with the replay’s why when it reproduces the report and a plain no when not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-ticket-'));
    const ref = kubeadmNode(shippedRelease('1.30'));
    // A kubelet whose drop-in opens the read-only port: kube-bench reads only the config file.
    const processes = processesOf(ref).processes.map((p) => ({
      argv: p.argv[0].endsWith('kubelet') ? [...p.argv, '--config-dir=/etc/kubernetes/kubelet.conf.d'] : p.argv,
      environment: p.environment,
    }));
    const tree = layDown(ref, join(dir, 'node'), { processes });
    mkdirSync(join(tree.root, 'etc/kubernetes/kubelet.conf.d'));
    writeFileSync(
      join(tree.root, 'etc/kubernetes/kubelet.conf.d/50-debug.conf'),
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n',
    );
    const cap = await run(['node', 'capture', '--root', tree.root, '--proc', tree.proc, '--out', 'bundle'], dir);
    expect(cap.code).toBe(0);
    const replay = JSON.parse(
      (await run(['evaluate', 'cis-1.10', '--node', 'bundle', '--semantics', 'kube-bench', '--format', 'json'], dir))
        .stdout,
    );
    const compared = JSON.parse(
      (await run(['evaluate', 'cis-1.10', '--node', 'bundle', '--compare', '--format', 'json'], dir)).stdout,
    );
    // kube-bench's report from "the same node": the replay, with one answer kube-bench gave otherwise.
    const flipped = replay.results.find(
      (x: { controlId: string; status: string }) =>
        x.status === 'PASS' &&
        !compared.compare.disagreements.some((d: { controlId: string }) => d.controlId === x.controlId) &&
        compared.results.find((e: { controlId: string }) => e.controlId === x.controlId).status === 'PASS',
    );
    writeFileSync(
      join(dir, 'report.json'),
      JSON.stringify(
        reportOf(
          replay.results.map((x: { controlId: string; status: string }) =>
            x === flipped ? { ...x, status: 'FAIL' } : x,
          ),
        ),
      ),
    );
    const j = JSON.parse(
      (await run(['evaluate', 'cis-1.10', '--node', 'bundle', '--against', 'report.json', '--format', 'json'], dir))
        .stdout,
    );
    const ids = j.ticket.map((t: { controlId: string }) => t.controlId);
    // A report says PASS or FAIL; a WARN there (an unscored failing test) decides nothing.
    const expected = [
      ...compared.compare.disagreements
        .filter((d: { kubeBench: string }) => d.kubeBench === 'PASS' || d.kubeBench === 'FAIL')
        .map((d: { controlId: string }) => d.controlId),
      flipped.controlId,
    ];
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(ids).toContain('4.2.4');
    const flippedRow = j.ticket.find((t: { controlId: string }) => t.controlId === flipped.controlId);
    expect(flippedRow).toMatchObject({ kubeBench: 'FAIL', effective: 'PASS', kind: 'false-fail', reproduced: false });
    for (const t of j.ticket.filter((x: { controlId: string }) => x.controlId !== flipped.controlId)) {
      expect(t.reproduced).toBe(true);
      expect(t.why).toBe(
        compared.compare.disagreements.find((d: { controlId: string }) => d.controlId === t.controlId).why,
      );
    }
    const md = await run(
      ['evaluate', 'cis-1.10', '--node', 'bundle', '--against', 'report.json', '--format', 'markdown'],
      dir,
    );
    const ticket = md.stdout.slice(md.stdout.indexOf('## Against'));
    await expect(ticket).toMatchFileSnapshot('golden/evaluate-ticket-cis-1.10.md');
  });
});
