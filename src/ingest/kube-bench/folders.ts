import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dataDir } from '../../paths.js';
import { own } from '../../model/own.js';

export interface FolderFacts {
  id?: string;
  version?: string;
  kubernetes?: string[];
}

interface FoldersData {
  folders: Record<string, FolderFacts>;
  variants: Record<string, string>;
  shipped: string[];
}

let cached: FoldersData | undefined;

/** Reviewed facts about kube-bench folders (data/kube-bench-folders.yaml). */
export function folderData(): FoldersData {
  cached ??= parse(readFileSync(join(dataDir, 'kube-bench-folders.yaml'), 'utf8'), { version: '1.2' }) as FoldersData;
  return cached;
}

/** `eks-1.2.0` → eks, `cis-1.6-k3s` → k3s, `rh-1.0` → openshift, `cis-1.24-microk8s` → microk8s. */
export function variantOf(folder: string): string {
  const { variants } = folderData();
  const tokens = folder
    .toLowerCase()
    .split(/[-_]/)
    .filter((t) => t && !/^\d/.test(t) && t !== 'cis' && t !== 'json');
  for (const t of tokens) if (own(variants, t)) return variants[t];
  const other = tokens.find((t) => /^[a-z][a-z0-9]*$/.test(t));
  return other ?? 'generic';
}

/** `cis-1.20` → 1.20, `eks-1.2.0` → 1.2.0, `k3s-cis-1.7` → 1.7. */
export function versionOf(folder: string): string {
  const facts = own(folderData().folders, folder);
  if (facts?.version) return String(facts.version);
  const m = folder.match(/(\d+(?:\.\d+)+)/);
  return m ? m[1] : folder;
}

let topics: Array<{ topic: string; re: RegExp }> | undefined;

/** The topic of a check-less control, from its title (data/topics.yaml). */
export function topicOf(title: string): string | undefined {
  topics ??= (
    parse(readFileSync(join(dataDir, 'topics.yaml'), 'utf8')) as { topics: Array<{ topic: string; pattern: string }> }
  ).topics.map((t) => ({ topic: t.topic, re: new RegExp(t.pattern, 'i') }));
  return topics.find((t) => t.re.test(title))?.topic;
}

/** The id a folder's benchmark gets (reviewed facts first, else the folder name), known before reading it. */
export function benchmarkIdOf(folder: string): string {
  return own(folderData().folders, folder)?.id ?? folder;
}
