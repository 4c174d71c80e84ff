// Flags deprecated as a class: the kubelet's flags its config file can set ("in favour of the
// file", 1.10, PR 60148), the cAdvisor flags it registered by mistake (1.10, PR 57613). The
// pages print the marker flag by flag, and some print none at all (the kubelet's of 1.13–1.15,
// kept partly by hand): there the first page that prints the markers would date the
// deprecation years late. So, per release, a flag is deprecated by the overlay's record when:
// - the release's own page prints the class's markers: only where it marks this flag (it is the record);
// - else (no marker on the page, or the page hides the flag): the nearest later page that prints
//   the markers and lists the flag marks it, and, for the config-file class, the config field
//   that page maps it to exists in this release (a flag that only later became settable from
//   the file is not deprecated early); without such a page, the flag sets a field of this
//   release's config (config-file class only).
import { evidenceOf, inRange, type Overlay, type OverlayClassDeprecation } from '../overlay.js';
import type { ExtractedFlag } from '../extract/flags.js';
import type { RawRelease } from '../extract/release.js';
import type { Flag, ReleaseComponent, ReleaseSnapshot } from '../snapshot.js';
import { dedupe } from './evidence.js';

/** Whether a page marks the flag as one of the class. */
function marked(rule: OverlayClassDeprecation, f: ExtractedFlag): boolean {
  if (rule.class === 'config-file') return Boolean(f.configFile);
  return Boolean(f.deprecated) && new RegExp(rule.marker ?? '$^', 'i').test(f.description);
}

export function classDeprecations(
  raws: readonly RawRelease[],
  flags: ReadonlyMap<string, Record<ReleaseComponent, Flag[]>>,
  fieldMaps: ReadonlyArray<ReleaseSnapshot['flagFields']>,
  overlay: Pick<Overlay, 'classDeprecations' | 'evidence'>,
): void {
  for (const rule of overlay.classDeprecations ?? []) {
    const c = rule.component;
    const configFile = rule.class === 'config-file';
    const evidence = rule.evidence.map((e) => evidenceOf(e, overlay));
    const pages = raws.map((r) => new Map((r.pages[c] ?? []).map((f) => [f.name, f])));
    const marks = pages.map((p) => [...p.values()].some((f) => marked(rule, f)));
    const fieldOf = (i: number, name: string): string | undefined => fieldMaps[i]?.[c]?.[name];
    const laterSays = (i: number, name: string): boolean | undefined => {
      for (let j = i + 1; j < raws.length; j++) {
        const later = pages[j].get(name);
        if (!marks[j] || !later) continue;
        const path = configFile ? fieldOf(j, name) : undefined;
        return marked(rule, later) && (path === undefined || fieldOf(i, name) === path);
      }
      return undefined;
    };
    raws.forEach((raw, i) => {
      if (!inRange(raw.release, { from: rule.from })) return;
      const row = flags.get(raw.release);
      if (!row) return;
      row[c] = row[c].map((f) => {
        if (f.deprecated && (!configFile || f.configFile)) return f;
        if (marks[i] && pages[i].has(f.name)) return f;
        const deprecated = laterSays(i, f.name) ?? (configFile && fieldOf(i, f.name) !== undefined);
        if (!deprecated) return f;
        const { evidence: own = [], ...rest } = f;
        return {
          ...rest,
          deprecated: true,
          ...(configFile ? { configFile: true } : {}),
          evidence: dedupe([...own, ...evidence]),
        };
      });
    });
  }
}
