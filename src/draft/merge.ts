// Running draft again over a draft a person edited: their edits win, everything untouched
// is regenerated. Text level, so kept lines stay byte for byte as the person wrote them.
//   - a control edited (its lines no longer match its hash) or added by hand is kept;
//   - every other control is written anew (or left out when the draft no longer has it);
//   - when the lines outside the controls were edited (title, version, a section, a control
//     deleted), the person's file is the frame: only its untouched controls are regenerated,
//     and no control comes back.
import { parseYaml } from '../io/yaml.js';
import { inputError } from '../model/problem.js';
import { type ControlSlice, controlSlices, frameState, stampControls } from './stamps.js';

export interface Merged {
  readonly text: string;
  /** Controls kept as the person left them. */
  readonly kept: string[];
  /** The lines outside the controls were the person's and were kept. */
  readonly frameKept: boolean;
}

interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.from - a.from))
    out = `${out.slice(0, s.from)}${s.text}${out.slice(s.to)}`;
  return out;
}

export function mergeDraft(existing: string, generated: string, shownAs: string): Merged {
  // Bounded as every user YAML is: nesting and aliases cannot stall or overflow the merge.
  const bad = parseYaml(existing, shownAs).problems.find((p) => p.severity === 'error');
  if (bad)
    throw inputError(
      shownAs,
      `is not valid YAML (${bad.message.replace(/^invalid YAML: /, '')}), expected a draft to update; fix it, or use --force to replace it`,
      bad.line,
      bad.col,
    );
  const state = frameState(existing);
  if (state === 'foreign')
    throw inputError(
      shownAs,
      'was not written by benchwright draft (no benchwright-draft line), expected a draft to update or a new file; --force replaces it',
    );
  const mine = controlSlices(existing).slices;
  const fresh = controlSlices(generated).slices;
  const freshById = new Map(fresh.map((s) => [s.id, s]));
  const kept = mine.filter((s) => !s.pristine).map((s) => s.id);
  const body = (s: ControlSlice, text: string) => text.slice(s.from, s.to);

  if (state === 'ours') {
    // The generated draft is the frame; the person's controls go where theirs were.
    const splices: Splice[] = [];
    mine.forEach((s, i) => {
      if (s.pristine) return;
      const g = freshById.get(s.id);
      if (g) {
        splices.push({ from: g.from, to: g.to, text: body(s, existing) });
        return;
      }
      const item = existing.slice(s.lineStart, s.to);
      const before = mine
        .slice(0, i)
        .reverse()
        .find((p) => p.section === s.section && freshById.has(p.id));
      if (before) {
        const at = freshById.get(before.id)!.to;
        splices.push({ from: at, to: at, text: item });
      } else {
        const first = fresh.find((f) => f.section === s.section);
        if (first) splices.push({ from: first.lineStart, to: first.lineStart, text: item });
      }
    });
    return { text: stampControls(applySplices(generated, splices), { controls: false }), kept, frameKept: false };
  }
  // The person edited the frame: their file is kept, and its untouched controls regenerated.
  const splices: Splice[] = mine
    .filter((s) => s.pristine)
    .map((s) => {
      const g = freshById.get(s.id);
      return g ? { from: s.from, to: s.to, text: body(g, generated) } : { from: s.lineStart, to: s.to, text: '' };
    });
  return { text: applySplices(existing, splices), kept, frameKept: true };
}
