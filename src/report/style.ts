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

export const stylesheet = `:root { color-scheme: light; --ink: #1d1d1d; --muted: #555; --line: #c8c8c8; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main, header nav, footer { max-width: 80rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--line); background: #f6f6f6; }
header ul { display: flex; flex-wrap: wrap; gap: 1.25rem; list-style: none; margin: 0; padding: .6rem 0; }
footer { color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); margin-top: 3rem; }
a { color: #0645ad; }
a:focus-visible, main:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 1; }
h1 { font-size: 1.75rem; margin: 1.5rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .25rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; padding: .25rem 0; color: var(--muted); }
.scroll { overflow-x: auto; }
.heatmap th, .heatmap td { text-align: center; padding: 0; min-width: 2.6rem; }
.heatmap th[scope=row] { text-align: left; padding: 0 .5rem; white-space: nowrap; }
.heatmap td a { display: block; padding: .35rem .2rem; color: inherit; text-decoration: none; font-variant-numeric: tabular-nums; }
.heatmap td a:hover { text-decoration: underline; }
.heatmap td.t { box-shadow: inset 0 0 0 3px #1d1d1d; font-weight: 700; }
.heatmap td.t a::after { content: "◆"; font-size: .6rem; vertical-align: super; margin-left: 1px; }
.h0 { background: #eaf4ea; color: #1d1d1d; }
.h1 { background: #fff3c4; color: #1d1d1d; }
.h2 { background: #ffd591; color: #1d1d1d; }
.h3 { background: #f9a25b; color: #1d1d1d; }
.h4 { background: #b8321f; color: #fff; }
.h5 { background: #6b1414; color: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.legend li { border: 1px solid var(--line); padding: .1rem .5rem; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: .25rem; padding: 0 .3rem; font-size: .8rem; }
.high { color: #9b1c1c; } .medium { color: #7a4a00; } .low { color: #31572c; }
.timeline { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: .25rem 0; }
.timeline li { border: 1px solid var(--line); border-radius: .25rem; padding: 0 .4rem; background: #f6f6f6; }
.timeline li.here { border-color: #1d1d1d; background: #fff3c4; }
.timeline li + li::before { content: "→ "; color: var(--muted); }
.lineage td, .lineage th { white-space: nowrap; font-variant-numeric: tabular-nums; }
.lineage tr:has(td:target) > * { background: #e8f0fe; }
.lineage td.same { color: var(--muted); }
.lineage td.new { font-weight: 700; background: #fff3c4; }
.lineage td:target, .lineage tr:target th { outline: 3px solid var(--focus); outline-offset: -3px; }
section:target > h3 { background: #fff3c4; }
.findings td:nth-child(1) { white-space: nowrap; }
.proposal { max-width: 60rem; }
.proposal pre { overflow-x: auto; background: #f6f6f6; padding: .5rem; }
`;
