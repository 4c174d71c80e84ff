// Whether a kept release-note event is confirmed by a source other than the notes: the release's
// reference page, its feature-gate pages, Kubernetes' source, or the overlay. Counted by the
// build (`releases build` prints the share), never used to drop an event: a note can be the only
// record of a change.
import { compareVersions } from '../../model/ids.js';
import type { GateHistory } from '../extract/gates.js';
import type { RawRelease } from '../extract/release.js';
import type { NoteEvent } from '../extract/release-notes.js';
import type { SourceAnchor } from '../extract/source.js';
import type { Overlay } from '../overlay.js';
import type { ReleaseComponent } from '../snapshot.js';
import { sourceState } from './source.js';

export function confirmed(
  e: NoteEvent,
  at: number,
  raws: readonly RawRelease[],
  source: readonly SourceAnchor[],
  overlay: Overlay,
  alias: ReadonlyMap<string, string>,
): boolean {
  const raw = raws[at];
  const before = at > 0 ? raws[at - 1] : undefined;
  const r = raw.release;
  switch (e.kind) {
    case 'flag': {
      const c = e.component as ReleaseComponent;
      const name = e.name.replace(/^--/, '');
      const ov = overlay.flags.find((o) => o.component === c && o.name === name);
      const page = raw.pages[c];
      const listed = page?.find((f) => f.name === name);
      switch (e.change) {
        case 'removed':
          return (ov?.until !== undefined && compareVersions(ov.until, r) < 0) || (page !== undefined && !listed);
        case 'deprecated':
          return (
            Boolean(listed?.deprecated) ||
            (page !== undefined && !listed) ||
            ov?.deprecated === true ||
            ov?.deprecatedFrom !== undefined
          );
        case 'renamed': {
          const to = e.to?.replace(/^--/, '');
          return to !== undefined && Boolean(page?.some((f) => f.name === to));
        }
        case 'default-changed': {
          const old = before?.pages[c]?.find((f) => f.name === name);
          return listed?.default !== undefined && old?.default !== undefined && listed.default !== old.default;
        }
        default:
          return false;
      }
    }
    case 'plugin': {
      const available = raw.admission?.available;
      const ov = overlay.plugins.find((p) => p.name === e.name);
      if (e.change === 'removed')
        return (available !== undefined && !available.includes(e.name)) || ov?.until !== undefined;
      if (e.change === 'deprecated') return ov?.deprecatedFrom !== undefined;
      if (e.change === 'renamed') return e.to !== undefined && Boolean(available?.includes(e.to));
      if (e.change === 'default-changed') {
        const now = raw.admission?.defaultOn.includes(e.name);
        const then = before?.admission?.defaultOn.includes(e.name);
        return now !== undefined && then !== undefined && now !== then;
      }
      return false;
    }
    case 'gate': {
      const name = e.name;
      const pageOf = (x: RawRelease | undefined): GateHistory[] =>
        (x?.gates ?? []).filter((g) => (alias.get(g.name) ?? g.name) === name);
      const stageOn = (hs: GateHistory[], v: string) => {
        let hit: GateHistory['stages'][number] | undefined;
        for (const h of hs) for (const s of h.stages) if (compareVersions(s.from, v) <= 0) hit = s;
        return hit;
      };
      const src = sourceState(source, name, r);
      const spec = src?.kind === 'spec' ? src.spec : undefined;
      const prev = before ? sourceState(source, name, before.release) : undefined;
      const prevSpec = prev?.kind === 'spec' ? prev.spec : undefined;
      const pages = pageOf(raw);
      const own = stageOn(pages, r);
      const ov = overlay.gates.find((g) => g.name === name);
      switch (e.change) {
        case 'removed':
          return (
            src?.kind === 'gone' ||
            (raw.gates.length > 0 && (pages.length === 0 || pages.some((h) => h.removed))) ||
            (own?.to !== undefined && compareVersions(own.to, r) < 0) ||
            ov?.until !== undefined
          );
        case 'graduated':
          return (
            (spec !== undefined && spec.stage === e.stage && spec.version === r) ||
            pages.some((h) => h.stages.some((s) => s.stage === e.stage && s.from === r))
          );
        case 'deprecated':
          return spec?.stage === 'deprecated' || own?.stage === 'deprecated';
        case 'locked':
          return spec?.locked === true || own?.locked === true;
        case 'default-changed':
          return (
            (spec !== undefined && prevSpec !== undefined && spec.default !== prevSpec.default) ||
            (own !== undefined &&
              own.from === r &&
              stageOn(pageOf(before), before?.release ?? r)?.default !== own.default)
          );
        default:
          return false;
      }
    }
    case 'field': {
      const has = (x: RawRelease | undefined) =>
        Object.values(x?.configs ?? {}).some((k) => k.fields.some((f) => f.path === e.name));
      if (e.change === 'removed') return has(before) && !has(raw);
      if (e.change === 'deprecated')
        return Object.values(raw.configs).some((k) => k.fields.some((f) => f.path === e.name && f.deprecated));
      return false;
    }
  }
}
