import type { Check, Subject } from '../model/check.js';
import { compareVersions } from '../model/ids.js';
import type { Field, Flag, ReleaseSnapshot } from '../k8s/snapshot.js';
import { releaseComponents, type ReleaseComponent } from '../k8s/snapshot.js';
import type { Finding, RuleContext } from './types.js';

export function isReleaseComponent(c: string | undefined): c is ReleaseComponent {
  return releaseComponents.includes(c as ReleaseComponent);
}

interface SnapshotIndex {
  readonly flags: Map<string, Flag>;
  readonly fields: Map<string, Field>;
  readonly gates: Set<string>;
  readonly plugins: Set<string>;
}

// Rules ask the same snapshots the same questions for every control and release;
// an index per snapshot, derived once, keeps those lookups O(1). Snapshots are never
// mutated, so caching by identity is safe.
const indexes = new WeakMap<ReleaseSnapshot, SnapshotIndex>();

function indexOf(release: ReleaseSnapshot): SnapshotIndex {
  let ix = indexes.get(release);
  if (!ix) {
    const flags = new Map<string, Flag>();
    for (const c of releaseComponents) for (const f of release.flags[c]) flags.set(`${c} ${f.name}`, f);
    const fields = new Map<string, Field>();
    for (const k of Object.values(release.configs)) for (const f of k.fields) if (!fields.has(`${k.component} ${f.path}`)) fields.set(`${k.component} ${f.path}`, f);
    ix = { flags, fields, gates: new Set(release.gates.map((g) => g.name)), plugins: new Set(release.admission.available) };
    indexes.set(release, ix);
  }
  return ix;
}

export function flagOf(release: ReleaseSnapshot, component: ReleaseComponent, flag: string): Flag | undefined {
  return indexOf(release).flags.get(`${component} ${flag.replace(/^--?/, '')}`);
}

export function fieldOf(release: ReleaseSnapshot, component: ReleaseComponent, path: string): Field | undefined {
  return indexOf(release).fields.get(`${component} ${path}`);
}

export function hasGate(release: ReleaseSnapshot, gate: string): boolean {
  return indexOf(release).gates.has(gate);
}

export function hasPlugin(release: ReleaseSnapshot, plugin: string): boolean {
  return indexOf(release).plugins.has(plugin);
}

export function dedupe<T extends { url: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.url) ? false : (seen.add(x.url), true)));
}

export function setting(s: Subject): { component?: string; setting: string } {
  switch (s.kind) {
    case 'flag': return { component: s.component, setting: s.flag };
    case 'config': return { component: s.component, setting: s.path };
    case 'feature-gate': return { component: s.component, setting: `feature gate ${s.gate}` };
    case 'admission-plugin': return { component: 'kube-apiserver', setting: `admission plugin ${s.plugin}` };
    case 'file': return { ...(s.component ? { component: s.component } : {}), setting: `${s.role} ${s.attribute}` };
    case 'api-object': return { setting: `${s.resource} ${s.raw}` };
    case 'unknown': return { ...(s.component ? { component: s.component } : {}), setting: s.raw };
  }
}

export function finding(ctx: RuleContext, f: Omit<Finding, 'controlId'>): Finding {
  return { controlId: ctx.control.id, ...f };
}

export function* subjects(ctx: RuleContext): Generator<{ check: Check; subject: Subject }> {
  for (const check of ctx.control.checks) for (const subject of check.subjects) yield { check, subject };
}

export const rel = (ctx: RuleContext) => `Kubernetes ${ctx.release.release}`;

/** Releases before ctx.release, oldest first. History is sorted, so slicing at the release avoids a version compare per control. */
export function earlierReleases(ctx: RuleContext): readonly ReleaseSnapshot[] {
  const i = ctx.history.indexOf(ctx.release);
  return i >= 0 ? ctx.history.slice(0, i) : ctx.history.filter((r) => compareVersions(r.release, ctx.release.release) < 0);
}
