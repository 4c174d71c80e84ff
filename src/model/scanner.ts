import { z } from 'zod';

// What kube-bench's decision for a check depends on, kept as facts so a shipped
// facts-only benchmark can be replayed like the kube-bench folder it came from: the
// test items as written, the check's `type`, `scored` and `bin_op`, and, in place of
// each audit command (never shipped), what the command prints ("probe").

/** A path a probe reads: a kube-bench variable, a literal path, or a flag of a running process. */
export const FileRef = z.union([
  z.strictObject({
    /** `$apiserverconf`: the first existing candidate of kube-bench's config, else its default. */
    variable: z.string().regex(/^\$[a-z][a-z0-9]*$/, 'a kube-bench variable such as $apiserverconf'),
  }),
  z.strictObject({ path: z.string().min(1) }),
  z.strictObject({
    /** The value of `flag` on the process lines `grep`ped for this binary (`$etcdbin`, `kubelet`). */
    process: z.string().min(1),
    flag: z.string().regex(/^--[a-z][a-z0-9-]*$/, 'a flag such as --data-dir'),
    /** Process lines holding any of these words are left out (`grep -v apiserver`). */
    exclude: z.array(z.string()).optional(),
    /** Only a value naming an existing folder counts (the etcd data-dir audit). */
    folder: z.boolean().optional(),
    /** What the audit falls back to when no process gives the flag (a variable or a path). */
    otherwise: z.string().optional(),
  }),
]);
export type FileRef = z.infer<typeof FileRef>;

const Binary = z.string().regex(/^\$?[a-z][a-z0-9-]*$/, 'a kube-bench binary variable ($apiserverbin) or a name');

export const Probe = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('process'),
    /** `$kubeletbin` or a literal binary name. */
    bin: Binary,
    /** `ps -fC bin` selects by command name; `ps -ef | grep bin | grep -v grep` by substring of the line. */
    select: z.enum(['command', 'grep']),
    /**
     * Only the lines without this flag (` --config=` or ` --config `), and no failure when none is left:
     * the flag's own file holds the setting then (kube-scheduler and kube-proxy ignore the flags the
     * file covers), so the command line must not answer for it.
     */
    without: z
      .string()
      .regex(/^--[a-z][a-z0-9-]*$/, 'a flag name')
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('stat'),
    files: z.array(FileRef).min(1),
    /** stat's format (`permissions=%a`, `%U:%G`, `ownership=%U:%G %n`). */
    format: z.string().min(1),
    /** `exists`: `if test -e`; `exists-else`: prints `otherwise` when missing; `none`: stat errors on a missing file. */
    guard: z.enum(['exists', 'exists-else', 'none']),
    otherwise: z.string().optional(),
    /** `find <file> [-name PATTERN]`: every entry below the file (itself included) whose name matches. */
    find: z.strictObject({ name: z.string().optional() }).optional(),
  }),
  z.strictObject({
    kind: z.literal('cat'),
    file: FileRef,
    guard: z.enum(['exists', 'none']),
  }),
  z.strictObject({
    /**
     * The lines of a file holding `pattern` (grep's basic expression, kept only when it is plain text
     * with `.`, `^` and `$`), with `after`/`before` lines of context; `invert`: the other lines.
     * `cat F | grep -v grep` is `invert` of `grep`. `orTrue`: `|| true`, no match is no error.
     */
    kind: z.literal('grep'),
    file: FileRef,
    pattern: z.string().regex(/^\^?[\w.:= /-]+\$?$/, 'plain text with ., ^ and $'),
    after: z.number().int().min(0).max(99).optional(),
    before: z.number().int().min(0).max(99).optional(),
    invert: z.boolean().optional(),
    orTrue: z.boolean().optional(),
  }),
  z.strictObject({
    /** CNI files: the kubelet's --cni-conf-dir entries and /var/lib/cni/networks, stat'ed with `format`. */
    kind: z.literal('cni-files'),
    bin: Binary,
    format: z.string().min(1),
  }),
  z.strictObject({
    /** The provider names on the line after `providers:` in the file --encryption-provider-config names. */
    kind: z.literal('encryption-providers'),
    bin: Binary,
  }),
  z.strictObject({
    /** A kubectl query of the cluster (RBAC, pods, service accounts). */
    kind: z.literal('kubectl'),
    resource: z.string().optional(),
    /** The command's own exit status decides (no pipe or echo around kubectl). */
    bare: z.boolean().optional(),
  }),
  z.strictObject({
    /** `systemctl show -p <property> <unit>`, `systemctl is-enabled <unit>` or `is-active`. */
    kind: z.literal('systemd'),
    /** As the audit names it: written back as one shell word, quoted where it needs it. */
    unit: z.string().min(1),
    query: z.enum(['show', 'is-enabled', 'is-active']),
    property: z
      .string()
      .regex(/^[A-Z][A-Za-z]*$/, 'a property such as ActiveState')
      .optional(),
  }),
  /** The command cannot succeed as written (a placeholder path, a missing operand). */
  z.strictObject({ kind: z.literal('fails') }),
  /** A command benchwright does not know how to replay. */
  z.strictObject({ kind: z.literal('unknown') }),
]);
export type Probe = z.infer<typeof Probe>;

export const KubeBenchItem = z.strictObject({
  flag: z.string().optional(),
  path: z.string().optional(),
  env: z.string().optional(),
  /** As written; kube-bench reads a missing `set` as true. */
  set: z.boolean().optional(),
  /** As written, even when kube-bench does not know the operator (it then fails). */
  op: z.string().optional(),
  /** The compare value as YAML text (`false`, `0`, `600`). */
  value: z.string().optional(),
});
export type KubeBenchItem = z.infer<typeof KubeBenchItem>;

export const KubeBenchControl = z.strictObject({
  /**
   * A `type` kube-bench does not treat as special (anything but exactly `manual` or `skip`), kept
   * as written for the replay; `manual` and `skip` are the control's `automation`.
   */
  type: z.string().optional(),
  /** kube-bench's own `scored` (a missing key is false) where it differs from the control's. */
  scored: z.boolean().optional(),
  /** Absent: the check has no `tests` key. */
  tests: z.strictObject({ binOp: z.string().optional(), items: z.array(KubeBenchItem) }).optional(),
  multipleValues: z.boolean().optional(),
  audit: Probe.optional(),
  auditConfig: Probe.optional(),
  auditEnv: Probe.optional(),
  disableEnvTesting: z.boolean().optional(),
});
export type KubeBenchControl = z.infer<typeof KubeBenchControl>;

/** One component of a kube-bench target: its binaries and the file candidates its variables resolve to. */
export const KubeBenchComponent = z.strictObject({
  optional: z.boolean().optional(),
  bins: z.array(z.string()).optional(),
  confs: z.array(z.string()).optional(),
  defaultconf: z.string().optional(),
  svc: z.array(z.string()).optional(),
  defaultsvc: z.string().optional(),
  kubeconfig: z.array(z.string()).optional(),
  defaultkubeconfig: z.string().optional(),
  cafile: z.array(z.string()).optional(),
  defaultcafile: z.string().optional(),
  datadirs: z.array(z.string()).optional(),
  defaultdatadir: z.string().optional(),
});
export type KubeBenchComponent = z.infer<typeof KubeBenchComponent>;

/** kube-bench's config.yaml facts for the targets a benchmark has (cfg/config.yaml merged with the folder's). */
export const KubeBenchBenchmark = z.strictObject({
  targets: z.record(
    z.string(),
    z.strictObject({
      components: z.array(z.string()),
      table: z.record(z.string(), KubeBenchComponent),
    }),
  ),
});
export type KubeBenchBenchmark = z.infer<typeof KubeBenchBenchmark>;
