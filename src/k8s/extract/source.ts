// Kubernetes' own feature-gate definitions (Go source) → per gate its VersionedSpecs: for each
// minor version where the gate's state changed, its stage, default and LockToDefault. The
// corpus keeps copies of kubernetes/kubernetes files under `source/<anchor commit>/<path>`
// (pkg/features and the staging packages that define gates of their own); each anchor is a
// state of master during one release's development, not a release tag (source/SOURCE.md).
//
// Read as text, not compiled: a Go identifier is mapped to the name users pass to
// --feature-gates through its declaration (`X featuregate.Feature = "Name"`,
// `X = featuregate.Feature("Name")`, an untyped `X = "Name"` in the const block), and a key
// with a package prefix (`genericfeatures.X`) is resolved in that package's file.
import { join } from 'node:path';
import { isPresent, listFolder, pathType, readInput } from '../../io/read.js';
import { compareVersions } from '../../model/ids.js';
import type { GateStage } from './gates.js';

export interface SourceSpec {
  /** The minor version the state begins ("1.29"). */
  readonly version: string;
  readonly stage: GateStage;
  readonly default: boolean;
  readonly locked: boolean;
  /** Where the spec is written: path under the anchor folder, 1-based line. */
  readonly file: string;
  readonly line: number;
}

export interface SourceGate {
  /** The name users pass to --feature-gates. */
  readonly name: string;
  /** The Go identifier it is declared as, where that differs from the name. */
  readonly ident?: string;
  /** Oldest first. */
  readonly specs: SourceSpec[];
}

export interface SourceAnchor {
  /** The anchor commit (the folder's name: its first 12 hex digits). */
  readonly commit: string;
  /** The release line it belongs to: the highest version any spec names. */
  readonly line: string;
  readonly gates: Map<string, SourceGate>;
}

/** Package alias → the staging path whose kube_features.go defines it. */
const packages: Record<string, string> = {
  genericfeatures: 'staging/src/k8s.io/apiserver/pkg/features',
  apiextensionsfeatures: 'staging/src/k8s.io/apiextensions-apiserver/pkg/features',
  kcmfeatures: 'staging/src/k8s.io/controller-manager/pkg/features',
};
const ownPackage = 'pkg/features';

const stageWords: Record<string, GateStage> = { Alpha: 'alpha', Beta: 'beta', GA: 'ga', Deprecated: 'deprecated' };

export interface GoFile {
  /** Path under the anchor folder (pkg/features/kube_features.go). */
  readonly path: string;
  readonly text: string;
}

/** Identifier → gate name, from a file's declarations. */
export function gateNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const decl =
    /^\s*([A-Z][A-Za-z0-9_]*)\s*(?:featuregate\.Feature\s*=\s*"([^"]+)"|=\s*featuregate\.Feature\("([^"]+)"\))/gm;
  for (const m of text.matchAll(decl)) out.set(m[1], m[2] ?? m[3]);
  // Untyped constants inside a const block ("X = "X""): only there, where a feature is declared.
  for (const block of text.matchAll(/^const \(\n([\s\S]*?)^\)/gm))
    for (const m of block[1].matchAll(/^\s*([A-Z][A-Za-z0-9_]*)\s*=\s*"([A-Za-z][A-Za-z0-9]*)"\s*$/gm))
      if (!out.has(m[1])) out.set(m[1], m[2]);
  return out;
}

interface RawSpecs {
  readonly pkg: string | undefined;
  readonly ident: string;
  readonly specs: SourceSpec[];
}

/**
 * The entries of every `map[featuregate.Feature]featuregate.VersionedSpecs` a file declares,
 * except test-only registries (`testOnly…`, registered on a gate set users never see).
 */
export function versionedSpecs(file: GoFile): RawSpecs[] {
  const out: RawSpecs[] = [];
  const lines = file.text.split('\n');
  let inMap = false;
  let current: RawSpecs | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inMap) {
      const m = line.match(/^var\s+(\w+)\s*=\s*map\[featuregate\.Feature\]featuregate\.VersionedSpecs\{/);
      if (m && !/^testOnly/.test(m[1])) inMap = true;
      continue;
    }
    if (/^\}/.test(line)) {
      inMap = false;
      current = undefined;
      continue;
    }
    const key = line.match(/^\s*(?:(\w+)\.)?([A-Z]\w*):\s*\{\s*$/);
    if (key) {
      current = { pkg: key[1], ident: key[2], specs: [] };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const entry = line.match(/^\s*\{(.*)\},?\s*(\/\/.*)?$/);
    if (!entry || !/\bVersion:/.test(entry[1])) continue;
    const body = entry[1];
    const version = body.match(/\bVersion:\s*version\.MustParse\("(\d+\.\d+)(?:\.\d+)?"\)/)?.[1];
    const stage = stageWords[body.match(/\bPreRelease:\s*featuregate\.(\w+)/)?.[1] ?? ''];
    const def = body.match(/\bDefault:\s*(true|false)\b/)?.[1];
    if (!version || !stage || !def) continue;
    current.specs.push({
      version,
      stage,
      default: def === 'true',
      locked: /\bLockToDefault:\s*true\b/.test(body),
      file: file.path,
      line: i + 1,
    });
  }
  return out;
}

/** One anchor's gates: every file's specs, identifiers resolved to gate names. */
export function anchorGates(commit: string, files: readonly GoFile[]): SourceAnchor {
  const dirOf = (p: string): string => p.replace(/\/[^/]+$/, '');
  const namesByDir = new Map<string, Map<string, string>>();
  for (const f of files) {
    const names = namesByDir.get(dirOf(f.path)) ?? new Map<string, string>();
    for (const [k, v] of gateNames(f.text)) names.set(k, v);
    namesByDir.set(dirOf(f.path), names);
  }
  const gates = new Map<string, SourceGate>();
  let line = '0.0';
  // pkg/features relists the staging packages' gates with the same specs; the staging file is
  // where they are defined, so it is read first and wins.
  const ordered = [...files].sort(
    (a, b) => Number(a.path.startsWith(ownPackage)) - Number(b.path.startsWith(ownPackage)),
  );
  for (const f of ordered) {
    for (const raw of versionedSpecs(f)) {
      const dir = raw.pkg ? packages[raw.pkg] : dirOf(f.path);
      const name =
        (dir ? namesByDir.get(dir)?.get(raw.ident) : undefined) ??
        namesByDir.get(ownPackage)?.get(raw.ident) ??
        raw.ident;
      if (gates.has(name) || !raw.specs.length) continue;
      const specs = [...raw.specs].sort((a, b) => compareVersions(a.version, b.version));
      for (const s of specs) if (compareVersions(s.version, line) > 0) line = s.version;
      gates.set(name, { name, ...(raw.ident !== name ? { ident: raw.ident } : {}), specs });
    }
  }
  return { commit, line, gates };
}

/** The spec in effect at `release`: the last one begun by then (none: the gate did not exist yet). */
export function specAt(gate: SourceGate, release: string): SourceSpec | undefined {
  let hit: SourceSpec | undefined;
  for (const s of gate.specs) if (compareVersions(s.version, release) <= 0) hit = s;
  return hit;
}

/** Every anchor under `<corpus>/source/`, oldest release line first; none when the folder is absent. */
export function readSourceAnchors(k8sDir: string): SourceAnchor[] {
  const root = join(k8sDir, 'source');
  if (!isPresent(root)) return [];
  const out: SourceAnchor[] = [];
  for (const commit of listFolder(root, { what: 'a corpus folder' })) {
    if (!/^[0-9a-f]{7,40}$/.test(commit) || pathType(join(root, commit)) !== 'folder') continue;
    const files: GoFile[] = [];
    const walk = (rel: string): void => {
      const dir = join(root, commit, rel);
      for (const entry of listFolder(dir, { what: 'a corpus folder' })) {
        const path = rel ? `${rel}/${entry}` : entry;
        const full = join(root, commit, path);
        const type = pathType(full);
        if (type === 'folder') walk(path);
        else if (type === 'file' && entry.endsWith('.go'))
          files.push({ path, text: readInput(full, { kind: 'docs page' }) });
      }
    };
    walk('');
    if (files.length) out.push(anchorGates(commit, files));
  }
  return out.sort((a, b) => compareVersions(a.line, b.line));
}
