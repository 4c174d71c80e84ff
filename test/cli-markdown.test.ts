// check --format markdown, for people: a summary, then findings grouped by control.
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import recommended from 'remark-preset-lint-recommended';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, walk } from '../src/k8s/extract/markdown.js';
import { run } from './helpers.js';

interface Report {
  findings: Array<{ controlId: string; severity: string; category: string; evidence: Array<{ url: string }> }>;
  summary: { byCategory: Record<string, number> };
}

describe('check --format markdown', async () => {
  const args = ['check', 'cis-1.4', '--installer', 'kubeadm'];
  const md = (await run([...args, '--format', 'markdown'])).stdout;
  const json = (JSON.parse((await run([...args, '--format', 'json'])).stdout) as { results: Report[] }).results;

  it('opens with a summary table: one row per category found, one column per release, totals', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# cis-1.4 (CIS 1.4.1): stale controls');
    expect(lines[2]).toBe('| category | Kubernetes 1.13 with kubeadm | Kubernetes 1.14 with kubeadm |');
    for (const [c, n] of Object.entries(json[0].summary.byCategory))
      if (n) expect(md).toContain(`| ${c} | ${n} | ${json[1].summary.byCategory[c]} |`);
    expect(md).toContain(`| **total** | **${json[0].findings.length}** | **${json[1].findings.length}** |`);
  });

  it('lists each finding under its control with severity, category, suggestion and evidence links', () => {
    const section = md.slice(md.indexOf('## Kubernetes 1.13'), md.indexOf('## Kubernetes 1.14'));
    // cis-1.4 with kubeadm is over a GitHub comment's size: the least severe controls are cut
    // (test/markdown-budget.test.ts); every control kept shows all its findings, in the JSON's order.
    const shown = [...section.matchAll(/^### (\S+)/gm)].map((m) => m[1]);
    const controls = [...new Set(json[0].findings.map((f) => f.controlId))];
    expect(shown.length).toBeGreaterThan(controls.length / 2);
    expect(shown).toEqual(controls.filter((c) => shown.includes(c)));
    const kept = json[0].findings.filter((f) => shown.includes(f.controlId));
    const items = [...section.matchAll(/^- \*\*(high|medium|low)\*\* · `([a-z-]+)` — /gm)];
    expect(items.map((m) => [m[1], m[2]])).toEqual(kept.map((f) => [f.severity, f.category]));
    expect(section.match(/^ {2}- \*\*Suggested\*\* \(/gm)?.length).toBe(kept.length);
    for (const f of kept) for (const e of f.evidence) expect(section).toContain(`](${e.url})`);
    const block = section.slice(section.indexOf('### 2.1.10'));
    expect(block).toMatch(/^### 2\.1\.10 .*\n\n- \*\*high\*\* · `conflict` — /);
  });

  it('ends with what each category found asks for, and is clean markdown', async () => {
    expect(md).toContain('## What the categories ask for');
    expect(md).toMatch(/^- `unsatisfiable` \(high\): /m);
    const file = await remark().use(remarkGfm).use(recommended).process(md);
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual([]);
    expect([...walk(parseMarkdown(md))].filter((n) => n.type === 'table').length).toBe(1);
  });
});
