// data/kubeadm-node.yaml: the reviewed facts of kubeadm's reference node, with the
// release ranges they hold for.
import { compareVersions } from '../model/ids.js';
import { preparedOrParsed } from '../prepared/read.js';

export interface Ranged {
  readonly from?: string;
  readonly until?: string;
  readonly confirmed?: boolean;
  readonly evidence?: string[];
}

export function holds(r: Ranged | undefined, release: string): boolean {
  if (!r) return false;
  return (
    (r.from === undefined || compareVersions(release, r.from) >= 0) &&
    (r.until === undefined || compareVersions(release, r.until) <= 0)
  );
}

/** The entries of a ranged list that hold for a release. */
export function at<T extends Ranged>(xs: readonly T[] | undefined, release: string): T[] {
  return (xs ?? []).filter((x) => holds(x, release));
}

export interface Probe {
  readonly scheme?: 'HTTP' | 'HTTPS';
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly exec?: string;
}

export interface Volume {
  readonly name: string;
  readonly hostPath: string;
  readonly type?: string;
  readonly readOnly?: boolean;
}

export interface KubeadmNodeFacts {
  readonly node: {
    name: string;
    address: string;
    serviceSubnet: string;
    clusterDNS: string;
    clusterDomain: string;
    clusterName: string;
  };
  readonly registry: Array<Ranged & { value: string }>;
  readonly pause: Array<Ranged & { value: string }>;
  readonly owner: { user: string; group: string };
  readonly files: Array<Ranged & { path: string; type?: 'folder'; mode: string; kubeconfig?: string }>;
  readonly pki: {
    pairs: string[];
    certMode: string;
    keyMode: string;
    serviceAccount: { key: string; pub: string; mode: string };
  };
  readonly packaging: Array<Ranged & { unit: string; dropIn: string; environmentFile: string; mergedUsr?: boolean }>;
  readonly unitMode: string;
  readonly dropIn: { environment: Record<string, string>; environmentFiles: string[]; execStart: string };
  readonly kubeletFlags: {
    quoted: Ranged;
    flags: Array<Ranged & { name: string; value: string }>;
  };
  readonly kubeletConfig: {
    set: Array<Ranged & { field: string; value: unknown }>;
    omit: string[];
    defaulted: Ranged;
    zeroStructs: Array<Ranged & { field: string; value: unknown }>;
  };
  readonly staticPods: {
    hostNetwork: { value: boolean };
    priorityClassName: Array<Ranged & { value: string }>;
    priority: Ranged & { value: number };
    seccompRuntimeDefault: Ranged;
    namedProbePort: Ranged;
    flags: Record<string, Record<string, string>>;
    probes: Record<string, Array<Ranged & { liveness?: Probe; readiness?: Probe; startup?: Probe }>>;
    timings: Array<Ranged & Partial<Record<'liveness' | 'readiness' | 'startup', Record<string, number>>>>;
    cpu: Record<string, string>;
    volumes: Record<string, Volume[]>;
  };
  readonly addons: {
    kubeProxy: {
      command: string[];
      privileged: boolean;
      hostNetwork: boolean;
      priorityClassName: string;
      hostPaths: Array<{ name: string; path: string; type?: string; readOnly?: boolean }>;
      config: Array<Ranged & { metricsBindAddress: string; bindAddress: string }>;
    };
    coreDNS: {
      securityContext: Record<string, unknown>;
      priorityClassName: string;
      readiness: Array<Ranged & { path: string; port: number }>;
    };
  };
  readonly generic: {
    flags: Record<string, Array<Ranged & { name: string; value: string }>>;
  };
  readonly kubeadmApi: Array<Ranged & { apiVersion: string }>;
  readonly evidence: Record<string, { kind: string; url: string }>;
}

let cached: KubeadmNodeFacts | undefined;

export function kubeadmNodeFacts(): KubeadmNodeFacts {
  // The prepared JSON (npm run data) skips the YAML parser on every check with an installer.
  cached ??= preparedOrParsed<KubeadmNodeFacts>('data/kubeadm-node.yaml');
  return cached;
}

/** `{address}`-style placeholders of the data, filled from the node's facts. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (m, k: string) => values[k] ?? m);
}
