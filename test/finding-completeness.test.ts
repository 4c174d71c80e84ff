// A finding is pasted into a CIS ticket whole (issue 19): every one, from every shipped benchmark
// on the releases it targets, with and without an installer, says what to change (headline and
// proposal) and what shows it (evidence). A rule that leaves one out is a defect.
import { describe, expect, it } from 'vitest';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import type { Finding } from '../src/rules/types.js';
import { run } from './helpers.js';

type Report = { release: string; findings: Finding[] };

async function reports(id: string, installer: string[]): Promise<Report[]> {
  const r = await run(['check', id, ...installer, '--format', 'json']);
  if (r.code === 2) return []; // targets no release in the data (CIS 1.0 … 1.3)
  return (JSON.parse(r.stdout) as { results: Report[] }).results;
}

describe('every finding is complete', async () => {
  const all: Array<{ where: string; finding: Finding }> = [];
  for (const id of shippedIds().filter((x) => !x.startsWith('docker-')))
    for (const installer of [[], ['--installer', 'kubeadm']])
      for (const report of await reports(id, installer))
        for (const finding of report.findings)
          all.push({ where: `${id}@${report.release}${installer.length ? ' kubeadm' : ''}`, finding });

  it('reads enough findings to mean something', () => {
    expect(new Set(all.map((x) => x.where)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(all.map((x) => x.finding.ruleId)).size).toBeGreaterThanOrEqual(12);
  });

  it('gives every finding a headline, a proposal and evidence', () => {
    const missing = all.flatMap(({ where, finding: f }) => {
      const gaps = [
        ...(f.suggestion.headline?.trim() ? [] : ['headline']),
        ...(f.suggestion.proposal?.trim() ? [] : ['proposal']),
        ...(f.evidence.length ? [] : ['evidence']),
      ];
      return gaps.length ? [`${where} ${f.controlId} ${f.ruleId}: no ${gaps.join(', ')}`] : [];
    });
    expect(missing).toEqual([]);
  });
});
