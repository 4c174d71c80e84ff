// What a kube-bench audit command prints, as facts: the audit texts in kube-bench's
// generic folders come in a few dozen shapes (a `ps` line, a `stat` of a file found
// through a variable, a `cat` of the config file, …). Each shape becomes a Probe that
// the replay (src/evaluate/kube-bench) runs against a node. The command text itself is
// never kept; a shape we do not recognise is `unknown`.
import type { FileRef, Probe } from '../../model/scanner.js';

// A single-quoted shell word the export wrote (src/export/kube-bench/shell.ts), read a second
// time as a placeholder: \x01N\x01 stands for the Nth word, its quotes taken off.
const word = String.raw`\x01\d+\x01`;
// A binary name, or a path to one: the characters the export writes bare.
const bin = String.raw`(\$[a-z][a-z0-9]*|[A-Za-z0-9_./:@%+,=-]+|${word})`;
// A variable or path in double quotes is the same path (kube-bench puts the variable in first).
const path = String.raw`(\$[a-z][a-z0-9]*|/[\w./*-]+|"\$[a-z][a-z0-9]*"|"/[\w./*-]+"|${word})`;
const fmt = String.raw`("[^"]+"|'[^']+'|\S+)`;
const name = String.raw`('[^']+'|${word})`;
// A grep pattern of plain text (quoted or a bare word), as the grep probe keeps it.
// What the model keeps of a grep pattern (src/model/scanner.ts).
const plainPattern = /^\^?[\w.:= /-]+\$?$/;
const pattern = String.raw`("\^?[\w.:= /-]+\$?"|'\^?[\w.:= /-]+\$?'|\^?[\w.:=/-]+\$?|${word})`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the placeholder is a control character no audit holds
const placeholder = /^\x01(\d+)\x01$/;

/** What one matched part says: a placeholder's word, or the text without its quotes. */
type Words = (s: string) => string;

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}

// A placeholder is always a path: a quoted `$x` is the text, not kube-bench's variable.
function ref(quoted: string, w: Words): FileRef {
  if (placeholder.test(quoted)) return { path: w(quoted) };
  const p = quoted.replace(/^"(.*)"$/, '$1');
  return p.startsWith('$') ? { variable: p } : { path: p };
}

// One single-quoted word, the quote inside written '\''.
const quotedWord = /'[^']*'(?:\\''[^']*')*/g;
const unquoteWord = (q: string): string => q.slice(1, -1).replace(/'\\''/g, "'");

/**
 * The command with each single-quoted word a placeholder (one per distinct value, so a path
 * written twice matches itself), a `/bin/sh -c` script unwrapped first and written back in
 * single quotes: how the export quotes a path with spaces, quotes or `;` (shell.ts).
 */
function placeholders(text: string): { text: string; words: string[] } {
  const words: string[] = [];
  const sub = (t: string) =>
    t.replace(quotedWord, (q) => {
      const v = unquoteWord(q);
      const i = words.includes(v) ? words.indexOf(v) : words.push(v) - 1;
      return `\x01${i}\x01`;
    });
  const script = text.match(/^\/bin\/sh -c ('[^']*'(?:\\''[^']*')*)$/);
  return { text: script ? `/bin/sh -c '${sub(unquoteWord(script[1]))}'` : sub(text), words };
}

const shapes: Array<{ re: RegExp; probe: (m: RegExpMatchArray, w: Words) => Probe }> = [
  {
    re: new RegExp(String.raw`^(?:/bin/)?ps -ef \| (?:/bin/)?grep ${bin} \| (?:/bin/)?grep -v grep$`),
    probe: (m, w) => ({ kind: 'process', bin: w(m[1]), select: 'grep' }),
  },
  {
    // The export's process line without a flag's lines (shell.ts): `… | grep -v -e ' --config[= ]' || true`.
    re: new RegExp(
      String.raw`^(?:(?:/bin/)?ps -ef \| (?:/bin/)?grep ${bin} \| (?:/bin/)?grep -v grep|(?:/bin/)?ps -fC ${bin}) \| (?:/bin/)?grep -v -e (${word}) \|\| true$`,
    ),
    probe: (m, w) => {
      const flag = w(m[3]).match(/^ (--[a-z][a-z0-9-]*)\[= \]$/)?.[1];
      const b = m[1] ?? m[2];
      return flag
        ? { kind: 'process', bin: w(b), select: m[1] !== undefined ? 'grep' : 'command', without: flag }
        : { kind: 'unknown' };
    },
  },
  {
    re: new RegExp(String.raw`^(?:/bin/)?ps -fC ${bin}$`),
    probe: (m, w) => ({ kind: 'process', bin: w(m[1]), select: 'command' }),
  },
  {
    re: new RegExp(String.raw`^/bin/sh -c '?"?if test -e ${path}; then stat -c ${fmt} \1; fi"?'?$`),
    probe: (m, w) => ({ kind: 'stat', files: [ref(m[1], w)], format: w(m[2]), guard: 'exists' }),
  },
  {
    re: new RegExp(
      String.raw`^/bin/sh -c "if test -e ${path}; then stat -c ${fmt} \1; else echo \\"([^"\\]+)\\"; fi"$`,
    ),
    probe: (m, w) => ({ kind: 'stat', files: [ref(m[1], w)], format: w(m[2]), guard: 'exists-else', otherwise: m[3] }),
  },
  {
    // rke2 cis-1.8 and later, over several lines: `if [ -f X ]; then stat -c F X; else echo "NA"; fi`.
    re: new RegExp(
      String.raw`^if (?:\[ -[ef] ${path} \]|test -[ef] ${path})[;\n ]*then[;\n ]*stat -c ${fmt} (?:\1|\2)[;\n ]*else[;\n ]*echo "([^"\\$\`]+)"[;\n ]*fi$`,
    ),
    probe: (m, w) => ({
      kind: 'stat',
      files: [ref(m[1] ?? m[2], w)],
      format: w(m[3]),
      guard: 'exists-else',
      otherwise: m[4],
    }),
  },
  {
    // The export's form for a text that needs quoting: `else echo 'text'`.
    re: new RegExp(String.raw`^/bin/sh -c 'if test -e ${path}; then stat -c ${fmt} \1; else echo (${word}); fi'$`),
    probe: (m, w) => ({
      kind: 'stat',
      files: [ref(m[1], w)],
      format: w(m[2]),
      guard: 'exists-else',
      otherwise: w(m[3]),
    }),
  },
  {
    re: new RegExp(
      String.raw`^/bin/sh -c 'if test -e ${path}; then find \1 -name ${name} \| xargs stat -c ${fmt}; fi'$`,
    ),
    probe: (m, w) => ({
      kind: 'stat',
      files: [ref(m[1], w)],
      format: w(m[3]),
      guard: 'exists',
      find: { name: w(m[2]) },
    }),
  },
  {
    re: new RegExp(String.raw`^find ${path} (?:-name ${name} )?\| xargs stat -c ${fmt}$`),
    probe: (m, w) => ({
      kind: 'stat',
      files: [ref(m[1], w)],
      format: w(m[3]),
      guard: 'none',
      find: m[2] ? { name: w(m[2]) } : {},
    }),
  },
  {
    re: new RegExp(String.raw`^for (\w+) in ([^;']+); do if test -e \$\1; then stat -c ${fmt} \$\1; fi; done$`),
    probe: (m, w) => ({
      kind: 'stat',
      files: m[2]
        .trim()
        .split(/\s+/)
        .map((x) => ref(x, w)),
      format: w(m[3]),
      guard: 'exists',
    }),
  },
  {
    // The etcd data directory: --data-dir of a running etcd when it is a folder, else $etcddatadir.
    re: new RegExp(
      String.raw`^DATA_DIR=(?:''|${word})\nfor d in \$\(ps -ef \| grep ${bin} \| grep -- --data-dir \| sed [^\n]*\); do\n\s*if test -d "\$d"; then DATA_DIR="\$d"; fi\ndone\nif ! test -d "\$DATA_DIR"; then DATA_DIR=(\$[a-z]+|/[\w./*-]+|${word}); fi\nstat -c ${fmt} "?\$DATA_DIR"?$`,
    ),
    probe: (m, w) => ({
      kind: 'stat',
      files: [{ process: w(m[1]), flag: '--data-dir', folder: true, otherwise: w(m[2]) }],
      format: w(m[3]),
      guard: 'none',
    }),
  },
  {
    re: new RegExp(
      String.raw`^ps -ef \| grep ${bin} \| grep -- --data-dir \| sed (?:'[^']*'|${word}) \| xargs stat -c ${fmt}$`,
    ),
    probe: (m, w) => ({
      kind: 'stat',
      files: [{ process: w(m[1]), flag: '--data-dir' }],
      format: w(m[2]),
      guard: 'none',
    }),
  },
  {
    // The kubelet's client CA: its --client-ca-file, else $kubeletcafile.
    re: new RegExp(
      String.raw`^CAFILE=\$\(ps -ef \| grep ${bin} \| grep -v ([A-Za-z0-9_./:@%+,=-]+|${word}) \| grep -- --client-ca-file= \| [^\n]*\)\nif test -z \$CAFILE; then CAFILE=(\$[a-z]+|/[\w./*-]+|${word}); fi\nif test -e \$CAFILE; then stat -c ${fmt} \$CAFILE; fi$`,
    ),
    probe: (m, w) => ({
      kind: 'stat',
      files: [{ process: w(m[1]), flag: '--client-ca-file', exclude: [w(m[2])], otherwise: w(m[3]) }],
      format: w(m[4]),
      guard: 'exists',
    }),
  },
  {
    re: new RegExp(
      String.raw`^ps -ef \| grep ${bin} \| grep -- --cni-conf-dir \| [^\n]* stat -c ${fmt}\nfind /var/lib/cni/networks -type f 2> /dev/null \| xargs --no-run-if-empty stat -c \2$`,
    ),
    probe: (m, w) => ({ kind: 'cni-files', bin: w(m[1]), format: w(m[2]) }),
  },
  {
    re: new RegExp(
      String.raw`^ENCRYPTION_PROVIDER_CONFIG=\$\(ps -ef \| grep ${bin} \| grep -- --encryption-provider-config [^\n]*\)\nif test -e \$ENCRYPTION_PROVIDER_CONFIG; then grep -A1 (?:'providers:'|${word}) \$ENCRYPTION_PROVIDER_CONFIG \| tail -n1 \| grep -o "\[A-Za-z\]\*" \| sed (?:'s/\^/provider=/'|${word}); fi$`,
    ),
    probe: (m, w) => ({ kind: 'encryption-providers', bin: w(m[1]) }),
  },
  {
    re: new RegExp(String.raw`^stat -c ${fmt} ${path}$`),
    probe: (m, w) => ({ kind: 'stat', files: [ref(m[2], w)], format: w(m[1]), guard: 'none' }),
  },
  {
    re: new RegExp(String.raw`^(?:/bin/)?cat ${path}$`),
    probe: (m, w) => ({ kind: 'cat', file: ref(m[1], w), guard: 'none' }),
  },
  {
    // The file a flag of the running component names: `F=$(ps … | sed … --authentication-config …)`, then cat it.
    re: new RegExp(
      String.raw`^F=\$\(ps -ef \| grep ${bin} \| grep -v grep \| sed -n 's%\.\*(--[a-z][a-z0-9-]*)\[= \]\\\(\[\^ \]\*\\\)\.\*%\\1%p' \| head -n1\)\n(?:if test -z "\$F"; then F=${path}; fi\n)?if test -e "\$F"; then cat "\$F"; fi$`,
    ),
    // Without the flag, the file named after `F=` (the kubelet's: $kubeletconf).
    probe: (m, w) => ({
      kind: 'cat',
      file: { process: w(m[1]), flag: m[2], ...(m[3] !== undefined ? { otherwise: w(m[3]) } : {}) },
      guard: 'exists',
    }),
  },
  {
    re: new RegExp(String.raw`^/bin/sh -c 'if test -e ${path}; then cat \1; fi'$`),
    probe: (m, w) => ({ kind: 'cat', file: ref(m[1], w), guard: 'exists' }),
  },
  {
    // A file's lines with a word: `grep -A2 word FILE`, `cat FILE | grep -v grep`, `cat FILE | grep word || true`.
    re: new RegExp(
      String.raw`^(?:/bin/)?grep ((?:-[AB] ?\d+ )*)(?:-- )?${pattern} ${path}( \|\| true)?$|^(?:/bin/)?cat ${path} \| (?:/bin/)?grep (-v )?(?:-- )?${pattern}( \|\| true)?$`,
    ),
    probe: (m, w) => {
      const [opts, word, file, orTrue] = m[2] !== undefined ? [m[1], m[2], m[3], m[4]] : ['', m[7], m[5], m[8]];
      const after = opts?.match(/-A ?(\d+)/)?.[1];
      const before = opts?.match(/-B ?(\d+)/)?.[1];
      return {
        kind: 'grep',
        file: ref(file, w),
        pattern: w(word),
        ...(after ? { after: Number(after) } : {}),
        ...(before ? { before: Number(before) } : {}),
        ...(m[6] ? { invert: true } : {}),
        ...(orTrue ? { orTrue: true } : {}),
      };
    },
  },
  {
    // The host's service manager (DISA's STIG: is sshd running, is it enabled), bare or in `sh -c`.
    re: new RegExp(
      String.raw`^(?:/bin/sh -c ')?systemctl (show -p ([A-Z][A-Za-z]*)|is-enabled|is-active) ([A-Za-z0-9_./:@%+,=-]+|${word})'?$`,
    ),
    probe: (m, w) => ({
      kind: 'systemd',
      unit: w(m[3]),
      query: m[2] ? 'show' : (m[1] as 'is-enabled' | 'is-active'),
      ...(m[2] ? { property: m[2] } : {}),
    }),
  },
];

/** The probe for one audit command, or undefined for an empty command (kube-bench runs nothing). */
export function probeOf(command: string | undefined): Probe | undefined {
  const text = command
    ?.trim()
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
  if (!text) return undefined;
  const plainWords: Words = unquote;
  for (const s of shapes) {
    const m = text.match(s.re);
    if (m) return s.probe(m, plainWords);
  }
  // Again with the export's single-quoted words read as words (a path with a space, a quote, a `;`).
  if (text.includes("'")) {
    const q = placeholders(text);
    const w: Words = (x) => {
      const i = x.match(placeholder)?.[1];
      return i !== undefined ? q.words[Number(i)] : unquote(x);
    };
    for (const s of shapes) {
      const m = q.text.match(s.re);
      // A quoted grep pattern may be more than the plain text the probe keeps (docker-bench's
      // `grep '$docker-storage\s'`: a variable and a class): then the shape does not apply.
      const p = m ? s.probe(m, w) : undefined;
      if (p && !(p.kind === 'grep' && !plainPattern.test(p.pattern))) return p;
    }
  }
  // A command wrapped in `/bin/sh -c '…'` (rke2's and EKS STIG's `/bin/sh -c 'stat -c %a $apiserverconf'`)
  // reads what the command alone reads: kube-bench has put its variables in before the shell runs,
  // and the shell's exit status is the command's. Only a script the quotes hold whole (no quote,
  // backslash or command substitution inside) is unwrapped.
  const wrapped = text.match(/^\/bin\/sh -c (?:'([^']*)'|"([^"\\`$]*(?:\$[a-z][a-z0-9]*[^"\\`$]*)*)")$/);
  const inner = wrapped ? (wrapped[1] ?? wrapped[2]).trim() : undefined;
  if (inner && !inner.startsWith('/bin/sh')) {
    const p = probeOf(inner);
    if (p && p.kind !== 'unknown') return p;
  }
  // A placeholder left in the command (`stat -c %a <path/to/cni/files>`): the shell fails on it.
  if (/^stat\b.*<[\w.-]+\/[\w/.-]+>/.test(text)) return { kind: 'fails' };
  if (/\bkubectl\b/.test(text)) {
    const resource = text.match(/kubectl\s+(?:[\w=-]+\s+)*get\s+([a-z][\w.,-]*)/)?.[1];
    // A pipe or an `echo "…$(kubectl …)"` hides kubectl's exit status.
    const bare = !/\||\$\(/.test(text);
    return { kind: 'kubectl', ...(resource ? { resource } : {}), ...(bare ? { bare } : {}) };
  }
  return { kind: 'unknown' };
}
