// Our benchmark format written straight from plain values, with the same bytes the yaml
// library's Document would give (a test holds the two equal on every fixture): building a
// Document for a whole cfg/ root took most of `import`'s time. Structure (block and flow
// collections, indentation) is written here, and so are the scalars whose form is certain:
// plain, quoted printable ASCII, and multi-line ASCII as a literal block. Any other scalar is
// written by the yaml library itself, in a one-pair document of the same context, so quoting,
// block scalars and escapes stay exactly the library's. Whatever this cannot vouch for makes
// the caller fall back to the Document (`undefined`).
import { Document } from '../io/yaml-lib.js';
import type { YAMLMap } from 'yaml';

/** Which collections are written in flow style, by their path of keys (`*` for a list item). */
export type FlowAt = (path: readonly string[]) => boolean;

class Unsure extends Error {}

// What the core schema would read as something other than a string.
const notString =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
// Plain in both block and flow context: no indicator first, no `: ` or ` #`, no trailing space or colon.
const plainBlock = /^(?:[A-Za-z0-9_./$(]|-(?=[^\s]))[^\n\t#:"'`{}[\],&*!|>%@]*$/;
// Control characters, line and paragraph separators, byte-order marks and lone surrogates are escaped by the library.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to find
const escaped = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;

function plain(s: string, inFlow: boolean): boolean {
  if (!plainBlock.test(s) || escaped.test(s) || notString.test(s) || s.endsWith(' ')) return false;
  return !inFlow || !/[,[\]{}]/.test(s);
}

// The library's own tests for a one-line string (yaml/dist/stringify/stringifyString.js plainString).
const notPlain = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const printableAscii = /^[\x20-\x7e]*$/;
const documentMarker = /^(?:---|\.\.\.)/m;

/**
 * A one-line printable-ASCII string as the library writes it: plain where its tests allow,
 * else single-quoted when it holds `"` and no `'`, else double-quoted (only `"` and `\` escaped
 * in this range). Anything else is left to the library.
 */
function asciiScalar(s: string, inFlow: boolean): string | undefined {
  if (!printableAscii.test(s) || documentMarker.test(s)) return undefined;
  const quoted = s === '' || (inFlow && /[[\]{},]/.test(s)) || notPlain.test(s) || notString.test(s);
  if (!quoted) return s;
  if (s.includes('"') && !s.includes("'")) return `'${s}'`;
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

// A line of printable ASCII; and what the library reads as a document marker at a line start.
const printableLines = /^[\x20-\x7e\n]*$/;
const markerLine = /^(?:%|---|\.\.\.)/m;
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t';

/**
 * A multi-line printable-ASCII string in block context as the library writes it: a literal block
 * (`|-`, or `|` when it ends with one newline) indented two spaces at the top level, empty lines
 * left empty. Leading spaces, trailing blank lines and document markers are left to the library.
 */
function blockLiteral(s: string): string | undefined {
  if (!s.includes('\n') || !printableLines.test(s) || markerLine.test(s) || isSpace(s[0])) return undefined;
  const clip = s.endsWith('\n');
  const body = clip ? s.slice(0, -1) : s;
  if (isSpace(body[body.length - 1])) return undefined;
  return `|${clip ? '' : '-'}\n  ${body.replace(/\n+/g, '$&  ')}`;
}

// Strings repeat across folders (the same title or audit in many versions): the library is asked once each.
const byLibrary = new Map<string, string>();
function cachedLibrary(value: string, inFlow: boolean): string {
  const k = `${inFlow ? 'f' : 'b'}${value}`;
  let v = byLibrary.get(k);
  if (v === undefined) {
    v = viaLibrary(value, inFlow);
    if (byLibrary.size > 20_000) byLibrary.clear();
    byLibrary.set(k, v);
  }
  return v;
}

const keyPlain = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A scalar as yaml writes it in a one-pair map of the same context (block or flow). */
function viaLibrary(value: string, inFlow: boolean): string {
  const d = new Document({ k: value });
  if (inFlow) (d.contents as YAMLMap).flow = true;
  const text = d.toString({ lineWidth: 0 });
  if (inFlow) {
    // A flow map the library breaks over lines cannot be spliced into one line.
    if (!text.startsWith('{ k: ') || !text.endsWith(' }\n') || text.slice(0, -1).includes('\n')) throw new Unsure();
    return text.slice(5, -3);
  }
  if (!text.startsWith('k: ')) throw new Unsure();
  return text.slice(3, -1);
}

function scalar(value: unknown, inFlow: boolean): string {
  if (typeof value === 'string')
    return plain(value, inFlow)
      ? value
      : (asciiScalar(value, inFlow) ?? (inFlow ? undefined : blockLiteral(value)) ?? cachedLibrary(value, inFlow));
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw new Unsure();
}

function key(k: string, inFlow: boolean, topLevel = false): string {
  if (keyPlain.test(k) && !notString.test(k)) return k;
  // A key at the start of a line of the document (`---`, `...`) reads differently than one nested.
  if (!inFlow && !topLevel) {
    const text = new Document({ p: { [k]: 1 } }).toString({ lineWidth: 0 });
    if (!text.startsWith('p:\n  ') || !text.endsWith(': 1\n') || text.slice(5, -1).includes('\n')) throw new Unsure();
    return text.slice(5, -4);
  }
  const d = new Document({ [k]: 1 });
  if (inFlow) (d.contents as YAMLMap).flow = true;
  const text = d.toString({ lineWidth: 0 });
  if (inFlow) {
    if (!text.startsWith('{ ') || !text.endsWith(': 1 }\n') || text.slice(0, -1).includes('\n')) throw new Unsure();
    return text.slice(2, -6);
  }
  if (!text.endsWith(': 1\n') || text.slice(0, -1).includes('\n')) throw new Unsure();
  return text.slice(0, -4);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (o: Record<string, unknown>) => Object.entries(o).filter(([, v]) => v !== undefined);

function flow(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[ ${value.map(flow).join(', ')} ]` : '[]';
  if (isObject(value)) {
    const es = entries(value);
    return es.length ? `{ ${es.map(([k, v]) => `${key(k, true)}: ${flow(v)}`).join(', ')} }` : '{}';
  }
  return scalar(value, true);
}

/** A block scalar's lines after the first belong `indent` further in. */
function indented(text: string, indent: number): string {
  // Empty lines of a block scalar stay empty, as the library writes them.
  return indent && text.includes('\n') ? text.replace(/\n(?=[^\n])/g, `\n${' '.repeat(indent)}`) : text;
}

function block(value: unknown, indent: number, path: string[], flowAt: FlowAt, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      const at = [...path, '*'];
      if ((isObject(item) || Array.isArray(item)) && !flowAt(at) && !isEmpty(item)) {
        if (Array.isArray(item)) throw new Unsure();
        const start = out.length;
        block(item, indent + 2, at, flowAt, out);
        out[start] = `${pad}- ${out[start].slice(indent + 2)}`;
      } else
        out.push(
          `${pad}- ${isObject(item) || Array.isArray(item) ? flow(item) : indented(scalar(item, false), indent)}`,
        );
    }
    return;
  }
  if (!isObject(value)) throw new Unsure();
  for (const [k, v] of entries(value)) {
    const at = [...path, k];
    if ((isObject(v) || Array.isArray(v)) && !isEmpty(v) && !flowAt(at)) {
      out.push(`${pad}${key(k, false, indent === 0)}:`);
      // A list under a key is indented one step (yaml's indentSeq), a map likewise.
      block(v, indent + 2, at, flowAt, out);
    } else
      out.push(
        `${pad}${key(k, false)}: ${isObject(v) || Array.isArray(v) ? flow(v) : indented(scalar(v, false), indent)}`,
      );
  }
}

function isEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : isObject(v) && entries(v).length === 0;
}

/** The document's text (comment lines first, then a blank line), or undefined where only the library can say. */
export function emitYaml(value: Record<string, unknown>, flowAt: FlowAt, comment?: string): string | undefined {
  const out: string[] = [];
  try {
    block(value, 0, [], flowAt, out);
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
  const head = comment === undefined ? '' : `${comment.replace(/^/gm, '#')}\n\n`;
  return `${head}${out.join('\n')}\n`;
}
