// docker-bench folders (cfg/<benchmark>/definitions.yaml + config.yaml): kube-bench's format
// with docker-bench's words, read by the kube-bench importer with the docker-bench dialect.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, parse, parseDocument } from 'yaml';
import { inspect, listFolder, pathType, readInput } from '../../io/read.js';
import { compareVersions } from '../../model/ids.js';
import { inputError } from '../../model/problem.js';
import { dataDir } from '../../paths.js';
import { get } from '../yaml-nodes.js';
import {
  type Dialect,
  type ImportOptions,
  type ImportResult,
  importKubeBench,
  type SourceFile,
} from '../kube-bench/import.js';
import { mergeConfigs } from '../kube-bench/config.js';
import { classifyDocker, defaultVariables } from './classify.js';

interface FolderFacts {
  id?: string;
  version?: string;
  docker?: string[];
  variant?: string;
}

let facts: { folders: Record<string, FolderFacts>; shipped: string[] } | undefined;

/** Reviewed facts about docker-bench folders (data/docker-bench-folders.yaml). */
export function dockerFolderData(): { folders: Record<string, FolderFacts>; shipped: string[] } {
  facts ??= parse(readFileSync(join(dataDir, 'docker-bench-folders.yaml'), 'utf8'), { version: '1.2' }) as {
    folders: Record<string, FolderFacts>;
    shipped: string[];
  };
  return facts;
}

/** `docker-storage: { value: /var/lib/docker }` → docker-storage → /var/lib/docker. */
export function parseDockerConfig(text: string): Map<string, string> {
  const js = (parseDocument(text, { uniqueKeys: false }).toJS() ?? {}) as Record<string, unknown>;
  const vars = new Map(defaultVariables);
  for (const [k, v] of Object.entries(js))
    if (v && typeof v === 'object' && 'value' in v) vars.set(k, String((v as { value: unknown }).value));
  return vars;
}

export function dockerBenchDialect(variables: ReadonlyMap<string, string>): Dialect {
  return {
    format: 'docker-bench',
    textKey: 'description',
    defaultTarget: 'node',
    topicFamily: 'docker',
    classify: (item, ctx) => classifyDocker(item, { audit: ctx.audit, variables }),
    groupTopic(constraints, title) {
      // Section 7 runs only in swarm mode; cis-1.2's section 8 is Docker Enterprise (UCP, DTR).
      // (Controls with a topic of their own keep it: their topics are docker-swarm-… and docker-ee-….)
      if (isMap(constraints) && get(constraints, 'docker-swarm') !== undefined) return 'docker-swarm';
      if (/Enterprise|Universal Control Plane|Trusted Registry/i.test(title)) return 'docker-enterprise';
      return undefined;
    },
    describe(folder) {
      const f = dockerFolderData().folders[folder] ?? {};
      const version = f.version ?? folder.match(/(\d+(?:\.\d+)+)/)?.[1] ?? folder;
      const docker = (f.docker ?? []).map(String).sort(compareVersions);
      return {
        id: f.id ?? `docker-${folder}`,
        title: `CIS Docker Benchmark ${version}`,
        version,
        kubernetes: [],
        ...(docker.length ? { docker } : {}),
        variant: f.variant ?? 'docker',
      };
    },
  };
}

function controlFiles(dir: string, shownAs: string): string[] {
  return listFolder(dir, { shownAs, what: 'a docker-bench benchmark folder' }).filter(
    (f) => /\.ya?ml$/.test(f) && f !== 'config.yaml' && f !== 'config.yml' && pathType(join(dir, f)) === 'file',
  );
}

/** A docker-bench folder: its controls live in definitions.yaml. */
export function isDockerBenchFolder(dir: string): boolean {
  return pathType(dir) === 'folder' && pathType(join(dir, 'definitions.yaml')) === 'file';
}

/** A cfg/ root: sub-folders that are docker-bench benchmark folders. */
export function dockerBenchFolders(root: string): string[] {
  return listFolder(root, { what: 'a docker-bench cfg/ folder' })
    .map((f) => join(root, f))
    .filter(isDockerBenchFolder);
}

export function readDockerBenchFolder(dir: string, options: ImportOptions = {}): ImportResult {
  const shownAs = dir;
  inspect(dir, { shownAs, what: 'a docker-bench benchmark folder (cfg/<benchmark>)' });
  const names = controlFiles(dir, shownAs);
  if (!names.length)
    throw inputError(dir, 'no docker-bench controls file here, expected definitions.yaml with groups of checks');
  const folder = basename(dir);
  const configPath = join(dir, 'config.yaml');
  const variables =
    pathType(configPath) === 'file'
      ? parseDockerConfig(readInput(configPath, { kind: 'kube-bench file', within: dir }))
      : new Map(defaultVariables);
  const files: SourceFile[] = names.map((n) => ({
    path: join(dir, n),
    name: `${folder}/${n}`,
    text: readInput(join(dir, n), { kind: 'kube-bench file', within: dir }),
  }));
  return importKubeBench(folder, files, mergeConfigs([]), {
    sourcePath: folder,
    ...options,
    dialect: dockerBenchDialect(variables),
  });
}
