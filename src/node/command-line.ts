// Command lines: split as `ps` prints them, told apart by component, and their flags
// read the way pflag reads them.
import type { Component } from '../model/check.js';
import type { Source } from './bundle.js';

/** `ps -eo args` joins argv with spaces and quotes nothing: split on whitespace. */
export function splitCommand(command: string): string[] {
  return command.trim().split(/\s+/).filter(Boolean);
}

const binaries: ReadonlyArray<[string, Component]> = [
  ['kube-apiserver', 'kube-apiserver'],
  ['kube-controller-manager', 'kube-controller-manager'],
  ['kube-scheduler', 'kube-scheduler'],
  ['kubelet', 'kubelet'],
  ['kube-proxy', 'kube-proxy'],
  ['etcd', 'etcd'],
];

/** The component a process runs, from its binary (`/usr/bin/kubelet`, `hyperkube kube-apiserver`). */
export function componentOf(argv: readonly string[]): Component | undefined {
  const base = (s: string | undefined) => (s ?? '').split('/').pop() ?? '';
  let name = base(argv[0]);
  if (name === 'hyperkube') name = base(argv[1]);
  for (const [bin, c] of binaries) if (name === bin) return c;
  // hyperkube's short names (apiserver, controller-manager, scheduler, proxy).
  for (const [bin, c] of binaries) if (`kube-${name}` === bin) return c;
  return undefined;
}

export interface FlagValue {
  readonly value: string;
  /** The argument's position on the command line (0 = the binary). */
  readonly index: number;
  readonly source?: Source;
}

/**
 * Flags as pflag reads them: `--name=value`, `--name value` for non-boolean flags, a bare
 * `--name` for booleans. The last occurrence wins. `isBool` says which flags take no value.
 */
export function parseFlags(
  argv: readonly string[],
  isBool: (name: string) => boolean,
  sources?: ReadonlyArray<Source | undefined>,
): Map<string, FlagValue> {
  const out = new Map<string, FlagValue>();
  const start = componentOf(argv) && argv[0]?.endsWith('hyperkube') ? 2 : 1;
  for (let i = start; i < argv.length; i++) {
    const a = argv[i];
    const m = a.match(/^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s);
    if (!m) continue;
    const name = m[1];
    const source = sources?.[i];
    if (m[2] !== undefined) out.set(name, { value: m[2], index: i, ...(source ? { source } : {}) });
    else if (!isBool(name) && i + 1 < argv.length && !argv[i + 1].startsWith('-')) {
      out.set(name, { value: argv[i + 1], index: i, ...(source ? { source } : {}) });
      i++;
    } else out.set(name, { value: 'true', index: i, ...(source ? { source } : {}) });
  }
  return out;
}

/** `A=true,B=false` (a --feature-gates value) → map. */
export function parseGateList(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(',')) {
    const [k, v] = part.split('=');
    if (k?.trim()) out.set(k.trim(), (v ?? 'true').trim());
  }
  return out;
}
