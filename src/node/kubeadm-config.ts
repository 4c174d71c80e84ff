// A kubeadm configuration file (`kubeadm init --config`): InitConfiguration,
// ClusterConfiguration, KubeletConfiguration and KubeProxyConfiguration documents,
// validated with positions and turned into the changes kubeadm makes to its defaults:
// extraArgs (a map in v1beta1–v1beta3, a list of name/value in v1beta4), extraVolumes,
// kubelet extra args and fields, networking and the etcd data directory.
import { isMap, isScalar } from '../io/yaml-lib.js';
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { InputError, type Problem } from '../model/problem.js';
import { at, kubeadmNodeFacts } from './facts.js';
import { lineOf, parseYamlStream, validateDocument } from './yaml-input.js';
import { parseDuration } from './go-values.js';

import type { ControlPlaneComponent, ExtraVolume, KubeadmChanges } from './kubeadm-changes.js';

export type { ControlPlaneComponent, ExtraVolume, KubeadmChanges } from './kubeadm-changes.js';
export { noChanges } from './kubeadm-changes.js';

const Str = z.string();
const MapArgs = z.record(z.string(), Str);
const ListArgs = z.array(z.strictObject({ name: z.string().min(1), value: Str }));
const Volume = z.strictObject({
  name: z.string().min(1),
  hostPath: z.string().regex(/^\//, 'an absolute host path'),
  mountPath: z.string().regex(/^\//, 'an absolute path in the container'),
  readOnly: z.boolean().optional(),
  pathType: z.string().optional(),
});

function schemas(apiVersion: string) {
  const v4 = apiVersion.endsWith('v1beta4');
  const Args = v4 ? ListArgs : MapArgs;
  const Env = z.array(z.looseObject({ name: z.string() }));
  const Component = z.strictObject({
    extraArgs: Args.optional(),
    extraVolumes: z.array(Volume).optional(),
    ...(v4 ? { extraEnvs: Env.optional() } : {}),
  });
  const ApiServer = Component.extend({
    certSANs: z.array(z.string()).optional(),
    ...(v4 ? {} : { timeoutForControlPlane: z.string().optional() }),
  });
  const Cluster = z.strictObject({
    apiVersion: z.string(),
    kind: z.literal('ClusterConfiguration'),
    etcd: z
      .strictObject({
        local: z
          .strictObject({
            dataDir: z.string().regex(/^\//, 'an absolute path').optional(),
            extraArgs: Args.optional(),
            ...(v4 ? { extraEnvs: Env.optional() } : {}),
            imageRepository: z.string().optional(),
            imageTag: z.string().optional(),
            serverCertSANs: z.array(z.string()).optional(),
            peerCertSANs: z.array(z.string()).optional(),
          })
          .optional(),
        external: z.looseObject({}).optional(),
      })
      .optional(),
    networking: z
      .strictObject({
        serviceSubnet: z.string().optional(),
        podSubnet: z.string().optional(),
        dnsDomain: z.string().optional(),
      })
      .optional(),
    kubernetesVersion: z.string().optional(),
    controlPlaneEndpoint: z.string().optional(),
    apiServer: ApiServer.optional(),
    controllerManager: Component.optional(),
    scheduler: Component.optional(),
    dns: z.looseObject({}).optional(),
    proxy: z.looseObject({}).optional(),
    certificatesDir: z.string().optional(),
    imageRepository: z.string().optional(),
    useHyperKubeImage: z.boolean().optional(),
    featureGates: z.record(z.string(), z.boolean()).optional(),
    clusterName: z.string().optional(),
    encryptionAlgorithm: z.string().optional(),
    certificateValidityPeriod: z.string().optional(),
    caCertificateValidityPeriod: z.string().optional(),
  });
  const Init = z.strictObject({
    apiVersion: z.string(),
    kind: z.literal('InitConfiguration'),
    bootstrapTokens: z.array(z.looseObject({})).optional(),
    nodeRegistration: z
      .strictObject({
        name: z.string().optional(),
        criSocket: z.string().optional(),
        taints: z.array(z.looseObject({})).nullable().optional(),
        kubeletExtraArgs: Args.optional(),
        ignorePreflightErrors: z.array(z.string()).optional(),
        imagePullPolicy: z.string().optional(),
        imagePullSerial: z.boolean().optional(),
      })
      .optional(),
    localAPIEndpoint: z
      .strictObject({ advertiseAddress: z.string().optional(), bindPort: z.number().int().optional() })
      .optional(),
    certificateKey: z.string().optional(),
    skipPhases: z.array(z.string()).optional(),
    patches: z.looseObject({}).optional(),
    timeouts: z.looseObject({}).optional(),
    dryRun: z.boolean().optional(),
  });
  return { Cluster, Init };
}

const Header = z.looseObject({ apiVersion: z.string().min(1), kind: z.string().min(1) });

const pairs = (args: Record<string, string> | Array<{ name: string; value: string }> | undefined) =>
  args === undefined
    ? []
    : Array.isArray(args)
      ? args.map((a) => [a.name, a.value] as [string, string])
      : Object.entries(args).map(([k, v]) => [k, v] as [string, string]);

/** Parse and validate a kubeadm configuration for a release; every problem is positioned. */
export function parseKubeadmConfig(text: string, file: string, release: ReleaseSnapshot): KubeadmChanges {
  const { docs, lines, problems } = parseYamlStream(text, file);
  if (problems.length) throw new InputError(problems);
  const served = at(kubeadmNodeFacts().kubeadmApi, release.release).map((a) => a.apiVersion);
  const out = {
    extraArgs: {} as Record<ControlPlaneComponent, Array<[string, string]>>,
    extraVolumes: {} as Record<ControlPlaneComponent, ExtraVolume[]>,
    kubeletExtraArgs: [] as Array<[string, string]>,
    kubelet: {} as Record<string, unknown>,
    proxy: {} as Record<string, unknown>,
  } as { -readonly [K in keyof KubeadmChanges]: KubeadmChanges[K] };
  const errors: Problem[] = [];
  const add = (c: ControlPlaneComponent, args: ReturnType<typeof pairs>, vols?: ExtraVolume[]) => {
    if (args.length) out.extraArgs[c] = [...(out.extraArgs[c] ?? []), ...args];
    if (vols?.length) out.extraVolumes[c] = [...(out.extraVolumes[c] ?? []), ...vols];
  };
  let seen = 0;
  for (const doc of docs) {
    if (doc.contents === null) continue;
    seen++;
    const head = validateDocument(doc, lines, file, Header);
    if (!head.value) {
      errors.push(...head.problems);
      continue;
    }
    const { apiVersion, kind } = head.value;
    const at1 = (node: unknown, message: string) => {
      const { line, col } = lineOf(node, lines);
      errors.push({ file, line, col, severity: 'error', message });
    };
    if (apiVersion.startsWith('kubeadm.k8s.io/')) {
      if (!served.includes(apiVersion)) {
        at1(
          doc.get('apiVersion', true),
          `kubeadm ${release.release} does not read ${apiVersion}, expected one of ${served.join(', ')}`,
        );
        continue;
      }
      const { Cluster, Init } = schemas(apiVersion);
      if (kind === 'ClusterConfiguration') {
        const r = validateDocument(doc, lines, file, Cluster);
        if (!r.value) {
          errors.push(...explainArgs(r.problems, apiVersion));
          continue;
        }
        const c = r.value;
        add('kube-apiserver', pairs(c.apiServer?.extraArgs), c.apiServer?.extraVolumes);
        add('kube-controller-manager', pairs(c.controllerManager?.extraArgs), c.controllerManager?.extraVolumes);
        add('kube-scheduler', pairs(c.scheduler?.extraArgs), c.scheduler?.extraVolumes);
        add('etcd', pairs(c.etcd?.local?.extraArgs));
        if (c.etcd?.local?.dataDir) out.etcdDataDir = c.etcd.local.dataDir;
        if (c.networking?.serviceSubnet) out.serviceSubnet = c.networking.serviceSubnet;
        if (c.networking?.podSubnet) out.podSubnet = c.networking.podSubnet;
        if (c.networking?.dnsDomain) out.dnsDomain = c.networking.dnsDomain;
        if (c.clusterName) out.clusterName = c.clusterName;
      } else if (kind === 'InitConfiguration') {
        const r = validateDocument(doc, lines, file, Init);
        if (!r.value) {
          errors.push(...explainArgs(r.problems, apiVersion));
          continue;
        }
        out.kubeletExtraArgs.push(...pairs(r.value.nodeRegistration?.kubeletExtraArgs));
        if (r.value.nodeRegistration?.name) out.nodeName = r.value.nodeRegistration.name;
        if (r.value.localAPIEndpoint?.advertiseAddress)
          out.advertiseAddress = r.value.localAPIEndpoint.advertiseAddress;
      } else
        at1(
          doc.get('kind', true),
          `kind ${kind} is not what kubeadm init reads, expected InitConfiguration or ClusterConfiguration`,
        );
    } else if (kind === 'KubeletConfiguration' || kind === 'KubeProxyConfiguration') {
      const config = release.configs[kind];
      if (config && apiVersion !== config.apiVersion) {
        at1(doc.get('apiVersion', true), `${kind} is ${config.apiVersion} in ${release.release}, found ${apiVersion}`);
        continue;
      }
      const known = new Map(config?.fields.map((f) => [f.path, f.type]));
      const target = kind === 'KubeletConfiguration' ? out.kubelet : out.proxy;
      collectFields(doc, lines, file, kind, release.release, known, target, errors);
    } else
      at1(
        doc.get('kind', true),
        `unknown kind ${kind} (${apiVersion}), expected InitConfiguration, ` +
          `ClusterConfiguration, KubeletConfiguration or KubeProxyConfiguration`,
      );
  }
  if (!seen) errors.push({ file, severity: 'error', message: 'no documents, expected a kubeadm configuration' });
  if (errors.length) throw new InputError(errors);
  return out;
}

/** A map where v1beta4 wants a list (and the other way round) deserves a sentence of its own. */
function explainArgs(problems: Problem[], apiVersion: string): Problem[] {
  const v4 = apiVersion.endsWith('v1beta4');
  return problems.map((p) =>
    /extra(Args|Envs)|kubeletExtraArgs/.test(p.message) && /wrong type/.test(p.message)
      ? {
          ...p,
          message: `${p.message.replace(/, expected \w+$/, '')}, expected ${
            v4
              ? 'a list of {name, value} (kubeadm.k8s.io/v1beta4)'
              : `a map of flag names to string values (${apiVersion}; quote values such as "false")`
          }`,
        }
      : p,
  );
}

/** Leaf fields of a component config document as dotted paths, each checked against the release's fields. */
function collectFields(
  doc: Document,
  lines: LineCounter,
  file: string,
  kind: string,
  release: string,
  known: ReadonlyMap<string, string>,
  into: Record<string, unknown>,
  errors: Problem[],
): void {
  const walk = (node: unknown, prefix: string) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!prefix && (key === 'apiVersion' || key === 'kind')) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      // Maps keyed by name (featureGates, evictionHard) are values, not nested fields.
      const isField = known.size === 0 || known.has(path);
      if (!isField && !known.has(prefix)) {
        const { line, col } = lineOf(pair.key, lines);
        errors.push({
          file,
          line,
          col,
          severity: 'error',
          message: `unknown field ${path} in ${kind} of Kubernetes ${release}, expected a field of that release`,
        });
        continue;
      }
      const hasChildren = [...known.keys()].some((k) => k.startsWith(`${path}.`));
      if (isMap(pair.value) && hasChildren) walk(pair.value, path);
      else {
        const value = (pair.value as { toJSON?: () => unknown })?.toJSON?.() ?? pair.value;
        // A value of the wrong Go type makes the component reject the whole file.
        const type = known.get(path);
        const wrong = type === undefined ? undefined : typeProblem(type, value);
        if (wrong) {
          const { line, col } = lineOf(pair.value ?? pair.key, lines);
          errors.push({
            file,
            line,
            col,
            severity: 'error',
            message: `${path} in ${kind} of Kubernetes ${release} is ${type}, found ${wrong}`,
          });
          continue;
        }
        into[path] = value;
      }
    }
  };
  walk(doc.contents, '');
}

const describe = (v: unknown) =>
  Array.isArray(v)
    ? 'a list'
    : v === null
      ? 'null'
      : typeof v === 'object'
        ? 'a map'
        : `${typeof v} ${JSON.stringify(v)}`;

/**
 * Why a YAML value does not fit a Go field type (what the component's strict decoder rejects),
 * or undefined when it fits. Struct types the release data names but does not describe pass as maps.
 */
export function typeProblem(type: string, value: unknown): string | undefined {
  const t = type.replace(/^\*/, '');
  if (value === null) return undefined;
  if (t === 'bool') return typeof value === 'boolean' ? undefined : describe(value);
  if (/^(u?int\d*|float\d*)$/.test(t))
    return typeof value === 'number' && (t.startsWith('float') || Number.isInteger(value))
      ? undefined
      : describe(value);
  if (t === 'string') return typeof value === 'string' ? undefined : describe(value);
  if (/Duration$/.test(t))
    return typeof value === 'string' && parseDuration(value) !== undefined
      ? undefined
      : `${describe(value)}, not a duration`;
  if (t.startsWith('[]')) {
    if (!Array.isArray(value)) return describe(value);
    for (const x of value) {
      const p = typeProblem(t.slice(2), x);
      if (p) return `an element ${p}`;
    }
    return undefined;
  }
  if (t.startsWith('map['))
    return value && typeof value === 'object' && !Array.isArray(value) ? undefined : describe(value);
  return undefined;
}

/** A flag value that its pflag type would not parse, or undefined when it would. */
function flagProblem(type: string | undefined, value: string): string | undefined {
  if (!type) return undefined;
  if (type === 'bool') return /^(true|false)$/.test(value) ? undefined : `"${value}", not true or false`;
  if (/^u?int\d*$/.test(type)) return /^-?\d+$/.test(value) ? undefined : `"${value}", not an integer`;
  if (type === 'duration') return parseDuration(value) !== undefined ? undefined : `"${value}", not a duration`;
  return undefined;
}

/**
 * Every problem kubeadm, or the component it starts, would have with a configuration this tool
 * prints: the documents and fields kubeadm's API version and the component's config type have
 * (with the field's Go type), and each extraArgs flag existing in the release for its component
 * with a value of the flag's type. Placeholders (`<path>`, `<file>`) stand for strings.
 */
export function configProblems(text: string, release: ReleaseSnapshot): string[] {
  let changes: KubeadmChanges;
  try {
    changes = parseKubeadmConfig(text, 'configuration', release);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => p.message);
    throw e;
  }
  const out: string[] = [];
  for (const [component, args] of Object.entries(changes.extraArgs) as Array<
    [ControlPlaneComponent, Array<[string, string]>]
  >) {
    for (const [name, value] of args) {
      // etcd's flags are etcd's, not a Kubernetes release's.
      if (component === 'etcd') continue;
      const flag = release.flags[component].find((f) => f.name === name);
      if (!flag) {
        out.push(`${component} has no flag --${name} in Kubernetes ${release.release}`);
        continue;
      }
      const wrong = flagProblem(flag.type, value);
      if (wrong) out.push(`${component} --${name} is ${flag.type} in Kubernetes ${release.release}, found ${wrong}`);
    }
    // Every file a flag names outside the folders kubeadm mounts must come with a volume for it.
    const mounted = [...(changes.extraVolumes[component] ?? []).map((v) => v.mountPath), '/etc/kubernetes/pki'];
    for (const [name, value] of args)
      if (value.startsWith('/') && !mounted.some((m) => value === m || value.startsWith(`${m}/`)))
        out.push(`${component} --${name}=${value} names a file no volume mounts into the static Pod`);
  }
  return out;
}
