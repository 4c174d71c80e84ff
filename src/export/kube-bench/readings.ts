// Audits for settings read elsewhere than on the process line (a subject's `read`): the
// component's `$<c>conf` file, the kubelet's running configuration (configz), an operator's copy
// of the component's arguments in a cluster object. Each is written so that the importer
// (src/ingest/kube-bench/readings.ts) reads it back as the same way of reading.
import type { Reading } from '../../model/check.js';
import { shellQuote } from './objects.js';

/** jq's way to name a key: `.a` when it is a plain name, `["a-b"]` otherwise. */
function jqKey(k: string): string {
  return /^[A-Za-z_]\w*$/.test(k) ? `.${k}` : `["${k}"]`;
}

const jqPath = (dotted: string): string => dotted.split('.').map(jqKey).join('');

/**
 * `oc get` of the object holding the arguments, and the jq program reading `flag` (the whole map
 * without one); a file's arguments map: `grep -A2 flag FILE`. `path`: a config field read from the
 * document's root instead of an argument.
 */
export function resourceCommand(r: Exclude<Reading, string>, flag?: string, path?: string): string {
  const name = flag?.replace(/^--?/, '');
  if ('file' in r) return `grep -A2 ${shellQuote(name ?? r.field.split('.').pop()!)} ${shellQuote(r.file)}`;
  const ns = r.namespace ? ` -n ${r.namespace}` : '';
  const get = `oc get ${r.resource} ${r.name}${ns} -o json`;
  const doc = r.document ? ` | jq -r ${shellQuote(`.data["${r.document}"]`)}` : '';
  const at = path !== undefined ? jqPath(path) : `${r.field ? jqPath(r.field) : ''}${name ? `["${name}"]` : ''}`;
  return `${get}${doc} | jq ${shellQuote(at || '.')}`;
}

/** The kubelet's running configuration on this node, whole or one field. */
export function configzCommand(path?: string): string {
  const field = path ? jqPath(path) : '';
  return [
    `NODE_NAME=$(oc get pod "$HOSTNAME" -o=jsonpath='{.spec.nodeName}')`,
    `oc get --raw /api/v1/nodes/$NODE_NAME/proxy/configz | jq ${shellQuote(`.kubeletconfig${field}`)}`,
  ].join('\n');
}

/**
 * A grep whose pattern spells out where `path` sits in a YAML file (two spaces a level), for a
 * test item that names only the last key (`enabled: false` for authentication.anonymous.enabled).
 */
export function nestedGrep(path: string, file: string): string {
  const keys = path.split('.');
  const pattern = keys.map((k, i) => `${i ? `\\s{${2 * i}}` : '^'}${k}:`).join('\\n');
  return `grep ${shellQuote(pattern)} ${file}`;
}

/**
 * grep of etcd's environment for the variable of `flag` (`--client-cert-auth` is ETCD_CLIENT_CERT_AUTH),
 * with its value where the check wants one; grep calls the environment a binary file and says it matches.
 */
export function environmentCommand(flag: string, value?: string): string {
  const variable = `ETCD_${flag.replace(/^--?/, '').toUpperCase().replace(/-/g, '_')}`;
  const word = value !== undefined && /^[\w./:-]+$/.test(value) ? `${variable}=${value}` : variable;
  return `grep ${word} /proc/$(pgrep -o -x etcd)/environ`;
}
