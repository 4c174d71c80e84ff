// Audit commands written from facts: each probe kind (src/model/scanner.ts) as a shell
// command that prints what the probe says it prints. Our own wording of the usual shell
// idioms (ps, stat, find, cat), written so that the importer's probe reader
// (src/ingest/kube-bench/probes.ts) reads each one back as the probe it came from: an
// exported folder replays as the benchmark it was exported from.
import type { FileRef, Probe } from '../../model/scanner.js';

/** A stat format as one shell word (`permissions=%a`, `'%U:%G %n'`). */
function word(format: string, quote: '"' | "'"): string {
  return /^\S+$/.test(format) ? format : `${quote}${format}${quote}`;
}

function pathOf(ref: FileRef): string | undefined {
  if ('variable' in ref) return ref.variable;
  if ('path' in ref) return ref.path;
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
    const bin = first.process;
    if (first.flag === '--data-dir' && first.folder && first.otherwise)
      return [
        "DATA_DIR=''",
        `for d in $(ps -ef | grep ${bin} | grep -- --data-dir | ${flagValue('--data-dir')}); do`,
        '  if test -d "$d"; then DATA_DIR="$d"; fi',
        'done',
        `if ! test -d "$DATA_DIR"; then DATA_DIR=${first.otherwise}; fi`,
        `stat -c ${word(p.format, "'")} "$DATA_DIR"`,
      ].join('\n');
    if (first.flag === '--data-dir')
      return `ps -ef | grep ${bin} | grep -- --data-dir | ${flagValue('--data-dir', false)} | xargs stat -c ${word(p.format, '"')}`;
    if (first.flag === '--client-ca-file' && first.otherwise)
      return [
        `CAFILE=$(ps -ef | grep ${bin}${(first.exclude ?? []).map((x) => ` | grep -v ${x}`).join('')} ` +
          `| grep -- --client-ca-file= | ${flagValue('--client-ca-file')} | head -n1)`,
        `if test -z $CAFILE; then CAFILE=${first.otherwise}; fi`,
        `if test -e $CAFILE; then stat -c ${word(p.format, '"')} $CAFILE; fi`,
      ].join('\n');
    return undefined;
  }
  const paths = p.files.map(pathOf);
  if (paths.some((x) => x === undefined)) return undefined;
  const [file] = paths as string[];
  if (p.find) {
    const name = p.find.name !== undefined ? ` -name '${p.find.name}'` : '';
    if (p.guard === 'exists')
      return `/bin/sh -c 'if test -e ${file}; then find ${file}${name} | xargs stat -c ${word(p.format, '"')}; fi'`;
    return `find ${file}${name} | xargs stat -c ${word(p.format, '"')}`;
  }
  if (paths.length > 1)
    return `for f in ${paths.join(' ')}; do if test -e $f; then stat -c ${word(p.format, '"')} $f; fi; done`;
  if (p.guard === 'exists') return `/bin/sh -c 'if test -e ${file}; then stat -c ${word(p.format, '"')} ${file}; fi'`;
  if (p.guard === 'exists-else')
    return `/bin/sh -c "if test -e ${file}; then stat -c ${word(p.format, "'")} ${file}; else echo \\"${p.otherwise ?? ''}\\"; fi"`;
  return `stat -c ${word(p.format, '"')} ${file}`;
}

/** The command that prints what the probe reads, or undefined where a probe has no command form (kubectl, unknown). */
export function commandOf(p: Probe): string | undefined {
  switch (p.kind) {
    case 'process':
      return p.select === 'command' ? `ps -fC ${p.bin}` : `ps -ef | grep ${p.bin} | grep -v grep`;
    case 'stat':
      return statCommand(p);
    case 'cat': {
      // The file a flag of the running component names (--authentication-config): where that setting lives.
      if ('process' in p.file)
        return [
          `F=$(ps -ef | grep ${p.file.process} | grep -v grep | ${flagValue(p.file.flag)} | head -n1)`,
          `if test -e "$F"; then cat "$F"; fi`,
        ].join('\n');
      const file = pathOf(p.file);
      if (file === undefined) return undefined;
      return p.guard === 'exists' ? `/bin/sh -c 'if test -e ${file}; then cat ${file}; fi'` : `cat ${file}`;
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
        `ps -ef | grep ${p.bin} | grep -- --cni-conf-dir | ${flagValue('--cni-conf-dir')} | ` +
          `xargs -I{} find {} -mindepth 1 | xargs --no-run-if-empty stat -c ${word(p.format, '"')}`,
        `find /var/lib/cni/networks -type f 2> /dev/null | xargs --no-run-if-empty stat -c ${word(p.format, '"')}`,
      ].join('\n');
    case 'encryption-providers':
      return [
        `ENCRYPTION_PROVIDER_CONFIG=$(ps -ef | grep ${p.bin} | grep -- ` +
          `--encryption-provider-config | ${flagValue('--encryption-provider-config')})`,
        `if test -e $ENCRYPTION_PROVIDER_CONFIG; then grep -A1 'providers:' ` +
          `$ENCRYPTION_PROVIDER_CONFIG | tail -n1 | grep -o "[A-Za-z]*" | sed 's/^/provider=/'; fi`,
      ].join('\n');
    case 'kubectl':
    case 'fails':
    case 'unknown':
      return undefined;
  }
}
