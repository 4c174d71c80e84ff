// Audit commands written from facts: each probe kind (src/model/scanner.ts) as a shell
// command that prints what the probe says it prints. Our own wording of the usual shell
// idioms (ps, stat, find, cat), written so that the importer's probe reader
// (src/ingest/kube-bench/probes.ts) reads each one back as the probe it came from: an
// exported folder replays as the benchmark it was exported from.
//
// Nothing a benchmark holds becomes a command: kube-bench runs these audits as root in a shell
// on every node, so every value placed in one (a path, a binary, a file name, a format) is a
// shell word here: written bare when it holds only characters no shell reads specially (the
// commands an ordinary benchmark exports stay exactly as before), single-quoted otherwise,
// refused when no quoting makes it safe (a line break, which kube-bench's own line-by-line
// reading and our importer split on; a leading dash, which find and stat read as an option).
import { inputError } from '../../model/problem.js';
import type { FileRef, Probe } from '../../model/scanner.js';

/** Characters no POSIX shell reads specially in a word. */
const plain = /^[A-Za-z0-9_./:@%+,=-]+$/;
/** A kube-bench variable (`$apiserverconf`): kube-bench replaces it with its config.yaml value before the shell runs. */
const variable = /^\$[a-z][a-z0-9]*$/;

/** The value as messages show it: control characters visible, long values cut. */
function shown(value: string): string {
  const v = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return v.slice(1, -1);
}

/** Why a value cannot go into an audit, or undefined when it can. */
export function unquotable(value: string, what: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} '${shown(value)}' holds a line break or control character`;
  if (value.startsWith('-')) return `${what} '${shown(value)}' starts with a dash, which commands read as an option`;
  return undefined;
}

function refuse(value: string, what: string): void {
  const why = unquotable(value, what);
  if (why) throw inputError('export kube-bench', `${why}, expected a value an audit can quote safely`);
}

/** Always single-quoted (a `find -name` pattern, a whole script for `sh -c`). */
export function quoted(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** One shell word holding `value` literally (a kube-bench variable stays a variable). */
export function shellWord(value: string, what: string): string {
  refuse(value, what);
  return variable.test(value) || plain.test(value) ? value : quoted(value);
}

/** A stat format as one shell word (`permissions=%a`, `'%U:%G %n'`): in `quote` while it only has spaces to protect. */
function word(format: string, quote: '"' | "'"): string {
  refuse(format, 'a stat format');
  if (plain.test(format)) return format;
  return /^[A-Za-z0-9_.:@%+,= -]+$/.test(format) ? `${quote}${format}${quote}` : quoted(format);
}

/** A script for `/bin/sh -c`, as one word of the outer shell. */
const script = (text: string): string => quoted(text);

function pathOf(ref: FileRef): string | undefined {
  if ('variable' in ref) return ref.variable;
  if ('path' in ref) return shellWord(ref.path, 'a file path');
  return undefined;
}

/**
 * A `sed` printing the value of `--flag=value` or `--flag value` on a process line (`only`: nothing
 * for other lines). `%` delimits it: a slash would read as a path to whoever reads the command.
 */
function flagValue(flag: string, only = true): string {
  const script = `s%.*${flag}[= ]\\([^ ]*\\).*%\\1%`;
  return only ? `sed -n '${script}p'` : `sed '${script}'`;
}

function statCommand(p: Extract<Probe, { kind: 'stat' }>): string | undefined {
  const [first] = p.files;
  if (!first) return undefined;
  if ('process' in first) {
    const bin = shellWord(first.process, 'a binary name');
    if (first.flag === '--data-dir' && first.folder && first.otherwise)
      return [
        "DATA_DIR=''",
        `for d in $(ps -ef | grep ${bin} | grep -- --data-dir | ${flagValue('--data-dir')}); do`,
        '  if test -d "$d"; then DATA_DIR="$d"; fi',
        'done',
        `if ! test -d "$DATA_DIR"; then DATA_DIR=${shellWord(first.otherwise, 'a default folder')}; fi`,
        `stat -c ${word(p.format, "'")} "$DATA_DIR"`,
      ].join('\n');
    if (first.flag === '--data-dir')
      return `ps -ef | grep ${bin} | grep -- --data-dir | ${flagValue('--data-dir', false)} | xargs stat -c ${word(p.format, '"')}`;
    if (first.flag === '--client-ca-file' && first.otherwise)
      return [
        `CAFILE=$(ps -ef | grep ${bin}${(first.exclude ?? []).map((x) => ` | grep -v ${shellWord(x, 'an excluded process')}`).join('')} ` +
          `| grep -- --client-ca-file= | ${flagValue('--client-ca-file')} | head -n1)`,
        `if test -z $CAFILE; then CAFILE=${shellWord(first.otherwise, 'a default file')}; fi`,
        `if test -e $CAFILE; then stat -c ${word(p.format, '"')} $CAFILE; fi`,
      ].join('\n');
    return undefined;
  }
  const paths = p.files.map(pathOf);
  if (paths.some((x) => x === undefined)) return undefined;
  const [file] = paths as string[];
  if (p.find) {
    if (p.find.name !== undefined) refuse(p.find.name, 'a file name pattern');
    const name = p.find.name !== undefined ? ` -name ${quoted(p.find.name)}` : '';
    // kube-bench's own form quotes the pattern inside the single-quoted script (so the outer
    // shell sees it bare: it can only glob, in the working folder); kept for plain patterns.
    const inner = `if test -e ${file}; then find ${file}${name} | xargs stat -c ${word(p.format, '"')}; fi`;
    const bare = !`${file}${word(p.format, '"')}`.includes("'");
    if (p.guard === 'exists' && bare && (p.find.name === undefined || /^[A-Za-z0-9_.*?-]+$/.test(p.find.name)))
      return `/bin/sh -c '${inner}'`;
    if (p.guard === 'exists') return `/bin/sh -c ${script(inner)}`;
    return `find ${file}${name} | xargs stat -c ${word(p.format, '"')}`;
  }
  if (paths.length > 1)
    return `for f in ${paths.join(' ')}; do if test -e $f; then stat -c ${word(p.format, '"')} $f; fi; done`;
  if (p.guard === 'exists')
    return `/bin/sh -c ${script(`if test -e ${file}; then stat -c ${word(p.format, '"')} ${file}; fi`)}`;
  if (p.guard === 'exists-else') {
    const otherwise = p.otherwise ?? '';
    refuse(otherwise, 'the text for a missing file');
    const inner = `if test -e ${file}; then stat -c ${word(p.format, "'")} ${file}; else echo \\"${otherwise}\\"; fi`;
    // The usual double-quoted form while nothing in it is special inside double quotes.
    if (!/[$`\\"]/.test(`${variable.test(file) ? '' : file}${p.format}${otherwise}`)) return `/bin/sh -c "${inner}"`;
    return `/bin/sh -c ${script(`if test -e ${file}; then stat -c ${word(p.format, "'")} ${file}; else echo ${quoted(otherwise)}; fi`)}`;
  }
  return `stat -c ${word(p.format, '"')} ${file}`;
}

/** The command that prints what the probe reads, or undefined where a probe has no command form (kubectl, unknown). */
export function commandOf(p: Probe): string | undefined {
  switch (p.kind) {
    case 'process': {
      const line =
        p.select === 'command'
          ? `ps -fC ${shellWord(p.bin, 'a binary name')}`
          : `ps -ef | grep ${shellWord(p.bin, 'a binary name')} | grep -v grep`;
      // The flag name is letters, digits and dashes (the probe's schema): nothing in the quotes is special.
      return p.without ? `${line} | grep -v -e ' ${p.without}[= ]' || true` : line;
    }
    case 'stat':
      return statCommand(p);
    case 'cat': {
      // The file a flag of the running component names (--authentication-config): where that setting lives.
      if ('process' in p.file)
        return [
          `F=$(ps -ef | grep ${p.file.process} | grep -v grep | ${flagValue(p.file.flag)} | head -n1)`,
          // Started without the flag: the file the scanner knows for the component ($kubeletconf).
          ...(p.file.otherwise !== undefined
            ? [`if test -z "$F"; then F=${shellWord(p.file.otherwise, 'a default file')}; fi`]
            : []),
          `if test -e "$F"; then cat "$F"; fi`,
        ].join('\n');
      const file = pathOf(p.file);
      if (file === undefined) return undefined;
      return p.guard === 'exists' ? `/bin/sh -c ${script(`if test -e ${file}; then cat ${file}; fi`)}` : `cat ${file}`;
    }
    case 'grep': {
      const file = pathOf(p.file);
      if (file === undefined) return undefined;
      // The pattern is plain text (the probe's schema): quoted whole, it is one word to the shell.
      const word = /^[\w.=/-]+$/.test(p.pattern) ? p.pattern : `'${p.pattern}'`;
      const orTrue = p.orTrue ? ' || true' : '';
      const dashes = p.pattern.startsWith('-') ? '-- ' : '';
      if (p.invert) return `cat ${file} | grep -v ${dashes}${word}${orTrue}`;
      const context = `${p.after !== undefined ? `-A${p.after} ` : ''}${p.before !== undefined ? `-B${p.before} ` : ''}`;
      return `grep ${context}${dashes}${word} ${file}${orTrue}`;
    }
    case 'cni-files':
      return [
        `ps -ef | grep ${shellWord(p.bin, 'a binary name')} | grep -- --cni-conf-dir | ${flagValue('--cni-conf-dir')} | ` +
          `xargs -I{} find {} -mindepth 1 | xargs --no-run-if-empty stat -c ${word(p.format, '"')}`,
        `find /var/lib/cni/networks -type f 2> /dev/null | xargs --no-run-if-empty stat -c ${word(p.format, '"')}`,
      ].join('\n');
    case 'encryption-providers':
      return [
        `ENCRYPTION_PROVIDER_CONFIG=$(ps -ef | grep ${shellWord(p.bin, 'a binary name')} | grep -- ` +
          `--encryption-provider-config | ${flagValue('--encryption-provider-config')})`,
        `if test -e $ENCRYPTION_PROVIDER_CONFIG; then grep -A1 'providers:' ` +
          `$ENCRYPTION_PROVIDER_CONFIG | tail -n1 | grep -o "[A-Za-z]*" | sed 's/^/provider=/'; fi`,
      ].join('\n');
    case 'systemd':
      return p.query === 'show'
        ? `systemctl show -p ${p.property} ${shellWord(p.unit, 'a systemd unit')}`
        : `systemctl ${p.query} ${shellWord(p.unit, 'a systemd unit')}`;
    case 'kubectl':
    case 'fails':
    case 'unknown':
      return undefined;
  }
}

/** Characters a config.yaml value may hold: kube-bench puts it into audits as it is, before the shell reads them. */
const tableValue = /^[A-Za-z0-9_./:@%+,= -]*$/;

/**
 * Every binary and file name of the config.yaml tables, refused unless the shell reads it as
 * plain words: kube-bench replaces `$apiserverbin`, `$kubeletconf`… in an audit with these
 * values textually, so quoting in the audit cannot protect them.
 */
export function checkTableValues(table: {
  readonly targets: Readonly<Record<string, { readonly table: Readonly<Record<string, object>> }>>;
}): void {
  for (const [target, t] of Object.entries(table.targets))
    for (const [component, facts] of Object.entries(t.table))
      for (const [key, v] of Object.entries(facts))
        for (const value of Array.isArray(v) ? v : [v])
          if (typeof value === 'string' && (!tableValue.test(value) || value.startsWith('-')))
            throw inputError(
              'export kube-bench',
              `${target}.${component}.${key} '${shown(value)}' holds characters a shell reads specially, ` +
                'expected a name or path of letters, digits, spaces and ._/:@%+,=-',
            );
}
