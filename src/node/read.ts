// Reading a node bundle folder: the index through the input boundary, then the copy
// of the node's files. Nothing is read outside the folder: symbolic links are resolved
// in the node's own namespace (an absolute target is a path of the node, as on the node
// itself) and never followed by the operating system; a link whose target the bundle
// does not hold, or that climbs out of the folder, becomes a warning that checks
// reading it report.
import { lstatSync, readlinkSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { inspect, listFolder, readInput, readInputBytes, sizeLimits } from '../io/read.js';
import { InputError, inputError, type Problem } from '../model/problem.js';
import { type NodeBundle, type NodeEntry, type NodeProcess, normalizeMode, normalizePath } from './bundle.js';
import { splitCommand } from './command-line.js';
import { type ApiObject, indexFileName, NodeIndex } from './schema.js';
import { lineOf, parseYaml } from './yaml-input.js';
import { readTar, TarError, tarLimits } from './tar.js';

/** Generous for a node's configuration, small enough never to stall on a copied etcd data directory. */
const maxEntries = 20_000;
const maxDepth = 32;

const what = "a node bundle (a folder mirroring the node's files, with node-bundle.yaml)";

export function readBundle(dir: string, options: { shownAs?: string } = {}): NodeBundle {
  const shown = options.shownAs ?? dir;
  const st = inspect(dir, { shownAs: shown, what });
  if (!st.isDirectory()) return readTarBundle(dir, shown);
  const indexPath = join(dir, indexFileName);
  const indexShown = posix.join(shown.split(sep).join('/'), indexFileName);
  let text: string;
  try {
    text = readInput(indexPath, { kind: 'node index', within: dir, shownAs: indexShown });
  } catch (e) {
    if (e instanceof InputError && /no such file/.test(e.message))
      throw inputError(
        shown,
        `no ${indexFileName} in this folder, expected ${what}; 'benchwright node kubeadm --release 1.NN --out DIR' writes one`,
      );
    throw e;
  }
  const warnings: Problem[] = [];
  const entries = new Map<string, NodeEntry>();
  walk(dir, dir, shown, '', 0, entries, warnings);
  return assemble(text, indexShown, shown, entries, warnings);
}

/** A bundle tarball (what `node capture-script` writes), read in memory: nothing is extracted. */
function readTarBundle(file: string, shown: string): NodeBundle {
  const bytes = readInputBytes(file, { kind: 'node index', shownAs: shown, maxBytes: tarLimits.archive });
  let tar: ReturnType<typeof readTar>;
  try {
    tar = readTar(bytes);
  } catch (e) {
    if (e instanceof TarError) throw inputError(shown, `${e.message}, expected ${what} or a tarball of one`);
    throw e;
  }
  const warnings: Problem[] = tar.refused.map((r) => ({ file: shown, severity: 'warning' as const, message: r }));
  // The archive holds one bundle: at its top, or in one folder (`tar -cf b.tar bundle-cp-1`).
  const index = tar.members.find(
    (m) =>
      m.type === 'file' && posix.basename(m.path) === indexFileName && !m.path.includes('/', m.path.indexOf('/') + 1),
  );
  if (!index?.data) throw inputError(shown, `no ${indexFileName} in this archive, expected a tarball of ${what}`);
  const base = posix.dirname(index.path) === '.' ? '' : `${posix.dirname(index.path)}/`;
  const entries = new Map<string, NodeEntry>();
  for (const m of tar.members) {
    if (!m.path.startsWith(base) || m.path === index.path || m.path === '.' || `${m.path}/` === base) continue;
    const rel = m.path.slice(base.length);
    const nodePath = normalizePath(rel);
    const shownAs = `${shown}:${m.path}`;
    if (entries.size >= maxEntries) {
      warnings.push({
        file: shown,
        severity: 'warning',
        message: `more than ${maxEntries} files, expected a node's configuration (the rest is not read)`,
      });
      break;
    }
    if (m.type === 'folder') entries.set(nodePath, { path: nodePath, type: 'folder', shownAs });
    else if (m.type === 'symlink') {
      const t = m.target ?? '';
      const viaRoot = t.startsWith('/') ? t : posix.join(posix.dirname(nodePath), t);
      if (!t.startsWith('/') && posix.normalize(`.${viaRoot}`).startsWith('..')) {
        const problem = `symbolic link to ${t} leads outside the bundle, expected a link to a file of the bundle`;
        warnings.push({ file: shownAs, severity: 'warning', message: problem });
        entries.set(nodePath, unreadable(nodePath, shownAs, problem));
      } else entries.set(nodePath, { path: nodePath, type: 'symlink', target: normalizePath(viaRoot), shownAs });
    } else {
      const data = m.data ?? Buffer.alloc(0);
      entries.set(nodePath, {
        path: nodePath,
        type: 'file',
        shownAs,
        read: () => {
          if (data.length > sizeLimits['node file'])
            throw inputError(shownAs, `larger than ${sizeLimits['node file']} bytes, expected a node's config file`);
          if (data.includes(0)) throw inputError(shownAs, 'is not text (NUL bytes), expected a node config file');
          return data.toString('utf8');
        },
      });
    }
  }
  return assemble(index.data.toString('utf8'), `${shown}:${index.path}`, shown, entries, warnings);
}

/** The index's modes, owners, processes and objects over the copy of the node's files. */
function assemble(
  text: string,
  indexShown: string,
  shown: string,
  entries: Map<string, NodeEntry>,
  warnings: Problem[],
): NodeBundle {
  const parsed = parseYaml(text, indexShown, NodeIndex);
  if (!parsed.value) throw new InputError(parsed.problems);
  const index = parsed.value;

  // The index's modes and owners, over the copy (or alone, for files the bundle does not copy).
  const listed = parsed.doc.get('files', true) as { items?: unknown[] } | undefined;
  (index.files ?? []).forEach((f, i) => {
    const path = normalizePath(f.path);
    const line = lineOf(listed?.items?.[i], parsed.lines).line;
    const type =
      f.type === 'd' || f.type === 'folder'
        ? 'folder'
        : f.type === 'l' || f.type === 'symlink'
          ? 'symlink'
          : f.type
            ? 'file'
            : undefined;
    const copy = entries.get(path);
    if (copy && type && copy.type !== type && copy.type !== 'symlink')
      warnings.push({
        file: indexShown,
        line,
        col: 1,
        severity: 'warning',
        message: `${path} is listed as a ${type} but the bundle holds a ${copy.type}, expected the same kind`,
      });
    entries.set(path, {
      ...(copy ?? { path, type: type ?? 'file', shownAs: `${indexShown}:${line}` }),
      ...(f.mode !== undefined ? { mode: normalizeMode(f.mode) } : {}),
      ...(f.owner !== undefined ? { owner: f.owner } : {}),
      ...(f.group !== undefined ? { group: f.group } : {}),
      ...(type === 'symlink' && f.target !== undefined && !copy
        ? { target: f.target.startsWith('/') ? normalizePath(f.target) : f.target }
        : {}),
      indexLine: line,
    });
  });

  const procs = parsed.doc.get('processes', true) as { items?: unknown[] } | undefined;
  const processes: NodeProcess[] | undefined = index.processes?.map((p, i) => ({
    argv: splitCommand(p.command),
    command: p.command,
    ...(p.environment ? { environment: p.environment } : {}),
    source: { file: indexShown, line: lineOf(procs?.items?.[i], parsed.lines).line },
  }));
  const objects = index.objects ? flattenLists(index.objects) : undefined;
  return {
    name: shown,
    ...(index.node?.release ? { release: index.node.release } : {}),
    ...(index.node?.installer ? { installer: index.node.installer } : {}),
    ...(index.node?.name ? { nodeName: index.node.name } : {}),
    entries,
    ...(processes ? { processes } : {}),
    ...(objects ? { objects } : {}),
    warnings,
  };
}

/** `kubectl get … -o yaml` of several objects prints a List: read its items. */
function flattenLists(objects: readonly ApiObject[]): ApiObject[] {
  return objects.flatMap((o) =>
    o.kind === 'List' && Array.isArray((o as { items?: unknown }).items)
      ? flattenLists((o as unknown as { items: ApiObject[] }).items)
      : [o],
  );
}

function walk(
  root: string,
  dir: string,
  shown: string,
  rel: string,
  depth: number,
  entries: Map<string, NodeEntry>,
  warnings: Problem[],
): void {
  const names = listFolder(dir, { shownAs: rel ? `${shown}/${rel}` : shown, within: root, what: 'a folder' });
  for (const name of names) {
    if (!rel && name === indexFileName) continue;
    const host = join(dir, name);
    const nodeRel = rel ? `${rel}/${name}` : name;
    const nodePath = normalizePath(nodeRel);
    const shownAs = `${shown}/${nodeRel}`;
    if (entries.size >= maxEntries) {
      warnings.push({
        file: shown,
        severity: 'warning',
        message: `more than ${maxEntries} files, expected a node's configuration (the rest is not read)`,
      });
      return;
    }
    let link: ReturnType<typeof lstatSync>;
    try {
      link = lstatSync(host);
    } catch (e) {
      warnings.push({ file: shownAs, severity: 'warning', message: `cannot be read (${(e as Error).message})` });
      continue;
    }
    if (link.isSymbolicLink()) {
      const target = readlinkSync(host);
      const viaHost = target.startsWith('/') ? undefined : resolve(dir, target);
      if (viaHost !== undefined && !isInside(root, viaHost)) {
        const problem = `symbolic link to ${target} leads outside the bundle, expected a link to a file of the bundle`;
        warnings.push({ file: shownAs, severity: 'warning', message: problem });
        entries.set(nodePath, unreadable(nodePath, shownAs, problem));
        continue;
      }
      const nodeTarget = target.startsWith('/')
        ? normalizePath(target)
        : normalizePath(posix.join(posix.dirname(nodePath), target));
      entries.set(nodePath, { path: nodePath, type: 'symlink', target: nodeTarget, shownAs });
      continue;
    }
    if (link.isDirectory()) {
      entries.set(nodePath, { path: nodePath, type: 'folder', shownAs });
      if (depth < maxDepth) walk(root, host, shown, nodeRel, depth + 1, entries, warnings);
      continue;
    }
    if (!link.isFile()) {
      const problem = 'is not a regular file (a FIFO, socket or device), expected a copy of a node file';
      warnings.push({ file: shownAs, severity: 'warning', message: problem });
      entries.set(nodePath, unreadable(nodePath, shownAs, problem));
      continue;
    }
    entries.set(nodePath, {
      path: nodePath,
      type: 'file',
      shownAs,
      read: () => readInput(host, { kind: 'node file', within: root, shownAs }),
    });
  }
}

function unreadable(path: string, shownAs: string, problem: string): NodeEntry {
  return {
    path,
    type: 'file',
    shownAs,
    read: () => {
      throw inputError(shownAs, problem);
    },
  };
}

function isInside(root: string, p: string): boolean {
  const r = relative(resolve(root), p);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !r.startsWith(sep));
}
