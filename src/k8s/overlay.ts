// The curated overlay (data/kubernetes-overlay.yaml): corrections the docs cannot give.
import { linkAtRelease } from './evidence-link.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../io/yaml-lib.js';
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { dataDir } from '../paths.js';
import type { Evidence, ReleaseComponent } from './snapshot.js';

export interface OverlayFlag {
  component: ReleaseComponent;
  name: string;
  /** The first release the flag exists in, where no page lists it (hidden from the start). */
  from?: string;
  type?: string;
  hidden?: boolean;
  deprecated?: boolean;
  deprecatedFrom?: string;
  until?: string;
  inertFrom?: string;
  onlyValues?: string[];
  evidence: string[];
}
export interface OverlayPlugin {
  name: string;
  deprecatedFrom?: string;
  until?: string;
  evidence: string[];
  /** What shows the removal, where it is not what shows the deprecation (default: `evidence`). */
  untilEvidence?: string[];
}
export interface OverlayGate {
  name: string;
  /** The first release the gate exists in, where a page or spec names an earlier one. */
  from?: string;
  until?: string;
  /** The gate's new name from the release after `until` (a rename a page spells as a typo fix). */
  renamedTo?: string;
  /** A name the feature-gate pages title this gate with that the binaries do not accept (PodInfoAPI for PodsAPI). */
  pageName?: string;
  /**
   * The gate's reviewed stage history, oldest first, where a page row is wrong
   * (KubeletPodResources: the 1.20–1.22 pages' "GA 1.20" row); it replaces the pages' history.
   */
  stages?: Array<{
    stage: 'alpha' | 'beta' | 'ga' | 'deprecated';
    default: boolean;
    from: string;
    locked?: boolean;
    /** What shows this stage (default: the entry's evidence). */
    evidence?: string[];
  }>;
  evidence: string[];
}
export interface Ranged {
  value: string;
  from?: string;
  until?: string;
  /** Why the value holds from `from` (and stops after `until`): notes, PRs. */
  evidence?: string[];
}
export interface Overlay {
  flags: OverlayFlag[];
  plugins: OverlayPlugin[];
  gates: OverlayGate[];
  kubeadm: {
    evidence: string[];
    /**
     * kubeadm's code each family of its facts is read from (cited at the release's branch): the
     * flags per component (control-plane manifests, etcd's, the kubelet's systemd drop-in), its
     * kubelet defaults, its static Pods.
     */
    sources?: {
      flags: Record<string, string[]>;
      kubelet: string[];
      pods: string[];
    };
    flags: Record<string, Record<string, Ranged>>;
    kubelet: Record<string, Ranged>;
    probePaths: Array<{ path: string; from?: string; until?: string }>;
  };
  /**
   * The etcd minor version kubeadm deploys, by Kubernetes release range, and the patch where the
   * notes name it (etcd's configuration page describes the newest patch of its minor).
   */
  etcd?: Array<{
    minor: string;
    patch?: string;
    /** The lowest patch in the range, where the notes name no exact one (dating flags only). */
    atLeast?: string;
    from?: string;
    until?: string;
    evidence: string[];
  }>;
  /**
   * etcd flags by etcd version, from etcd's changelogs, where its configuration pages (which say
   * they "may not be up-to-date") leave a flag out or list one etcd removed.
   */
  etcdFlags?: Array<{
    name: string;
    /** The etcd version that adds it: a minor ("3.4") or a patch ("3.4.10", "3.5.8"). */
    added?: string;
    removed?: string;
    /** The etcd version that deprecates it, where the page does not say so. */
    deprecated?: string;
    /** A patch up to which the flag's minor does not have it (a later patch added it, the page lists it). */
    notThrough?: string;
    evidence: string[];
  }>;
  /** API versions served only in a range, where a config-api page exists outside it. */
  configApis?: Array<{ apiVersion: string; from?: string; until?: string; evidence: string[] }>;
  /**
   * Kinds a config-api page prints under the wrong API group: the doc generator prints the Go
   * package's group (`pageGroup`) in the header and in every kind's `apiVersion` row, while the
   * package's register.go serves these kinds under another (`group`). Any version of the group.
   */
  configKindGroups?: Array<{ pageGroup: string; group: string; kinds: string[]; evidence: string[] }>;
  /**
   * A flag default that changed where the page before printed none (pflag prints no zero value,
   * and a page can leave a default out for other reasons, so the pages alone do not show the
   * change): from that release on, with the change's evidence.
   */
  flagDefaults?: Array<{ component: ReleaseComponent; name: string; from: string; value: string; evidence: string[] }>;
  /** Defaults applied by the kind's defaulting code, where the type comments say none. */
  fieldDefaults?: Record<string, Record<string, string>>;
  /** Per config kind, the defaulting code that sets its `fieldDefaults`. */
  fieldDefaultEvidence?: Record<string, string[]>;
  /** Per config kind, field types that replace what the pages say (`*bool` for a pointer). */
  fieldTypes?: Record<string, Record<string, string>>;
  flagFields: Partial<Record<ReleaseComponent, Record<string, string>>>;
  /** Per component, the code that binds its flags to its config file's fields (flagFields' evidence). */
  flagFieldSources?: Partial<Record<ReleaseComponent, string[]>>;
  /** A component's flags deprecated as a class, where some pages print no marker (see reconcile/class-deprecations.ts). */
  classDeprecations?: OverlayClassDeprecation[];
  /** How each component reads its config file (see ConfigFileRule), while the flag naming it exists. */
  configFiles?: Partial<Record<ReleaseComponent, OverlayConfigFile>>;
  evidence: Record<string, NamedEvidence>;
}

/**
 * A named source. A link into Kubernetes' repository is cited at the branch of the release a claim
 * is about; where the file moved (`since`: the first release that has it there), releases before
 * it cite `earlier`.
 */
export interface NamedEvidence {
  kind: Evidence['kind'];
  url: string;
  since?: string;
  earlier?: string;
}

export interface OverlayClassDeprecation {
  component: ReleaseComponent;
  /** `config-file`: the flags a page marks as settable from the config file; `marker`: those whose deprecation text matches `marker`. */
  class: 'config-file' | 'marker';
  /** A case-insensitive pattern of the pages' deprecation text (class `marker`). */
  marker?: string;
  from: string;
  evidence: string[];
  /**
   * The class's flags stay registered (deprecated, so pflag hides them) after the pages stop
   * listing them, until a removal on record: the evidence that they do.
   */
  kept?: string[];
}

export interface OverlayConfigFile {
  flag: string;
  kind: string;
  precedence: 'flags-over-file' | 'file-only';
  evidence: string[];
  dropIns?: {
    flag: string;
    /** The feature's stage by release range, and what it needs beside the flag. */
    stages: Array<{
      stage: 'alpha' | 'beta' | 'ga';
      from?: string;
      until?: string;
      env?: string;
      gate?: string;
      evidence: string[];
    }>;
  };
}

/** Flags that went together (klog's), written once: every name × component becomes an OverlayFlag. */
export interface OverlayFlagGroup extends Omit<OverlayFlag, 'component' | 'name'> {
  group: string;
  components: ReleaseComponent[];
  names: string[];
}

export function readOverlay(): Overlay {
  const file = join(dataDir, 'kubernetes-overlay.yaml');
  const raw = parse(readFileSync(file, 'utf8')) as Overlay & {
    flagGroups?: OverlayFlagGroup[];
  };
  // Every correction says what shows it: an entry without evidence is an editing slip in the
  // overlay, answered as one line naming it rather than failing deep inside the build.
  for (const [section, entries] of [
    ['gates', raw.gates],
    ['flags', raw.flags],
  ] as const)
    for (const e of (entries ?? []) as Array<{ name?: string; evidence?: unknown }>)
      if (!Array.isArray(e.evidence))
        throw inputError(
          file,
          `${section} entry ${e.name ?? '(no name)'} has no evidence, expected evidence: [pr:…, …]`,
        );
  const { flagGroups = [], ...overlay } = raw;
  const grouped = flagGroups.flatMap(({ group: _g, components, names, ...rest }) =>
    components.flatMap((component) => names.map((name) => ({ ...rest, component, name }))),
  );
  return { ...overlay, flags: [...overlay.flags, ...grouped] };
}

export function inRange(release: string, r: { from?: string; until?: string }): boolean {
  if (r.from && compareVersions(release, r.from) < 0) return false;
  if (r.until && compareVersions(release, r.until) > 0) return false;
  return true;
}

/** `pr:106859` → a link; named references resolve through the overlay's evidence table. */
export function evidenceOf(ref: string, overlay: Pick<Overlay, 'evidence'>, release?: string): Evidence {
  const [kind, id] = ref.split(':', 2);
  const named = overlay.evidence[ref];
  if (named) {
    const url =
      release && named.since && named.earlier && compareVersions(release, named.since) < 0 ? named.earlier : named.url;
    return { kind: named.kind, ref: id, url: release ? linkAtRelease(url, release) : url };
  }
  switch (kind) {
    case 'pr':
      return {
        kind: 'pr',
        ref: `kubernetes/kubernetes#${id}`,
        url: `https://github.com/kubernetes/kubernetes/pull/${id}`,
      };
    case 'issue':
      return {
        kind: 'issue',
        ref: `kubernetes/kubernetes#${id}`,
        url: `https://github.com/kubernetes/kubernetes/issues/${id}`,
      };
    case 'kubeadm-issue':
      return {
        kind: 'issue',
        ref: `kubernetes/kubeadm#${id}`,
        url: `https://github.com/kubernetes/kubeadm/issues/${id}`,
      };
    case 'kep':
      return { kind: 'kep', ref: `KEP-${id}`, url: `https://github.com/kubernetes/enhancements/issues/${id}` };
    case 'release-notes':
      return {
        kind: 'release-notes',
        ref: `Kubernetes ${id} release notes`,
        url: `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${id}.md`,
      };
    default:
      return { kind: 'doc', ref, url: ref };
  }
}
