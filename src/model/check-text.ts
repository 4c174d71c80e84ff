// A check in words ("kubelet --anonymous-auth is false"): used by generated titles and by
// findings. No schema library or YAML parser here, so rules load it cheaply.
import type { Check, Subject } from './check.js';

export const opWords: Record<string, string> = {
  eq: 'is',
  noteq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  has: 'includes',
  nothave: 'does not include',
  regex: 'matches',
  valid_elements: 'only lists',
  bitmask: 'is at most',
  present: 'is set',
  absent: 'is not set',
};

/** `metadata.name=default` → `named default`; `metadata.namespace=default` → `in namespace default`. */
function selectorText(selector: string): string {
  return selector
    .split(',')
    .map((p) => {
      const [k, v] = p.split('=');
      if (k === 'metadata.name') return `named ${v}`;
      if (k === 'metadata.namespace') return `in namespace ${v}`;
      return p;
    })
    .join(', ');
}

export function subjectText(s: Subject): string {
  switch (s.kind) {
    case 'flag':
      return `${s.component} ${s.flag}`;
    case 'config':
      return `${s.component} config ${s.path}`;
    case 'feature-gate':
      return `${s.component} feature gate ${s.gate}`;
    case 'admission-plugin':
      return `admission plugin ${s.plugin}`;
    case 'file':
      return `${s.role} ${s.attribute === 'mode' ? 'permissions' : s.attribute}`;
    case 'api-object': {
      const who = `${s.resource}${s.selector ? ` (${selectorText(s.selector)})` : ''}`;
      return s.field ? `${who} ${s.field}` : `${who} "${s.raw}"`;
    }
    case 'dockerd-flag':
      return `dockerd ${s.flag}`;
    case 'daemon-json':
      return `daemon.json key ${s.key}`;
    case 'docker-info':
      return `docker ${s.field.startsWith('Server.') ? 'version' : 'info'} ${s.field}`;
    case 'container':
      return `every container's ${s.field}`;
    case 'docker-network':
      return `${s.driver ? `every ${s.driver}` : 'every docker'} network's option ${s.option}`;
    case 'audit-rule':
      return `audit rule on ${s.path}`;
    case 'audit-event':
      return `audit events (key ${s.key}) for ${s.match}`;
    case 'environment':
      return `client environment ${s.variable}`;
    case 'service':
      return s.property.startsWith('is-')
        ? `systemd unit ${s.unit} (${s.property.slice(3)})`
        : `systemd unit ${s.unit}'s ${s.property}`;
    case 'unknown':
      return `${s.component ? s.component + ' ' : ''}setting "${s.raw}"`;
  }
}

/** Checks whose wording stands on its own (an access review, an audit rule, a partition). */
function specialText(c: Check, s: Subject): string | undefined {
  if (s.kind === 'admission-plugin') return `${subjectText(s)} is ${s.state}`;
  if (s.kind === 'api-object' && s.resource === 'SubjectAccessReview' && s.selector) {
    const req = new Map(s.selector.split(',').map((p) => p.split('=') as [string, string]));
    const who = req.get('group') ?? req.get('user') ?? 'anyone';
    const can = c.op === 'eq' && c.value === 'false' ? 'may not' : 'may';
    return `${who} ${can} ${(req.get('verb') ?? 'use').split('|').join(', ')} ${req.get('resource') ?? 'objects'}`;
  }
  if (s.kind === 'audit-rule' && (c.op === 'present' || c.op === 'has')) return `an audit rule watches ${s.path}`;
  if (s.kind === 'audit-event')
    return `no audit events (key ${s.key}) for ${s.match}${c.op === 'eq' && c.value ? ` with ${c.value}` : ''}`;
  if (s.kind === 'file' && s.attribute === 'partition') return `${s.role} is on a separate partition`;
  if (s.kind === 'docker-network' && s.option === 'Name' && c.op === 'absent')
    return `there is no ${s.driver ?? 'docker'} network`;
  if (s.kind === 'file' && s.attribute === 'exists')
    return `${s.role} ${c.op === 'absent' ? 'does not exist' : 'exists'}`;
  if ((s.kind === 'docker-info' || s.kind === 'container') && s.option && (c.op === 'has' || c.op === 'nothave'))
    return `${subjectText(s)} ${opWords[c.op]} ${c.value ?? s.option}`;
  return undefined;
}

export function checkText(c: Check): string {
  const s = c.subjects[0];
  const special = specialText(c, s);
  if (special) return special;
  const word = opWords[c.op] ?? c.op;
  // An empty value (`""` as docker-bench writes it) reads as a word.
  const value = c.value === '' || c.value === '""' ? 'empty' : c.value;
  return value !== undefined && c.op !== 'present' && c.op !== 'absent'
    ? `${subjectText(s)} ${word} ${value}`
    : `${subjectText(s)} ${word}`;
}
