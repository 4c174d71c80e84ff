// One lifecycle per feature gate, from every release's gate pages, the trusted release-note
// events and the overlay:
// - stages come from the newest history the docs give (the one-page tables of older releases
//   keep graduated and removed gates listed, unchanged, for years);
// - a removal note wins when some page's history ends there (its "To", or the release after),
//   the next release's docs no longer list the gate, or the note says plainly that the gate is
//   removed and its history ends later; other removal notes are set aside;
// - a graduation note wins where no page ever records that stage (the page was not updated);
// - a gate is locked where its page says `locked: true` for the stage, or from the release
//   whose notes lock it; a page saying `locked: false` is not overridden by the stage alone;
// - a page typo fixed in the next release (PersistentVolumeLastPhaseTransistionTime) is one gate,
//   unless the overlay records a rename (csiMigrationRBD → CSIMigrationRBD, 1.24, PR 107554);
// - a gate begins in the release that shipped it (see `begins`), and a release's own page and notes
//   win over a spec the source rewrote after the release shipped.
import { compareText, compareVersions } from '../../model/ids.js';
import type { GateHistory, GateStage, Stage } from '../extract/gates.js';
import type { SourceAnchor } from '../extract/source.js';
import type { RawRelease } from '../extract/release.js';
import type { NoteEvent } from '../extract/release-notes.js';
import { evidenceOf, type Overlay } from '../overlay.js';
import type { Change, Evidence, Gate } from '../snapshot.js';
import type { Disagreements } from './disagreements.js';
import { dedupe, gatePageEvidence, prEvidence, sourceEvidence } from './evidence.js';
import { realSpecs, sourceState } from './source.js';

export interface GateLifecycles {
  readonly gates: Map<string, Gate[]>;
  readonly removed: Map<string, string[]>;
  readonly changes: Map<string, Change[]>;
  /** Note events set aside because the gate's history contradicts them (not kept as changes). */
  readonly rejected: Set<NoteEvent>;
}

/**
 * Gate names a page misspelt and the next release corrected: seen only up to release N, the
 * correction only from N+1, never together, nearly the same spelling.
 */
export function gateAliases(
  raws: readonly RawRelease[],
  sourceNames: ReadonlySet<string> = new Set(),
  sourceIdents: ReadonlyMap<string, string> = new Map(),
  renamed: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const together = new Map<string, Set<string>>();
  raws.forEach((r, i) => {
    const names = new Set(r.gates.map((g) => g.name));
    for (const n of names) {
      if (!first.has(n)) first.set(n, i);
      last.set(n, i);
      together.set(n, names);
    }
  });
  const alias = new Map<string, string>();
  for (const [a, la] of last) {
    // A rename on record is two gates, however close the spellings (csiMigrationRBD, 1.23–1.24).
    if (la === raws.length - 1 || renamed.has(a)) continue;
    for (const [b, fb] of first) {
      if (fb !== la + 1 || a === b || together.get(b)?.has(a)) continue;
      if (a.toLowerCase() === b.toLowerCase() || (Math.min(a.length, b.length) >= 10 && editDistance(a, b) <= 2)) {
        alias.set(a, b);
        break;
      }
    }
  }
  // A page that prints a gate's Go identifier where it differs from the gate's name (the 1.13 table's
  // CPUCFSQuotaPeriod, the gate CustomCPUCFSQuotaPeriod: source/SOURCE.md): that gate.
  for (const [a] of last) {
    const b = sourceIdents.get(a);
    if (b && b !== a && !sourceNames.has(a)) alias.set(a, b);
  }
  // A page name the source does not define, one or two letters from one it does (and that the
  // same page does not also list): the page misspelt it (ServiceAcccountNodeAudienceRestriction).
  if (sourceNames.size)
    for (const [a] of last) {
      if (sourceNames.has(a) || a.length < 10 || sourceIdents.has(a)) continue;
      const near = [...sourceNames].filter(
        (b) => Math.abs(a.length - b.length) <= 2 && !together.get(a)?.has(b) && editDistance(a, b) <= 2,
      );
      if (near.length === 1) alias.set(a, alias.get(a) && sourceNames.has(alias.get(a)!) ? alias.get(a)! : near[0]);
    }
  return alias;
}

const rank: Record<GateStage, number> = { alpha: 0, beta: 1, ga: 2, deprecated: 3 };

export function reconcileGates(
  raws: readonly RawRelease[],
  notes: ReadonlyMap<string, readonly NoteEvent[]>,
  overlay: Overlay,
  disagreements: Disagreements,
  alias: ReadonlyMap<string, string>,
  source: readonly SourceAnchor[] = [],
): GateLifecycles {
  const releases = raws.map((r) => r.release);
  const n = releases.length;
  for (const [a, b] of alias)
    disagreements.add(
      releases.filter((_r, i) => raws[i].gates.some((g) => g.name === a)),
      `the feature-gate pages spell ${b} as ${a}; read as ${b}`,
    );
  // Each release's docs per gate: stages merged across its pages (tables, per-gate file, removed page).
  const docs = new Map<string, Array<(GateHistory & { readonly fromSource?: true }) | undefined>>();
  raws.forEach((r, i) => {
    for (const g of r.gates) {
      const name = alias.get(g.name) ?? g.name;
      const row = docs.get(name) ?? Array<GateHistory | undefined>(n).fill(undefined);
      const have = row[i];
      const stages = [...(have?.stages ?? [])];
      for (const s of g.stages) if (!stages.some((x) => x.stage === s.stage && x.from === s.from)) stages.push(s);
      row[i] = {
        name,
        stages: stages.sort((a, b) => compareVersions(a.from, b.from)),
        removed: (have?.removed ?? false) || g.removed,
      };
      docs.set(name, row);
    }
  });
  // A gate the source defines and no page lists (AggregatedDiscoveryRemoveBetaType: deprecated from
  // 1.33, locked in 1.35, notes v1.35, PR 134230) is read as if the copy's own release listed it,
  // so that it is dated, reconciled and ended like any other. A gate whose only spec is the "1.0"
  // placeholder gives no release to date it from.
  const aliased = new Set(alias.keys());
  for (const a of source) {
    const at = releases.indexOf(a.line);
    if (at < 0) continue;
    for (const g of a.gates.values()) {
      const specs = realSpecs(g).specs;
      if (aliased.has(g.name) || !specs.length || specs[0].version === '1.0') continue;
      const row = docs.get(g.name);
      if (row?.some((h) => h && !h.fromSource)) continue;
      const filled = row ?? Array<(GateHistory & { readonly fromSource?: true }) | undefined>(n).fill(undefined);
      filled[at] = {
        name: g.name,
        stages: specs.map((x) => ({ stage: x.stage, default: x.default, from: x.version, locked: x.locked })),
        removed: false,
        fromSource: true,
      };
      docs.set(g.name, filled);
    }
  }
  const events = new Map<string, Array<{ at: number; e: NoteEvent }>>();
  raws.forEach((r, at) => {
    for (const e of notes.get(r.release) ?? [])
      if (e.kind === 'gate') events.set(e.name, [...(events.get(e.name) ?? []), { at, e }]);
  });

  const gates = new Map(releases.map((r) => [r, [] as Gate[]]));
  const removed = new Map(releases.map((r) => [r, [] as string[]]));
  const changes = new Map(releases.map((r) => [r, [] as Change[]]));
  const rejected = new Set<NoteEvent>();
  for (const name of [...docs.keys()].sort(compareText)) {
    const row = docs.get(name)!;
    const newest = [...row].reverse().find((h): h is GateHistory => h !== undefined)!;
    const evs = (events.get(name) ?? []).sort((a, b) => a.at - b.at);
    const ov = overlay.gates.find((g) => g.name === name);
    const ovEvidence = ov ? ov.evidence.map((e) => evidenceOf(e, overlay)) : [];
    // The stages: the newest history, or the overlay's reviewed one where a page row is wrong.
    const reviewed = ov?.stages?.map(
      (x): Stage => ({
        stage: x.stage,
        default: x.default,
        from: x.from,
        ...(x.locked !== undefined ? { locked: x.locked } : {}),
      }),
    );
    const stages = reviewed ?? newest.stages;
    // An overlay entry that ends or dates the gate is evidence of that, not of each release's stage.
    const stageEvidence = ov && !reviewed && !ov.until && !ov.from ? ovEvidence : [];

    // Where the gate begins, where a later spec or page names a release it was not in (a version
    // string kept from a backport, or from a KEP that slipped a release):
    // - a note of release N adds it ("Added the feature gates `A` and `B`", 1.31, PR 124675) and
    //   no page before N lists it (StrictCostEnforcementForVAP: spec "1.30", a backport);
    // - the source copy of release r's own line does not define it while a later copy does, and
    //   neither r's gate pages nor r's notes name it (ImageVolumeWithDigest: spec "1.35" in the
    //   1.36-line copy, absent from the 1.35-line copy, pages and notes; added by the 1.36 notes);
    // - the overlay's `from` (reviewed, with evidence).
    let begins = 0;
    let beginsEvidence: Evidence[] = [];
    let beginsWhy = '';
    const unlisted = (upTo: number): boolean => row.slice(0, upTo + 1).every((h) => h === undefined);
    for (const x of evs) if (x.e.change === 'added') rejected.add(x.e);
    const addNote = evs.find(
      (x) =>
        x.e.change === 'added' && x.at > 0 && unlisted(x.at - 1) && raws.slice(0, x.at).some((q) => q.gates.length),
    );
    if (addNote) {
      begins = addNote.at;
      beginsEvidence = prEvidence(addNote.e.pr, releases[addNote.at], overlay);
      beginsWhy = `the ${releases[addNote.at]} release notes add it (${addNote.e.pr ? `PR ${addNote.e.pr}` : 'no PR'})`;
    }
    raws.forEach((raw, i) => {
      const own = source.find((a) => a.line === raw.release);
      if (i < begins || !own || own.gates.has(name) || !unlisted(i) || !raw.gates.length) return;
      if (!source.some((a) => compareVersions(a.line, own.line) > 0 && a.gates.has(name))) return;
      if (raw.mentions && name.toLowerCase() in raw.mentions) return;
      begins = i + 1;
      // The note of the release it begins in that names it dates it (ImageVolumeWithDigest: "Added
      // `ImageVolumeWithDigest` …", notes v1.36, PR 132807), not the later spec that says otherwise.
      const said = raws[i + 1]?.mentions?.[name.toLowerCase()];
      beginsEvidence = said === undefined ? [] : prEvidence(said ?? undefined, releases[i + 1], overlay);
      beginsWhy =
        `the source copy of the ${raw.release} line (${own.commit}) does not define it, a later one does, ` +
        `and no ${raw.release} page or note names it` +
        (said === undefined ? '' : `; the ${releases[i + 1]} notes do (${said ? `PR ${said}` : 'no PR'})`);
    });
    // The new name of a rename on record begins after the old one ends.
    const renamedFrom = overlay.gates.find((g) => g.renamedTo === name && g.until);
    if (renamedFrom && releases.some((x) => compareVersions(x, renamedFrom.until!) > 0)) {
      begins = releases.findIndex((x) => compareVersions(x, renamedFrom.until!) > 0);
      beginsEvidence = renamedFrom.evidence.map((e) => evidenceOf(e, overlay));
      beginsWhy = `the overlay renames ${renamedFrom.name} to it after ${renamedFrom.until} (${renamedFrom.evidence.join(', ')})`;
    }
    if (ov?.from && releases.includes(ov.from)) {
      begins = releases.indexOf(ov.from);
      beginsEvidence = ovEvidence;
      beginsWhy = `the overlay dates it to ${ov.from} (${ov.evidence.join(', ')})`;
    }

    // Where the history ends: the last release of its last stage ("To"); a removed gate whose
    // last stage has no end ended where that stage began.
    const lastStage = newest.stages[newest.stages.length - 1];
    let endAfter: string | undefined = lastStage?.to ?? (newest.removed ? lastStage?.from : undefined);
    let endEvidence: Evidence[] = [];
    // Named by no later release's docs (which list removed gates for years): gone after the last.
    let lastMention = -1;
    row.forEach((h, i) => {
      if (h) lastMention = i;
    });
    if (endAfter === undefined && raws.slice(lastMention + 1).some((r) => r.gates.length > 0)) {
      endAfter = releases[lastMention];
      disagreements.add(
        releases[lastMention],
        `the feature-gate pages list ${name} with no end, and no later page names it; taken as gone after ${endAfter}`,
      );
    }
    if (ov?.until) {
      endAfter = ov.until;
      endEvidence = ovEvidence;
    }
    // A removal note: consistent with some page's end, or the next release's docs drop the gate.
    const ends = new Set(
      row.flatMap((h) => {
        const l = h?.stages[h.stages.length - 1];
        return l?.to ? [l.to] : h?.removed && l ? [l.from] : [];
      }),
    );
    // Which removal note ends the gate: one that fits a page's end wins over an earlier one that
    // only says so plainly (ComponentSLIs: "removed" in the 1.32 notes, locked GA in the same
    // notes and on the pages until 1.34, removed again by the 1.35 notes).
    // A rename ends the old name as plainly as a removal ("Renamed FeatureGate RequestManagement
    // to APIPriorityAndFairness", 1.17, PR 85260), whatever row a later page keeps for it.
    const removals = evs
      .filter((x) => x.e.change === 'removed' || (x.e.change === 'renamed' && x.e.to !== undefined))
      .map(({ at, e }) => {
        const r = releases[at];
        const fits = [...ends].some((end) => compareVersions(end, r) <= 0 && compareVersions(r, next(end)) <= 0);
        const nextDrops = at + 1 < n && raws[at + 1].gates.length > 0 && row[at + 1] === undefined;
        // A note that says plainly the gate is removed ("Removed the `X` feature gate") wins over
        // a history that ends later or not at all: the pages keep listing a gate for releases
        // after its code is gone (StrictCostEnforcementForVAP, removed in 1.35 by PR 134994, still
        // on the 1.36 page). A history that ended before the note is another matter: the note is late.
        const plain =
          (e.explicit === true || e.change === 'renamed') &&
          (ends.size === 0 || [...ends].some((end) => compareVersions(r, next(end)) <= 0));
        return { at, e, r, fits, ok: fits || nextDrops || plain };
      });
    const chosen = removals.find((x) => x.fits) ?? removals.find((x) => x.ok);
    for (const { at, e, r, ok } of removals) {
      if (chosen && at >= chosen.at) break;
      rejected.add(e);
      disagreements.add(
        r,
        `the release notes remove gate ${name} (${e.pr ? `PR ${e.pr}` : 'no PR'}), but its history ` +
          (ok
            ? `goes on to ${chosen!.r}, where the notes remove it again (${chosen!.e.pr ? `PR ${chosen!.e.pr}` : 'no PR'})`
            : ends.size
              ? `ends after ${[...ends].sort(compareVersions).join(' or ')}`
              : 'has no end') +
          '; not applied',
      );
    }
    if (chosen && !ov?.until) {
      endAfter = releases[chosen.at - 1] ?? prev(chosen.r);
      endEvidence = prEvidence(chosen.e.pr, chosen.r, overlay);
    }

    // Graduations the pages never recorded: the note's stage from its release to the next stage.
    const noted: Array<{ at: number; stage: GateStage; default?: boolean; evidence: Evidence[] }> = [];
    for (const { at, e } of evs.filter((x) => x.e.change === 'graduated' && x.e.stage)) {
      if (stages.some((s) => s.stage === e.stage)) continue;
      const base = stageAt(stages, releases[at]);
      if (base && rank[e.stage!] <= rank[base.stage]) continue;
      noted.push({
        at,
        stage: e.stage!,
        ...(e.value !== undefined ? { default: e.value } : {}),
        evidence: prEvidence(e.pr, releases[at], overlay),
      });
      disagreements.add(
        releases[at],
        `the release notes graduate gate ${name} to ${e.stage} ` +
          `(${e.pr ? `PR ${e.pr}` : 'no PR'}); no page records that stage; the note wins`,
      );
    }
    const lockNote = evs.find((x) => x.e.change === 'locked');
    // The removal note that ends the gate may say it was GA and locked from a release ("graduated
    // to GA in v1.24 and were unconditionally enabled have been removed", 1.26, PR 112567): locked
    // from then (or, "in 1.23 or earlier", from its own GA release) until the removal.
    const removalLock = chosen?.e.lockedSince !== undefined ? chosen : undefined;

    const stalePages: string[] = [];
    let last: number | undefined;
    for (let i = 0; i < n; i++) {
      const r = releases[i];
      if (i < begins) continue;
      const ended = endAfter !== undefined && compareVersions(r, endAfter) > 0;
      // Before the newest history begins, an older page's history (the newest can omit early stages).
      const early =
        stages.length && compareVersions(r, stages[0].from) < 0 && row[i] ? stageAt(row[i]!.stages, r) : undefined;
      // A stage the release's own page adds for that release, which the newest history rewrote
      // (LocalStorageCapacityIsolationFSQuotaMonitoring, beta in 1.25, reverted later): the
      // release's page describes the release.
      const fresh = reviewed
        ? undefined
        : row[i]?.stages.find((x) => x.from === r && !stages.some((y) => y.stage === x.stage && y.from === x.from));
      if (fresh)
        disagreements.add(
          r,
          `the ${r} feature-gate page gives ${name} ${fresh.stage} from ${r}, its newest history does not; the ${r} page wins for ${r}`,
        );
      let s = ended ? undefined : (fresh ?? stageAt(stages, r, endAfter !== undefined) ?? early);
      // A default the newest history rewrote, where every page of the releases the stage ran in
      // (two or more) gives another one for it: those pages describe their releases
      // (LegacyNodeRoleBehavior, alpha from 1.16: default true on the 1.16–1.18 pages, as in the
      // code of the time; false in the history the 1.21+ pages give).
      if (s && !fresh && !reviewed) {
        const cur = s;
        const during = row.flatMap((h, j) => {
          const own = h && compareVersions(releases[j], cur.from) >= 0 ? stageAt(h.stages, releases[j]) : undefined;
          return own && own.stage === cur.stage && own.from === cur.from ? [{ j, d: own.default }] : [];
        });
        const ds = new Set(during.map((x) => x.d));
        if (during.length >= 2 && ds.size === 1 && !ds.has(cur.default) && during.some((x) => x.j === i)) {
          disagreements.add(
            r,
            `the feature-gate pages of ${releases[during[0].j]}–${releases[during[during.length - 1].j]} give ${name} ` +
              `${cur.stage} default ${!cur.default}, its newest history ${cur.default}; those pages win for their releases`,
          );
          s = { ...cur, default: !cur.default };
        }
      }
      // The newest history changes the stage's default in this release, the release's own page keeps
      // the default the stage began with (DownwardAPIHugePages: "true | Beta | 1.22" on later pages
      // copies a plan; the 1.22 page says false from 1.21, the 1.23 notes enable it, PR 106271): the
      // release's page describes the release, the change is not in it. (A page that begins a stage in
      // its release with another default is not enough: such rows are often wrong, the 1.23 page's
      // KubeletPodResourcesGetAllocatable and WindowsHostProcessContainers beta "false".)
      const ownPage = row[i] && s && !fresh && !reviewed ? stageAt(row[i]!.stages, r) : undefined;
      if (
        s &&
        ownPage &&
        ownPage.stage === s.stage &&
        ownPage.default !== s.default &&
        s.from === r &&
        compareVersions(ownPage.from, r) < 0 &&
        stages.some((x) => x.stage === s!.stage && x.from === ownPage.from && x.default === ownPage.default)
      ) {
        disagreements.add(
          r,
          `the ${r} feature-gate page gives ${name} ${ownPage.stage} default ${ownPage.default} (from ${ownPage.from}), ` +
            `its newest history ${s.default} from ${r}; the ${r} page wins for ${r}`,
        );
        s = { ...s, default: ownPage.default, from: ownPage.from };
      }
      if (!s) {
        if (row[i] && stageAt(row[i]!.stages, r) && !row[i]!.removed) stalePages.push(r);
        continue;
      }
      let stage: GateStage = s.stage;
      let def = s.default;
      let since = s.from;
      const evidence: Evidence[] = [...stageEvidence];
      // The reviewed history is the evidence where it departs from what the pages give this release,
      // and a stage's own evidence where the stage begins.
      if (reviewed && ov?.stages) {
        const paged = (row[i] ? stageAt(row[i]!.stages, r) : undefined) ?? stageAt(newest.stages, r, true);
        const x = ov.stages[reviewed.indexOf(s)];
        if (
          x &&
          ((x.from === r && x.evidence) ||
            !paged ||
            paged.stage !== s.stage ||
            paged.default !== s.default ||
            (s.locked && !paged.locked))
        )
          evidence.push(...(x.evidence ? x.evidence.map((e) => evidenceOf(e, overlay)) : ovEvidence));
      }
      const grad = noted
        .filter(
          (g) =>
            g.at <= i &&
            !stages.some((x) => compareVersions(x.from, releases[g.at]) > 0 && compareVersions(x.from, r) <= 0),
        )
        .pop();
      if (grad) {
        stage = grad.stage;
        def = grad.default ?? (grad.stage === 'ga' ? true : def);
        since = releases[grad.at];
        evidence.push(...grad.evidence);
      }
      // Locked: the page says so for this stage (its own or the newest history), or a note did.
      const own = row[i] ? stageAt(row[i]!.stages, r) : undefined;
      const pageLocked = own?.locked ?? s.locked;
      let locked = pageLocked === true;
      // Whether any source speaks of the lock: the page's `locked:` (1.33+ pages), a lock note,
      // Kubernetes' source. Before 1.33 no page says, and a gate removed before the oldest source
      // copy is in none: its lock is unknown rather than "not locked".
      // A note that locks the gate in a later release says it was not locked before.
      let lockSaid = pageLocked !== undefined || (lockNote !== undefined && lockNote.at > i);
      // Kubernetes locks a gate at GA or deprecation only (no Alpha or Beta spec in its source
      // carries LockToDefault): a lock note on a gate the pages still give as alpha or beta counts
      // only where the gate is what the sentence is about (SystemdWatchdog, 1.35: "The `X` feature
      // gate has been locked"), not something it controls (ComponentSLIs, 1.29: its metrics went
      // GA and are always on, the gate stayed beta until 1.32).
      const lockable = stage === 'ga' || stage === 'deprecated' || lockNote?.e.explicit === true;
      if (lockNote && lockNote.at <= i && !lockable && !pageLocked)
        disagreements.add(
          r,
          `gate ${name}: the release notes lock it (${lockNote.e.pr ? `PR ${lockNote.e.pr}` : 'no PR'}), ` +
            `its pages give ${stage} and the note is not about the gate itself; not applied`,
        );
      if (lockNote && lockNote.at <= i && (lockable || pageLocked)) {
        locked = true;
        lockSaid = true;
        evidence.push(...prEvidence(lockNote.e.pr, releases[lockNote.at], overlay));
        // A GA gate locks to its default, true: a note that says otherwise misspoke
        // (SetHostnameAsFQDN, 1.22: "unconditionally disabled").
        if (lockNote.e.value === false && stage === 'ga' && def)
          disagreements.add(
            r,
            `gate ${name}: the release notes lock it to false, a GA gate the pages enable; the pages kept`,
          );
        else if (lockNote.e.value !== undefined && lockNote.e.value !== def) {
          disagreements.add(
            r,
            `gate ${name}: the release notes lock it to ${lockNote.e.value}, its page gives default ${def}; the note wins`,
          );
          def = lockNote.e.value;
        }
      }
      if (
        removalLock &&
        i < removalLock.at &&
        // A note that locks the gate later says it was not locked before (StorageObjectInUseProtection:
        // locked by the 1.23 notes, PR 105495; "GA in 1.23 or earlier", removed by the 1.25 notes).
        !(lockNote && lockNote.at > i) &&
        stage === 'ga' &&
        pageLocked !== false &&
        (removalLock.e.lockedOrEarlier === true || compareVersions(r, removalLock.e.lockedSince!) >= 0)
      ) {
        if (!locked) evidence.push(...prEvidence(removalLock.e.pr, removalLock.r, overlay));
        locked = true;
        lockSaid = true;
      }
      s = undefined;
      // Kubernetes' source wins on stage, default and lock, where it speaks for this release.
      const src = sourceState(source, name, r);
      if (src?.kind === 'gone') {
        disagreements.add(
          r,
          `the feature-gate pages list ${name}; the source defines it at ${src.last.commit} (${src.last.line} line), ` +
            `no longer at ${src.anchor.commit} (${src.anchor.line} line); dropped`,
        );
        if (!endEvidence.length)
          endEvidence = [
            {
              kind: 'source',
              ref: `kubernetes/kubernetes@${src.anchor.commit} pkg/features: ${name} no longer defined`,
              url: `https://github.com/kubernetes/kubernetes/tree/${src.anchor.commit}/pkg/features`,
            },
          ];
        continue;
      }
      if (src?.kind === 'not-yet')
        disagreements.add(
          r,
          `the feature-gate pages list ${name}; the source at ${src.anchor.commit} has no spec for it this early; the pages kept`,
        );
      if (src?.kind === 'spec') {
        const sp = src.spec;
        const at = `${sp.file}:${sp.line} at ${src.anchor.commit}`;
        const page = `${stage}, default ${def}${locked ? ', locked' : ''}`;
        const said = `${sp.stage}, default ${sp.default}${sp.locked ? ', locked' : ''}`;
        const differs = sp.stage !== stage || sp.default !== def || sp.locked !== locked;
        // A state before the release was cut lacks what merged later in that cycle: where the
        // pages are ahead of it (a later stage, a lock, a default changed this release), they win.
        const ahead = rank[stage] > rank[sp.stage] || (locked && !sp.locked) || (def !== sp.default && since === r);
        // A spec rewritten after the release shipped (a revert in a patch release, dated to the
        // minor: DisableNodeKubeProxyVersion, beta and on in 1.31.0 per the 1.31 page and notes, PR
        // 123845; its 1.31 spec says deprecated and off, PR 126720, cherry-picked into 1.31.1): where
        // the release's own page begins the stage in that release and its own notes say so (they
        // graduate the gate to it, or add the gate with that default), they describe the release.
        const ownNote = evs.find(
          (x) =>
            x.at === i &&
            // A default the source alone disputes needs the note to say it.
            ((x.e.change === 'graduated' &&
              x.e.stage === stage &&
              (sp.stage !== stage ? (x.e.value ?? def) : x.e.value) === def) ||
              (x.e.change === 'added' && x.e.value === def)),
        );
        const rewritten =
          differs &&
          !src.provisional &&
          ownNote !== undefined &&
          own?.from === r &&
          own.stage === stage &&
          own.default === def &&
          (sp.stage !== stage || sp.default !== def);
        // The overlay's reviewed history (each stage with its evidence) records a stage the source
        // lost when a revert rewrote its versioned specs (EventedPLEG: beta, off, in 1.27–1.29 per
        // those releases' pages; "reverted … back to alpha" in the 1.30 notes, PR 122697; the
        // source keeps only alpha from 1.26).
        const reviewedWins = reviewed !== undefined && (sp.stage !== stage || sp.default !== def);
        if (reviewedWins) {
          disagreements.add(
            r,
            `gate ${name}: the source gives ${said} for ${r} (${at}), the overlay's reviewed history ${page}; the reviewed history kept`,
          );
          // The release's own gate page, where it agrees, shows the stage for the release.
          if (own && own.stage === stage && own.default === def) evidence.push(gatePageEvidence(r));
        } else if (rewritten)
          disagreements.add(
            r,
            `gate ${name}: the source gives ${said} for ${r} (${at}), the ${r} page and notes ` +
              `(${ownNote.e.pr ? `PR ${ownNote.e.pr}` : 'no PR'}) ${page}; a spec rewritten after ${r} shipped, the release's own record kept`,
          );
        else if (!differs || !src.provisional || !ahead) {
          if (differs)
            disagreements.add(
              r,
              `gate ${name}: the pages and notes give ${page}, the source ${said} (${at}); the source wins`,
            );
          const ourStage = stage;
          stage = sp.stage;
          def = sp.default;
          locked = sp.locked;
          lockSaid = true;
          // The stage in force began after another stage the source's history lost (a revert back
          // to alpha): it began where the history says, not where the source's first spec of it did.
          const between = stages.some(
            (x) => x.stage !== sp.stage && compareVersions(x.from, src.since) > 0 && compareVersions(x.from, since) < 0,
          );
          // A spec at the "1.0" placeholder (StatefulSetSemanticRevisionComparison: a mitigation the
          // source says must not switch off when emulating older versions) dates nothing.
          if (!(between && sp.stage === ourStage && compareVersions(since, src.since) > 0) && src.since !== '1.0')
            since = src.since;
          evidence.push(sourceEvidence(src.anchor.commit, sp.file, sp.line));
        } else
          disagreements.add(
            r,
            `gate ${name}: the pages and notes give ${page}, the source ${said} (${at}), a state before ${r} was cut; the pages kept`,
          );
      }
      if (
        begins > 0 &&
        (compareVersions(since, releases[begins]) < 0 || compareVersions(stages[0]?.from ?? r, r) < 0)
      ) {
        if (i === begins)
          disagreements.add(
            r,
            `gate ${name}: its history begins in ${stages[0]?.from ?? since}; ${beginsWhy}: it begins in ${releases[begins]}`,
          );
        if (compareVersions(since, releases[begins]) < 0) since = releases[begins];
      }
      if (i === begins) evidence.push(...beginsEvidence);
      // The note that graduated the gate to this stage in the release it began, where the pages
      // (not the note) gave the stage: its PR is the change's evidence all the same.
      const graduation = evs.find((x) => x.e.change === 'graduated' && x.e.stage === stage && releases[x.at] === since);
      if (graduation) evidence.push(...prEvidence(graduation.e.pr, since, overlay));
      gates.get(r)!.push({
        name,
        stage,
        default: def,
        ...(locked ? { lockedToDefault: true } : {}),
        // Alpha and beta gates are never locked (no such spec in Kubernetes' source).
        ...(!locked && !lockSaid && (stage === 'ga' || stage === 'deprecated') ? { lockUnknown: true as const } : {}),
        since,
        ...(evidence.length ? { evidence: dedupe(evidence) } : {}),
      });
      last = i;
    }
    if (stalePages.length && endAfter)
      disagreements.add(
        stalePages,
        `the feature-gate pages list ${name}, removed after ` +
          `${endAfter}${endEvidence.length ? ` (${endEvidence.map((e) => e.ref).join(', ')})` : ''}; dropped`,
      );
    // Removed in or before a release: gone there after existing earlier, or ended before the corpus.
    for (let i = 0; i < n; i++) {
      const r = releases[i];
      const present = gates.get(r)!.some((g) => g.name === name);
      if (present) continue;
      const gone =
        (last !== undefined && i > last) ||
        (endAfter !== undefined && compareVersions(r, endAfter) > 0 && (newest.removed || last !== undefined));
      if (gone) removed.get(r)!.push(name);
    }
    if (last !== undefined && last + 1 < n && endEvidence.length)
      changes
        .get(releases[last + 1])!
        .push(
          ov?.renamedTo
            ? { kind: 'gate', name, change: 'renamed', to: ov.renamedTo, evidence: endEvidence }
            : { kind: 'gate', name, change: 'removed', evidence: endEvidence },
        );
  }
  for (const r of releases) gates.get(r)!.sort((a, b) => compareText(a.name, b.name));
  return { gates, removed, changes, rejected };
}

/**
 * The stage in effect in `release`: the last one begun by then, unless it ended before and no
 * later one began. With `extend`, the last stage runs on (a later removal note decides its end).
 */
function stageAt(stages: readonly Stage[], release: string, extend = false): Stage | undefined {
  let hit: Stage | undefined;
  for (const s of stages) if (compareVersions(s.from, release) <= 0) hit = s;
  if (!hit) return undefined;
  const isLast = hit === stages[stages.length - 1];
  if (hit.to && compareVersions(release, hit.to) > 0 && isLast && !extend) return undefined;
  return hit;
}

const next = (v: string): string => {
  const [a, b] = v.split('.').map(Number);
  return `${a}.${b + 1}`;
};
const prev = (v: string): string => {
  const [a, b] = v.split('.').map(Number);
  return `${a}.${b - 1}`;
};

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prevDiag = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prevDiag + (a[i - 1] === b[j - 1] ? 0 : 1));
      prevDiag = t;
    }
  }
  return d[b.length];
}
