import { own } from '../../model/own.js';
import { preparedOrParsed } from '../../prepared/read.js';

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
  cached ??= preparedOrParsed<FoldersData>('data/kube-bench-folders.yaml');
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

/**
 * A recurring control, keyed by a short name: how to recognise it from its title (`pattern`), our
 * title for it, the area it belongs to (for section titles), and, for workload controls, the
 * API-object field it is about (judged as data/workloads.yaml says, or by its own op and value).
 */
export interface TopicEntry {
  readonly topic: string;
  readonly pattern: RegExp;
  readonly title: string;
  readonly area: string;
  /** kubernetes (the CIS Kubernetes Benchmark) or docker (the CIS Docker Benchmark). */
  readonly family: 'kubernetes' | 'docker';
  readonly subjects: ReadonlyArray<{ resource: string; field: string; op?: string; value?: string }>;
}

export type TopicInfo = Pick<TopicEntry, 'title' | 'area' | 'family' | 'subjects'>;

let topics: TopicEntry[] | undefined;

interface TopicsData {
  topics: Array<{
    topic: string;
    pattern: string;
    title: string;
    area: string;
    family?: 'docker';
    subject?: TopicEntry['subjects'][number] | Array<TopicEntry['subjects'][number]>;
  }>;
}

function topicList(): TopicEntry[] {
  topics ??= preparedOrParsed<TopicsData>('data/topics.yaml').topics.map((t) => ({
    topic: t.topic,
    pattern: new RegExp(t.pattern, 'i'),
    title: t.title,
    area: t.area,
    family: t.family ?? 'kubernetes',
    subjects: t.subject ? (Array.isArray(t.subject) ? t.subject : [t.subject]) : [],
  }));
  return topics;
}

// Titles recur across a cfg/ root (the same control in many versions): each is matched once.
const topicMemo = new Map<string, string | undefined>();

/** The topic of a control, from its title (data/topics.yaml); Docker titles match Docker topics only. */
export function topicOf(title: string, family: TopicEntry['family'] = 'kubernetes'): string | undefined {
  const key = `${family}\u0000${title}`;
  if (topicMemo.has(key)) return topicMemo.get(key);
  const ours = title.replace(/\s*\((automated|manual)\)+\s*$/i, '');
  // Our own title for a topic (a facts-only benchmark exported and read back) names it exactly.
  const own = topicList().find((t) => t.family === family && t.title === ours);
  const topic = (own ?? topicList().find((t) => t.family === family && t.pattern.test(title)))?.topic;
  if (topicMemo.size > 20_000) topicMemo.clear();
  topicMemo.set(key, topic);
  return topic;
}

export function topicEntry(topic: string): TopicEntry | undefined {
  return topicList().find((t) => t.topic === topic);
}

/** What rules need of each topic (no patterns): shipped with the rules' knowledge, keyed by topic. */
export function topicInfos(): Record<string, TopicInfo> {
  return Object.fromEntries(
    topicList().map(({ topic, title, area, family, subjects }) => [topic, { title, area, family, subjects }]),
  );
}

/** The id a folder's benchmark gets (reviewed facts first, else the folder name), known before reading it. */
export function benchmarkIdOf(folder: string): string {
  return own(folderData().folders, folder)?.id ?? folder;
}
