// Options may come before or after the positional arguments. Commander's variadic options
// (`--release <version...>`) take every following word up to the next option, so
// `check --release 1.34 cis-1.12` would lose its benchmark. Before parsing, each variadic option's
// words are rewritten as `--release=1.34` (one per value: commander adds them up and takes no more
// words after the `=` form), and a list ends at the first word that is not of the option's kind.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { looksLikeReleases } from './options.js';

/** What the values of a variadic option look like, by option name; unnamed ones take every word. */
const kinds: Record<string, (word: string, cwd: string) => boolean> = {
  release: looksLikeReleases,
  releases: looksLikeReleases,
  // Control ids: 1.2.3, 4.2.a, 5.1 (never a benchmark id such as cis-1.12 or a path).
  control: (w) => /^\d+(?:\.[0-9A-Za-z]+)*$/.test(w),
  // Nodes: a reference node, a bundle tarball, or a bundle folder (it holds node-bundle.yaml); a
  // benchmark (cis-1.12, a YAML file, a kube-bench folder) is none of these.
  node: (w, cwd) =>
    /^(kubeadm|generic)@/.test(w) || /\.(tar|tar\.gz|tgz)$/.test(w) || existsSync(resolve(cwd, w, 'node-bundle.yaml')),
};

/** The command argv runs (program options and subcommand names walked), with the index after its name. */
function leafCommand(program: Command, argv: readonly string[]): { command: Command; from: number } {
  let command = program;
  let i = 0;
  for (; i < argv.length && command.commands.length; i++) {
    const word = argv[i];
    if (word.startsWith('-')) continue; // program options (--debug, -V) before the command
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
  }
  return { command, from: i };
}

/** argv with each variadic option's values spelt `--option=value`, positionals left in place. */
export function spreadVariadicOptions(program: Command, argv: readonly string[], cwd: string): string[] {
  const { command, from } = leafCommand(program, argv);
  const variadic = new Map<string, Option>();
  for (const o of command.options) if (o.variadic && o.long) variadic.set(o.long, o);
  if (!variadic.size) return [...argv];
  const out = argv.slice(0, from);
  for (let i = from; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const option = variadic.get(word);
    if (!option) {
      out.push(word);
      continue;
    }
    const takes = kinds[option.attributeName()] ?? (() => true);
    // The first value is the option's own, whatever it looks like (an error names it if wrong).
    let n = 0;
    while (i + 1 < argv.length && !argv[i + 1].startsWith('-') && (n === 0 || takes(argv[i + 1], cwd))) {
      out.push(`${word}=${argv[++i]}`);
      n++;
    }
    if (n === 0) out.push(word); // commander reports the missing value
  }
  return out;
}
