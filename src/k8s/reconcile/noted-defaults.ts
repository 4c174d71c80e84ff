// Defaults a release note changes where the pages are stale. The config-api pages are generated
// from the type's comments, which lag the code: the 1.17 notes "Reduce default
// NodeStatusReportFrequency to 5 minutes" (PR 84007), while the KubeletConfiguration pages say 1m
// up to 1.20 and 5m from 1.21. A note that names a setting (flag, Go or JSON field name, of the
// note's component) and its new value dates the change; the releases from the note up to the
// page that finally shows the value take it, with the note as evidence. Where no later page
// shows the note's value, nothing is changed (the note may be misread, or speak of a case): one
// disagreement line says so.
import type { DefaultUpdate } from '../extract/release-notes.js';
import type { RawRelease } from '../extract/release.js';
import type { Overlay } from '../overlay.js';
import { releaseComponents, type Change, type Field, type Flag, type ReleaseComponent } from '../snapshot.js';
import { normalDefault } from './defaults.js';
import type { Disagreements } from './disagreements.js';
import { prEvidence } from './evidence.js';

/** A note's value as a page would write it: "5 minutes" → 5m, "`366 (1 year)`" → 366. */
export function noteValue(v: string): string {
  const s = v.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const unit = s.match(/^(\d+(?:\.\d+)?)\s*(seconds?|minutes?|hours?|ms|s|m|h)$/i);
  if (!unit) return s;
  const u = unit[2].toLowerCase();
  return `${unit[1]}${u.startsWith('sec') ? 's' : u.startsWith('min') ? 'm' : u.startsWith('hour') ? 'h' : u}`;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && normalDefault(a) === normalDefault(b);

/** The components a note is about: the one it names, else those its areas point at. */
function componentsOf(u: DefaultUpdate): ReleaseComponent[] {
  const named = releaseComponents.find((c) => c === u.component);
  if (named) return [named];
  if (u.component) return [];
  return releaseComponents.filter((c) => u.areas?.includes(c));
}

/**
 * Where the pages keep the old value after the note: the releases from the note's (at) up to,
 * not including, the first whose page shows another value. Undefined unless that page shows the
 * note's value and the note's release kept the previous release's.
 */
function staleSpan(
  valueAt: (i: number) => string | undefined,
  at: number,
  value: string,
  count: number,
): { end: number; text: string } | undefined {
  const before = valueAt(at - 1);
  const now = valueAt(at);
  if (at === 0 || before === undefined || !same(before, now)) return undefined;
  for (let j = at + 1; j < count; j++) {
    const v = valueAt(j);
    if (v === undefined) return undefined;
    if (same(v, now)) continue;
    return same(v, value) ? { end: j, text: v } : undefined;
  }
  return undefined;
}

/**
 * Config fields: every release's kinds with the noted defaults followed; and the change events
 * (one per note that names a field whose default the release's snapshot then changes).
 */
export function followNotedFieldDefaults(
  raws: readonly RawRelease[],
  overlay: Overlay,
  disagreements: Disagreements,
): { raws: RawRelease[]; changes: Map<string, Change[]> } {
  const out = raws.map((r) => ({ ...r, configs: { ...r.configs } }));
  const changes = new Map<string, Change[]>(raws.map((r) => [r.release, []]));
  for (const [at, raw] of raws.entries()) {
    for (const u of raw.defaults ?? []) {
      if (u.name.startsWith('--')) continue;
      const comps = componentsOf(u);
      const json = u.name[0].toLowerCase() + u.name.slice(1);
      for (const [kind, k] of Object.entries(raw.configs)) {
        if (!comps.includes(k.component as ReleaseComponent)) continue;
        const paths = k.fields.filter((f) => f.path.split('.').at(-1) === json).map((f) => f.path);
        if (paths.length !== 1) continue;
        const path = paths[0];
        const valueAt = (i: number): string | undefined =>
          out[i]?.configs[kind]?.fields.find((f) => f.path === path)?.default;
        const value = noteValue(u.value);
        const evidence = prEvidence(u.pr, raw.release, overlay);
        const change: Change = { kind: 'field', component: kind, name: path, change: 'default-changed', evidence };
        const pr = u.pr ? `PR ${u.pr}` : 'no PR';
        if (same(valueAt(at), value)) {
          if (at > 0 && valueAt(at - 1) !== undefined && !same(valueAt(at - 1), value))
            changes.get(raw.release)!.push(change);
          continue;
        }
        const span = staleSpan(valueAt, at, value, out.length);
        if (!span) {
          disagreements.add(
            raw.release,
            `${kind} ${path}: the release notes give default ${value} (${pr}), the page ${valueAt(at) ?? 'none'}, and no later page shows ${value}; kept the page's`,
          );
          continue;
        }
        const was = valueAt(at)!;
        for (let i = at; i < span.end; i++) {
          const r = out[i];
          const ck = r.configs[kind];
          if (!ck) continue;
          r.configs[kind] = {
            ...ck,
            fields: ck.fields.map(
              (f): Field =>
                f.path === path ? { ...f, default: span.text, evidence: [...(f.evidence ?? []), ...evidence] } : f,
            ),
          };
          disagreements.add(
            r.release,
            `${kind} ${path}: the page gives default ${was}; the ${raw.release} release notes change it to ${value} (${pr}), as the ${raws[span.end].release} page shows; took ${span.text}`,
          );
        }
        changes.get(raw.release)!.push(change);
      }
    }
  }
  return { raws: out, changes };
}

/**
 * Flags: the same for a flag the note names (`--audit-log-maxage`), on the reconciled flags of
 * every release (changed in place of the map's entries); the change events per release.
 */
export function followNotedFlagDefaults(
  raws: readonly RawRelease[],
  flags: Map<string, Record<ReleaseComponent, Flag[]>>,
  overlay: Overlay,
  disagreements: Disagreements,
): Map<string, Change[]> {
  const changes = new Map<string, Change[]>(raws.map((r) => [r.release, []]));
  for (const [at, raw] of raws.entries()) {
    for (const u of raw.defaults ?? []) {
      if (!u.name.startsWith('--')) continue;
      const name = u.name.slice(2);
      const value = noteValue(u.value);
      const pr = u.pr ? `PR ${u.pr}` : 'no PR';
      const evidence = prEvidence(u.pr, raw.release, overlay);
      for (const c of componentsOf(u)) {
        const at0 = flags.get(raw.release)?.[c].find((f) => f.name === name);
        if (!at0) continue;
        const valueAt = (i: number): string | undefined =>
          flags.get(raws[i]?.release ?? '')?.[c].find((f) => f.name === name)?.default;
        const change: Change = { kind: 'flag', component: c, name: `--${name}`, change: 'default-changed', evidence };
        if (same(valueAt(at), value)) {
          // The page shows it: the note is the change's record, where the value is new here.
          if (at > 0 && !same(valueAt(at - 1), value)) changes.get(raw.release)!.push(change);
          continue;
        }
        const span = staleSpan(valueAt, at, value, raws.length);
        if (!span) {
          disagreements.add(
            raw.release,
            `${c} --${name}: the release notes give default ${value} (${pr}), the page ${valueAt(at) ?? 'none'}, and no later page shows ${value}; kept the page's`,
          );
          continue;
        }
        const was = valueAt(at)!;
        for (let i = at; i < span.end; i++) {
          const fl = flags.get(raws[i].release)!;
          fl[c] = fl[c].map((f) =>
            f.name === name ? { ...f, default: span.text, evidence: [...(f.evidence ?? []), ...evidence] } : f,
          );
          disagreements.add(
            raws[i].release,
            `${c} --${name}: the page gives default ${was}; the ${raw.release} release notes change it to ${value} (${pr}), as the ${raws[span.end].release} page shows; took ${span.text}`,
          );
        }
        changes.get(raw.release)!.push(change);
      }
    }
  }
  return changes;
}
