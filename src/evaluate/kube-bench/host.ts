// The node as kube-bench's audit commands see it: `ps` lines of its processes, `stat` of
// its files, `cat` of its config files, and kube-bench's own `$variables` (the first
// running binary, the first existing file of each candidate list). Each probe (the facts
// an audit command became on import) is run here against the bundle; nothing runs on
// the machine.
import type { KubeBenchBenchmark, KubeBenchComponent, Probe, FileRef } from '../../model/scanner.js';
import { below, lookup, type NodeBundle, type NodeEntry, type NodeProcess, readText } from '../../node/bundle.js';
import { processesOf } from '../../node/processes.js';
import { cached } from '../../model/memo.js';
import { globMatches } from '../../model/glob.js';

export interface AuditRun {
  readonly output: string;
  /** The command exits non-zero: kube-bench fails the check before any test (the text is kube-bench's reason). */
  readonly error?: string;
  /** What the bundle cannot tell (a mode it does not record): the replay is WARN with this reason. */
  readonly unknown?: string;
}

export interface Host {
  readonly bundle: NodeBundle;
  readonly processes: readonly NodeProcess[];
  /** `ps -ef` lines of the processes, in the same order. */
  readonly lines: readonly string[];
  /** Binaries already looked for with `ps -C`, and whether one runs. */
  readonly running: Map<string, boolean>;
}

const hosts = new WeakMap<NodeBundle, Host>();

export function hostOf(bundle: NodeBundle): Host {
  let h = hosts.get(bundle);
  if (!h) {
    const processes = processesOf(bundle).processes;
    h = { bundle, processes, lines: processes.map(psLine), running: new Map() };
    hosts.set(bundle, h);
  }
  return h;
}

const header = 'UID          PID    PPID  C STIME TTY          TIME CMD';

function psLine(p: NodeProcess, i: number): string {
  const pid = String(1000 + i * 37).padStart(7);
  return `root     ${pid}       1  1 10:00 ?        00:00:10 ${p.command}`;
}

/** The command name `ps -C` matches: the binary's base name, truncated to 15 characters. */
function comm(p: NodeProcess): string {
  return (p.argv[0] ?? '').split('/').pop()?.slice(0, 15) ?? '';
}

/** `ps -ef | grep X | grep -v grep` lines (the grep processes themselves are filtered out). */
function grepLines(host: Host, word: string, exclude: readonly string[] = []): string[] {
  return host.lines.filter((l) => l.includes(word) && !l.includes('grep') && !exclude.some((x) => l.includes(x)));
}

// ---- $variables ----

export interface Variables {
  /** `apiserverbin` → `kube-apiserver`; a variable kube-bench leaves unreplaced is absent (the shell reads it as empty). */
  readonly values: ReadonlyMap<string, string>;
  /** Non-optional components none of whose binaries runs (kube-bench then skips a master target). */
  readonly missing: readonly string[];
  /** Binaries substituted in the target (the default environment audit reads the only one). */
  readonly binSubs: readonly string[];
}

function running(host: Host, bin: string): boolean {
  return cached(host.running, bin, () => runs(host, bin));
}

function runs(host: Host, bin: string): boolean {
  const words = bin.replace(/^['"]|['"]$/g, '').split(' ');
  const name = words[0].slice(0, 15);
  return host.processes.some((p) => comm(p) === name && startsWithBin(p.command, bin));
}

// Whether a process line runs the binary: it starts with the binary or with a path to it (the
// text after any slash of its first word), as the pattern `^(\S*/)*bin` said. Read without a
// pattern: that one backtracks exponentially on a long first word of slashes.
function startsWithBin(command: string, bin: string): boolean {
  if (command.startsWith(bin)) return true;
  for (let i = 0; i < command.length && !/\s/.test(command[i]); i++)
    if (command[i] === '/' && command.startsWith(bin, i + 1)) return true;
  return false;
}

function exists(host: Host, path: string): boolean {
  return lookup(host.bundle, path) !== undefined;
}

const fileKinds: Array<[string, keyof KubeBenchComponent, keyof KubeBenchComponent]> = [
  ['conf', 'confs', 'defaultconf'],
  ['svc', 'svc', 'defaultsvc'],
  ['kubeconfig', 'kubeconfig', 'defaultkubeconfig'],
  ['cafile', 'cafile', 'defaultcafile'],
  ['datadir', 'datadirs', 'defaultdatadir'],
];

export function variables(host: Host, kb: KubeBenchBenchmark | undefined, target: string): Variables {
  const t = kb?.targets[target];
  const values = new Map<string, string>();
  const missing: string[] = [];
  const bins = new Map<string, string>();
  for (const c of t?.components ?? []) {
    const facts = t?.table[c] ?? {};
    if (facts.bins?.length) {
      const bin = facts.bins.find((b) => running(host, b));
      if (!bin && !facts.optional) missing.push(c);
      bins.set(c, bin ? (bin.includes(' ') ? `'${bin}'` : bin) : c);
    }
    for (const [suffix, list, def] of fileKinds) {
      const candidates = (facts[list] as string[] | undefined) ?? [];
      const file = candidates.find((p) => exists(host, p)) ?? (facts[def] as string | undefined) ?? c;
      values.set(c + suffix, file);
    }
  }
  // A missing non-optional binary leaves every $…bin of the target unreplaced.
  if (!missing.length) for (const [c, b] of bins) values.set(`${c}bin`, b);
  return { values, missing, binSubs: missing.length ? [] : [...bins.values()] };
}

function resolve(vars: Variables, text: string): string {
  return text.startsWith('$') ? (vars.values.get(text.slice(1)) ?? '').replace(/^'(.*)'$/, '$1') : text;
}

// ---- probes ----

function modeText(e: NodeEntry): string | undefined {
  return e.mode;
}

function statLine(format: string, e: NodeEntry): { line?: string; unknown?: string } {
  let unknown: string | undefined;
  const line = format.replace(/%([aUGn])/g, (_m, k: string) => {
    const v = k === 'a' ? modeText(e) : k === 'U' ? e.owner : k === 'G' ? e.group : e.path;
    if (v === undefined)
      unknown = `the bundle index records no ${k === 'a' ? 'mode' : k === 'U' ? 'owner' : 'group'} for ${e.path}`;
    return v ?? '?';
  });
  return unknown ? { unknown } : { line };
}

/** The value sed's `.*flag[= ]\([^ ]*\).*` leaves: what follows the last `flag=` or `flag ` on the line. */
function flagValueOnLine(line: string, flag: string): string | undefined {
  // As the audit's sed reads it (`.*--config[= ]`): the flag with its dashes, so that --kubeconfig or
  // --authentication-config is not taken for --config.
  const name = flag.startsWith('-') ? flag : `--${flag}`;
  const i = Math.max(line.lastIndexOf(`${name}=`), line.lastIndexOf(`${name} `));
  if (i < 0) return undefined;
  return line.slice(i + name.length + 1).split(' ')[0];
}

/** A file's text, or why it cannot be read: the status is then unknown, not a failure. */
function textOf(e: NodeEntry): { text: string } | { unknown: string } {
  try {
    return { text: readText(e) };
  } catch (err) {
    return { unknown: (err as Error).message };
  }
}

function files(host: Host, vars: Variables, ref: FileRef): string[] {
  if ('variable' in ref) return [resolve(vars, ref.variable)];
  if ('path' in ref) return [ref.path];
  const lines = grepLines(host, resolve(vars, ref.process), ref.exclude).filter((l) => l.includes(ref.flag));
  const found = lines
    .map((l) => flagValueOnLine(l, ref.flag))
    .filter((v): v is string => Boolean(v) && (!ref.folder || lookup(host.bundle, v!)?.type === 'folder'));
  if (ref.folder) {
    const last = found[found.length - 1];
    return [last ?? resolve(vars, ref.otherwise ?? '')];
  }
  if (found.length) return ref.otherwise ? [found[0]] : [...new Set(found)];
  return ref.otherwise ? [resolve(vars, ref.otherwise)] : [];
}

/**
 * grep's match of a plain pattern (the probe's schema allows text, `.`, a leading `^` and a
 * trailing `$`): `.` is any character. No regular expression is built from benchmark data.
 */
function matchesPlain(pattern: string, line: string): boolean {
  const start = pattern.startsWith('^');
  const end = pattern.endsWith('$') && pattern.length > (start ? 1 : 0);
  const body = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  const at = (i: number) =>
    [...body].every((ch, k) => ch === '.' || line[i + k] === ch) && i + body.length <= line.length;
  if (start) return at(0) && (!end || body.length === line.length);
  if (end) return at(line.length - body.length) && line.length >= body.length;
  for (let i = 0; i + body.length <= line.length; i++) if (at(i)) return true;
  return false;
}

export function runProbe(host: Host, vars: Variables, probe: Probe | undefined): AuditRun {
  if (!probe) return { output: '' };
  switch (probe.kind) {
    case 'process': {
      const bin = resolve(vars, probe.bin);
      if (!bin) return { output: '', error: `${probe.select === 'command' ? 'ps' : 'grep'}: missing the process name` };
      // `| grep -v -e ' --flag[= ]' || true`: the lines without the flag, and no failure when none is left.
      const without = probe.without;
      const kept = (l: string) => !without || !(l.includes(` ${without}=`) || l.includes(` ${without} `));
      if (probe.select === 'command') {
        const lines = host.lines.filter((_l, i) => comm(host.processes[i]) === bin.slice(0, 15));
        if (without) return { output: [header, ...lines].filter(kept).join('\n') };
        return lines.length
          ? { output: [header, ...lines].join('\n') }
          : { output: header, error: `exit status 1 (no ${bin} process)` };
      }
      const lines = grepLines(host, bin);
      if (without) return { output: lines.filter(kept).join('\n') };
      return lines.length
        ? { output: lines.join('\n') }
        : { output: '', error: `exit status 1 (no process line holds ${bin})` };
    }
    case 'stat': {
      const out: string[] = [];
      let error: string | undefined;
      for (const ref of probe.files) {
        const paths = files(host, vars, ref);
        if (!paths.length || paths.some((p) => !p)) {
          error = 'stat: missing operand';
          continue;
        }
        for (const path of paths) {
          const e = lookup(host.bundle, path);
          if (!e) {
            if (probe.guard === 'exists-else' && probe.otherwise) out.push(probe.otherwise);
            else if (probe.guard === 'none') error = `stat: cannot stat '${path}': No such file or directory`;
            continue;
          }
          const entries = probe.find
            ? below(host.bundle, path).filter(
                (x) => !probe.find?.name || globMatches(probe.find.name, x.path.split('/').pop() ?? ''),
              )
            : [e];
          for (const x of entries) {
            const s = statLine(probe.format, x);
            if (s.unknown) return { output: out.join('\n'), unknown: s.unknown };
            out.push(s.line!);
          }
        }
      }
      return { output: out.join('\n'), ...(error ? { error } : {}) };
    }
    case 'cat': {
      const [path] = files(host, vars, probe.file);
      const e = path ? lookup(host.bundle, path) : undefined;
      if (e?.type !== 'file') {
        if (probe.guard === 'exists' && !e) return { output: '' };
        return {
          output: `cat: ${path}: ${e ? 'Is a directory' : 'No such file or directory'}`,
          error: `exit status 1: cat: ${path}: ${e ? 'Is a directory' : 'No such file or directory'}`,
        };
      }
      const t = textOf(e);
      return 'text' in t ? { output: t.text } : { output: '', unknown: t.unknown };
    }
    case 'grep': {
      const [path] = files(host, vars, probe.file);
      const e = path ? lookup(host.bundle, path) : undefined;
      if (e?.type !== 'file') {
        const why = `grep: ${path}: ${e ? 'Is a directory' : 'No such file or directory'}`;
        return probe.orTrue ? { output: '' } : { output: '', error: `exit status 2: ${why}` };
      }
      const t = textOf(e);
      if (!('text' in t)) return { output: '', unknown: t.unknown };
      const lines = t.text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const hit = lines.map((l) => matchesPlain(probe.pattern, l) !== Boolean(probe.invert));
      // grep's context: the lines around each hit, once each, in file order.
      const keep = hit.map(() => false);
      hit.forEach((h, i) => {
        if (!h) return;
        for (let j = Math.max(0, i - (probe.before ?? 0)); j <= Math.min(lines.length - 1, i + (probe.after ?? 0)); j++)
          keep[j] = true;
      });
      const out = lines.filter((_l, i) => keep[i]);
      if (!hit.some(Boolean) && !probe.orTrue) return { output: '', error: 'exit status 1 (grep found nothing)' };
      return { output: out.join('\n') };
    }
    case 'cni-files': {
      const out: string[] = [];
      const dirs = grepLines(host, resolve(vars, probe.bin))
        .filter((l) => l.includes('--cni-conf-dir'))
        .map((l) => flagValueOnLine(l, '--cni-conf-dir'))
        .filter((d): d is string => Boolean(d));
      const entries = [
        ...dirs.flatMap((d) => below(host.bundle, d).slice(1)),
        ...below(host.bundle, '/var/lib/cni/networks').filter((x) => x.type === 'file'),
      ];
      for (const x of entries) {
        const s = statLine(probe.format, x);
        if (s.unknown) return { output: out.join('\n'), unknown: s.unknown };
        out.push(s.line!);
      }
      return { output: out.join('\n') };
    }
    case 'encryption-providers': {
      const named = grepLines(host, resolve(vars, probe.bin))
        .filter((l) => l.includes('--encryption-provider-config'))
        .map((l) => flagValueOnLine(l, '--encryption-provider-config'))
        .filter((v): v is string => Boolean(v));
      // With no such flag the script greps its own (already read) standard input: nothing.
      const e = named.length === 1 ? lookup(host.bundle, named[0]) : undefined;
      if (!e?.read) return { output: '' };
      const t = textOf(e);
      if (!('text' in t)) return { output: '', unknown: t.unknown };
      // grep -A1 'providers:' | tail -n1 | grep -o "[A-Za-z]*" | sed 's/^/provider=/'
      const lines = t.text.split('\n');
      let last: string | undefined;
      lines.forEach((l, i) => {
        if (l.includes('providers:')) last = lines[i + 1] ?? l;
      });
      const words = last?.match(/[A-Za-z]+/g) ?? [];
      return { output: words.map((w) => `provider=${w}`).join('\n') };
    }
    case 'kubectl':
      // The kube-bench Job's service account has no RBAC: kubectl prints an error.
      return probe.bare
        ? { output: 'Error from server (Forbidden)', error: 'exit status 1 (kubectl: forbidden)' }
        : { output: 'Error from server (Forbidden)' };
    case 'fails':
      return { output: '', error: 'exit status 1 (the command cannot succeed as written)' };
    case 'systemd':
      // A node bundle records processes and files, not the service manager's state.
      return { output: '', unknown: 'a node bundle does not record the state of systemd units' };
    case 'unknown':
      return { output: '', unknown: 'benchwright does not know what this audit command prints' };
  }
}

/** kube-bench's default environment audit: the environment of the target's only substituted binary. */
export function defaultEnv(host: Host, vars: Variables): AuditRun {
  const bin = vars.binSubs.length === 1 ? vars.binSubs[0] : '';
  const p = bin ? host.processes.find((x) => comm(x) === bin.slice(0, 15)) : undefined;
  if (!p) return { output: `cat: /proc//environ: No such file or directory` };
  return {
    output: Object.entries(p.environment ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  };
}
