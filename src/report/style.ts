// The report's one stylesheet. The heatmap's colours run light to dark with the count; each
// pairs with a text colour of at least 4.5:1 contrast, and the count is always printed, so
// colour is never the only carrier of meaning.

export interface HeatBucket {
  /** Highest count in the bucket. */
  readonly max: number;
  readonly label: string;
}

/**
 * No findings, then up to five steps over the counts the matrix holds, split by rank (quantiles
 * of the distinct non-zero counts), so one family with many findings (the CIS Docker versions
 * on Kubernetes) does not squeeze every other cell into the lightest step.
 */
export function heatBuckets(counts: readonly number[]): HeatBucket[] {
  const out: HeatBucket[] = [{ max: 0, label: 'none' }];
  const distinct = [...new Set(counts.filter((n) => n > 0))].sort((a, b) => a - b);
  let from = 1;
  for (let k = 1; k <= 5 && distinct.length; k++) {
    const max = distinct[Math.ceil((distinct.length * k) / 5) - 1];
    if (max < from) continue;
    out.push({ max, label: from === max ? `${max}` : `${from}–${max}` });
    from = max + 1;
  }
  return out;
}

export function heatClass(buckets: readonly HeatBucket[], findings: number): string {
  return `h${Math.max(
    0,
    buckets.findIndex((b) => findings <= b.max),
  )}`;
}

// Colours are custom properties so the dark scheme (prefers-color-scheme) swaps them in one
// place; each heat step keeps 4.5:1 contrast in both schemes (the browser test measures it).
// Nothing may make a page wider than its viewport: text wraps anywhere it must (generated
// titles and evaluation details carry cipher-suite lists with no space to break at), and a table
// wider or taller than the screen scrolls inside its own box, whose header row stays in view.
export const stylesheet = `:root { color-scheme: light dark; --bg: #fff; --ink: #1d1d1d; --muted: #555; --line: #c8c8c8;
  --focus: #0b57d0; --link: #0645ad; --panel: #f6f6f6; --mark: #fff3c4; --hit: #e8f0fe; --edge: #1d1d1d;
  --high: #9b1c1c; --medium: #7a4a00; --low: #31572c;
  --h0: #eaf4ea; --h0-ink: #1d1d1d; --h1: #fff3c4; --h1-ink: #1d1d1d; --h2: #ffd591; --h2-ink: #1d1d1d;
  --h3: #f9a25b; --h3-ink: #1d1d1d; --h4: #b8321f; --h4-ink: #fff; --h5: #6b1414; --h5-ink: #fff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --ink: #e8e8e8; --muted: #a9a9a9; --line: #4a4a4a; --focus: #8ab4f8; --link: #8ab4f8;
    --panel: #1e1e1e; --mark: #4a3f00; --hit: #1f2a40; --edge: #e8e8e8; --high: #ff8a80; --medium: #ffcc80; --low: #a5d6a7;
    --h0: #173a1f; --h0-ink: #e8e8e8; --h1: #3d3a12; --h1-ink: #f5f5f5; --h2: #6b4f0f; --h2-ink: #fff;
    --h3: #8c3b12; --h3-ink: #fff; --h4: #b8321f; --h4-ink: #fff; --h5: #ff8a80; --h5-ink: #1d1d1d; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); overflow-wrap: anywhere; }
main, header nav, footer { max-width: 80rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--line); background: var(--panel); }
header ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; margin: 0; padding: .6rem 0; }
footer { color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); margin-top: 3rem; }
a { color: var(--link); }
a:focus-visible, main:focus-visible, summary:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .25rem .5rem; z-index: 3; }
h1 { font-size: 1.75rem; margin: 1.5rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .25rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
.muted { color: var(--muted); }
table { border-collapse: separate; border-spacing: 0; }
th, td { border: 1px solid var(--line); border-width: 0 1px 1px 0; padding: .25rem .5rem; text-align: left; vertical-align: top; overflow-wrap: normal; }
tr > :first-child { border-left-width: 1px; }
thead tr:first-child > * { border-top-width: 1px; }
thead th { position: sticky; top: 0; z-index: 1; background: var(--panel); }
td.text { overflow-wrap: anywhere; min-width: 14rem; }
caption, figcaption { text-align: left; padding: .25rem 0; color: var(--muted); }
figure { margin: .5rem 0; }
.scroll { overflow: auto; max-width: 100%; max-height: 85vh; }
.heatmap th, .heatmap td { text-align: center; padding: 0; min-width: 2.6rem; }
.heatmap thead th { padding: .1rem .25rem; }
.heatmap th[scope=row] { text-align: left; vertical-align: middle; padding: 0 .5rem; white-space: nowrap; position: sticky; left: 0; z-index: 1; background: var(--bg); }
.heatmap thead th:first-child { left: 0; z-index: 2; }
.heatmap td a { display: block; padding: .35rem .2rem; color: inherit; text-decoration: none; font-variant-numeric: tabular-nums; }
.heatmap td a:hover { text-decoration: underline; }
.heatmap td.t { box-shadow: inset 0 0 0 3px var(--edge); font-weight: 700; }
.heatmap td.t a::after { content: "◆"; font-size: .6rem; vertical-align: super; margin-left: 1px; }
.h0 { background: var(--h0); color: var(--h0-ink); }
.h1 { background: var(--h1); color: var(--h1-ink); }
.h2 { background: var(--h2); color: var(--h2-ink); }
.h3 { background: var(--h3); color: var(--h3-ink); }
.h4 { background: var(--h4); color: var(--h4-ink); }
.h5 { background: var(--h5); color: var(--h5-ink); }
.legend { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.legend li { border: 1px solid var(--line); padding: .1rem .5rem; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: .25rem; padding: 0 .3rem; font-size: .8rem; }
.high { color: var(--high); } .medium { color: var(--medium); } .low { color: var(--low); }
.timeline { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: .25rem 0; }
.timeline li { border: 1px solid var(--line); border-radius: .25rem; padding: 0 .4rem; background: var(--panel); }
.timeline li.here { border-color: var(--edge); background: var(--mark); }
.timeline li + li::before { content: "→ "; color: var(--muted); }
.lineage td, .lineage th { white-space: nowrap; font-variant-numeric: tabular-nums; }
.lineage th[scope=row] { position: sticky; left: 0; background: var(--bg); }
.lineage thead th:first-child { left: 0; z-index: 2; }
.lineage tr:has(td:target) > * { background: var(--hit); }
.lineage td.same { color: var(--muted); }
.lineage td.new { font-weight: 700; background: var(--mark); }
.lineage td:target, .lineage tr:target th { outline: 3px solid var(--focus); outline-offset: -3px; }
section:target > h3 { background: var(--mark); }
.findings td:nth-child(1), .findings td:nth-child(2) { white-space: nowrap; }
details { margin: .5rem 0; }
summary { cursor: pointer; }
.find label { display: block; font-weight: 600; }
.find input { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--muted); padding: .3rem .5rem; width: 100%; max-width: 30rem; }
#controls li[hidden] { display: none; }
.proposal { max-width: 60rem; }
.proposal pre { overflow-x: auto; background: var(--panel); padding: .5rem; }
.proposal table { display: block; overflow-x: auto; }
`;
