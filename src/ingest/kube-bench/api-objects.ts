// What a kubectl audit reads: the API kind it lists and the fields of each object it judges.
// kube-bench's section-5 audits (cis-1.9 on, and the managed-service folders) are shell
// programs: `kubectl get pods -o custom-columns=…` loops, `-o jsonpath='{.spec.hostPID}'`,
// `jq '.spec.containers[] | .securityContext.privileged'`, `kubectl auth can-i …`. They print a
// token (`is_compliant: true`, `NO_HOSTNETWORK`) that the test items compare; we recover the
// fields behind the token, so the check names `Pod spec.hostNetwork`, not `is_compliant`.
import type { Subject } from '../../model/check.js';

type ApiObject = Extract<Subject, { kind: 'api-object' }>;

// kubectl's names and short names → the API kind.
const kinds: Record<string, string> = {
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
  sa: 'ServiceAccount',
  serviceaccount: 'ServiceAccount',
  serviceaccounts: 'ServiceAccount',
  role: 'Role',
  roles: 'Role',
  clusterrole: 'ClusterRole',
  clusterroles: 'ClusterRole',
  rolebinding: 'RoleBinding',
  rolebindings: 'RoleBinding',
  clusterrolebinding: 'ClusterRoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
  ns: 'Namespace',
  namespace: 'Namespace',
  namespaces: 'Namespace',
  netpol: 'NetworkPolicy',
  networkpolicy: 'NetworkPolicy',
  networkpolicies: 'NetworkPolicy',
  psp: 'PodSecurityPolicy',
  podsecuritypolicy: 'PodSecurityPolicy',
  podsecuritypolicies: 'PodSecurityPolicy',
  csr: 'CertificateSigningRequest',
  certificatesigningrequest: 'CertificateSigningRequest',
  certificatesigningrequests: 'CertificateSigningRequest',
  svc: 'Service',
  service: 'Service',
  services: 'Service',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  secret: 'Secret',
  secrets: 'Secret',
  scc: 'SecurityContextConstraints',
  securitycontextconstraints: 'SecurityContextConstraints',
};

/** `pods` → Pod; names we do not know stay as written (another distribution's custom resource). */
export function kindOf(resource: string): string {
  return kinds[resource.toLowerCase()] ?? resource;
}

// Top-level keys of each kind: a jq path starting with one is absolute; any other is relative
// to the list element the program iterates (`.spec.containers[]` then `.securityContext.privileged`).
const common = ['metadata', 'kind', 'apiVersion', 'spec', 'status'];
const topLevel: Record<string, string[]> = {
  ServiceAccount: [...common, 'automountServiceAccountToken', 'secrets', 'imagePullSecrets'],
  Role: [...common, 'rules'],
  ClusterRole: [...common, 'rules', 'aggregationRule'],
  RoleBinding: [...common, 'roleRef', 'subjects'],
  ClusterRoleBinding: [...common, 'roleRef', 'subjects'],
};

/**
 * A JSONPath or jq path → our field syntax:
 * `.items[*].spec.containers[]?.securityContext?.privileged` → spec.containers[].securityContext.privileged.
 */
function normalise(path: string): string {
  return path
    .replace(/\?/g, '')
    .replace(/\[(\*|\d*)\]/g, '[]')
    .replace(/^\.items\[\]/, '')
    .replace(/^\.items$/, '')
    .replace(/^\./, '');
}

/** A test item's JSONPath into kubectl's output as our field (`{.items[*].spec.hostPID}` → spec.hostPID), if it is one. */
export function objectField(path: string): string | undefined {
  const expr = [...path.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1].replace(/^range\s+/, '').trim())
    .find((e) => e.startsWith('.'));
  const f = expr !== undefined ? normalise(expr) : undefined;
  return f && fieldPath.test(f) && !locates(f) ? f : undefined;
}

// Paths that name or locate an object rather than judge it.
function locates(field: string): boolean {
  return (
    field === '' ||
    /^metadata(\.|$)/.test(field) ||
    field === 'kind' ||
    field === 'apiVersion' ||
    field === 'name' ||
    field === 'spec.serviceAccount' ||
    field === 'spec.nodeName' ||
    // a list element's name (container name, binding subject name)
    /\[\]\.name$/.test(field)
  );
}

interface Read {
  readonly resource: string;
  readonly fields: string[];
  readonly selector?: string;
}

/** The field syntax of our api-object subjects (no map keys, no filters). */
const fieldPath = /^[A-Za-z][\w-]*(\[\])?(\.[A-Za-z][\w-]*(\[\])?)*$/;

const pathRe = /(?:\.\.?[A-Za-z_][\w]*(?:\[[^\]]*\])?\??)+/g;

/** The fields one kubectl invocation (and the jq/shell text after it) reads on its objects. */
function readsOf(resource: string, chunk: string, token: string): Read {
  const kind = kindOf(resource);
  const tops = topLevel[kind] ?? common;
  const found: string[] = [];
  const add = (f: string) => {
    if (!locates(f) && !found.includes(f)) found.push(f);
  };
  // custom-columns=NAME:.path,…: the columns a `while read` loop binds, kept when compared.
  const columns = chunk.match(/custom-columns=(\S+)/)?.[1];
  if (columns) {
    const paths = columns.split(',').map((c) => normalise(c.slice(c.indexOf(':') + 1)));
    const vars = chunk.match(/while\s+read\s+(?:-r\s+)?([\w\s]+?)\s+do\b/)?.[1].split(/\s+/) ?? [];
    paths.forEach((p, i) => {
      const v = vars[i];
      const compared = !v || new RegExp(`\\$\\{?${v}\\}?"?\\s*(?:!?==?|!=)`).test(chunk) || v === vars[vars.length - 1];
      if (compared && fieldPath.test(p)) add(p);
    });
  }
  // -o jsonpath='{…}' and jq programs: every path expression, relative ones under the last list iterated.
  let base = '';
  const recursive = [...chunk.matchAll(/@\.\.([A-Za-z_]\w*)/g)].map((m) => m[1]);
  // In the order they run, so a list one program emits is the base of the next one's paths.
  const programs = [
    ...[...chunk.matchAll(/jsonpath=['"]([^'"]*)['"]/g)].map((m) => ({ at: m.index, text: m[1], jq: false })),
    ...[...chunk.matchAll(/\bjq\s+(?:-\w+\s+)*'([^']*)'/g)].map((m) => ({ at: m.index, text: m[1], jq: true })),
  ].sort((x, y) => x.at - y.at);
  const leafToken = token.toLowerCase();
  for (const program of programs) {
    for (const m of program.text.matchAll(pathRe)) {
      if (m[0].startsWith('..')) continue;
      let p = normalise(m[0]);
      if (p === '') {
        if (/\.items/.test(m[0])) base = '';
        continue;
      }
      const head = p.split(/[.[]/)[0];
      const absolute = tops.includes(head);
      if (!absolute && base) p = `${base}.${p}`;
      // Only a list an absolute path iterates becomes the base of the paths after it.
      if (absolute && p.endsWith('[]')) base = p;
      // A jq path is judged when compared, when it is the whole program (a projection the shell
      // then tests), or when the test item looks for its name; one only printed is not.
      const after = program.text.slice(m.index + m[0].length).replace(/^[\s?)]*/, '');
      const judged =
        !program.jq ||
        /^(?:==|!=)/.test(after) ||
        program.text.trim() === m[0].trim() ||
        p.split('.').pop()!.replace('[]', '').toLowerCase() === leafToken;
      if (judged && fieldPath.test(p)) add(p);
    }
  }
  // A field that is only the list a later field sits in says nothing of its own.
  const fields = found.filter((f) => !found.some((g) => g !== f && g.startsWith(`${f}.`)));
  for (const r of recursive) fields.push(`..${r}`);
  // A selector our export wrote is one single-quoted shell word ('spec.nodeName="$NODE_NAME"'): the
  // quotes are the shell's, not the selector's.
  const selector =
    chunk.match(/--field-selector[= ](\S+)/)?.[1]?.replace(/^'([^']*)'$/, '$1') ??
    (/(?:\s-n|--namespace)[= ]default\b/.test(chunk) ? 'metadata.namespace=default' : undefined) ??
    (/\.metadata\.name\s*==\s*"default"/.test(chunk) ? 'metadata.name=default' : undefined);
  return { resource: kind, fields, ...(selector ? { selector } : {}) };
}

/** Whole-word positions of a token in the audit (`role_is_compliant` is not in `clusterrole_is_compliant`). */
function positions(text: string, token: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`(?<![\\w.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
  for (const m of text.matchAll(re)) out.push(m.index);
  return out;
}

/**
 * The part of the audit that produces one token: from the previous token the test items
 * compare up to this token's last appearance. A script that checks two things (service accounts,
 * then pods) gives each token its own kubectl calls.
 */
function segment(audit: string, token: string, tokens: readonly string[]): string {
  if (!token) return audit;
  const lastOf = (t: string) => positions(audit, t).pop();
  const end = lastOf(token);
  if (end === undefined) return audit;
  // Tokens in the order of their last appearance: each owns the text after the previous one,
  // up to the next kubectl call after its own last appearance (the rest of its jq program).
  const order = [...new Set(tokens)]
    .map((t) => ({ t, at: lastOf(t) }))
    .filter((x): x is { t: string; at: number } => x.at !== undefined)
    .sort((x, y) => x.at - y.at);
  const i = order.findIndex((x) => x.t === token);
  const start = i > 0 ? order[i - 1].at + order[i - 1].t.length : 0;
  const next = i < order.length - 1 ? audit.slice(end).search(/\b(?:kubectl|oc)\s/) : -1;
  const s = audit.slice(start, next > 0 ? end + next : audit.length);
  return /\b(?:kubectl|oc)\s/.test(s) ? s : audit;
}

export interface ApiRead {
  /** One subject per object kind and field read (alternative places of one setting, as in any check). */
  readonly subjects: ApiObject[];
  /** The operator and value the source compares when it is a verdict (`no` from `kubectl auth can-i`), as booleans. */
  readonly verdict?: { op: 'eq'; value: string };
  /** The value a rule is compared with (`*`, `secrets`), for RBAC rule checks. */
  readonly literal?: string;
}

/**
 * The API objects and fields an audit reads for one test item's token, or undefined when the
 * audit lists no objects. Subjects carry `raw` (the token) only when no field was recovered.
 */
export function apiObjectsOf(audit: string, token: string, tokens: readonly string[]): ApiRead | undefined {
  const seg = segment(audit, token, tokens);
  // kubectl auth can-i VERBS RESOURCE --as=USER | --as-group=GROUP: an access review.
  const canI = seg.match(/\b(?:kubectl|oc)\s+auth\s+can-i\s+([\w,*-]+)\s+([\w.*/-]+)([^)"]*)/);
  if (canI) {
    const as = canI[3].match(/--as(?:-group)?=([\w:.-]+)/)?.[1];
    const group =
      /--as-group=/.test(canI[3]) || as?.startsWith('system:authenticated') || as?.startsWith('system:unauthenticated');
    const request = [
      as ? `${group ? 'group' : 'user'}=${as}` : undefined,
      `verb=${canI[1].split(',').join('|')}`,
      `resource=${canI[2]}`,
    ]
      .filter(Boolean)
      .join(',');
    return {
      subjects: [{ kind: 'api-object', resource: 'SubjectAccessReview', field: 'status.allowed', selector: request }],
      verdict: { op: 'eq', value: 'false' },
    };
  }
  const calls = [...seg.matchAll(/\b(?:kubectl|oc)\s+(?:[-\w=.]+\s+)*?get\s+([a-z][\w.,-]*)/g)];
  if (!calls.length) return undefined;
  const subjects: ApiObject[] = [];
  calls.forEach((m, i) => {
    const chunk = seg.slice(m.index, calls[i + 1]?.index ?? seg.length);
    for (const resource of m[1].split(',')) {
      const r = readsOf(resource, chunk, token);
      for (const field of r.fields) {
        const s: ApiObject = field.startsWith('..')
          ? { kind: 'api-object', resource: r.resource, raw: field.slice(2) }
          : { kind: 'api-object', resource: r.resource, field };
        if (r.selector) s.selector = r.selector;
        if (!subjects.some((x) => JSON.stringify(x) === JSON.stringify(s))) subjects.push(s);
      }
    }
  });
  const literal = seg.match(/resources\[\]\??\s*==\s*"([^"]+)"/)?.[1] ?? (/\\\*|"\*"/.test(seg) ? '*' : undefined);
  if (subjects.length) return { subjects, ...(literal ? { literal } : {}) };
  // Objects listed, no field recovered: the token is all we know of what is judged.
  const out: ApiObject[] = [];
  calls.forEach((m, i) => {
    const chunk = seg.slice(m.index, calls[i + 1]?.index ?? seg.length);
    for (const resource of m[1].split(',')) {
      const sel = readsOf(resource, chunk, token).selector;
      const s: ApiObject = {
        kind: 'api-object',
        resource: kindOf(resource),
        ...(sel ? { selector: sel } : {}),
        raw: token,
      };
      if (!out.some((x) => JSON.stringify(x) === JSON.stringify(s))) out.push(s);
    }
  });
  return { subjects: out };
}

/**
 * The kinds an audit lists plainly, one `kubectl get pods` or `oc get scc -A` a line with no
 * output format or pipe: what it prints is each object's name and default columns.
 */
export function plainListings(audit: string): string[] {
  const out: string[] = [];
  for (const line of audit.split('\n')) {
    const m = line.match(
      /^\s*(?:kubectl|oc)\s+(?:(?:-n\s+|--namespace[= ])[\w.-]+\s+)?get\s+([a-z][\w.-]*)((?:\s+(?:-A|--all-namespaces|-n\s+[\w.-]+|--namespace[= ][\w.-]+))*)\s*(?:#.*)?$/,
    );
    if (m && !out.includes(kindOf(m[1]))) out.push(kindOf(m[1]));
  }
  return out;
}

/**
 * The workloads an audit exempts, as our export writes an allow-list into its jq program
 * (export/kube-bench/objects.ts exemptFilter): `(.metadata.namespace == "ns" and (.metadata.name |
 * test("^glob$")))`, read back as namespace and Pod name glob. Nothing else is read as an exemption.
 */
export function exemptionsOf(audit: string | undefined): Array<{ namespace: string; name: string }> {
  if (!audit) return [];
  // The program is one single-quoted shell word: a quote inside it is written '\''.
  const text = audit.replace(/'\\''/g, "'");
  const json = String.raw`"(?:[^"\\]|\\.)*"`;
  const re = new RegExp(
    String.raw`\(\.metadata\.namespace == (${json}) and \(\.metadata\.name \| test\((${json})\)\)\)`,
    'g',
  );
  const out: Array<{ namespace: string; name: string }> = [];
  for (const m of text.matchAll(re)) {
    let namespace: unknown;
    let pattern: unknown;
    try {
      namespace = JSON.parse(m[1]);
      pattern = JSON.parse(m[2]);
    } catch {
      continue;
    }
    if (typeof namespace !== 'string' || typeof pattern !== 'string') continue;
    const body = pattern.match(/^\^(.*)\$$/)?.[1];
    if (body === undefined || !namespace) continue;
    const name = body
      .split('.*')
      // An escaped character is itself; a bare `.` is the glob's `?` (export's globRegex).
      .map((p) => p.replace(/\\(.)|\./g, (_, c: string | undefined) => c ?? '?'))
      .join('*');
    if (name && !out.some((x) => x.namespace === namespace && x.name === name)) out.push({ namespace, name });
  }
  return out;
}
