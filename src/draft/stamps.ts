// How a draft remembers what benchwright wrote, so that a person's edits survive the next
// run: each control's `id:` line ends with `# drafted <hash>`, a hash of that control's
// lines (the marker itself left out); the header holds `# benchwright-draft: <hash>`, a
// hash of everything outside the controls (each control counted by its id only). A control
// whose lines no longer match, or that has no marker, was edited or added by hand; a header
// that no longer matches means the title, version, sections or the set of controls were.
import { parseYaml } from '../io/yaml.js';
import { isMap, isSeq } from '../io/yaml-lib.js';
import { shortHash } from '../export/stamp.js';

const controlMarker = / # drafted ([0-9a-f]{16})/;
const frameRe = /(# benchwright-draft: )(sha256-[0-9a-f]{16}|-)/;

/** The header comment's marker line (without `#`), filled in by stampControls. */
export const frameMarker = ' benchwright-draft: -';

export interface ControlSlice {
  readonly id: string;
  /** Index of its section in the file. */
  readonly section: number;
  /** Offset of the line that holds its `- ` (for removing the item). */
  readonly lineStart: number;
  /** Its own text: from its first key to its end. */
  readonly from: number;
  readonly to: number;
  /** Its lines still match the hash its id line records. */
  readonly pristine: boolean;
}

function unmarked(slice: string): string {
  return slice.replace(controlMarker, '');
}

/** Every control of a file in our format, where it is, and whether it is as benchwright wrote it. */
export function controlSlices(text: string): { slices: ControlSlice[]; sections: number } {
  // The bounded reader: a draft is a user's file (mergeDraft refuses it first when it is not valid).
  const { doc } = parseYaml(text, 'draft');
  const out: ControlSlice[] = [];
  if (!doc) return { slices: out, sections: 0 };
  const sections = doc.get('sections') as unknown;
  if (!isSeq(sections)) return { slices: out, sections: 0 };
  sections.items.forEach((s, si) => {
    const controls = isMap(s) ? s.get('controls') : undefined;
    if (!isSeq(controls)) return;
    for (const c of controls.items) {
      if (!isMap(c) || !c.range) continue;
      const [from, , to] = c.range;
      const slice = text.slice(from, to);
      const recorded = slice.match(controlMarker)?.[1];
      out.push({
        id: String(c.get('id')),
        section: si,
        lineStart: text.lastIndexOf('\n', from) + 1,
        from,
        to,
        pristine: recorded !== undefined && recorded === shortHash(unmarked(slice)),
      });
    }
  });
  return { slices: out, sections: sections.items.length };
}

/** Everything outside the controls, each control as its id alone. */
function frameOf(text: string): string {
  const { slices } = controlSlices(text);
  let out = text;
  for (const s of [...slices].sort((a, b) => b.from - a.from))
    out = `${out.slice(0, s.from)}${s.id}\n${out.slice(s.to)}`;
  return out.replace(frameRe, '$1-');
}

function frameHash(text: string): string {
  return `sha256-${shortHash(frameOf(text))}`;
}

/**
 * Mark every control that has no marker yet (`controls: false`: none, so a control a person added
 * stays theirs), then fill in the header's hash.
 */
export function stampControls(text: string, options: { controls?: boolean } = {}): string {
  const { slices } = controlSlices(text);
  let out = text;
  for (const s of options.controls === false ? [] : [...slices].sort((a, b) => b.from - a.from)) {
    const slice = out.slice(s.from, s.to);
    if (controlMarker.test(slice)) continue;
    const eol = slice.indexOf('\n');
    const at = s.from + (eol < 0 ? slice.length : eol);
    out = `${out.slice(0, at)} # drafted ${shortHash(slice)}${out.slice(at)}`;
  }
  return out.replace(frameRe, `$1${frameHash(out)}`);
}

/** Whether a file was written by draft at all, and whether its lines outside the controls are as written. */
export function frameState(text: string): 'ours' | 'edited' | 'foreign' {
  const recorded = text.match(frameRe)?.[2];
  if (recorded === undefined || recorded === '-') return 'foreign';
  return recorded === frameHash(text) ? 'ours' : 'edited';
}
