// What leaves the node: never a key, a token, a password or Secret data. Rules work on
// lines of text (YAML, JSON, env files, unit files alike) so that the copy keeps its
// structure and every line number (evaluate cites file:line), and so that the capture
// script (capture-script.ts) applies the same rules with awk and gives the same bytes.
// A file holding PEM data (a private key, or a certificate, whose private part may sit
// beside it) is never copied at all: the bundle lists it with its mode and owner.

/** Keys whose values are credentials in kubeconfigs, EncryptionConfiguration, auth configs. */
export const secretKeys = [
  'access-token',
  'client-certificate-data',
  'client-key-data',
  'client-secret',
  'id-token',
  'password',
  'refresh-token',
  'secret',
  'token',
] as const;

export const redacted = 'REDACTED';

/**
 * Flags and keys carrying a credential: --token, --agent-token, --oidc-client-secret,
 * --etcd-password, k3s's --etcd-s3-secret-key (not --token-auth-file, not --kubelet-client-key,
 * which name files, nor k3s's --secrets-encryption).
 */
export function isSecretName(name: string): boolean {
  return /(^|[-_.])(token|password|passwd|secret|(?:secret|access|api)[-_]key)s?$/i.test(name);
}

/** A YAML or JSON key whose value is a credential: a listed one, or a compound name such as `agent-token`. */
export function isSecretKey(name: string): boolean {
  const n = name.replace(/\+$/, '');
  return (secretKeys as readonly string[]).includes(n) || (/[-_.]/.test(n) && isSecretName(n));
}

/** Why a file's text must not be copied at all, or undefined when a redacted copy is safe. */
export function uncopyable(text: string): string | undefined {
  if (text.includes('-----BEGIN'))
    return 'holds PEM data (a key or certificate): listed with its mode and owner, not copied';
  if (text.includes('\0')) return 'is not text: listed with its mode and owner, not copied';
  return undefined;
}

const keyAlt = secretKeys.join('|');
// `  token: abc`, `- password: x`, `"secret": "…",`, `agent-token+: x` at the start of a line.
// (`s`: a line's `\r` is part of its value, as awk reads it.)
const blockKey = /^([ \t]*(?:- )?["']?([A-Za-z0-9][\w.-]*)\+?["']?[ \t]*:)(.*)$/s;
// `{token: abc, …}` or `"secret":"x"` anywhere on a line.
// A value is a quoted string or a plain word (one that does not start with a quote), so that
// awk's longest match and JavaScript's first alternative pick the same text.
const inlineKey = new RegExp(`(["']?)(${keyAlt})\\1[ \\t]*:[ \\t]*("[^"]*"|'[^']*'|[^,} \\t"'][^,} \\t]*)`, 'g');
const flag = /(--?)([A-Za-z0-9][\w.-]*)=([^ \t"',]+)/g;
// `--token abc` (args files, unit files): a credential flag and its value as the next word.
const spacedFlag = /(^|[ \t"'])(--?)([A-Za-z0-9][\w.-]*)([ \t]+)("[^"]*"|'[^']*'|[^ \t"'\\-][^ \t"']*)/g;
// A credential flag ending a line (`'--token' \`): its value is the next line's first word.
const flagAtEnd = /(?:^|[ \t"'])--?([A-Za-z0-9][\w.-]*)["']?[ \t]*\\?[ \t]*$/;
const firstWord = /^([ \t]*)("[^"]*"|'[^']*'|[^ \t"'\\-][^ \t]*)/;
// `K3S_TOKEN=x` in a unit's Environment=, `- oidc-client-secret=x` in k3s's config.yaml.
const assignment = /(^|[ \t"'[,(])([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^ \t"',\]]*)/;
const envLine = /^([ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*=)(.*)$/s;
const urlPassword = /(:\/\/[^:/@ \t]+:)[^@ \t/]+@/g;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** One flag's value, redacted when the flag (or a `name=value` it passes on, as k3s's --kube-apiserver-arg) is a credential. */
export function redactFlagValue(name: string, value: string): string {
  if (isSecretName(name)) return redacted;
  const inner = value.match(/^([A-Za-z0-9][\w.-]*)=(.*)$/s);
  if (inner && isSecretName(inner[1])) return `${inner[1]}=${redacted}`;
  return value.replace(urlPassword, `$1${redacted}@`);
}

/** A command line's arguments with every credential replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = a.match(/^(--?)([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s);
    if (m && m[3] !== undefined) out.push(`${m[1]}${m[2]}=${redactFlagValue(m[2], m[3])}`);
    else if (m && isSecretName(m[2]) && i + 1 < argv.length && !argv[i + 1].startsWith('-')) {
      out.push(a, redacted);
      i++;
    } else if (i === 0) out.push(a);
    else {
      // A word after a flag: `--kube-apiserver-arg oidc-client-secret=x` passes a credential on.
      const kv = a.match(/^([A-Za-z_][\w.-]*)=/);
      out.push(
        kv && isSecretName(kv[1].replace(/_/g, '-'))
          ? `${kv[1]}=${redacted}`
          : a.replace(urlPassword, `$1${redacted}@`),
      );
    }
  }
  return out;
}

/**
 * `NAME=value` pairs whose name is a credential's. Scanning resumes right after each `=`, so
 * that `Environment="K3S_TOKEN=x"` is seen inside the value of the assignment around it.
 */
function redactAssignments(line: string): string {
  let out = '';
  let rest = line;
  for (let m = rest.match(assignment); m; m = rest.match(assignment)) {
    const at = (m.index ?? 0) + m[1].length + m[2].length + 1;
    if (isSecretName(m[2].replace(/_/g, '-'))) {
      out += `${rest.slice(0, at)}${redacted}`;
      rest = rest.slice((m.index ?? 0) + m[0].length);
    } else {
      out += rest.slice(0, at);
      rest = rest.slice(at);
    }
  }
  return out + rest;
}

function redactLine(line: string): string {
  let l = line.replace(inlineKey, (_m, q: string, key: string) => `${q}${key}${q}: "${redacted}"`);
  l = l.replace(
    flag,
    (_m, dashes: string, name: string, value: string) => `${dashes}${name}=${redactFlagValue(name, value)}`,
  );
  l = l.replace(spacedFlag, (m, before: string, dashes: string, name: string, space: string) =>
    isSecretName(name) ? `${before}${dashes}${name}${space}${redacted}` : m,
  );
  l = redactAssignments(l);
  const env = l.match(envLine);
  if (env) {
    const name = env[1].replace(/^[ \t]*(?:export[ \t]+)?/, '').slice(0, -1);
    if (isSecretName(name.replace(/_/g, '-').toLowerCase())) l = `${env[1]}${redacted}`;
  }
  return l.replace(urlPassword, `$1${redacted}@`);
}

/** A config file's text with every credential replaced, line for line. */
export function redactText(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let blockIndent = -1;
  let pending = false;
  for (const raw of lines) {
    let line = raw;
    if (pending && !/^[ \t]*$/.test(line)) {
      pending = false;
      line = line.replace(firstWord, `$1${redacted}`);
    }
    if (blockIndent >= 0) {
      if (line.trim() === '' || indentOf(line) > blockIndent) {
        // The lines of a block scalar under a secret key: kept as empty lines so numbers stay.
        out.push('');
        continue;
      }
      blockIndent = -1;
    }
    const m = line.match(blockKey);
    if (m && isSecretKey(m[2]) && m[3].trim() !== '') {
      const rest = m[3].trim();
      if (/^[|>][-+0-9]*$/.test(rest)) blockIndent = indentOf(line.replace(/^([ \t]*)- /, '$1  '));
      out.push(`${m[1]} "${redacted}"${rest.endsWith(',') ? ',' : ''}`);
      continue;
    }
    const end = line.match(flagAtEnd);
    if (end && isSecretName(end[1])) pending = true;
    out.push(redactLine(line));
  }
  return out.join('\n');
}

/** An API object as the bundle keeps it: a Secret without its data. */
export function redactObject(o: Record<string, unknown>): Record<string, unknown> {
  if (o.kind === 'List' && Array.isArray(o.items))
    return { ...o, items: o.items.map((i) => redactObject(i as Record<string, unknown>)) };
  if (o.kind !== 'Secret') return o;
  const { data, stringData, ...rest } = o;
  const meta = rest.metadata as Record<string, unknown> | undefined;
  // kubectl's last-applied annotation repeats the data.
  if (meta?.annotations && typeof meta.annotations === 'object') {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _dropped, ...annotations } = meta.annotations as Record<
      string,
      unknown
    >;
    rest.metadata = { ...meta, annotations };
  }
  void data;
  void stringData;
  return rest;
}
