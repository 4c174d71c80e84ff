// YAML inputs validated by a zod schema, with every problem at its position
// (`file:line:col: what is wrong, expected …`).
import { Document, isMap, isScalar, isSeq } from '../io/yaml-lib.js';
import type { LineCounter, Node } from 'yaml';
import { parseYaml as parseYamlChecked, parseYamlStream as parseStreamChecked, plainValue } from '../io/yaml.js';
import type { z } from 'zod';
import type { Problem } from '../model/problem.js';

export interface Positioned<T> {
  readonly value?: T;
  readonly problems: Problem[];
  readonly doc: Document;
  readonly lines: LineCounter;
}

export function lineOf(node: unknown, lines: LineCounter): { line: number; col: number } {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lines.linePos(range[0]) : { line: 1, col: 1 };
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || 'the document'
  );
}

function found(node: unknown): string {
  if (isScalar(node)) return `'${String(node.value)}'`;
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a map';
  return 'nothing';
}

/** Problems of one zod result, each at the YAML node it is about. */
export function zodProblems(
  file: string,
  doc: Document,
  lines: LineCounter,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  return issues.map((issue) => {
    const path = issue.path as (string | number)[];
    let node = doc.getIn(path, true) as Node | undefined;
    let message: string;
    if (issue.code === 'unrecognized_keys') {
      const parent = node;
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && issue.keys.includes(String(p.key.value)))
        : undefined;
      node = (pair?.key as Node) ?? parent;
      message =
        `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} ` +
        `in ${pathText(path)}, expected only the keys the schema lists`;
    } else if (!node && path.length) {
      node = doc.getIn(path.slice(0, -1), true) as Node | undefined;
      message =
        `missing ${String(path[path.length - 1])} in ${pathText(path.slice(0, -1))}, ` +
        `expected ${issue.code === 'invalid_type' ? issue.expected : 'a value'}`;
    } else if (issue.code === 'invalid_value') {
      message = `unknown value ${found(node)} for ${pathText(path)}, expected ${issue.values.map(String).join(' or ')}`;
    } else if (issue.code === 'invalid_type') {
      message = `wrong type for ${pathText(path)}: found ${found(node)}, expected ${issue.expected}`;
    } else {
      message = `invalid ${pathText(path)}: ${issue.message}, found ${found(node)}`;
    }
    const { line, col } = lineOf(node ?? doc.contents, lines);
    return { file, line, col, severity: 'error' as const, message };
  });
}

/** Parse one YAML document and validate it; aliases are refused beyond a small count. */
export function parseYaml<T>(text: string, file: string, schema: z.ZodType<T>): Positioned<T> {
  // Through the YAML boundary: depth, unknown tags and undefined aliases are problems, not crashes.
  const parsed = parseYamlChecked(text, file);
  if (!parsed.doc || parsed.problems.some((p) => p.severity === 'error'))
    return { problems: parsed.problems, doc: parsed.doc ?? new Document(null), lines: parsed.lc };
  return validate(parsed.doc, parsed.lc, file, schema);
}

function validate<T>(doc: Document, lines: LineCounter, file: string, schema: z.ZodType<T>): Positioned<T> {
  const problems: Problem[] = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { file, line, col, severity: 'error' as const, message: `invalid YAML: ${e.message.split('\n')[0]}` };
  });
  if (problems.length) return { problems, doc, lines };
  // Aliases counted in one walk (3,000 aliased Pods timed out in yaml's own count).
  const plain = plainValue(doc, 100);
  if (!('value' in plain)) {
    const { line, col } = lines.linePos(plain.overAt);
    return { problems: [{ file, line, col, severity: 'error', message: plain.message }], doc, lines };
  }
  const js = plain.value;
  const r = schema.safeParse(js);
  if (!r.success) return { problems: zodProblems(file, doc, lines, r.error.issues), doc, lines };
  return { value: r.data, problems: [], doc, lines };
}

/** Every document of a multi-document YAML stream (a kubeadm configuration), with one line counter. */
export function parseYamlStream(
  text: string,
  file: string,
): { docs: Document[]; lines: LineCounter; problems: Problem[] } {
  const { docs, lc, problems } = parseStreamChecked(text, file);
  return { docs: docs as Document[], lines: lc, problems };
}

export { validate as validateDocument };
