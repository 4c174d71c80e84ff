// The index of a node bundle: what a copy of a node's files cannot carry (modes, owners,
// the command lines of running processes, API objects). The JSON Schema under schema/
// is generated from it.
import { z } from 'zod';

import { indexApiVersion } from './bundle.js';
import { FileMode } from '../model/check.js';

export { indexApiVersion, indexFileName } from './bundle.js';

const NodePath = z.string().regex(/^\/[^\0]*$/, 'an absolute path on the node such as /etc/kubernetes/admin.conf');

export const IndexFile = z.strictObject({
  path: NodePath,
  /** `find -printf %Y` letters are accepted too (f, d, l). */
  type: z.enum(['file', 'folder', 'symlink', 'f', 'd', 'l']).optional(),
  /** Octal, as `stat -c %a` or `find -printf %m` prints it (`600`), or with a leading zero. */
  mode: FileMode.optional(),
  owner: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  /** A symbolic link's target (`/lib` → `usr/lib` on a merged-/usr system). */
  target: z.string().min(1).optional(),
});
export type IndexFile = z.infer<typeof IndexFile>;

export const IndexProcess = z.strictObject({
  /** The command line as `ps -eo args` prints it. */
  command: z.string().min(1),
  /** The process environment (`/proc/<pid>/environ`), where a check reads it (etcd's ETCD_* variables). */
  environment: z.record(z.string(), z.string()).optional(),
});
export type IndexProcess = z.infer<typeof IndexProcess>;

export const ApiObject = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }).optional(),
});
export type ApiObject = z.infer<typeof ApiObject>;

export const NodeIndex = z.strictObject({
  apiVersion: z.literal(indexApiVersion),
  kind: z.literal('NodeBundle'),
  node: z
    .strictObject({
      name: z.string().min(1).optional(),
      /** The Kubernetes minor release the node runs (evaluate's default --release). */
      release: z
        .string()
        .regex(/^\d+\.\d+$/, 'a Kubernetes minor release such as 1.28')
        .optional(),
      /** How the node was made (kubeadm, generic, …): informational. */
      installer: z.string().min(1).optional(),
    })
    .optional(),
  /** Modes and owners of the node's files, whether or not the bundle holds a copy of them. */
  files: z.array(IndexFile).optional(),
  /** Processes running on the node; when absent they are derived from static Pod manifests and the kubelet's systemd unit. */
  processes: z.array(IndexProcess).optional(),
  /** API objects (kube-proxy's ConfigMap and DaemonSet, CoreDNS, …) as kubectl prints them; a `List` is read as its items. */
  objects: z.array(ApiObject).optional(),
});
export type NodeIndex = z.infer<typeof NodeIndex>;

/** The JSON Schema editors use for node-bundle.yaml. */
export function nodeIndexJsonSchema(): string {
  const schema = z.toJSONSchema(NodeIndex, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const out = {
    $schema: schema.$schema,
    $id: 'https://benchwright.dev/schema/node-bundle.schema.json',
    title: 'benchwright node bundle index',
    description:
      "What a copy of a node's files cannot carry: modes, owners, running processes' command lines, API objects.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
