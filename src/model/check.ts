import { z } from 'zod';

/** Components a control can check. etcd is versioned on its own, the rest follow Kubernetes. */
export const Component = z.enum([
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
  'etcd',
  'kubernetes',
  'flanneld',
  'container-runtime',
  'federation-apiserver',
  'federation-controller-manager',
  'openshift-master',
  'openshift-node',
  // Docker Engine and the runtimes under it, for the CIS Docker Benchmark.
  'dockerd',
  'containerd',
]);
export type Component = z.infer<typeof Component>;

export const Operator = z.enum([
  'eq',
  'noteq',
  'gt',
  'gte',
  'lt',
  'lte',
  'has',
  'nothave',
  'regex',
  'valid_elements',
  'bitmask',
  'present',
  'absent',
]);
export type Operator = z.infer<typeof Operator>;

/**
 * Where a scanner reads a component's setting when it is not where the subject's kind says (a flag
 * on the process line, a field of the file the component is started with). The setting is the
 * same, so matching and judging ignore this; export writes its audit the same way back.
 * `conf-file`: the component's file kube-bench names `$<component>conf` (one flag a line in
 * microk8s' arguments files, a static Pod manifest, etcd's config file), searched for the flag.
 * `configz`: the kubelet's running configuration through the API server's node proxy.
 * `environment`: the process's environment (etcd reads each flag from ETCD_<FLAG> as well).
 * A resource: the component's arguments as an operator keeps them in a cluster object
 * (OpenShift's `observedConfig.apiServerArguments`, a config map's `config.yaml`).
 */
export const Reading = z.union([
  z.enum(['conf-file', 'configz', 'environment']),
  z.strictObject({
    /** The resource as the command names it (configmap, kubeapiservers.operator.openshift.io). */
    resource: z.string().regex(/^[a-z][a-z0-9.-]*$/, 'a resource name such as configmap'),
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'an object name such as config'),
    namespace: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'a namespace such as openshift-kube-apiserver')
      .optional(),
    /** A data key holding a YAML or JSON document (config.yaml), read before `field`. */
    document: z
      .string()
      .regex(/^[\w.-]+$/, 'a data key such as config.yaml')
      .optional(),
    /**
     * The dotted path of the component's arguments (apiServerArguments,
     * spec.observedConfig.apiServerArguments); absent: a config subject's path is from the document's root.
     */
    field: z
      .string()
      .regex(/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/, 'a field path such as apiServerArguments')
      .optional(),
  }),
  z.strictObject({
    /** A file at a fixed path holding the component's arguments (OpenShift 3's master-config.yaml). */
    file: z.string().regex(/^\/[\w./-]+$/, 'an absolute path such as /etc/origin/master/master-config.yaml'),
    /** The dotted path of the arguments map in it (kubernetesMasterConfig.apiServerArguments, kubeletArguments). */
    field: z.string().regex(/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/, 'a field path such as kubeletArguments'),
  }),
]);
export type Reading = z.infer<typeof Reading>;

const FlagSubject = z.strictObject({
  kind: z.literal('flag'),
  component: Component,
  flag: z.string().regex(/^--?[A-Za-z0-9][\w.-]*$/, 'a command-line flag such as --anonymous-auth'),
  /** Read elsewhere than on the process line (absent: the process line). */
  read: Reading.optional(),
});
const ConfigSubject = z.strictObject({
  kind: z.literal('config'),
  component: Component,
  /**
   * Dotted path into the component's config file, e.g. authentication.anonymous.enabled; a path
   * starting with a config kind (EncryptionConfiguration.resources.providers) is a field of the file
   * the flag of that kind names (--encryption-provider-config).
   */
  path: z.string().min(1),
  /** Read elsewhere than in the file the component is started with (absent: that file). */
  read: Reading.optional(),
});
const GateSubject = z.strictObject({
  kind: z.literal('feature-gate'),
  component: Component,
  gate: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a feature gate name such as RotateKubeletServerCertificate'),
  /** Where --feature-gates is read when not on the process line. */
  read: Reading.optional(),
});
const PluginSubject = z.strictObject({
  kind: z.literal('admission-plugin'),
  plugin: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an admission plugin name such as NodeRestriction'),
  /** Whether the check is about the plugin being enabled or disabled. */
  state: z.enum(['enabled', 'disabled']),
  /** Where the API server's plugin flags are read when not on its process line. */
  read: Reading.optional(),
});
/** A file's mode as `stat -c %a` prints it (`600`), or with a leading zero (`0600`): node bundles and test cases. */
export const FileMode = z.string().regex(/^0?[0-7]{3,4}$/, 'an octal mode such as 0600');

const FileSubject = z.strictObject({
  kind: z.literal('file'),
  /** A role such as "kube-apiserver manifest" or "etcd data directory", or a literal path. */
  role: z.string().min(1),
  /** partition: the path is a mount point of its own (a separate partition). */
  attribute: z.enum(['mode', 'owner', 'group', 'exists', 'partition']),
  component: Component.optional(),
});
/**
 * A field of the API objects of one kind, read on every object (all must pass):
 * `{ resource: Pod, field: spec.hostNetwork }`, `{ resource: Pod, field: spec.containers[].securityContext.privileged }`,
 * `{ resource: ServiceAccount, field: automountServiceAccountToken, selector: metadata.name=default }`.
 * `[]` in a field reads every element of a list (every container, every rule). An evaluator lists the objects
 * (`kubectl get <resource> -A -o json`), keeps those the selector names, and applies the check's operator
 * to the field's value in each (an unset field is absent). A SubjectAccessReview is the answer to the request
 * its selector names (`group=system:authenticated,verb=get|list|watch,resource=secrets`), field status.allowed.
 */
const ApiObjectSubject = z
  .strictObject({
    kind: z.literal('api-object'),
    /** The API kind: Pod, ServiceAccount, Role, ClusterRole, ClusterRoleBinding, Namespace, … (kubectl's resource name in older files). */
    resource: z.string().min(1),
    /** Dotted path into each object; `[]` marks every element of a list. */
    field: z
      .string()
      .regex(
        /^[A-Za-z][\w-]*(\[\])?(\.[A-Za-z][\w-]*(\[\])?)*$/,
        'a field path such as spec.containers[].securityContext.privileged',
      )
      .optional(),
    /** Which objects: `metadata.name=default`, `metadata.namespace=default`, … (every object when absent). */
    selector: z.string().min(1).optional(),
    /** The token the source's audit prints for each object it judges, when no field could be recovered. */
    raw: z.string().optional(),
  })
  .refine((s) => s.field !== undefined || s.raw !== undefined, {
    message: 'an api-object subject needs a field or raw',
  });

// The CIS Docker Benchmark reads Docker Engine, its files and its containers.
const DockerdFlagSubject = z.strictObject({
  kind: z.literal('dockerd-flag'),
  /** A flag on the dockerd command line, e.g. --icc. */
  flag: z.string().regex(/^--?[A-Za-z0-9][\w.-]*$/, 'a dockerd flag such as --icc'),
});
const DaemonJsonSubject = z.strictObject({
  kind: z.literal('daemon-json'),
  /** A key of dockerd's configuration file (/etc/docker/daemon.json), e.g. no-new-privileges. */
  key: z.string().regex(/^[A-Za-z][\w.-]*$/, 'a daemon.json key such as live-restore'),
});
const DockerInfoSubject = z.strictObject({
  kind: z.literal('docker-info'),
  /**
   * A field of `docker info` (SecurityOptions, Driver, LiveRestoreEnabled, Swarm.LocalNodeState)
   * or of `docker version` (Server.Experimental).
   */
  field: z.string().min(1),
  /** For list fields: the entry checked, e.g. userns in SecurityOptions. */
  option: z.string().min(1).optional(),
});
const ContainerSubject = z.strictObject({
  kind: z.literal('container'),
  /**
   * A field of `docker inspect`, one value per container (every container must pass): HostConfig.Privileged,
   * HostConfig.SecurityOpt, HostConfig.PidsLimit, Mounts[].Source, Config.User, NetworkSettings.Ports; or
   * Uid, the user id of the container's first process.
   */
  field: z.string().min(1),
  /** For list fields: the entry checked, e.g. no-new-privileges in HostConfig.SecurityOpt. */
  option: z.string().min(1).optional(),
});
const DockerNetworkSubject = z.strictObject({
  kind: z.literal('docker-network'),
  /** An option of `docker network inspect`, e.g. com.docker.network.bridge.enable_icc. */
  option: z.string().min(1),
  /** Only networks of this driver (overlay); every network when absent. */
  driver: z.string().min(1).optional(),
});
const AuditRuleSubject = z.strictObject({
  kind: z.literal('audit-rule'),
  /** A path (or systemd unit) the host's audit rules must watch (`auditctl -l`). */
  path: z.string().min(1),
  component: Component.optional(),
});
const AuditEventSubject = z.strictObject({
  kind: z.literal('audit-event'),
  /** The audit key searched (`ausearch -k docker`). */
  key: z.string().min(1),
  /** The words the events must (not) hold, e.g. "exec privileged". */
  match: z.string().min(1),
});
const EnvironmentSubject = z.strictObject({
  kind: z.literal('environment'),
  /** An environment variable of the client's shell, e.g. DOCKER_CONTENT_TRUST. */
  variable: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable such as DOCKER_CONTENT_TRUST'),
});
// A host's service manager: distribution benchmarks (DISA's Kubernetes STIG) judge whether a
// service such as sshd runs on a node.
const ServiceSubject = z.strictObject({
  kind: z.literal('service'),
  /** A systemd unit as systemctl names it: sshd, sshd.service, kubelet@x.service. */
  unit: z.string().regex(/^[A-Za-z0-9][\w@.:-]*$/, 'a systemd unit name such as sshd.service'),
  /**
   * What is read: a property `systemctl show -p` prints (ActiveState, UnitFileState), or the state
   * `systemctl is-enabled` / `is-active` prints (enabled, disabled, active, inactive, …).
   */
  property: z.string().regex(/^(is-enabled|is-active|[A-Z][A-Za-z]*)$/, 'ActiveState, is-enabled or is-active'),
});
const UnknownSubject = z.strictObject({
  kind: z.literal('unknown'),
  component: Component.optional(),
  /** The source's own words for what is read (a kube-bench flag/path token). */
  raw: z.string(),
});

export const Subject = z.discriminatedUnion('kind', [
  FlagSubject,
  ConfigSubject,
  GateSubject,
  PluginSubject,
  FileSubject,
  ApiObjectSubject,
  DockerdFlagSubject,
  DaemonJsonSubject,
  DockerInfoSubject,
  ContainerSubject,
  DockerNetworkSubject,
  AuditRuleSubject,
  AuditEventSubject,
  EnvironmentSubject,
  ServiceSubject,
  UnknownSubject,
]);
export type Subject = z.infer<typeof Subject>;
export type SubjectKind = Subject['kind'];

export const Check = z.strictObject({
  /** One setting, possibly readable in several places (a flag or a config field): any subject may hold it. */
  subjects: z.array(Subject).min(1),
  op: Operator,
  value: z.string().optional(),
});
export type Check = z.infer<typeof Check>;

// The functions live in a module without zod, so rules and the command line load them cheaply.
export { subjectKey, subjectLabel } from './subject.js';
