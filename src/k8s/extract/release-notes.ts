// Release notes → change events: which flag, admission plugin, feature gate or config field a
// note removes, deprecates, renames, locks, graduates or changes the default of, with its PR
// number. Events are candidates only: the build keeps those that name a real setting of the
// right kind and component (see ../notes.ts) and counts the rest.
import { stageOf, type GateStage } from './gates.js';

export type NoteChange =
  | 'removed'
  | 'deprecated'
  | 'inert'
  | 'renamed'
  | 'default-changed'
  | 'locked'
  | 'graduated'
  /** A flag the note introduces ("Introduced the flag `--ipvs-strict-arp`", 1.15, PR 75295). */
  | 'added';

export interface NoteEvent {
  readonly kind: 'flag' | 'plugin' | 'gate' | 'field';
  readonly name: string;
  /** The component the note names first (kubeadm and kubectl included: events about them are not ours). */
  readonly component?: string;
  /** Components the note's areas or SIG labels point at, when its text names none. */
  readonly areas?: readonly string[];
  readonly change: NoteChange;
  readonly pr?: number;
  /** renamed: the new name. */
  readonly to?: string;
  /** graduated: the stage reached. */
  readonly stage?: GateStage;
  /** locked: the value the gate is locked to; graduated, added (gates): its default; when the note says it. */
  readonly value?: boolean;
  /**
   * removed, locked: the sentence is about this setting ("The `X` feature gate is removed",
   * "Removed the X flag"), not about something it controls ("The metrics controlled by `X` …").
   */
  readonly explicit?: boolean;
  /**
   * A gate name with a placeholder (`CSIMigrationXXComplete`, 1.21, PR 98243) stands for every
   * gate it matches except those the same note names itself ("… Deprecate
   * `CSIMigrationvSphereComplete`"): those names.
   */
  readonly except?: readonly string[];
  /** flag: the note names no component, and several components have the flag (set by the build). */
  readonly shared?: boolean;
  /**
   * removed (gates): the release from which the note says the gate was GA and locked ("graduated to
   * GA in v1.24 and were unconditionally enabled have been removed", 1.26, PR 112567; "locked to
   * stable in 1.17", 1.23, PR 105222; "GA and its value has been locked since Kubernetes v1.30",
   * 1.32, PR 128634). `lockedOrEarlier`: "GA in 1.23 or earlier" (1.25, PR 109435), each gate
   * locked from its own GA release.
   */
  readonly lockedSince?: string;
  readonly lockedOrEarlier?: true;
}

/**
 * The gates a name with a placeholder (`XX`, as in `CSIMigrationXXComplete`) stands for: the
 * placeholder replaced by one or more letters or digits, the rest as written.
 */
export function placeholderPattern(name: string): RegExp | undefined {
  const parts = name.split(/X{2,}/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  const quote = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${quote(parts[0])}[A-Za-z0-9]+${quote(parts[1])}$`);
}

export interface Note {
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
const areaComponents = new Map<string, string>([
  ['apiserver', 'kube-apiserver'],
  ['kube-apiserver', 'kube-apiserver'],
  ['kubelet', 'kubelet'],
  ['kube-proxy', 'kube-proxy'],
  ['kube-scheduler', 'kube-scheduler'],
  ['kube-controller-manager', 'kube-controller-manager'],
  ['kubeadm', 'kubeadm'],
  ['kubectl', 'kubectl'],
]);

/** The component the text names first (where it names one, the note is about it). */
function componentOf(text: string): string | undefined {
  let best: { at: number; c: string } | undefined;
  for (const [re, c] of componentWords) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, c };
  }
  return best?.c;
}

// Plans and conditions ("will be removed", "… when the flag is removed") are not events.
const future =
  /\b(will|would|to|'ll|should|can|must|may) be (completely |fully |safely )?(removed|dropped|deleted)\b|\bscheduled for removal\b|\bin a future release\b|\bplanned for removal\b|\bwill be locked\b|\b(when|once|after|until|before|if|unless)\b[^.,;]{0,40}\b(is|are|gets?|been) (removed|dropped|deleted)\b/;

// A default planned, not changed: "will (not) be enabled by default", "by default in a future release".
const futureDefault =
  /\b(will|would|won't|to|may|might|could|should|can|cannot)\b[^.;]{0,30}?\b(be|become|get)\s+(\w+\s+)?(enabled|disabled|turned on|turned off|on|off) by default\b[^.]*|\bby default in (a |the )?future\b[^.]*/g;

const pastDefault = /\b(was|were|had been)\b[^.;]{0,40}?\bby default in v?\d+\.\d+[^.]*/g;
// Plans are not events: "will be deprecated", "plans to deprecate", "deprecation is planned".
const futureDeprecation =
  /\b(will|would|to|'ll|should|may|might) (\w+ )?be (marked )?deprecated\b|\bplan(s|ned)? to deprecate\b|\bdeprecation (is |was )?planned\b|\bwill deprecate\b/g;
const priorDeprecation =
  /\b(the|a|an|its|their|these|those|all|any|other|previously|already|still|remains?|remained|long|formerly)\s+(\w+\s+)?deprecated\b|\bdeprecated (since|in) v?1\.\d+\b/g;
// A fix to what a flag's help says ("help text", "usage message", "description of") changes no setting.
const helpText =
  /\b(help|usage)[- ](text|message|string|output)\b|\bdescriptions? of\b|\bflag descriptions?\b|\bdocstrings?\b/;

/**
 * What the note does, read from its verbs. Plans ("will be removed", "planned for removal", "in
 * a future release") are not events; a removal is not also a graduation or a lock (the gate is
 * gone); a help-text fix is not a deprecation.
 */
export function changesOf(text: string): NoteChange[] {
  // "… are now unconditionally enabled and can no longer be specified in component invocations"
  // (PRs 98021, 101531, 104163, 108394 are titled "Remove … feature gate(s)") says the gate is gone
  // from the code in that release, so passing it is an error: a removal, not a lock. A lock is
  // "locked to true/default", "cannot be disabled" (the gate is still accepted at its default).
  const t = text.toLowerCase();
  const later = future.test(t);
  if (/\brenam(e|ed|es|ing)\b/.test(t)) return ['renamed'];
  if (
    !later &&
    /\b(removed?|removes|removing|dropped|drops|deleted)\b|\bno longer (available|supported|served|accepted|exists?)\b|\bcan no longer be specified\b/.test(
      t,
    )
  )
    return ['removed'];
  const out: NoteChange[] = [];
  // "un-deprecated" is the opposite.
  // "The deprecated feature gates X … are now unconditionally enabled", "remains deprecated":
  // a state from an earlier release, not this one's deprecation.
  const now = t.replace(futureDeprecation, '').replace(priorDeprecation, '');
  if (/\bdeprecat/.test(now) && !/\bun-?deprecat/.test(now) && !helpText.test(now)) out.push('deprecated');
  // "the following flags have no effect", "… is now a no-op": accepted without effect (not "has
  // no effect on X", "no-op if …": a case, not the setting).
  if (
    /\b(ha(s|ve) no effect|no longer ha(s|ve) any effect|(is|are) (now )?(a )?no-?ops?)\b(?!\s+(on|if|when|unless|for|in)\b)/.test(
      t,
    )
  )
    out.push('inert');
  // "locked to true", "locked it to default", "cannot be disabled", "no longer has any effect"
  // (the gate is ignored); never "unlocked", "deadlocked" or "blocked".
  if (
    (/(^|[^a-z])locked\b/.test(t) && !/\bwill be locked\b/.test(t)) ||
    /\b(can ?not|can no longer) be disabled\b|\bunconditionally (enabled|disabled)\b|\b(enabled|disabled) unconditionally\b/.test(
      t,
    ) ||
    /\bfeature[- ]gates? (no longer has any effect|is always enabled|is now always enabled)\b/.test(t)
  )
    out.push('locked');
  // "It reached GA in Kubernetes 1.21", "GA since v1.29": an earlier release's graduation, not this one's.
  if (
    /\b(graduat\w*|promot\w*|moved?|upgraded|is now|are now|reached|marked as)\b[^.]{0,160}?\b(ga|stable|beta|general availability)\b/.test(
      t,
    ) &&
    !/\b(in|since) (kubernetes )?v?1\.\d+\b/.test(t)
  )
    out.push('graduated');
  // A plan is no change of default: "will not graduate or be enabled by default in future releases";
  // nor a past state: "This was enabled by default in 1.13.0" (PR 75295, a new flag's note).
  const present = t.replace(futureDefault, '').replace(pastDefault, '');
  if (
    // A change, not a state: "is enabled by default and will continue to be" says what holds.
    /\bdefault(s)?\b[^.]*\b(changed?|now|to true|to false)\b|\b(now|is now|are now|newly|been) (enabled|disabled|on|off) by default\b|\b(enabled|disabled|turned on|turned off|switched on|switched off) by default (now|from|starting|as of|in)\b|\bnow defaults?\b/.test(
      present,
    )
  )
    out.push('default-changed');
  return out;
}

const flagToken = /(?<![\w-])`?(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*)`?/g;
// A backticked hyphenated word names a flag in notes that say so without the dashes
// ("the deprecated `repair-malformed-updates` has been removed").
const bareFlag = /`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`/g;
const flagWordBare = /\bflags?\s+`?([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`?(?![\w-])/g;
const bareFlagWord = /(?<![\w`-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+) (?:command[- ]line |CLI )?flag\b/g;
const camelCore = '[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]{2,}[a-z][A-Za-z0-9]*|[A-Z][a-z]+v\\d+';
const camelName = `(${camelCore})`;
// "A, B and C feature gates" / "feature gates `A` and `B`": a list of names beside the words.
const camelItem = `\`?(?:${camelCore})\`?`;
const camelList = `(${camelItem}(?:\\s*,\\s*${camelItem})*(?:,?\\s+(?:and|or)\\s+${camelItem})?)`;
// A gate or plugin is named next to the words that say what it is, or in backticks.
const gateNear = [
  new RegExp(`(?<![\\w-])${camelList}\\s+(?:feature[- ]?)?(?:gates?|flags?)\\b`, 'g'),
  new RegExp(`feature[- ]?(?:gates?|flags?)\\s+${camelList}`, 'g'),
  // "The following feature gates are removed, because …: A, B, C" (1.18 notes, PR 87475); a
  // version's dot does not end the sentence ("… graduated to GA in 1.23 or earlier … have been
  // removed: CSIServiceAccountToken, ConfigurableFSGroupPolicy, …", 1.25, PR 109435).
  // The sentence may open with the words (case-sensitive names forbid the `i` flag).
  new RegExp(`[Ff]eature[- ]?[Gg]ates\\b(?:[^:.]|\\.(?=\\d)){0,160}:\\s*${camelList}`, 'g'),
  // A gate spelt from a small letter, right before the words ("The deprecated `runAsGroup`
  // feature-gate has been removed", 1.22, PR 101581): the build matches it to the gate case-blind.
  /`([a-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)`\s+feature[- ]?gates?\b/g,
];
const listNames = (list: string): string[] =>
  list
    .split(/\s*,\s*|\s+(?:and|or)\s+/)
    .map((x) => x.replace(/`/g, '').trim())
    .filter(Boolean);
const pluginNear = [
  new RegExp(`(?<![\\w-])${camelList}\\s+admission\\s+(?:plugin|controller)`, 'g'),
  new RegExp(`admission\\s+(?:plugin|controller)s?\\s+${camelList}`, 'g'),
];
const backtickedCamel = new RegExp(`\`${camelName}\``, 'g');
const camelAnywhere = new RegExp(`(?<![\\w\\-.])${camelList}`, 'g');
/** HostPIDSources → host-pid-sources. */
const kebab = (x: string): string =>
  x
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
const fieldToken = /`([a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*)`/g;
// Where a note turns to the replacement ("use --token-auth-file instead"), later names are not its subject.
// Words inside a name (`use-legacy-policy-config`) are not the turn.
const replacementTurn =
  /(?<![\w`-])(use(?! of)|using|instead|in favou?r of|replaced (?:by|with)|migrate to|switch to|superseded by|successor)(?![\w-])/i;
const renameTo = new RegExp(`\\bto\\s+\`?(${camelName.slice(1, -1)}|--[a-z][a-z0-9-]*)\`?`);

const graduation =
  /\b(graduat\w*|promot\w*|moved?|upgraded|is now|are now|reached|marked as)\b[^.]{0,160}?\b(ga|stable|beta|general availability)\b/i;

/**
 * The first match of `word` after the name at `at`, in the same sentence, unless another name
 * stands between them other than in a list: "Graduated `A` to stable and `B` to beta" gives A
 * stable and B beta; "`A` and `B` are promoted to GA" gives both GA.
 */
function wordAfter(
  text: string,
  at: number,
  names: ReadonlyArray<{ at: number; name: string }>,
  word: RegExp,
): RegExpMatchArray | undefined {
  const end = text.slice(at).search(/\.(\s|$)/);
  const sentence = text.slice(at, end < 0 ? undefined : at + end);
  const m = sentence.match(word);
  if (!m || m.index === undefined) return undefined;
  const others = names.filter((n) => n.at > at && n.at < at + m.index!);
  if (!others.length) return m;
  let rest = sentence.slice(0, m.index);
  for (const x of [names.find((n) => n.at === at), ...others]) if (x) rest = rest.replace(x.name, '');
  const filler =
    /\b(and|or|the|features?|feature[- ]gates?|gates?|are|were|is|have|has|been|now|both|all|promoted|graduated|moved|to|unconditionally)\b|[\s`,]/gi;
  return rest.replace(filler, '') === '' ? m : undefined;
}

/** Every place the text names `name` (a name can be the subject of several sentences). */
function occurrences(text: string, name: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) out.push(i);
  return out;
}

function stageFor(
  text: string,
  name: string,
  names: ReadonlyArray<{ at: number; name: string }>,
): GateStage | undefined {
  if (!graduation.test(text)) return undefined;
  const m = firstAfter(text, name, names, /\b(GA|stable|beta|general availability)\b/i);
  if (!m) return undefined;
  const w = m[1].toLowerCase();
  return w === 'general availability' ? 'ga' : stageOf(w);
}

function firstAfter(
  text: string,
  name: string,
  names: ReadonlyArray<{ at: number; name: string }>,
  word: RegExp,
): RegExpMatchArray | undefined {
  const all = names.flatMap((n) => occurrences(text, n.name).map((at) => ({ at, name: n.name })));
  for (const at of occurrences(text, name)) {
    const m = wordAfter(text, at, all, word);
    if (m) return m;
  }
  return undefined;
}

function lockFor(text: string, name: string, names: ReadonlyArray<{ at: number; name: string }>): boolean | undefined {
  const m = firstAfter(
    text,
    name,
    names,
    /\b(?:locked\b[^.]{0,30}?\b(true|false|enabled|disabled|on|off)\b|unconditionally (enabled|disabled)|(always enabled|enabled unconditionally|no longer has any effect|can ?not be disabled|can no longer be disabled))/i,
  );
  if (m) return m[3] ? true : /^(true|enabled|on)$/i.test(m[1] ?? m[2] ?? '');
  return lockValueIn(text);
}

/** "… and enabled by default" / "(disabled by default)": the default a graduation gives the name. */
function enabledByDefault(
  text: string,
  name: string,
  names: ReadonlyArray<{ at: number; name: string }>,
): boolean | undefined {
  const m = firstAfter(text, name, names, /\b(enabled|disabled|on|off) by default\b/i);
  return m ? /^(enabled|on)$/i.test(m[1]) : undefined;
}

function lockValueIn(text: string): boolean | undefined {
  const m = text.toLowerCase().match(/\blocked\b[^.]{0,30}?\b(true|false|enabled|disabled|on|off)\b/);
  if (m) return m[1] === 'true' || m[1] === 'enabled' || m[1] === 'on';
  if (
    /\bno longer has any effect\b|\balways enabled\b|\bunconditionally enabled\b|\benabled unconditionally\b|\bcan ?not be disabled\b|\bcan no longer be disabled\b/i.test(
      text,
    )
  )
    return true;
  return undefined;
}

type Subject = { kind: NoteEvent['kind']; name: string; at: number; component?: string };

/** A note's sentences: a verb in one sentence does not reach a name in another. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<!\b(?:e\.g|i\.e|etc|vs))(?<=[.!?])\s+(?=[A-Z`'"(-])/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * A removal sentence that says its gates were GA and locked from a release: the release, and
 * whether it is a bound ("or earlier"). The lock is a past state ("were unconditionally enabled",
 * "locked to stable in 1.17"), never the removal's own effect ("has been removed and now
 * unconditionally enabled", 1.21, PR 96539: enabled because the gate is gone).
 */
export function lockedSinceOf(text: string): { since: string; orEarlier: boolean } | undefined {
  const t = text.toLowerCase();
  // Present tense is the removal's own effect too ("The `StartupProbe` feature gate that is GA since
  // v1.20 is unconditionally enabled, and can no longer be specified", 1.23, PR 104168): only a past
  // state or a lock proves the gate was locked before it went.
  if (future.test(t) || !/(^|[^a-z])locked\b|\b(was|were|been) unconditionally enabled\b/.test(t)) return undefined;
  const m = t.match(
    /\b(?:ga|stable|general availability)\b[^.]{0,40}?\b(?:in|since) (?:kubernetes )?v?(1\.\d+)\b( or earlier)?/,
  );
  return m ? { since: m[1], orEarlier: m[2] !== undefined } : undefined;
}

// A sentence that goes on about the previous one's subject ("It is now locked to true.").
const pronoun = /^(it|this|these|they|its|the (feature[- ]?)?(gates?|flags?)|the feature|the plugin)\b/i;

export function eventsOfNote(n: Note): NoteEvent[] {
  if (!changesOf(n.text).length && !additionWords.test(n.text)) return [];
  // Author handles and PR references are not subjects; emphasis (`_true_`) is not part of a word.
  const clean = n.text
    .replace(/@[\w-]+/g, '')
    .replace(/#\d+/g, '')
    .replace(/(^|[^\w`])(\*{1,2}|_{1,2})([^*_`]+?)\2(?=[^\w`]|$)/g, '$1$3');
  const component = componentOf(clean);
  const areas = [...new Set(n.areas.map((a) => areaComponents.get(a)).filter((c): c is string => Boolean(c)))];
  const base = {
    ...(component ? { component } : {}),
    ...(areas.length ? { areas } : {}),
    ...(n.pr ? { pr: n.pr } : {}),
  };
  const out = new Map<string, NoteEvent>();
  let previous: Subject[] = [];
  const gatesNamed = new Set<string>();
  for (const sentence of sentencesOf(clean)) {
    const changes = changesOf(sentence);
    const renamed = changes[0] === 'renamed';
    // A rename names the old and the new; any other sentence stops at the replacement it points to.
    const turn = renamed ? -1 : sentence.search(replacementTurn);
    const text = turn < 0 ? sentence : sentence.slice(0, turn);
    let names = subjectsOf(text, changes, component !== undefined);
    for (const x of names) if (x.kind === 'gate' && !placeholderPattern(x.name)) gatesNamed.add(x.name);
    const carried = !names.length && pronoun.test(sentence);
    if (carried) names = previous.map((x) => ({ ...x, at: -1 }));
    else if (names.length) previous = names;
    // "… has been removed. It is GA and its value has been locked since Kubernetes v1.30." (1.32,
    // PR 128634): the next sentence dates the lock of the gate the note removes.
    const carriedLock = carried ? lockedSinceOf(sentence) : undefined;
    if (carriedLock)
      for (const x of names) {
        const key = `gate:${x.name}:removed`;
        const e = out.get(key);
        if (e && e.lockedSince === undefined)
          out.set(key, {
            ...e,
            lockedSince: carriedLock.since,
            ...(carriedLock.orEarlier ? { lockedOrEarlier: true as const } : {}),
          });
      }
    // "New flag `--x` …", "Added alpha feature gate `X` …": the setting named first after the
    // words is new, whatever else the sentence says of it (deprecated metrics, off by default).
    // A new flag is an event of its own: the pages may list it releases later (kube-proxy
    // --ipvs-strict-arp: notes 1.15, first page 1.16, the 1.15 page being the 1.14 output).
    const addition = text.match(additionWords);
    const added = addition?.index !== undefined ? names.find((x) => x.at >= addition.index! && x.at >= 0) : undefined;
    if (added?.kind === 'flag')
      out.set(`flag:${added.name}:added`, {
        kind: 'flag',
        name: added.name,
        ...base,
        ...(added.component ? { component: added.component } : {}),
        change: 'added',
      });
    // "Added the feature gates `A` and `B`" (1.31, PR 124675): the gates listed right after the
    // words. The build uses these to date a gate whose later spec or page names an earlier
    // release (a version string kept from a backport or a slipped KEP), not as a change.
    if (added?.kind === 'gate') {
      let prev = added;
      for (const x of names.slice(names.indexOf(added))) {
        if (x !== added) {
          const gap = text.slice(prev.at + prev.name.length, x.at);
          if (x.kind !== 'gate' || !/^[`'"]?\s*(,|,?\s*and|,?\s*or)?\s*(the\s+)?[`'"]?$/.test(gap)) break;
        }
        const value = enabledByDefault(text, x.name, names);
        out.set(`gate:${x.name}:added`, {
          kind: 'gate',
          name: x.name,
          ...base,
          change: 'added',
          ...(value !== undefined ? { value } : {}),
        });
        prev = x;
      }
    }
    if (!changes.length) continue;
    for (const x of names) {
      if (x === added) continue;
      const common = { kind: x.kind, name: x.name, ...base, ...(x.component ? { component: x.component } : {}) };
      if (renamed) {
        // "renamed A to B" / "renamed from A to B": the event is on A, pointing at B.
        const after = text.slice(x.at + x.name.length);
        const to = after.match(renameTo)?.[1];
        if (to && to !== x.name && names.some((y) => y.name === to && y.kind === x.kind))
          out.set(`${x.kind}:${x.name}:renamed`, { ...common, change: 'renamed', to });
        continue;
      }
      for (const change of changes) {
        if ((change === 'locked' || change === 'graduated') && x.kind !== 'gate') continue;
        if (change === 'inert' && x.kind !== 'flag') continue;
        const stage =
          change === 'graduated' ? (carried ? stageOfSentence(text) : stageFor(text, x.name, names)) : undefined;
        if (change === 'graduated' && !stage) continue;
        const value =
          change === 'locked'
            ? carried
              ? lockValueIn(text)
              : lockFor(text, x.name, names)
            : change === 'graduated' && !carried
              ? enabledByDefault(text, x.name, names)
              : undefined;
        const explicit = (change === 'removed' || change === 'locked') && !carried && isExplicit(text, x.name);
        const lock = change === 'removed' && x.kind === 'gate' ? lockedSinceOf(text) : undefined;
        const key = `${x.kind}:${x.name}:${change}`;
        const had = out.get(key);
        out.set(key, {
          ...common,
          change,
          ...(lock ? { lockedSince: lock.since, ...(lock.orEarlier ? { lockedOrEarlier: true as const } : {}) } : {}),
          ...(stage ? { stage } : {}),
          ...(value !== undefined ? { value } : had?.value !== undefined ? { value: had.value } : {}),
          ...(explicit || had?.explicit ? { explicit: true } : {}),
        });
      }
    }
  }
  // A placeholder stands for the gates the note does not name itself.
  for (const [k, e] of out)
    if (e.kind === 'gate' && placeholderPattern(e.name)) {
      const except = [...gatesNamed].filter((g) => placeholderPattern(e.name)!.test(g)).sort();
      if (except.length) out.set(k, { ...e, except });
    }
  // A setting the note removes did not also graduate or lock in this release ("… graduated to GA
  // …, the feature gate has been removed").
  for (const e of [...out.values()])
    if (e.change === 'removed') {
      out.delete(`${e.kind}:${e.name}:graduated`);
      out.delete(`${e.kind}:${e.name}:locked`);
    }
  return [...out.values()];
}

// "add alpha `InTreePluginXXUnregister` flag", "kubelet now accepts a --cni-cache-dir option"
// (1.16, PR 78908): the name may stand before the noun; "A new kubelet command line option,
// `--reserved-cpus`" (1.17): a component between the words.
// "Introduced a new boolean kubelet flag `--fail-cgroupv1`" (1.31): adjectives and a value type may
// stand between the verb and the word.
const additionWords =
  /\b(new|adds?|added|adding|introduc\w*|now accepts?)\s+(an?\s+|the\s+)?((new|alpha|beta|experimental|optional|boolean|bool|string|integer|int|duration)\s+){0,3}((kubelet|kube-proxy|kube-apiserver|kube-scheduler|kube-controller-manager)\s+)?(command[- ]line\s+)?(`[^`]+`\s+|--[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s+)?(flags?|feature[- ]?(?:gates?|flags?)|options?|admission plugins?)\b/i;

/** The flags, plugins, gates and fields a sentence names, in order. */
function subjectsOf(text: string, changes: readonly NoteChange[], hasComponent: boolean): Subject[] {
  const names: Subject[] = [];
  const add = (kind: NoteEvent['kind'], name: string, at: number, comp?: string): void => {
    if (!names.some((x) => x.kind === kind && x.name === name))
      names.push({ kind, name, at, ...(comp ? { component: comp } : {}) });
  };
  // A backticked CamelCase name called a "flag" is a feature gate ("Remove alpha
  // `CSIMigrationXXComplete` flag", 1.21): component flags are kebab-case.
  // So is one quoted after the word "feature" ("Scheduler's alpha feature 'ResourceLimitsPriorityFunction'
  // is completely removed", 1.19, PR 91883).
  const quotedFeature = [...text.matchAll(/\bfeatures?\s+['`"]([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)['`"]/g)];
  const gateNote =
    /feature[- ]?(gates?|flags?)\b|featuregates?\b/i.test(text) ||
    // "The `DownwardAPIHugePages` feature is now enabled by default" (1.23, PR 106271).
    /`[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*`\s+feature\b/.test(text) ||
    /`[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*`\s+flags?\b/.test(text) ||
    quotedFeature.length > 0;
  // `--feature-gates` in a note about a gate is where the gate is set, not what changed.
  // `--flag=value` names a value of the flag, not the flag ("the `--master-count` flag and
  // `--endpoint-reconciler-type=master-count` reconciler are deprecated", 1.24, PR 108062: the
  // flag itself stays, undeprecated).
  for (const m of text.matchAll(flagToken))
    if (!(gateNote && m[1] === '--feature-gates') && text[(m.index ?? 0) + m[0].length] !== '=')
      add('flag', m[1], m.index ?? 0);
  if (hasComponent || /\bflags?\b/i.test(text))
    for (const m of text.matchAll(bareFlag)) add('flag', `--${m[1]}`, m.index ?? 0);
  // "Introduces flag ipvs-strict-arp" (the JSON form of PR 75295): a hyphenated name right after the word.
  for (const m of text.matchAll(flagWordBare)) add('flag', `--${m[1]}`, m.index ?? 0);
  // "deprecate cleanup-ipvs flag": a hyphenated name right before the word (the build keeps real flags only).
  for (const m of text.matchAll(bareFlagWord))
    if (!/^(kube-(apiserver|controller-manager|scheduler|proxy)|cloud-controller-manager|command-line)$/.test(m[1]))
      add('flag', `--${m[1]}`, m.index ?? 0);
  const pluginNote = /admission (plugin|controller)s?\b/i.test(text);
  const plugins = new Set<string>();
  if (pluginNote) {
    for (const re of pluginNear) for (const m of text.matchAll(re)) for (const p of listNames(m[1])) plugins.add(p);
    if (!gateNote) for (const m of text.matchAll(backtickedCamel)) plugins.add(m[1]);
    // Admission plugins all live in the API server, whatever else the note mentions.
    for (const p of plugins) add('plugin', p, text.indexOf(p), 'kube-apiserver');
  }
  // Locks and graduations are about gates even where the note says "feature" only.
  const gateish = gateNote || changes.includes('locked') || changes.includes('graduated');
  // "If the `X` feature gate is disabled, … are dropped": a condition, not the subject.
  const conditional = (at: number): boolean =>
    /\b(if|unless|when|whether|while|behind|with|under|requires?|requiring|using|via|for)\b[^.,;:]{0,12}$/i.test(
      text.slice(Math.max(0, at - 40), at),
    );
  const addGate = (name: string, at: number): void => {
    if (!plugins.has(name) && !conditional(at)) add('gate', name, at);
  };
  if (gateish) {
    for (const re of gateNear)
      for (const m of text.matchAll(re)) for (const g of listNames(m[1])) addGate(g, text.indexOf(g, m.index ?? 0));
    if (!pluginNote || gateNote) for (const m of text.matchAll(backtickedCamel)) addGate(m[1], m.index ?? 0);
    for (const m of quotedFeature) addGate(m[1], (m.index ?? 0) + m[0].indexOf(m[1]));
    if (changes[0] === 'renamed') {
      const m = text.match(
        new RegExp(`\\b(?:FeatureGate|feature gate)\\s+\`?${camelName}\`?\\s+to\\s+\`?${camelName}`, 'i'),
      );
      if (m) {
        add('gate', m[1], m.index ?? 0);
        add('gate', m[2], (m.index ?? 0) + m[0].length);
      }
    }
  }
  // "Deprecated kubelet security controls AllowPrivileged, HostNetworkSources … have been
  // removed": a component's settings named as Go fields are its flags in kebab case (the build
  // keeps only names the component has).
  if (hasComponent && !gateNote && !pluginNote && changes.some((c) => c === 'removed' || c === 'deprecated'))
    for (const m of text.matchAll(camelAnywhere))
      for (const x of listNames(m[1])) add('flag', `--${kebab(x)}`, text.indexOf(x, m.index ?? 0));
  if (/\bfields?\b/i.test(text) && /Configuration\b|config(uration)? file|\bconfig\b/i.test(text)) {
    for (const m of text.matchAll(fieldToken)) if (/[A-Z.]/.test(m[1])) add('field', m[1], m.index ?? 0);
  }
  return names.sort((a, b) => a.at - b.at);
}

/**
 * The sentence is about the setting itself: it opens with the name ("The `X` feature gate is
 * removed", "`--foo` has been removed") or with the verb ("Removed the deprecated X feature gate").
 */
function isExplicit(sentence: string, name: string): boolean {
  const at = sentence.indexOf(name);
  if (at < 0) return false;
  const before = sentence.slice(0, at).replace(/[`'"]/g, '');
  const lead =
    /^(the|a)?\s*((ga|deprecated|alpha|beta|legacy|insecure)\s+)*((feature[- ]?gates?|featuregates?|flags?|admission plugins?)\s*)?$/i;
  const verbFirst = /^(\w[\w-]*:\s*)?(removed?|removes|removing|dropped|drops)\b[\w\s,-]*$/i;
  return lead.test(before.replace(/^\w[\w-]*:\s*/, '').trim()) || verbFirst.test(before);
}

/** The stage a sentence about an earlier subject names ("It is now GA."). */
function stageOfSentence(text: string): GateStage | undefined {
  const m = text.match(graduation);
  if (!m) return undefined;
  const w = m[2].toLowerCase();
  return w === 'general availability' ? 'ga' : stageOf(w);
}

const prLink = /\/kubernetes\/(?:kubernetes\/)?pull\/(\d+)/;

/**
 * Notes of the markdown form: every list item ("- text", continued on indented lines).
 * Read line by line rather than through a markdown parser: release notes are plain lists, and
 * parsing megabytes of them into a tree cost more than the rest of the build together.
 * Links become their text, a PR link the note's PR; an item that ends in ':' takes the short
 * names its sub-list gives ("The following feature gates are removed:" + "- `A`").
 */
export function notesFromMarkdown(text: string): Note[] {
  interface Item {
    indent: number;
    lines: string[];
    children: Item[];
  }
  const roots: Item[] = [];
  const stack: Item[] = [];
  let fence = false;
  let last: Item | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      last = undefined;
      continue;
    }
    if (fence) continue;
    const bullet = line.match(/^(\s*)[-*+]\s+(.*)$/);
    if (bullet) {
      const item: Item = { indent: bullet[1].length, lines: [bullet[2]], children: [] };
      while (stack.length && stack[stack.length - 1].indent >= item.indent) stack.pop();
      if (stack.length) stack[stack.length - 1].children.push(item);
      else roots.push(item);
      stack.push(item);
      last = item;
      continue;
    }
    if (!line.trim() || /^#/.test(line) || /^\S/.test(line)) {
      // A blank line, a heading or text at the margin ends the item (lists resume with a bullet).
      if (!line.trim() && last) continue;
      last = undefined;
      stack.length = 0;
      continue;
    }
    if (last) last.lines.push(line.trim());
  }
  const out: Note[] = [];
  const visit = (item: Item): void => {
    let raw = item.lines.join(' ');
    let pr: number | undefined;
    raw = raw.replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_m, label: string, url: string) => {
      const m = url.match(prLink);
      if (m && pr === undefined) pr = Number(m[1]);
      return m ? '' : label;
    });
    let t = raw.replace(/\s+/g, ' ').trim();
    if (t.endsWith(':')) {
      const names = item.children.map((c) => c.lines.join(' ').trim()).filter((x) => /^`?[\w-]+`?$/.test(x));
      if (names.length) t = `${t} ${names.join(', ')}`;
    }
    if (t) out.push({ text: t, ...(pr ? { pr } : {}), areas: [] });
    for (const c of item.children) visit(c);
  };
  for (const r of roots) visit(r);
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
    .filter((e) => e && typeof e === 'object' && !e.do_not_publish && (e.text || e.markdown))
    .map((e) => ({
      text: String(e.text ?? e.markdown ?? '')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^"(.*)"$/, '$1'),
      ...(typeof e.pr_number === 'number' ? { pr: e.pr_number } : {}),
      areas: [...(e.areas ?? []), ...(e.sigs ?? [])].map(String),
    }));
}

export interface NotesFile {
  readonly name: string;
  readonly text: string;
}

/**
 * All notes of a release: the JSON forms, then the markdown ones (website notes, drafts without
 * a JSON twin) for PRs the JSON does not have. A markdown file with a JSON twin of the same name
 * is the same data and is skipped.
 */
export function releaseNotes(files: readonly NotesFile[]): Note[] {
  const json = files.filter((f) => f.name.endsWith('.json'));
  const twins = new Set(json.map((f) => f.name.replace(/\.json$/, '.md')));
  const out: Note[] = [];
  const prs = new Set<number>();
  const texts = new Set<string>();
  const push = (n: Note): void => {
    if (n.pr !== undefined ? prs.has(n.pr) : texts.has(n.text)) return;
    if (n.pr !== undefined) prs.add(n.pr);
    texts.add(n.text);
    out.push(n);
  };
  for (const f of json) for (const n of notesFromJson(f.text)) push(n);
  for (const f of files.filter((x) => x.name.endsWith('.md') && !twins.has(x.name)))
    for (const n of notesFromMarkdown(f.text)) push(n);
  return out;
}

/** A container image a note says the release moved to a new version ("The pause image upgraded to `v3.4.1`"). */
export interface ImageUpdate {
  /** The image's name, the last path element without the tag (`pause`). */
  readonly image: string;
  /** The version as the note writes it, without a leading `v` (`3.4.1`). */
  readonly version: string;
  readonly pr?: number;
}

const imageUpdate = [
  // "The pause image upgraded to `v3.4.1` in kubelet and kubeadm" (1.21, PR 98205).
  /\b`?([a-z][a-z0-9-]*)`?\s+(?:container\s+)?image\s+(?:was\s+|is\s+|has\s+been\s+)?(?:upgraded|updated|bumped)\s+to\s+(?:version\s+)?`?v?(\d+(?:\.\d+)+)`?/i,
  // "Updated pause image to version 3.5" (1.22, PR 100292).
  /\b(?:upgraded|updated|bumped)\s+(?:the\s+)?`?([a-z][a-z0-9-]*)`?\s+(?:container\s+)?image\s+to\s+(?:version\s+)?`?v?(\d+(?:\.\d+)+)`?/i,
  // "Dependencies: started using registry.k8s.io/pause:3.10" (1.31, PR 125112): a full reference.
  /\b(?:start(?:ed|s)?\s+using|switch(?:ed|es)?\s+to|now\s+uses?)\s+`?(?:[\w.-]+\/)+([a-z][a-z0-9-]*):v?(\d+(?:\.\d+)+)`?/i,
];

/**
 * Images a release's notes move to a new version. A note about Windows only ("… on Windows") is
 * not about the default every platform gets.
 */
export function imageUpdatesOf(n: Note): ImageUpdate[] {
  if (/\bwindows\b/i.test(n.text) && !/\blinux\b/i.test(n.text)) return [];
  for (const re of imageUpdate) {
    const m = n.text.match(re);
    if (m) return [{ image: m[1].toLowerCase(), version: m[2], ...(n.pr ? { pr: n.pr } : {}) }];
  }
  return [];
}

/**
 * A flag's or config field's default a note says the release changed ("Reduce default
 * NodeStatusReportFrequency to 5 minutes", 1.17, PR 84007; "changed `MemoryThrottlingFactor`
 * default value to `0.9`", 1.27; "`--audit-log-maxage` now defaults to `366`", 1.36).
 */
export interface DefaultUpdate {
  /** The name as the note writes it: `--flag`, a Go field name or a JSON field name. */
  readonly name: string;
  /** The new value as the note writes it ("5 minutes", "0.9"). */
  readonly value: string;
  /** The old value, where the note gives it ("from 100ms to 100µs"). */
  readonly from?: string;
  /** The component the note names first (its config kind holds the field). */
  readonly component?: string;
  /** Components the note's areas point at, where its text names none. */
  readonly areas?: readonly string[];
  readonly pr?: number;
}

// A setting's name: a flag, or a Go or JSON field name (two words at least, so "the default
// timeout" names nothing), backticked or not. Case matters: a name is camel case.
const settingName = '`?(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)`?';
// A value: backticked or quoted text, or a number with its unit ("5 minutes", "0.9", "100ms").
const settingValue =
  '(`[^`]+`|"[^"]+"|\'[^\']+\'|-?\\d+(?:\\.\\d+)*(?:\\s*(?:ms|µs|us|s|m|h|seconds?|minutes?|hours?|%)(?![\\w]))?|true|false)';
const verb = '(?:[Rr]educ|[Ii]ncreas|[Cc]hang|[Bb]ump|[Rr]ais|[Ll]ower|[Uu]pdat|[Ss]et|[Ss]witch)\\w*';
const defaultWord = '[Dd]efault';
const fromTo = `\\s+(?:from\\s+${settingValue}\\s+)?to\\s+${settingValue}`;
const defaultChange = [
  // "Reduce default X to V", "changed the default value of X from A to B", "set the default for X to V".
  new RegExp(
    `\\b${verb}\\s+(?:the\\s+)?${defaultWord}(?:\\s+value)?(?:\\s+(?:of|for))?\\s+(?:the\\s+)?(?:kubelet\\s+|flag\\s+|field\\s+)?${settingName}(?:\\s+(?:flag|field|option|setting|value))?${fromTo}`,
    'g',
  ),
  // "changed X default value to V", "X default changed from A to B", "X now defaults to V".
  new RegExp(
    `${settingName}(?:\\s+(?:flag|field|option|setting))?(?:'s)?\\s+(?:now\\s+)?defaults?(?:\\s+value)?(?:\\s+(?:is|was|has\\s+been))?(?:\\s+(?:now|changed|reduced|increased|raised|lowered|updated|bumped|switched))?${fromTo}`,
    'g',
  ),
  // "the default (value) of X is now V", "the default of X changed from A to B".
  new RegExp(
    `\\b${defaultWord}(?:\\s+value)?\\s+(?:of|for)\\s+(?:the\\s+)?${settingName}(?:\\s+(?:flag|field|option|setting))?\\s+(?:is\\s+now|(?:(?:is|was|has\\s+been)\\s+)?(?:changed|reduced|increased|raised|lowered|updated|bumped|switched)(?:\\s+from\\s+${settingValue})?\\s+to)\\s+${settingValue}`,
    'g',
  ),
];

const listBefore = new RegExp(`(?:${settingName}\\s*(?:,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or)\\s+))+$`);

/** The defaults a note changes, one per setting it names that way. */
export function defaultUpdatesOf(n: Note): DefaultUpdate[] {
  if (!/\bdefault/i.test(n.text)) return [];
  const clean = n.text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const component = componentOf(clean);
  const areas = [...new Set(n.areas.map((a) => areaComponents.get(a)).filter((c): c is string => Boolean(c)))];
  const out: DefaultUpdate[] = [];
  for (const sentence of sentencesOf(clean)) {
    // A plan or a condition is no change ("will default to", "if unset, defaults to").
    if (/\b(will|would|plan(s|ned)?|future)\b/i.test(sentence)) continue;
    for (const re of defaultChange)
      for (const m of sentence.matchAll(re)) {
        // "if no IP is found, NodeIP defaults to 127.0.0.1" (1.19, PR 91725): a case, not the default.
        if (/\b(if|when|unless)\b/i.test(sentence.slice(0, m.index))) continue;
        const [, name, a, b] = m;
        const value = b ?? a;
        if (!name || !value) continue;
        // "`--audit-webhook-version` and `--audit-log-version` now default to …" (1.13, PR 70476).
        const list = sentence.slice(0, m.index).match(listBefore)?.[0] ?? '';
        const names = [...list.matchAll(new RegExp(settingName, 'g'))].map((x) => x[1]);
        for (const x of [...names, name]) {
          if (out.some((y) => y.name === x)) continue;
          out.push({
            name: x,
            value: unquote(value),
            ...(b !== undefined && a !== undefined ? { from: unquote(a) } : {}),
            ...(component ? { component } : {}),
            ...(areas.length ? { areas } : {}),
            ...(n.pr ? { pr: n.pr } : {}),
          });
        }
      }
  }
  return out;
}

const unquote = (v: string): string => v.trim().replace(/^[`"']|[`"']$/g, '');

/** Candidate events of a release's notes, one per subject, change and PR (the lowest PR kept). */
export function releaseNoteEvents(files: readonly NotesFile[]): NoteEvent[] {
  return noteEventsOf(releaseNotes(files));
}

/** The events, the image updates and the backticked names of a release's notes, read once. */
export function releaseNoteFacts(files: readonly NotesFile[]): {
  events: NoteEvent[];
  images: ImageUpdate[];
  defaults: DefaultUpdate[];
  mentions: Record<string, number | null>;
} {
  const notes = releaseNotes(files);
  return {
    events: noteEventsOf(notes),
    images: notes.flatMap(imageUpdatesOf),
    defaults: notes.flatMap(defaultUpdatesOf),
    mentions: mentionsOf(notes),
  };
}

/**
 * Every backticked name the notes mention, lower case, with the PR of the first note that does
 * (null: none): a config field a note names (`MemoryThrottlingFactor`, 1.27, PR 115371).
 */
export function mentionsOf(notes: readonly Note[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const n of notes)
    for (const m of n.text.matchAll(/`([A-Za-z][A-Za-z0-9.]*)/g)) {
      const k = m[1].toLowerCase();
      if (!(k in out) || (out[k] === null && n.pr !== undefined)) out[k] = n.pr ?? null;
    }
  return out;
}

function noteEventsOf(notes: readonly Note[]): NoteEvent[] {
  const out = new Map<string, NoteEvent>();
  for (const n of notes) {
    for (const e of eventsOfNote(n)) {
      const k = `${e.kind}\u0000${e.name}\u0000${e.change}\u0000${e.component ?? ''}\u0000${e.to ?? ''}`;
      const seen = out.get(k);
      if (
        !seen ||
        (seen.pr === undefined && e.pr !== undefined) ||
        (seen.pr !== undefined && e.pr !== undefined && e.pr < seen.pr)
      )
        out.set(k, e);
    }
  }
  return [...out.values()];
}
