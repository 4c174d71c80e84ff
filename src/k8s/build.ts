// Build release snapshots from a corpus laid out as reference/, config-api/, feature-gates/,
// release-notes/, kubeadm/, derived/, etcd/: every release's sources are extracted first, then
// reconciled across releases (a flag hidden in one release and listed in the next existed all
// along; a removal note is checked against the pages after it), then each snapshot is put
// together with the overlay. Every disagreement between sources is reported once.
import { linksAtRelease } from './evidence-link.js';
import { isPresent, listFolder, readInput } from '../io/read.js';
import { join } from 'node:path';
import { compareText, compareVersions } from '../model/ids.js';
import { etcdAvailableFrom, etcdFlags } from './extract/etcd.js';
import { extractRelease, type RawRelease } from './extract/release.js';
import { readSourceAnchors, type SourceAnchor } from './extract/source.js';
import { evidenceOf, inRange, readOverlay, type Overlay } from './overlay.js';
import { classDeprecations } from './reconcile/class-deprecations.js';
import { kindRemovals } from './reconcile/config-kinds.js';
import { configDefaultOf, normalDefault } from './reconcile/defaults.js';
import { platformMapDefault, sameMap } from './reconcile/map-defaults.js';
import { confirmed } from './reconcile/confirm.js';
import { Disagreements } from './reconcile/disagreements.js';
import { gatePageEvidence, pageEvidence, prEvidence } from './reconcile/evidence.js';
import { helpListings, staleHelp, withHelpOnlyGates, type HelpListing } from './reconcile/gate-help.js';
import { sourceState } from './reconcile/source.js';
import { reconcileFlags } from './reconcile/flags.js';
import { followImageUpdates } from './reconcile/images.js';
import { followNotedFieldDefaults, followNotedFlagDefaults } from './reconcile/noted-defaults.js';
import { gateAliases, reconcileGates } from './reconcile/gates.js';
import { settingNames, trustNotes, type NoteTrust } from './reconcile/notes.js';
import { reconcilePlugins } from './reconcile/plugins.js';
import { factSources } from './sources.js';
import {
  releaseComponents,
  type Change,
  type ConfigFileRule,
  type Evidence,
  type Field,
  type Flag,
  type Gate,
  type ReleaseComponent,
  type ReleaseSnapshot,
} from './snapshot.js';

export { apiVersionRank } from './extract/release.js';

export interface BuildResult {
  readonly snapshot: ReleaseSnapshot;
  /** Disagreements that concern this release, each as `<releases>: <what>`. */
  readonly disagreements: string[];
  /**
   * Release-note events: how many the notes gave, how many named a real setting and were kept;
   * of the events kept (one per setting, those no other source contradicts), how many another
   * source (page, Kubernetes source, overlay) confirms.
   */
  readonly notes: {
    readonly total: number;
    readonly kept: number;
    readonly events: number;
    readonly confirmed: number;
  };
}

export interface BuildOptions {
  readonly overlay?: Overlay;
  /** Called after each release's sources are read (release n of N). */
  readonly onProgress?: (done: number, total: number, release: string) => void;
}

export interface CorpusBuild {
  readonly results: Map<string, BuildResult>;
  /** Every disagreement once, oldest release first. */
  readonly disagreements: string[];
}

/** Releases present in a corpus (reference/v1.NN folders), oldest first. */
export function corpusReleases(k8sDir: string): string[] {
  const dir = join(k8sDir, 'reference');
  if (!isPresent(dir)) return [];
  return listFolder(dir, { what: 'a corpus folder with reference/v1.NN/' })
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort(compareVersions);
}

/** Every release of the corpus, reconciled together. */
export function buildCorpus(k8sDir: string, options: BuildOptions = {}): CorpusBuild {
  const overlay = options.overlay ?? readOverlay();
  const releases = corpusReleases(k8sDir);
  const raws = releases.map((r, i) => {
    const raw = extractRelease(k8sDir, r, overlay);
    options.onProgress?.(i + 1, releases.length, r);
    return raw;
  });
  return reconcile(k8sDir, raws, overlay, readSourceAnchors(k8sDir));
}

function reconcile(
  k8sDir: string,
  extracted: readonly RawRelease[],
  overlay: Overlay,
  source: readonly SourceAnchor[],
): CorpusBuild {
  const releases = extracted.map((r) => r.release);
  const disagreements = new Disagreements(releases);
  for (const r of extracted) for (const p of r.problems) disagreements.add(r.release, p);
  // Config defaults a note dates where the pages lag (before anything reads the defaults).
  const notedFields = followNotedFieldDefaults(extracted, overlay, disagreements);
  const raws = notedFields.raws;

  const pageAliases = gateAliases(
    raws,
    new Set(source.flatMap((a) => [...a.gates.keys()])),
    new Map(source.flatMap((a) => [...a.gates.values()].flatMap((g) => (g.ident ? [[g.ident, g.name] as const] : [])))),
    new Set(overlay.gates.flatMap((g) => (g.renamedTo ? [g.name] : []))),
  );
  // And the names a reviewed entry says a page titles a gate with that no binary accepts
  // (PodInfoAPI, the 1.36 PodsAPI's page).
  const alias = new Map([
    ...pageAliases,
    ...overlay.gates.flatMap((g) => (g.pageName ? [[g.pageName, g.name] as const] : [])),
  ]);
  // Gates only the --feature-gates help of the generated reference pages lists.
  const pageGateNames = new Set(raws.flatMap((r) => r.gates.map((g) => alias.get(g.name) ?? g.name)));
  const help = withHelpOnlyGates(raws, (name) => pageGateNames.has(name));
  const listings = helpListings(raws);
  const stale = staleHelp(listings, raws.length);
  const names = settingNames(raws, overlay, alias);
  const trust = new Map<string, NoteTrust>(raws.map((r) => [r.release, trustNotes(r.notes ?? [], names, alias)]));
  const trusted = new Map([...trust].map(([r, t]) => [r, t.events]));

  const flags = reconcileFlags(raws, trusted, overlay, disagreements);
  const notedFlagChanges = followNotedFlagDefaults(raws, flags.flags, overlay, disagreements);
  const gates = reconcileGates(help.raws, trusted, overlay, disagreements, alias, source);
  const plugins = reconcilePlugins(raws, trusted, overlay, disagreements);
  const etcdPages = new Map<string, { flags: Flag[]; availableFrom: Map<string, string> } | undefined>();

  // Flag ↔ field for every release first: a class deprecation a page gap hides is dated by
  // the fields of each release and the pages after it.
  const mapped = raws.map((raw) => mapFlagsToFields(raw, flags.flags.get(raw.release)!, overlay, disagreements));
  classDeprecations(
    raws,
    flags.flags,
    mapped.map((m) => m.flagFields),
    overlay,
  );

  // Which gates each release's pages list (typos under the source's name): a gate whose state no page of
  // its own release gives cites the page that does.
  const pagedGates = raws.map((r) => ({
    release: r.release,
    names: new Set(r.gates.map((g) => alias.get(g.name) ?? g.name)),
  }));
  const results = new Map<string, BuildResult>();
  for (const [at0, raw] of raws.entries()) {
    const release = raw.release;
    const releaseFlags = flags.flags.get(release)!;
    const imageChanges = followImageUpdates(raw, raws[at0 - 1], releaseFlags, overlay, disagreements);
    const fieldDefaultChanges = notedFieldDefaults(raw, raws[at0 - 1], overlay);
    const { flagFields, configDefaults } = mapped[at0];
    for (const c of releaseComponents)
      releaseFlags[c] = releaseFlags[c].map((f) => {
        const d = configDefaults.get(c)?.get(f.name);
        const withDefault = d === undefined ? f : { ...f, configDefault: d };
        // A flag that only sets a field the config page says has no effect has none either.
        const field = inertField(raw, c, flagFields[c]?.[f.name]);
        return field && !f.inert
          ? { ...withDefault, inert: true, evidence: [...(f.evidence ?? []), ...(field.evidence ?? [])] }
          : withDefault;
      });
    for (const c of releaseComponents)
      releaseFlags[c] = releaseFlags[c].map((f) =>
        f.hidden && !f.evidence?.length ? gapEvidence(raws, at0, c, f) : f,
      );

    for (const d of overlay.flagDefaults ?? []) {
      if (d.from !== release) continue;
      const got = releaseFlags[d.component].find((f) => f.name === d.name)?.default;
      if (got !== d.value)
        disagreements.add(
          release,
          `the overlay gives --${d.name} of ${d.component} default ${d.value} from ${release}, the page ${got ?? 'none'}`,
        );
    }
    const changes = mergeChanges([
      ...(trusted.get(release) ?? [])
        .filter((e) => !gates.rejected.has(e) && !flags.rejected.has(e) && !plugins.rejected.has(e))
        .map(
          (e): Change => ({
            kind: e.kind,
            ...(e.component ? { component: e.component } : {}),
            name: e.name,
            change: e.change,
            ...(e.to ? { to: e.to } : e.stage ? { to: e.stage } : {}),
            evidence: prEvidence(e.pr, release, overlay),
          }),
        ),
      ...flags.changes.get(release)!,
      ...imageChanges,
      ...fieldDefaultChanges,
      ...kindRemovals(raw, raws[at0 - 1], overlay),
      ...(notedFields.changes.get(release) ?? []),
      ...(notedFlagChanges.get(release) ?? []),
      ...(overlay.flagDefaults ?? [])
        .filter((d) => d.from === release)
        .map(
          (d): Change => ({
            kind: 'flag',
            component: d.component,
            name: `--${d.name}`,
            change: 'default-changed',
            evidence: d.evidence.map((e) => evidenceOf(e, overlay, release)),
          }),
        ),
      ...gates.changes.get(release)!.map((c) => helpChangeEvidence(c, help.listedBy, at0, release, pagedGates)),
      ...plugins.changes.get(release)!,
    ]);

    const etcdEntry = overlay.etcd?.find((e) => inRange(release, e));
    const etcdMinor = etcdEntry?.minor;
    if (etcdMinor && !etcdPages.has(etcdMinor)) {
      const p = join(k8sDir, 'etcd', `v${etcdMinor}`, 'configuration.md');
      const text = isPresent(p) ? readInput(p, { kind: 'docs page' }) : undefined;
      etcdPages.set(
        etcdMinor,
        text === undefined ? undefined : { flags: etcdFlags(text), availableFrom: etcdAvailableFrom(text) },
      );
    }
    const page = etcdMinor ? etcdPages.get(etcdMinor) : undefined;
    const etcdChangelog =
      etcdMinor && page
        ? etcdByChangelog(etcdMinor, etcdEntry?.patch ?? etcdEntry?.atLeast, page.flags, overlay, page.availableFrom)
        : undefined;
    const etcd = etcdChangelog?.flags;
    for (const line of etcdChangelog?.disagreements ?? []) disagreements.add(release, line);
    if (!etcdMinor)
      disagreements.add(release, 'no etcd version known for this release (data/kubernetes-overlay.yaml etcd)');
    else if (!etcd) disagreements.add(release, `no etcd ${etcdMinor} configuration page`);
    else {
      const listed = new Set(etcd.map((f) => f.name));
      for (const [name, r] of Object.entries(overlay.kubeadm.flags.etcd ?? {}))
        if (inRange(release, r) && !listed.has(name))
          disagreements.add(
            release,
            `kubeadm sets etcd --${name}, which the etcd ${etcdMinor} configuration page does not list`,
          );
    }

    // A struct that moved to another Go package is not expanded by the derived facts: its fields,
    // listed the release before, are not known here (releases diff says neither removed nor added).
    const prior = raws[at0 - 1]?.configs ?? {};
    for (const [kind, k] of Object.entries(raw.configs))
      for (const f of k.fields) {
        const under = (x: Field) => x.path.startsWith(`${f.path}.`);
        if (
          /^[*[\]]*[a-z][a-z0-9]*\.[A-Z]\w*$/.test(f.type ?? '') &&
          !k.fields.some(under) &&
          (prior[kind]?.fields ?? []).some(under)
        )
          disagreements.add(
            release,
            `${kind} ${f.path}: its type is now ${f.type}, from another Go package, which the derived facts do ` +
              `not expand; its fields, listed in ${raws[at0 - 1]!.release}, are not followed (not removed)`,
          );
      }
    const configFiles = configFileRules(release, releaseFlags, overlay);
    // Every link into Kubernetes' repository at this release's branch (k8s/evidence-link.ts).
    const snapshot: ReleaseSnapshot = linksAtRelease<ReleaseSnapshot>(
      {
        release,
        ...(Object.keys(configFiles).length ? { configFiles } : {}),
        flags: releaseFlags,
        ...(Object.keys(flags.unlisted.get(release)!).length ? { unlisted: flags.unlisted.get(release)! } : {}),
        configs: raw.configs,
        flagFields,
        gates: gates.gates
          .get(release)!
          .map((g) => helpEvidence(pagedGate(g, at0, pagedGates), help.listedBy, at0, release))
          .map((g) => helpWitness(g, listings.get(g.name)?.[at0], stale[at0], source, release, disagreements))
          .map((g) => helpSince(g, listings.get(g.name), stale, at0, releases, source)),
        removedGates: [...new Set(gates.removed.get(release)!)].sort(compareText),
        admission: plugins.admission.get(release)!,
        kubeadm: kubeadmDefaults(raw, overlay, disagreements),
        ...(etcdMinor && etcd
          ? {
              etcd: {
                version: etcdMinor,
                flags: etcd,
                ...(etcdEntry?.patch ? { patch: etcdEntry.patch } : {}),
                ...(etcdChangelog?.removed.length ? { removed: etcdChangelog.removed } : {}),
                ...(etcdChangelog?.later.length ? { later: etcdChangelog.later } : {}),
                ...(etcdEntry?.evidence.length
                  ? { evidence: etcdEntry.evidence.map((e) => evidenceOf(e, overlay, raw.release)) }
                  : {}),
              },
            }
          : {}),
        changes,
        sources: factSources(raw, overlay, etcdMinor && etcd ? etcdMinor : undefined),
      },
      release,
    );
    const t = trust.get(release)!;
    const at = releases.indexOf(release);
    const applied = (trusted.get(release) ?? []).filter(
      (e) => !gates.rejected.has(e) && !flags.rejected.has(e) && !plugins.rejected.has(e),
    );
    const confirmedCount = applied.filter((e) => confirmed(e, at, raws, source, overlay, alias)).length;
    results.set(release, {
      snapshot,
      disagreements: [],
      notes: { total: t.total, kept: t.kept, events: applied.length, confirmed: confirmedCount },
    });
  }
  for (const [r, b] of results) results.set(r, { ...b, disagreements: disagreements.lines(r) });
  return { results, disagreements: disagreements.lines() };
}

/**
 * The etcd flags of version `minor` (at `patch`, where the notes name the patch kubeadm deploys):
 * its page's, less those etcd's changelogs remove by then, plus those they add by then that the
 * page leaves out (the overlay's etcdFlags). The page describes the newest patch of its minor, so
 * a flag a changelog dates to a later patch than kubeadm's (etcd 3.4.10's --auth-token-ttl, where
 * kubeadm 1.17 deploys 3.4.3), or to a patch of the same minor where kubeadm's patch is not known,
 * is not the deployed etcd's: kept aside as `later`, not listed.
 */
export function etcdByChangelog(
  minor: string,
  patch: string | undefined,
  page: Flag[],
  overlay: Overlay,
  availableFrom: ReadonlyMap<string, string> = new Map(),
): {
  flags: Flag[];
  removed: Array<{ name: string; evidence: Evidence[] }>;
  later: Array<{ name: string; evidence: Evidence[] }>;
  disagreements: string[];
} {
  const entries = overlay.etcdFlags ?? [];
  const minorOf = (v: string): string => v.split('.').slice(0, 2).join('.');
  // Whether etcd at this minor (and patch) has what version `v` brought.
  const by = (v: string | undefined): boolean => {
    if (v === undefined) return false;
    if (minorOf(v) !== v && minorOf(v) === minor) return patch !== undefined && compareVersions(v, patch) <= 0;
    return compareVersions(minorOf(v), minor) <= 0;
  };
  const notYet = (e: (typeof entries)[number]): boolean =>
    (e.added !== undefined && !by(e.added)) ||
    (e.notThrough !== undefined &&
      minorOf(e.notThrough) === minor &&
      (patch === undefined || compareVersions(patch, e.notThrough) <= 0));
  const gone = entries.filter((e) => by(e.removed));
  const goneNames = new Set(gone.map((e) => e.name));
  const laterEntries = entries.filter((e) => !goneNames.has(e.name) && notYet(e));
  const laterNames = new Set(laterEntries.map((e) => e.name));
  const disagreements: string[] = [];
  const pageLater: string[] = [];
  const flags = page.filter((f) => {
    if (goneNames.has(f.name)) {
      const e = gone.find((x) => x.name === f.name)!;
      disagreements.push(
        `the etcd ${minor} configuration page lists --${f.name}, which etcd removed in ${e.removed} (${e.evidence.join(', ')}); dropped`,
      );
      return false;
    }
    if (laterNames.has(f.name)) {
      const e = laterEntries.find((x) => x.name === f.name)!;
      disagreements.push(
        `the etcd ${minor} configuration page lists --${f.name}, which etcd ${patch ?? minor} (the patch kubeadm deploys${patch ? '' : ' is not known'}) does not have: ${e.added ? `added in ${e.added}` : `not in ${minor} through ${e.notThrough}`} (${e.evidence.join(', ')}); dropped`,
      );
      return false;
    }
    // The page itself says the flag arrives with a later minor (the v3.3 page's --logger, "Available
    // from v3.4"): not the deployed etcd's, whatever the overlay knows.
    const from = availableFrom.get(f.name);
    if (from && compareVersions(minorOf(from), minor) > 0) {
      disagreements.push(
        `the etcd ${minor} configuration page lists --${f.name}, which it says is available from v${from}; dropped`,
      );
      pageLater.push(f.name);
      return false;
    }
    return true;
  });
  for (const e of entries)
    if (by(e.added) && !goneNames.has(e.name) && !laterNames.has(e.name) && !flags.some((f) => f.name === e.name)) {
      disagreements.push(
        `the etcd ${minor} configuration page leaves out --${e.name}, which etcd has from ${e.added} (${e.evidence.join(', ')}); added`,
      );
      flags.push({ name: e.name, evidence: e.evidence.map((x) => evidenceOf(x, overlay)) });
    }
  // A page flag a changelog dates to this minor or a patch of it: that entry is its record (3.5.8's
  // --tls-min-version, new for kubeadm's etcd in 1.28; 3.4.0's --logger, which the 3.3 page lists).
  for (const [i, f] of flags.entries()) {
    const e = entries.find((x) => x.name === f.name && x.added && minorOf(x.added) === minor);
    if (e && !f.evidence?.length) flags[i] = { ...f, evidence: e.evidence.map((x) => evidenceOf(x, overlay)) };
  }
  // A deprecation etcd's changelogs (or the notes of the Kubernetes release that moved off the flag)
  // record and the page does not: 3.6's --experimental-initial-corrupt-check (1.34 notes, PR 132838).
  for (const [i, f] of flags.entries()) {
    const e = entries.find((x) => x.name === f.name && by(x.deprecated));
    if (e && !f.deprecated) {
      disagreements.push(
        `the etcd ${minor} configuration page does not mark --${f.name} deprecated, which etcd deprecated in ${e.deprecated} (${e.evidence.join(', ')}); deprecated`,
      );
      flags[i] = {
        ...f,
        deprecated: true,
        evidence: [...(f.evidence ?? []), ...e.evidence.map((x) => evidenceOf(x, overlay))],
      };
    }
  }
  flags.sort((a, b) => compareText(a.name, b.name));
  const ev = (e: (typeof entries)[number]) => ({
    name: e.name,
    evidence: e.evidence.map((x) => evidenceOf(x, overlay)),
  });
  return {
    flags,
    removed: gone.map(ev),
    later: [
      ...laterEntries.filter((e) => page.some((f) => f.name === e.name)).map(ev),
      ...pageLater.map((name) => ({
        name,
        evidence: <Evidence[]>[
          {
            kind: 'doc',
            ref: `etcd ${minor} configuration`,
            url: `https://etcd.io/docs/v${minor}/op-guide/configuration/`,
          },
        ],
      })),
    ],
    disagreements,
  };
}

/**
 * Config fields whose documented default changed where a note of the release names the field
 * ("changed `MemoryThrottlingFactor` default value to `0.9`", 1.27, PR 115371): the note is the
 * record of the change. Without one the default is only what the type's comment says, and a
 * comment corrected (shutdownGracePeriod "Defaults to 30 seconds" → 0 in 1.21, PR 99735) cannot be
 * told from a change: releases diff says so (`default-documented`).
 */
function notedFieldDefaults(raw: RawRelease, before: RawRelease | undefined, overlay: Overlay): Change[] {
  if (!before) return [];
  const out: Change[] = [];
  for (const [kind, k] of Object.entries(raw.configs)) {
    const old = new Map((before.configs[kind]?.fields ?? []).map((f) => [f.path, f]));
    for (const f of k.fields) {
      const was = old.get(f.path)?.default;
      if (was === undefined || f.default === undefined || normalDefault(was) === normalDefault(f.default)) continue;
      const leaf = f.path.split('.').at(-1)!.toLowerCase();
      const pr = raw.mentions?.[leaf];
      if (pr === undefined) continue;
      out.push({
        kind: 'field',
        component: kind,
        name: f.path,
        change: 'default-changed',
        evidence: pr === null ? [] : prEvidence(pr, raw.release, overlay),
      });
    }
  }
  return out;
}

/**
 * A change to a gate no page of the release names cites the reference page whose --feature-gates
 * help lists it, not the gate pages.
 */
function helpChangeEvidence(
  c: Change,
  listedBy: ReadonlyMap<string, ReadonlyArray<ReleaseComponent | undefined>>,
  at: number,
  release: string,
  paged: ReadonlyArray<{ release: string; names: ReadonlySet<string> }>,
): Change {
  const component = c.kind === 'gate' ? listedBy.get(c.name)?.[at] : undefined;
  if (!component || paged[at]?.names.has(c.name)) return c;
  const pages = gatePageEvidence(release).url;
  return { ...c, evidence: [...c.evidence.filter((e) => e.url !== pages), pageEvidence(component, release)] };
}

/**
 * The release's own binaries, by their --feature-gates help, where Kubernetes' source has no spec for
 * the gate in that release: the help lists only alpha and beta gates with their defaults as shipped,
 * so where the pages' history gives another stage or default (EnableEquivalenceClassCache
 * "deprecated" in 1.13 from a later table, the 1.13 help and page: alpha), the help wins. Where the
 * source speaks, the source wins (the issue's rule) and the disagreement is a note.
 */
function helpWitness(
  g: Gate,
  listed: HelpListing | undefined,
  stale: boolean,
  source: readonly SourceAnchor[],
  release: string,
  disagreements: Disagreements,
): Gate {
  if (!listed || stale || (listed.stage === g.stage && listed.default === g.default)) return g;
  const said = `${listed.stage}, default ${listed.default}`;
  if (sourceState(source, g.name, release)?.kind === 'spec') {
    disagreements.add(
      release,
      `gate ${g.name}: the ${listed.component} --feature-gates help says ${said}, the source ${g.stage}, default ${g.default}; the source wins`,
    );
    return g;
  }
  disagreements.add(
    release,
    `gate ${g.name}: the pages' history gives ${g.stage}, default ${g.default}; the ${listed.component} --feature-gates help says ${said}, and no source copy speaks for ${release}; the help wins`,
  );
  // The help gives no start: where the stage changes, the pages' start of the other stage is dropped.
  const { lockedToDefault: _l, lockUnknown: _u, since, ...rest } = g;
  return {
    ...rest,
    stage: listed.stage,
    default: listed.default,
    ...(listed.stage === g.stage && since ? { since } : {}),
    evidence: [...(g.evidence ?? []), pageEvidence(listed.component, release)],
  };
}

/**
 * A stage cannot have begun before a release whose own help printed the gate at another stage
 * (ServiceTopology: deprecated "since 1.20" in the tables, alpha in the 1.21 help): it began after
 * the last such release. Where Kubernetes' source has a spec for the release, its start stands.
 */
function helpSince(
  g: Gate,
  row: ReadonlyArray<HelpListing | undefined> | undefined,
  stale: readonly boolean[],
  at: number,
  releases: readonly string[],
  source: readonly SourceAnchor[],
): Gate {
  if (!row || !g.since || sourceState(source, g.name, releases[at])?.kind === 'spec') return g;
  let last = -1;
  for (let j = 0; j <= at; j++) if (row[j] && !stale[j] && row[j]!.stage !== g.stage) last = j;
  if (last < 0 || last + 1 > at || compareVersions(g.since, releases[last]) > 0) return g;
  return { ...g, since: releases[last + 1] };
}

/** A gate only the --feature-gates help lists cites the reference page whose help does. */
function helpEvidence(
  g: Gate,
  listedBy: ReadonlyMap<string, ReadonlyArray<ReleaseComponent | undefined>>,
  at: number,
  release: string,
): Gate {
  const component = listedBy.get(g.name)?.[at];
  return component && !g.evidence?.length ? { ...g, evidence: [pageEvidence(component, release)] } : g;
}

/**
 * A gate with no evidence of its own stands on the feature-gate pages; where its release's pages do
 * not list it (a later per-gate page's history gives the stage, an older table kept it), the nearest
 * release whose pages do, later first, is its evidence instead of its own release's pages.
 */
function pagedGate(g: Gate, at: number, paged: ReadonlyArray<{ release: string; names: ReadonlySet<string> }>): Gate {
  if (g.evidence?.length || paged[at]?.names.has(g.name)) return g;
  const later = paged.slice(at + 1).find((p) => p.names.has(g.name));
  const earlier = paged
    .slice(0, at)
    .reverse()
    .find((p) => p.names.has(g.name));
  const page = later ?? earlier;
  return page ? { ...g, evidence: [gatePageEvidence(page.release)] } : g;
}

/**
 * A flag hidden in a release with nothing on record (no deprecation, no overlay entry) is there
 * because the pages around the gap list it: the last release before that does and the first after
 * (a flag that reappears existed all along). Those pages are its evidence.
 */
function gapEvidence(raws: readonly RawRelease[], at: number, c: ReleaseComponent, f: Flag): Flag {
  const lists = (r: RawRelease | undefined) => r?.pages[c]?.some((x) => x.name === f.name) ?? false;
  let before = at - 1;
  while (before >= 0 && !lists(raws[before])) before--;
  let after = at + 1;
  while (after < raws.length && !lists(raws[after])) after++;
  const evidence = [raws[before], raws[after]]
    .filter((r): r is RawRelease => lists(r))
    .map((r) => pageEvidence(c, r.release));
  return evidence.length ? { ...f, evidence } : f;
}

/** The component's own config field at `path`, where its page says it has no effect. */
function inertField(raw: RawRelease, component: ReleaseComponent, path: string | undefined): Field | undefined {
  if (path === undefined) return undefined;
  for (const k of Object.values(raw.configs)) {
    if (k.component !== component) continue;
    const f = k.fields.find((x) => x.path === path && x.inert);
    if (f) return f;
  }
  return undefined;
}

/** Flag ↔ field: naming convention, then the reviewed exceptions; and each flag's default with a config file. */
function mapFlagsToFields(
  raw: RawRelease,
  flags: Record<ReleaseComponent, Flag[]>,
  overlay: Overlay,
  disagreements: Disagreements,
): { flagFields: ReleaseSnapshot['flagFields']; configDefaults: Map<ReleaseComponent, Map<string, string>> } {
  const ownConfig: Array<[ReleaseComponent, string]> = [
    ['kubelet', 'KubeletConfiguration'],
    ['kube-proxy', 'KubeProxyConfiguration'],
    ['kube-scheduler', 'KubeSchedulerConfiguration'],
    ['kube-controller-manager', 'KubeControllerManagerConfiguration'],
  ];
  const flagFields: ReleaseSnapshot['flagFields'] = {};
  const configDefaults = new Map<ReleaseComponent, Map<string, string>>();
  for (const [component, kind] of ownConfig) {
    const fields = new Map((raw.configs[kind]?.fields ?? []).map((f) => [f.path, f]));
    if (!fields.size) continue;
    const map: Record<string, string> = {};
    const defaults = new Map<string, string>();
    const pages = new Map((raw.pages[component] ?? []).map((f) => [f.name, f]));
    // Only components that read a config file of their own have a default "with the file".
    const readsFile = overlay.configFiles?.[component] !== undefined;
    flags[component] = flags[component].map((f) => {
      const exception = overlay.flagFields[component]?.[f.name];
      const path = exception ?? f.name.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
      const linux = platformMapDefault(f.default, fields.get(path)?.default);
      if (linux === undefined) return f;
      disagreements.add(
        raw.release,
        `${component} --${f.name}: the page's default '${f.default}' lacks entries of the ${kind} field ` +
          `${path}'s documented default; took '${linux}' (the page's host is not Linux)`,
      );
      // The default now comes from the field: its kind's sources are the flag default's evidence.
      const why = raw.configSources?.[kind] ?? [];
      return { ...f, default: linux, ...(why.length ? { evidence: [...(f.evidence ?? []), ...why] } : {}) };
    });
    for (const f of flags[component]) {
      const exception = overlay.flagFields[component]?.[f.name];
      const path = exception ?? f.name.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
      const field = fields.get(path);
      if (!field) continue;
      map[f.name] = path;
      if (!readsFile) continue;
      // The same map written in the flag's syntax (a<1) and the field's (a=1) is no second default.
      const d = configDefaultOf(f, pages.get(f.name), sameMap(f.default, field.default) ? f.default : field.default);
      if (d.value !== undefined) defaults.set(f.name, d.value);
      if (d.disagreement) disagreements.add(raw.release, `${component} ${d.disagreement}`);
    }
    if (Object.keys(map).length) flagFields[component] = map;
    if (defaults.size) configDefaults.set(component, defaults);
  }
  return { flagFields, configDefaults };
}

/** How each component reads its config file, where the release has the flag that names it. */
function configFileRules(
  release: string,
  flags: Record<ReleaseComponent, Flag[]>,
  overlay: Overlay,
): Partial<Record<ReleaseComponent, ConfigFileRule>> {
  const out: Partial<Record<ReleaseComponent, ConfigFileRule>> = {};
  for (const c of releaseComponents) {
    const rule = overlay.configFiles?.[c];
    if (!rule || !flags[c].some((f) => f.name === rule.flag)) continue;
    const stage = rule.dropIns?.stages.find((s) => inRange(release, s));
    const dropIns =
      rule.dropIns && stage && flags[c].some((f) => f.name === rule.dropIns!.flag)
        ? {
            flag: rule.dropIns.flag,
            stage: stage.stage,
            ...(stage.gate ? { gate: stage.gate } : {}),
            ...(stage.env ? { env: stage.env } : {}),
          }
        : undefined;
    out[c] = {
      flag: rule.flag,
      kind: rule.kind,
      precedence: rule.precedence,
      ...(dropIns ? { dropIns } : {}),
      evidence: [...rule.evidence, ...(stage?.evidence ?? [])].map((e) => evidenceOf(e, overlay, release)),
    };
  }
  return out;
}

/** kubeadm: the overlay's manifest facts, cross-checked with the prose page. */
function kubeadmDefaults(raw: RawRelease, overlay: Overlay, disagreements: Disagreements): ReleaseSnapshot['kubeadm'] {
  const release = raw.release;
  const flags: ReleaseSnapshot['kubeadm']['flags'] = {};
  const evidence: Partial<Record<ReleaseComponent | 'etcd', Record<string, Evidence[]>>> = {};
  for (const [comp, entries] of Object.entries(overlay.kubeadm.flags)) {
    const out: Record<string, string> = {};
    const why: Record<string, Evidence[]> = {};
    for (const [name, r] of Object.entries(entries)) {
      if (!inRange(release, r)) continue;
      out[name] = r.value;
      if (r.evidence?.length) why[name] = r.evidence.map((e) => evidenceOf(e, overlay, release));
    }
    flags[comp as ReleaseComponent] = out;
    if (Object.keys(why).length) evidence[comp as ReleaseComponent] = why;
  }
  const p = raw.kubeadmPage;
  if (p) {
    if (!p.hostNetwork)
      disagreements.add(release, 'the kubeadm page does not say the static Pods use hostNetwork: true');
    for (const [comp, fl] of Object.entries(p.flags)) {
      for (const [name, value] of Object.entries(fl)) {
        const ours = flags[comp as ReleaseComponent]?.[name];
        if (ours === undefined)
          disagreements.add(
            release,
            `the kubeadm page says ${comp} gets --${name}${value ? '=' + value : ''}; the manifest facts do not`,
          );
        else if (value && ours !== value && !/\.(crt|key|pub)$/.test(value))
          disagreements.add(
            release,
            `the kubeadm page says ${comp} --${name}=${value}; the manifest facts say ${ours}`,
          );
      }
    }
  }
  const kubelet: Record<string, string> = {};
  const kubeletEvidence: Record<string, Evidence[]> = {};
  for (const [k, r] of Object.entries(overlay.kubeadm.kubelet)) {
    if (!inRange(release, r)) continue;
    kubelet[k] = r.value;
    if (r.evidence?.length) kubeletEvidence[k] = r.evidence.map((e) => evidenceOf(e, overlay, release));
  }
  return {
    flags,
    kubelet,
    // Control-plane pods on the host network is kubeadm's design (data/knowledge.yaml); the page only confirms it.
    hostNetwork: true,
    probePaths: overlay.kubeadm.probePaths.filter((x) => inRange(release, x)).map((x) => x.path),
    ...(Object.keys(evidence).length ? { evidence } : {}),
    ...(Object.keys(kubeletEvidence).length ? { kubeletEvidence } : {}),
  };
}

/** One change per subject and kind of change, evidence merged; sorted. */
function mergeChanges(changes: readonly Change[]): Change[] {
  const out = new Map<string, Change>();
  for (const c of changes) {
    const k = `${c.kind}\u0000${c.name}\u0000${c.component ?? ''}\u0000${c.change}\u0000${c.to ?? ''}`;
    const have = out.get(k);
    if (!have) {
      out.set(k, c);
      continue;
    }
    const known = new Set(have.evidence.map((e) => e.url));
    out.set(k, { ...have, evidence: [...have.evidence, ...c.evidence.filter((e) => !known.has(e.url))] });
  }
  return [...out.values()].sort((a, b) =>
    compareText(
      `${a.kind}:${a.name}:${a.component ?? ''}:${a.change}:${a.to ?? ''}`,
      `${b.kind}:${b.name}:${b.component ?? ''}:${b.change}:${b.to ?? ''}`,
    ),
  );
}
