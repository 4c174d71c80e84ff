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
      const known = new Set(config?.fields.map((f) => f.path));
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
  known: ReadonlySet<string>,
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
      const hasChildren = [...known].some((k) => k.startsWith(`${path}.`));
      if (isMap(pair.value) && hasChildren) walk(pair.value, path);
      else into[path] = (pair.value as { toJSON?: () => unknown })?.toJSON?.() ?? pair.value;
    }
  };
  walk(doc.contents, '');
}
