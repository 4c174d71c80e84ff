// What changed in a benchmark's findings from one release to a later one, and why: each finding
// that appeared or went away, with the release changes on the setting it names (the lines of
// `releases diff` over the releases between, each with its evidence: a removal note, a gate's
// lock, a default the notes change, what kubeadm stopped setting). A finding no change on record
// explains gets no cause, and says so; nothing is guessed.
import { diffReleases, type ReleaseChange } from '../k8s/diff.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { compareIds, compareText, compareVersions } from '../model/ids.js';
import type { CheckReport } from '../rules/check.js';
import type { Finding } from '../rules/types.js';

/** A release change, with the release that made it (the newer end of its step). */
export interface Cause extends ReleaseChange {
  readonly release: string;
}

export interface SinceEntry {
  /** The finding as the release that has it reports it (the newer one if it appeared, the older one if it went away). */
  readonly finding: Finding;
  readonly causes: Cause[];
}

export interface SinceDelta {
  readonly release: string;
  readonly appeared: SinceEntry[];
  readonly resolved: SinceEntry[];
}

/** The matrix with --since: per benchmark id and release, what appeared and went away since `release`. */
export interface MatrixSince {
  readonly release: string;
  readonly deltas: ReadonlyMap<string, ReadonlyMap<string, SinceDelta>>;
}

/** One finding across releases: its messages name the release, so they are left out. */
const keyOf = (f: Finding): string =>
  [f.controlId, f.ruleId, f.category, f.subject.component ?? '', f.subject.setting].join('\u0000');

/**
 * The steps from `from` to `to` through the known releases between them, each with its
 * `releases diff` lines: what a finding's cause is looked up in.
 */
export function releaseSteps(
  from: ReleaseSnapshot,
  to: ReleaseSnapshot,
  history: readonly ReleaseSnapshot[],
): Array<{
  readonly release: string;
  readonly before: ReleaseSnapshot;
  readonly after: ReleaseSnapshot;
  readonly changes: ReleaseChange[];
}> {
  const between = history.filter(
    (h) => compareVersions(h.release, from.release) > 0 && compareVersions(h.release, to.release) < 0,
  );
  const chain = [from, ...between, to];
  return chain.slice(1).map((after, i) => ({
    release: after.release,
    before: chain[i],
    after,
    changes: diffReleases(chain[i], after),
  }));
}

type Setting =
  | { readonly kind: 'flag'; readonly name: string }
  | { readonly kind: 'plugin' | 'gate'; readonly name: string }
  | { readonly kind: 'field'; readonly path: string };

/** The settings a finding's subject names (`--profiling`, `admission plugin X`, `feature gate X`, a field path). */
function settingsOf(setting: string): Setting[] {
  return setting
    .split(', ')
    .map((s): Setting | undefined => {
      const flag = /^--([\w-]+)$/.exec(s);
      if (flag) return { kind: 'flag', name: flag[1] };
      const named = /^(admission plugin|feature gate) (\S+)$/.exec(s);
      if (named) return { kind: named[1] === 'feature gate' ? 'gate' : 'plugin', name: named[2] };
      // API-object fields (`Pod spec.…`) and roles of files are not release settings.
      if (/^[a-zA-Z][\w]*(\.[\w[\]]+)*$/.test(s)) return { kind: 'field', path: s };
      return undefined;
    })
    .filter((x): x is Setting => x !== undefined);
}

function concerns(
  c: ReleaseChange,
  component: string | undefined,
  s: Setting,
  step: { before: ReleaseSnapshot; after: ReleaseSnapshot },
): boolean {
  const fieldOf = (comp: string, flag: string): string | undefined =>
    step.after.flagFields[comp as keyof ReleaseSnapshot['flagFields']]?.[flag] ??
    step.before.flagFields[comp as keyof ReleaseSnapshot['flagFields']]?.[flag];
  const ownerOf = (kind: string): string | undefined =>
    step.after.configs[kind]?.component ?? step.before.configs[kind]?.component;
  switch (s.kind) {
    case 'gate':
      return c.area === 'gate' && c.name === s.name;
    case 'plugin':
      return c.area === 'plugin' && c.name === s.name;
    case 'flag':
      if (c.area === 'field')
        return (
          component !== undefined && ownerOf(c.component ?? '') === component && c.name === fieldOf(component, s.name)
        );
      return (
        (c.area === 'flag' || c.area === 'kubeadm' || c.area === 'etcd') &&
        c.component === component &&
        c.name === `--${s.name}`
      );
    case 'field':
      if (c.area === 'field') return ownerOf(c.component ?? '') === component && c.name === s.path;
      return (
        (c.area === 'flag' || c.area === 'kubeadm') &&
        c.component === component &&
        component !== undefined &&
        fieldOf(component, c.name.replace(/^--/, '')) === s.path
      );
  }
}

/**
 * The findings `after` has and `before` lacks (appeared) and the reverse (resolved), each with
 * the release changes of `steps` on its setting, oldest first.
 */
export function sinceDelta(
  before: CheckReport,
  after: CheckReport,
  steps: ReturnType<typeof releaseSteps>,
): SinceDelta {
  const had = new Set(before.findings.map(keyOf));
  const has = new Set(after.findings.map(keyOf));
  const entry = (f: Finding): SinceEntry => {
    const settings = settingsOf(f.subject.setting);
    const causes: Cause[] = [];
    for (const step of steps)
      for (const c of step.changes)
        if (settings.some((s) => concerns(c, f.subject.component, s, step)))
          causes.push({ ...c, release: step.release });
    return { finding: f, causes };
  };
  const order = (a: SinceEntry, b: SinceEntry): number =>
    compareIds(a.finding.controlId, b.finding.controlId) || compareText(keyOf(a.finding), keyOf(b.finding));
  return {
    release: before.release,
    appeared: after.findings
      .filter((f) => !had.has(keyOf(f)))
      .map(entry)
      .sort(order),
    resolved: before.findings
      .filter((f) => !has.has(keyOf(f)))
      .map(entry)
      .sort(order),
  };
}
