// What one Kubernetes minor release accepts: facts only (names, types, defaults,
// stages, PR numbers), no copied descriptions.

export const releaseComponents = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
] as const;
export type ReleaseComponent = (typeof releaseComponents)[number];

/** Who reads a config kind: a component, or kubeadm (ClusterConfiguration, InitConfiguration, …). */
export type ConfigOwner = ReleaseComponent | 'kubeadm';

export interface Evidence {
  /** `source`: a line of Kubernetes' own Go source at a commit. */
  readonly kind: 'pr' | 'issue' | 'kep' | 'doc' | 'release-notes' | 'source';
  readonly ref: string;
  readonly url: string;
}

export interface Flag {
  readonly name: string;
  readonly type?: string;
  readonly default?: string;
  readonly deprecated?: boolean;
  /** Deprecated in favour of the component's config file (kubelet). */
  readonly configFile?: boolean;
  /** Accepted by the binary but absent from the reference page (pflag MarkDeprecated/MarkHidden). */
  readonly hidden?: boolean;
  /** Accepted but without effect (e.g. --insecure-port from 1.20, which may only be 0). */
  readonly inert?: boolean;
  /** Values the flag still accepts when it only accepts the secure one. */
  readonly onlyValues?: string[];
  /**
   * The value in effect when the component runs with its config file and neither the file
   * nor the command line sets it (the mapped field's default), where it differs from
   * `default`, which applies without a config file. kubelet --anonymous-auth: default true,
   * configDefault false; --authorization-mode: AlwaysAllow vs Webhook; --read-only-port: 10255 vs 0.
   */
  readonly configDefault?: string;
  readonly evidence?: Evidence[];
}

/**
 * A flag a release's reference page no longer lists, with nothing on record either way: no
 * removal (note, overlay, source), and nothing that shows the binary still accepts it (no later
 * page lists it again, the overlay does not say it is hidden). Neither accepted nor removed.
 */
export interface UnlistedFlag {
  readonly name: string;
  /** The last release whose reference page listed it. */
  readonly lastListed: string;
  readonly type?: string;
  /** A deprecation is on record (a note, the overlay, or the page that last listed it). */
  readonly deprecated?: boolean;
  /** The page that last listed it, and the deprecation where one is on record. */
  readonly evidence: Evidence[];
}

export interface Field {
  /** Dotted path from the kind's root, e.g. authentication.anonymous.enabled. */
  readonly path: string;
  readonly type: string;
  readonly default?: string;
  readonly deprecated?: boolean;
  /** Accepted but without effect, as the config page says ("no longer has any effect"). */
  readonly inert?: boolean;
  /** The page line that says so, where the field is inert. */
  readonly evidence?: Evidence[];
}

export interface Gate {
  readonly name: string;
  readonly stage: 'alpha' | 'beta' | 'ga' | 'deprecated';
  readonly default: boolean;
  /**
   * Locked to its default (setting it otherwise is an error), as the source says: Kubernetes'
   * VersionedSpecs (LockToDefault), else the gate's page (`locked:`, 1.33+) or a release note
   * ("Locked the … feature gate …"). Not every GA gate is locked, and non-GA gates can be.
   */
  readonly lockedToDefault?: boolean;
  /**
   * A GA or deprecated gate no source says is locked or not in this release: no Kubernetes
   * source copy defines it (removed before the oldest one), its page predates `locked:` and no
   * release note locks it. Not locked as far as anyone can show, and not shown to be settable.
   */
  readonly lockUnknown?: true;
  /** The release this stage began. */
  readonly since?: string;
  /** Where a release note, not the gate's page, gave the stage or the lock. */
  readonly evidence?: Evidence[];
}

export interface KubeadmDefaults {
  /** Flags kubeadm writes into each control-plane static Pod: name → value ("" for a bare flag). */
  readonly flags: Partial<Record<ReleaseComponent | 'etcd', Record<string, string>>>;
  /** KubeletConfiguration fields kubeadm sets. */
  readonly kubelet: Record<string, string>;
  readonly hostNetwork: boolean;
  readonly probePaths: string[];
  /** What records a flag kubeadm sets, where a note or PR does (component → flag → evidence). */
  readonly evidence?: Partial<Record<ReleaseComponent | 'etcd', Record<string, Evidence[]>>>;
  /** What records a kubelet setting kubeadm sets, where more than its kubelet defaulting code does (field → evidence). */
  readonly kubeletEvidence?: Record<string, Evidence[]>;
}

/**
 * Where each family of facts comes from: the record every fact of the family cites unless it
 * carries evidence of its own (a fact the overlay, a note or Kubernetes' source corrected or
 * added). One record per family keeps the snapshot small; k8s/fact-evidence.ts resolves a fact's
 * evidence from the two.
 */
export interface FactSources {
  /** Each component's reference page of the release: the flags it lists, with type, default, deprecation. */
  readonly flags: Partial<Record<ReleaseComponent, Evidence[]>>;
  /** Where each component binds its flags to its config file's fields: its flag registration code. */
  readonly flagFields: Partial<Record<ReleaseComponent, Evidence[]>>;
  /** Each config kind's fields, types and defaults: the Go types they were read from, its config-api page. */
  readonly configs: Record<string, Evidence[]>;
  /** The release's feature-gate pages: stage, default, since, and the gates they list as removed. */
  readonly gates: Evidence[];
  /** The API server's reference page (what --enable-admission-plugins lists and turns on). */
  readonly admission: Evidence[];
  /** kubeadm's own code at the release's branch, and the overlay's record of it. */
  readonly kubeadm: {
    /** The flags it writes into each static Pod (and the kubelet's, from its systemd drop-in). */
    readonly flags: Partial<Record<ReleaseComponent | 'etcd', Evidence[]>>;
    /** The KubeletConfiguration fields it sets. */
    readonly kubelet: Evidence[];
    /** Its static Pods: hostNetwork and probe paths. */
    readonly pods: Evidence[];
  };
  /** The configuration page of the etcd version kubeadm deploys: its flags. */
  readonly etcd?: Evidence[];
}

/** How a component reads its config file, and what its command line does beside it. */
export interface ConfigFileRule {
  /** The flag naming the file, without dashes (`config`). */
  readonly flag: string;
  /** The kind the file holds (KubeletConfiguration). */
  readonly kind: string;
  /**
   * `flags-over-file`: flags on the command line override the file (kubelet, except feature
   * gates, which merge); `file-only`: once the file is given, flags it covers are ignored
   * (kube-scheduler, kube-proxy).
   */
  readonly precedence: 'flags-over-file' | 'file-only';
  /**
   * A folder of drop-in files merged over the file, in lexical order (kubelet --config-dir):
   * the flag, the feature stage in this release, and what must be set beside the flag for it
   * to work (an environment variable while alpha, or a gate).
   */
  readonly dropIns?: {
    readonly flag: string;
    readonly gate?: string;
    readonly stage?: 'alpha' | 'beta' | 'ga';
    readonly env?: string;
  };
  readonly evidence: Evidence[];
}

export interface ReleaseSnapshot {
  readonly release: string;
  /** Where each family of facts comes from (see FactSources); absent in snapshots written before it. */
  readonly sources?: FactSources;
  /** Components that read a config file in this release, and how (see ConfigFileRule). */
  readonly configFiles?: Partial<Record<ReleaseComponent, ConfigFileRule>>;
  readonly flags: Record<ReleaseComponent, Flag[]>;
  /** Flags the reference page stopped listing with no record either way (see UnlistedFlag): not in `flags`. */
  readonly unlisted?: Partial<Record<ReleaseComponent, UnlistedFlag[]>>;
  /** Config kind → fields (KubeletConfiguration, AuthenticationConfiguration, ClusterConfiguration, …). */
  readonly configs: Record<string, { component: ConfigOwner; apiVersion: string; fields: Field[] }>;
  /** kubelet flag (without --) → config field path, where the field exists in this release. */
  readonly flagFields: Partial<Record<ReleaseComponent, Record<string, string>>>;
  readonly gates: Gate[];
  /** Gates removed in or before this release (known from the removed-gates list). */
  readonly removedGates: string[];
  readonly admission: { available: string[]; defaultOn: string[] };
  readonly kubeadm: KubeadmDefaults;
  /** The etcd kubeadm deploys with this release (versioned on its own) and its flags. */
  readonly etcd?: {
    readonly version: string;
    /** The patch kubeadm deploys, where the notes name it. */
    readonly patch?: string;
    readonly flags: Flag[];
    readonly evidence?: Evidence[];
    /** Flags etcd's changelogs remove by this version (the overlay), which its page may still list. */
    readonly removed?: Array<{ readonly name: string; readonly evidence: Evidence[] }>;
    /** Flags the page lists that etcd's changelogs add in a later patch than the one kubeadm deploys. */
    readonly later?: Array<{ readonly name: string; readonly evidence: Evidence[] }>;
  };
  /** Changes this release made, from its notes and the curated overlay. */
  readonly changes: Change[];
}

export interface Change {
  readonly kind: 'flag' | 'plugin' | 'gate' | 'field';
  readonly component?: string;
  readonly name: string;
  readonly change:
    | 'removed'
    | 'deprecated'
    | 'unlisted'
    | 'inert'
    | 'default-changed'
    | 'renamed'
    | 'added'
    | 'locked'
    | 'graduated';
  /** renamed: the new name; graduated: the stage reached. */
  readonly to?: string;
  readonly evidence: Evidence[];
}
