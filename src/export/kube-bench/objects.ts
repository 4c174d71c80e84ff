// kubectl audits for checks on API objects, written from the subjects: list the objects
// (`kubectl get pods --all-namespaces -o json`), judge the field on every one with jq, and
// print the token the test item looks for with the value it compares. `kubectl auth can-i`
// answers a SubjectAccessReview. The field comparison is written right after the field
// (`.spec.hostNetwork != true`), which is how the importer (ingest/kube-bench/api-objects.ts)
// tells a judged field from one only printed.
import { shellWord } from './shell.js';
import type { Check, Subject } from '../../model/check.js';
import type { KubeBenchItem } from '../../model/scanner.js';

type ApiObject = Extract<Subject, { kind: 'api-object' }>;

/** kubectl's resource name for a kind: Pod → pods, NetworkPolicy → networkpolicies; another name as written. */
export function resourceName(kind: string): string {
  if (!/^[A-Z]/.test(kind)) return kind;
  const lower = kind.toLowerCase();
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith('s')) return lower;
  return `${lower}s`;
}

/** A field as a jq path over one object: spec.containers[].securityContext.privileged → .spec.containers[]?.securityContext.privileged. */
function jqPath(field: string): string {
  return `.${field.replace(/\[\]/g, '[]?')}`;
}

function literal(v: string | undefined): string {
  if (v === undefined) return 'null';
  if (v === 'true' || v === 'false' || /^-?\d+(\.\d+)?$/.test(v)) return v;
  return JSON.stringify(v);
}

/** The jq condition "this object meets the check", for one field. */
function condition(field: string, check: Pick<Check, 'op' | 'value'>): string {
  // An RBAC rule is judged by what it grants: the resources it names (`rules[] nothave secrets`).
  if (/(^|\.)rules\[\]$/.test(field) && (check.op === 'has' || check.op === 'nothave'))
    return `(${jqPath(field)}.resources[]? == ${literal(check.value)})${check.op === 'nothave' ? ' | not' : ''}`;
  const path = jqPath(field);
  switch (check.op) {
    case 'absent':
      return `${path} == null`;
    case 'present':
      return `${path} != null`;
    case 'eq':
    case 'has':
    case 'regex':
    case 'valid_elements':
    case 'bitmask':
      return `${path} == ${literal(check.value)}`;
    case 'noteq':
    case 'nothave':
      return `${path} != ${literal(check.value)}`;
    case 'gt':
      return `${path} > ${literal(check.value)}`;
    case 'gte':
      return `${path} >= ${literal(check.value)}`;
    case 'lt':
      return `${path} < ${literal(check.value)}`;
    case 'lte':
      return `${path} <= ${literal(check.value)}`;
  }
}

const opposite: Record<string, string> = { true: 'false', false: 'true', yes: 'no', no: 'yes' };

/** What the audit prints when the objects meet the check and when they do not, for the item to find. */
function outputs(item: KubeBenchItem): { met: string; unmet: string } {
  const token = item.flag ?? 'is_compliant';
  if (item.set === false) return { met: '', unmet: token };
  if (item.op === undefined) return { met: token, unmet: '' };
  const v = item.value ?? '';
  const other = opposite[v.toLowerCase()] ?? `not-${v || 'set'}`;
  const positive = item.op !== 'noteq' && item.op !== 'nothave';
  return positive
    ? { met: `${token}: ${v}`, unmet: `${token}: ${other}` }
    : { met: `${token}: ${other}`, unmet: `${token}: ${v}` };
}

/** `kubectl auth can-i` asking the SubjectAccessReview a subject's selector names (group=…,verb=a|b,resource=…). */
export function canI(review: ApiObject): string {
  const request = new Map((review.selector ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
  // Benchmark values, each one shell word (shell.ts): nothing in them runs.
  const who = request.has('group')
    ? ` --as-group=${shellWord(request.get('group') ?? '', 'a group')}`
    : request.has('user')
      ? ` --as=${shellWord(request.get('user') ?? '', 'a user')}`
      : '';
  const verbs = shellWord((request.get('verb') ?? 'get').split('|').join(','), 'a verb');
  const resource = request.get('resource');
  return `kubectl auth can-i ${verbs} ${resource === undefined || resource === '*' ? '*' : shellWord(resource, 'a resource')} --all-namespaces${who}`;
}

/** One shell word: single quotes, a quote inside written as '\\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** An allow-list entry: a namespace and a Pod name glob (`kube-proxy-*`). */
export interface Exempt {
  readonly namespace: string;
  readonly name: string;
}

/**
 * A Pod name glob as an anchored regular expression (jq's `test`): `*` any run, `?` any one
 * character, everything else literal. A run of stars is one (jq's engine backtracks on `.*.*`).
 */
function globRegex(glob: string): string {
  return `^${glob
    .replace(/\*+/g, '*')
    .split('*')
    .map((p) =>
      p
        .split('?')
        .map((q) => q.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.'),
    )
    .join('.*')}$`;
}

/**
 * The jq filter keeping the Pods an allow-list does not exempt: `select((…) | not)`. Names and
 * namespaces are JSON strings inside the jq program (JSON.stringify), and the program is one
 * single-quoted shell word (shellQuote): nothing in them reaches the shell or jq as code.
 */
export function exemptFilter(allowList: readonly Exempt[] | undefined): string {
  if (!allowList?.length) return '';
  const one = (e: Exempt) =>
    `(.metadata.namespace == ${JSON.stringify(e.namespace)} and (.metadata.name | test(${JSON.stringify(globRegex(e.name))})))`;
  return ` | select((${allowList.map(one).join(' or ')}) | not)`;
}

/** One shell line that prints the item's token for the objects a check reads. */
export function objectsCommand(
  subjects: readonly ApiObject[],
  check: Pick<Check, 'op' | 'value'>,
  item: KubeBenchItem,
  allowList?: readonly Exempt[],
): string {
  const { met, unmet } = outputs(item);
  const review = subjects.find((s) => s.resource === 'SubjectAccessReview');
  // The token inside double quotes: the characters special there are escaped.
  if (review) return `echo "${(item.flag ?? 'allowed').replace(/[\\$`"]/g, '\\$&')}: $(${canI(review)})"`;
  const lines: string[] = [];
  const byResource = new Map<string, ApiObject[]>();
  for (const s of subjects) {
    const key = `${s.resource}\u0000${s.selector ?? ''}`;
    byResource.set(key, [...(byResource.get(key) ?? []), s]);
  }
  for (const group of byResource.values()) {
    const { resource, selector } = group[0];
    const fields = group.flatMap((s) => (s.field ? [s.field] : []));
    const select = selector ? ` --field-selector ${shellWord(selector, 'a field selector')}` : '';
    const get = `kubectl get ${shellWord(resourceName(resource), 'a resource')} --all-namespaces${select} -o json`;
    if (!fields.length) {
      // Nothing known of what is judged: the objects as kubectl lists them (names and columns), for
      // the item to find its token in; the token as a comment after them, so that reading the
      // audit again gives each token the command written for it.
      const token = item.flag !== undefined && !/[\n\r]/.test(item.flag) ? `  # ${item.flag}` : '';
      lines.push(`kubectl get ${shellWord(resourceName(resource), 'a resource')} --all-namespaces${select}${token}`);
      continue;
    }
    const all = check.op === 'has' ? 'any' : 'all';
    // The control's allow-list exempts the workloads it names (Pods only: it names Pods by namespace and name).
    const items = `.items[]${resource === 'Pod' ? exemptFilter(allowList) : ''}`;
    const cond = fields.map((f) => `${all}(${items}; ${condition(f, check)})`).join(' and ');
    lines.push(
      `${get} | jq -r ${shellQuote(`if ${cond} then ${JSON.stringify(met)} else ${JSON.stringify(unmet)} end`)}`,
    );
  }
  return lines.join('\n');
}
