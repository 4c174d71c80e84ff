// A field of the API objects of one kind, read on every object the node bundle holds (all
// must pass). Pods are the Pod objects, the static Pod manifests the kubelet runs, and the Pod
// templates of workloads (DaemonSets, Deployments, …), each named by where it comes from.
// `[]` in a field reads every element of a list (every container); an unset field is absent,
// so it passes "is not", "does not include" and "is not set" and fails the rest.
import { globMatches } from '../../model/glob.js';
import { boundedValue } from '../../io/yaml.js';
import type { Check } from '../../model/check.js';
import { below, dataOf, type NodeBundle, type NodeEntry, readText } from '../../node/bundle.js';
import type { ApiObject } from '../../node/schema.js';
import { meets } from '../compare.js';
import { type EvalContext, resolveSetting } from '../settings.js';
import type { SubjectEvaluator, SubjectOutcome } from './types.js';
import { cached } from '../../model/memo.js';

/** An object judged, and how reports name it (`kube-system/kube-proxy (DaemonSet)`). */
interface Judged {
  readonly name: string;
  readonly object: Record<string, unknown>;
  /** How its Pods are named, for an allow-list's name glob: a Pod by its name, a static Pod or a template by `<name>-` (the suffix the kubelet or controller adds). */
  readonly podName?: string;
  readonly namespace?: string;
  /** `namespace/name`, for notes that list several. */
  readonly short?: string;
  /** A static Pod (the kubelet runs it from a manifest; its mirror Pod gets no service account). */
  readonly static?: boolean;
}

const templated = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'Job', 'ReplicationController']);

// Objects by kind per bundle, read once: every section-5 control asks again.
const byKind = new WeakMap<NodeBundle, Map<string, { objects: Judged[]; notes: string[] }>>();

function objectsOf(ctx: EvalContext, resource: string): { objects: Judged[]; notes: string[] } {
  const kinds = cached(byKind, ctx.bundle, () => new Map());
  let found = kinds.get(resource);
  if (!found) {
    const notes: string[] = [];
    const objects = resource === 'Pod' ? pods(ctx, notes) : sameKind(ctx.bundle.objects ?? [], resource);
    found = { objects, notes };
    kinds.set(resource, found);
  }
  return found;
}

const nameOf = (o: ApiObject) => `${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;

function sameKind(objects: readonly ApiObject[], kind: string): Judged[] {
  const k = kind.replace(/s$/, '').toLowerCase();
  return objects
    .filter((o) => o.kind.toLowerCase() === k)
    .map((o) => ({ name: `${nameOf(o)} (${o.kind})`, object: o as Record<string, unknown> }));
}

// Manifests parsed once per file (nodes derived from a reference node share its files).
const manifests = new WeakMap<NodeEntry, ApiObject | null | string>();

/** A static Pod manifest's object, or why it cannot be read. */
function manifest(e: NodeEntry): ApiObject | null | string {
  let m = manifests.get(e);
  if (m === undefined) {
    try {
      m = (dataOf(e) as ApiObject | undefined) ?? (boundedValue(readText(e), e.shownAs) as ApiObject | null) ?? null;
    } catch (err) {
      // Malformed YAML, or a file the bundle cannot hand out (a link outside it): the reason, not the file.
      const first = (err as Error).message.split('\n')[0];
      m = first.includes(e.shownAs) ? first : `${e.shownAs}: ${first}`;
    }
    manifests.set(e, m);
  }
  return m;
}

/** Every Pod the node runs or the cluster would create: Pod objects, static Pods, workload templates. */
function pods(ctx: EvalContext, notes: string[]): Judged[] {
  const out: Judged[] = [];
  const s = resolveSetting(ctx, 'kubelet', { field: 'staticPodPath' });
  const dir = s.state === 'value' && s.value ? s.value : '/etc/kubernetes/manifests';
  for (const e of below(ctx.bundle, dir)) {
    if (e.type !== 'file' || !/\.(ya?ml|json|manifest)$/.test(e.path) || !e.read) continue;
    const pod = manifest(e);
    if (typeof pod === 'string') notes.push(pod);
    else if (pod?.kind === 'Pod')
      out.push({
        name: `${nameOf(pod)} (static Pod, ${e.shownAs})`,
        object: pod as Record<string, unknown>,
        podName: `${pod.metadata?.name ?? ''}-`,
        namespace: pod.metadata?.namespace ?? 'default',
        short: nameOf(pod),
        static: true,
      });
  }
  for (const o of ctx.bundle.objects ?? []) {
    if (o.kind === 'Pod')
      out.push({
        name: `${nameOf(o)} (Pod)`,
        object: o as Record<string, unknown>,
        podName: o.metadata?.name ?? '',
        namespace: o.metadata?.namespace ?? 'default',
      });
    const spec = (
      o as {
        spec?: { template?: Record<string, unknown>; jobTemplate?: { spec?: { template?: Record<string, unknown> } } };
      }
    ).spec;
    const template = templated.has(o.kind)
      ? spec?.template
      : o.kind === 'CronJob'
        ? spec?.jobTemplate?.spec?.template
        : undefined;
    if (template)
      out.push({
        name: `${nameOf(o)} (${o.kind})`,
        object: { ...template, metadata: { ...(template.metadata as object), ...o.metadata } },
        // A DaemonSet's Pods are <name>-<5 characters>: `?` stands for a character not known
        // here, which only a wildcard of the allow-list matches (`cilium-?????` is the agent,
        // not cilium-operator-…); other kinds' suffixes vary, so only `*` covers them.
        podName: `${o.metadata?.name ?? ''}-${o.kind === 'DaemonSet' ? '?????' : ''}`,
        namespace: o.metadata?.namespace ?? 'default',
      });
  }
  return out;
}

/** Values at a field path, one per element where `[]` iterates a list; a leaf list is one value, joined. */
function valuesAt(data: unknown, parts: readonly string[]): Array<string | undefined> {
  if (!parts.length) {
    if (data === undefined || data === null) return [undefined];
    if (Array.isArray(data)) return [data.map(scalar).join(',')];
    return [scalar(data)];
  }
  const [head, ...rest] = parts;
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  const v =
    data && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, key)
      ? (data as Record<string, unknown>)[key]
      : undefined;
  if (!each) return valuesAt(v, rest);
  if (!Array.isArray(v) || !v.length) return [undefined];
  return v.flatMap((x) => valuesAt(x, rest));
}

/** A value as text; an object by its path where it has one (a hostPath volume), else as JSON. */
function scalar(x: unknown): string {
  if (x && typeof x === 'object') {
    const path = (x as { path?: unknown }).path;
    return typeof path === 'string' ? path : JSON.stringify(x);
  }
  return String(x);
}

function selected(o: Record<string, unknown>, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((p) => {
    const [k, v] = p.split('=');
    const have = valuesAt(o, k.split('.'))[0];
    return have === v;
  });
}

export const apiObject: SubjectEvaluator<'api-object'> = {
  kind: 'api-object',
  evaluate: (ctx, s, check): SubjectOutcome => {
    if (!s.field)
      return {
        observed: 'not known',
        source: ctx.bundle.name,
        notes: [`which field of ${s.resource} '${s.raw ?? ''}' judges is not known; the check needs a reviewer`],
      };
    if (s.resource === 'SubjectAccessReview')
      return {
        observed: 'not in the bundle',
        source: ctx.bundle.name,
        notes: ['an access review is answered by the API server’s authorizers, which a node bundle does not hold'],
      };
    const { objects, notes } = objectsOf(ctx, s.resource);
    const judged = objects.filter((o) => selected(o.object, s.selector));
    if (!judged.length) {
      if (s.resource === 'Pod' && ctx.bundle.objects !== undefined)
        return {
          observed: 'no Pods',
          source: ctx.bundle.name,
          pass: true,
          notes: [...notes, 'no Pod on the node or in the bundle’s objects'],
        };
      return {
        observed: `no ${s.resource}`,
        source: ctx.bundle.name,
        notes: [...notes, `the bundle holds no ${s.resource} objects${s.selector ? ` (${s.selector})` : ''}`],
      };
    }
    // The control's allow-list exempts the cluster's own workloads it names (kube-proxy, the CNI's agent).
    const exempted = s.resource === 'Pod' ? judged.filter((o) => exempts(ctx.allowList, o)) : [];
    const kept = judged.filter((o) => !exempted.includes(o));
    const exemptNote = exempted.length
      ? [`exempted by the control's allow-list: ${exempted.map((o) => o.name).join(', ')}`]
      : [];
    const field = s.field;
    const want =
      capabilityField.test(field) && !ctx.asWritten ? { ...check, value: capabilityNames(check.value) } : check;
    const failing: string[] = [];
    const why = new Map<string, string[]>();
    for (const o of kept) {
      const values = ctx.asWritten ? valuesAt(o.object, field.split('.')) : effectiveValues(o, field, why);
      // Dropping ALL drops every capability the check names.
      const bad =
        /\.capabilities\.drop$/.test(field) &&
        !ctx.asWritten &&
        want.op === 'has' &&
        values.some((v) => v?.split(',').includes('ALL'))
          ? []
          : values.filter((v) => !holds(want, v));
      if (bad.length) failing.push(`${o.name}: ${[...new Set(bad.map((v) => v ?? 'unset'))].join(', ')}`);
    }
    const source = `${kept.length} ${s.resource === 'Pod' ? 'Pods' : s.resource} in ${ctx.bundle.name}`;
    const all = [...notes, ...[...why].map(([reason, names]) => `${reason}: ${names.join(', ')}`), ...exemptNote];
    if (failing.length)
      return {
        observed: failing.join('; '),
        source,
        pass: false,
        notes: [...all, `${failing.length} of ${kept.length} fail`],
        ...(exempted.length ? { exempted: exempted.map((o) => o.name) } : {}),
      };
    // A manifest it could not read may hold a Pod that fails: then the node cannot tell.
    if (notes.length)
      return { observed: `${kept.length} pass`, source, notes: [...all, 'some Pods could not be read'] };
    return {
      observed: `${kept.length} pass`,
      source,
      pass: true,
      notes: all,
      ...(exempted.length ? { exempted: exempted.map((o) => o.name) } : {}),
    };
  },
};

/** An allow-list entry's name glob (`kube-proxy-*`, `*`) against how the object's Pods are named. */
function exempts(list: EvalContext['allowList'], o: Judged): boolean {
  if (!list?.length || o.podName === undefined) return false;
  // Matched without a regular expression (model/glob.ts): a run of `*` in a user's allow-list
  // would backtrack; `?` is one character (a DaemonSet Pod's 5-character suffix).
  return list.some((e) => e.namespace === o.namespace && globMatches(e.name, o.podName!));
}

// Capability names: the container runtimes upper-case them and add the CAP_ prefix before use
// (containerd pkg/cri WithCapabilities: strings.ToUpper, "CAP_"+…, InStringSlice(…, "ALL") with
// strings.EqualFold), so `drop: [all]` drops every capability, as `ALL` does.
const capabilityField = /\.capabilities\.(add|drop)$/;

function capabilityNames(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((x) => x.trim().toUpperCase().replace(/^CAP_/, ''))
    .join(',');
}

const escalation = /^(spec\.(?:init|ephemeral)?[cC]ontainers\[\])\.securityContext\.allowPrivilegeEscalation$/;

/**
 * A field's values as the components apply them, where that differs from what is written:
 * - allowPrivilegeEscalation is true whatever it says for a privileged container or one with
 *   CAP_SYS_ADMIN (core/v1 SecurityContext.AllowPrivilegeEscalation, k8s.io/api core/v1 types.go),
 *   and true where it is unset (no_new_privs is set only for an explicit false);
 * - a static Pod gets no service-account token: ServiceAccount admission leaves mirror Pods alone
 *   and forbids them a service account (plugin/pkg/admission/serviceaccount admission.go Admit);
 * - capability names in any case, with or without CAP_ (see capabilityNames).
 */
function effectiveValues(o: Judged, field: string, why: Map<string, string[]>): Array<string | undefined> {
  const say = (reason: string, name: string) => why.set(reason, [...(why.get(reason) ?? []), name]);
  const m = escalation.exec(field);
  if (m) {
    const list = valuesOf(o.object, m[1].slice(0, -2).split('.'));
    if (!Array.isArray(list) || !list.length) return [undefined];
    return list.map((c) => {
      const sc = (c as { securityContext?: Record<string, unknown> } | null)?.securityContext ?? {};
      // Hand-written manifests may hold anything: only a list names capabilities.
      const add = (sc.capabilities as { add?: unknown } | undefined)?.add;
      const added = Array.isArray(add) ? add.map((x) => capabilityNames(String(x))) : [];
      const name = (c as { name?: string } | null)?.name ?? '?';
      if (sc.privileged === true || added.includes('SYS_ADMIN')) {
        say(
          'a privileged container (or one with SYS_ADMIN) can escalate privileges whatever allowPrivilegeEscalation says',
          `${o.name} container ${name}`,
        );
        return 'true';
      }
      const v = sc.allowPrivilegeEscalation;
      if (v === undefined || v === null) {
        // Unset: the runtime sets no_new_privs only for an explicit false (pkg/securitycontext
        // AddNoNewPrivileges), so the container's processes may gain privileges.
        say(
          'an unset allowPrivilegeEscalation lets the container escalate (no_new_privs is set only for false)',
          `${o.name} container ${name}`,
        );
        return 'true';
      }
      return scalar(v);
    });
  }
  if (o.static && /^spec\.automountServiceAccountToken$/.test(field)) {
    say('static Pods get no service-account token', o.short ?? o.name);
    return ['false'];
  }
  const values = valuesAt(o.object, field.split('.'));
  return capabilityField.test(field) ? values.map(capabilityNames) : values;
}

/** The raw value at a path without `[]` (a list stays a list). */
function valuesOf(data: unknown, parts: readonly string[]): unknown {
  let v: unknown = data;
  for (const p of parts)
    v =
      v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, p)
        ? (v as Record<string, unknown>)[p]
        : undefined;
  return v;
}

/** An unset field is absent: it passes "is not", "does not include" and "is not set". */
function holds(check: Check, value: string | undefined): boolean {
  return meets(check, value);
}
