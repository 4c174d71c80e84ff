// Release notes → change events: which flag, admission plugin, feature gate or config field a
// note removes, deprecates, renames or changes the default of, with its PR number. Notes are
// read as list items of the markdown (mdast) and as entries of the JSON form, merged by PR.
import type { ListItem } from 'mdast';
import { parseMarkdown, plainText, walk } from './markdown.js';

export type NoteChange = 'removed' | 'deprecated' | 'renamed' | 'default-changed';

export interface NoteEvent {
  readonly kind: 'flag' | 'plugin' | 'gate' | 'field';
  readonly name: string;
  readonly component?: string;
  readonly change: NoteChange;
  readonly pr?: number;
}

interface Note {
  readonly text: string;
  readonly pr?: number;
  /** Areas or SIGs the JSON form tags the note with. */
  readonly areas: readonly string[];
}

const componentWords: Array<[RegExp, string]> = [
  [/\bkube-apiserver\b|\bapiserver\b|\bAPI server\b/i, 'kube-apiserver'],
  [/\bkube-controller-manager\b|\bcontroller-manager\b|\bcontroller manager\b/i, 'kube-controller-manager'],
  [/\bkube-scheduler\b/i, 'kube-scheduler'],
  [/\bkube-proxy\b/i, 'kube-proxy'],
  [/\bkubelet\b/i, 'kubelet'],
  [/\bkubeadm\b/i, 'kubeadm'],
  [/\bkubectl\b/i, 'kubectl'],
];
const areaComponents: Record<string, string> = {
  apiserver: 'kube-apiserver',
  'kube-apiserver': 'kube-apiserver',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  'kube-scheduler': 'kube-scheduler',
  'kube-controller-manager': 'kube-controller-manager',
  kubeadm: 'kubeadm',
  kubectl: 'kubectl',
};

function componentOf(n: Note): string | undefined {
  let best: { at: number; c: string } | undefined;
  for (const [re, c] of componentWords) {
    const m = re.exec(n.text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, c };
  }
  return best?.c ?? n.areas.map((a) => areaComponents[a]).find(Boolean);
}

/** What the note does, read from its verbs; "will be removed" is a deprecation, not a removal. */
function changeOf(text: string): NoteChange | undefined {
  const t = text.toLowerCase();
  const future =
    /\b(will|would|to) be (removed|dropped|deleted)\b|\bscheduled for removal\b|\bin a future release\b|\bplanned for removal\b/.test(
      t,
    );
  if (/\brenamed?\b/.test(t)) return 'renamed';
  if (
    !future &&
    /\b(removed?|removes|removing|dropped|drops|deleted)\b|\bno longer (available|supported|served|accepted|exists?)\b/.test(
      t,
    )
  )
    return 'removed';
  if (/\bdeprecat/.test(t)) return 'deprecated';
  if (
    /\bdefault(s)?\b[^.]*\b(changed?|now|to true|to false)\b|\b(enabled|disabled|on|off) by default\b|\bnow defaults?\b/.test(
      t,
    )
  )
    return 'default-changed';
  return undefined;
}

const flagToken = /`?(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*)`?/g;
// A backticked hyphenated word names a flag in notes that say so without the dashes
// ("the deprecated `repair-malformed-updates` has been removed").
const bareFlag = /`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`/g;
const camelName = '([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)';
// A gate or plugin is named next to the words that say what it is, or in backticks.
const gateNear = [
  new RegExp(`\\b${camelName}\\s+(?:feature[- ]?)?gates?\\b`, 'g'),
  new RegExp(`feature[- ]?gates?\\s+\`?${camelName}\\b`, 'g'),
];
const pluginNear = [
  new RegExp(`\\b${camelName}\\s+admission\\s+(?:plugin|controller)`, 'g'),
  new RegExp(`admission\\s+(?:plugin|controller)s?\\s+\`?${camelName}\\b`, 'g'),
];
const backtickedCamel = new RegExp(`\`${camelName}\``, 'g');
const fieldToken = /`([a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*)`/g;
// Where a note turns to the replacement ("use --token-auth-file instead"), later names are not its subject.
const replacementTurn =
  /\b(use(?! of)|using|instead|in favou?r of|replaced (?:by|with)|migrate to|switch to|superseded by|successor)\b/i;

export function eventsOfNote(n: Note): NoteEvent[] {
  const change = changeOf(n.text);
  if (!change) return [];
  const component = componentOf(n);
  const base = { change, ...(component ? { component } : {}), ...(n.pr ? { pr: n.pr } : {}) };
  // Author handles and PR references are not subjects.
  const clean = n.text.replace(/@[\w-]+/g, '').replace(/#\d+/g, '');
  const turn = clean.search(replacementTurn);
  const text = turn < 0 ? clean : clean.slice(0, turn);
  const out = new Map<string, NoteEvent>();
  const add = (e: NoteEvent): void => void out.set(`${e.kind}:${e.name}`, e);
  const gateNote = /feature[- ]?gates?\b/i.test(text);
  // `--feature-gates` in a note about a gate is where the gate is set, not what changed.
  for (const m of text.matchAll(flagToken))
    if (!(gateNote && m[1] === '--feature-gates')) add({ kind: 'flag', name: m[1], ...base });
  if (component || /\bflags?\b/i.test(text))
    for (const m of text.matchAll(bareFlag)) add({ kind: 'flag', name: `--${m[1]}`, ...base });
  const pluginNote = /admission (plugin|controller)s?\b/i.test(text);
  if (pluginNote) {
    // Admission plugins all live in the API server, whatever else the note mentions.
    const plugin = { ...base, component: 'kube-apiserver' };
    for (const re of pluginNear) for (const m of text.matchAll(re)) add({ kind: 'plugin', name: m[1], ...plugin });
    if (!gateNote) for (const m of text.matchAll(backtickedCamel)) add({ kind: 'plugin', name: m[1], ...plugin });
  }
  if (gateNote) {
    for (const re of gateNear)
      for (const m of text.matchAll(re)) if (!out.has(`plugin:${m[1]}`)) add({ kind: 'gate', name: m[1], ...base });
    if (!pluginNote) for (const m of text.matchAll(backtickedCamel)) add({ kind: 'gate', name: m[1], ...base });
  }
  if (/\bfields?\b/i.test(text) && /Configuration\b|config(uration)? file|\bconfig\b/i.test(text)) {
    for (const m of text.matchAll(fieldToken)) if (/[A-Z.]/.test(m[1])) add({ kind: 'field', name: m[1], ...base });
  }
  return [...out.values()];
}

const prLink = /\/pull\/(\d+)/;

/** Notes of the markdown form: every list item whose own text is a note. */
export function notesFromMarkdown(text: string): Note[] {
  const out: Note[] = [];
  for (const node of walk(parseMarkdown(text))) {
    if (node.type !== 'listItem') continue;
    const item = node as ListItem;
    const own = item.children.filter((c) => c.type !== 'list');
    const t = own
      .map((c) => plainText(c))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!t) continue;
    let pr: number | undefined;
    for (const c of walk({ type: 'root', children: own })) {
      if (c.type === 'link') {
        const m = c.url.match(prLink);
        if (m) {
          pr = Number(m[1]);
          break;
        }
      }
    }
    out.push({ text: t, ...(pr ? { pr } : {}), areas: [] });
  }
  return out;
}

interface JsonNote {
  text?: string;
  markdown?: string;
  pr_number?: number;
  areas?: string[];
  sigs?: string[];
  do_not_publish?: boolean;
}

/** Notes of the JSON form (sig-release drafts from 1.20, release-notes website data 1.14–1.19). */
export function notesFromJson(text: string): Note[] {
  const data = JSON.parse(text) as Record<string, JsonNote> | JsonNote[];
  const entries = Array.isArray(data) ? data : Object.values(data);
  return entries
    .filter((e) => !e.do_not_publish && (e.text || e.markdown))
    .map((e) => ({
      text: (e.text ?? e.markdown ?? '').replace(/\s+/g, ' ').trim(),
      ...(e.pr_number ? { pr: e.pr_number } : {}),
      areas: [...(e.areas ?? []), ...(e.sigs ?? [])],
    }));
}

/**
 * Events of a release's notes, one per subject and change. The JSON form is complete and
 * carries PR numbers, so the markdown is read only where a release has no JSON (1.13).
 * A note read with a component wins over the same note read without one.
 */
export function releaseNoteEvents(markdown: readonly string[], json: readonly string[]): NoteEvent[] {
  const notes = json.length ? json.flatMap(notesFromJson) : markdown.flatMap(notesFromMarkdown);
  const out = new Map<string, NoteEvent>();
  for (const n of notes) {
    for (const e of eventsOfNote(n)) {
      const k = `${e.kind}\u0000${e.name}\u0000${e.change}\u0000${e.component ?? ''}`;
      const seen = out.get(k);
      if (
        !seen ||
        (seen.pr === undefined && e.pr !== undefined) ||
        (seen.pr !== undefined && e.pr !== undefined && e.pr < seen.pr)
      )
        out.set(k, e);
    }
  }
  const events = [...out.values()];
  // Drop component-less duplicates of an event some note tied to a component.
  const withComponent = new Set(
    events.filter((e) => e.component).map((e) => `${e.kind}\u0000${e.name}\u0000${e.change}`),
  );
  return events.filter((e) => e.component || !withComponent.has(`${e.kind}\u0000${e.name}\u0000${e.change}`));
}
