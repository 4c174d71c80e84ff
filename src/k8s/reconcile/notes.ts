// Which release-note events to trust: an event must name a setting that exists (in some
// release's pages, or the overlay) of the right kind, and of a component of ours. A note that
// names kubeadm or kubectl first is about that tool; a flag the note gives no component for
// belongs to the components (from the note's areas, else all) that have it. The rest are
// dropped and counted.
import type { RawRelease } from '../extract/release.js';
import { placeholderPattern, type NoteEvent } from '../extract/release-notes.js';
import type { Overlay } from '../overlay.js';
import { releaseComponents, type ReleaseComponent } from '../snapshot.js';

export interface SettingNames {
  /** component → flag names (without dashes) any source gives it. */
  readonly flags: ReadonlyMap<ReleaseComponent, ReadonlySet<string>>;
  readonly gates: ReadonlySet<string>;
  readonly plugins: ReadonlySet<string>;
  readonly fields: ReadonlySet<string>;
}

export function settingNames(
  raws: readonly RawRelease[],
  overlay: Overlay,
  gateAlias: ReadonlyMap<string, string>,
): SettingNames {
  const flags = new Map(releaseComponents.map((c) => [c, new Set<string>()]));
  const gates = new Set<string>();
  const plugins = new Set<string>();
  const fields = new Set<string>();
  for (const r of raws) {
    for (const c of releaseComponents) for (const f of r.pages[c] ?? []) flags.get(c)!.add(f.name);
    for (const g of r.gates) gates.add(gateAlias.get(g.name) ?? g.name);
    for (const p of r.admission?.available ?? []) plugins.add(p);
    for (const k of Object.values(r.configs)) for (const f of k.fields) fields.add(f.path);
  }
  for (const f of overlay.flags) flags.get(f.component)?.add(f.name);
  for (const g of overlay.gates) gates.add(g.name);
  for (const p of overlay.plugins) plugins.add(p.name);
  return { flags, gates, plugins, fields };
}

export interface NoteTrust {
  /** Events kept, flag events resolved to the component that has the flag. */
  readonly events: NoteEvent[];
  readonly total: number;
  readonly kept: number;
}

const isOurs = (c: string | undefined): c is ReleaseComponent => releaseComponents.includes(c as ReleaseComponent);

export function trustNotes(
  events: readonly NoteEvent[],
  names: SettingNames,
  gateAlias: ReadonlyMap<string, string>,
): NoteTrust {
  const out: NoteEvent[] = [];
  let kept = 0;
  // A note may spell a gate in another case than the pages do (1.22, PR 101272:
  // `CSIMigrationVSphereComplete` for CSIMigrationvSphereComplete): the one gate of that name in
  // any case is meant; where two gates differ only in case, neither.
  const byLower = new Map<string, string[]>();
  for (const g of names.gates) byLower.set(g.toLowerCase(), [...(byLower.get(g.toLowerCase()) ?? []), g]);
  const gateNamed = (n: string): string => {
    const name = gateAlias.get(n) ?? n;
    if (names.gates.has(name)) return name;
    const same = byLower.get(name.toLowerCase());
    return same?.length === 1 ? same[0] : name;
  };
  for (const e of events) {
    // A note about kubeadm or kubectl (named first) changes that tool, not a component's setting.
    if (e.component !== undefined && !isOurs(e.component)) continue;
    let hits: NoteEvent[] = [];
    switch (e.kind) {
      case 'flag': {
        const written = e.name.replace(/^--/, '');
        const areas = (e.areas ?? []).filter(isOurs);
        const candidates = isOurs(e.component) ? [e.component] : areas.length ? areas : [...releaseComponents];
        // A name no component has, one letter from exactly one flag of the candidates, is that
        // flag misspelt ("Deprecate the `--target-ram-md` flags", 1.19, PR 91818: --target-ram-mb).
        const name = candidates.some((c) => names.flags.get(c)?.has(written))
          ? written
          : (nearFlag(written, candidates, names) ?? written);
        const owners = candidates.filter((c) => names.flags.get(c)?.has(name));
        const to = e.to?.replace(/^--/, '');
        if (to !== undefined && !owners.some((c) => names.flags.get(c)?.has(to))) break;
        const shared = !isOurs(e.component) && owners.length > 1;
        hits = owners.map((c) => ({
          ...e,
          ...(name !== written ? { name: `--${name}` } : {}),
          component: c,
          ...(shared ? { shared } : {}),
        }));
        break;
      }
      case 'gate': {
        // "Remove alpha `CSIMigrationXXComplete` flag" (1.21, PR 98243): each gate the placeholder
        // matches, but those the note names itself (it deprecates CSIMigrationvSphereComplete).
        const pattern = names.gates.has(e.name) || e.to !== undefined ? undefined : placeholderPattern(e.name);
        if (pattern) {
          const { component: _c, except: _x, ...gate } = e;
          hits = [...names.gates]
            .filter((g) => pattern.test(g) && !(e.except ?? []).includes(g))
            .sort()
            .map((g) => ({ ...gate, name: g }));
          break;
        }
        const name = gateNamed(e.name);
        const to = e.to === undefined ? undefined : gateNamed(e.to);
        if (!names.gates.has(name) || (to !== undefined && !names.gates.has(to))) break;
        // A typo fix is no rename.
        if (to !== undefined && to === name) break;
        // Gates are shared by every component: the note's component says nothing about the gate.
        const { component: _c, ...gate } = e;
        hits = [{ ...gate, name, ...(to !== undefined ? { to } : {}) }];
        break;
      }
      case 'plugin':
        if (names.plugins.has(e.name) && (e.to === undefined || names.plugins.has(e.to)))
          hits = [{ ...e, component: 'kube-apiserver' }];
        break;
      case 'field':
        if (names.fields.has(e.name)) hits = [e];
        break;
    }
    if (hits.length) kept++;
    out.push(...hits.map(({ areas: _a, ...x }) => x));
  }
  return { events: out, total: events.length, kept };
}

/** The one flag of the candidate components one edit from `name` (names of 10 or more characters). */
function nearFlag(name: string, candidates: readonly ReleaseComponent[], names: SettingNames): string | undefined {
  if (name.length < 10) return undefined;
  const near = new Set<string>();
  for (const c of candidates)
    for (const f of names.flags.get(c) ?? [])
      if (Math.abs(f.length - name.length) <= 1 && oneEdit(f, name)) near.add(f);
  return near.size === 1 ? [...near][0] : undefined;
}

/** Whether a and b differ by exactly one substitution, insertion or deletion. */
function oneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
