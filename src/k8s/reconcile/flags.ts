// One lifecycle per flag, from every release's reference page, the trusted release-note
// events and the overlay:
// - a flag exists from its first page (or note) to its removal; a removal is a release note or
//   the overlay, never a page alone (pflag hides deprecated flags from the generated pages);
// - a removal note wins over a stale page when the pages come to agree within two releases
//   and no later page lists the flag again;
// - releases whose page does not list the flag between two listings keep it as hidden (it
//   existed all along), and so after a deprecation note (why pflag hid it); after its last
//   listing, with no removal, no deprecation note and no overlay entry on record, it is
//   unlisted: neither accepted nor removed, with the last release that listed it;
// - a flag that reappears on a later page existed, hidden, all along;
// - a flag first listed with "(DEPRECATED: …)" in its heading (pages from 1.35) was hidden before;
// - a page that is an older generator's output (see olderGenerator) is no evidence on its own:
//   a flag only such pages list, that no later page, note or overlay entry names, is no fact of
//   those releases (the kubelet's 1.13–1.15 pages are pre-1.10 `--help` output: no --config, and
//   --init-config-dir, which PR 57624 removed in 1.10); a removal the overlay dates before the
//   first release drops the flag with no change event (it left before the corpus begins).
import { compareText, compareVersions } from '../../model/ids.js';
import type { ExtractedFlag } from '../extract/flags.js';
import type { RawRelease } from '../extract/release.js';
import type { NoteEvent } from '../extract/release-notes.js';
import { evidenceOf, type Overlay, type OverlayFlag } from '../overlay.js';
import {
  releaseComponents,
  type Change,
  type Evidence,
  type Flag,
  type ReleaseComponent,
  type UnlistedFlag,
} from '../snapshot.js';
import type { Disagreements } from './disagreements.js';
import { dedupe, pageEvidence, prEvidence } from './evidence.js';

export interface FlagLifecycles {
  /** release → component → flags, sorted by name. */
  readonly flags: Map<string, Record<ReleaseComponent, Flag[]>>;
  /** release → component → flags the page stopped listing with no record either way, sorted by name. */
  readonly unlisted: Map<string, Partial<Record<ReleaseComponent, UnlistedFlag[]>>>;
  /** release → changes the lifecycles record (removals, deprecations, inert) with evidence. */
  readonly changes: Map<string, Change[]>;
  /** Removal notes set aside because a later page still lists the flag. */
  readonly rejected: Set<NoteEvent>;
}

export function reconcileFlags(
  raws: readonly RawRelease[],
  notes: ReadonlyMap<string, readonly NoteEvent[]>,
  overlay: Overlay,
  disagreements: Disagreements,
): FlagLifecycles {
  const releases = raws.map((r) => r.release);
  const index = new Map(releases.map((r, i) => [r, i]));
  const flags = new Map(
    releases.map((r) => [
      r,
      Object.fromEntries(releaseComponents.map((c) => [c, [] as Flag[]])) as Record<ReleaseComponent, Flag[]>,
    ]),
  );
  const changes = new Map(releases.map((r) => [r, [] as Change[]]));
  const unlisted = new Map(releases.map((r) => [r, {} as Partial<Record<ReleaseComponent, UnlistedFlag[]>>]));
  const rejected = new Set<NoteEvent>();
  for (const c of releaseComponents) {
    const pages = raws.map((r) => (r.pages[c] ? new Map(r.pages[c]!.map((f) => [f.name, f])) : undefined));
    const older = olderGenerator(pages);
    // Events per flag of this component: release index → events.
    const events = new Map<string, Array<{ at: number; e: NoteEvent }>>();
    raws.forEach((r, at) => {
      for (const e of notes.get(r.release) ?? []) {
        if (e.kind !== 'flag' || e.component !== c) continue;
        const name = e.name.replace(/^--/, '');
        events.set(name, [...(events.get(name) ?? []), { at, e }]);
      }
    });
    const names = new Set<string>();
    for (const p of pages) for (const n of p?.keys() ?? []) names.add(n);
    const overlays = new Map(overlay.flags.filter((o) => o.component === c).map((o) => [o.name, o]));
    for (const n of overlays.keys()) names.add(n);
    for (const name of [...names].sort(compareText)) {
      const life = lifecycle(
        name,
        c,
        pages,
        older,
        events.get(name) ?? [],
        overlays.get(name),
        releases,
        index,
        overlay,
        disagreements,
        rejected,
      );
      life.states.forEach((f, i) => {
        if (f) flags.get(releases[i])![c].push(f);
      });
      life.unlisted.forEach((u, i) => {
        if (!u) return;
        const row = unlisted.get(releases[i])!;
        row[c] = [...(row[c] ?? []), u];
      });
      for (const [i, ch] of life.changes) changes.get(releases[i])!.push(ch);
    }
  }
  return { flags, unlisted, changes, rejected };
}

interface Life {
  readonly states: Array<Flag | undefined>;
  readonly unlisted: Array<UnlistedFlag | undefined>;
  readonly changes: Array<[number, Change]>;
}

function lifecycle(
  name: string,
  component: ReleaseComponent,
  pages: ReadonlyArray<ReadonlyMap<string, ExtractedFlag> | undefined>,
  older: readonly boolean[],
  events: ReadonlyArray<{ at: number; e: NoteEvent }>,
  ov: OverlayFlag | undefined,
  releases: readonly string[],
  index: ReadonlyMap<string, number>,
  overlay: Overlay,
  disagreements: Disagreements,
  rejected: Set<NoteEvent>,
): Life {
  const n = releases.length;
  const flag = `--${name}`;
  // A page that prints no --v, which every binary accepts, between pages that do, printed only
  // part of the flag set (kube-proxy's 1.23 page lost every klog flag; the 1.22 and 1.24 pages
  // list them): a flag listed on both sides of it is as the page before says, not hidden there.
  const printsV = pages.map((p) => p?.has('v') ?? false);
  const own = pages.map((p) => p?.get(name));
  const partial = (i: number): boolean =>
    pages[i] !== undefined && !printsV[i] && printsV.slice(0, i).includes(true) && printsV.slice(i + 1).includes(true);
  // A flag deprecated by then is hidden there as pflag hides it (kube-proxy's klog flags, deprecated
  // by the 1.23 notes), not filled in.
  const deprecatedBy = (i: number): boolean =>
    ov?.deprecatedFrom !== undefined && compareVersions(releases[i], ov.deprecatedFrom) >= 0;
  const listed = own.map(
    (x, i) => x ?? (partial(i) && !deprecatedBy(i) && listedAfter(own, i) ? listedBefore(own, i) : undefined),
  );
  let lastListed = -1;
  listed.forEach((f, i) => {
    if (f) lastListed = i;
  });
  const firstListed = listed.findIndex((f) => f !== undefined);
  const none: Life = { states: [], unlisted: [], changes: [] };
  const staleOnly = releases.filter((_, i) => listed[i] !== undefined && older[i]);
  if (firstListed >= 0 && staleOnly.length === listed.filter(Boolean).length && !events.length && !ov) {
    disagreements.add(
      staleOnly,
      `the reference page of ${component} lists ${flag}, but the page is an older generator's output and no later page, note or overlay entry names the flag; not taken as a fact of ${staleOnly.length > 1 ? 'those releases' : 'that release'}`,
    );
    return none;
  }
  if (ov?.until && compareVersions(ov.until, releases[0]) < 0) {
    const stale = releases.filter((_, i) => listed[i] !== undefined);
    if (stale.length)
      disagreements.add(
        stale,
        `the reference page of ${component} lists ${flag}, removed after ${ov.until} (${ov.evidence.join(', ')}); dropped`,
      );
    return none;
  }
  const at = (v: string | undefined): number | undefined => (v === undefined ? undefined : index.get(v));
  // The first release after `v` in the corpus (or past its end).
  const after = (v: string): number => {
    const i = releases.findIndex((r) => compareVersions(r, v) > 0);
    return i < 0 ? n : i;
  };
  const ovEvidence = ov ? ov.evidence.map((e) => evidenceOf(e, overlay)) : [];
  const out: Array<[number, Change]> = [];
  const change = (i: number, kind: Change['change'], evidence: Evidence[]): void =>
    void out.push([i, { kind: 'flag', component, name: flag, change: kind, evidence }]);

  // Start: the first page, a note naming it, the overlay; earlier still for a flag first listed as deprecated.
  // A note that adds the flag, where the same PR is in a later release's notes too, was a backport
  // to an older patch line: the later release is where it is new (PR 75295, --ipvs-strict-arp: in
  // the 1.14.0 notes data and the 1.15 notes; the 1.14 page lacks it).
  // A note that names no component adds the flag to those of the components that have it whose
  // page lists it then (PR 89683 adds --logging-format to component-base in 1.19; kube-proxy got
  // it in 1.28, PR 117800).
  const additions = events.filter((x) => x.e.change === 'added');
  for (const x of [...additions])
    if (x.e.shared && pages[x.at] !== undefined && !listed[x.at]) {
      additions.splice(additions.indexOf(x), 1);
      rejected.add(x.e);
    }
  const added = additions.filter(
    (x) => x.e.pr === undefined || !additions.some((y) => y.e.pr === x.e.pr && y.at > x.at),
  );
  for (const x of additions) if (!added.includes(x)) rejected.add(x.e);
  // A note that adds a flag some earlier page already lists is late (or about another tool): not applied.
  for (const x of [...added])
    if (firstListed >= 0 && firstListed < x.at) {
      added.splice(added.indexOf(x), 1);
      rejected.add(x.e);
      disagreements.add(
        releases[x.at],
        `the release notes add ${flag} of ${component} (${x.e.pr ? `PR ${x.e.pr}` : 'no PR'}), which the page of ${releases[firstListed]} already lists; not applied`,
      );
    }
  const addedAt = added.length ? Math.min(...added.map((x) => x.at)) : n;
  const addition = added.find((x) => x.at === addedAt);
  const mention = [
    ...events.filter((x) => x.e.change !== 'removed' && x.e.change !== 'added').map((x) => x.at),
    ...(addedAt < n ? [addedAt] : []),
  ];
  let start = Math.min(firstListed < 0 ? n : firstListed, ...mention);
  if (ov && (ov.hidden || firstListed < 0)) start = Math.min(start, ov.from ? (at(ov.from) ?? 0) : 0);
  if (firstListed >= 0 && listed[firstListed]!.headingDeprecated && firstListed > 0) start = 0;
  if (start >= n) return none;

  // End: the overlay's last release, else the first removal note no later page contradicts.
  let end = n;
  let removal: Evidence[] = [];
  if (ov?.until) {
    end = after(ov.until);
    removal = ovEvidence;
    const stale = listed.map((f, i) => (f && i >= end ? releases[i] : undefined)).filter((r): r is string => !!r);
    if (stale.length)
      disagreements.add(
        stale,
        `the reference page of ${component} lists ${flag}, removed after ${ov.until} (${ov.evidence.join(', ')}); dropped`,
      );
  } else {
    for (const { at: r, e } of events.filter((x) => x.e.change === 'removed').sort((a, b) => a.at - b.at)) {
      const pr = e.pr ? `PR ${e.pr}` : 'no PR';
      // Pages lag (the kubelet's is partly kept by hand, some releases reuse the previous output),
      // but they must come to agree: a page that lists the flag to the last release is not stale.
      const agrees = r === n - 1 || lastListed <= r || (lastListed <= r + 2 && lastListed < n - 1);
      if (r < start || !agrees) {
        rejected.add(e);
        disagreements.add(
          releases[r],
          r < start
            ? `the release notes remove ${flag} of ${component} (${pr}) before any page lists it; not applied`
            : `the release notes remove ${flag} of ${component} (${pr}), but the page of ${releases[lastListed]} still lists it; kept`,
        );
        continue;
      }
      end = r;
      removal = prEvidence(e.pr, releases[r], overlay);
      const stale = releases.slice(r, lastListed + 1);
      if (stale.length)
        disagreements.add(
          stale,
          `the reference page of ${component} lists ${flag}, which the ${releases[r]} release notes remove (${pr}); dropped`,
        );
      break;
    }
  }
  if (end < n) change(end, 'removed', removal);
  // A class deprecation whose flags stay registered after the pages stop listing them (the
  // kubelet's cAdvisor flags: "will follow the standard CLI deprecation timeline before being
  // removed"; the 1.20 page drops the whole set): its evidence, where the last listing is of it.
  const keptClass = keptClassEvidence(component, listed[lastListed], overlay);

  // Deprecated from a note or the overlay on; a page says so release by release (a flag can be
  // un-deprecated: kubelet --provider-id, 1.28).
  const deprecation = events.filter((x) => x.e.change === 'deprecated').sort((a, b) => a.at - b.at)[0];
  const candidates: number[] = [];
  if (deprecation) candidates.push(deprecation.at);
  if (ov?.deprecated || listed[firstListed]?.headingDeprecated) candidates.push(start);
  if (ov?.deprecatedFrom) candidates.push(at(ov.deprecatedFrom) ?? after(ov.deprecatedFrom));
  const deprecatedFrom = candidates.length ? Math.max(start, Math.min(...candidates)) : n;
  if (ov?.deprecatedFrom && (at(ov.deprecatedFrom) ?? -1) >= start)
    change(at(ov.deprecatedFrom)!, 'deprecated', ovEvidence);
  // Without effect from the overlay's release, or from a note that says so.
  const inertNote = events.filter((x) => x.e.change === 'inert').sort((a, b) => a.at - b.at)[0];
  const inertFrom = Math.min(ov?.inertFrom ? (at(ov.inertFrom) ?? after(ov.inertFrom)) : n, inertNote?.at ?? n);
  if (ov?.inertFrom && at(ov.inertFrom) !== undefined) change(at(ov.inertFrom)!, 'inert', ovEvidence);
  const inertEvidence = inertNote ? prEvidence(inertNote.e.pr, releases[inertNote.at], overlay) : [];
  const noteEvidence = deprecation ? prEvidence(deprecation.e.pr, releases[deprecation.at], overlay) : [];

  // A bool's unwritten default is false on a generated page; where another page writes a
  // different one, the page that writes none was kept by hand and says nothing.
  const written = new Set(
    listed.filter((x) => x && !x.defaultInferred && x.default !== undefined).map((x) => x!.default),
  );
  const defaultOf = (x: ExtractedFlag | undefined): string | undefined =>
    x?.defaultInferred && [...written].some((d) => d !== x.default) ? undefined : x?.default;
  const states: Array<Flag | undefined> = [];
  const unlisted: Array<UnlistedFlag | undefined> = Array(n).fill(undefined);
  for (let i = 0; i < n; i++) {
    if (i < start || i >= end) {
      states.push(undefined);
      continue;
    }
    const page = listed[i];
    // No page for the component in this release: what the nearest page said, not hidden.
    const known = page ?? nearest(listed, i);
    const hidden = !page && pages[i] !== undefined;
    // Past its last listing with nothing on record either way: the release stopped documenting it.
    // A deprecation or no-effect note at or before this release explains why pflag hides it: deprecated, hidden.
    const explained = i >= Math.min(deprecation?.at ?? n, inertNote?.at ?? n) || keptClass !== undefined;
    // A removal on record after the last listing: the binary accepted the flag until then, unlisted
    // (pflag hides deprecated flags): hidden (kubelet --iptables-masquerade-bit, unlisted from 1.28,
    // "deprecated in v1.28", removed by the 1.31 notes, PR 122363).
    if (hidden && lastListed >= 0 && i > lastListed && !ov && !explained && end >= n) {
      if (!unlisted.some(Boolean)) change(i, 'unlisted', [pageEvidence(component, releases[i])]);
      const recorded = i >= deprecatedFrom || Boolean(listed[lastListed]!.deprecated);
      const type = listed[lastListed]!.type;
      unlisted[i] = {
        name,
        lastListed: releases[lastListed],
        ...(type ? { type } : {}),
        ...(recorded ? { deprecated: true } : {}),
        evidence: dedupe([
          pageEvidence(component, releases[lastListed]),
          ...(i >= (deprecation?.at ?? n) ? noteEvidence : []),
        ]),
      };
      states.push(undefined);
      continue;
    }
    // Hidden between two listings: deprecated if a listing beside it says so; hidden for good: deprecated.
    const beside = hidden && (listedBefore(listed, i)?.deprecated || listedAfter(listed, i)?.deprecated);
    const deprecated =
      i >= deprecatedFrom || (hidden && lastListed < i) || Boolean(page?.deprecated) || Boolean(beside);
    // The page of this release says the flag has no effect (see ../extract/inert.ts).
    const inert = i >= inertFrom || Boolean(page?.inert);
    const pastListing = hidden && lastListed >= 0 && i > lastListed && !ov;
    const evidence = [
      ...ovEvidence,
      // Hidden after its last listing: the class that keeps it, or the removal that shows it stayed.
      ...(pastListing && keptClass ? keptClass : []),
      ...(pastListing && !keptClass && !explained && end < n ? removal : []),
      // Not on the page yet, on record as new: the note that adds it.
      ...(hidden && addition && i >= addedAt && (firstListed < 0 || i < firstListed)
        ? prEvidence(addition.e.pr, releases[addedAt], overlay)
        : []),
      ...(i >= (deprecation?.at ?? n) ? noteEvidence : []),
      ...(page?.inert && i < inertFrom ? [pageEvidence(component, releases[i])] : []),
      ...(i >= (inertNote?.at ?? n) ? inertEvidence : []),
    ];
    const type = known?.type ?? ov?.type;
    states.push({
      name,
      ...(type ? { type } : {}),
      ...(defaultOf(known) !== undefined ? { default: defaultOf(known) } : {}),
      ...(deprecated ? { deprecated: true } : {}),
      ...(known?.configFile ? { configFile: true } : {}),
      ...(hidden || (ov?.hidden && !page) ? { hidden: true } : {}),
      ...(inert ? { inert: true } : {}),
      ...(inert && ov?.onlyValues ? { onlyValues: ov.onlyValues } : {}),
      ...(evidence.length ? { evidence: dedupe(evidence) } : {}),
    });
  }
  return { states, unlisted, changes: out };
}

/**
 * Pages that are an older generator's output than the next page of their component: one that
 * marks fewer than 2 flags deprecated where the next page marks 10 or more (pflag's generator
 * prints deprecated flags with their marker; the kubelet's 1.13–1.15 pages mark 1, the 1.16
 * page 115), or where the next page is such output too. One stray marker is not a page that
 * prints them; a page that prints a few (kube-apiserver's, 2–4 from 1.13 to 1.36) is current.
 */
export function olderGenerator(pages: ReadonlyArray<ReadonlyMap<string, ExtractedFlag> | undefined>): boolean[] {
  const marks = pages.map((p) => (p ? [...p.values()].filter((f) => f.deprecated).length : undefined));
  const out: boolean[] = Array(pages.length).fill(false);
  let next: { marks: number; older: boolean } | undefined;
  for (let i = pages.length - 1; i >= 0; i--) {
    const m = marks[i];
    if (m === undefined) continue;
    out[i] = m < 2 && next !== undefined && (next.marks >= 10 || next.older);
    next = { marks: m, older: out[i] };
  }
  return out;
}

function keptClassEvidence(
  component: ReleaseComponent,
  last: ExtractedFlag | undefined,
  overlay: Overlay,
): Evidence[] | undefined {
  if (!last?.deprecated) return undefined;
  const rule = (overlay.classDeprecations ?? []).find(
    (r) =>
      r.component === component &&
      r.class === 'marker' &&
      r.kept &&
      new RegExp(r.marker ?? '$^', 'i').test(last.description),
  );
  return rule ? [...rule.evidence, ...(rule.kept ?? [])].map((e) => evidenceOf(e, overlay)) : undefined;
}

function listedBefore(listed: ReadonlyArray<ExtractedFlag | undefined>, i: number): ExtractedFlag | undefined {
  for (let j = i - 1; j >= 0; j--) if (listed[j]) return listed[j];
  return undefined;
}

function listedAfter(listed: ReadonlyArray<ExtractedFlag | undefined>, i: number): ExtractedFlag | undefined {
  for (let j = i + 1; j < listed.length; j++) if (listed[j]) return listed[j];
  return undefined;
}

/** The page facts closest to release i: the last listing before it, else the first after. */
function nearest(listed: ReadonlyArray<ExtractedFlag | undefined>, i: number): ExtractedFlag | undefined {
  return listedBefore(listed, i) ?? listedAfter(listed, i);
}
