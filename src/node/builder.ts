// Building a node in memory (reference nodes, test cases), and the index it is written with.
import { compareText } from '../model/ids.js';
import { type NodeBundle, type NodeEntry, normalizeMode, normalizePath, rememberData } from './bundle.js';
import { processesOf } from './processes.js';
import { indexApiVersion } from './bundle.js';
import type { ApiObject, NodeIndex } from './schema.js';

export interface BuiltFile {
  readonly type: NodeEntry['type'];
  readonly mode?: string;
  readonly owner?: string;
  readonly group?: string;
  /** Present when the bundle holds a copy of the file. */
  readonly text?: string;
  readonly target?: string;
}

export class NodeBuilder {
  readonly files = new Map<string, BuiltFile>();
  readonly objects: ApiObject[] = [];
  constructor(
    readonly owner = 'root',
    readonly group = 'root',
  ) {}

  file(path: string, mode: string, text?: string, data?: unknown): this {
    if (text !== undefined && data !== undefined) rememberData(text, data);
    this.files.set(normalizePath(path), {
      type: 'file',
      mode,
      owner: this.owner,
      group: this.group,
      ...(text !== undefined ? { text } : {}),
    });
    return this;
  }

  folder(path: string, mode: string): this {
    this.files.set(normalizePath(path), { type: 'folder', mode, owner: this.owner, group: this.group });
    return this;
  }

  link(path: string, target: string): this {
    this.files.set(normalizePath(path), { type: 'symlink', target, owner: this.owner, group: this.group });
    return this;
  }

  build(meta: { name: string; release?: string; installer?: string; nodeName?: string }): NodeBundle {
    return toBundle(this.files, this.objects, meta);
  }
}

export function toBundle(
  files: ReadonlyMap<string, BuiltFile>,
  objects: readonly ApiObject[],
  meta: { name: string; release?: string; installer?: string; nodeName?: string },
  processes?: NodeBundle['processes'],
): NodeBundle {
  const entries = new Map<string, NodeEntry>();
  for (const [path, f] of files) {
    const text = f.text;
    entries.set(path, {
      path,
      type: f.type,
      ...(f.mode !== undefined ? { mode: normalizeMode(f.mode) } : {}),
      ...(f.owner !== undefined ? { owner: f.owner } : {}),
      ...(f.group !== undefined ? { group: f.group } : {}),
      ...(f.target !== undefined ? { target: f.target } : {}),
      ...(text !== undefined ? { read: () => text } : {}),
      shownAs: path.slice(1),
    });
  }
  return {
    name: meta.name,
    ...(meta.release ? { release: meta.release } : {}),
    ...(meta.installer ? { installer: meta.installer } : {}),
    ...(meta.nodeName ? { nodeName: meta.nodeName } : {}),
    entries,
    ...(processes ? { processes } : {}),
    objects: [...objects],
    warnings: [],
  };
}

/** The index a written bundle carries: every entry's mode and owner, the processes as ps shows them, the objects. */
export function indexOf(bundle: NodeBundle): NodeIndex {
  const files = [...bundle.entries.values()]
    .sort((a, b) => compareText(a.path, b.path))
    .map((e) => ({
      path: e.path,
      type: e.type,
      ...(e.mode !== undefined ? { mode: e.mode.padStart(4, '0') } : {}),
      ...(e.owner !== undefined ? { owner: e.owner } : {}),
      ...(e.group !== undefined ? { group: e.group } : {}),
      ...(e.target !== undefined ? { target: e.target } : {}),
    }));
  const processes = processesOf(bundle).processes.map((p) => ({
    command: p.command,
    ...(p.environment ? { environment: { ...p.environment } } : {}),
  }));
  return {
    apiVersion: indexApiVersion,
    kind: 'NodeBundle',
    node: {
      ...(bundle.nodeName ? { name: bundle.nodeName } : {}),
      ...(bundle.release ? { release: bundle.release } : {}),
      ...(bundle.installer ? { installer: bundle.installer } : {}),
    },
    files,
    processes,
    ...(bundle.objects?.length ? { objects: [...bundle.objects] } : {}),
  };
}
