// Disagreements between sources, each said once with the releases it concerns
// ("1.16–1.24: the feature-gate pages list CustomPodDNS, …"), not once per release.

export class Disagreements {
  private readonly byText = new Map<string, Set<string>>();

  constructor(private readonly order: readonly string[]) {}

  add(releases: string | readonly string[], text: string): void {
    const set = this.byText.get(text) ?? new Set<string>();
    for (const r of typeof releases === 'string' ? [releases] : releases) set.add(r);
    this.byText.set(text, set);
  }

  /** `1.16–1.24: text` lines, oldest first; with `release`, only those that concern it. */
  lines(release?: string): string[] {
    const rank = new Map(this.order.map((r, i) => [r, i]));
    const rows: Array<{ at: number; line: string }> = [];
    for (const [text, set] of this.byText) {
      if (release !== undefined && !set.has(release)) continue;
      const idx = [...set].map((r) => rank.get(r) ?? -1).sort((a, b) => a - b);
      rows.push({ at: idx[0] ?? -1, line: `${spans(idx, this.order)}: ${text}` });
    }
    return rows.sort((a, b) => a.at - b.at || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0)).map((r) => r.line);
  }
}

/** Consecutive releases as ranges: 1.13, 1.16–1.24. */
function spans(idx: readonly number[], order: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    const a = order[idx[i]] ?? '?';
    const b = order[idx[j]] ?? '?';
    out.push(i === j ? a : `${a}–${b}`);
    i = j + 1;
  }
  return out.join(', ');
}
