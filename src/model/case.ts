import { z } from 'zod';
import { Component, FileMode } from './check.js';

// A per-control test case (in the spirit of ComplianceAsCode's pass/fail scenarios): a
// reference node, a fragment that changes it (flags, config-file fields, files, API
// objects), and the status the control must then have.

export const Status = z.enum(['PASS', 'FAIL', 'WARN', 'INFO']);
export type Status = z.infer<typeof Status>;

const FlagName = z.string().regex(/^--[a-z][a-z0-9-]*$/, 'a flag such as --profiling');
const NodeFile = z.strictObject({
  /** Octal, as `stat -c %a` prints it or with a leading zero (`600`, `0600`). */
  mode: FileMode.optional(),
  owner: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  /** false removes the file from the node. */
  exists: z.boolean().optional(),
  /** The file's text (a config file, an EncryptionConfiguration). */
  content: z.string().optional(),
});

export const Case = z.strictObject({
  name: z.string().min(1).optional(),
  /** The node the fragment applies to: `kubeadm@1.NN` or `generic@1.NN` (default: kubeadm at the newest release the benchmark targets). */
  node: z
    .string()
    .regex(/^(kubeadm|generic)@\d+\.\d+$/, 'a reference node such as kubeadm@1.34')
    .optional(),
  /** Command-line flags per component: a value sets the flag, "" sets it bare, null removes it. */
  flags: z.partialRecord(Component, z.record(FlagName, z.string().nullable())).optional(),
  /** Config-file fields per component (dotted paths); null removes the field. */
  config: z.partialRecord(Component, z.record(z.string().min(1), z.unknown())).optional(),
  /** Files by absolute node path. */
  files: z.record(z.string().regex(/^\//, 'an absolute node path'), NodeFile).optional(),
  /** API objects added to the node (as kubectl prints them). */
  objects: z.array(z.record(z.string(), z.unknown())).optional(),
  semantics: z.enum(['effective', 'kube-bench']).optional(),
  expect: Status,
});
export type Case = z.infer<typeof Case>;
