// Everything one release's docs say, before any source is weighed against another: reference
// pages → flags and admission plugins, config-api pages and Go-type facts → config kinds,
// feature-gate pages → gate histories, release notes → candidate events, kubeadm's page.
// The cross-release reconciliation (../reconcile/) decides what is true.
import { isPresent, listFolder, readInput } from '../../io/read.js';
import { join } from 'node:path';
import { compareText } from '../../model/ids.js';
import { evidenceOf, inRange, type Overlay } from '../overlay.js';
import {
  releaseComponents,
  type ConfigOwner,
  type Evidence,
  type ReleaseComponent,
  type ReleaseSnapshot,
} from '../snapshot.js';
import { fieldsFromConfigApi } from './config-api.js';
import { fieldsFromDerived, type KindFields } from './fields.js';
import { admissionPlugins, extractFlags, type ExtractedFlag } from './flags.js';
import { gateFromFile, gatesFromTables, type GateHistory } from './gates.js';
import { extractKubeadm, type KubeadmPage } from './kubeadm.js';
import {
  releaseNoteFacts,
  releaseNotes,
  type DefaultUpdate,
  type ImageUpdate,
  type Note,
  type NoteEvent,
} from './release-notes.js';

export interface RawRelease {
  readonly release: string;
  /** Each component's reference page, as listed; absent where the corpus has no page. */
  readonly pages: Partial<Record<ReleaseComponent, ExtractedFlag[]>>;
  /** What `--enable-admission-plugins` lists, where the API server's page has it. */
  readonly admission?: { available: string[]; defaultOn: string[] };
  readonly configs: ReleaseSnapshot['configs'];
  /** Where each config kind's fields were read: its Go types at the release's tag, its config-api page. */
  readonly configSources?: Record<string, Evidence[]>;
  /** Gate histories as this release's feature-gate docs give them. */
  readonly gates: GateHistory[];
  /** Candidate change events from this release's notes (not yet checked against the settings). */
  readonly notes?: NoteEvent[];
  /** Images the notes move to a new version (a flag whose default is that image follows). */
  readonly images?: ImageUpdate[];
  /**
   * Notes that remove or deprecate something named like a config API version or kind (`v1beta2`,
   * ClusterStatus, NodeLabelArgs): the record of a config kind that leaves (../reconcile/config-kinds.ts).
   */
  readonly apiNotes?: () => readonly Note[];
  /** Flag and field defaults the notes say the release changed (../reconcile/noted-defaults.ts). */
  readonly defaults?: DefaultUpdate[];
  /** Backticked names the notes mention, lower case, with the first PR that does (null: none). */
  readonly mentions?: Record<string, number | null>;
  readonly kubeadmPage?: KubeadmPage;
  /** What this release's sources say that needs no other release to see (missing pages, …). */
  readonly problems: string[];
}

// The corpus is a folder the user names: every read goes through the input boundary.
const docsPage = (p: string): string => readInput(p, { kind: 'docs page' });
const read = (p: string): string | undefined => (isPresent(p) ? docsPage(p) : undefined);
const list = (dir: string): string[] => (isPresent(dir) ? listFolder(dir, { what: 'a corpus folder' }) : []);

export function extractRelease(k8sDir: string, release: string, overlay: Overlay): RawRelease {
  const problems: string[] = [];
  const pages: RawRelease['pages'] = {};
  for (const c of releaseComponents) {
    const text = read(join(k8sDir, 'reference', `v${release}`, `${c}.md`));
    if (text) pages[c] = extractFlags(text);
    else problems.push(`no reference page for ${c}`);
  }
  const enable = pages['kube-apiserver']?.find((f) => f.name === 'enable-admission-plugins');
  const configSources: Record<string, Evidence[]> = {};
  const configs = configKinds(k8sDir, release, overlay, problems, configSources);
  const notesDir = join(k8sDir, 'release-notes', `v${release}`);
  const noteFiles = list(notesDir)
    .filter((n) => n.endsWith('.md') || n.endsWith('.json'))
    .map((name) => ({ name, text: docsPage(join(notesDir, name)) }));
  if (!noteFiles.length) problems.push('no release notes');
  const noteFacts = noteFiles.length ? releaseNoteFacts(noteFiles) : undefined;
  const kubeadm = read(join(k8sDir, 'kubeadm', `v${release}`, 'implementation-details.md'));
  if (!kubeadm) problems.push('no kubeadm implementation-details page');
  return {
    release,
    pages,
    ...(enable ? { admission: admissionPlugins(enable.description) } : {}),
    configs,
    configSources,
    gates: gateHistories(k8sDir, release),
    ...(noteFacts ? { notes: noteFacts.events } : {}),
    ...(noteFacts?.images.length ? { images: noteFacts.images } : {}),
    ...(noteFacts?.defaults.length ? { defaults: noteFacts.defaults } : {}),
    ...(noteFacts ? { mentions: noteFacts.mentions } : {}),
    // Read only for a release a kind leaves (one or two of them): the notes are parsed again.
    ...(noteFiles.length ? { apiNotes: once(() => releaseNotes(noteFiles).filter(isApiNote)) } : {}),
    ...(kubeadm ? { kubeadmPage: extractKubeadm(kubeadm) } : {}),
    problems,
  };
}

function once<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => {
    v ??= { value: f() };
    return v.value;
  };
}
const isApiNote = (n: Note): boolean =>
  /\b(remov|deprecat|drop)/i.test(n.text) && /\bv\d+(alpha|beta)\d+\b|\b[A-Z][a-z]+[A-Z]\w*\b/.test(n.text);

function gateHistories(k8sDir: string, release: string): GateHistory[] {
  const dir = join(k8sDir, 'feature-gates', `v${release}`);
  const out: GateHistory[] = [];
  const perGate = join(dir, 'feature-gates');
  for (const f of list(perGate)) {
    if (!f.endsWith('.md') || f === 'index.md' || f === '_index.md') continue;
    const g = gateFromFile(docsPage(join(perGate, f)));
    if (g) out.push(g);
  }
  const page = read(join(dir, 'feature-gates.md'));
  if (page) out.push(...gatesFromTables(page, false));
  const removed = read(join(dir, 'feature-gates-removed.md'));
  if (removed) out.push(...gatesFromTables(removed, true));
  return out;
}

// Which component reads a config API group; groups no server component reads (kubectl's,
// client credentials, review objects) are left out.
const configGroups: Array<[RegExp, ConfigOwner]> = [
  [/^kubelet\.config\.k8s\.io\//, 'kubelet'],
  [/^kubescheduler\.config\.k8s\.io\//, 'kube-scheduler'],
  [/^kubeproxy\.config\.k8s\.io\//, 'kube-proxy'],
  // The kube-controller-manager page also documents the cloud controller manager's kind and
  // the leader migration file, each in a group of its own.
  [/^(kubecontrollermanager|cloudcontrollermanager|controllermanager)\.config\.k8s\.io\//, 'kube-controller-manager'],
  [
    /^(apiserver\.config\.k8s\.io|apiserver\.k8s\.io|audit\.k8s\.io|eventratelimit\.admission\.k8s\.io)\//,
    'kube-apiserver',
  ],
  [/^kubeadm\.k8s\.io\//, 'kubeadm'],
];

function configOwner(apiVersion: string): ConfigOwner | undefined {
  return configGroups.find(([re]) => re.test(apiVersion))?.[1];
}

/** v1 > v1beta2 > v1beta1 > v1alpha1: the most stable version of a kind wins. */
export function apiVersionRank(apiVersion: string): number {
  const m = apiVersion.match(/\/v(\d+)(?:(alpha|beta)(\d+))?$/);
  if (!m) return 0;
  const [, major, stage, n] = m;
  return Number(major) * 1000 + (stage === undefined ? 999 : stage === 'beta' ? 500 + Number(n) : Number(n));
}

// API groups whose kinds one file holds together, so a snapshot takes them all from one version:
// the scheduler's plugin args are the `args` of KubeSchedulerConfiguration's pluginConfig, and
// kubeadm reads one file of documents. That version is the newest served one that has the group's
// main kind, as for that kind alone. Kinds other groups own (the API server's, the kubelet's
// credential provider) are separate files, each read with its own version: newest per kind.
const documentSets: ReadonlyArray<readonly [group: string, mainKind: string]> = [
  ['kubescheduler.config.k8s.io', 'KubeSchedulerConfiguration'],
  ['kubeadm.k8s.io', 'ClusterConfiguration'],
];
const groupOf = (apiVersion: string): string => apiVersion.replace(/\/[^/]*$/, '');

/**
 * The kind with the API group it is served under: a page prints the package's group for every
 * kind, and some packages register part of their kinds under a second group (k8s.io/apiserver's
 * apiserver.k8s.io package serves AuthenticationConfiguration under apiserver.config.k8s.io).
 */
function servedUnder(k: KindFields, overlay: Overlay): { k: KindFields; evidence: string[] } {
  const group = groupOf(k.apiVersion);
  const entry = (overlay.configKindGroups ?? []).find((e) => e.pageGroup === group && e.kinds.includes(k.kind));
  return entry
    ? { k: { ...k, apiVersion: `${entry.group}${k.apiVersion.slice(group.length)}` }, evidence: entry.evidence }
    : { k, evidence: [] };
}

/** Config kinds from the derived Go-type facts, then the config-api pages (from 1.20). */
function configKinds(
  k8sDir: string,
  release: string,
  overlay: Overlay,
  problems: string[],
  sources: Record<string, Evidence[]>,
): ReleaseSnapshot['configs'] {
  const cite = (kind: string, e: Evidence) => {
    sources[kind] = [...(sources[kind] ?? []).filter((x) => x.url !== e.url), e];
  };
  const configs: ReleaseSnapshot['configs'] = {};
  const derivedKinds = new Set<string>();
  const derivedDir = join(k8sDir, 'derived', `v${release}`);
  const componentOfFile: Array<[RegExp, ReleaseComponent]> = [
    [/^kubelet-config/, 'kubelet'],
    [/^kube-scheduler-config/, 'kube-scheduler'],
    [/^kube-proxy-config/, 'kube-proxy'],
    [/^kube-controller-manager-config/, 'kube-controller-manager'],
  ];
  const derived: Array<{ component: ReleaseComponent; k: KindFields }> = [];
  if (isPresent(derivedDir)) {
    for (const f of list(derivedDir).filter((n) => n.endsWith('-fields.yaml'))) {
      const component = componentOfFile.find(([re]) => re.test(f))?.[1];
      if (!component) continue;
      for (const k of fieldsFromDerived(docsPage(join(derivedDir, f))))
        if (/Configuration$/.test(k.kind)) derived.push({ component, k });
    }
  } else problems.push('no derived config field facts');
  const pagesDir = join(k8sDir, 'config-api', `v${release}`);
  // Kinds whose group is not the page's, with the evidence of the group they are served under.
  const regrouped = new Map<string, string[]>();
  const pages = list(pagesDir)
    .filter((n) => n.endsWith('.md') && !n.startsWith('_'))
    .map((f) => ({
      f,
      // Served kinds a server component reads: not ones it sends or logs (audit Event, reviews, lists).
      kinds: fieldsFromConfigApi(docsPage(join(pagesDir, f)))
        .kinds.map((k) => {
          const served = servedUnder(k, overlay);
          if (served.evidence.length) regrouped.set(`${k.kind} ${served.k.apiVersion}`, served.evidence);
          return served.k;
        })
        .filter((k) => {
          if (!configOwner(k.apiVersion) || /List$|Review$|^Event$/.test(k.kind)) return false;
          const served = (overlay.configApis ?? []).find((a) => a.apiVersion === k.apiVersion);
          return !served || inRange(release, served);
        }),
    }));
  // The one version of each document set: the newest that has its main kind.
  const setVersion = new Map<string, string>();
  for (const [group, main] of documentSets)
    for (const k of [...derived.map((d) => d.k), ...pages.flatMap((p) => p.kinds)])
      if (k.kind === main && groupOf(k.apiVersion) === group) {
        const have = setVersion.get(group);
        if (!have || apiVersionRank(k.apiVersion) > apiVersionRank(have)) setVersion.set(group, k.apiVersion);
      }
  const inSet = (k: KindFields): boolean => {
    const v = setVersion.get(groupOf(k.apiVersion));
    return v === undefined || v === k.apiVersion;
  };

  for (const { component, k } of derived) {
    // The most stable version of a kind wins, whatever the order of the files.
    const have = configs[k.kind];
    if (!inSet(k) || (have && apiVersionRank(have.apiVersion) >= apiVersionRank(k.apiVersion))) continue;
    const defaults = overlay.fieldDefaults?.[k.kind] ?? {};
    // A default the defaulting code sets, not the type comment: that code is its evidence.
    const why = (overlay.fieldDefaultEvidence?.[k.kind] ?? []).map((e) => evidenceOf(e, overlay, release));
    const fields = k.fields.map((f) => {
      const d = defaults[f.path];
      if (d === undefined) return f;
      if (f.default !== undefined && f.default !== d)
        problems.push(`${k.kind} ${f.path} default '${f.default}' in the types, '${d}' in the overlay`);
      return { ...f, default: d, ...(why.length ? { evidence: [...(f.evidence ?? []), ...why] } : {}) };
    });
    delete sources[k.kind];
    if (k.from)
      cite(k.kind, {
        kind: 'source',
        ref: `${k.from.repo}@${k.from.ref} ${k.from.path}`,
        url: `https://github.com/${k.from.repo}/blob/${k.from.ref}/${k.from.path}`,
      });
    configs[k.kind] = {
      component,
      apiVersion: k.apiVersion,
      fields: fields.sort((a, b) => compareText(a.path, b.path)),
    };
    derivedKinds.add(k.kind);
  }

  // The API server's and kubeadm's kinds, and a cross-check of the kinds the Go-type facts gave.
  for (const { f, kinds } of pages) {
    for (const k of kinds.filter(inSet)) {
      const component = configOwner(k.apiVersion)!;
      const have = configs[k.kind];
      if (have && derivedKinds.has(k.kind)) {
        if (have.apiVersion === k.apiVersion) {
          cite(k.kind, kindPageEvidence(release, f, k.kind, k.apiVersion));
          // What the page says of a field's effect, which the Go types cannot.
          const inert = new Set(k.fields.filter((x) => x.inert).map((x) => x.path));
          // And a map's default, which the defaulting code sets and the type comments list as
          // YAML lines (evictionHard): the Go-type facts give none.
          const mapDefaults = new Map(
            k.fields
              .filter((x) => x.type.startsWith('map[') && /^[\w./-]+=[^,]*(,[\w./-]+=[^,]*)*$/.test(x.default ?? ''))
              .map((x) => [x.path, x.default as string]),
          );
          if (inert.size || mapDefaults.size)
            configs[k.kind] = {
              ...have,
              fields: have.fields.map((x) => {
                const d = x.default === undefined || x.default === '' ? mapDefaults.get(x.path) : undefined;
                const y = d === undefined ? x : { ...x, default: d };
                return inert.has(x.path)
                  ? { ...y, inert: true, evidence: [configPageEvidence(release, f, x.path)] }
                  : y;
              }),
            };
          const ours = new Set(have.fields.map((x) => x.path));
          const missing = k.fields.filter((x) => !ours.has(x.path) && !x.path.includes('.'));
          if (missing.length) {
            // Fields of a struct embedded from another package (componentbase's debugging
            // options in KubeSchedulerConfiguration): the page has them, the type facts cannot.
            problems.push(
              `${k.kind} fields on its config-api page but not in the Go-type facts: ${missing.map((x) => x.path).join(', ')}; added`,
            );
            // Known from the page alone, which it cites: the diff reads that as first documented
            // where the older release had no page (../diff.ts).
            const paged = missing.map((x) => ({ ...x, evidence: [configPageEvidence(release, f, x.path)] }));
            configs[k.kind] = {
              ...have,
              fields: [...have.fields, ...paged].sort((a, b) => compareText(a.path, b.path)),
            };
          }
        }
        continue;
      }
      if (have && apiVersionRank(have.apiVersion) >= apiVersionRank(k.apiVersion)) continue;
      sources[k.kind] = [
        kindPageEvidence(release, f, k.kind, k.apiVersion),
        ...(regrouped.get(`${k.kind} ${k.apiVersion}`) ?? []).map((e) => evidenceOf(e, overlay, release)),
      ];
      configs[k.kind] = {
        component,
        apiVersion: k.apiVersion,
        fields: k.fields
          .map((x) => (x.inert ? { ...x, evidence: [configPageEvidence(release, f, x.path)] } : x))
          .sort((a, b) => compareText(a.path, b.path)),
      };
    }
  }
  // Types the pages print from the internal type (a pointer shown as its value): the overlay's word wins.
  for (const [kind, types] of Object.entries(overlay.fieldTypes ?? {})) {
    const have = configs[kind];
    if (!have) continue;
    configs[kind] = {
      ...have,
      fields: have.fields.map((x) => (Object.hasOwn(types, x.path) ? { ...x, type: types[x.path] } : x)),
    };
  }
  return configs;
}

/** A config kind's config-api page of a release, as evidence. */
function kindPageEvidence(release: string, file: string, kind: string, apiVersion: string): Evidence {
  return {
    kind: 'doc',
    ref: `${kind} (${apiVersion}) config reference, v${release}`,
    url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/config-api/${file.replace(/\.md$/, '')}/`,
  };
}

/** The config-api page of a release that says a field has no effect, as evidence. */
function configPageEvidence(release: string, file: string, path: string): Evidence {
  return {
    kind: 'doc',
    ref: `config-api/v${release}/${file}: ${path}`,
    url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/config-api/${file.replace(/\.md$/, '')}/`,
  };
}
