// A real kube-bench report (its --json output) read as each control's status, and held against
// an evaluation of the same benchmark: how many controls a replay on a node reproduces, and
// which it does not. Scanner vendors and reviewers use it to see how far to trust the replay.
import type { Status } from '../model/case.js';
import { compareIds } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import type { EvaluationReport } from './result.js';

const statuses: ReadonlySet<string> = new Set(['PASS', 'FAIL', 'WARN', 'INFO']);

const expected = 'expected kube-bench --json output (Controls[].tests[].results[] with test_number and status)';

/**
 * The top-level JSON values of a text. kube-bench before 0.6 printed one object per target, one
 * after another; later ones print one object with `Controls`. Scanned without recursion.
 */
function jsonValues(text: string, shownAs: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch {
    // One value after another: split where the nesting closes, outside strings.
  }
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          throw inputError(shownAs, `not JSON, ${expected}`);
        }
      } else if (depth < 0) throw inputError(shownAs, `not JSON, ${expected}`);
    } else if (depth === 0 && !/\s/.test(c)) throw inputError(shownAs, `not JSON, ${expected}`);
  }
  if (depth !== 0 || !values.length) throw inputError(shownAs, `not JSON, ${expected}`);
  return values;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, key: string): unknown =>
  v && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;

/** Each control's status in a kube-bench report, by its number (1.2.1); the first one wins where a number repeats. */
export function readKubeBenchReport(text: string, shownAs: string): Map<string, Status> {
  const out = new Map<string, Status>();
  const controlsFiles = jsonValues(text, shownAs).flatMap((v) =>
    Array.isArray(v) ? v : Array.isArray(field(v, 'Controls')) ? list(field(v, 'Controls')) : [v],
  );
  for (const file of controlsFiles)
    for (const group of list(field(file, 'tests')))
      for (const result of list(field(group, 'results'))) {
        const id = field(result, 'test_number');
        const status = field(result, 'status');
        if (typeof id === 'string' && typeof status === 'string' && statuses.has(status) && !out.has(id))
          out.set(id, status as Status);
      }
  if (!out.size) throw inputError(shownAs, `no control results, ${expected}`);
  return out;
}

export interface Agreement {
  /** The report, as the user named it. */
  readonly report: string;
  /** Controls both give a status for, and how many of them agree. */
  readonly compared: number;
  readonly agree: number;
  readonly differ: ReadonlyArray<{ readonly controlId: string; readonly ours: Status; readonly report: Status }>;
  /** Controls only the evaluation has (the report ran another benchmark version or fewer targets). */
  readonly onlyOurs: readonly string[];
  readonly onlyReport: readonly string[];
}

export function agreement(ours: EvaluationReport, report: ReadonlyMap<string, Status>, shownAs: string): Agreement {
  const differ: Array<{ controlId: string; ours: Status; report: Status }> = [];
  const onlyOurs: string[] = [];
  let compared = 0;
  for (const r of ours.results) {
    const theirs = report.get(r.controlId);
    if (theirs === undefined) onlyOurs.push(r.controlId);
    else {
      compared++;
      if (theirs !== r.status) differ.push({ controlId: r.controlId, ours: r.status, report: theirs });
    }
  }
  const evaluated = new Set(ours.results.map((r) => r.controlId));
  const onlyReport = [...report.keys()].filter((id) => !evaluated.has(id)).sort(compareIds);
  return { report: shownAs, compared, agree: compared - differ.length, differ, onlyOurs, onlyReport };
}

/** `312 of 318 controls (98.1%)`. */
export function agreementWords(a: Agreement): string {
  const share = a.compared ? ((100 * a.agree) / a.compared).toFixed(1) : '0.0';
  return `${a.agree} of ${a.compared} controls (${share}%)`;
}
