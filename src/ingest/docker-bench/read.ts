// docker-bench folders (cfg/<benchmark>/definitions.yaml + config.yaml): kube-bench's format
// with docker-bench's words, read by the kube-bench importer with the docker-bench dialect.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isMap, parse } from '../../io/yaml-lib.js';
import { parseYaml } from '../../io/yaml.js';
import { inspect, isPresent, listFolder, pathType, readInput } from '../../io/read.js';
import { compareVersions } from '../../model/ids.js';
import { inputError, type Problem } from '../../model/problem.js';
import { own } from '../../model/own.js';
import { dataDir } from '../../paths.js';
import { get, keyOf, pairs, text as text_ } from '../yaml-nodes.js';
import { type Dialect, type ImportResult, importKubeBench, type SourceFile } from '../kube-bench/import.js';
import { mergeConfigs } from '../kube-bench/config.js';
import { checkedImport, type ReadOptions } from '../kube-bench/read.js';
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

/**
 * `docker-storage: { value: /var/lib/docker }` → docker-storage → /var/lib/docker. Parsed through
 * the YAML boundary (depth, tags, aliases checked; an alias is never expanded).
 */
export function parseDockerConfig(text: string, file: string): { variables: Map<string, string>; problems: Problem[] } {
  const vars = new Map(defaultVariables);
  const { doc, problems } = parseYaml(text, file, { uniqueKeys: false });
  if (!doc || problems.some((p) => p.severity === 'error')) return { variables: vars, problems };
  for (const p of pairs(doc.contents)) {
    const value = text_(get(p.value, 'value'));
    if (value !== undefined) vars.set(keyOf(p), value);
  }
  return { variables: vars, problems };
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
      const f = own(dockerFolderData().folders, folder) ?? {};
      const version = f.version ?? folder.match(/(\d+(?:\.\d+)+)/)?.[1] ?? folder;
      const docker = (f.docker ?? []).map(String).sort(compareVersions);
      return {
        id: dockerBenchmarkIdOf(folder),
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

/** The id a docker-bench folder imports as (known before reading it, to check output targets first). */
export function dockerBenchmarkIdOf(folder: string): string {
  return own(dockerFolderData().folders, folder)?.id ?? `docker-${folder}`;
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

export function readDockerBenchFolder(dir: string, options: ReadOptions = {}): ImportResult {
  const { shownAs = dir, within, ...importOptions } = options;
  inspect(dir, { shownAs, within, what: 'a docker-bench benchmark folder (cfg/<benchmark>)' });
  const names = controlFiles(dir, shownAs);
  if (!names.length)
    throw inputError(shownAs, 'no docker-bench controls file here, expected definitions.yaml with groups of checks');
  const folder = basename(resolve(dir));
  const configPath = join(dir, 'config.yaml');
  const config = isPresent(configPath)
    ? parseDockerConfig(
        readInput(configPath, { kind: 'kube-bench file', shownAs: join(shownAs, 'config.yaml'), within: dir }),
        join(shownAs, 'config.yaml'),
      )
    : { variables: new Map(defaultVariables), problems: [] };
  const files: SourceFile[] = names.map((n) => ({
    path: join(shownAs, n),
    name: `${folder}/${n}`,
    text: readInput(join(dir, n), { kind: 'kube-bench file', shownAs: join(shownAs, n), within: dir }),
  }));
  const r = importKubeBench(folder, files, mergeConfigs([]), {
    sourcePath: folder,
    ...importOptions,
    dialect: dockerBenchDialect(config.variables),
  });
  return checkedImport(r, config.problems, files, shownAs);
}
