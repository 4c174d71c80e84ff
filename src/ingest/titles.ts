// Titles written by benchwright from a control's checks, or from its topic when the checks
// say little (a manual control, an audit token), for data we ship without third-party prose.
// They say what is checked, not why.
import type { Control, Section } from '../model/benchmark.js';
import type { Check, Subject } from '../model/check.js';
import { topicEntry } from './kube-bench/folders.js';
import { checkText } from '../model/check-text.js';

export { checkText, opWords } from '../model/check-text.js';

/** A check that names its setting; an audit token or an unclassified item does not. */
function telling(c: Check): boolean {
  return c.subjects.some((s) => s.kind !== 'unknown' && !(s.kind === 'api-object' && !s.field));
}

export function generatedTitle(c: Control, s: Section): string {
  const topic = c.topic ? topicEntry(c.topic)?.title : undefined;
  if (topic && !(c.checks.length && c.checks.every(telling))) return topic;
  if (!c.checks.length)
    return `${c.assessment === 'manual' ? 'Manual ' : c.assessment === 'automated' ? 'Automated ' : ''}${s.target} control ${c.id}`;
  const parts = c.checks.slice(0, 3).map(checkText);
  const more = c.checks.length > 3 ? ` (+${c.checks.length - 3} more)` : '';
  return parts.join(c.combine === 'any' ? ' or ' : '; ') + more;
}

/** Who a subject is about, for a section's title. */
function owner(sub: Subject): string | undefined {
  if (sub.kind === 'audit-rule') return 'audit';
  if ('component' in sub && sub.component) return sub.component;
  switch (sub.kind) {
    case 'file':
      return 'files';
    case 'admission-plugin':
      return 'kube-apiserver';
    case 'api-object':
      return sub.resource === 'SubjectAccessReview' ? 'RBAC' : `${sub.resource} objects`;
    case 'dockerd-flag':
    case 'daemon-json':
    case 'docker-info':
    case 'docker-network':
      return 'dockerd';
    case 'container':
      return 'containers';
    case 'audit-event':
      return 'audit';
    case 'environment':
      return 'docker client';
    case 'service':
      return 'host services';
    default:
      return undefined;
  }
}

export function generatedSectionTitle(s: Section): string {
  const counts = new Map<string, number>();
  const add = (who: string | undefined) => {
    if (who) counts.set(who, (counts.get(who) ?? 0) + 1);
  };
  for (const c of s.controls) {
    for (const k of c.checks) for (const sub of k.subjects) add(owner(sub));
    // A manual control counts by its topic's area (RBAC, Pod security, swarm, images, …).
    if (!c.checks.length && c.topic) add(topicEntry(c.topic)?.area);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return top ? `${s.target}: ${top[0]}` : `${s.target} section ${s.id}`;
}
