// What a control is, for matching: the settings its checks read, its topic, the words
// of its title. Computed once per control so matching stays linear in control count.
import type { Benchmark, Control, Section } from '../model/benchmark.js';
import { subjectKey } from '../model/subject.js';

export interface Features {
  readonly control: Control;
  readonly section: Section;
  /** Position in the benchmark, for stable ordering and gap alignment. */
  readonly index: number;
  /** Per check: the keys of every place the setting can be read (flag, config field, …). */
  readonly checkKeys: ReadonlyArray<ReadonlySet<string>>;
  /** Per check: operator and value, aligned with checkKeys. */
  readonly checkOps: readonly string[];
  readonly keys: ReadonlySet<string>;
  /** Title words, only when a person wrote the title (generated titles repeat the checks). */
  readonly words: ReadonlySet<string>;
}

// Words every CIS title repeats; they say nothing about which control it is.
const stopWords = new Set([
  'ensure',
  'that',
  'the',
  'is',
  'are',
  'set',
  'to',
  'as',
  'appropriate',
  'argument',
  'arguments',
  'or',
  'and',
  'a',
  'an',
  'of',
  'on',
  'if',
  'not',
  'be',
  'for',
  'file',
  'files',
  'by',
  'in',
  'where',
  'applicable',
  'more',
  'restrictive',
  'permissions',
  'ownership',
  'automated',
  'manual',
  'scored',
  'not',
  'with',
  'only',
  'when',
]);

export function titleWords(title: string): Set<string> {
  const out = new Set<string>();
  for (const m of title.toLowerCase().matchAll(/--?[a-z0-9][a-z0-9.-]*|[a-z0-9][a-z0-9_.:/-]*/g)) {
    const w = m[0].replace(/[.:]+$/, '');
    if (w.length > 1 && !stopWords.has(w)) out.add(w);
  }
  return out;
}

export function featuresOf(b: Benchmark): Features[] {
  const out: Features[] = [];
  for (const section of b.sections) {
    for (const control of section.controls) {
      const checkKeys = control.checks.map((k) => new Set(k.subjects.map(subjectKey)));
      out.push({
        control,
        section,
        index: out.length,
        checkKeys,
        checkOps: control.checks.map((k) => `${k.op}${k.value === undefined ? '' : ' ' + k.value}`),
        keys: new Set(checkKeys.flatMap((s) => [...s])),
        words: control.titleGenerated ? new Set() : titleWords(control.title),
      });
    }
  }
  return out;
}

/** Share of checks on either side that read a setting the other side also reads (0…1). */
export function settingOverlap(a: Features, b: Features): number {
  const total = a.checkKeys.length + b.checkKeys.length;
  if (!total) return 0;
  const hits = (xs: Features, ys: Features): number =>
    xs.checkKeys.filter((k) => [...k].some((key) => ys.keys.has(key))).length;
  return (hits(a, b) + hits(b, a)) / total;
}

/**
 * Pairs the checks of two controls: each check of A with an unused check of B reading the
 * same setting, preferring one with the same operator and value. Indexes into A and B.
 */
export function pairChecks(a: Features, b: Features): Array<[number, number]> {
  const used = new Set<number>();
  const out: Array<[number, number]> = [];
  const reads = (i: number, j: number): boolean => [...a.checkKeys[i]].some((k) => b.checkKeys[j].has(k));
  const pending: number[] = [];
  a.checkKeys.forEach((_, i) => {
    const j = b.checkKeys.findIndex((_k, n) => !used.has(n) && reads(i, n) && a.checkOps[i] === b.checkOps[n]);
    if (j >= 0) {
      used.add(j);
      out.push([i, j]);
    } else pending.push(i);
  });
  for (const i of pending) {
    const j = b.checkKeys.findIndex((_k, n) => !used.has(n) && reads(i, n));
    if (j >= 0) {
      used.add(j);
      out.push([i, j]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Share of paired checks that also test the same operator and value (0…1). */
export function operatorAgreement(a: Features, b: Features): number {
  const pairs = pairChecks(a, b);
  return pairs.length ? pairs.filter(([i, j]) => a.checkOps[i] === b.checkOps[j]).length / pairs.length : 0;
}

/** Dice coefficient of title words (0…1); 0 when either title was generated. */
export function titleSimilarity(a: Features, b: Features): number {
  if (!a.words.size || !b.words.size) return 0;
  let common = 0;
  for (const w of a.words) if (b.words.has(w)) common++;
  return (2 * common) / (a.words.size + b.words.size);
}
