// kube-bench's files as text: one controls file per target and the config.yaml entries
// (component tables, version_mapping, target_mapping). Strings are written quoted (an id
// `1.10` stays "1.10", a compare value `600` stays a string), multi-line audits and
// remediations as literal blocks.
import { Document, isMap, isScalar, isSeq, Scalar, visit } from '../../io/yaml-lib.js';
import type { KubeBenchBenchmark } from '../../model/scanner.js';
import { stampLine, stamp } from '../stamp.js';
import type { ScannerCheck } from './encode.js';

export interface ScannerGroup {
  readonly id: string;
  readonly text: string;
  readonly checks: readonly ScannerCheck[];
}

export interface ControlsFile {
  /** kube-bench's folder name, written as the file's `version`. */
  readonly folder: string;
  readonly target: string;
  readonly id: string;
  readonly text: string;
  readonly groups: readonly ScannerGroup[];
  /** Comment lines at the top (without `#`). */
  readonly header: readonly string[];
}

function yamlText(value: unknown, header: readonly string[]): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      node.type = node.value.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
    },
  });
  // Keys plain, as kube-bench's own files write them.
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key)) pair.key.type = Scalar.PLAIN;
    },
  });
  // Empty maps and lists inline.
  visit(doc, {
    Map(_key, node) {
      if (isMap(node) && !node.items.length) node.flow = true;
    },
    Seq(_key, node) {
      if (isSeq(node) && !node.items.length) node.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0, defaultKeyType: 'PLAIN' });
  return stamp(`${[...header.map((l) => (l ? `# ${l}` : '#')), stampLine].join('\n')}\n---\n${body}`);
}

export function controlsFileText(f: ControlsFile): string {
  return yamlText(
    {
      controls: null,
      version: f.folder,
      id: f.id,
      text: f.text,
      type: f.target,
      groups: f.groups.map((g) => ({ id: g.id, text: g.text, checks: g.checks })),
    },
    f.header,
  );
}

/**
 * The config.yaml entries: each target's components with their binaries and file candidates,
 * the Kubernetes releases that map to this benchmark, and its targets.
 */
export function configText(
  folder: string,
  table: KubeBenchBenchmark,
  releases: readonly string[],
  targets: readonly string[],
  header: readonly string[],
): string {
  const out: Record<string, unknown> = {};
  // Only the targets the table knows: kube-bench's own config leaves some out (federated in the oldest folders).
  for (const t of targets) {
    const entry = Object.hasOwn(table.targets, t) ? table.targets[t] : undefined;
    if (entry) out[t] = { components: entry.components, ...entry.table };
  }
  out.version_mapping = Object.fromEntries(releases.map((r) => [r, folder]));
  out.target_mapping = { [folder]: [...targets] };
  return yamlText(out, header);
}

/** A benchmark folder's own config.yaml: nothing to override, the root holds every entry. */
export function overridesText(header: readonly string[]): string {
  return yamlText({}, header);
}
