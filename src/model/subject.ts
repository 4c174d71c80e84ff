// What a check reads, in words and as a key: no zod here, so rules and the command line
// load it without the schemas.
import type { Reading, Subject } from './check.js';

/** How a setting is read, in words: `arguments file`, `kubeapiservers.operator.openshift.io/cluster spec.observedConfig.apiServerArguments`. */
export function readingLabel(r: Reading): string {
  if (r === 'conf-file') return 'in its conf file';
  if (r === 'configz') return 'through configz';
  if (r === 'environment') return 'in its environment';
  if ('file' in r) return `in ${r.file} ${r.field}`;
  const where = `${r.namespace ? `${r.namespace}/` : ''}${r.resource}/${r.name}`;
  return `in ${[where, r.document, r.field].filter(Boolean).join(' ')}`;
}

export function subjectLabel(s: Subject): string {
  const base = bareLabel(s);
  return 'read' in s && s.read ? `${base} (${readingLabel(s.read)})` : base;
}

function bareLabel(s: Subject): string {
  switch (s.kind) {
    case 'flag':
      return `${s.component} ${s.flag}`;
    case 'config':
      return `${s.component} ${s.path}`;
    case 'feature-gate':
      return `${s.component} feature gate ${s.gate}`;
    case 'admission-plugin':
      return `admission plugin ${s.plugin} (${s.state})`;
    case 'file':
      return `${s.role} ${s.attribute}`;
    case 'api-object':
      return [s.resource, s.field ?? s.raw, s.selector && `(${s.selector})`].filter(Boolean).join(' ');
    case 'dockerd-flag':
      return `dockerd ${s.flag}`;
    case 'daemon-json':
      return `daemon.json ${s.key}`;
    case 'docker-info':
      return `docker info ${s.field}${s.option ? ` ${s.option}` : ''}`;
    case 'container':
      return `container ${s.field}${s.option ? ` ${s.option}` : ''}`;
    case 'docker-network':
      return `${s.driver ?? 'docker'} network ${s.option}`;
    case 'audit-rule':
      return `audit rule on ${s.path}`;
    case 'audit-event':
      return `audit events ${s.key} "${s.match}"`;
    case 'environment':
      return `environment ${s.variable}`;
    case 'service':
      return `service ${s.unit} ${s.property}`;
    case 'unknown':
      return `${s.component ? s.component + ' ' : ''}${s.raw}`;
  }
}

/**
 * A stable key for "which setting", used to match controls across benchmark versions. An
 * admission plugin is one setting whether a control wants it on or off (CIS flipped
 * DenyServiceExternalIPs from "not set" to "set"): the state is compared like a value.
 */
export function subjectKey(s: Subject): string {
  switch (s.kind) {
    case 'flag':
      return `flag:${s.component}:${s.flag}`;
    case 'config':
      return `config:${s.component}:${s.path}`;
    case 'feature-gate':
      return `gate:${s.gate}`;
    case 'admission-plugin':
      return `plugin:${s.plugin}`;
    case 'file':
      return `file:${s.role}:${s.attribute}`;
    case 'api-object':
      return `object:${s.resource}:${s.field ?? s.raw}${s.selector ? `:${s.selector}` : ''}`;
    // A dockerd flag and the daemon.json key of the same name are one setting.
    case 'dockerd-flag':
      return `docker:${s.flag.replace(/^--?/, '')}`;
    case 'daemon-json':
      return `docker:${s.key}`;
    case 'docker-info':
      return `docker-info:${s.field}:${s.option ?? ''}`;
    case 'container':
      return `container:${s.field}:${s.option ?? ''}`;
    case 'docker-network':
      return `docker-network:${s.driver ?? ''}:${s.option}`;
    case 'audit-rule':
      return `audit-rule:${s.path}`;
    case 'audit-event':
      return `audit-event:${s.key}:${s.match}`;
    case 'environment':
      return `env:${s.variable}`;
    case 'service':
      return `service:${s.unit}:${s.property}`;
    case 'unknown':
      return `unknown:${s.component ?? ''}:${s.raw}`;
  }
}
