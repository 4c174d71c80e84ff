// Commander's own errors (unknown option, missing argument, too many arguments, unknown command)
// in the README's one-line form, `what: problem, expected …`, and the examples every `--help` ends with.
import type { Command } from 'commander';
import { alternatives } from './options.js';

/** `benchwright check`, `benchwright releases show`. */
export function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/** `benchwright check <benchmark> [options]`. */
function usageOf(c: Command): string {
  return `${commandPath(c)} ${c.usage()}`.trim();
}

/** `--format` for `--format <format>`, `--installer` for `--installer <name>`. */
function optionWords(c: Command): string[] {
  return c.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? o.flags);
}

/** commander's `(Did you mean --format?)` as ` (did you mean --format?)`. */
function suggestion(message: string): string {
  const m = /\(Did you mean (?:one of )?(.+?)\?\)/.exec(message);
  return m ? ` (did you mean ${m[1]}?)` : '';
}

/** One line for a commander error raised by `command` (code and message as commander gives them). */
export function commanderLine(command: Command, code: string, message: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'commander.unknownOption':
      return (
        `${quoted}: unknown option of ${commandPath(command)}, expected ${alternatives(optionWords(command))}` +
        suggestion(message)
      );
    case 'commander.unknownCommand':
      return (
        `${quoted}: unknown command, expected ${alternatives(command.commands.map((c) => c.name()))}` +
        suggestion(message)
      );
    case 'commander.missingArgument':
      return `<${quoted}>: missing, expected ${usageOf(command)}`;
    case 'commander.optionMissingArgument': {
      const [flag, ...value] = quoted.split(' ');
      return `${flag}: missing value, expected ${flag} ${value.join(' ')}`.trimEnd();
    }
    case 'commander.missingMandatoryOptionValue': {
      const [flag, ...value] = quoted.split(' ');
      return `${flag}: required, expected ${flag} ${value.join(' ')} (${usageOf(command)})`;
    }
    case 'commander.excessArguments': {
      const extra = command.args.slice(command.registeredArguments.length);
      return `${extra.join(' ')}: unexpected argument${extra.length > 1 ? 's' : ''}, expected ${usageOf(command)}`;
    }
    default:
      return `${commandPath(command)}: ${message.replace(/^error: /, '').trim()}`;
  }
}

/**
 * Examples by command path (after `benchwright`), shown at the end of each `--help`. Every one
 * runs as written on the shipped data (test/cli-usage.test.ts runs them).
 */
export const examples: Record<string, readonly string[]> = {
  '': ['benchwright list', 'benchwright check cis-1.12 --release 1.34 --installer kubeadm', 'benchwright check --help'],
  import: ['benchwright import kube-bench cfg/cis-1.10 --out cis-1.10.yaml'],
  'import kube-bench': [
    'benchwright import kube-bench cfg/cis-1.10 --out cis-1.10.yaml',
    'benchwright import kube-bench cfg --out-dir benchmarks --facts-only',
  ],
  'import docker-bench': ['benchwright import docker-bench cfg/cis-1.6.0 --out docker-cis-1.6.0.yaml'],
  validate: ['benchwright validate my-draft.yaml'],
  list: ['benchwright list', 'benchwright list --format json'],
  show: ['benchwright show cis-1.12', 'benchwright show cis-1.4 --control 2.1.10 --format json'],
  releases: ['benchwright releases list', 'benchwright releases show 1.34 --component kubelet --flag read-only-port'],
  'releases list': ['benchwright releases list --format json'],
  'releases show': [
    'benchwright releases show 1.34 --component kubelet',
    'benchwright releases show 1.34 --gate AnonymousAuthConfigurableEndpoints',
  ],
  'releases build': ['benchwright releases build --corpus ../shared/fixtures --release 1.34 --out snapshots'],
  'releases diff': ['benchwright releases diff 1.33 1.34', 'benchwright releases diff 1.19 1.25 --component kubelet'],
  check: [
    'benchwright check cis-1.12 --release 1.34 --installer kubeadm',
    'benchwright check cis-1.12 --release 1.30..1.34 --format sarif > benchwright.sarif',
    'benchwright check --release 1.33,1.34 my-draft.yaml --fail-on removed,conflict',
  ],
  matrix: ['benchwright matrix --releases 1.30..1.34', 'benchwright matrix --benchmarks cis-1.11 cis-1.12 --all'],
  report: ['benchwright report --out site --installer kubeadm', 'benchwright report --out site --releases 1.30..1.34'],
  diff: ['benchwright diff cis-1.11 cis-1.12', 'benchwright diff cis-1.12 my-draft.yaml --format markdown'],
  lineage: ['benchwright lineage cis-1.4:2.1.10', 'benchwright lineage --all --format json --out lineage.json'],
  propose: [
    'benchwright propose cis-1.4 --installer kubeadm',
    'benchwright propose cis-1.12 --release 1.34 --control 1.2.1 --out proposals-1.34',
  ],
  draft: ['benchwright draft cis-1.12 --release 1.34 --installer kubeadm --version 1.13 --out cis-1.13.yaml'],
  review: ['benchwright review cis-1.12 cis-1.13.yaml --release 1.34 --installer kubeadm'],
  export: ['benchwright export kube-bench cis-1.12 --out cfg'],
  node: ['benchwright node kubeadm --release 1.34 --out nodes/kubeadm-1.34'],
  'node kubeadm': [
    'benchwright node kubeadm --release 1.34 --out nodes/kubeadm-1.34',
    'benchwright node kubeadm --release 1.13 --config kubeadm.yaml --out nodes/hardened-1.13',
  ],
  'node generic': ['benchwright node generic --release 1.34 --out nodes/generic-1.34'],
  'node capture': [
    'benchwright node capture --out bundle-$(hostname)',
    'benchwright node capture --root /mnt/node-image --proc /mnt/node-image/proc --out bundle-image --release 1.34',
  ],
  'node capture-script': [
    'benchwright node capture-script > capture.sh',
    'benchwright node capture-script --manifest > capture-daemonset.yaml',
  ],
  evaluate: [
    'benchwright evaluate cis-1.12 --node kubeadm@1.34 --compare',
    'benchwright evaluate cis-1.10 --node nodes/kubeadm-1.31 --semantics kube-bench --format json',
  ],
  test: ['benchwright test cis-1.12', 'benchwright test cis-1.4 --control 2.1.10'],
  start: ['benchwright start'],
  completion: [
    'benchwright completion bash > ~/.local/share/bash-completion/completions/benchwright',
    'benchwright completion zsh > ~/.zfunc/_benchwright   # with fpath+=(~/.zfunc) in ~/.zshrc',
    'benchwright completion fish > ~/.config/fish/completions/benchwright.fish',
  ],
};

/** `Examples:` and the lines, as the end of a command's help. */
export function examplesHelp(path: string): string | undefined {
  const xs = examples[path];
  return xs?.length ? `\nExamples:\n${xs.map((x) => `  ${x}`).join('\n')}\n` : undefined;
}
