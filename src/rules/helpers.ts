import type { Check, Subject } from '../model/check.js';
import { subjectLabel } from '../model/subject.js';
import { compareVersions } from '../model/ids.js';
import type { Change, Field, Flag, Gate, ReleaseSnapshot } from '../k8s/snapshot.js';
import { releaseComponents, type ReleaseComponent } from '../k8s/snapshot.js';
import type { Finding, RuleContext } from './types.js';

export function isReleaseComponent(c: string | undefined): c is ReleaseComponent {
  return releaseComponents.includes(c as ReleaseComponent);
}

interface SnapshotIndex {
  /** component → flag name (without dashes) → flag. */
  readonly flags: Map<string, Map<string, Flag>>;
  readonly fields: Map<string, Field>;
  readonly gates: Map<string, Gate>;
  readonly plugins: Set<string>;
  /** `kind name change` → the release's change events. */
  readonly changes: Map<string, Change[]>;
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
    for (const k of Object.values(release.configs))
      for (const f of k.fields) if (!fields.has(`${k.component} ${f.path}`)) fields.set(`${k.component} ${f.path}`, f);
    const changes = new Map<string, Change[]>();
    for (const c of release.changes) {
      const k = `${c.kind} ${c.name} ${c.change}`;
      const list = changes.get(k);
      if (list) list.push(c);
      else changes.set(k, [c]);
    }
    ix = {
      flags,
      fields,
      gates: new Map(release.gates.map((g) => [g.name, g])),
      plugins: new Set(release.admission.available),
      changes,
    };
    indexes.set(release, ix);
  }
  return ix;
}

export function flagOf(release: ReleaseSnapshot, component: ReleaseComponent, flag: string): Flag | undefined {
  const name = flag.startsWith('--') ? flag.slice(2) : flag.startsWith('-') ? flag.slice(1) : flag;
  return indexOf(release).flags.get(component)?.get(name);
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

/** The change events of these releases on one name (`--insecure-port`, `PodSecurityPolicy`). */
export function changesOf(
  releases: readonly ReleaseSnapshot[],
  kind: Change['kind'],
  name: string,
  change: Change['change'],
): Change[] {
  return releases.flatMap((r) => indexOf(r).changes.get(`${kind} ${name} ${change}`) ?? []);
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

export function finding(ctx: RuleContext, f: Omit<Finding, 'controlId'>): Finding {
  return { controlId: ctx.control.id, ...f };
}

// Every rule walks every control's subjects for every release: flatten each control once.
const flattened = new WeakMap<RuleContext['control'], ReadonlyArray<{ check: Check; subject: Subject }>>();

export function subjects(ctx: RuleContext): ReadonlyArray<{ check: Check; subject: Subject }> {
  let xs = flattened.get(ctx.control);
  if (!xs) {
    xs = ctx.control.checks.flatMap((check) => check.subjects.map((subject) => ({ check, subject })));
    flattened.set(ctx.control, xs);
  }
  return xs;
}

export const rel = (ctx: RuleContext) => `Kubernetes ${ctx.release.release}`;

const earlierMemo = new WeakMap<readonly ReleaseSnapshot[], Map<ReleaseSnapshot, readonly ReleaseSnapshot[]>>();

/**
 * Releases before ctx.release, oldest first. History is sorted, so slicing at the release avoids
 * a version compare per control; the slice is kept per (history, release), not made per call.
 */
export function earlierReleases(ctx: RuleContext): readonly ReleaseSnapshot[] {
  let byRelease = earlierMemo.get(ctx.history);
  if (!byRelease) {
    byRelease = new Map();
    earlierMemo.set(ctx.history, byRelease);
  }
  let xs = byRelease.get(ctx.release);
  if (!xs) {
    const i = ctx.history.indexOf(ctx.release);
    xs =
      i >= 0 ? ctx.history.slice(0, i) : ctx.history.filter((r) => compareVersions(r.release, ctx.release.release) < 0);
    byRelease.set(ctx.release, xs);
  }
  return xs;
}

export type Lifecycle = 'current' | 'deprecated' | 'inert' | 'removed' | 'unknown';

/**
 * Where a release stands on the setting a subject names: gone (it existed before), deprecated,
 * accepted without effect, current, or unknown to the release data (not a setting we know).
 */
export function lifecycleOf(ctx: RuleContext, s: Subject): Lifecycle {
  const before = (has: (r: ReleaseSnapshot) => boolean) => (earlierReleases(ctx).some(has) ? 'removed' : 'unknown');
  if (s.kind === 'flag' && isReleaseComponent(s.component)) {
    const component = s.component;
    const f = flagOf(ctx.release, component, s.flag);
    if (!f) return before((r) => flagOf(r, component, s.flag) !== undefined);
    return f.inert ? 'inert' : f.deprecated ? 'deprecated' : 'current';
  }
  if (s.kind === 'config' && isReleaseComponent(s.component)) {
    const component = s.component;
    const f = fieldOf(ctx.release, component, s.path);
    if (!f) return 'current';
    return f.deprecated ? 'deprecated' : 'current';
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
