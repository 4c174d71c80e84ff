// How a CIS Docker Benchmark control stands on a Kubernetes cluster of one release: the Docker
// setting it reads (data/docker-on-kubernetes.yaml), its Kubernetes equivalent and that
// equivalent's stage, or why the control cannot describe a cluster at all.
import type { Evidence, ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark, Control } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';
import { subjectLabel } from '../model/subject.js';
import { compareVersions } from '../model/ids.js';
import { checkText } from '../model/check-text.js';
import { fieldOf, finding, gateOf, hasPlugin } from '../rules/helpers.js';
import type { Finding, RuleContext } from '../rules/types.js';
import type { Action, Category } from '../rules/types.js';
import { fieldEntry, fieldStage, podSecurityAdmission, stageIn, stageText } from './fields.js';
import type { Stage, WorkloadKnowledge } from './knowledge.js';
import { cached } from '../model/memo.js';

type Scope = 'daemon' | 'container';

interface Matcher {
  readonly kind?: Subject['kind'];
  readonly topic?: string;
  /** The topic is a prefix (docker-swarm matches docker-swarm-mode, …). */
  readonly prefix?: boolean;
  readonly scope?: Scope;
  /** A word of the check's value (userns in SecurityOptions). */
  readonly value?: string;
  readonly [key: string]: unknown;
}

export interface DockerSetting {
  readonly id: string;
  readonly docker: readonly Matcher[];
  readonly pod?: { readonly field: string; readonly value: string };
  readonly kubelet?: {
    readonly field: string;
    readonly flag?: string;
    readonly value: string;
    readonly stages?: readonly Stage[];
    readonly note?: string;
  };
  readonly admission?: { readonly plugin: string };
  readonly equivalent?: string;
  readonly none?: string;
  readonly notApplicable?: string;
  /** The mechanism before the Pod field existed (an annotation). */
  readonly before?: string;
  readonly note?: string;
  readonly dockershim?: {
    readonly category: 'conflict';
    readonly statement: string;
    readonly gate?: string;
    readonly proposal: string;
    readonly evidence: readonly Evidence[];
  };
  readonly claim?: {
    readonly seed: string;
    readonly said: string;
    readonly holds: string;
    readonly stale?: { readonly from: string; readonly statement: string };
  };
  readonly evidence: readonly Evidence[];
}

export interface DockerKnowledge {
  readonly dockershim: { readonly until: string; readonly statement: string; readonly evidence: readonly Evidence[] };
  readonly daemonTopics: ReadonlySet<string>;
  readonly settings: readonly DockerSetting[];
}

const daemonKinds = new Set<Subject['kind']>(['dockerd-flag', 'daemon-json', 'docker-info', 'docker-network']);

/** Subjects that read Docker Engine or its containers (files and audit rules of dockerd's, not containerd's). */
function scopeOf(s: Subject): Scope | undefined {
  if (daemonKinds.has(s.kind)) return 'daemon';
  if (s.kind === 'container' || s.kind === 'audit-event') return 'container';
  if ((s.kind === 'file' || s.kind === 'audit-rule') && s.component === 'dockerd') return 'daemon';
  if (s.kind === 'environment') return 'daemon';
  return undefined;
}

function matches(m: Matcher, s: Subject, check: Check): boolean {
  if (m.kind !== s.kind) return false;
  for (const [k, v] of Object.entries(m)) {
    if (k === 'kind' || k === 'scope') continue;
    if (k === 'value') {
      if (!check.value?.includes(String(v)) && !(s as Record<string, unknown>).option?.toString().includes(String(v)))
        return false;
    } else if ((s as Record<string, unknown>)[k] !== v) return false;
  }
  return true;
}

function topicMatches(m: Matcher, topic: string): boolean {
  return m.topic !== undefined && (m.prefix ? topic === m.topic || topic.startsWith(`${m.topic}-`) : topic === m.topic);
}

/** What a control reads of Docker: the settings it maps to, with the scope and subject they came by. */
export interface DockerRead {
  readonly settings: ReadonlyArray<{ setting: DockerSetting; scope: Scope; what: string }>;
  /** The control reads Docker (daemon or containers) beyond those settings. */
  readonly scope?: Scope;
  readonly what?: string;
}

const reads = new WeakMap<Control, DockerRead | null>();

/** The Docker settings a control reads, or undefined for a control that reads nothing of Docker's. */
export function dockerRead(
  control: Control,
  k: DockerKnowledge,
  topics: WorkloadKnowledge['topics'],
): DockerRead | undefined {
  const hit = reads.get(control);
  if (hit !== undefined) return hit ?? undefined;
  const found: Array<{ setting: DockerSetting; scope: Scope; what: string }> = [];
  const add = (setting: DockerSetting, scope: Scope, what: string) => {
    if (!found.some((f) => f.setting === setting)) found.push({ setting, scope, what });
  };
  let scope: Scope | undefined;
  let what: string | undefined;
  for (const check of control.checks)
    for (const s of check.subjects) {
      const sc = scopeOf(s);
      if (!sc) continue;
      scope ??= sc;
      what ??= subjectLabel(s);
      for (const setting of k.settings)
        for (const m of setting.docker)
          if (matches(m, s, check)) add(setting, m.scope ?? sc, checkText({ ...check, subjects: [s] }));
    }
  const topic = control.topic;
  const entry = topic && Object.hasOwn(topics, topic) ? topics[topic] : undefined;
  if (topic && entry?.family === 'docker') {
    const title = entry.title;
    for (const setting of k.settings)
      for (const m of setting.docker) if (topicMatches(m, topic)) add(setting, m.scope ?? 'daemon', title);
    if (k.daemonTopics.has(topic)) {
      scope ??= 'daemon';
      what ??= title;
    }
  }
  const out = found.length || scope ? { settings: found, ...(scope ? { scope, what } : {}) } : undefined;
  reads.set(control, out ?? null);
  return out;
}

export interface Standing {
  readonly category: Extract<Category, 'superseded' | 'not-applicable' | 'conflict'>;
  readonly message: string;
  readonly setting: string;
  readonly evidence: Evidence[];
  readonly suggestion: { action: Action; proposal?: string; headline?: string; check?: string };
}

const after = (r: ReleaseSnapshot, until: string) => compareVersions(r.release, until) > 0;

/** "the restricted Pod Security Standard requires it, which Pod Security admission (GA) enforces per namespace". */
function pssText(level: string, w: WorkloadKnowledge, r: ReleaseSnapshot): string {
  if (level === 'none') return 'no Pod Security Standards level requires it';
  const psa = podSecurityAdmission(w, r);
  const psp = compareVersions(r.release, '1.25') < 0;
  const enforcer = psa
    ? `Pod Security admission (${stageText(psa)}) enforces per namespace${psp ? ', as PodSecurityPolicy can until 1.25' : ''}`
    : 'only a PodSecurityPolicy (or a policy webhook) can enforce before Pod Security admission (1.22)';
  return `the ${level} Pod Security Standard requires it, which ${enforcer}`;
}

function claimText(setting: DockerSetting, r: ReleaseSnapshot): string {
  const c = setting.claim;
  if (!c) return '';
  const said = `The 2019 claim on ${c.seed} ("${c.said}")`;
  if (c.stale && compareVersions(r.release, c.stale.from) >= 0)
    return ` ${said} is stale in Kubernetes ${r.release}: ${c.stale.statement}.`;
  return ` ${said}: in Kubernetes ${r.release} ${c.holds}.`;
}

/** The Kubernetes equivalent in this release, in words with its stage, or undefined before it exists. */
function equivalentIn(
  setting: DockerSetting,
  w: WorkloadKnowledge,
  r: ReleaseSnapshot,
): { text: string; short: string; check: string; evidence: Evidence[] } | undefined {
  if (setting.pod) {
    const entry = fieldEntry(w, 'Pod', setting.pod.field);
    const stage = entry ? fieldStage(entry, r) : { stage: 'ga' as const, from: 'data' as const };
    const check = `Pod ${setting.pod.field} ${setting.pod.value}`;
    if (!stage) {
      if (!setting.before) return undefined;
      return { text: setting.before, short: setting.before, check: setting.before, evidence: [] };
    }
    const pss = entry ? `; ${pssText(entry.pss, w, r)}` : '';
    return {
      text: `${check} (${stageText(stage)})${pss}`,
      short: `Pod ${setting.pod.field}`,
      check,
      evidence: [...(entry?.evidence ?? [])],
    };
  }
  if (setting.kubelet) {
    const k = setting.kubelet;
    const field = fieldOf(r, 'kubelet', k.field);
    if (!field) return undefined;
    const stage = k.stages?.length ? stageIn(k.stages, r) : { stage: 'ga' as const, from: 'data' as const };
    if (!stage) return undefined;
    const check = `kubelet ${k.field}${k.flag ? ` (${k.flag})` : ''} ${k.value}`;
    const dflt = field.default !== undefined ? `, default ${field.default}` : '';
    return {
      text:
        `the kubelet's ${k.field}${k.flag ? ` (${k.flag})` : ''} set to ${k.value} ` +
        `(${stageText(stage)}${dflt})${k.note ? `. ${k.note.replace(/\.$/, '')}` : ''}`,
      short: `kubelet ${k.field}`,
      check,
      evidence: [],
    };
  }
  if (setting.admission) {
    if (!hasPlugin(r, setting.admission.plugin)) return undefined;
    const text = `the ${setting.admission.plugin} admission plugin (or a validating webhook)`;
    return {
      text,
      short: `admission plugin ${setting.admission.plugin}`,
      check: `admission plugin ${setting.admission.plugin} is enabled`,
      evidence: [],
    };
  }
  if (setting.equivalent)
    return {
      text: setting.equivalent,
      short: setting.equivalent.split(' (')[0],
      check: setting.equivalent,
      evidence: [],
    };
  return undefined;
}

const memo = new WeakMap<Control, Map<string, readonly Standing[]>>();
const benchmarks = new WeakMap<Benchmark, boolean>();
// Keyed by setting, scope, words and release; the knowledge is read once per process.
const answers = new Map<string, Standing | null>();

/** Whether any control of a benchmark reads Docker: the rules skip the others' controls at once. */
function readsDocker(b: Benchmark, k: DockerKnowledge, topics: WorkloadKnowledge['topics']): boolean {
  return cached(benchmarks, b, () =>
    b.sections.some((s) => s.controls.some((c) => dockerRead(c, k, topics) !== undefined)),
  );
}

function standingOf(
  setting: DockerSetting,
  scope: Scope,
  what: string,
  r: ReleaseSnapshot,
  w: WorkloadKnowledge,
  k: DockerKnowledge,
): Standing | undefined {
  const rel = `Kubernetes ${r.release}`;
  const gone = after(r, k.dockershim.until);
  const shimNote = (at: Scope) =>
    gone
      ? at === 'daemon'
        ? ' dockerd itself configures no Pod since dockershim was removed (1.24).'
        : ' docker inspect lists no Pods on a node whose runtime is not Docker (dockershim was removed in 1.24).'
      : '';
  const claim = claimText(setting, r);
  const evidence = [...setting.evidence];
  if (setting.notApplicable || (setting.none && (scope === 'container' || gone))) {
    return {
      category: 'not-applicable',
      message:
        `On ${rel} the control cannot describe the cluster: ` +
        `${setting.notApplicable ?? setting.none}.${claim}${setting.none ? shimNote(scope) : ''}`,
      setting: what,
      evidence: gone && setting.none ? [...evidence, ...k.dockershim.evidence] : evidence,
      suggestion: {
        action: 'remove',
        headline: `Leave the ${what} control out on Kubernetes`,
        proposal: `Leave this control out when the benchmark is applied to ${rel} nodes; ${setting.notApplicable ?? setting.none}.`,
      },
    };
  }
  const eq = equivalentIn(setting, w, r);
  if (eq) {
    return {
      category: 'superseded',
      message:
        `On ${rel} the Kubernetes equivalent of ${what} is ` +
        `${eq.text}.${setting.note ? ` ${setting.note}` : ''}${claim}${shimNote(scope)}`,
      setting: what,
      evidence: [...evidence, ...eq.evidence.filter((e) => !evidence.some((x) => x.url === e.url))],
      suggestion: {
        action: 'replace',
        headline: `Replace the ${what} check with ${eq.short}`,
        proposal: `On Kubernetes, check ${eq.check} instead.`,
        check: eq.check,
      },
    };
  }
  if (!gone && scope === 'daemon' && setting.dockershim) {
    const g = setting.dockershim.gate ? gateOf(r, setting.dockershim.gate) : undefined;
    return {
      category: 'conflict',
      message: `On ${rel} ${setting.dockershim.statement}${g ? ` (${gateState(g, r.release)})` : ''}.${claim}`,
      setting: what,
      evidence: [...evidence, ...setting.dockershim.evidence],
      suggestion: {
        action: 'rewrite-audit',
        headline: `Require ${what} only with the kubelet settings that keep system Pods running`,
        proposal: `${setting.dockershim.proposal}.`,
      },
    };
  }
  if (gone)
    return {
      category: 'not-applicable',
      message:
        `On ${rel} the control cannot describe the cluster: ${k.dockershim.statement}; ` +
        `and Kubernetes ${r.release} has no equivalent of ${what}.${claim}`,
      setting: what,
      evidence: [...evidence, ...k.dockershim.evidence],
      suggestion: {
        action: 'remove',
        headline: `Leave the ${what} control out on Kubernetes ${r.release}`,
        proposal: `Leave this control out when the benchmark is applied to ${rel} nodes.`,
      },
    };
  return undefined;
}

/**
 * How a Docker control stands on a cluster of this release: superseded by its Kubernetes
 * equivalent (with the stage there), not applicable (no API, swarm, Docker's own daemon once
 * dockershim is gone), or in conflict with the cluster (userns-remap under dockershim).
 */
export function dockerStanding(
  benchmark: Benchmark,
  control: Control,
  r: ReleaseSnapshot,
  w: WorkloadKnowledge,
  k: DockerKnowledge,
): readonly Standing[] {
  if (!readsDocker(benchmark, k, w.topics)) return [];
  const read = dockerRead(control, k, w.topics);
  if (!read) return [];
  const byRelease = cached(memo, control, () => new Map());
  const known = byRelease.get(r.release);
  if (known) return known;
  const out: Standing[] = [];
  const rel = `Kubernetes ${r.release}`;
  const gone = after(r, k.dockershim.until);
  for (const { setting, scope, what } of read.settings) {
    // Controls of several versions read the same setting the same way: one answer per release.
    const key = `${setting.id}\u0000${scope}\u0000${what}\u0000${r.release}`;
    const answer = cached(answers, key, () => standingOf(setting, scope, what, r, w, k) ?? null);
    if (answer) out.push(answer);
  }
  // Docker's own daemon, files and containers without a Kubernetes counterpart: meaningful only
  // while the kubelet drives Docker.
  if (!read.settings.length && read.scope && gone)
    out.push({
      category: 'not-applicable',
      message: `On ${rel} the control cannot describe the cluster: ${k.dockershim.statement}.`,
      setting: read.what!,
      evidence: [...k.dockershim.evidence],
      suggestion: {
        action: 'remove',
        headline: `Leave the ${read.what} control out on Kubernetes`,
        proposal:
          `Leave this control out when the benchmark is applied to ${rel} ` +
          `nodes, unless they run Docker Engine through cri-dockerd.`,
      },
    });
  byRelease.set(r.release, out);
  return out;
}

/**
 * The findings of one category for a Docker rule: how the control stands on the release, as
 * findings of that rule (the three Docker rules differ only in the category they report).
 */
export function dockerFindings(ctx: RuleContext, ruleId: string, category: Standing['category']): Finding[] {
  return dockerStanding(ctx.benchmark, ctx.control, ctx.release, ctx.knowledge.workloads, ctx.knowledge.docker)
    .filter((s) => s.category === category)
    .map((s) =>
      finding(ctx, {
        ruleId,
        category: s.category,
        severity: s.category === 'conflict' ? 'high' : s.category === 'superseded' ? 'medium' : 'low',
        message: s.message,
        subject: { component: 'dockerd', setting: s.setting },
        evidence: s.evidence,
        suggestion: s.suggestion,
      }),
    );
}

/** `DisableKubeletCloudCredentialProviders: beta, on by default in 1.34`. */
function gateState(g: { name: string; stage: string; default?: boolean }, release: string): string {
  return `${g.name}: ${g.stage}, ${g.default ? 'on' : 'off'} by default in ${release}`;
}
