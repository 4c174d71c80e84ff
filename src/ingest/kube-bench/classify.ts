// Turn one kube-bench test item into a semantic check: which setting of which
// component, read how. Whatever we cannot classify becomes an `unknown` subject with
// the raw token, and the caller reports it; nothing is dropped.
import type { Check, Component, Operator, Reading, Subject } from '../../model/check.js';
import type { KubeBenchConfig } from './config.js';
import { pathRole, variableRole } from './file-roles.js';
import { probeOf } from './probes.js';
import { apiObjectsOf, objectField, plainListings, type ApiRead } from './api-objects.js';
import { fieldEntry } from '../../workloads/fields.js';
import { readWorkloads } from '../../workloads/knowledge.js';
import { own } from '../../model/own.js';
import { apiServerFileKind } from '../../evaluate/knowledge.js';
import {
  argumentsFileComponent,
  confComponent,
  configFileComponent,
  configzPaths,
  controllerManagerFlag,
  fileArguments,
  type FileArguments,
  readsProcess,
  resourceArguments,
  type ResourceArguments,
} from './readings.js';

export interface RawItem {
  flag?: string;
  path?: string;
  env?: string;
  set?: boolean;
  op?: string;
  value?: string;
}

export interface AuditContext {
  audit?: string;
  auditConfig?: string;
  config: KubeBenchConfig;
  /** The tokens every test item of the control looks for, to tell which part of a script prints which. */
  tokens?: readonly string[];
}

export interface Classified {
  check: Check;
  notes: string[];
}

/** The compare operators of kube-bench's test items (docker-bench's bench-common has the same). */
export const validOps: ReadonlySet<string> = new Set<string>([
  'eq',
  'noteq',
  'gt',
  'gte',
  'lt',
  'lte',
  'has',
  'nothave',
  'regex',
  'valid_elements',
  'bitmask',
]);
// Misspellings seen in real data, with the operator kube-bench's authors meant.
const opAliases: Record<string, Operator> = { neq: 'noteq', noteqx: 'noteq', ne: 'noteq', equal: 'eq' };

const admissionFlags: Record<string, 'enabled' | 'disabled'> = {
  '--enable-admission-plugins': 'enabled',
  '--admission-control': 'enabled',
  '--disable-admission-plugins': 'disabled',
};

function variablesIn(cmd: string | undefined): string[] {
  return cmd ? [...cmd.matchAll(/\$\{?([a-z][a-z0-9]*)\}?/g)].map((m) => m[1]) : [];
}

const literalBinaries: Array<[RegExp, Component]> = [
  [/\bkube-apiserver\b/, 'kube-apiserver'],
  [/\bkube-controller-manager\b/, 'kube-controller-manager'],
  [/\bkube-scheduler\b/, 'kube-scheduler'],
  [/\bkubelet\b/, 'kubelet'],
  [/\bkube-proxy\b/, 'kube-proxy'],
  [/\betcd\b/, 'etcd'],
];

/** The component whose command line (or config file) the audit reads. */
export function auditComponent(
  cmd: string | undefined,
  config: KubeBenchConfig,
  kinds: string[],
): Component | undefined {
  for (const v of variablesIn(cmd)) {
    const m = config.variables.get(v);
    if (m?.component && kinds.includes(m.kind)) return m.component;
  }
  if (!cmd) return undefined;
  for (const [re, c] of literalBinaries) if (re.test(cmd)) return c;
  return undefined;
}

function openshiftConfig(cmd: string | undefined): Component | undefined {
  if (!cmd) return undefined;
  if (/master-config\.ya?ml/.test(cmd)) return 'openshift-master';
  if (/node-config\.ya?ml/.test(cmd)) return 'openshift-node';
  return undefined;
}

/** `{.authentication.anonymous.enabled}` → `authentication.anonymous.enabled`. */
export function jsonPathToDotted(path: string): { dotted?: string; note?: string } {
  const p = path.trim();
  const braces = [...p.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1].trim());
  let expr: string | undefined;
  let note: string | undefined;
  if (braces.length === 0) {
    if (/^\.?[A-Za-z][\w.]*$/.test(p)) {
      expr = p;
      note = `path '${p}' is not a JSONPath template (no braces); read as {${p.startsWith('.') ? p : '.' + p}}`;
    } else return { note: `path '${p}' is not a JSONPath into the config file` };
  } else {
    // `{range .tlsCipherSuites[:]}{}{','}{end}` → the first expression naming a field.
    expr = braces.map((b) => b.replace(/^range\s+/, '')).find((b) => b.startsWith('.'));
    if (!expr) return { note: `path '${p}' names no field` };
    const outside = p.replace(/\{[^{}]*\}/g, '');
    if (outside.trim())
      note = `path '${p}' has text outside its braces ('${outside.trim()}'), which JSONPath reads literally`;
  }
  const dotted = expr
    .replace(/^\./, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\.+/g, '.')
    .replace(/\.$/, '');
  if (!/^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(dotted)) return { note: `path '${p}' is not a field path` };
  return { dotted, note };
}

function statAttribute(audit: string | undefined): 'mode' | 'owner' | 'group' | undefined {
  if (!audit) return undefined;
  if (/\bls\s+-\w*l/.test(audit)) return 'owner';
  // `find DIR -not -perm 640 | awk 'END{print NR}'`: the files below DIR whose mode or owner differs.
  if (/\bfind\b[^|]*\s-(?:perm)\s/.test(audit)) return 'mode';
  if (/\bfind\b[^|]*\s-(?:user|group)\s/.test(audit)) return 'owner';
  if (!/\bstat\b/.test(audit)) return undefined;
  if (/%a/.test(audit)) return 'mode';
  if (/%[Uu]/.test(audit)) return 'owner';
  if (/%[Gg]/.test(audit)) return 'group';
  return undefined;
}

function fileTarget(audit: string, config: KubeBenchConfig): { role: string; component?: Component } {
  for (const v of variablesIn(audit)) {
    const m = config.variables.get(v);
    if (m && m.kind !== 'bin') return { role: variableRole(m.component, m.kind, v), component: m.component };
  }
  // `--data-dir` read off the etcd command line is the data directory whatever its path.
  if (/data-dir/.test(audit)) return { role: 'etcd data directory', component: 'etcd' };
  // A path the export had to quote (a space, a quote, a `;`): the probe reader takes the shell word off.
  if (audit.includes("'")) {
    const p = probeOf(audit);
    const file = p?.kind === 'stat' && p.files.length === 1 ? p.files[0] : p?.kind === 'cat' ? p.file : undefined;
    if (file && 'path' in file && !/^\/[\w./*-]+$/.test(file.path)) return pathRole(file.path);
  }
  // A template variable the distribution fills in (`((CNI_DIR))/config/`) is part of the path.
  const paths = [...audit.matchAll(/((?:\(\([A-Z][A-Z0-9_]*\)\))?\/(?:[\w.*-]+\/?)+|\(\([A-Z][A-Z0-9_]*\)\))/g)]
    .map((m) => m[1])
    .filter((p) => !/^\/(bin|usr\/bin|dev|proc)\//.test(p) && p !== '/bin/sh');
  const path = paths.find((p) => p.includes('.') || p.endsWith('/')) ?? paths[0];
  // `find DIR -name '*.crt'` reads the files of that name below DIR, not DIR itself.
  const named = audit.match(/\bfind\s+\S+\s+-name\s+'(\*\.(?:crt|key))'/)?.[1];
  if (path && named) return pathRole(`${path.replace(/\/$/, '')}/${named}`);
  return path ? pathRole(path) : { role: 'file' };
}

function opOf(item: RawItem, notes: string[]): Operator | undefined {
  if (item.op === undefined) return item.set === false ? 'absent' : 'present';
  if (validOps.has(item.op)) return item.op as Operator;
  const alias = own(opAliases, item.op);
  if (alias) notes.push(`invalid compare op '${item.op}', read as '${alias}'`);
  else notes.push(`unknown compare op '${item.op}', expected one of ${[...validOps].join(', ')}`);
  return alias;
}

/** Flags whose value is a list: a value carried in the item is one entry of it. */
const listFlags = new Set([
  '--enable-admission-plugins',
  '--admission-control',
  '--disable-admission-plugins',
  '--feature-gates',
  '--authorization-mode',
  '--tls-cipher-suites',
]);

export function classify(item: RawItem, ctx: AuditContext): Classified {
  const notes: string[] = [];
  let flag = item.flag?.trim();
  let op = opOf(item, notes) ?? 'present';
  // `set: false` passes when the setting is absent, whatever the compare says.
  if (item.set === false) op = 'absent';
  let value = item.set === false ? undefined : item.value;
  // A test item carrying its value (`flag: "--profiling=false"`, found as text in the audit's
  // output): the flag with that value, or (set: false) without it.
  const carried = flag?.match(/^(--?[A-Za-z0-9][\w.-]*)=(\S+)$/);
  if (carried && item.op === undefined) {
    flag = carried[1];
    value = carried[2];
    op = item.set === false ? 'noteq' : listFlags.has(carried[1]) ? 'has' : 'eq';
  }
  const unit = serviceCheck(ctx.audit, flag, item, op, value);
  if (unit) return { check: unit, notes };
  const byResource = resourceArguments(ctx.audit);
  if (byResource) {
    const c = resourceCheck(byResource, flag, item, op, value, ctx.tokens ?? []);
    if (c) return { check: c, notes };
  }
  const inFile = fileArguments(ctx.audit);
  if (inFile) {
    const c = fileArgumentsCheck(inFile, flag, item, op, value);
    if (c) return { check: c, notes };
  }
  const env = etcdEnvironment(flag, item, op, value, ctx.audit);
  if (env) return { check: env, notes };
  const configz = configzPaths(ctx.audit);
  if (configz) {
    const c = configzCheck(configz, flag, item, op, value, notes);
    if (c) return { check: c, notes };
  }
  let component =
    auditComponent(ctx.audit, ctx.config, ['bin']) ?? auditComponent(ctx.auditConfig, ctx.config, ['conf', 'bin']);
  // A flag found in a file the component reads its arguments from, not on its process line.
  let reading: Reading | undefined;
  const argsFile = readsProcess(ctx.audit)
    ? undefined
    : (argumentsFileComponent(ctx.audit) ?? confComponent(ctx.audit, ctx.config));
  if (argsFile && flag && /^--?[A-Za-z0-9][\w.-]*$/.test(flag)) {
    component = argsFile;
    reading = 'conf-file';
  }
  const configComponent =
    auditComponent(ctx.auditConfig, ctx.config, ['conf', 'bin']) ??
    openshiftConfig(ctx.auditConfig ?? ctx.audit) ??
    component ??
    confComponent(ctx.audit, ctx.config) ??
    configFileComponent(ctx.audit);
  const withRead = <T extends Subject>(x: T): T => (reading ? { ...x, read: reading } : x);
  const subjects: Subject[] = [];
  const done = (s: Subject[], o: Operator, v?: string): Classified => ({
    check: { subjects: s, op: o, ...(v !== undefined ? { value: v } : {}) },
    notes,
  });

  const configSubject = (): Subject | undefined => {
    if (!item.path) return undefined;
    const { dotted, note } = jsonPathToDotted(item.path);
    if (note) notes.push(note);
    // The config file the API server's flag names (--authentication-config): a field of that kind.
    const named = ctx.auditConfig?.match(
      /grep \$?[\w-]*apiserver[\w-]*bin[^\n]*sed -n 's%\.\*--([a-z][a-z0-9-]*)\[/,
    )?.[1];
    const kind = named ? apiServerFileKind(named) : undefined;
    if (dotted && kind) return { kind: 'config', component: 'kube-apiserver', path: `${kind}.${dotted}` };
    if (!dotted || !configComponent) return undefined;
    // OpenShift 3 passes component flags through master-config.yaml argument maps.
    const passed = dotted.match(/(apiServerArguments|controllerArguments|kubeletArguments)\.([a-z][a-z0-9-]*)$/);
    if (passed) {
      const who: Component =
        passed[1] === 'apiServerArguments'
          ? 'kube-apiserver'
          : passed[1] === 'controllerArguments'
            ? 'kube-controller-manager'
            : 'kubelet';
      subjects.push({ kind: 'flag', component: who, flag: `--${passed[2]}` });
    }
    return { kind: 'config', component: configComponent, path: dotted };
  };

  // File permissions and ownership: `stat` audits.
  const attr = statAttribute(ctx.audit);
  if (attr && ctx.audit && flag && (/^file not found$/i.test(flag) || (/^\$\w+$/.test(flag) && item.set === false))) {
    // The alternative "the file does not exist" that kube-bench audits print (or an empty output
    // when the audit stats the file only if it exists: `$proxykubeconfig` not set).
    const target = fileTarget(ctx.audit, ctx.config);
    return done(
      [
        {
          kind: 'file',
          role: target.role,
          attribute: 'exists',
          ...(target.component ? { component: target.component } : {}),
        },
      ],
      'absent',
    );
  }
  if (
    attr &&
    ctx.audit &&
    flag &&
    (flag === 'permissions' || /^[\w.-]*[: ][\w.-]*$/.test(flag) || /^[\w-]+$/.test(flag))
  ) {
    const target = fileTarget(ctx.audit, ctx.config);
    const owner = /^[\w.-]+[: ][\w.-]+$/.test(flag);
    const attribute = flag === 'permissions' || item.op === 'bitmask' ? 'mode' : owner ? 'owner' : attr;
    const v = value ?? (owner ? flag : undefined);
    const o: Operator = item.op === undefined && owner ? 'eq' : op;
    return done(
      [{ kind: 'file', role: target.role, attribute, ...(target.component ? { component: target.component } : {}) }],
      o,
      v,
    );
  }

  // kube-bench finds a flag by substring on the process line, so `admission-control` works
  // there as `--admission-control`; a hyphenated bare word on a `ps` audit is that flag.
  if (
    flag &&
    component &&
    /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(flag) &&
    /\bps\b|\bpgrep\b|\/proc\//.test(ctx.audit ?? '')
  ) {
    notes.push(
      `flag '${flag}' has no leading dashes; kube-bench matches it anywhere on the command line, read as --${flag}`,
    );
    flag = `--${flag}`;
  }
  if (flag && /^--?[A-Za-z0-9][\w.-]*$/.test(flag)) {
    const plugins = admissionFlags[flag];
    if (plugins && value && (op === 'has' || op === 'nothave' || op === 'eq' || op === 'regex')) {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => /^[A-Z][A-Za-z0-9]*$/.test(s));
      if (names.length === 1) {
        const on = op === 'nothave' ? (plugins === 'enabled' ? 'disabled' : 'enabled') : plugins;
        return done([withRead({ kind: 'admission-plugin', plugin: names[0], state: on })], 'present');
      }
    }
    if (flag === '--feature-gates' && value) {
      const m = value.match(/^([A-Z][A-Za-z0-9]*)=(true|false)$/);
      // `nothave X=false` on the gate list means the gate is not false: noteq, not eq.
      const gateOp: Operator | undefined =
        op === 'has' || op === 'eq' || op === 'regex' ? 'eq' : op === 'nothave' || op === 'noteq' ? 'noteq' : undefined;
      if (m && component && gateOp)
        return done([withRead({ kind: 'feature-gate', component, gate: m[1] })], gateOp, m[2]);
    }
    if (component) subjects.push(withRead({ kind: 'flag', component, flag }));
    const cfg = configSubject();
    if (cfg) subjects.push(cfg);
    if (subjects.length) return done(subjects, op, value);
  }

  // A bare gate name searched for on the command line, or in featureGates.
  if (flag && /^[A-Z][a-z]+[A-Z][A-Za-z0-9]+$/.test(flag) && (component || configComponent)) {
    const cfg = configSubject();
    return done(
      [{ kind: 'feature-gate', component: (component ?? configComponent)!, gate: flag }, ...(cfg ? [cfg] : [])],
      op,
      value,
    );
  }

  if (!flag && item.path) {
    const cfg = configSubject();
    if (cfg && subjects.length) return done([...subjects, cfg], op, value);
    if (cfg) {
      const gate = cfg.kind === 'config' ? cfg.path.match(/^featureGates\.([A-Z][A-Za-z0-9]*)$/) : null;
      if (gate && cfg.kind === 'config')
        return done([{ kind: 'feature-gate', component: cfg.component, gate: gate[1] }, cfg], op, value);
      return done([cfg], op, value);
    }
  }

  // The API server's encryption configuration, read through --encryption-provider-config.
  if (flag && ctx.audit && /encryption-provider-config/.test(ctx.audit) && /^[a-z]+$/.test(flag)) {
    return done(
      [{ kind: 'config', component: 'kube-apiserver', path: 'EncryptionConfiguration.resources.providers' }],
      op,
      value,
    );
  }
  // A JSONPath into kubectl's output (`path: '{.items[*].spec.hostNetwork}'`): that field of the objects listed.
  if (!flag && item.path && ctx.audit && /\bkubectl\s/.test(ctx.audit)) {
    const listed = apiObjectsOf(ctx.audit, '', []);
    const field = objectField(item.path);
    if (listed && field) {
      const resource = listed.subjects[0].resource;
      const entry = fieldEntry(readWorkloads(), resource, field);
      return done(
        [{ kind: 'api-object', resource, field: entry?.aliases.includes(field) ? entry.field : field }],
        op,
        value,
      );
    }
  }
  // Cluster objects read with kubectl (RBAC, service accounts, Pods): the fields behind the token,
  // or behind the script's output as a whole when the test item names no token.
  const token = flag ?? '';
  const read =
    ctx.audit && (flag || item.set === false) ? apiObjectsOf(ctx.audit, token, ctx.tokens ?? [token]) : undefined;
  if (read) {
    const c = objectCheck(read, token, op, value);
    // OpenShift's `oc get configmap … | jq .apiServerArguments` reads component settings: only a
    // field we know, or a verdict, makes an `oc` audit a check on API objects.
    // (Those reads are component settings, taken above); another object `oc` lists is read like kubectl's.
    const named = c.subjects.some((s) => s.kind === 'api-object' && s.field);
    const settings = /\b(?:configmaps?|cm)\b/.test(ctx.audit!);
    // Beside the settings config map, a plain listing (`oc get scc`: names and columns) is where a
    // token no setting explains is looked for: the objects of that kind, by what they print.
    const listed = settings && !named ? plainListings(ctx.audit!) : [];
    if (listed.length)
      return done(
        listed.map((resource) => ({ kind: 'api-object', resource, raw: token })),
        op,
        value,
      );
    if (named || /\bkubectl\s/.test(ctx.audit!) || !settings) return done(c.subjects, c.op, c.value);
  }
  // A bare key grepped out of a component's config file (k3s's etcd config, …).
  const fileComponent = auditComponent(ctx.audit, ctx.config, ['conf']);
  if (flag && fileComponent && /^[a-z][a-z0-9-]*$/.test(flag)) {
    return done([{ kind: 'config', component: fileComponent, path: flag }], op, value);
  }
  // `key: value` (or a bare camelCase key) grepped out of a component's config file: that field,
  // nested as the grep's pattern nests it (`^authentication:\n\s{2}anonymous:\n\s{4}enabled:`).
  const keyed = flag?.match(/^([A-Za-z][\w-]*)(?::\s*(.*))?$/);
  if (keyed && configComponent && (keyed[2] !== undefined || /[a-z][A-Z]/.test(keyed[1]))) {
    // The item's own path, where it gives one, places the key; else the grep's pattern.
    const own = item.path ? jsonPathToDotted(item.path).dotted : undefined;
    const path = own?.endsWith(keyed[1]) ? own : nestedKey(ctx.audit ?? '', keyed[1]);
    const v = keyed[2]?.replace(/^(["'])(.*)\1$/, '$2');
    const o: Operator = v === undefined ? op : item.set === false ? 'noteq' : item.op === undefined ? 'eq' : op;
    return done([{ kind: 'config', component: configComponent, path }], o, v === undefined ? value : v || value);
  }

  const raw = [flag, item.path, item.env].filter(Boolean).join(' ') || '(empty test item)';
  return done([{ kind: 'unknown', raw, ...(component ? { component } : {}) }], op, value);
}

/**
 * The dotted path of `key` in a grep pattern that spells out YAML nesting by indentation
 * (`^authentication:\n\s{2}anonymous:\n\s{4}enabled:\sfalse$`); the key alone otherwise.
 */
export function nestedKey(audit: string, key: string): string {
  const lines = audit.split(/\\n|\n/);
  const at = lines.findIndex((l) => new RegExp(`(^|[\\s^"'}])${key}:`).test(l));
  if (at < 0) return key;
  const indent = (l: string): number => {
    const m = l.match(/^\s*\(?\^?(?:\\s\{(\d+)\}|( *))[A-Za-z]/);
    return m ? Number(m[1] ?? m[2]?.length ?? 0) : 0;
  };
  const path = [key];
  let depth = indent(lines[at]);
  for (let i = at - 1; i >= 0 && depth > 0; i--) {
    const m = lines[i].match(/([A-Za-z][\w-]*):\s*$/);
    if (m && indent(lines[i]) < depth) {
      path.unshift(m[1]);
      depth = indent(lines[i]);
    }
  }
  return path.join('.');
}

/** A check on a component's arguments (or config fields) as an operator keeps them in cluster objects (OpenShift). */
function resourceCheck(
  reads: readonly ResourceArguments[],
  flag: string | undefined,
  item: RawItem,
  op: Operator,
  value: string | undefined,
  tokens: readonly string[],
): Check | undefined {
  const of = (r: ResourceArguments, f: string, o: Operator, v?: string): Check => {
    const read = r.read;
    const name = `--${f.replace(/^--?/, '')}`;
    if (admissionFlags[name] && v && /^[A-Z][A-Za-z0-9]*$/.test(v) && (o === 'has' || o === 'nothave'))
      return {
        subjects: [
          {
            kind: 'admission-plugin',
            plugin: v,
            state: (o === 'nothave') === (admissionFlags[name] === 'enabled') ? 'disabled' : 'enabled',
            read,
          },
        ],
        op: 'present',
      };
    const gate = name === '--feature-gates' ? v?.match(/^([A-Z][A-Za-z0-9]*)=(true|false)$/) : null;
    if (gate)
      return {
        subjects: [{ kind: 'feature-gate', component: r.component, gate: gate[1], read }],
        op: o === 'nothave' || o === 'noteq' ? 'noteq' : 'eq',
        value: gate[2],
      };
    return {
      subjects: [{ kind: 'flag', component: r.component, flag: name, read }],
      op: o,
      ...(v !== undefined ? { value: v } : {}),
    };
  };
  if (!flag) return undefined;
  const maps = reads.filter((r) => r.read.field !== undefined);
  // The item names the flag read.
  const named = flag.replace(/^--?/, '');
  const holder = maps.find((r) => r.flags.includes(named));
  if (holder) return of(holder, named, op, value);
  if (/^--[a-z]/.test(flag) && maps.length) return of(maps[0], named, op, value);
  // The item is a value the audit prints: the flag or field read in the same place as the token.
  if (item.op !== undefined && item.op !== 'has' && item.op !== 'eq') return undefined;
  const negated = item.set === false;
  if (/^[A-Z][A-Za-z0-9]*=(true|false)$/.test(flag)) {
    const whole = maps.find((r) => !r.flags.length || r.flags.includes('feature-gates'));
    return whole ? of(whole, 'feature-gates', negated ? 'nothave' : 'has', flag) : undefined;
  }
  const places = reads.flatMap((r) => [
    ...r.flags.map((f) => ({ r, f, path: undefined as string | undefined })),
    ...r.paths.map((p) => ({ r, f: undefined as string | undefined, path: p.path })),
  ]);
  const i = tokens.indexOf(flag);
  const at = places.length === 1 ? places[0] : i >= 0 && i < places.length ? places[i] : undefined;
  // A file path looked for in a whole arguments map the audit prints (`jq '.apiServerArguments'`,
  // a certificate's path): a value, so one of the component's arguments, as the operator keeps
  // them, holds it. (A bare word there may be a key: it stays with the readings below.)
  const whole = maps.find((r) => !r.flags.length && r.read.field !== undefined);
  if (!at && whole && !places.length && /^\/[\w./-]+$/.test(flag))
    return {
      subjects: [{ kind: 'config', component: whole.component, path: whole.read.field!, read: whole.read }],
      op: negated ? 'nothave' : 'has',
      value: flag,
    };
  if (!at) return undefined;
  // A list of admission plugins holds plugin names (CamelCase, OpenShift's with a group:
  // `security.openshift.io/SecurityContextConstraint`); a lower-case token beside it (`anyuid`,
  // an object `oc get scc` lists) is printed by another command of the audit.
  if (at.f !== undefined && admissionFlags[`--${at.f}`] && !/^(?:[a-z0-9.-]+\/)?[A-Z][A-Za-z0-9]*$/.test(flag))
    return undefined;
  if (at.f !== undefined) return of(at.r, at.f, negated ? 'nothave' : listFlags.has(`--${at.f}`) ? 'has' : 'eq', flag);
  return {
    subjects: [{ kind: 'config', component: at.r.component, path: at.path!, read: at.r.read }],
    // The token is found in what jq prints of the field: a part of its value.
    op: negated ? 'nothave' : 'has',
    value: flag,
  };
}

/**
 * A check on a component's argument in OpenShift 3's master-config.yaml (the API server's or the
 * controller manager's, by whose flag it is) or node-config.yaml (the kubelet's).
 */
function fileArgumentsCheck(
  f: FileArguments,
  flag: string | undefined,
  item: RawItem,
  op: Operator,
  value: string | undefined,
): Check | undefined {
  if (!flag) return undefined;
  const bare = flag.replace(/^--?/, '');
  // A value under the one word grepped; a key of its own (privateKeyFile) is another setting.
  const word =
    f.words.find((w) => w === bare || bare.startsWith(`${w}=`)) ??
    (f.words.length === 1 && !/^[a-z]+[A-Z]\w*$/.test(bare) && !/:\s/.test(bare) ? f.words[0] : undefined);
  if (!word) return undefined;
  const component: Component =
    f.holder === 'openshift-node'
      ? 'kubelet'
      : controllerManagerFlag(word)
        ? 'kube-controller-manager'
        : 'kube-apiserver';
  const field =
    f.holder === 'openshift-node'
      ? 'kubeletArguments'
      : `kubernetesMasterConfig.${component === 'kube-apiserver' ? 'apiServerArguments' : 'controllerArguments'}`;
  const read = { file: f.file, field };
  // A value the output shows (`RotateKubeletClientCertificate=true` under feature-gates, `5m`): has, or nothave when it must not.
  const token = bare === word ? undefined : bare.startsWith(`${word}=`) ? bare.slice(word.length + 1) : flag;
  const o: Operator = token === undefined ? op : item.op !== undefined ? op : item.set === false ? 'nothave' : 'has';
  const v = token === undefined ? value : (item.value ?? token);
  const gate = v?.match(/^([A-Z][A-Za-z0-9]*)=(true|false)$/);
  if (gate)
    return {
      subjects: [{ kind: 'feature-gate', component, gate: gate[1], read }],
      op: o === 'nothave' || o === 'noteq' ? 'noteq' : 'eq',
      value: gate[2],
    };
  // A key of OpenShift's own configuration (serviceAccountConfig), not a component's flag.
  if (/[a-z][A-Z]/.test(word))
    return {
      subjects: [{ kind: 'config', component: f.holder, path: word }],
      op: o,
      ...(v !== undefined ? { value: v } : {}),
    };
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(word)) return undefined;
  return {
    subjects: [{ kind: 'flag', component, flag: `--${word}`, read }],
    op: o,
    ...(v !== undefined ? { value: v } : {}),
  };
}

/**
 * etcd reads every flag from an environment variable as well (--client-cert-auth from
 * ETCD_CLIENT_CERT_AUTH): an audit grepping etcd's environment or its environment file for one.
 * grep's "Binary file … matches" is the first variable the audit greps the environment for, found.
 */
function etcdEnvironment(
  flag: string | undefined,
  item: RawItem,
  op: Operator,
  value: string | undefined,
  audit: string | undefined,
): Check | undefined {
  if (!flag || !audit || !/environ\b|etcd\.conf\b/.test(audit)) return undefined;
  let m = flag.match(/^(#)?ETCD_([A-Z][A-Z0-9_]*)(?:=(\S+))?$/);
  if (!m && /^Binary file \S*environ matches$/.test(flag)) {
    const greps = [
      ...audit.matchAll(
        /\bgrep\s+(?:-\w+\s+)*(ETCD_[A-Z][A-Z0-9_]*(?:=\S+)?)\s+[^\s;|]*(?:\$\([^)]*\))?[^\s;|]*environ\b/g,
      ),
    ];
    // One line per matching grep; the item was written against the first one the audit runs.
    if (greps.length) m = greps[0][1].match(/^()ETCD_([A-Z][A-Z0-9_]*)(?:=(\S+))?$/);
  }
  if (!m) return undefined;
  const subject: Subject = {
    kind: 'flag',
    component: 'etcd',
    flag: `--${m[2].toLowerCase().replace(/_/g, '-')}`,
    read: 'environment',
  };
  // `#ETCD_AUTO_TLS`: the variable commented out in the environment file, so not set.
  if (m[1] === '#') return { subjects: [subject], op: 'absent' };
  if (m[3] !== undefined && item.op === undefined)
    return { subjects: [subject], op: item.set === false ? 'noteq' : 'eq', value: m[3] };
  if (m[3] !== undefined && (item.op === 'has' || item.op === 'eq') && value === flag)
    return { subjects: [subject], op: 'eq', value: m[3] };
  return { subjects: [subject], op, ...(value !== undefined ? { value } : {}) };
}

/** A check on the kubelet's running configuration (configz). */
function configzCheck(
  paths: readonly string[],
  flag: string | undefined,
  item: RawItem,
  op: Operator,
  value: string | undefined,
  notes: string[],
): Check | undefined {
  const config = (path: string, o: Operator, v?: string): Check => {
    const gate = path.match(/^featureGates\.([A-Z][A-Za-z0-9]*)$/);
    return {
      subjects: gate
        ? [{ kind: 'feature-gate', component: 'kubelet', gate: gate[1], read: 'configz' }]
        : [{ kind: 'config', component: 'kubelet', path, read: 'configz' }],
      op: o,
      ...(v !== undefined ? { value: v } : {}),
    };
  };
  if (item.path) {
    const { dotted, note } = jsonPathToDotted(item.path);
    if (note) notes.push(note);
    return dotted ? config(dotted, op, value) : undefined;
  }
  if (!flag) return undefined;
  // A key of the configuration the audit prints whole.
  if (/^[a-z][A-Za-z0-9]*$/.test(flag)) {
    const path = paths.find((p) => p === flag || p.endsWith(`.${flag}`)) ?? flag;
    return config(path, op, value);
  }
  // A value the audit prints for the one path it reads.
  if (paths.length === 1 && item.op === undefined) return config(paths[0], item.set === false ? 'noteq' : 'eq', flag);
  return undefined;
}

/** A token the audit prints as its own verdict (`is_compliant`, `NO_HOSTNETWORK`, `wildcards_present`), not a value. */
const verdictToken = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z]+(?:_[a-z]+)+)$/;

/**
 * The check on API objects: the fields read, judged as data/workloads.yaml says a compliant object
 * holds them (the audits' shell logic says the same: unset or false passes for privileged). Where
 * we hold no entry for the fields, a verdict token keeps the fields beside the token and the audit's
 * own comparison; any other token (a value the audit greps for) keeps only the kind it lists.
 */
function objectCheck(read: ApiRead, token: string, op: Operator, value: string | undefined): Check {
  if (read.verdict) return { subjects: read.subjects, op: read.verdict.op, value: read.verdict.value };
  const k = readWorkloads();
  // A recursive `@..secretKeyRef` names a field by its last key only; the entry's alias places it.
  const entryOf = (s: ApiRead['subjects'][number]) =>
    s.field
      ? fieldEntry(k, s.resource, s.field)
      : k.fields.find((f) => s.raw !== undefined && f.aliases.includes(s.raw));
  const known = read.subjects.flatMap((s) => {
    const e = entryOf(s);
    return e ? [{ s, e }] : [];
  });
  const first = known[0]?.e.secure;
  const same = first && known.every(({ e }) => e.secure.op === first.op && e.secure.value === first.value);
  const v = first?.value === '$literal' ? read.literal : first?.value;
  if (same && (first.value !== '$literal' || v !== undefined)) {
    const subjects = known.map(({ s, e }) => {
      // An alias (`.rules`, `..secretKeyRef`) reads as the entry's field; another list's leaf keeps its path.
      const field = !s.field || s.field === e.field || e.aliases.includes(s.field) ? e.field : s.field;
      const { raw: _raw, ...rest } = s;
      return { ...rest, resource: e.resource, field };
    });
    return { subjects: dedupeSubjects(subjects), op: first.op, ...(v !== undefined ? { value: v } : {}) };
  }
  const subjects = verdictToken.test(token)
    ? read.subjects.map((s) => (s.raw ? s : { ...s, raw: token }))
    : read.subjects.map(({ field: _f, raw: _r, ...rest }) => ({ ...rest, raw: token }));
  return { subjects: dedupeSubjects(subjects), op, ...(value !== undefined ? { value } : {}) };
}

/**
 * A systemd unit's state (DISA's STIG: sshd neither running nor enabled): `systemctl show -p
 * ActiveState sshd` with an item naming that property, or `systemctl is-enabled sshd` with an item
 * that is the state word it must print (`flag: disabled`, found in the output).
 */
function serviceCheck(
  audit: string | undefined,
  flag: string | undefined,
  item: RawItem,
  op: Operator,
  value: string | undefined,
): Check | undefined {
  // Every item of every check passes here: the shapes are tried only where systemctl appears.
  const probe = audit?.includes('systemctl') ? probeOf(audit) : undefined;
  // A unit named with characters no systemd unit has stays unknown (the subject holds unit names only).
  if (probe?.kind !== 'systemd' || !flag || !/^[A-Za-z0-9][\w@.:-]*$/.test(probe.unit)) return undefined;
  if (probe.query === 'show')
    return flag === probe.property
      ? {
          subjects: [{ kind: 'service', unit: probe.unit, property: probe.property }],
          op,
          ...(value !== undefined ? { value } : {}),
        }
      : undefined;
  if (item.op !== undefined || item.set === false || !/^[a-z][a-z-]*$/.test(flag)) return undefined;
  return { subjects: [{ kind: 'service', unit: probe.unit, property: probe.query }], op: 'eq', value: flag };
}

function dedupeSubjects<T>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = JSON.stringify(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
