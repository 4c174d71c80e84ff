// Build one release snapshot from a corpus laid out as reference/, config-api/,
// feature-gates/, release-notes/, kubeadm/, derived/ — extraction, then the overlay,
// with every disagreement between sources reported.
import { isPresent, listFolder, readInput } from '../io/read.js';
import { join } from 'node:path';
import { compareText, compareVersions } from '../model/ids.js';
import { admissionPlugins, extractFlags, type ExtractedFlag } from './extract/flags.js';
import { fieldsFromDerived } from './extract/fields.js';
import { fieldsFromConfigApi } from './extract/config-api.js';
import { gateAt, gateFromFile, gatesFromTables, lastRelease, type GateHistory } from './extract/gates.js';
import { extractKubeadm } from './extract/kubeadm.js';
import { releaseNoteEvents } from './extract/release-notes.js';
import { etcdFlags } from './extract/etcd.js';
import { evidenceOf, inRange, readOverlay, type Overlay } from './overlay.js';
import {
  releaseComponents,
  type Change,
  type ConfigOwner,
  type Flag,
  type ReleaseComponent,
  type ReleaseSnapshot,
} from './snapshot.js';

export interface BuildResult {
  readonly snapshot: ReleaseSnapshot;
  readonly disagreements: string[];
}

/** Releases present in a corpus (reference/v1.NN folders), oldest first. */
export function corpusReleases(k8sDir: string): string[] {
  const dir = join(k8sDir, 'reference');
  if (!isPresent(dir)) return [];
  return list(dir)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort(compareVersions);
}

// The corpus is a folder the user names: read through the input boundary.
const read = (p: string) => (isPresent(p) ? readInput(p, { kind: 'docs page' }) : undefined);
const list = (p: string) => listFolder(p, { what: 'a corpus folder' });

function gateHistories(k8sDir: string, release: string): GateHistory[] {
  const dir = join(k8sDir, 'feature-gates', `v${release}`);
  const out: GateHistory[] = [];
  const perGate = join(dir, 'feature-gates');
  if (isPresent(perGate)) {
    for (const f of list(perGate).sort(compareText)) {
      if (!f.endsWith('.md') || f === 'index.md' || f === '_index.md') continue;
      const g = gateFromFile(readInput(join(perGate, f), { kind: 'docs page' }));
      if (g) out.push(g);
    }
  }
  const page = read(join(dir, 'feature-gates.md'));
  if (page) out.push(...gatesFromTables(page, false));
  const removed = read(join(dir, 'feature-gates-removed.md'));
  if (removed) out.push(...gatesFromTables(removed, true));
  return out;
}

export function buildRelease(k8sDir: string, release: string, overlay: Overlay = readOverlay()): BuildResult {
  const disagreements: string[] = [];
  const flags = {} as Record<ReleaseComponent, Flag[]>;
  const extracted = {} as Record<ReleaseComponent, ExtractedFlag[]>;
  for (const c of releaseComponents) {
    const text = read(join(k8sDir, 'reference', `v${release}`, `${c}.md`));
    if (!text) disagreements.push(`${release}: no reference page for ${c}`);
    extracted[c] = text ? extractFlags(text) : [];
  }
  const changes: Change[] = [];

  // Overlay: hidden flags that exist, flags the pages still list after removal.
  for (const o of overlay.flags) {
    const list = extracted[o.component];
    const i = list.findIndex((f) => f.name === o.name);
    const exists = !o.until || compareVersions(release, o.until) <= 0;
    const evidence = o.evidence.map((e) => evidenceOf(e, overlay));
    if (!exists) {
      if (i >= 0) {
        disagreements.push(
          `${release}: reference page of ${o.component} lists --${o.name}, removed after ${o.until} (${o.evidence.join(', ')}); dropped`,
        );
        list.splice(i, 1);
      }
      if (compareVersions(release, o.until!) > 0 && isNext(o.until!, release))
        changes.push({ kind: 'flag', component: o.component, name: `--${o.name}`, change: 'removed', evidence });
      continue;
    }
    const deprecated = o.deprecated || (o.deprecatedFrom ? compareVersions(release, o.deprecatedFrom) >= 0 : false);
    const inert = o.inertFrom ? compareVersions(release, o.inertFrom) >= 0 : false;
    const base: ExtractedFlag =
      i >= 0 ? list[i] : { name: o.name, ...(o.type ? { type: o.type } : {}), hidden: true, description: '' };
    if (i < 0 && !o.hidden)
      disagreements.push(
        `${release}: --${o.name} of ${o.component} is missing from its reference page; added from the overlay`,
      );
    const merged: ExtractedFlag = {
      ...base,
      ...(deprecated ? { deprecated: true } : {}),
      ...(inert ? { inert: true } : {}),
      ...(inert && o.onlyValues ? { onlyValues: o.onlyValues } : {}),
      evidence,
    };
    if (i >= 0) list[i] = merged;
    else list.push(merged);
    if (o.deprecatedFrom === release)
      changes.push({ kind: 'flag', component: o.component, name: `--${o.name}`, change: 'deprecated', evidence });
    if (o.inertFrom === release)
      changes.push({ kind: 'flag', component: o.component, name: `--${o.name}`, change: 'inert', evidence });
  }
  for (const c of releaseComponents) {
    flags[c] = extracted[c].map(({ description: _d, ...f }) => f).sort((a, b) => compareText(a.name, b.name));
  }

  // Admission plugins from --enable-admission-plugins' text, corrected by the overlay.
  const enable = extracted['kube-apiserver'].find((f) => f.name === 'enable-admission-plugins');
  const admission = enable ? admissionPlugins(enable.description) : { available: [], defaultOn: [] };
  for (const p of overlay.plugins) {
    const exists = !p.until || compareVersions(release, p.until) <= 0;
    const has = admission.available.includes(p.name);
    const evidence = p.evidence.map((e) => evidenceOf(e, overlay));
    if (!exists && has) {
      disagreements.push(`${release}: --enable-admission-plugins lists ${p.name}, removed after ${p.until}; dropped`);
      admission.available = admission.available.filter((x) => x !== p.name);
    }
    if (!exists && isNext(p.until!, release))
      changes.push({ kind: 'plugin', name: p.name, change: 'removed', evidence });
    if (p.deprecatedFrom === release) changes.push({ kind: 'plugin', name: p.name, change: 'deprecated', evidence });
  }

  // Config kinds from the derived Go-type facts.
  const configs: ReleaseSnapshot['configs'] = {};
  const derivedKinds = new Set<string>();
  const derivedDir = join(k8sDir, 'derived', `v${release}`);
  const componentOfFile: Array<[RegExp, ReleaseComponent]> = [
    [/^kubelet-config/, 'kubelet'],
    [/^kube-scheduler-config/, 'kube-scheduler'],
    [/^kube-proxy-config/, 'kube-proxy'],
    [/^kube-controller-manager-config/, 'kube-controller-manager'],
  ];
  if (isPresent(derivedDir)) {
    for (const f of list(derivedDir)
      .filter((n) => n.endsWith('-fields.yaml'))
      .sort(compareText)) {
      const component = componentOfFile.find(([re]) => re.test(f))?.[1];
      if (!component) continue;
      for (const k of fieldsFromDerived(readInput(join(derivedDir, f), { kind: 'docs page' }))) {
        if (!/Configuration$/.test(k.kind)) continue;
        const defaults = overlay.fieldDefaults?.[k.kind] ?? {};
        const fields = k.fields.map((f) => {
          const d = defaults[f.path];
          if (d === undefined) return f;
          if (f.default !== undefined && f.default !== d)
            disagreements.push(
              `${release}: ${k.kind} ${f.path} default '${f.default}' in the types, '${d}' in the overlay`,
            );
          return { ...f, default: d };
        });
        configs[k.kind] = {
          component,
          apiVersion: k.apiVersion,
          fields: fields.sort((a, b) => compareText(a.path, b.path)),
        };
        derivedKinds.add(k.kind);
      }
    }
  } else disagreements.push(`${release}: no derived config field facts`);

  // Config kinds from the config-api pages (from 1.20): the API server's, kubeadm's, and a
  // cross-check of the kinds the Go-type facts already gave.
  const pagesDir = join(k8sDir, 'config-api', `v${release}`);
  if (isPresent(pagesDir)) {
    for (const f of list(pagesDir)
      .filter((n) => n.endsWith('.md') && !n.startsWith('_'))
      .sort(compareText)) {
      const page = fieldsFromConfigApi(readInput(join(pagesDir, f), { kind: 'docs page' }));
      const component = page.apiVersion ? configOwner(page.apiVersion) : undefined;
      if (!component || !page.apiVersion) continue;
      const served = (overlay.configApis ?? []).find((a) => a.apiVersion === page.apiVersion);
      if (served && !inRange(release, served)) continue;
      // Objects the component reads from files, not ones it sends or logs (audit Event, reviews, lists).
      for (const k of page.kinds.filter((x) => !/List$|Review$|^Event$/.test(x.kind))) {
        const have = configs[k.kind];
        if (have && derivedKinds.has(k.kind)) {
          if (have.apiVersion === k.apiVersion) {
            const ours = new Set(have.fields.map((x) => x.path));
            const missing = k.fields.filter((x) => !ours.has(x.path) && !x.path.includes('.'));
            if (missing.length) {
              // Fields of a struct embedded from another package (componentbase's debugging
              // options in KubeSchedulerConfiguration): the page has them, the type facts cannot.
              disagreements.push(
                `${release}: ${k.kind} fields on its config-api page but not in the Go-type facts: ${missing.map((x) => x.path).join(', ')}; added`,
              );
              configs[k.kind] = {
                ...have,
                fields: [...have.fields, ...missing].sort((a, b) => compareText(a.path, b.path)),
              };
            }
          }
          continue;
        }
        if (have && apiVersionRank(have.apiVersion) >= apiVersionRank(k.apiVersion)) continue;
        configs[k.kind] = {
          component,
          apiVersion: k.apiVersion,
          fields: [...k.fields].sort((a, b) => compareText(a.path, b.path)),
        };
      }
    }
  }

  // Flag ↔ field: naming convention, then the reviewed exceptions.
  // Every component that reads a config file of its own gets the mapping.
  const flagFields: ReleaseSnapshot['flagFields'] = {};
  const ownConfig: Array<[ReleaseComponent, string]> = [
    ['kubelet', 'KubeletConfiguration'],
    ['kube-proxy', 'KubeProxyConfiguration'],
    ['kube-scheduler', 'KubeSchedulerConfiguration'],
    ['kube-controller-manager', 'KubeControllerManagerConfiguration'],
  ];
  for (const [component, kind] of ownConfig) {
    const fields = new Set((configs[kind]?.fields ?? []).map((f) => f.path));
    if (!fields.size) continue;
    const map: Record<string, string> = {};
    for (const f of flags[component]) {
      const exception = overlay.flagFields[component]?.[f.name];
      const camel = f.name.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
      const path = exception ?? camel;
      if (fields.has(path)) map[f.name] = path;
    }
    if (Object.keys(map).length) flagFields[component] = map;
  }

  // Feature gates.
  const histories = gateHistories(k8sDir, release);
  const gates = new Map<string, ReturnType<typeof gateAt>>();
  const removedGates = new Set<string>();
  for (const h of histories) {
    const ov = overlay.gates.find((g) => g.name === h.name);
    const until = ov?.until ?? (h.removed ? lastRelease(h) : undefined);
    if (until && compareVersions(release, until) > 0) {
      removedGates.add(h.name);
      continue;
    }
    const g = gateAt(h, release);
    if (g && !gates.has(h.name)) gates.set(h.name, g);
  }
  for (const o of overlay.gates)
    if (o.until && isNext(o.until, release))
      changes.push({
        kind: 'gate',
        name: o.name,
        change: 'removed',
        evidence: o.evidence.map((e) => evidenceOf(e, overlay)),
      });

  // kubeadm: the overlay's manifest facts, cross-checked with the prose page.
  const kubeadmFlags: ReleaseSnapshot['kubeadm']['flags'] = {};
  for (const [comp, entries] of Object.entries(overlay.kubeadm.flags)) {
    const out: Record<string, string> = {};
    for (const [name, r] of Object.entries(entries)) if (inRange(release, r)) out[name] = r.value;
    kubeadmFlags[comp as ReleaseComponent] = out;
  }
  const page = read(join(k8sDir, 'kubeadm', `v${release}`, 'implementation-details.md'));
  // Control-plane pods on the host network is kubeadm's design (data/knowledge.yaml); the page only confirms it.
  const hostNetwork = true;
  if (page) {
    const p = extractKubeadm(page);
    if (!p.hostNetwork)
      disagreements.push(`${release}: kubeadm page does not say the static Pods use hostNetwork: true`);
    for (const [comp, fl] of Object.entries(p.flags)) {
      for (const [name, value] of Object.entries(fl)) {
        const ours = kubeadmFlags[comp as ReleaseComponent]?.[name];
        if (ours === undefined)
          disagreements.push(
            `${release}: kubeadm page says ${comp} gets --${name}${value ? '=' + value : ''}; the manifest facts do not`,
          );
        else if (
          value &&
          ours !== value &&
          !value.includes('.crt') &&
          !value.includes('.key') &&
          !value.includes('.pub')
        )
          disagreements.push(
            `${release}: kubeadm page says ${comp} --${name}=${value}; the manifest facts say ${ours}`,
          );
      }
    }
  } else disagreements.push(`${release}: no kubeadm implementation-details page`);
  const kubelet: Record<string, string> = {};
  for (const [k, r] of Object.entries(overlay.kubeadm.kubelet)) if (inRange(release, r)) kubelet[k] = r.value;

  // Change events from the release notes, each with its PR; merged with the overlay's.
  const notesDir = join(k8sDir, 'release-notes', `v${release}`);
  if (isPresent(notesDir)) {
    const names = list(notesDir).sort(compareText);
    const events = releaseNoteEvents(
      names.filter((n) => n.endsWith('.md')).map((n) => readInput(join(notesDir, n), { kind: 'docs page' })),
      names.filter((n) => n.endsWith('.json')).map((n) => readInput(join(notesDir, n), { kind: 'docs page' })),
    );
    for (const e of events) {
      const evidence = e.pr ? [evidenceOf(`pr:${e.pr}`, overlay)] : [evidenceOf(`release-notes:${release}`, overlay)];
      const same = changes.find(
        (c) =>
          c.kind === e.kind &&
          c.name === e.name &&
          c.change === e.change &&
          (!c.component || !e.component || c.component === e.component),
      );
      if (same) {
        const known = new Set(same.evidence.map((x) => x.url));
        changes[changes.indexOf(same)] = {
          ...same,
          evidence: [...same.evidence, ...evidence.filter((x) => !known.has(x.url))],
        };
        continue;
      }
      changes.push({
        kind: e.kind,
        ...(e.component ? { component: e.component } : {}),
        name: e.name,
        change: e.change,
        evidence,
      });
      const comp = e.component as ReleaseComponent | undefined;
      if (
        e.kind === 'flag' &&
        e.change === 'removed' &&
        comp &&
        releaseComponents.includes(comp) &&
        flags[comp].some((f) => `--${f.name}` === e.name && !f.hidden)
      ) {
        disagreements.push(
          `${release}: the release notes remove ${e.name} of ${comp} (${e.pr ? `PR ${e.pr}` : 'no PR'}), but its reference page still lists it`,
        );
      }
    }
  } else disagreements.push(`${release}: no release notes`);

  // etcd: the minor version kubeadm deploys, and that version's flags.
  const etcdMinor = overlay.etcd?.find((e) => inRange(release, e))?.minor;
  const etcdPage = etcdMinor ? read(join(k8sDir, 'etcd', `v${etcdMinor}`, 'configuration.md')) : undefined;
  if (!etcdMinor)
    disagreements.push(`${release}: no etcd version known for this release (data/kubernetes-overlay.yaml etcd)`);
  else if (!etcdPage) disagreements.push(`${release}: no etcd ${etcdMinor} configuration page`);

  const snapshot: ReleaseSnapshot = {
    release,
    flags,
    configs,
    flagFields,
    gates: [...gates.values()]
      .filter((g): g is NonNullable<typeof g> => Boolean(g))
      .sort((a, b) => compareText(a.name, b.name)),
    removedGates: [...removedGates].sort(compareText),
    admission,
    kubeadm: {
      flags: kubeadmFlags,
      kubelet,
      hostNetwork,
      probePaths: overlay.kubeadm.probePaths.filter((p) => inRange(release, p)).map((p) => p.path),
    },
    ...(etcdMinor && etcdPage ? { etcd: { version: etcdMinor, flags: etcdFlags(etcdPage) } } : {}),
    changes: changes.sort((a, b) =>
      compareText(
        `${a.kind}:${a.name}:${a.component ?? ''}:${a.change}`,
        `${b.kind}:${b.name}:${b.component ?? ''}:${b.change}`,
      ),
    ),
  };
  return { snapshot, disagreements };
}

// Which component reads a config API group; groups no server component reads (kubectl's,
// client credentials, review objects) are left out.
const configGroups: Array<[RegExp, ConfigOwner]> = [
  [/^kubelet\.config\.k8s\.io\//, 'kubelet'],
  [/^kubescheduler\.config\.k8s\.io\//, 'kube-scheduler'],
  [/^kubeproxy\.config\.k8s\.io\//, 'kube-proxy'],
  [/^kubecontrollermanager\.config\.k8s\.io\//, 'kube-controller-manager'],
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

/** `1.23` then `1.24`: the release right after `until`. */
function isNext(until: string, release: string): boolean {
  const [ma, mi] = until.split('.').map(Number);
  return release === `${ma}.${mi + 1}`;
}
