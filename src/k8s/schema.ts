// The shape of a release snapshot file, for files a user names (`--release my.json`): checked
// before anything reads them, so a rule never meets a missing list or a null where a flag
// should be. Strict: an unknown key is an error too. Shipped snapshots are generated and
// checked by a test, so they are not validated on every load.
import { z } from 'zod';
import { releaseComponents } from './snapshot.js';

const text = z.string().max(100_000);
const name = z.string().min(1).max(512);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(100_000);

const Evidence = z.strictObject({
  kind: z.enum(['pr', 'issue', 'kep', 'doc', 'release-notes', 'source']),
  ref: text,
  url: text,
});

const Flag = z.strictObject({
  name,
  type: text.optional(),
  default: text.optional(),
  deprecated: z.boolean().optional(),
  configFile: z.boolean().optional(),
  hidden: z.boolean().optional(),
  inert: z.boolean().optional(),
  onlyValues: list(text).optional(),
  configDefault: text.optional(),
  evidence: list(Evidence).optional(),
});

const UnlistedFlag = z.strictObject({
  name,
  lastListed: z.string().regex(/^\d+\.\d+$/, 'expected a release such as 1.34'),
  type: text.optional(),
  deprecated: z.boolean().optional(),
  evidence: list(Evidence),
});

const Field = z.strictObject({
  path: name,
  type: text,
  default: text.optional(),
  deprecated: z.boolean().optional(),
  inert: z.boolean().optional(),
  evidence: list(Evidence).optional(),
});

const Gate = z.strictObject({
  name,
  stage: z.enum(['alpha', 'beta', 'ga', 'deprecated']),
  default: z.boolean(),
  lockedToDefault: z.boolean().optional(),
  lockUnknown: z.literal(true).optional(),
  since: text.optional(),
  evidence: list(Evidence).optional(),
});

const component = z.enum(releaseComponents);
const owner = z.enum([...releaseComponents, 'kubeadm']);
const stringMap = z.record(text, text);

const ConfigFileRule = z.strictObject({
  flag: name,
  kind: name,
  precedence: z.enum(['flags-over-file', 'file-only']),
  dropIns: z
    .strictObject({
      flag: name,
      gate: name.optional(),
      stage: z.enum(['alpha', 'beta', 'ga']).optional(),
      env: name.optional(),
    })
    .optional(),
  evidence: list(Evidence),
});

const Change = z.strictObject({
  kind: z.enum(['flag', 'plugin', 'gate', 'field']),
  component: text.optional(),
  name,
  change: z.enum([
    'removed',
    'deprecated',
    'unlisted',
    'inert',
    'default-changed',
    'renamed',
    'added',
    'locked',
    'graduated',
  ]),
  to: text.optional(),
  evidence: list(Evidence),
});

export const ReleaseSnapshotSchema = z.strictObject({
  release: z.string().regex(/^\d+\.\d+$/, 'expected a release such as 1.34'),
  configFiles: z.partialRecord(component, ConfigFileRule).optional(),
  flags: z.strictObject(
    Object.fromEntries(releaseComponents.map((c) => [c, list(Flag)])) as Record<
      (typeof releaseComponents)[number],
      z.ZodArray<typeof Flag>
    >,
  ),
  unlisted: z.partialRecord(component, list(UnlistedFlag)).optional(),
  configs: z.record(name, z.strictObject({ component: owner, apiVersion: text, fields: list(Field) })),
  flagFields: z.partialRecord(component, stringMap),
  gates: list(Gate),
  removedGates: list(name),
  admission: z.strictObject({ available: list(name), defaultOn: list(name) }),
  kubeadm: z.strictObject({
    flags: z.partialRecord(z.enum([...releaseComponents, 'etcd']), stringMap),
    kubelet: stringMap,
    hostNetwork: z.boolean(),
    probePaths: list(text),
    evidence: z.partialRecord(z.enum([...releaseComponents, 'etcd']), z.record(name, list(Evidence))).optional(),
    kubeletEvidence: z.record(name, list(Evidence)).optional(),
  }),
  etcd: z
    .strictObject({
      version: text,
      patch: text.optional(),
      flags: list(Flag),
      evidence: list(Evidence).optional(),
      removed: list(z.strictObject({ name, evidence: list(Evidence) })).optional(),
      later: list(z.strictObject({ name, evidence: list(Evidence) })).optional(),
    })
    .optional(),
  changes: list(Change),
  // Where each family of facts comes from (FactSources); snapshots written before it have none.
  sources: z
    .strictObject({
      flags: z.partialRecord(component, list(Evidence)),
      flagFields: z.partialRecord(component, list(Evidence)),
      configs: z.record(name, list(Evidence)),
      gates: list(Evidence),
      admission: list(Evidence),
      kubeadm: z.strictObject({
        flags: z.partialRecord(z.enum([...releaseComponents, 'etcd']), list(Evidence)),
        kubelet: list(Evidence),
        pods: list(Evidence),
      }),
      etcd: list(Evidence).optional(),
    })
    .optional(),
});

/** How deep `[`/`{` nest in JSON text, outside strings: checked before parsing anything deep. */
export function jsonDepth(json: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}
