// The node a default `kubeadm init` lays down for a release, built from reviewed data
// (data/kubeadm-node.yaml) and the release snapshot (the flags kubeadm writes, the
// kubelet's config fields and their defaults), optionally changed by a kubeadm
// configuration file the way kubeadm applies one.
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { compareText } from '../model/ids.js';
import type { NodeBundle, NodeProcess } from './bundle.js';
import { daemonSets, kubeletFromSystemd } from './processes.js';
import { NodeBuilder } from './builder.js';
import { emitYaml } from './emit.js';
import { at, fill, holds, type KubeadmNodeFacts, kubeadmNodeFacts, type Probe } from './facts.js';
import { goDefault, isZero, typed } from './go-values.js';
import { type ControlPlaneComponent, type KubeadmChanges, noChanges } from './kubeadm-changes.js';
import type { ApiObject } from './schema.js';

const controlPlane: ControlPlaneComponent[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** Serialise like sigs.k8s.io/yaml: keys sorted at every level. */
export function kubeYaml(value: unknown): string {
  return emitYaml(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => compareText(a, b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}

/** Set a dotted path in a plain object, making the maps on the way; undefined removes the key. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    if (!o[p] || typeof o[p] !== 'object' || Array.isArray(o[p])) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  if (value === undefined) delete o[parts[parts.length - 1]];
  else o[parts[parts.length - 1]] = value;
}

/** The service subnet's 10th address: kubeadm's cluster DNS IP (10.96.0.0/12 → 10.96.0.10). */
function tenthAddress(subnet: string): string | undefined {
  const m = subnet.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)\//);
  if (!m) return undefined;
  const n = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) + 10;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

interface Values {
  readonly name: string;
  readonly address: string;
  readonly serviceSubnet: string;
  readonly podSubnet?: string;
  readonly clusterDNS: string;
  readonly clusterDomain: string;
  readonly clusterName: string;
  readonly registry: string;
  readonly pause: string;
  readonly etcdDataDir: string;
}

function valuesOf(facts: KubeadmNodeFacts, r: string, changes: KubeadmChanges): Values {
  const serviceSubnet = changes.serviceSubnet ?? facts.node.serviceSubnet;
  return {
    name: changes.nodeName ?? facts.node.name,
    address: changes.advertiseAddress ?? facts.node.address,
    serviceSubnet,
    ...(changes.podSubnet ? { podSubnet: changes.podSubnet } : {}),
    clusterDNS: tenthAddress(serviceSubnet) ?? facts.node.clusterDNS,
    clusterDomain: changes.dnsDomain ?? facts.node.clusterDomain,
    clusterName: changes.clusterName ?? facts.node.clusterName,
    registry: at(facts.registry, r)[0]?.value ?? 'registry.k8s.io',
    pause: at(facts.pause, r)[0]?.value ?? '3.9',
    etcdDataDir: changes.etcdDataDir ?? '/var/lib/etcd',
  };
}

function placeholders(v: Values): Record<string, string> {
  return {
    name: v.name,
    address: v.address,
    serviceSubnet: v.serviceSubnet,
    clusterName: v.clusterName,
    registry: v.registry,
    pause: v.pause,
  };
}

export function kubeadmNode(release: ReleaseSnapshot, changes: KubeadmChanges = noChanges): NodeBundle {
  const facts = kubeadmNodeFacts();
  const r = release.release;
  const v = valuesOf(facts, r, changes);
  const b = new NodeBuilder(facts.owner.user, facts.owner.group);

  // Files and folders kubeadm and the packages create.
  for (const f of at(facts.files, r)) {
    if (f.type === 'folder') b.folder(f.path, f.mode);
    else b.file(f.path, f.mode);
  }
  if (v.etcdDataDir !== '/var/lib/etcd') {
    b.files.delete('/var/lib/etcd');
    b.files.delete('/var/lib/etcd/member');
    b.folder(v.etcdDataDir, '0700').folder(`${v.etcdDataDir}/member`, '0700');
  }
  const pki = '/etc/kubernetes/pki';
  for (const p of facts.pki.pairs)
    b.file(`${pki}/${p}.crt`, facts.pki.certMode).file(`${pki}/${p}.key`, facts.pki.keyMode);
  b.file(`${pki}/${facts.pki.serviceAccount.key}`, facts.pki.serviceAccount.mode);
  b.file(`${pki}/${facts.pki.serviceAccount.pub}`, facts.pki.serviceAccount.mode);

  // The kubelet: systemd unit, kubeadm's drop-in, environment files, config file.
  const pkg = at(facts.packaging, r)[0];
  if (pkg) {
    if (pkg.mergedUsr) b.link('/lib', 'usr/lib');
    b.file(pkg.unit, facts.unitMode, unitText());
    b.folder(pkg.dropIn.slice(0, pkg.dropIn.lastIndexOf('/')), '0755');
    b.file(pkg.dropIn, facts.unitMode, dropInText(facts, pkg.environmentFile));
    b.file(pkg.environmentFile, '0644', 'KUBELET_EXTRA_ARGS=\n');
  }
  b.file('/var/lib/kubelet/kubeadm-flags.env', '0644', flagsEnv(facts, r, v, changes));
  const kubeletFile = kubeletConfig(facts, release, v, changes);
  b.file('/var/lib/kubelet/config.yaml', '0644', kubeYaml(kubeletFile), JSON.parse(JSON.stringify(kubeletFile)));
  // Written where the facts list the file (NodeLocalCRISocket on by default), not from a release in code.
  if (facts.files.some((f) => f.path === '/var/lib/kubelet/instance-config.yaml' && holds(f, r)))
    b.file(
      '/var/lib/kubelet/instance-config.yaml',
      '0644',
      kubeYaml({
        apiVersion: release.configs.KubeletConfiguration?.apiVersion ?? 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        containerRuntimeEndpoint: 'unix:///var/run/containerd/containerd.sock',
      }),
    );

  // Control-plane static Pods, and the processes the kubelet starts from them.
  const pods: NodeProcess[] = [];
  for (const c of controlPlane) {
    const pod = staticPod(facts, release, v, changes, c);
    const path = `/etc/kubernetes/manifests/${c}.yaml`;
    const text = kubeYaml(pod);
    b.file(path, '0600', text, pod);
    pods.push(podProcess(pod.spec.containers[0].command as string[], text, path.slice(1)));
  }

  b.objects.push(...kubeProxy(facts, release, v, changes), coreDNS(facts, r, v));
  const node = b.build({ name: `kubeadm@${r}`, release: r, installer: 'kubeadm', nodeName: v.name });
  const kubelet = kubeletFromSystemd(node);
  return { ...node, processes: [...(kubelet ? [kubelet] : []), ...pods, ...daemonSets(node)] };
}

/** A static Pod's process, each argument with its line in the manifest (found in the text, no re-parse). */
function podProcess(argv: string[], text: string, shownAs: string): NodeProcess {
  const lines = text.split('\n');
  let from = 0;
  const argSources = argv.map((a) => {
    const i = lines.findIndex((l, n) => n >= from && l.trim() === `- ${a}`);
    if (i >= 0) from = i + 1;
    return { file: shownAs, ...(i >= 0 ? { line: i + 1 } : {}) };
  });
  return { argv, command: argv.join(' '), source: { file: shownAs }, argSources };
}

function unitText(): string {
  return [
    '[Unit]',
    'Description=kubelet',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'ExecStart=/usr/bin/kubelet',
    'Restart=always',
    'StartLimitInterval=0',
    'RestartSec=10',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

function dropInText(facts: KubeadmNodeFacts, environmentFile: string): string {
  const d = facts.dropIn;
  return [
    '[Service]',
    ...Object.entries(d.environment).map(([k, val]) => `Environment="${k}=${val}"`),
    ...[...d.environmentFiles, environmentFile].map((f) => `EnvironmentFile=-${f}`),
    'ExecStart=',
    `ExecStart=${d.execStart}`,
    '',
  ].join('\n');
}

function flagsEnv(facts: KubeadmNodeFacts, r: string, v: Values, changes: KubeadmChanges): string {
  const flags = new Map<string, string>();
  for (const f of at(facts.kubeletFlags.flags, r)) flags.set(f.name, fill(f.value, placeholders(v)));
  for (const [k, val] of changes.kubeletExtraArgs) flags.set(k, val);
  const args = [...flags]
    .sort(([a], [b]) => compareText(a, b))
    .map(([k, val]) => `--${k}=${val}`)
    .join(' ');
  return holds(facts.kubeletFlags.quoted, r) ? `KUBELET_KUBEADM_ARGS="${args}"\n` : `KUBELET_KUBEADM_ARGS=${args}\n`;
}

function kubeletConfig(facts: KubeadmNodeFacts, release: ReleaseSnapshot, v: Values, changes: KubeadmChanges) {
  const r = release.release;
  const kind = release.configs.KubeletConfiguration;
  const fields = new Map((kind?.fields ?? []).map((f) => [f.path, f]));
  const out: Record<string, unknown> = {};
  if (holds(facts.kubeletConfig.defaulted, r)) {
    // Before 1.17 the whole defaulted object was written.
    for (const f of kind?.fields ?? []) {
      const val = goDefault(f.type, f.default);
      const parentIsPointer =
        f.path.includes('.') && fields.get(f.path.slice(0, f.path.lastIndexOf('.')))?.type.startsWith('*');
      if (val !== undefined && !(isZero(val) && !f.type.startsWith('*')) && !parentIsPointer) setPath(out, f.path, val);
    }
  } else {
    // Non-pointer Durations are printed even when zero (omitempty does not apply to structs).
    for (const f of kind?.fields ?? []) {
      if (f.type !== 'metav1.Duration') continue;
      const parent = f.path.includes('.') ? fields.get(f.path.slice(0, f.path.lastIndexOf('.'))) : undefined;
      if (!parent?.type.startsWith('*')) setPath(out, f.path, '0s');
    }
    for (const z of at(facts.kubeletConfig.zeroStructs, r)) setPath(out, z.field, z.value);
  }
  for (const [path, val] of Object.entries(release.kubeadm.kubelet)) {
    if (facts.kubeletConfig.omit.includes(path)) continue;
    setPath(out, path, typed(fields.get(path)?.type ?? 'string', val));
  }
  for (const s of at(facts.kubeletConfig.set, r))
    setPath(out, s.field, s.field === 'clusterDNS' ? [v.clusterDNS] : s.value);
  setPath(out, 'clusterDomain', v.clusterDomain);
  for (const [path, val] of Object.entries(changes.kubelet)) setPath(out, path, val ?? undefined);
  return {
    apiVersion: kind?.apiVersion ?? 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    ...out,
  };
}

function probe(p: Probe, timings: Record<string, number> | undefined, named: boolean) {
  const handler = p.exec
    ? { exec: { command: ['/bin/sh', '-ec', p.exec] } }
    : { httpGet: { host: p.host, path: p.path, port: named ? 'probe-port' : p.port, scheme: p.scheme } };
  return { ...handler, ...timings };
}

function staticPod(
  facts: KubeadmNodeFacts,
  release: ReleaseSnapshot,
  v: Values,
  changes: KubeadmChanges,
  component: ControlPlaneComponent,
) {
  const r = release.release;
  const sp = facts.staticPods;
  const flags = new Map<string, string>(Object.entries(release.kubeadm.flags[component] ?? {}));
  for (const [k, val] of Object.entries(sp.flags[component] ?? {})) flags.set(k, fill(val, placeholders(v)));
  if (component === 'etcd') flags.set('data-dir', v.etcdDataDir);
  for (const [k, val] of changes.extraArgs[component] ?? []) flags.set(k, val);
  const command = [component, ...[...flags].sort(([a], [b]) => compareText(a, b)).map(([k, val]) => `--${k}=${val}`)];
  const volumes = (sp.volumes[component] ?? []).map((vol) =>
    component === 'etcd' && vol.name === 'etcd-data' ? { ...vol, hostPath: v.etcdDataDir } : vol,
  );
  const extra = changes.extraVolumes[component] ?? [];
  const named = holds(sp.namedProbePort, r);
  const probes = at(sp.probes[component], r)[0];
  const timing = at(sp.timings, r)[0];
  const port = probes?.liveness?.port;
  const image =
    component === 'etcd'
      ? `${v.registry}/etcd:${release.etcd?.version ?? '3.5'}.0-0`
      : `${v.registry}/${component}:v${r}.0`;
  const container: Record<string, unknown> = {
    command,
    image,
    imagePullPolicy: 'IfNotPresent',
    name: component,
    resources: { requests: { cpu: sp.cpu[component] } },
    volumeMounts: [
      ...volumes.map((vol) => ({
        mountPath: vol.hostPath,
        name: vol.name,
        ...(vol.readOnly ? { readOnly: true } : {}),
      })),
      ...extra.map((vol) => ({
        mountPath: vol.mountPath,
        name: vol.name,
        ...(vol.readOnly ? { readOnly: true } : {}),
      })),
    ],
  };
  for (const kind of ['liveness', 'readiness', 'startup'] as const) {
    const p = probes?.[kind];
    if (p) container[`${kind}Probe`] = probe(fillProbe(p, v), timing?.[kind], named && !p.exec);
  }
  if (named && port) container.ports = [{ containerPort: port, name: 'probe-port', protocol: 'TCP' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      labels: { component, tier: 'control-plane' },
      name: component,
      namespace: 'kube-system',
    },
    spec: {
      containers: [container],
      hostNetwork: sp.hostNetwork.value,
      ...(holds(sp.priority, r) ? { priority: sp.priority.value } : {}),
      priorityClassName: at(sp.priorityClassName, r)[0]?.value,
      ...(holds(sp.seccompRuntimeDefault, r)
        ? { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }
        : {}),
      volumes: [
        ...volumes.map((vol) => ({ hostPath: { path: vol.hostPath, type: vol.type }, name: vol.name })),
        ...extra.map((vol) => ({
          hostPath: { path: vol.hostPath, ...(vol.pathType ? { type: vol.pathType } : {}) },
          name: vol.name,
        })),
      ],
    },
    status: {},
  };
}

function fillProbe(p: Probe, v: Values): Probe {
  return p.host ? { ...p, host: fill(p.host, placeholders(v)) } : p;
}

function kubeProxy(facts: KubeadmNodeFacts, release: ReleaseSnapshot, v: Values, changes: KubeadmChanges): ApiObject[] {
  const kp = facts.addons.kubeProxy;
  const r = release.release;
  const cfg = at(kp.config, r)[0];
  const kind = release.configs.KubeProxyConfiguration;
  const config: Record<string, unknown> = {
    apiVersion: kind?.apiVersion ?? 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    bindAddress: cfg?.bindAddress ?? '0.0.0.0',
    clientConnection: { kubeconfig: '/var/lib/kube-proxy/kubeconfig.conf' },
    clusterCIDR: v.podSubnet ?? '',
    metricsBindAddress: cfg?.metricsBindAddress ?? '',
    mode: '',
  };
  for (const [path, val] of Object.entries(changes.proxy)) setPath(config, path, val ?? undefined);
  const labels = { 'k8s-app': 'kube-proxy' };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
      data: {
        'config.conf': kubeYaml(config),
        'kubeconfig.conf': kubeYaml({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [
            {
              name: 'default',
              cluster: {
                'certificate-authority': '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
                server: `https://${v.address}:6443`,
              },
            },
          ],
          contexts: [{ name: 'default', context: { cluster: 'default', namespace: 'default', user: 'default' } }],
          'current-context': 'default',
          users: [{ name: 'default', user: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } }],
        }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'kube-proxy',
                image: `${v.registry}/kube-proxy:v${r}.0`,
                command: kp.command,
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                securityContext: { privileged: kp.privileged },
                volumeMounts: [
                  { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                  ...kp.hostPaths.map((h) => ({
                    mountPath: h.path,
                    name: h.name,
                    ...(h.readOnly ? { readOnly: true } : {}),
                  })),
                ],
              },
            ],
            hostNetwork: kp.hostNetwork,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: kp.priorityClassName,
            serviceAccountName: 'kube-proxy',
            tolerations: [{ operator: 'Exists' }],
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              ...kp.hostPaths.map((h) => ({
                name: h.name,
                hostPath: { path: h.path, ...(h.type ? { type: h.type } : {}) },
              })),
            ],
          },
        },
      },
    },
  ];
}

function coreDNS(facts: KubeadmNodeFacts, r: string, v: Values): ApiObject {
  const dns = facts.addons.coreDNS;
  const ready = at(dns.readiness, r)[0];
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'coredns',
              image: `${v.registry}/coredns/coredns`,
              args: ['-conf', '/etc/coredns/Corefile'],
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' } },
              ...(ready ? { readinessProbe: { httpGet: { path: ready.path, port: ready.port, scheme: 'HTTP' } } } : {}),
              securityContext: dns.securityContext,
              volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
            },
          ],
          priorityClassName: dns.priorityClassName,
          serviceAccountName: 'coredns',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns' } }],
        },
      },
    },
  };
}

/** A node started by hand: binaries with the flags they need, no config files, no installer. */
export function genericNode(release: ReleaseSnapshot): NodeBundle {
  const facts = kubeadmNodeFacts();
  const r = release.release;
  const processes = [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kubelet',
    'kube-proxy',
  ].map((c) => {
    const bin = `/usr/local/bin/${c}`;
    const list = Array.isArray(facts.generic.flags[c]) ? at(facts.generic.flags[c], r) : [];
    const argv = [bin, ...list.map((f) => `--${f.name}=${f.value}`)];
    return { argv, command: argv.join(' '), source: { file: `generic@${r}` } };
  });
  const b = new NodeBuilder();
  return { ...b.build({ name: `generic@${r}`, release: r, installer: 'generic' }), processes, objects: undefined };
}
