// One control as a kube-bench check: its test items, the audit commands that print what
// they look for, `type` from the control's automation and `scored`. A control imported
// from kube-bench keeps its test items exactly (they are facts) and gets its audits
// written from its probes; where a probe has no command form (an audit benchwright could
// not read, a kubectl script), and for a control of our own format, the audits and items
// are written from the checks' subjects.
import { apiServerFileFlag, apiServerFileLists, componentConfig, fileRole } from '../../evaluate/knowledge.js';
import { componentOf } from '../../ingest/kube-bench/config.js';
import { probeOf } from '../../ingest/kube-bench/probes.js';
import type { Control, Section } from '../../model/benchmark.js';
import type { Check, Component, Reading, Subject } from '../../model/check.js';
import type { KubeBenchBenchmark, KubeBenchControl, KubeBenchItem, Probe } from '../../model/scanner.js';
import { canI, objectsCommand, resourceName } from './objects.js';
import { configzCommand, environmentCommand, nestedGrep, resourceCommand } from './readings.js';
import { commandOf } from './shell.js';

/** A test item as kube-bench's YAML writes it. */
export interface ScannerItem {
  flag?: string;
  path?: string;
  env?: string;
  set?: boolean;
  compare?: { op?: string; value?: string };
}

/** A check as kube-bench's YAML writes it (keys in its order). */
export interface ScannerCheck {
  id: string;
  text: string;
  type?: string;
  audit?: string;
  audit_config?: string;
  audit_env?: string;
  disableenvtesting?: boolean;
  use_multiple_values?: boolean;
  tests?: { bin_op?: string; test_items: ScannerItem[] };
  remediation?: string;
  scored?: boolean;
}

export interface Encoded {
  readonly check: ScannerCheck;
  /** What could not be encoded as the control says, in words, for the file's header and the command's output. */
  readonly notes: string[];
}

// kube-bench's own component keys (cfg/config.yaml), the names its variables are made of.
const standardKeys: Partial<Record<Component, string>> = {
  'kube-apiserver': 'apiserver',
  'kube-scheduler': 'scheduler',
  'kube-controller-manager': 'controllermanager',
  etcd: 'etcd',
  kubelet: 'kubelet',
  'kube-proxy': 'proxy',
  flanneld: 'flanneld',
  kubernetes: 'kubernetes',
  'federation-apiserver': 'fedapiserver',
  'federation-controller-manager': 'fedcontrollermanager',
};

// OpenShift 3 reads component settings from these files (the importer recognises them by name).
const openshiftConfigs: Partial<Record<Component, string>> = {
  'openshift-master': '/etc/origin/master/master-config.yaml',
  'openshift-node': '/etc/origin/node/node-config.yaml',
};

/** The variables of a target: `$apiserverbin` for kube-apiserver, found in the component table. */
export class Variables {
  constructor(
    private readonly table: KubeBenchBenchmark | undefined,
    private readonly target: string,
  ) {}

  /** The table key of a component: the target's own first, then any target's, then kube-bench's standard one. */
  key(c: Component): string | undefined {
    const targets = this.table?.targets ?? {};
    const order = [this.target, ...Object.keys(targets).filter((t) => t !== this.target)];
    for (const t of order) {
      const entry = Object.hasOwn(targets, t) ? targets[t] : undefined;
      if (!entry) continue;
      for (const [key, facts] of Object.entries(entry.table)) if (componentOf(key, facts.bins) === c) return key;
    }
    return standardKeys[c];
  }

  bin(c: Component): string | undefined {
    const k = this.key(c);
    return k ? `$${k}bin` : undefined;
  }

  file(c: Component, kind: 'conf' | 'svc' | 'kubeconfig' | 'cafile' | 'datadir'): string | undefined {
    const k = this.key(c);
    return k ? `$${k}${kind}` : undefined;
  }
}

const componentNames = Object.keys(standardKeys) as Component[];

/** A role such as "kube-apiserver manifest" or "kubelet client CA file" as the variable that names the file. */
function roleVariable(role: string, component: Component | undefined, vars: Variables): string | undefined {
  const kinds: Array<[RegExp, 'conf' | 'svc' | 'kubeconfig' | 'cafile' | 'datadir']> = [
    [/ (manifest|config file)$/, 'conf'],
    [/ service file$/, 'svc'],
    [/ kubeconfig$/, 'kubeconfig'],
    [/ client CA file$/, 'cafile'],
    [/ data directory$/, 'datadir'],
  ];
  for (const [re, kind] of kinds) {
    if (!re.test(role)) continue;
    const who = role.replace(re, '');
    const c = componentNames.includes(who as Component) ? (who as Component) : component;
    return c && (who === c || !componentNames.includes(who as Component)) ? vars.file(c, kind) : undefined;
  }
  return undefined;
}

/** The probe that stats the file a subject names, with a format printing the attribute. */
function statProbe(
  s: Extract<Subject, { kind: 'file' }>,
  format: string,
  vars: Variables,
  missing?: string,
): Probe | undefined {
  if (s.role === 'CNI configuration files') {
    const bin = vars.bin('kubelet');
    return bin ? { kind: 'cni-files', bin, format } : undefined;
  }
  const guard = missing ? 'exists-else' : 'exists';
  const variable = roleVariable(s.role, s.component, vars);
  // etcd's data directory is where the running etcd's --data-dir says (kubeadm: /var/lib/etcd),
  // the variable only a fallback: kube-bench's own data-dir audits read the process line, and the
  // variable's default (/var/lib/etcd/default.etcd) is not kubeadm's folder (a reviewer's finding:
  // a drafted 1.1.12 read the variable and failed every compliant kubeadm node).
  const etcdBin = s.component === 'etcd' && / data directory$/.test(s.role) ? vars.bin('etcd') : undefined;
  if (variable && etcdBin)
    return {
      kind: 'stat',
      files: [{ process: etcdBin, flag: '--data-dir', folder: true, otherwise: variable }],
      format,
      guard: 'none',
    };
  if (variable)
    return { kind: 'stat', files: [{ variable }], format, guard, ...(missing ? { otherwise: missing } : {}) };
  const known = fileRole(s.role);
  if (known?.below)
    return {
      kind: 'stat',
      files: [{ path: `${known.below}/` }],
      format,
      guard: 'none',
      find: known.name ? { name: known.name } : {},
    };
  // A role that is a path is that path (one shell word, quoted where it needs it: shell.ts); a bare
  // word (the importer's "file" when an audit named none) is written as is. A line break stays out.
  const path =
    known?.paths?.[0] ??
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character is what keeps a role out
    (/^\/[^\u0000-\u001f\u007f]+$/.test(s.role) || /^[\w.-]+$/.test(s.role) ? s.role : undefined);
  return path
    ? { kind: 'stat', files: [{ path }], format, guard, ...(missing ? { otherwise: missing } : {}) }
    : undefined;
}

/** The stat format that prints what the item looks for: `permissions=%a` for a `permissions` item, the bare mode for a value. */
function formatFor(attribute: 'mode' | 'owner' | 'group', item: KubeBenchItem | undefined): string {
  if (attribute === 'mode') return !item || item.flag === 'permissions' ? 'permissions=%a' : '%a';
  return attribute === 'owner' ? '%U:%G' : '%G';
}
const notFound = 'File not found';

function compareOf(check: Pick<Check, 'op' | 'value'>): Pick<ScannerItem, 'set' | 'compare'> {
  if (check.op === 'absent') return { set: false };
  if (check.op === 'present') return {};
  return { compare: { op: check.op, ...(check.value !== undefined ? { value: check.value } : {}) } };
}

/** Everything one check needs: its item, and the commands that print what the item reads. */
interface Part {
  item?: ScannerItem;
  audit?: string;
  config?: string;
  multiple?: boolean;
  note?: string;
}

function processCommand(c: Component, vars: Variables): string | undefined {
  const bin = vars.bin(c);
  // A component kube-bench knows no binary of (OpenShift 3's master) is read in its config file.
  if (!bin) return configCommand(c, vars);
  return commandOf({ kind: 'process', bin, select: c === 'kubelet' || c === 'kube-proxy' ? 'command' : 'grep' });
}

/**
 * A component that ignores the flags its config file covers once `--config` is given (kube-scheduler,
 * kube-proxy: precedence file-only): its process line only where it runs without that flag, so a
 * flag on the command line cannot answer for a setting the file holds (kube-bench reads the audit's
 * flag first and the config file only when the flag is not found).
 */
function fileOnlyProcessCommand(c: Component, vars: Variables): string | undefined {
  const files = componentConfig().configFiles;
  const rule = Object.hasOwn(files, c) ? files[c] : undefined;
  const bin = vars.bin(c);
  if (rule?.precedence !== 'file-only' || !bin || openshiftConfigs[c]) return undefined;
  return commandOf({
    kind: 'process',
    bin,
    select: c === 'kubelet' || c === 'kube-proxy' ? 'command' : 'grep',
    without: `--${rule.flag}`,
  });
}

function configCommand(c: Component, vars: Variables): string | undefined {
  const file = openshiftConfigs[c] ?? vars.file(c, 'conf');
  return file
    ? commandOf({ kind: 'cat', file: file.startsWith('$') ? { variable: file } : { path: file }, guard: 'exists' })
    : undefined;
}

/**
 * kube-bench's `$<c>conf` is a KubeletConfiguration file only for the kubelet (cfg/config.yaml
 * node.kubelet.confs, default /var/lib/kubelet/config.yaml); the scheduler's and kube-proxy's name
 * their static Pod manifest and DaemonSet manifest, which hold flags, not the config kind.
 */
const confIsConfigFile: ReadonlySet<Component> = new Set(['kubelet']);

/**
 * A field of a component's config kind (KubeletConfiguration, KubeSchedulerConfiguration,
 * KubeProxyConfiguration) lives in the file the component is started with: the file its config flag
 * (`--config`, data/component-config.yaml) names on its process line, else, for the kubelet, kube-bench's
 * own kubelet config file. A component started without the flag has no file: nothing is printed, and the
 * field is at its default. Components with no config file flag are read in `$<c>conf`, as before.
 */
function configFieldCommand(c: Component, vars: Variables): string | undefined {
  const files = componentConfig().configFiles;
  const rule = Object.hasOwn(files, c) ? files[c] : undefined;
  const bin = vars.bin(c);
  if (!rule || !bin || openshiftConfigs[c]) return configCommand(c, vars);
  const otherwise = confIsConfigFile.has(c) ? vars.file(c, 'conf') : undefined;
  return commandOf({
    kind: 'cat',
    file: { process: bin, flag: `--${rule.flag}`, ...(otherwise ? { otherwise } : {}) },
    guard: 'exists',
  });
}

/** A dotted field as client-go's JSONPath reads it: `[*]` after each list field it passes through. */
function listPath(field: string, lists: readonly string[]): { path: string; overList: boolean } {
  const parts = field.split('.');
  let overList = false;
  const out = parts.map((p, i) => {
    const here = parts.slice(0, i + 1).join('.');
    if (lists.includes(here) && i < parts.length - 1) {
      overList = true;
      return `${p}[*]`;
    }
    return p;
  });
  return { path: out.join('.'), overList };
}

const regexText = (x: string) => x.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * The compare for values read over a list, which client-go prints joined by spaces: `valid_elements`
 * (kube-bench splits on commas) becomes a regex accepting any space-separated run of the elements.
 */
function listCompare(check: Pick<Check, 'op' | 'value'>): Pick<ScannerItem, 'set' | 'compare'> {
  if (check.op !== 'valid_elements' || check.value === undefined) return compareOf(check);
  const one = `(${check.value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map(regexText)
    .join('|')})`;
  return { compare: { op: 'regex', value: `^${one}( ${one})*$` } };
}

/** The command that prints a component's setting read the way `read` says, or its process line. */
function readCommand(
  c: Component,
  read: Reading | undefined,
  vars: Variables,
  flag?: string,
  value?: string,
): string | undefined {
  if (read === undefined) return processCommand(c, vars);
  if (read === 'conf-file') return configCommand(c, vars);
  if (read === 'configz') return configzCommand();
  if (read === 'environment') return flag ? environmentCommand(flag, value) : undefined;
  return resourceCommand(read, flag);
}

/**
 * `item` is the control's own test item for this check where it has one (imported from kube-bench):
 * where it reads a config key as a flag (a key grepped out of the file), the file goes in the audit.
 */
function partOf(
  check: Check,
  index: number,
  all: readonly Check[],
  vars: Variables,
  item?: KubeBenchItem,
  allowList?: Control['allowList'],
): Part {
  const s = check.subjects;
  const first = s[0];
  const flag = s.find((x) => x.kind === 'flag');
  const config = s.find((x) => x.kind === 'config');
  const gate = s.find((x) => x.kind === 'feature-gate');
  const path = config?.kind === 'config' ? { path: `{.${config.path}}` } : {};
  switch (first.kind) {
    case 'admission-plugin':
      return {
        item: {
          flag: first.state === 'enabled' ? '--enable-admission-plugins' : '--disable-admission-plugins',
          compare: { op: 'has', value: first.plugin },
        },
        audit: readCommand(
          'kube-apiserver',
          first.read,
          vars,
          // An item that wants the plugin out of a list (nothave, set: false) reads the other list.
          (first.state === 'enabled') !== (item?.op === 'nothave' || item?.set === false)
            ? 'enable-admission-plugins'
            : 'disable-admission-plugins',
        ),
      };
    case 'feature-gate': {
      const g = gate as Extract<Subject, { kind: 'feature-gate' }>;
      const listed = !config && (check.op === 'eq' || check.op === 'noteq') && /^(true|false)$/.test(check.value ?? '');
      return {
        item: listed
          ? {
              flag: '--feature-gates',
              compare: { op: check.op === 'eq' ? 'has' : 'nothave', value: `${g.gate}=${check.value}` },
            }
          : { flag: g.gate, ...path, ...compareOf(check) },
        audit: g.read === 'configz' ? configzCommand() : readCommand(g.component, g.read, vars, 'feature-gates'),
        ...(config?.kind === 'config' ? { config: configFieldCommand(config.component, vars) } : {}),
      };
    }
    case 'flag':
    case 'config': {
      if (
        !flag &&
        config?.kind === 'config' &&
        config.component === 'kube-apiserver' &&
        config.path === 'EncryptionConfiguration.resources.providers'
      ) {
        const bin = vars.bin('kube-apiserver');
        return {
          item: { flag: 'provider', ...compareOf(check) },
          audit: bin ? commandOf({ kind: 'encryption-providers', bin }) : undefined,
        };
      }
      if (config?.kind === 'config' && !flag && typeof config.read === 'object' && !('file' in config.read))
        return {
          item: item ? itemOf(item) : { ...path, ...compareOf(check) },
          audit: resourceCommand(config.read, undefined, config.path),
        };
      if (config?.kind === 'config' && !flag && config.read === 'configz') {
        // A value the audit prints needs that field printed; a path or a key reads the whole configuration.
        const key = item?.flag?.match(/^([A-Za-z][\w-]*)(:|$)/)?.[1];
        const whole = !item || item.path !== undefined || key === config.path.split('.').pop();
        return {
          item: item ? itemOf(item) : { ...path, ...compareOf(check) },
          audit: configzCommand(whole ? undefined : config.path),
        };
      }
      // A key named by its last part (`enabled: false`): the grep spells out where it sits.
      const last = item?.flag?.match(/^([A-Za-z][\w-]*)(?::|$)/)?.[1];
      if (
        config?.kind === 'config' &&
        !flag &&
        !config.read &&
        last &&
        config.path.includes('.') &&
        config.path.endsWith(`.${last}`)
      ) {
        const file = openshiftConfigs[config.component] ?? vars.file(config.component, 'conf');
        if (file) return { item: itemOf(item!), audit: nestedGrep(config.path, file) };
      }
      // A field of a config kind (AuthenticationConfiguration.anonymous.enabled) lives in the file the
      // API server's flag names: read that file, at the field's path inside it.
      const kind = config?.kind === 'config' && !config.read ? config.path.split('.')[0] : undefined;
      const kindFlag = kind && config?.component === 'kube-apiserver' ? apiServerFileFlag(kind) : undefined;
      const bin = kindFlag ? vars.bin('kube-apiserver') : undefined;
      if (config?.kind === 'config' && kindFlag && bin && config.path.length > kind!.length + 1) {
        const file = commandOf({ kind: 'cat', file: { process: bin, flag: `--${kindFlag}` }, guard: 'exists' });
        const field = config.path.slice(kind!.length + 1);
        const { path: at, overList } = listPath(field, apiServerFileLists(kind!));
        const inner = { path: `{.${at}}` };
        return {
          item: item
            ? itemOf(item)
            : {
                ...(flag?.kind === 'flag' ? { flag: flag.flag } : {}),
                ...inner,
                ...(overList ? listCompare(check) : compareOf(check)),
              },
          ...(flag?.kind === 'flag' ? { audit: readCommand(flag.component, flag.read, vars, flag.flag) } : {}),
          config: file,
        };
      }
      const grepped = config?.kind === 'config' && !flag && item?.flag === config.path;
      if (grepped)
        return { item: { flag: config.path, ...compareOf(check) }, audit: configCommand(config.component, vars) };
      // A key (or `key: value`) searched for in the file's text: the file is what the audit prints.
      if (config?.kind === 'config' && !flag && !config.read && last && item?.path === undefined)
        return { item: itemOf(item!), audit: configCommand(config.component, vars) };
      return {
        item: { ...(flag?.kind === 'flag' ? { flag: flag.flag } : {}), ...path, ...compareOf(check) },
        ...(flag?.kind === 'flag'
          ? {
              audit:
                (config?.kind === 'config' &&
                config.component === flag.component &&
                config.read === undefined &&
                flag.read === undefined
                  ? fileOnlyProcessCommand(flag.component, vars)
                  : undefined) ??
                readCommand(flag.component, flag.read, vars, flag.flag, check.op === 'eq' ? check.value : undefined),
            }
          : {}),
        ...(config?.kind === 'config'
          ? {
              config:
                config.read === undefined
                  ? configFieldCommand(config.component, vars)
                  : configCommand(config.component, vars),
            }
          : {}),
      };
    }
    case 'file': {
      if (first.attribute === 'partition' || (first.attribute === 'exists' && check.op !== 'absent'))
        return { note: `${first.role} ${first.attribute} has no kube-bench form` };
      if (first.attribute === 'exists') return { item: { flag: notFound } };
      // The format of the attribute this control's other checks read (mode beside "or the file is missing").
      const missing = all.some((k) => k.subjects.some((x) => x.kind === 'file' && x.attribute === 'exists'));
      const probe = statProbe(first, formatFor(first.attribute, item), vars, missing ? notFound : undefined);
      return {
        item:
          first.attribute === 'mode'
            ? { flag: 'permissions', ...compareOf(check) }
            : { flag: check.value ?? 'root:root', ...compareOf(check) },
        audit: probe ? commandOf(probe) : undefined,
        multiple: probe?.kind === 'cni-files' || (probe?.kind === 'stat' && probe.find !== undefined),
        ...(probe ? {} : { note: `no file that kube-bench can name for ${first.role}` }),
      };
    }
    case 'api-object': {
      const token =
        all.filter((k) => k.subjects[0].kind === 'api-object').length > 1
          ? `check_${letter(index)}_compliant`
          : 'is_compliant';
      const objects = s.filter((x): x is Extract<Subject, { kind: 'api-object' }> => x.kind === 'api-object');
      // An imported check keeps its item: the command prints the item's own token, so each item reads its objects.
      const own = item?.flag ? item : { flag: token, op: 'eq', value: 'true' };
      return {
        item: item ? itemOf(item) : { flag: token, compare: { op: 'eq', value: 'true' } },
        audit: objectsCommand(objects, check, own, allowList),
      };
    }
    case 'service': {
      // The state word is the item (`flag: disabled`, found in what `is-enabled` prints); a
      // property of `systemctl show` is compared as the item's flag.
      const query = first.property === 'is-enabled' || first.property === 'is-active' ? first.property : undefined;
      if (query && !(check.op === 'eq' && check.value))
        return { note: `${first.unit} ${query} ${check.op} has no kube-bench form` };
      return {
        item: query ? { flag: check.value } : { flag: first.property, ...compareOf(check) },
        audit: commandOf(
          query
            ? { kind: 'systemd', unit: first.unit, query }
            : { kind: 'systemd', unit: first.unit, query: 'show', property: first.property },
        ),
      };
    }
    case 'unknown':
      return {
        item: { flag: first.raw, ...compareOf(check) },
        ...(first.component ? { audit: processCommand(first.component, vars) } : {}),
      };
    default:
      return { note: `${first.kind} checks have no kube-bench form` };
  }
}

function letter(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : `${letter(Math.floor(i / 26) - 1)}${letter(i % 26)}`;
}

/** Distinct commands in order, as one script (kube-bench runs an audit as a shell script). */
function script(commands: ReadonlyArray<string | undefined>): string | undefined {
  const xs = [...new Set(commands.filter((c): c is string => Boolean(c)))];
  return xs.length ? xs.join('\n') : undefined;
}

function itemOf(i: KubeBenchItem): ScannerItem {
  return {
    ...(i.flag !== undefined ? { flag: i.flag } : {}),
    ...(i.path !== undefined ? { path: i.path } : {}),
    ...(i.env !== undefined ? { env: i.env } : {}),
    ...(i.set !== undefined ? { set: i.set } : {}),
    ...(i.op !== undefined || i.value !== undefined
      ? {
          compare: {
            ...(i.op !== undefined ? { op: i.op } : {}),
            ...(i.value !== undefined ? { value: i.value } : {}),
          },
        }
      : {}),
  };
}

/** The kubectl audit of a control whose test items look for tokens: one command per item, from its check's subjects. */
function objectsAudit(control: Control, items: readonly KubeBenchItem[], bare: boolean): string | undefined {
  const objects = (k: Check) =>
    k.subjects.filter((x): x is Extract<Subject, { kind: 'api-object' }> => x.kind === 'api-object');
  const every = control.checks.flatMap(objects);
  if (!every.length) return undefined;
  if (bare || items.every((i) => !i.flag)) {
    // kubectl's own exit status decides (no pipe): list the objects, or ask the access review.
    const [s] = every;
    return s.resource === 'SubjectAccessReview'
      ? canI(s)
      : `kubectl get ${resourceName(s.resource)} --all-namespaces -o json`;
  }
  const lines = items.map((item, i) => {
    const check =
      control.checks.length === items.length ? control.checks[i] : control.checks.find((k) => objects(k).length);
    const subjects = check && objects(check).length ? objects(check) : every;
    return objectsCommand(subjects, check ?? control.checks[0], item, control.allowList);
  });
  return script(lines);
}

/** The kube-bench title: the control's, with CIS's label as its suffix where CIS gives one. */
export function scannerTitle(control: Control): string {
  const bare = control.title.replace(/\s*\((automated|manual)\)+\s*$/i, '');
  if (!control.assessment) return control.title;
  return `${bare} (${control.assessment === 'automated' ? 'Automated' : 'Manual'})`;
}

/** One control as a kube-bench check. */
export function encodeControl(control: Control, section: Section, table: KubeBenchBenchmark | undefined): Encoded {
  const vars = new Variables(table, section.target);
  const notes: string[] = [];
  const kb = control.kubeBench;
  const items = kb?.tests?.items;
  const parts = control.checks.map((k, i) =>
    partOf(
      k,
      i,
      control.checks,
      vars,
      items && items.length === control.checks.length ? items[i] : undefined,
      control.allowList,
    ),
  );
  const derivedAudit = () => script(parts.map((p) => p.audit));
  const derivedConfig = () => parts.map((p) => p.config).find(Boolean);
  for (const p of parts) if (p.note) notes.push(p.note);

  let audit: string | undefined;
  let auditConfig: string | undefined;
  let auditEnv: string | undefined;
  let tests: ScannerCheck['tests'];
  let multiple: boolean | undefined;
  if (kb) {
    // Imported from kube-bench: the items as written, the audits from what they print.
    const fromProbe = (p: Probe | undefined, derive: () => string | undefined): string | undefined => {
      if (!p) return undefined;
      const c = commandOf(p);
      if (c !== undefined) return c;
      if (p.kind === 'kubectl') return objectsAudit(control, kb.tests?.items ?? [], Boolean(p.bare)) ?? derive();
      return derive();
    };
    audit = fromProbe(kb.audit, derivedAudit);
    auditConfig = fromProbe(kb.auditConfig, derivedConfig);
    auditEnv = kb.auditEnv ? commandOf(kb.auditEnv) : undefined;
    if (kb.tests)
      tests = {
        ...(kb.tests.binOp !== undefined ? { bin_op: kb.tests.binOp } : {}),
        test_items: kb.tests.items.map(itemOf),
      };
    multiple = kb.multipleValues;
  } else if (control.checks.length) {
    audit = derivedAudit();
    auditConfig = derivedConfig();
    const derived = parts.flatMap((p) => (p.item ? [p.item] : []));
    tests = { ...(control.combine === 'any' && derived.length > 1 ? { bin_op: 'or' } : {}), test_items: derived };
    multiple = parts.some((p) => p.multiple) || undefined;
  }
  const type =
    control.automation === 'manual' || control.automation === 'skip'
      ? control.automation
      : (kb?.type ?? (control.automation === undefined && !control.checks.length ? 'manual' : undefined));
  // kube-bench reads a missing `scored` as false; the importer then reads the title. Leave it out where it was left out.
  const scored = kb?.scored !== undefined ? undefined : control.scored;
  const check: ScannerCheck = {
    // A duplicate the importer renamed (1.2.3~2) goes back as written; reading it again renames it the same way.
    id: control.sourceId ?? control.id,
    text: scannerTitle(control),
    ...(type !== undefined ? { type } : {}),
    ...(audit !== undefined ? { audit } : {}),
    ...(auditConfig !== undefined ? { audit_config: auditConfig } : {}),
    ...(auditEnv !== undefined ? { audit_env: auditEnv } : {}),
    ...(kb?.disableEnvTesting ? { disableenvtesting: true } : {}),
    ...(multiple ? { use_multiple_values: true } : {}),
    ...(tests ? { tests } : {}),
    ...(control.remediation !== undefined ? { remediation: control.remediation } : {}),
    ...(scored !== undefined ? { scored } : {}),
  };
  return { check, notes };
}

/** The facts the replay reads, as the importer would read them from the encoded check. */
export function factsOf(check: ScannerCheck, control: Control): KubeBenchControl {
  const audit = probeOf(check.audit);
  const auditConfig = probeOf(check.audit_config);
  const auditEnv = probeOf(check.audit_env);
  const type = check.type === 'manual' || check.type === 'skip' ? undefined : check.type;
  const ownScored = check.scored ?? false;
  return {
    ...(type ? { type } : {}),
    ...(ownScored !== control.scored ? { scored: ownScored } : {}),
    ...(check.tests
      ? {
          tests: {
            ...(check.tests.bin_op ? { binOp: check.tests.bin_op } : {}),
            items: check.tests.test_items.map((i) => ({
              ...(i.flag !== undefined ? { flag: i.flag } : {}),
              ...(i.path !== undefined ? { path: i.path } : {}),
              ...(i.env !== undefined ? { env: i.env } : {}),
              ...(i.set !== undefined ? { set: i.set } : {}),
              ...(i.compare?.op !== undefined ? { op: i.compare.op } : {}),
              ...(i.compare?.value !== undefined ? { value: i.compare.value } : {}),
            })),
          },
        }
      : {}),
    ...(check.use_multiple_values ? { multipleValues: true } : {}),
    ...(audit ? { audit } : {}),
    ...(auditConfig ? { auditConfig } : {}),
    ...(auditEnv ? { auditEnv } : {}),
    ...(check.disableenvtesting ? { disableEnvTesting: true } : {}),
  };
}
