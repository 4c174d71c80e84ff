// The report in a real headless browser: Debian's Chromium driven by playwright-core, offline,
// from file://. Skips, saying why, where Chromium is not installed (.ci/run installs it).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedReleases } from '../src/k8s/load.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const executablePath = process.env.BENCHWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
if (!hasChromium)
  console.warn(`report browser test skipped: no Chromium at ${executablePath} (apt-get install -y chromium)`);

// Where the screenshot is kept for people to look at (gitignored).
const artefacts = join(repoRoot, 'test-artifacts');

/** WCAG contrast ratio of two rgb()/rgba() colours as getComputedStyle reports them. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

describe.skipIf(!hasChromium)('report in headless Chromium', () => {
  let site: string;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const url = (rel: string) => {
    const [path, frag] = rel.split('#');
    return pathToFileURL(join(site, path)).href + (frag ? `#${frag}` : '');
  };

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), 'bw-report-browser-'));
    const r = await run(['report', '--out', site, '--installer', 'kubeadm']);
    expect(r.code).toBe(0);
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bw-chromium-profile-')), {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // Nothing may leave the machine: any request that is not a local file fails the test.
    await context.route(/^(?!file:)/, (route) => {
      errors.push(`request: ${route.request().url()}`);
      return route.abort();
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  it('loads with no console errors and keeps a screenshot', async () => {
    await page.goto(url('index.html'));
    expect(await page.title()).toBe('benchwright report');
    expect(await page.locator('table.heatmap tbody tr').count()).toBe(shippedIds().length);
    mkdirSync(artefacts, { recursive: true });
    await page.screenshot({ path: join(artefacts, 'report.png'), fullPage: true });
    expect(existsSync(join(artefacts, 'report.png'))).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('resolves every heatmap cell link to an element on the page it names', async () => {
    await page.goto(url('index.html'));
    const links = await page
      .locator('table.heatmap td a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBe(shippedIds().length * shippedReleases().length);
    const byPage = new Map<string, string[]>();
    for (const l of links) {
      const [p, frag] = l.split('#');
      byPage.set(p, [...(byPage.get(p) ?? []), decodeURIComponent(frag)]);
    }
    for (const [p, frags] of byPage) {
      const res = await page.goto(p);
      expect(res?.ok(), p).toBe(true);
      const missing = await page.evaluate((ids) => ids.filter((id) => !document.getElementById(id)), frags);
      expect(missing, p).toEqual([]);
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('follows a cell from the keyboard to its findings', async () => {
    await page.goto(url('index.html'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.locator('table.heatmap a[href="benchmarks/cis-1.4.html#r-1.13"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/cis-1\.4\.html#r-1\.13$/);
    const row = page.locator('tr:target');
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.locator('th').textContent()).toBe('1.13 ◆');
    await row.locator('a').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('section:target').isVisible()).toBe(true);
  }, 60_000);

  it("shows the lineage of the seed's cis-1.4 2.1.10", async () => {
    await page.goto(url('benchmarks/cis-1.4.html#c-2.1.10'));
    const timeline = page.locator('section#c-2\\.1\\.10 ol.timeline');
    expect(await timeline.isVisible()).toBe(true);
    expect(await timeline.locator('li').allTextContents()).toEqual([
      '2.1.12 (cis-1.0 … cis-1.2)',
      '2.1.11 (cis-1.3)',
      '2.1.10 (cis-1.4)',
      '4.2.10 (cis-1.5 … cis-1.24)',
      '4.2.9 (cis-1.7 … cis-1.12)',
    ]);
    await page.locator('section#c-2\\.1\\.10 a', { hasText: 'In the lineage table' }).click();
    await page.waitForURL(/lineage\.html#v-cis-1\.4-2\.1\.10$/);
    const cell = page.locator('td:target');
    expect(await cell.isVisible()).toBe(true);
    const row = (await cell.locator('xpath=..').locator('td').allTextContents()).filter(Boolean);
    expect([...new Set(row)]).toEqual(['2.1.12', '2.1.11', '2.1.10', '4.2.10', '4.2.9']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps text readable on every heatmap colour and describes each cell in words', async () => {
    await page.goto(url('index.html'));
    const cells = await page.locator('table.heatmap td a').evaluateAll((as) =>
      as.map((a) => {
        const td = a.parentElement!;
        return {
          fg: getComputedStyle(a).color,
          bg: getComputedStyle(td).backgroundColor,
          label: a.getAttribute('aria-label') ?? '',
          text: a.textContent ?? '',
        };
      }),
    );
    for (const c of cells) {
      expect(contrast(c.fg, c.bg), `${c.label}: ${c.fg} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
      expect(c.label).toMatch(new RegExp(`: ${c.text} findings? on \\d+ controls?`));
    }
    expect(new Set(cells.map((c) => c.bg)).size).toBeGreaterThan(3);
  }, 60_000);
});
