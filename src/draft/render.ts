// A draft as our YAML format with its reasons: every change carries a comment naming the
// findings that asked for it (rule, category, release), removed controls are listed where
// they were, and each control's `id:` line carries a hash of its own lines (see stamps.ts).
import { isMap, isPair, isScalar, isSeq, parseDocument } from '../io/yaml-lib.js';
import type { Pair, YAMLMap } from 'yaml';
import { serializeBenchmark } from '../ingest/native.js';
import type { Cause, Change, Drafted } from './apply.js';
import { frameMarker, stampControls } from './stamps.js';

export interface DraftAbout {
  readonly base: { readonly id: string; readonly version: string };
  readonly releases: readonly string[];
  readonly installer?: string;
  readonly accept?: readonly string[];
}

export const schemaUrl = 'https://benchwright.dev/schema/benchmark.schema.json';

function because(causes: readonly Cause[]): string {
  if (!causes.length) return '';
  const byRule = new Map<string, string[]>();
  for (const c of causes) {
    const k = `rule ${c.ruleId}, ${c.category}`;
    byRule.set(k, [...(byRule.get(k) ?? []), c.release]);
  }
  return ` (${[...byRule].map(([k, rs]) => `${k}, Kubernetes ${[...new Set(rs)].join(', ')}`).join('; ')})`;
}

/** One comment line per change: `draft: <what> (rule <rule>, <category>, Kubernetes <release>)`. */
export function changeLine(c: Change): string {
  return ` draft: ${c.words}${because(c.causes)}`;
}

function addComment(node: { commentBefore?: string | null }, lines: readonly string[]): void {
  if (!lines.length) return;
  node.commentBefore = [node.commentBefore, ...lines].filter(Boolean).join('\n');
}

export function draftText(d: Drafted, about: DraftAbout): string {
  const doc = parseDocument(serializeBenchmark(d.benchmark, schemaUrl), { version: '1.2' });
  const sections = doc.get('sections') as unknown;
  const byControl = new Map<string, Change[]>();
  for (const c of d.changes) byControl.set(c.controlId, [...(byControl.get(c.controlId) ?? []), c]);
  const drafted = new Map([...d.ids].map(([from, to]) => [to, from]));
  if (isSeq(sections))
    sections.items.forEach((s, si) => {
      if (!isMap(s)) return;
      const base = d.benchmark.sections[si];
      const controls = s.get('controls', true);
      // Controls the draft removed from this section, named where they were.
      const removed = d.changes.filter(
        (c) =>
          (c.kind === 'remove-control' || c.words === 'removed the control') &&
          !d.ids.has(c.controlId) &&
          c.section === base?.id,
      );
      const key = s.items.find((p) => isScalar(p.key) && p.key.value === 'controls')?.key;
      if (isScalar(key))
        addComment(
          key,
          removed.map((c) =>
            changeLine({
              ...c,
              words: `removed ${c.controlId}${c.words.replace(/^removed the control/, '')}`,
            }),
          ),
        );
      if (!isSeq(controls)) return;
      for (const item of controls.items) {
        if (!isMap(item)) continue;
        const id = String(item.get('id'));
        const changes = byControl.get(drafted.get(id) ?? id) ?? [];
        const whole = changes.filter((c) => c.check === undefined);
        const title = (item as YAMLMap).items.find(
          (p): p is Pair => isPair(p) && isScalar(p.key) && p.key.value !== 'id',
        );
        if (title && isScalar(title.key)) addComment(title.key, whole.map(changeLine));
        const checks = item.get('checks', true);
        if (isSeq(checks))
          checks.items.forEach((k, i) => {
            if (isMap(k)) addComment(k, changes.filter((c) => c.check === i).map(changeLine));
          });
      }
    });
  const count = new Set(d.changes.map((c) => c.controlId)).size;
  doc.commentBefore = [
    ` yaml-language-server: $schema=${schemaUrl}`,
    ` benchwright draft from ${about.base.id} (version ${about.base.version}) for Kubernetes ` +
      `${about.releases.join(', ')}${about.installer ? ` with ${about.installer}` : ''}: ` +
      `${d.changes.length} change${d.changes.length === 1 ? '' : 's'} to ${count} ` +
      `control${count === 1 ? '' : 's'}${about.accept ? `, categories ${about.accept.join(', ')}` : ''}.`,
    ' Each change says which finding asked for it. Edit freely: when draft runs again over this file, a control',
    ' you edited or added is kept as it is (its id line holds a hash of its lines), and so are these top lines.',
    frameMarker,
  ].join('\n');
  return stampControls(doc.toString({ lineWidth: 0 }));
}
