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

const FlagSubject = z.strictObject({
  kind: z.literal('flag'),
  component: Component,
  flag: z.string().regex(/^--?[A-Za-z0-9][\w.-]*$/, 'a command-line flag such as --anonymous-auth'),
});
const ConfigSubject = z.strictObject({
  kind: z.literal('config'),
  component: Component,
  /** Dotted path into the component's config file, e.g. authentication.anonymous.enabled. */
  path: z.string().min(1),
});
const GateSubject = z.strictObject({
  kind: z.literal('feature-gate'),
  component: Component,
  gate: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a feature gate name such as RotateKubeletServerCertificate'),
});
const PluginSubject = z.strictObject({
  kind: z.literal('admission-plugin'),
  plugin: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an admission plugin name such as NodeRestriction'),
  /** Whether the check is about the plugin being enabled or disabled. */
  state: z.enum(['enabled', 'disabled']),
});
const FileSubject = z.strictObject({
  kind: z.literal('file'),
  /** A role such as "kube-apiserver manifest" or "etcd data directory", or a literal path. */
  role: z.string().min(1),
  attribute: z.enum(['mode', 'owner', 'group', 'exists']),
  component: Component.optional(),
});
const ApiObjectSubject = z.strictObject({
  kind: z.literal('api-object'),
  /** The resource a kubectl audit lists (clusterrolebindings, pods, serviceaccounts, …). */
  resource: z.string().min(1),
  /** The token the audit prints for each object it judges. */
  raw: z.string(),
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
