// Shell completion scripts, generated from the command tree itself (commands, options, the values
// each option and argument takes) with the shipped benchmark ids and releases written in: a TAB
// runs no node process. Pure: the caller passes the tree and the shipped data.
import type { Command, Option } from 'commander';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/** What a value is completed from: a word list, file names, folder names, or nothing. */
type Values = { words: string[]; files?: boolean; dirs?: boolean } | undefined;

export interface Shipped {
  benchmarks: readonly string[];
  releases: readonly string[];
  installers: readonly string[];
  categories: readonly string[];
}

interface Spec {
  /** Command path after `benchwright` ('' for the program, `releases show`). */
  path: string;
  subcommands: string[];
  options: string[];
  /** Values of each option that takes one. */
  values: Map<string, Values>;
  /** Variadic options (their later words complete as their values too). */
  lists: string[];
  /** What the positional arguments complete as. */
  args: Values;
}

/** The words after `expected`/`format:` in a help text: `text, json or markdown` → [text, json, markdown]. */
function listedIn(description: string): string[] {
  const m = /(?:format|component|semantics)[^:]*: ([\w@.-]+(?:, [\w@.-]+)*(?:,? or [\w@.-]+)?)/.exec(description);
  return m ? m[1].split(/, | or |,/).filter(Boolean) : [];
}

function optionValues(o: Option, s: Shipped): Values {
  const name = o.attributeName();
  if (name === 'release' || name === 'releases') return { words: [...s.releases], files: true };
  if (name === 'benchmarks') return { words: [...s.benchmarks], files: true };
  if (name === 'installer') return { words: [...s.installers] };
  if (name === 'failOn' || name === 'accept') return { words: [...s.categories] };
  if (name === 'node') return { words: s.releases.flatMap((r) => [`kubeadm@${r}`, `generic@${r}`]), dirs: true };
  if (name === 'control' || name === 'version' || name === 'flag' || name === 'field' || name === 'gate')
    return undefined;
  if (/^(out|outDir|corpus|sarifRoot)$/.test(name)) return { words: [], files: true };
  const listed = listedIn(o.description);
  return listed.length ? { words: listed } : { words: [], files: true };
}

function argumentValues(c: Command, s: Shipped): Values {
  const [first] = c.registeredArguments;
  if (!first) return undefined;
  const name = first.name();
  if (/^(benchmark|a|b|base|draft)$/.test(name)) return { words: [...s.benchmarks], files: true };
  if (/^(release|from|to)$/.test(name)) return { words: [...s.releases], files: true };
  if (name === 'scanner') return { words: ['kube-bench'] };
  if (name === 'shell') return { words: [...shells] };
  if (name === 'query') return undefined;
  return { words: [], files: true };
}

function specs(program: Command, s: Shipped): Spec[] {
  const out: Spec[] = [];
  const walk = (c: Command, path: string): void => {
    const options = c.options.filter((o) => !o.hidden);
    const flags = options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
    const values = new Map<string, Values>();
    for (const o of options)
      if (o.required || o.optional) for (const f of [o.long, o.short]) if (f) values.set(f, optionValues(o, s));
    out.push({
      path,
      subcommands: c.commands.map((x) => x.name()),
      options: [...flags, '--help'],
      values,
      lists: options.filter((o) => o.variadic && o.long).map((o) => o.long as string),
      args: argumentValues(c, s),
    });
    for (const x of c.commands) walk(x, path ? `${path} ${x.name()}` : x.name());
  };
  walk(program, '');
  return out;
}

const q = (words: readonly string[]): string => words.join(' ');

function bashValues(v: Values): string {
  if (!v) return 'return 0';
  const parts = [`COMPREPLY=($(compgen -W "${q(v.words)}" -- "$cur"))`];
  if (v.files) parts.push('COMPREPLY+=($(compgen -f -- "$cur"))');
  else if (v.dirs) parts.push('COMPREPLY+=($(compgen -d -- "$cur"))');
  return `${parts.join('; ')}; return 0`;
}

function bash(all: Spec[]): string {
  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: bash parameter expansions, not templates
  const lines = [
    '# benchwright completion for bash (benchwright completion bash); zsh reads it through bashcompinit.',
    '_benchwright() {',
    '  local cur prev cmdpath w i lastopt subs ended',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  cmdpath="" lastopt="" ended=""',
    '  # the command path (subcommand names up to the first other word) and the last option typed',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    case "$w" in --*) lastopt="${w%%=*}"; continue ;; -*) continue ;; esac',
    '    [[ -n "$ended" ]] && continue',
    '    subs="$(_benchwright_subcommands "$cmdpath")"',
    '    if [[ " $subs " == *" $w "* ]]; then cmdpath="${cmdpath:+$cmdpath }$w"; else ended=1; fi',
    '  done',
    '  # after an option that takes a value',
    '  case "$cmdpath|$prev" in',
  ];
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: bash parameter expansions, not templates
  for (const s of all) for (const [flag, v] of s.values) lines.push(`    "${s.path}|${flag}") ${bashValues(v)} ;;`);
  lines.push('  esac');
  lines.push('  if [[ "$cur" == -* ]]; then');
  lines.push('    case "$cmdpath" in');
  for (const s of all)
    lines.push(`      "${s.path}") COMPREPLY=($(compgen -W "${q(s.options)}" -- "$cur")); return 0 ;;`);
  lines.push('    esac');
  lines.push('  fi');
  lines.push('  subs="$(_benchwright_subcommands "$cmdpath")"');
  lines.push('  if [[ -n "$subs" ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); return 0; fi');
  lines.push('  # later words of a list option (--release 1.33 1.34): more values, or the arguments');
  lines.push('  case "$cmdpath|$lastopt" in');
  for (const s of all)
    for (const flag of s.lists) {
      const v = s.values.get(flag);
      const words = [...(v?.words ?? []), ...(s.args?.words ?? [])];
      const files = v?.files || s.args?.files;
      lines.push(
        `    "${s.path}|${flag}") COMPREPLY=($(compgen -W "${q(words)}" -- "$cur"))${files ? '; COMPREPLY+=($(compgen -f -- "$cur"))' : ''}; return 0 ;;`,
      );
    }
  lines.push('  esac');
  lines.push('  case "$cmdpath" in');
  for (const s of all) if (s.args) lines.push(`    "${s.path}") ${bashValues(s.args)} ;;`);
  lines.push('  esac');
  lines.push('}');
  lines.push('_benchwright_subcommands() {');
  lines.push('  case "$1" in');
  for (const s of all) if (s.subcommands.length) lines.push(`    "${s.path}") echo "${q(s.subcommands)}" ;;`);
  lines.push('  esac');
  lines.push('}');
  lines.push('complete -o filenames -F _benchwright benchwright');
  return `${lines.join('\n')}\n`;
}

function zsh(all: Spec[]): string {
  // bashcompinit calls the function in zsh, whose arrays count from 1: ksharrays, for the call only,
  // gives it bash's COMP_WORDS indexing.
  return [
    '#compdef benchwright',
    '# benchwright completion for zsh (benchwright completion zsh): the bash completion, read through bashcompinit.',
    'autoload -U +X bashcompinit && bashcompinit',
    bash(all)
      .replace(/^# .*\n/, '')
      .replace(
        /^complete -o filenames -F _benchwright benchwright$/m,
        '_benchwright_zsh() { setopt localoptions ksharrays; _benchwright "$@"; }\n' +
          'complete -o filenames -F _benchwright_zsh benchwright',
      ),
  ].join('\n');
}

function fishValues(v: Values): string {
  if (!v) return '-x';
  const words = v.words.length ? ` -a '${q(v.words)}'` : '';
  return v.files || v.dirs ? `-r -F${words}` : `-x${words}`;
}

function fish(all: Spec[]): string {
  const lines = [
    '# benchwright completion for fish (benchwright completion fish)',
    '# The command path typed so far (`releases show`), subcommand names only.',
    'function __benchwright_path',
    '    set -l words (commandline -opc)',
    '    set -l path',
    '    for w in $words[2..-1]',
    '        string match -q -- "-*" $w; and continue',
    '        set -l subs (__benchwright_subcommands (string join " " $path))',
    '        contains -- $w $subs; or break',
    '        set path $path $w',
    '    end',
    '    string join " " $path',
    'end',
    'function __benchwright_subcommands',
    '    switch "$argv[1]"',
  ];
  for (const s of all)
    if (s.subcommands.length)
      lines.push(`        case '${s.path}'`, `            string split ' ' '${q(s.subcommands)}'`);
  lines.push('    end', 'end', 'complete -c benchwright -f');
  for (const s of all) {
    // At the root no subcommand is typed yet: `(__benchwright_path)` would expand to no word at all.
    const when = s.path ? `-n 'test (__benchwright_path) = "${s.path}"'` : "-n '__fish_use_subcommand'";
    if (s.subcommands.length) lines.push(`complete -c benchwright ${when} -x -a '${q(s.subcommands)}'`);
    else if (s.args) lines.push(`complete -c benchwright ${when} ${fishValues(s.args)}`);
    for (const flag of s.options) {
      if (!flag.startsWith('--')) continue;
      const v = s.values.get(flag);
      const takes = s.values.has(flag) ? ` ${fishValues(v)}` : '';
      lines.push(`complete -c benchwright ${when} -l ${flag.slice(2)}${takes}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, program: Command, shipped: Shipped): string {
  const all = specs(program, shipped);
  return shell === 'bash' ? bash(all) : shell === 'zsh' ? zsh(all) : fish(all);
}
