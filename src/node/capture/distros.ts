// Distributions that run several Kubernetes components in one process, and where each
// component's flags really come from. Pure: text in, argument lists out; proc.ts reads the
// files, and templates/capture-node.sh does the same in awk (the tests hold one against
// the other).
//
// k3s and rke2 (`k3s server --kube-apiserver-arg=audit-log-path=/x`) pass a component its
// flags as `name=value` through one repeatable option per component (docs.k3s.io/cli/server,
// "Customized Flags for Kubernetes Processes"). Their options also come from a YAML file,
// docs.k3s.io/installation/configuration, "Configuration File" and "Multiple Config Files"
// (k3s-io/docs docs/installation/configuration.md; the parser is k3s-io/k3s
// pkg/configfilearg/parser.go):
// - the file is `--config`/`-c`, else $K3S_CONFIG_FILE, else /etc/rancher/k3s/config.yaml;
//   drop-ins are `<file>.d/*.yaml` (and `.yml`) in name order, after the file;
// - each key is an option's long name, a list gives a repeatable option once per item;
//   the last file to set a key wins, `key+:` appends to what earlier files gave;
// - the file's options are put right after the subcommand, before the command line's own;
//   an option the command line gives replaces the file's value ("CLI arguments will take
//   precedence"; for repeatable ones "the CLI arguments will overwrite all values in the list").
// rke2 shares the parser with /etc/rancher/rke2/config.yaml and $RKE2_CONFIG_FILE.
//
// microk8s's kubelite (canonical/kubernetes-dqlite cmd/kubelite/app/server.go and
// options/options.go) reads each component's flags from an args file,
// `--apiserver-args-file` and siblings, by default /var/snap/microk8s/current/args/<component>;
// it starts the API server, controller manager and scheduler only with
// `--start-control-plane` (default true), then kube-proxy and the kubelet. An args file is
// read line by line: trimmed, empty lines and lines starting with `#` skipped, every `"` and
// `'` removed, split on single spaces, `$VAR`/`${VAR}` expanded from kubelite's environment.
import type { Component } from '../../model/check.js';

export interface PassThrough {
  readonly kind: 'pass-through';
  readonly binaries: readonly string[];
  /** Option → component it passes `name=value` flags to. */
  readonly flags: Readonly<Record<string, Component>>;
  /** The config file when neither `--config` nor the variable names one. */
  readonly defaultConfig: string;
  readonly configVariable: string;
}

export interface ArgsFiles {
  readonly kind: 'args-files';
  readonly binaries: readonly string[];
  /** In the order the process starts them: option, component, default file, control plane only. */
  readonly files: ReadonlyArray<{
    readonly flag: string;
    readonly component: Component;
    readonly path: string;
    readonly controlPlane: boolean;
  }>;
}

const componentArgs: Readonly<Record<string, Component>> = {
  'kube-apiserver-arg': 'kube-apiserver',
  'kube-controller-manager-arg': 'kube-controller-manager',
  'kube-scheduler-arg': 'kube-scheduler',
  'kubelet-arg': 'kubelet',
  'kube-proxy-arg': 'kube-proxy',
  'etcd-arg': 'etcd',
};

export const distros: ReadonlyArray<PassThrough | ArgsFiles> = [
  {
    kind: 'pass-through',
    binaries: ['k3s'],
    flags: componentArgs,
    defaultConfig: '/etc/rancher/k3s/config.yaml',
    configVariable: 'K3S_CONFIG_FILE',
  },
  {
    kind: 'pass-through',
    binaries: ['rke2'],
    flags: componentArgs,
    defaultConfig: '/etc/rancher/rke2/config.yaml',
    configVariable: 'RKE2_CONFIG_FILE',
  },
  {
    kind: 'args-files',
    binaries: ['kubelite'],
    files: (
      [
        { flag: 'apiserver-args-file', component: 'kube-apiserver', controlPlane: true },
        { flag: 'controller-manager-args-file', component: 'kube-controller-manager', controlPlane: true },
        { flag: 'scheduler-args-file', component: 'kube-scheduler', controlPlane: true },
        { flag: 'proxy-args-file', component: 'kube-proxy', controlPlane: false },
        { flag: 'kubelet-args-file', component: 'kubelet', controlPlane: false },
      ] as const
    ).map((f) => ({ ...f, path: `/var/snap/microk8s/current/args/${f.component}` })),
  },
];

const base = (s: string | undefined) => (s ?? '').split('/').pop() ?? '';

export function distroOf(argv: readonly string[]): PassThrough | ArgsFiles | undefined {
  const b = base(argv[0]);
  return distros.find((d) => d.binaries.includes(b));
}

/** `--name=value` and `--name value` pairs of a command line, in order (argv[0] skipped). */
export function flagPairs(argv: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 1; i < argv.length; i++) {
    const m = argv[i].match(/^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s);
    if (!m) continue;
    if (m[2] !== undefined) out.push([m[1], m[2]]);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('-')) out.push([m[1], argv[++i]]);
  }
  return out;
}

// ---- k3s and rke2: the config file and its drop-ins ----

/**
 * One YAML scalar as written: quotes removed (`"` with `\"` and `\\` escapes, `'` with `''`),
 * a plain one cut at ` #`. The config files are flat maps of scalars and lists of scalars;
 * this reading (the same in the script's awk) covers that shape, not YAML at large.
 */
export function scalar(text: string): string {
  const t = text.replace(/^[ \t]+|[ \t]+$/g, '');
  if (t.startsWith('"')) {
    let out = '';
    for (let i = 1; i < t.length; i++) {
      const c = t[i];
      if (c === '\\' && i + 1 < t.length) out += t[++i];
      else if (c === '"') return out;
      else out += c;
    }
    return out;
  }
  if (t.startsWith("'")) {
    let out = '';
    for (let i = 1; i < t.length; i++) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          out += "'";
          i++;
        } else return out;
      } else out += t[i];
    }
    return out;
  }
  const hash = t.search(/[ \t]#/);
  return (hash >= 0 ? t.slice(0, hash) : t).replace(/[ \t]+$/, '');
}

type Value = string | string[];

/** A flat YAML map: `key: scalar`, `key: [a, b]`, `key:` followed by `- item` lines; other lines ignored. */
export function configEntries(text: string): Array<[string, Value]> {
  const out: Array<[string, Value]> = [];
  // The entry `- item` lines belong to: the last key written with nothing after its colon.
  let open = -1;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const t = line.replace(/^[ \t]+|[ \t]+$/g, '');
    if (!t || t.startsWith('#')) continue;
    const key = line.match(/^["']?([A-Za-z0-9][\w.-]*\+?)["']?[ \t]*:(?:[ \t]+(.*))?$/);
    if (key) {
      open = -1;
      const rest = (key[2] ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
      if (rest === '' || rest.startsWith('#')) {
        // Nothing under it: an empty string, as k3s's converter gives it.
        open = out.length;
        out.push([key[1], '']);
      } else if (rest.startsWith('[')) {
        const close = rest.lastIndexOf(']');
        const inner = rest.slice(1, close < 0 ? undefined : close);
        out.push([
          key[1],
          inner
            .split(',')
            .map(scalar)
            .filter((s) => s !== ''),
        ]);
      } else out.push([key[1], scalar(rest)]);
      continue;
    }
    const item = line.match(/^[ \t]*-[ \t]+(.*)$/);
    if (item && open >= 0) {
      const entry = out[open];
      entry[1] = [...(Array.isArray(entry[1]) ? entry[1] : []), scalar(item[1])];
    }
  }
  return out;
}

/** The options the files give, in order (`--key=value`, once per list item), merged as k3s merges them. */
export function configFileOptions(texts: readonly string[]): string[] {
  const order: string[] = [];
  const values = new Map<string, string[] | string>();
  for (const text of texts)
    for (const [rawKey, v] of configEntries(text)) {
      const append = rawKey.endsWith('+');
      const k = append ? rawKey.slice(0, -1) : rawKey;
      if (!values.has(k)) order.push(k);
      const old = values.get(k);
      if (append && old !== undefined)
        values.set(
          k,
          [...[old].flat(), ...[v].flat()].filter((x) => x !== ''),
        );
      else values.set(k, v);
    }
  const out: string[] = [];
  for (const k of order) {
    const dash = k.length === 1 ? '-' : '--';
    for (const v of [values.get(k)!].flat()) out.push(`${dash}${k}=${v}`);
  }
  return out;
}

/** The config file a k3s or rke2 process reads: its `--config`/`-c`, its variable, or the default. */
export function configFileOf(argv: readonly string[], d: PassThrough, env: Readonly<Record<string, string>>): string {
  if (env[d.configVariable]) return env[d.configVariable];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config' || a === '-c') return argv[i + 1] ?? d.defaultConfig;
    const m = a.match(/^(?:--config|-c)=(.*)$/s);
    if (m) return m[1];
  }
  return d.defaultConfig;
}

/** Whether a drop-in folder entry is read (k3s: `.yaml` or `.yml`, any case). */
export function isDropIn(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * The arguments a k3s or rke2 process runs with: the files' options inserted after the
 * subcommand (`server`, `agent`), less those the command line gives itself.
 */
export function effectiveArgv(argv: readonly string[], fileOptions: readonly string[]): string[] {
  const at = argv.findIndex((a, i) => i > 0 && (a === 'server' || a === 'agent'));
  if (at < 0 || !fileOptions.length) return [...argv];
  // Every option the command line names itself (a value never starts with a dash).
  const given = new Set<string>();
  for (const a of argv.slice(at + 1)) {
    const m = a.match(/^--?([A-Za-z0-9][\w.-]*)(?:=|$)/);
    if (m) given.add(m[1]);
  }
  const kept = fileOptions.filter((o) => !given.has(o.replace(/^--?/, '').replace(/=.*$/s, '')));
  return [...argv.slice(0, at + 1), ...kept, ...argv.slice(at + 1)];
}

/** Each component's flags from a pass-through process's (effective) arguments, in order of first mention. */
export function passedFlags(argv: readonly string[], d: PassThrough): Array<[Component, string[]]> {
  const out = new Map<Component, string[]>();
  for (const [name, value] of flagPairs(argv)) {
    const c = d.flags[name];
    if (c) (out.get(c) ?? out.set(c, []).get(c)!).push(`--${value}`);
  }
  return [...out];
}

// ---- microk8s's kubelite: one args file per component ----

/** `$VAR` and `${VAR}` from the process's environment; a variable it does not hold is left as written. */
export function expandVariables(s: string, env: Readonly<Record<string, string>>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b) =>
    Object.hasOwn(env, a ?? b) ? env[a ?? b] : m,
  );
}

/** The arguments an args file gives its component, read as kubelite reads it. */
export function argsFileArguments(text: string, env: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
    if (!t || t.startsWith('#')) continue;
    for (const part of t.replace(/["']/g, '').split(' ')) if (part) out.push(expandVariables(part, env));
  }
  return out;
}

/**
 * The args files a kubelite process reads, in the order it starts the components (the last
 * `--x-args-file` wins). microk8s's wrapper lets bash expand `$SNAP_DATA` in the paths before
 * kubelite starts; a path still holding a variable is expanded from kubelite's environment.
 */
export function argsFilesOf(
  argv: readonly string[],
  d: ArgsFiles,
  env: Readonly<Record<string, string>> = {},
): Array<{ component: Component; path: string; flag: string }> {
  const pairs = flagPairs(argv);
  const last = (name: string) => pairs.filter(([n]) => n === name).pop()?.[1];
  const start = argv.slice(1).reduce((on, a) => {
    const m = a.match(/^--?start-control-plane(?:=(.*))?$/s);
    return m ? !/^(0|f|false)$/i.test(m[1] ?? 'true') : on;
  }, true);
  return d.files
    .filter((f) => start || !f.controlPlane)
    .map((f) => ({ component: f.component, flag: f.flag, path: expandVariables(last(f.flag) ?? f.path, env) }));
}
