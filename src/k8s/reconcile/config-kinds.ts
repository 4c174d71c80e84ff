// A config kind the older release models and this one does not: the change event that records
// it, with the note that says so where one does. The kind left the version the release models
// (kubeadm's ClusterStatus, not in v1beta3: 1.22, PR 101915) or its API version went (kubeadm
// v1beta2 removed in 1.27, PR 114540); the diff adds the pages either way (../diff.ts).
import type { RawRelease } from '../extract/release.js';
import { type Note, sentencesOf } from '../extract/release-notes.js';
import type { Overlay } from '../overlay.js';
import type { Change } from '../snapshot.js';
import { prEvidence } from './evidence.js';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The name as a word of its own: `NodeLabel` is not the start of `NodeLabelArgs`. */
const named = (text: string, name: string): boolean =>
  new RegExp(`(?<![A-Za-z0-9])${escapeRe(name)}(?![A-Za-z0-9])`).test(text);
// Plans are no events: "will be removed", "to be deprecated".
const plan = /\b(will|to) be (removed|deprecated|dropped)\b|\bplanned\b/i;
const owners: Record<string, RegExp> = {
  kubeadm: /\bkubeadm\b/i,
  'kube-scheduler': /\bscheduler\b/i,
  'kube-proxy': /\bkube-proxy\b/i,
  kubelet: /\bkubelet\b/i,
  'kube-controller-manager': /\bcontroller[- ]manager\b/i,
  'kube-apiserver': /\bapi ?server\b/i,
};

/**
 * The notes of a release that record a kind leaving: one that names the kind (or, for a
 * scheduler plugin's `…Args`, the plugin it configures) with a removal or deprecation, else one
 * that removes the API version the older release modelled the kind from, naming its component.
 */
export function kindRemovalNotes(notes: readonly Note[], kind: string, component: string, apiVersion: string): Note[] {
  // A verb in one sentence does not reach a name in another: "remove the deprecated kubeadm API
  // `v1beta1` … Note that `v1beta2` is not yet deprecated, but will be" removes nothing of v1beta2.
  const says = (n: Note, name: string, verb: RegExp): boolean =>
    sentencesOf(n.text).some((x) => !plan.test(x) && named(x, name) && verb.test(x));
  const plugin = kind.endsWith('Args') ? kind.slice(0, -'Args'.length) : undefined;
  const gone = /\b(remov|deprecat|drop)/i;
  const byName = notes.filter((n) => says(n, kind, gone) || (plugin !== undefined && says(n, plugin, gone)));
  if (byName.length) return byName;
  const version = apiVersion.split('/').at(-1) ?? '';
  const owner = owners[component];
  if (!version || !owner) return [];
  // The version is what goes ("removed the deprecated `v1beta2` API", "configuration file version
  // `v1beta1` is removed"), not where something else goes from ("Remove the field … in v1beta3").
  const v = `\`?${escapeRe(version)}\`?(?![A-Za-z0-9])`;
  const lead =
    '(?:(?:the|deprecated|kubeadm|kube-scheduler|component|config|configuration|file|api|version|support|for)\\s+){0,5}';
  const object = new RegExp(
    `\\bremov(?:e|ed|es|ing)\\s+${lead}${v}|${v}\\s+(?:(?:api|version|configuration)\\s+)*(?:is|was|has been|have been)\\s+removed`,
    'i',
  );
  return notes.filter((n) => owner.test(n.text) && sentencesOf(n.text).some((x) => !plan.test(x) && object.test(x)));
}

/** Kinds of `before` that `raw` no longer has, each a `removed` field event on the kind's name. */
export function kindRemovals(raw: RawRelease, before: RawRelease | undefined, overlay: Overlay): Change[] {
  if (!before) return [];
  const out: Change[] = [];
  for (const [kind, k] of Object.entries(before.configs)) {
    if (raw.configs[kind]) continue;
    const notes = kindRemovalNotes(raw.apiNotes?.() ?? [], kind, k.component, k.apiVersion);
    if (!notes.length) continue;
    out.push({
      kind: 'field',
      component: k.component,
      name: kind,
      change: 'removed',
      evidence: notes.flatMap((n) => prEvidence(n.pr, raw.release, overlay)),
    });
  }
  return out;
}
