// How an audit reads a component's setting when it is not `ps` of the component or `cat` of its
// config file: the component's `$<c>conf` file searched for flags (microk8s' arguments files, one
// flag a line; k3s' etcd config), a config file at a literal path (/var/vcap/jobs/kubelet/config/…),
// an operator's copy of the component's arguments in a cluster object (OpenShift:
// `oc get configmap config -n openshift-kube-apiserver … | jq '.apiServerArguments["X"]'`), or the
// kubelet's running configuration (`oc get --raw /api/v1/nodes/$NODE/proxy/configz`). Each is a
// Reading on the subject, so the export writes the audit the same way back.
import type { Component, Reading } from '../../model/check.js';
import type { KubeBenchConfig } from './config.js';
import { shippedRelease, shippedReleases } from '../../k8s/load.js';

/** The component a `$<c>conf` variable of the audit names, read as a file (`cat`, `grep … $x`), not run. */
export function confComponent(audit: string | undefined, config: KubeBenchConfig): Component | undefined {
  if (!audit) return undefined;
  for (const m of audit.matchAll(/\$\{?([a-z][a-z0-9]*)\}?/g)) {
    const v = config.variables.get(m[1]);
    if (v?.component && v.kind === 'conf') return v.component;
  }
  return undefined;
}

// Arguments files at literal paths: microk8s' snap keeps one per component (`args/kube-apiserver`).
const argumentFiles: Array<[RegExp, Component]> = [
  [/\/args\/kube-apiserver\b/, 'kube-apiserver'],
  [/\/args\/kube-controller-manager\b/, 'kube-controller-manager'],
  [/\/args\/kube-scheduler\b/, 'kube-scheduler'],
  [/\/args\/kubelet\b/, 'kubelet'],
  [/\/args\/kube-proxy\b/, 'kube-proxy'],
  [/\/args\/(etcd|k8s-dqlite)\b/, 'etcd'],
];

/** A component whose arguments file the audit reads at a literal path. */
export function argumentsFileComponent(audit: string | undefined): Component | undefined {
  if (!audit) return undefined;
  for (const [re, c] of argumentFiles) if (re.test(audit)) return c;
  return undefined;
}

/** Does the audit run the component (a `ps`/`pgrep` line, a process's /proc) rather than read a file? */
export function readsProcess(audit: string | undefined): boolean {
  return /\bps\b|\bpgrep\b|\/proc\/|journalctl/.test(audit ?? '');
}

// A config file at a literal path, by the component its path names (tkgi's kubeletconfig.yml).
const configFiles: Array<[RegExp, Component]> = [
  [/\/kubelet\/[\w./-]*config[\w.-]*\.(ya?ml|json)\b|\/kubelet[\w-]*config[\w.-]*\.(ya?ml|json)\b/, 'kubelet'],
  [
    /\/kube-proxy\/[\w./-]*config[\w.-]*\.(ya?ml|json)\b|\/kube-?proxy[\w-]*config[\w.-]*\.(ya?ml|json)\b/,
    'kube-proxy',
  ],
  [
    /\/kube-scheduler\/[\w./-]*config[\w.-]*\.(ya?ml|json)\b|\/scheduler[\w-]*config[\w.-]*\.(ya?ml|json)\b/,
    'kube-scheduler',
  ],
];

/** The component whose config file the audit greps or prints at a literal path. */
export function configFileComponent(audit: string | undefined): Component | undefined {
  if (!audit || !/\b(cat|grep|jq|yq)\b/.test(audit)) return undefined;
  for (const [re, c] of configFiles) if (re.test(audit)) return c;
  return undefined;
}

// OpenShift keeps each control-plane component's arguments in the config map its operator
// renders (`config.yaml`: apiServerArguments, extendedArguments) and, as the operator observed
// them, in the operator resource (`spec.observedConfig.apiServerArguments`).
const argumentMaps: Array<[RegExp, Component]> = [
  [/^(?:spec\.observedConfig\.)?apiServerArguments$/, 'kube-apiserver'],
  [/^(?:spec\.observedConfig\.)?extendedArguments$/, 'kube-controller-manager'],
];

export interface ResourceArguments {
  readonly component: Component;
  readonly read: Exclude<Reading, string | { file: string }>;
  /** The flags (without dashes) the command reads out of the arguments map; empty: the whole map. */
  readonly flags: readonly string[];
  /** Without an arguments map: the fields of the document it reads (servingInfo.clientCA). */
  readonly paths: ReadonlyArray<{ path: string }>;
}

/** `jq '.a["b"]'`, `.a."b"`, `.a.b` → ['a', 'b']. */
function jqKeys(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(/\.\s*(?:\[\s*"([^"]+)"\s*\]|"([^"]+)"|([A-Za-z_][\w-]*))|\[\s*"([^"]+)"\s*\]/g))
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

// The namespaces OpenShift runs each control-plane component's operand in.
const namespaces: Array<[RegExp, Component]> = [
  [/^openshift-kube-apiserver$/, 'kube-apiserver'],
  [/^openshift-kube-controller-manager$/, 'kube-controller-manager'],
  [/^openshift-kube-scheduler$/, 'kube-scheduler'],
  [/^openshift-etcd$/, 'etcd'],
];

/** One `oc get … | jq …` command: the object, the document in it, the arguments or fields it reads. */
function commandArguments(text: string): ResourceArguments | undefined {
  const get = text.match(
    /\b(?:oc|kubectl)\s+(?:(?:-n|--namespace)[= ]?([a-z0-9-]+)\s+)?get\s+([a-z][a-z0-9.-]*)(?:\/|\s+)([a-z0-9][a-z0-9.-]*)((?:\s+(?:-n|--namespace)[= ]?[a-z0-9-]+|\s+-o\s*\w+|\s+-o=?\w+)*)/,
  );
  if (!get) return undefined;
  const namespace = get[1] ?? get[4]?.match(/(?:-n|--namespace)[= ]?([a-z0-9-]+)/)?.[1];
  const document = text.match(/\.data\s*(?:\[\s*"([\w.-]+)"\s*\]|\."([\w.-]+)")/);
  const doc = document ? (document[1] ?? document[2]) : undefined;
  const base = {
    resource: get[2],
    name: get[3],
    ...(namespace ? { namespace } : {}),
    ...(doc ? { document: doc } : {}),
  };
  let field: string | undefined;
  let component: Component | undefined;
  const flags: string[] = [];
  const paths: Array<{ path: string }> = [];
  for (const m of text.matchAll(/\b(?:jq|yq)\s+(?:-r\s*)?'([^']*)'|\b(?:jq|yq)\s+(?:-r\s+)?(\.[^\s|']+)/g)) {
    const program = m[1] ?? m[2];
    if (/^\s*\.data\b/.test(program)) continue;
    const keys = jqKeys(program);
    const hit = keys
      .map((_k, i) => keys.slice(0, keys.length - i).join('.'))
      .map((head) => [head, argumentMaps.find(([re]) => re.test(head))] as const)
      .find(([, h]) => h);
    if (hit?.[1]) {
      if (field && field !== hit[0]) return undefined;
      field = hit[0];
      component = hit[1][1];
      const flag = keys[hit[0].split('.').length];
      if (flag && !flags.includes(flag)) flags.push(flag);
    } else if (doc && keys.length && keys.every((k) => /^[A-Za-z]\w*$/.test(k))) {
      paths.push({ path: keys.join('.') });
    }
  }
  if (field && component) return { component, read: { ...base, field }, flags, paths: [] };
  const owner = namespaces.find(([re]) => namespace !== undefined && re.test(namespace))?.[1];
  if (paths.length && owner) return { component: owner, read: base, flags: [], paths };
  return undefined;
}

/**
 * The component arguments (or config fields) `oc`/`kubectl` commands of the audit read from cluster
 * objects, one entry a command, in order.
 */
export function resourceArguments(audit: string | undefined): ResourceArguments[] | undefined {
  if (!audit || !/\b(oc|kubectl)\s/.test(audit)) return undefined;
  const commands = audit
    .replace(/\\\n/g, ' ')
    .replace(/\|\s*\n/g, '| ')
    .split(/\n|;/)
    .filter((c) => !/^\s*#/.test(c));
  const reads = commands.map(commandArguments).filter((r): r is ResourceArguments => r !== undefined);
  return reads.length ? reads : undefined;
}

/** The kubelet's running configuration through the API server's node proxy, and the jq path read from it. */
export function configzPaths(audit: string | undefined): string[] | undefined {
  if (!audit || !/\/proxy\/configz\b/.test(audit)) return undefined;
  const paths: string[] = [];
  for (const m of audit.matchAll(/\.kubeletconfig((?:\.[A-Za-z][\w]*)*)/g)) if (m[1]) paths.push(m[1].slice(1));
  return paths;
}

export interface FileArguments {
  readonly file: string;
  /** openshift-master for master-config.yaml, openshift-node for node-config.yaml. */
  readonly holder: 'openshift-master' | 'openshift-node';
  /** The words grepped for in it, in order. */
  readonly words: readonly string[];
}

/** `grep -A2 basic-auth-file /etc/origin/master/master-config.yaml`: OpenShift 3's files holding the components' arguments. */
export function fileArguments(audit: string | undefined): FileArguments | undefined {
  if (!audit) return undefined;
  let file: string | undefined;
  const words: string[] = [];
  for (const m of audit.matchAll(
    /\bgrep\s+(?:-[AB]\s*\d+\s+)*(?:--\s+)?(['"]?)([\w.=-]+)\1\s+(['"]?)(\/etc\/origin\/(?:master\/master|node\/node)-config\.yaml)\3/g,
  )) {
    if (file && file !== m[4]) return undefined;
    file = m[4];
    words.push(m[2]);
  }
  if (!file) return undefined;
  return { file, holder: file.includes('/master/') ? 'openshift-master' : 'openshift-node', words };
}

let managerFlags: ReadonlySet<string> | undefined;

/**
 * A flag of kube-controller-manager and not of kube-apiserver in the oldest shipped release
 * (OpenShift 3 keeps both components' arguments in one file, under two maps).
 */
export function controllerManagerFlag(flag: string): boolean {
  if (!managerFlags) {
    const oldest = shippedReleases()[0];
    const flags = oldest ? shippedRelease(oldest).flags : undefined;
    const names = (c: 'kube-apiserver' | 'kube-controller-manager') =>
      new Set((flags?.[c] ?? []).map((f) => f.name.replace(/^--?/, '')));
    const api = names('kube-apiserver');
    managerFlags = new Set([...names('kube-controller-manager')].filter((n) => !api.has(n)));
  }
  return managerFlags.has(flag);
}
