// Audits that do more than read. kube-bench runs every audit of a benchmark as root in a
// shell on each node, so an imported benchmark whose audit writes a file, changes modes or
// owners, removes something or changes the cluster would do so wherever it is scanned. This
// reads an audit as the shell would split it (quotes, escapes, $(…) and backquotes,
// `sh -c '…'` scripts) and names the first thing in it that writes: a redirection to a file
// other than /dev/null, or a command that changes files, processes or the cluster. Ordinary
// pipes (`ps -ef | grep …`, `2>/dev/null`, `stat … | xargs …`) and the `<path/to/files>`
// placeholders some benchmarks leave in their audits are reading.

type Token = { readonly word: string } | { readonly op: string };

/** Commands that write whatever their arguments (file changes, processes, the system). */
const writers = new Set([
  'rm',
  'rmdir',
  'mv',
  'cp',
  'dd',
  'tee',
  'touch',
  'mkdir',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'truncate',
  'shred',
  'install',
  'kill',
  'pkill',
  'killall',
  'reboot',
  'shutdown',
  'mkfs',
  'mount',
  'umount',
  'useradd',
  'userdel',
  'usermod',
  'passwd',
  'crontab',
  'iptables',
]);
/** Commands that only run the next word as a command. */
const prefixes = new Set(['sudo', 'env', 'nice', 'nohup', 'exec', 'command', 'timeout', 'xargs', 'time', '!']);
/** Words after which a command starts. */
const keywords = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '{']);
/** Subcommands of cluster and service tools that change something. */
const changing: Record<string, RegExp> = {
  kubectl: /^(apply|create|delete|patch|edit|replace|label|annotate|scale|set|drain|cordon|uncordon|taint|rollout|cp)$/,
  oc: /^(apply|create|delete|patch|edit|replace|label|annotate|scale|set|cp)$/,
  systemctl: /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|daemon-reload|edit|set-property)$/,
};

/** The shell's words and operators; command substitutions are read on their own (`subs`). */
function tokenize(text: string, subs: string[]): Token[] {
  const out: Token[] = [];
  let cur = '';
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ word: cur });
    cur = '';
    inWord = false;
  };
  /** The end of a `$(…)` opened at `from` (the index after the parenthesis). */
  const close = (from: number): number => {
    let depth = 1;
    for (let j = from; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) return j;
    }
    return text.length;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === "'") {
      const j = text.indexOf("'", i + 1);
      cur += text.slice(i + 1, j < 0 ? text.length : j);
      inWord = true;
      i = j < 0 ? text.length : j + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          cur += text[++j] ?? '';
        } else if (text[j] === '$' && text[j + 1] === '(') {
          const end = close(j + 2);
          subs.push(text.slice(j + 2, end));
          cur += '$';
          j = end;
        } else if (text[j] === '`') {
          const end = text.indexOf('`', j + 1);
          subs.push(text.slice(j + 1, end < 0 ? text.length : end));
          j = end < 0 ? text.length : end;
        } else cur += text[j];
      }
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      cur += text[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === '$' && text[i + 1] === '(') {
      const end = close(i + 2);
      subs.push(text.slice(i + 2, end));
      cur += '$';
      inWord = true;
      i = end + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      subs.push(text.slice(i + 1, end < 0 ? text.length : end));
      cur += '$';
      inWord = true;
      i = end < 0 ? text.length : end + 1;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\n') {
      flush();
      out.push({ op: ';' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
    } else if (';&|<>()'.includes(c)) {
      flush();
      const two = text.slice(i, i + 2);
      const op = ['&&', '||', ';;', '>>', '>|', '&>', '<<', '>&', '<&'].includes(two) ? two : c;
      out.push({ op });
      i += op.length;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  flush();
  return out;
}

const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/** What in the audit writes, in words, or undefined when it only reads. */
export function auditWrites(audit: string, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const subs: string[] = [];
  // `<path/to/cni/files>`: a placeholder for the reader to fill in, not redirections.
  const toks = tokenize(audit.replace(/<[A-Za-z0-9_.:/-]+>/g, 'placeholder'), subs);
  let atCommand = true;
  let command: string | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if ('op' in t) {
      if (['>', '>>', '>|', '&>'].includes(t.op)) {
        const next = toks[i + 1];
        if (next && 'word' in next && next.word !== '/dev/null' && !/^&?\d$/.test(next.word))
          return `redirects output to the file ${next.word}`;
        if (next && 'word' in next) i++;
        continue;
      }
      if (['>&', '<&', '<', '<<'].includes(t.op)) {
        if (toks[i + 1] && 'word' in toks[i + 1]) i++;
        continue;
      }
      atCommand = true;
      command = undefined;
      continue;
    }
    const w = t.word;
    if (atCommand) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || keywords.has(w)) continue;
      const name = base(w);
      if (prefixes.has(name) || (command === 'xargs' && w.startsWith('-'))) {
        command = name;
        continue;
      }
      if (writers.has(name)) return `runs ${name}`;
      command = name;
      atCommand = false;
      if ((name === 'sh' || name === 'bash') && toks[i + 1] && 'word' in toks[i + 1]) {
        const flag = toks[i + 1] as { word: string };
        const script = toks[i + 2];
        if (flag.word === '-c' && script && 'word' in script) {
          const inner = auditWrites(script.word, depth + 1);
          if (inner) return inner;
          i += 2;
        }
      }
      continue;
    }
    if (command === 'sed' && /^(-i|--in-place)/.test(w)) return 'runs sed -i (edits a file in place)';
    if (command === 'find' && /^-(delete|fprint0?|fprintf|fls)$/.test(w)) return `runs find ${w}`;
    if (command === 'find' && /^-(exec|execdir|ok|okdir)$/.test(w)) atCommand = true;
    if ((command === 'curl' || command === 'wget') && /^(-o|-O|--output|--output-document)/.test(w)) {
      const target = toks[i + 1];
      if (!(target && 'word' in target && target.word === '/dev/null')) return `runs ${command} ${w} (writes a file)`;
    }
    if (command && changing[command]?.test(w)) return `runs ${command} ${w}`;
    if (command && changing[command] && !w.startsWith('-')) command = undefined;
  }
  for (const s of subs) {
    const inner = auditWrites(s, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Warn (through the importer's `warn`, at the audit's position) about each audit of a kube-bench
 * check that does more than read: kube-bench would run it as root on every node it scans.
 */
export function warnWritingAudits(
  check: unknown,
  get: (node: unknown, key: string) => unknown,
  text: (node: unknown) => string | undefined,
  warn: (node: unknown, message: string) => void,
): void {
  for (const key of ['audit', 'audit_config', 'audit_env']) {
    const node = get(check, key);
    const audit = text(node);
    const what = audit === undefined ? undefined : auditWrites(audit);
    if (what)
      warn(
        node,
        `${key} ${what}: kube-bench runs audits as root on every node it scans, expected an audit that only reads`,
      );
  }
}
