// Markdown that fits a GitHub comment: under the budget, most severe first, and it says when it cut.
import { describe, expect, it } from 'vitest';
import { checkReports } from '../src/cli/checking.js';
import { readGuidance } from '../src/cli/templates.js';
import { capMarkdown, githubCommentLimit } from '../src/render/budget.js';
import { findingsMarkdown } from '../src/render/findings-markdown.js';
import { run } from './helpers.js';

const controlsIn = (md: string): string[] => [...md.matchAll(/^### (\S+)/gm)].map((m) => m[1]);

describe('check --format markdown within a budget', () => {
  it('cis-1.4 with kubeadm (75,000 characters uncut) fits a GitHub comment and says it cut', async () => {
    const r = await run(['check', 'cis-1.4', '--installer', 'kubeadm', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeLessThanOrEqual(githubCommentLimit);
    expect(r.stdout).toMatch(/Cut to fit 65,536 characters:\*\* \d+ control sections? of \d+ not shown/);
    expect(r.stdout).toContain('`benchwright check cis-1.4 --installer kubeadm --format json`');
  }, 60_000);

  it('keeps the most severe controls, in document order, and cuts nothing when it fits', async () => {
    const { benchmark, reports } = await checkReports('cis-1.12', ['1.34'], 'kubeadm', process.cwd());
    const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
    const whole = findingsMarkdown(reports, titles, readGuidance());
    expect(whole).not.toContain('Cut to fit');
    expect(findingsMarkdown(reports, titles, readGuidance(), undefined, whole.length)).toBe(whole);
    const budget = Math.floor(whole.length / 2);
    const cut = findingsMarkdown(reports, titles, readGuidance(), undefined, budget);
    expect(cut.length).toBeLessThanOrEqual(budget);
    const all = controlsIn(whole);
    const kept = controlsIn(cut);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    // Kept in the document's order.
    expect(kept).toEqual(all.filter((id) => kept.includes(id)));
    expect(cut).toContain(`${all.length - kept.length} control sections of ${all.length} not shown`);
    // No dropped control is more severe than a kept one.
    const rank = { high: 0, medium: 1, low: 2 } as const;
    const sev = (id: string) =>
      Math.min(...reports[0].findings.filter((f) => f.controlId === id).map((f) => rank[f.severity]));
    const worstKept = Math.max(...kept.map(sev));
    for (const id of all.filter((x) => !kept.includes(x))) expect(sev(id)).toBeGreaterThanOrEqual(worstKept);
    // The summary table and the category guide stay.
    expect(cut).toContain('| category |');
    expect(cut).toContain('## What the categories ask for');
  }, 60_000);
});

describe('capMarkdown', () => {
  it('cuts at a block boundary outside code fences, closes <details> and says how to get all', async () => {
    const r = await run(['diff', 'cis-1.5', 'cis-1.6', '--format', 'markdown']);
    const md = r.stdout;
    expect(capMarkdown(md, md.length, 'x')).toBe(md);
    const cut = capMarkdown(md, 8000, 'benchwright diff cis-1.5 cis-1.6 --format json');
    expect(cut.length).toBeLessThanOrEqual(8000);
    expect(cut.startsWith(md.slice(0, 2000))).toBe(true);
    expect(cut).toMatch(/Cut to fit 8,000 characters:\*\* \d+ more sections? not shown/);
    expect((cut.match(/```/g) ?? []).length % 2).toBe(0);
    expect((cut.match(/<details>/g) ?? []).length).toBe((cut.match(/<\/details>/g) ?? []).length);
  }, 60_000);
});
