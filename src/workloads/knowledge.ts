// data/workloads.yaml, read once: the API-object fields controls judge (stage per release, Pod
// Security Standards level), Pod Security admission's stages, and the system workloads each
// installer deploys plus the CNI allow-list.
import { isMap, isSeq } from '../io/yaml-lib.js';
import { parseYaml } from '../io/yaml.js';
import { inputError } from '../model/problem.js';
import { get, posOf, text } from '../ingest/yaml-nodes.js';
import { evidenceOf } from '../k8s/overlay.js';
import { topicInfos, type TopicInfo } from '../ingest/kube-bench/folders.js';
import type { Evidence } from '../k8s/snapshot.js';
import type { Operator } from '../model/check.js';
import { parsedSource, readPrepared } from '../prepared/read.js';

export type PssLevel = 'baseline' | 'restricted' | 'none';

/** One stage of a field or mechanism, from a release on (until the next stage). */
export interface Stage {
  readonly from: string;
  readonly stage: 'alpha' | 'beta' | 'ga';
  readonly gate?: string;
  /** The gate's default in that stage. */
  readonly default?: boolean;
}

export interface FieldEntry {
  readonly resource: string;
  readonly field: string;
  readonly aliases: readonly string[];
  /** What a compliant object holds; `$literal` is the value the audit compares. */
  readonly secure: { readonly op: Operator; readonly value?: string };
  readonly pss: PssLevel;
  /** The release the field appeared in, when before the stages (or when it has none). */
  readonly since?: string;
  readonly stages: readonly Stage[];
  readonly note?: string;
  readonly evidence: readonly Evidence[];
}

export interface SystemWorkload {
  readonly name: string;
  readonly namespace: string;
  /** Pod (or DaemonSet/Deployment) names, or patterns for the CNI. */
  readonly pods: readonly string[];
  readonly workload: string;
  readonly from: string;
  /** Field → value its Pods hold in every release from `from`. */
  readonly fields: Readonly<Record<string, string>>;
  /** Field → value from a later release. */
  readonly since: Readonly<Record<string, { from: string; value: string; evidence: readonly Evidence[] }>>;
  /** Fields it cannot run without. */
  readonly needs: readonly string[];
  readonly note?: string;
  readonly evidence: readonly Evidence[];
}

export interface AllowEntry {
  readonly namespace: string;
  readonly name: string;
}

export interface WorkloadKnowledge {
  readonly podSecurityAdmission: {
    readonly gate: string;
    readonly stages: readonly Stage[];
    readonly evidence: readonly Evidence[];
  };
  readonly fields: readonly FieldEntry[];
  readonly installers: ReadonlyMap<string, readonly SystemWorkload[]>;
  /** The network plugin's node agent: on every cluster, whatever the installer. */
  readonly cni: SystemWorkload & { readonly allowList: readonly AllowEntry[] };
  /** Recurring controls (data/topics.yaml): title, area, family and the fields they are about. */
  readonly topics: Readonly<Record<string, TopicInfo>>;
}

interface RawWorkload {
  name: string;
  namespace?: string;
  pods?: string[];
  workload?: string;
  from?: string;
  fields?: Record<string, string>;
  since?: Record<string, { from: string; value: string; evidence?: string[] }>;
  needs?: string[];
  note?: string;
  evidence?: string[];
  allowList?: AllowEntry[];
}

interface Raw {
  podSecurityAdmission: { gate: string; stages: Stage[]; evidence: string[] };
  fields: Array<
    Omit<FieldEntry, 'evidence' | 'aliases' | 'stages'> & { evidence: string[]; aliases?: string[]; stages?: Stage[] }
  >;
  installers: Record<string, RawWorkload[]>;
  cni: RawWorkload & { allowList: AllowEntry[] };
  evidence: Record<string, { kind: Evidence['kind']; url: string }>;
}

let cached: WorkloadKnowledge | undefined;

export function readWorkloads(): WorkloadKnowledge {
  // The prepared knowledge carries these (data/prepared/knowledge.json is stale when workloads.yaml changes).
  cached ??=
    readPrepared<{ workloads: WorkloadKnowledge }>('data/knowledge.yaml')?.workloads ??
    workloadsFrom(parsedSource<Raw>('data/workloads.yaml'));
  return cached;
}

function workloadsFrom(raw: Raw): WorkloadKnowledge {
  const named = { evidence: raw.evidence };
  const ev = (xs: readonly string[] | undefined) => (xs ?? []).map((e) => evidenceOf(e, named));
  const workload = (w: RawWorkload): SystemWorkload => ({
    name: w.name,
    namespace: w.namespace ?? 'kube-system',
    pods: w.pods ?? [],
    workload: w.workload ?? 'DaemonSet',
    from: w.from ?? '1.0',
    fields: Object.fromEntries(Object.entries(w.fields ?? {}).map(([k, v]) => [k, String(v)])),
    since: Object.fromEntries(
      Object.entries(w.since ?? {}).map(([k, v]) => [
        k,
        { from: v.from, value: String(v.value), evidence: ev(v.evidence) },
      ]),
    ),
    needs: w.needs ?? [],
    ...(w.note ? { note: w.note } : {}),
    evidence: ev(w.evidence),
  });
  return {
    podSecurityAdmission: { ...raw.podSecurityAdmission, evidence: ev(raw.podSecurityAdmission.evidence) },
    fields: raw.fields.map((f) => ({
      ...f,
      secure: { op: f.secure.op, ...(f.secure.value !== undefined ? { value: String(f.secure.value) } : {}) },
      aliases: f.aliases ?? [],
      stages: f.stages ?? [],
      evidence: ev(f.evidence),
    })),
    installers: new Map(Object.entries(raw.installers).map(([id, ws]) => [id, ws.map(workload)])),
    cni: { ...workload({ pods: [], ...raw.cni }), allowList: raw.cni.allowList },
    topics: topicInfos(),
  };
}

/** The same knowledge with more CNI allow-list entries (a user's `--allow-list` file). */
export function withAllowList(k: WorkloadKnowledge, extra: readonly AllowEntry[]): WorkloadKnowledge {
  return { ...k, cni: { ...k.cni, allowList: [...k.cni.allowList, ...extra] } };
}

/**
 * A user's CNI allow-list file: a list of `{ namespace, name }` (Pod name globs), or a map with
 * such a list under `allowList`. Entries with anything else are input errors with their position.
 */
export function parseAllowList(source: string, file: string): AllowEntry[] {
  // The guarded reader: a document nested thousands deep, an alias bomb or a bad alias is an
  // input error here as in every other YAML file a user gives (the bare parser overflowed the stack).
  const { doc: parsed, lc, problems } = parseYaml(source, file);
  const bad = problems.find((p) => p.severity === 'error');
  if (bad || !parsed)
    throw inputError(
      file,
      bad?.message ?? 'empty, expected a list of { namespace, name } entries',
      bad?.line,
      bad?.col,
    );
  const doc = parsed;
  const root = isMap(doc.contents) ? get(doc.contents, 'allowList') : doc.contents;
  if (!isSeq(root)) {
    const { line, col } = posOf(doc.contents, lc);
    throw inputError(file, 'expected a list of { namespace, name } entries (or allowList: with one)', line, col);
  }
  return root.items.map((item) => {
    const namespace = text(get(item, 'namespace'));
    const name = text(get(item, 'name'));
    if (!namespace || !name) {
      const { line, col } = posOf(item, lc);
      throw inputError(
        file,
        'expected an entry with namespace and name (a Pod name glob such as calico-node-*)',
        line,
        col,
      );
    }
    return { namespace, name };
  });
}
