// Pair the controls of two benchmark versions by what they check, then by title, then by
// where they sit, then by id: a one-to-one assignment where every pair says why.
// Candidates come from inverted indexes (setting → controls, word → controls), so the
// work grows with the number of controls, not with its square.
import { compareText } from '../model/ids.js';
import { operatorAgreement, settingOverlap, titleSimilarity, type Features } from './features.js';

export type MatchReason = 'same-checks' | 'same-setting' | 'title' | 'topic' | 'position' | 'id';
export type Confidence = 'high' | 'medium' | 'low';

export interface Pair {
  readonly a: Features;
  readonly b: Features;
  readonly reason: MatchReason;
  readonly confidence: Confidence;
  /** One phrase a reviewer can check, e.g. "both check kubelet --tls-cert-file". */
  readonly why: string;
}

/** One control of A whose checks B spreads over several controls (or the reverse for a merge). */
export interface Split {
  readonly from: Features;
  readonly into: readonly Features[];
}
export interface Merge {
  readonly from: readonly Features[];
  readonly into: Features;
}

export interface Matching {
  readonly a: readonly Features[];
  readonly b: readonly Features[];
  /** In A's order. */
  readonly pairs: readonly Pair[];
  readonly removed: readonly Features[];
  readonly added: readonly Features[];
  readonly splits: readonly Split[];
  readonly merges: readonly Merge[];
}

interface Candidate {
  readonly a: Features;
  readonly b: Features;
  readonly score: number;
  readonly reason: MatchReason;
  readonly confidence: Confidence;
  readonly why: string;
}

// A setting or word shared by more controls than this identifies none of them.
const maxBucket = 24;

function index<K>(xs: readonly Features[], keysOf: (f: Features) => Iterable<K>): Map<K, Features[]> {
  const m = new Map<K, Features[]>();
  for (const f of xs)
    for (const k of keysOf(f)) {
      const list = m.get(k);
      if (list) list.push(f);
      else m.set(k, [f]);
    }
  return m;
}

function candidatesVia<K>(
  as: readonly Features[],
  idx: Map<K, Features[]>,
  keysOf: (f: Features) => Iterable<K>,
  score: (a: Features, b: Features) => Candidate | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  for (const a of as) {
    const seen = new Set<Features>();
    for (const k of keysOf(a)) {
      const bucket = idx.get(k);
      if (!bucket || bucket.length > maxBucket) continue;
      for (const b of bucket) {
        if (seen.has(b)) continue;
        seen.add(b);
        const c = score(a, b);
        if (c) out.push(c);
      }
    }
  }
  return out;
}

/** Greedy by score; ties go to document order so the result never depends on input order. */
function assign(cands: Candidate[], pairedA: Map<Features, Pair>, pairedB: Map<Features, Pair>): void {
  cands.sort((x, y) => y.score - x.score || x.a.index - y.a.index || x.b.index - y.b.index);
  for (const c of cands) {
    if (pairedA.has(c.a) || pairedB.has(c.b)) continue;
    const p: Pair = { a: c.a, b: c.b, reason: c.reason, confidence: c.confidence, why: c.why };
    pairedA.set(c.a, p);
    pairedB.set(c.b, p);
  }
}

const sameId = (a: Features, b: Features): number => (a.control.id === b.control.id ? 1 : 0);
const sameTarget = (a: Features, b: Features): boolean => a.section.target === b.section.target;

function shared(a: Features, b: Features): string {
  const keys = [...a.keys].filter((k) => b.keys.has(k)).sort(compareText);
  const shown = keys
    .slice(0, 2)
    .map((k) => k.split(':').slice(1).filter(Boolean).join(' '))
    .join(', ');
  return keys.length > 2 ? `${shown} (+${keys.length - 2})` : shown;
}

/** Two controls that check different things, or are about different topics, are not the same control. */
function compatible(a: Features, b: Features): boolean {
  if (a.checkKeys.length && b.checkKeys.length && settingOverlap(a, b) === 0) return false;
  const ta = a.control.topic;
  const tb = b.control.topic;
  return !(ta && tb && ta !== tb);
}

function bySetting(a: Features, b: Features): Candidate | undefined {
  const overlap = settingOverlap(a, b);
  if (!overlap) return undefined;
  const ops = operatorAgreement(a, b);
  const exact = overlap === 1 && ops === 1 && a.checkKeys.length === b.checkKeys.length;
  const score = overlap + 0.5 * ops + 0.1 * sameId(a, b) + 0.05 * titleSimilarity(a, b) + (sameTarget(a, b) ? 0.02 : 0);
  return {
    a,
    b,
    score,
    reason: exact ? 'same-checks' : 'same-setting',
    confidence: overlap >= 0.5 ? 'high' : 'medium',
    why: `${exact ? 'same checks' : 'both check'} ${shared(a, b)}`,
  };
}

function byTitleOrTopic(a: Features, b: Features): Candidate | undefined {
  const sim = titleSimilarity(a, b);
  const topic = a.control.topic !== undefined && a.control.topic === b.control.topic;
  const bothCheck = a.checkKeys.length > 0 && b.checkKeys.length > 0;
  if (!compatible(a, b) && sim < 0.8) return undefined;
  if (sim >= 0.5 && (!bothCheck || sim >= 0.8)) {
    return {
      a,
      b,
      score: sim + 0.05 * sameId(a, b),
      reason: 'title',
      confidence: sim >= 0.8 ? 'high' : 'medium',
      why: `titles ${Math.round(sim * 100)}% alike`,
    };
  }
  if (topic)
    return {
      a,
      b,
      score: 0.5 + 0.05 * sameId(a, b),
      reason: 'topic',
      confidence: 'medium',
      why: `both about ${a.control.topic}`,
    };
  return undefined;
}

/** Which B section most of an A section's controls went to. */
function sectionMap(a: readonly Features[], pairedA: Map<Features, Pair>, b: readonly Features[]): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const f of a) {
    const p = pairedA.get(f);
    if (!p) continue;
    const v = votes.get(f.section.id) ?? new Map<string, number>();
    v.set(p.b.section.id, (v.get(p.b.section.id) ?? 0) + 1);
    votes.set(f.section.id, v);
  }
  const out = new Map<string, string>();
  for (const [sa, v] of votes) out.set(sa, [...v].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0]))[0][0]);
  // Sections without a single anchor (all manual, no topic) keep their id when B has it free.
  const taken = new Set(out.values());
  const bSections = new Map(b.map((f) => [f.section.id, f.section]));
  for (const f of a) {
    if (out.has(f.section.id)) continue;
    const sb = bSections.get(f.section.id);
    if (sb && !taken.has(sb.id) && sb.target === f.section.target) {
      out.set(f.section.id, sb.id);
      taken.add(sb.id);
    }
  }
  return out;
}

/**
 * Unmatched controls sitting between the same matched neighbours on both sides, in equal
 * numbers, are paired in order: how a reviewer lines up a renumbered section by eye.
 */
function byPosition(
  a: readonly Features[],
  b: readonly Features[],
  pairedA: Map<Features, Pair>,
  pairedB: Map<Features, Pair>,
): Candidate[] {
  const out: Candidate[] = [];
  const map = sectionMap(a, pairedA, b);
  const bySectionA = index(a, (f) => [f.section.id]);
  const bySectionB = index(b, (f) => [f.section.id]);
  for (const [sa, sb] of map) {
    const as = bySectionA.get(sa) ?? [];
    const bs = bySectionB.get(sb) ?? [];
    const posB = new Map(bs.map((f, i) => [f, i]));
    let gapA: Features[] = [];
    let lastB = -1;
    const flush = (untilB: number, after?: Features): void => {
      const gapB = bs.slice(lastB + 1, untilB).filter((f) => !pairedB.has(f));
      if (gapA.length && gapA.length === gapB.length) {
        gapA.forEach((fa, i) => {
          const fb = gapB[i];
          // The same id in the same place is the same control even when its checks were all
          // replaced (a draft swapping a check for its successor); otherwise checks must overlap.
          if (!compatible(fa, fb) && fa.control.id !== fb.control.id) return;
          const before = lastB >= 0 ? bs[lastB].control.id : undefined;
          const where =
            before && after
              ? `between ${before} and ${after.control.id}`
              : before
                ? `after ${before}`
                : after
                  ? `before ${after.control.id}`
                  : `in section ${sb}`;
          out.push({ a: fa, b: fb, score: 0.3, reason: 'position', confidence: 'low', why: `same place, ${where}` });
        });
      }
      gapA = [];
    };
    for (const fa of as) {
      const p = pairedA.get(fa);
      const at = p ? posB.get(p.b) : undefined;
      if (at === undefined || at <= lastB) {
        if (!p) gapA.push(fa);
        continue;
      }
      flush(at, p!.b);
      lastB = at;
    }
    flush(bs.length);
  }
  return out;
}

function byId(
  a: readonly Features[],
  b: readonly Features[],
  pairedA: Map<Features, Pair>,
  pairedB: Map<Features, Pair>,
): Candidate[] {
  const idx = index(
    b.filter((f) => !pairedB.has(f)),
    (f) => [f.control.id],
  );
  const out: Candidate[] = [];
  for (const fa of a) {
    if (pairedA.has(fa)) continue;
    for (const fb of idx.get(fa.control.id) ?? []) {
      if (sameTarget(fa, fb) && compatible(fa, fb))
        out.push({
          a: fa,
          b: fb,
          score: 0.1,
          reason: 'id',
          confidence: 'low',
          why: `same id and target (${fa.section.target})`,
        });
    }
  }
  return out;
}

function subset(small: ReadonlySet<string>, big: ReadonlySet<string>): boolean {
  if (!small.size) return false;
  for (const k of small) if (!big.has(k)) return false;
  return true;
}

/** A control whose settings another version spreads over several controls, each a subset. */
function splitsOf(
  from: readonly Features[],
  to: readonly Features[],
  pairedFrom: Map<Features, Pair>,
  pairedTo: Map<Features, Pair>,
  other: (p: Pair) => Features,
): Array<{ from: Features; into: Features[] }> {
  const idx = index(from, (f) => f.keys);
  const extra = new Map<Features, Features[]>();
  for (const t of to) {
    if (pairedTo.has(t) || !t.keys.size) continue;
    const owners = new Set<Features>();
    for (const k of t.keys) for (const f of idx.get(k) ?? []) owners.add(f);
    const owner = [...owners]
      .filter((f) => f.section.target === t.section.target && f.keys.size > t.keys.size && subset(t.keys, f.keys))
      .sort((x, y) => x.index - y.index)[0];
    if (!owner) continue;
    // The owner's partner must itself be a strict part: a partner that already checks
    // everything the owner did means nothing was split off (the rest is a new control).
    const partner = pairedFrom.get(owner);
    const kept = partner && other(partner).keys;
    if (!kept || kept.size >= owner.keys.size || !subset(kept, owner.keys)) continue;
    extra.set(owner, [...(extra.get(owner) ?? []), t]);
  }
  return [...extra].map(([f, ts]) => ({
    from: f,
    into: [other(pairedFrom.get(f)!), ...ts].sort((x, y) => x.index - y.index),
  }));
}

export function matchFeatures(a: readonly Features[], b: readonly Features[]): Matching {
  const pairedA = new Map<Features, Pair>();
  const pairedB = new Map<Features, Pair>();
  const keys = (f: Features): Iterable<string> => f.keys;
  assign(candidatesVia(a, index(b, keys), keys, bySetting), pairedA, pairedB);

  const freeA = a.filter((f) => !pairedA.has(f));
  const freeB = b.filter((f) => !pairedB.has(f));
  const hints = (f: Features): Iterable<string> => [
    ...f.words,
    ...(f.control.topic ? [`topic:${f.control.topic}`] : []),
  ];
  assign(candidatesVia(freeA, index(freeB, hints), hints, byTitleOrTopic), pairedA, pairedB);
  assign(byPosition(a, b, pairedA, pairedB), pairedA, pairedB);
  assign(byId(a, b, pairedA, pairedB), pairedA, pairedB);

  const splits = splitsOf(a, b, pairedA, pairedB, (p) => p.b);
  const merges = splitsOf(b, a, pairedB, pairedA, (p) => p.a).map((s) => ({ from: s.into, into: s.from }));
  const inSplit = new Set([...splits.flatMap((s) => s.into), ...merges.flatMap((m) => m.from)]);
  return {
    a,
    b,
    pairs: a.flatMap((f) => pairedA.get(f) ?? []),
    removed: a.filter((f) => !pairedA.has(f) && !inSplit.has(f)),
    added: b.filter((f) => !pairedB.has(f) && !inSplit.has(f)),
    splits,
    merges,
  };
}
