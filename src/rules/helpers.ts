import { evidenceAtRelease } from '../k8s/evidence-link.js';
import type { Check, Subject } from '../model/check.js';
import { subjectLabel } from '../model/subject.js';
import { compareVersions } from '../model/ids.js';
import type { Change, Field, Flag, Gate, ReleaseSnapshot, UnlistedFlag } from '../k8s/snapshot.js';
import { releaseComponents, type ReleaseComponent } from '../k8s/snapshot.js';
import type { Finding, RuleContext } from './types.js';
import { cached } from '../model/memo.js';

export function isReleaseComponent(c: string | undefined): c is ReleaseComponent {
  return releaseComponents.includes(c as ReleaseComponent);
}

interface SnapshotIndex {
  /** component → flag name (without dashes) → flag. */
  readonly flags: Map<string, Map<string, Flag>>;
  readonly fields: Map<string, Field>;
  /** `component path` of every field, also as `component Kind.path`, and every proper prefix of one. */
  readonly paths: Set<string>;
  readonly parents: Set<string>;
  readonly gates: Map<string, Gate>;
  readonly plugins: Set<string>;
}

// Rules ask the same snapshots the same questions for every control and release;
// an index per snapshot, derived once, keeps those lookups O(1). Snapshots are never
// mutated, so caching by identity is safe.
const indexes = new WeakMap<ReleaseSnapshot, SnapshotIndex>();

function indexOf(release: ReleaseSnapshot): SnapshotIndex {
  let ix = indexes.get(release);
  if (!ix) {
    const flags = new Map(
      releaseComponents.map((c) => [c as string, new Map(release.flags[c].map((f) => [f.name, f]))]),
    );
    const fields = new Map<string, Field>();
    const paths = new Set<string>();
    const parents = new Set<string>();
    for (const [kind, k] of Object.entries(release.configs))
      for (const f of k.fields) {
        if (!fields.has(`${k.component} ${f.path}`)) fields.set(`${k.component} ${f.path}`, f);
        for (const path of [f.path, `${kind}.${f.path}`]) {
          paths.add(`${k.component} ${path}`);
          for (let i = path.indexOf('.'); i > 0; i = path.indexOf('.', i + 1))
            parents.add(`${k.component} ${path.slice(0, i)}`);
        }
      }
    ix = {
      flags,
      fields,
      paths,
      parents,
      gates: new Map(release.gates.map((g) => [g.name, g])),
      plugins: new Set(release.admission.available),
    };
    indexes.set(release, ix);
  }
  return ix;
}

export function flagOf(release: ReleaseSnapshot, component: ReleaseComponent, flag: string): Flag | undefined {
  const name = flag.startsWith('--') ? flag.slice(2) : flag.startsWith('-') ? flag.slice(1) : flag;
  return indexOf(release).flags.get(component)?.get(name);
}

/** A flag the release's reference page stopped listing, with no record either way (ReleaseSnapshot.unlisted). */
export function unlistedFlagOf(
  release: ReleaseSnapshot,
  component: ReleaseComponent,
  flag: string,
): UnlistedFlag | undefined {
  const name = flag.replace(/^--?/, '');
  return release.unlisted?.[component]?.find((f) => f.name === name);
}

export function fieldOf(release: ReleaseSnapshot, component: ReleaseComponent, path: string): Field | undefined {
  return indexOf(release).fields.get(`${component} ${path}`);
}

export function hasGate(release: ReleaseSnapshot, gate: string): boolean {
  return indexOf(release).gates.has(gate);
}

export function gateOf(release: ReleaseSnapshot, gate: string): Gate | undefined {
  return indexOf(release).gates.get(gate);
}

/**
 * Whether a release has the config field a path names, or a field the path reaches into whose
 * inside the release data does not describe (a map such as featureGates, a list of
 * EncryptionConfiguration resources): such a path is as present as the field it is in.
 */
export function fieldKnown(release: ReleaseSnapshot, component: ReleaseComponent, path: string): boolean {
  const { paths, parents } = indexOf(release);
  if (paths.has(`${component} ${path}`)) return true;
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    const prefix = `${component} ${path.slice(0, i)}`;
    if (paths.has(prefix)) return !parents.has(prefix);
  }
  return false;
}

/** The change events of these releases on one name (`--insecure-port`, `PodSecurityPolicy`). */
export function changesOf(
  releases: readonly ReleaseSnapshot[],
  kind: Change['kind'],
  name: string,
  change: Change['change'],
): Change[] {
  return releases.flatMap((r) => changeIndexOf(r).get(`${kind} ${name} ${change}`) ?? []);
}

// `kind name change` → a release's change events; apart from the rest of the index, since the
// change events of a release are read without the rest of it (see shippedHistory).
const changeIndexes = new WeakMap<ReleaseSnapshot, Map<string, Change[]>>();

function changeIndexOf(release: ReleaseSnapshot): Map<string, Change[]> {
  let changes = changeIndexes.get(release);
  if (!changes) {
    changes = new Map();
    for (const c of release.changes) {
      const k = `${c.kind} ${c.name} ${c.change}`;
      const list = changes.get(k);
      if (list) list.push(c);
      else changes.set(k, [c]);
    }
    changeIndexes.set(release, changes);
  }
  return changes;
}

export function hasPlugin(release: ReleaseSnapshot, plugin: string): boolean {
  return indexOf(release).plugins.has(plugin);
}

export function dedupe<T extends { url: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    if (seen.has(x.url)) return false;
    seen.add(x.url);
    return true;
  });
}

export function setting(s: Subject): { component?: string; setting: string } {
  switch (s.kind) {
    case 'flag':
      return { component: s.component, setting: s.flag };
    case 'config':
      return { component: s.component, setting: s.path };
    case 'feature-gate':
      return { component: s.component, setting: `feature gate ${s.gate}` };
    case 'admission-plugin':
      return { component: 'kube-apiserver', setting: `admission plugin ${s.plugin}` };
    case 'file':
      return { ...(s.component ? { component: s.component } : {}), setting: `${s.role} ${s.attribute}` };
    case 'unknown':
      return { ...(s.component ? { component: s.component } : {}), setting: s.raw };
    case 'audit-rule':
      return { ...(s.component ? { component: s.component } : {}), setting: subjectLabel(s) };
    case 'dockerd-flag':
    case 'daemon-json':
    case 'docker-info':
    case 'docker-network':
      return { component: 'dockerd', setting: subjectLabel(s) };
    // API objects, containers, audit events, the client's environment: what the label says.
    default:
      return { setting: subjectLabel(s) };
  }
}

const headlines: Record<Finding['suggestion']['action'], (setting: string, id: string) => string> = {
  remove: (s) => `Remove the ${s} check`,
  'rewrite-audit': (s) => `Rewrite the audit of ${s} to read the component's config file`,
  'accept-default': (s) => `Accept the default of ${s} as compliant`,
  replace: (s) => `Replace the ${s} check`,
  'mark-manual': (_s, id) => `Make recommendation ${id} a manual recommendation`,
  'allow-list': (_s, id) => `Add an allow-list to recommendation ${id}`,
};

/** A suggestion's title where its rule gives none: the action on the finding's setting. */
export function defaultHeadline(f: Omit<Finding, 'controlId'>, controlId: string): string {
  if (f.category === 'deprecated' && f.suggestion.action === 'remove')
    return `Plan the removal of the ${f.subject.setting} check`;
  const setting =
    f.subject.component && !f.subject.setting.startsWith(f.subject.component)
      ? `${f.subject.component} ${f.subject.setting}`
      : f.subject.setting;
  return headlines[f.suggestion.action](setting, controlId);
}

/** A finding of the control; every one carries a headline (the rule's, else its action's). */
export function finding(ctx: RuleContext, f: Omit<Finding, 'controlId'>): Finding {
  const headline = f.suggestion.headline || defaultHeadline(f, ctx.control.id);
  // Links into Kubernetes' repository at the branch of the release the finding is about.
  const evidence = f.evidence.map((e) => evidenceAtRelease(e, ctx.release.release));
  return { controlId: ctx.control.id, ...f, evidence, suggestion: { ...f.suggestion, headline } };
}

// Every rule walks every control's subjects for every release: flatten each control once.
const flattened = new WeakMap<RuleContext['control'], ReadonlyArray<{ check: Check; subject: Subject }>>();

export function subjects(ctx: RuleContext): ReadonlyArray<{ check: Check; subject: Subject }> {
  return cached(flattened, ctx.control, () =>
    ctx.control.checks.flatMap((check) => check.subjects.map((subject) => ({ check, subject }))),
  );
}

export const rel = (ctx: RuleContext) => `Kubernetes ${ctx.release.release}`;

const earlierMemo = new WeakMap<readonly ReleaseSnapshot[], Map<ReleaseSnapshot, readonly ReleaseSnapshot[]>>();

/**
 * Releases before ctx.release, oldest first. History is sorted, so slicing at the release avoids
 * a version compare per control; the slice is kept per (history, release), not made per call.
 */
export function earlierReleases(ctx: RuleContext): readonly ReleaseSnapshot[] {
  const byRelease = cached(earlierMemo, ctx.history, () => new Map());
  let xs = byRelease.get(ctx.release);
  if (!xs) {
    const i = ctx.history.indexOf(ctx.release);
    xs =
      i >= 0 ? ctx.history.slice(0, i) : ctx.history.filter((r) => compareVersions(r.release, ctx.release.release) < 0);
    byRelease.set(ctx.release, xs);
  }
  return xs;
}

export type Lifecycle = 'current' | 'deprecated' | 'inert' | 'unlisted' | 'removed' | 'unknown';

/**
 * Where a release stands on the setting a subject names: gone (it existed before), deprecated,
 * accepted without effect, current, or unknown to the release data (not a setting we know).
 */
export function lifecycleOf(ctx: RuleContext, s: Subject): Lifecycle {
  const before = (has: (r: ReleaseSnapshot) => boolean) => (earlierReleases(ctx).some(has) ? 'removed' : 'unknown');
  if (s.kind === 'flag' && isReleaseComponent(s.component)) {
    const component = s.component;
    const f = flagOf(ctx.release, component, s.flag);
    if (!f && unlistedFlagOf(ctx.release, component, s.flag)) return 'unlisted';
    if (!f) return before((r) => flagOf(r, component, s.flag) !== undefined);
    return f.inert ? 'inert' : f.deprecated ? 'deprecated' : 'current';
  }
  if (s.kind === 'config' && isReleaseComponent(s.component)) {
    const component = s.component;
    const f = fieldOf(ctx.release, component, s.path);
    if (!f) return 'current';
    return f.inert ? 'inert' : f.deprecated ? 'deprecated' : 'current';
  }
  if (s.kind === 'feature-gate') {
    const g = gateOf(ctx.release, s.gate);
    if (!g || ctx.release.removedGates.includes(s.gate)) return before((r) => hasGate(r, s.gate));
    return g.stage === 'deprecated' ? 'deprecated' : 'current';
  }
  if (s.kind === 'admission-plugin') {
    if (!hasPlugin(ctx.release, s.plugin)) return before((r) => hasPlugin(r, s.plugin));
    const deprecated =
      changesOf(earlierReleases(ctx), 'plugin', s.plugin, 'deprecated').length ||
      changesOf([ctx.release], 'plugin', s.plugin, 'deprecated').length;
    return deprecated ? 'deprecated' : 'current';
  }
  return 'current';
}
