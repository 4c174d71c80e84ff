// What a kube-bench audit command prints, as facts: the audit texts in kube-bench's
// generic folders come in a few dozen shapes (a `ps` line, a `stat` of a file found
// through a variable, a `cat` of the config file, …). Each shape becomes a Probe that
// the replay (src/evaluate/kube-bench) runs against a node. The command text itself is
// never kept; a shape we do not recognise is `unknown`.
import type { FileRef, Probe } from '../../model/scanner.js';

const bin = String.raw`(\$[a-z][a-z0-9]*|[a-z][a-z0-9-]*)`;
const path = String.raw`(\$[a-z][a-z0-9]*|/[\w./*-]+)`;
const fmt = String.raw`("[^"]+"|'[^']+'|\S+)`;
// A grep pattern of plain text (quoted or a bare word), as the grep probe keeps it.
const pattern = String.raw`("\^?[\w.:= /-]+\$?"|'\^?[\w.:= /-]+\$?'|\^?[\w.:=/-]+\$?)`;

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}

function ref(p: string): FileRef {
  return p.startsWith('$') ? { variable: p } : { path: p };
}

const shapes: Array<{ re: RegExp; probe: (m: RegExpMatchArray) => Probe }> = [
  {
    re: new RegExp(String.raw`^(?:/bin/)?ps -ef \| (?:/bin/)?grep ${bin} \| (?:/bin/)?grep -v grep$`),
    probe: (m) => ({ kind: 'process', bin: m[1], select: 'grep' }),
  },
  {
    re: new RegExp(String.raw`^(?:/bin/)?ps -fC ${bin}$`),
    probe: (m) => ({ kind: 'process', bin: m[1], select: 'command' }),
  },
  {
    re: new RegExp(String.raw`^/bin/sh -c '?"?if test -e ${path}; then stat -c ${fmt} \1; fi"?'?$`),
    probe: (m) => ({ kind: 'stat', files: [ref(m[1])], format: unquote(m[2]), guard: 'exists' }),
  },
  {
    re: new RegExp(
      String.raw`^/bin/sh -c "if test -e ${path}; then stat -c ${fmt} \1; else echo \\"([^"\\]+)\\"; fi"$`,
    ),
    probe: (m) => ({ kind: 'stat', files: [ref(m[1])], format: unquote(m[2]), guard: 'exists-else', otherwise: m[3] }),
  },
  {
    re: new RegExp(
      String.raw`^/bin/sh -c 'if test -e ${path}; then find \1 -name '([^']+)' \| xargs stat -c ${fmt}; fi'$`,
    ),
    probe: (m) => ({
      kind: 'stat',
      files: [ref(m[1])],
      format: unquote(m[3]),
      guard: 'exists',
      find: { name: m[2] },
    }),
  },
  {
    re: new RegExp(String.raw`^find ${path} (?:-name '([^']+)' )?\| xargs stat -c ${fmt}$`),
    probe: (m) => ({
      kind: 'stat',
      files: [ref(m[1])],
      format: unquote(m[3]),
      guard: 'none',
      find: m[2] ? { name: m[2] } : {},
    }),
  },
  {
    re: new RegExp(String.raw`^for (\w+) in ([^;]+); do if test -e \$\1; then stat -c ${fmt} \$\1; fi; done$`),
    probe: (m) => ({
      kind: 'stat',
      files: m[2].trim().split(/\s+/).map(ref),
      format: unquote(m[3]),
      guard: 'exists',
    }),
  },
  {
    // The etcd data directory: --data-dir of a running etcd when it is a folder, else $etcddatadir.
    re: new RegExp(
      String.raw`^DATA_DIR=''\nfor d in \$\(ps -ef \| grep ${bin} \| grep -- --data-dir \| sed [^\n]*\); do\n\s*if test -d "\$d"; then DATA_DIR="\$d"; fi\ndone\nif ! test -d "\$DATA_DIR"; then DATA_DIR=(\$[a-z]+); fi\nstat -c ${fmt} "?\$DATA_DIR"?$`,
    ),
    probe: (m) => ({
      kind: 'stat',
      files: [{ process: m[1], flag: '--data-dir', folder: true, otherwise: m[2] }],
      format: unquote(m[3]),
      guard: 'none',
    }),
  },
  {
    re: new RegExp(String.raw`^ps -ef \| grep ${bin} \| grep -- --data-dir \| sed '[^']*' \| xargs stat -c ${fmt}$`),
    probe: (m) => ({
      kind: 'stat',
      files: [{ process: m[1], flag: '--data-dir' }],
      format: unquote(m[2]),
      guard: 'none',
    }),
  },
  {
    // The kubelet's client CA: its --client-ca-file, else $kubeletcafile.
    re: new RegExp(
      String.raw`^CAFILE=\$\(ps -ef \| grep ${bin} \| grep -v (\w+) \| grep -- --client-ca-file= \| [^\n]*\)\nif test -z \$CAFILE; then CAFILE=(\$[a-z]+); fi\nif test -e \$CAFILE; then stat -c ${fmt} \$CAFILE; fi$`,
    ),
    probe: (m) => ({
      kind: 'stat',
      files: [{ process: m[1], flag: '--client-ca-file', exclude: [m[2]], otherwise: m[3] }],
      format: unquote(m[4]),
      guard: 'exists',
    }),
  },
  {
    re: new RegExp(
      String.raw`^ps -ef \| grep ${bin} \| grep -- --cni-conf-dir \| [^\n]* stat -c ${fmt}\nfind /var/lib/cni/networks -type f 2> /dev/null \| xargs --no-run-if-empty stat -c \2$`,
    ),
    probe: (m) => ({ kind: 'cni-files', bin: m[1], format: unquote(m[2]) }),
  },
  {
    re: new RegExp(
      String.raw`^ENCRYPTION_PROVIDER_CONFIG=\$\(ps -ef \| grep ${bin} \| grep -- --encryption-provider-config [^\n]*\)\nif test -e \$ENCRYPTION_PROVIDER_CONFIG; then grep -A1 'providers:' \$ENCRYPTION_PROVIDER_CONFIG \| tail -n1 \| grep -o "\[A-Za-z\]\*" \| sed 's/\^/provider=/'; fi$`,
    ),
    probe: (m) => ({ kind: 'encryption-providers', bin: m[1] }),
  },
  {
    re: new RegExp(String.raw`^stat -c ${fmt} ${path}$`),
    probe: (m) => ({ kind: 'stat', files: [ref(m[2])], format: unquote(m[1]), guard: 'none' }),
  },
  {
    re: new RegExp(String.raw`^(?:/bin/)?cat ${path}$`),
    probe: (m) => ({ kind: 'cat', file: ref(m[1]), guard: 'none' }),
  },
  {
    // The file a flag of the running component names: `F=$(ps … | sed … --authentication-config …)`, then cat it.
    re: new RegExp(
      String.raw`^F=\$\(ps -ef \| grep ${bin} \| grep -v grep \| sed -n 's%\.\*(--[a-z][a-z0-9-]*)\[= \]\\\(\[\^ \]\*\\\)\.\*%\\1%p' \| head -n1\)\n(?:if test -z "\$F"; then F=${path}; fi\n)?if test -e "\$F"; then cat "\$F"; fi$`,
    ),
    // Without the flag, the file named after `F=` (the kubelet's: $kubeletconf).
    probe: (m) => ({
      kind: 'cat',
      file: { process: m[1], flag: m[2], ...(m[3] !== undefined ? { otherwise: m[3] } : {}) },
      guard: 'exists',
    }),
  },
  {
    re: new RegExp(String.raw`^/bin/sh -c 'if test -e ${path}; then cat \1; fi'$`),
    probe: (m) => ({ kind: 'cat', file: ref(m[1]), guard: 'exists' }),
  },
  {
    // A file's lines with a word: `grep -A2 word FILE`, `cat FILE | grep -v grep`, `cat FILE | grep word || true`.
    re: new RegExp(
      String.raw`^(?:/bin/)?grep ((?:-[AB] ?\d+ )*)(?:-- )?${pattern} ${path}( \|\| true)?$|^(?:/bin/)?cat ${path} \| (?:/bin/)?grep (-v )?(?:-- )?${pattern}( \|\| true)?$`,
    ),
    probe: (m) => {
      const [opts, word, file, orTrue] = m[2] !== undefined ? [m[1], m[2], m[3], m[4]] : ['', m[7], m[5], m[8]];
      const after = opts?.match(/-A ?(\d+)/)?.[1];
      const before = opts?.match(/-B ?(\d+)/)?.[1];
      return {
        kind: 'grep',
        file: ref(file),
        pattern: unquote(word),
        ...(after ? { after: Number(after) } : {}),
        ...(before ? { before: Number(before) } : {}),
        ...(m[6] ? { invert: true } : {}),
        ...(orTrue ? { orTrue: true } : {}),
      };
    },
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
  for (const s of shapes) {
    const m = text.match(s.re);
    if (m) return s.probe(m);
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
