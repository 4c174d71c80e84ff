// Turn one docker-bench test item into a semantic check: a dockerd flag, a daemon.json key, a
// `docker info` field, a field of every container (`docker inspect`), a docker network option,
// a host file, an audit rule. docker-bench's audits are shell one-liners whose output the item
// greps for a token; the command tells what is read, the token which part of it.
import type { Check, Component, Operator, Subject } from '../../model/check.js';
import { type Classified, type RawItem, validOps } from '../kube-bench/classify.js';

export interface DockerAuditContext {
  readonly audit?: string;
  /** Substitution variables of the folder's config.yaml (`docker-storage` → /var/lib/docker). */
  readonly variables: ReadonlyMap<string, string>;
}

/** What the old-scheme folders (no config.yaml) wrote literally. */
export const defaultVariables: ReadonlyMap<string, string> = new Map([
  ['docker-storage', '/var/lib/docker'],
  ['docker-config-file', '/etc/docker/daemon.json'],
  ['audit-log', '/var/log/audit/audit.log'],
]);

// `have` appears in cis-1.0, 1.13.0 and ocp-3.9 (2.19): bench-common has no such operator.
const opAliases: Record<string, Operator> = { have: 'has', neq: 'noteq' };

function substitute(s: string | undefined, vars: ReadonlyMap<string, string>): string | undefined {
  return s?.replace(/\$([a-z][a-z-]*[a-z])/g, (m, name: string) => vars.get(name) ?? m);
}

/** Docker's own paths, as against containerd's and runc's (which Kubernetes nodes run too). */
function componentOfPath(path: string): Component {
  return /containerd|(^|\/)runc\b/.test(path) && !/docker-(containerd|runc)/.test(path) ? 'containerd' : 'dockerd';
}

// `docker info` prints labels, `--format` names fields: the labels audits grep for.
const infoLabels: Record<string, string> = {
  'Storage Driver': 'Driver',
  'Insecure Registries': 'RegistryConfig.InsecureRegistryCIDRs',
  'Swarm Autolock': 'Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers',
};

/** `--format '{{ .Id }}:Privileged={{ .HostConfig.Privileged }}'` → Privileged → HostConfig.Privileged (and the lone field). */
function templateFields(audit: string): { labels: Map<string, string>; fields: string[] } {
  const labels = new Map<string, string>();
  const fields: string[] = [];
  for (const m of audit.matchAll(/(?:([A-Za-z][\w ]*?)\s*[:=]\s*)?\{\{\s*\.([A-Za-z][\w.]*)\s*\}\}/g)) {
    const field = m[2];
    if (field === 'Id' || field === 'Name') continue;
    fields.push(field);
    if (m[1]) labels.set(m[1].trim().toLowerCase(), field);
  }
  return { labels, fields };
}

export function classifyDocker(item: RawItem, ctx: DockerAuditContext): Classified {
  const notes: string[] = [];
  const audit = substitute(ctx.audit, ctx.variables) ?? '';
  const flag = substitute(item.flag, ctx.variables)?.trim() ?? '';
  const rawValue = item.value;
  let op: Operator;
  if (item.op === undefined) op = item.set === false ? 'absent' : 'present';
  else if (validOps.has(item.op)) op = item.op as Operator;
  else {
    op = opAliases[item.op] ?? 'present';
    notes.push(
      opAliases[item.op]
        ? `invalid compare op '${item.op}', read as '${op}'`
        : `unknown compare op '${item.op}', expected one of ${[...validOps].join(', ')}`,
    );
  }
  const set = item.set;
  const done = (subjects: Subject[], o: Operator, v?: string): Classified => ({
    check: { subjects, op: o, ...(v !== undefined && v !== null ? { value: String(v) } : {}) } as Check,
    notes,
  });
  // A token looked for (set true) or ruled out (set false) in a list or a text.
  const tokenOp = (): [Operator, string | undefined] =>
    item.op !== undefined && set !== false ? [op, rawValue] : set === false ? ['nothave', flag] : ['has', flag];

  // A separate partition: the storage path in /etc/fstab or /proc/mounts.
  if (/\bgrep\b.*(\/etc\/fstab|\/proc\/mounts)/.test(audit)) {
    const path = audit.match(/grep\s+'?(\/[\w/.-]+)/)?.[1] ?? flag;
    return done([{ kind: 'file', role: path, attribute: 'partition', component: 'dockerd' }], 'present');
  }

  // Audit rules: `auditctl -l | grep <path>`.
  if (/\bauditctl\s+-l\b/.test(audit)) {
    const path = flag || audit.match(/grep\s+(\S+)\s*$/)?.[1] || 'docker';
    return done([{ kind: 'audit-rule', path, component: componentOfPath(path) }], set === false ? 'absent' : 'present');
  }

  // Audit events: `ausearch -k docker | grep exec | grep privileged`.
  if (/\bausearch\b/.test(audit)) {
    const key = audit.match(/-k\s+(\S+)/)?.[1] ?? 'docker';
    const match = [...audit.matchAll(/\|\s*grep\s+(\S+)/g)].map((m) => m[1]).join(' ') || flag;
    if (!flag) return done([{ kind: 'audit-event', key, match }], 'absent');
    return done([{ kind: 'audit-event', key, match }], op, rawValue);
  }

  // File ownership and permissions: `stat -c %U:%G` / `stat -c permissions=%a`.
  if (/\bstat\b/.test(audit)) {
    const unit = audit.match(/FragmentPath\s+(docker\.\w+|containerd\.\w+)/)?.[1];
    const paths = [...audit.matchAll(/(\/(?:[\w.*-]+\/?)+)/g)].map((m) => m[1]).filter((p) => !/^\/bin\/sh$/.test(p));
    const role = unit ?? paths[paths.length - 1] ?? 'file';
    const component = componentOfPath(role);
    if (flag === 'permissions' || item.op === 'bitmask')
      return done([{ kind: 'file', role, attribute: 'mode', component }], 'bitmask', rawValue);
    if (/^[\w.-]+:[\w.-]+$/.test(flag))
      return done([{ kind: 'file', role, attribute: 'owner', component }], 'eq', rawValue || flag);
  }

  // The client's environment: `echo $DOCKER_CONTENT_TRUST`.
  const env = (ctx.audit ?? '').match(/echo\s+.*\$([A-Z_][A-Z0-9_]*)/)?.[1];
  if (env) {
    const value = item.op !== undefined ? rawValue : flag;
    return done([{ kind: 'environment', variable: env }], 'eq', value);
  }

  // Every container: `docker inspect --format '{{ .Id }}:Privileged={{ .HostConfig.Privileged }}'`,
  // or the first process's user read with `docker exec … /proc/1/status`.
  if (/\bdocker\s+(?:container\s+)?inspect\b/.test(audit) || /\bdocker\s+exec\b.*\/proc\/1\/status/.test(audit)) {
    const { labels, fields } = templateFields(audit);
    if (/\/proc\/1\/status/.test(audit)) labels.set('user', 'Uid');
    const [label, val] = flag.includes('=') ? flag.split('=', 2) : [flag, undefined];
    const field = labels.get(label.toLowerCase());
    if (field && val !== undefined) return done([{ kind: 'container', field }], set === false ? 'noteq' : 'eq', val);
    if (field) return done([{ kind: 'container', field }], op, rawValue);
    const only = fields.length === 1 ? fields[0] : undefined;
    if (only === 'Mounts') {
      // `Source:/etc Destination` (a host directory), `docker.sock`.
      const source = flag.match(/^Source:(\S+)/)?.[1] ?? flag;
      return done([{ kind: 'container', field: 'Mounts[].Source' }], set === false ? 'nothave' : 'has', source);
    }
    if (only && flag) {
      const [o, v] = tokenOp();
      return done(
        [{ kind: 'container', field: only, ...(o === 'has' || o === 'nothave' ? {} : { option: flag }) }],
        o,
        v,
      );
    }
  }

  // Docker networks: `docker network inspect --format '{{ .Name }}: {{ .Options }}'`.
  if (/\bdocker\s+network\b/.test(audit)) {
    const driver = audit.match(/--filter\s+driver=(\w+)/)?.[1];
    const base = { kind: 'docker-network' as const, ...(driver ? { driver } : {}) };
    if (!flag) return done([{ ...base, option: 'Name' }], 'absent');
    const m = flag.match(/^([\w.-]+):(.*)$/);
    if (m)
      return done([{ ...base, option: m[1] }], set === false ? 'noteq' : 'eq', item.op !== undefined ? rawValue : m[2]);
    return done(
      [{ ...base, option: flag }],
      set === false ? 'absent' : item.op !== undefined ? op : 'present',
      rawValue,
    );
  }

  // `docker info` and `docker version`: a field, an entry of a list field, or a label's value.
  if (/\bdocker\s+(?:info|version|swarm\s+unlock-key)\b/.test(audit)) {
    const { labels, fields } = templateFields(audit);
    if (/docker\s+swarm\s+unlock-key/.test(audit)) fields.push(infoLabels['Swarm Autolock']);
    const labelled = flag.match(/^([A-Z][\w ]*?):\s*(\S+)$/);
    if (labelled && infoLabels[labelled[1]])
      return done(
        [{ kind: 'docker-info', field: infoLabels[labelled[1]] }],
        set === false ? 'noteq' : 'eq',
        labelled[2],
      );
    const field = labels.get(flag.toLowerCase());
    if (field) return done([{ kind: 'docker-info', field }], op, rawValue);
    const only = fields[0];
    if (only && flag) {
      // The field's own value looked for (`false` in Server.Experimental), or an entry of a list.
      if (item.op !== undefined && rawValue === flag) return done([{ kind: 'docker-info', field: only }], op, rawValue);
      if (/unlock key/.test(flag)) return done([{ kind: 'docker-info', field: only }], 'eq', 'true');
      if (only === 'SecurityOptions' && item.op !== undefined && rawValue !== flag)
        return done([{ kind: 'docker-info', field: only, option: flag }], op, rawValue);
      const [o, v] = tokenOp();
      return done([{ kind: 'docker-info', field: only }], o === 'nothave' && fields.length === 1 ? 'noteq' : o, v);
    }
  }

  // The daemon: its command line (`ps -ef | grep dockerd`) and its daemon.json (`grep key $docker-config-file`).
  const readsProcess = /\bps\b[^|]*\|\s*grep\s+docker/.test(audit);
  const readsJson = /daemon\.json/.test(audit);
  if ((readsProcess || readsJson) && flag) {
    const quoted = flag.match(/^"([\w.-]+)"$/)?.[1];
    const bare = flag.match(/^([a-z][\w.-]*)$/)?.[1];
    const value = set === false && item.op === undefined ? undefined : rawValue;
    const o: Operator = set === false ? 'absent' : op;
    if (flag.startsWith('--') && /^--[\w.-]+$/.test(flag)) return done([{ kind: 'dockerd-flag', flag }], o, value);
    if (quoted) return done([{ kind: 'daemon-json', key: quoted }], o, value);
    if (bare) {
      // A bare word matches the daemon.json key and, on the command line, the flag it names.
      const subjects: Subject[] = [];
      if (readsJson) subjects.push({ kind: 'daemon-json', key: bare });
      if (readsProcess) subjects.push({ kind: 'dockerd-flag', flag: `--${bare}` });
      if (!readsJson)
        notes.push(
          `flag '${flag}' has no leading dashes; docker-bench matches it anywhere on the command line, read as --${bare}`,
        );
      return done(subjects, o, value);
    }
  }
  // An empty token: the audit must print nothing (no daemon.json key).
  if (!flag && readsJson) {
    const key = audit.match(/grep\s+([\w.-]+)\s/)?.[1];
    if (key) return done([{ kind: 'daemon-json', key }], 'absent');
  }

  const raw =
    [item.flag, item.path, item.env].filter((x) => x !== undefined && x !== '').join(' ') || '(empty test item)';
  return done([{ kind: 'unknown', raw, component: 'dockerd' }], op, item.set === false ? undefined : rawValue);
}
