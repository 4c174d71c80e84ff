// Every YAML document a user hands us is parsed here, before anything reads its values:
// syntax errors, nesting deeper than any real document, tags we do not understand and
// aliases to nothing become positioned problems, so nothing deeper in the code meets a
// shape it was not written for (or a stack overflow in a recursive walk).
import { Composer, isAlias, isCollection, isPair, LineCounter, Parser } from './yaml-lib.js';
import type { Document, Node as YamlNode, ParsedNode } from 'yaml';
import { InputError, inputError, type Problem } from '../model/problem.js';

/**
 * Far deeper than any benchmark, kube-bench file or config (they nest 6 to 10 levels), far
 * shallower than where recursive code (ours, the yaml composer, zod) runs out of stack.
 */
export const maxYamlDepth = 64;

/** Alias expansions allowed when converting to plain values: real files use none or a few. */
export const maxAliasExpansions = 100;

export interface YamlOptions {
  readonly version?: '1.1' | '1.2';
  /** Duplicate keys are an error (our format) or allowed (kube-bench, whose go-yaml takes the last). */
  readonly uniqueKeys?: boolean;
  readonly maxDepth?: number;
}

export interface ParsedYaml {
  /** Absent when the text is nested too deeply to build a document from. */
  readonly doc?: Document.Parsed<ParsedNode>;
  readonly lc: LineCounter;
  /** Errors (and the yaml parser's warnings that we keep as warnings), in text order. */
  readonly problems: Problem[];
}

type Token = { offset?: number; type?: string; value?: unknown; items?: unknown[]; start?: unknown; key?: unknown };

/**
 * The deepest nesting of the concrete syntax tree and where it is, without recursion; and
 * whether any alias appears (only then is the document walked for undefined ones).
 */
function deepest(
  tokens: readonly Token[],
  limit: number,
  seen: { alias: boolean; collectionKeys: number[] },
): { depth: number; offset: number } | undefined {
  // Two parallel stacks, no closures: this runs over every token of every file a command reads.
  const nodes: Token[] = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  while (nodes.length) {
    const t = nodes.pop()!;
    const d = depths.pop()!;
    if (d > limit) return { depth: d, offset: t.offset ?? 0 };
    if (t.type === 'alias') seen.alias = true;
    const v = t.value;
    if (v && typeof v === 'object') {
      nodes.push(v as Token);
      depths.push(d + 1);
    }
    const items = t.items;
    if (Array.isArray(items))
      for (const it of items as Token[]) {
        const k = it.key;
        if (k && typeof k === 'object') {
          const kt = (k as Token).type;
          if (kt === 'flow-collection' || kt === 'block-map' || kt === 'block-seq')
            seen.collectionKeys.push((k as Token).offset ?? 0);
          nodes.push(k as Token);
          depths.push(d + 1);
        }
        const iv = it.value;
        if (iv && typeof iv === 'object') {
          nodes.push(iv as Token);
          depths.push(d + 1);
        }
      }
  }
  return undefined;
}

/** The line that opens the most block or flow levels, to point at when the parser gave up. */
function deepestLine(text: string): number {
  let best = { line: 1, depth: -1 };
  let flow = 0;
  text.split('\n').forEach((l, i) => {
    const lead = l.match(/^(?:[ \t]|[-?:](?=[ \t]))*/)?.[0].length ?? 0;
    for (const ch of l) flow += ch === '[' || ch === '{' ? 1 : ch === ']' || ch === '}' ? -1 : 0;
    const depth = Math.max(lead, flow);
    if (depth > best.depth) best = { line: i + 1, depth };
  });
  return best.line;
}

export function parseYaml(text: string, file: string, options: YamlOptions = {}): ParsedYaml {
  const { docs, lc, problems } = parseDocuments(text, file, options, false);
  return { ...(docs[0] ? { doc: docs[0] } : {}), lc, problems };
}

/** A stream of YAML documents (a kubeadm configuration: `---` between kinds), each checked as parseYaml checks one. */
export function parseYamlStream(
  text: string,
  file: string,
  options: YamlOptions = {},
): { docs: Document.Parsed<ParsedNode>[]; lc: LineCounter; problems: Problem[] } {
  return parseDocuments(text, file, options, true);
}

function parseDocuments(
  text: string,
  file: string,
  options: YamlOptions,
  stream: boolean,
): { docs: Document.Parsed<ParsedNode>[]; lc: LineCounter; problems: Problem[] } {
  const lc = new LineCounter();
  const problems: Problem[] = [];
  const at = (offset: number, message: string, severity: Problem['severity'] = 'error') => {
    const { line, col } = lc.linePos(offset);
    problems.push({ file, line, col, severity, message });
  };
  // The concrete syntax tree is built without recursion; building the document from it is
  // recursive, so the depth is checked in between.
  const limit = options.maxDepth ?? maxYamlDepth;
  let tokens: Token[];
  try {
    tokens = [...new Parser(lc.addNewLine).parse(text)] as Token[];
  } catch (e) {
    // The parser closes thousands of open block collections recursively.
    if (!(e instanceof RangeError)) throw e;
    const line = deepestLine(text);
    problems.push({
      file,
      line,
      col: 1,
      severity: 'error',
      message: `nested more than ${limit} levels deep, expected a document nested at most ${limit} levels`,
    });
    return { docs: [], lc, problems };
  }
  const seen = { alias: false, collectionKeys: [] as number[] };
  const deep = deepest(tokens, limit, seen);
  if (deep) {
    at(deep.offset, `nested more than ${limit} levels deep, expected a document nested at most ${limit} levels`);
    return { docs: [], lc, problems };
  }
  const composer = new Composer({
    version: options.version ?? '1.2',
    uniqueKeys: options.uniqueKeys ?? true,
    prettyErrors: false,
  });
  const docs: Document.Parsed<ParsedNode>[] = [];
  for (const d of composer.compose(tokens as never, true, text.length)) {
    if (docs.length && !stream) {
      at(d.range[0], 'a second YAML document, expected one document per file');
      break;
    }
    docs.push(d as Document.Parsed<ParsedNode>);
  }
  // yaml would print its own warning on standard error when converting such a key.
  for (const offset of seen.collectionKeys)
    at(offset, 'a key that is a list or a map, read as its text; expected a plain key', 'warning');
  for (const doc of docs) {
    for (const e of doc.errors) at(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`);
    for (const w of doc.warnings) {
      // An unknown tag (`!foo`, `!!python/object`) would silently read as a plain string.
      if (w.code === 'TAG_RESOLVE_FAILED')
        at(w.pos[0], `unknown YAML tag ${text.slice(w.pos[0], w.pos[1]).trim()}, expected values without custom tags`);
    }
    // One pass for every alias: resolving each on its own walks the whole document again
    // (10,000 aliases took 20 s).
    if (seen.alias)
      for (const offset of aliasExpansions(doc).undefinedAt)
        at(
          offset,
          `undefined alias *${aliasName(text, offset)}, expected an anchor &${aliasName(text, offset)} before it`,
        );
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { docs, lc, problems };
}

const aliasName = (text: string, offset: number): string => text.slice(offset + 1).match(/^[^\s,[\]{}]*/)?.[0] ?? '';

export interface AliasExpansions {
  /** Nodes converting the document to plain values would copy through aliases (saturates past 2^31). */
  readonly count: number;
  /** Where the running count first passes `limit`. */
  readonly overAt?: number;
  /** Aliases with no anchor before them. */
  readonly undefinedAt: readonly number[];
}

/**
 * How many alias expansions converting the document would make, in one walk in document
 * order: an anchor is known from where it stands (an alias names the last one before it, as
 * yaml resolves it), and the expansions an anchored node holds are counted once, when the walk
 * leaves it, so an alias costs one lookup whatever it expands to. Recursion is safe: documents
 * reach here only when nested at most maxYamlDepth levels.
 */
export function aliasExpansions(doc: Document, limit = Number.POSITIVE_INFINITY): AliasExpansions {
  const anchors = new Map<string, YamlNode>();
  const inside = new Map<YamlNode, number>();
  const undefinedAt: number[] = [];
  const cap = 2 ** 31;
  let count = 0;
  let overAt: number | undefined;
  const walk = (node: unknown): number => {
    if (isPair(node)) return Math.min(cap, walk(node.key) + walk(node.value));
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const offset = node.range?.[0] ?? 0;
      if (!target) {
        undefinedAt.push(offset);
        return 0;
      }
      // An alias inside the node it names (a recursive structure) is converted as a reference.
      const n = Math.min(cap, 1 + (inside.get(target) ?? 0));
      count = Math.min(cap, count + n);
      if (overAt === undefined && count > limit) overAt = offset;
      return n;
    }
    const n = node as YamlNode | null;
    if (!n || typeof n !== 'object') return 0;
    if (n.anchor) anchors.set(n.anchor, n);
    let held = 0;
    if (isCollection(n)) for (const item of n.items) held = Math.min(cap, held + walk(item));
    if (n.anchor) inside.set(n, held);
    return held;
  };
  walk(doc.contents);
  return { count, ...(overAt !== undefined ? { overAt } : {}), undefinedAt };
}

/**
 * The document as plain values, with alias expansion bounded (an alias bomb is an error,
 * not a frozen process or an out-of-memory crash). The bound is checked here, in linear time;
 * yaml's own count (maxAliasCount) re-resolves each alias by walking the document.
 */
export function yamlValue(
  parsed: ParsedYaml,
  file: string,
  maxAliasCount = maxAliasExpansions,
): { value?: unknown; problems: Problem[] } {
  const { doc, lc } = parsed;
  if (!doc) return { problems: [] };
  const r = plainValue(doc, maxAliasCount);
  if ('value' in r) return { value: r.value, problems: [] };
  const { line, col } = lc.linePos(r.overAt);
  return { problems: [{ file, line, col, severity: 'error', message: r.message }] };
}

/** The document's plain value, or why not (too many alias expansions, an alias to nothing) and where. */
export function plainValue(
  doc: Document,
  maxAliasCount = maxAliasExpansions,
): { value: unknown } | { message: string; overAt: number } {
  const x = aliasExpansions(doc, maxAliasCount);
  if (x.undefinedAt.length)
    return { message: 'undefined alias, expected an anchor before it', overAt: x.undefinedAt[0] };
  if (x.overAt !== undefined)
    return {
      message:
        `aliases expand too far (${x.count >= 2 ** 31 ? 'over 2147483648' : x.count} expansions)` +
        `, expected at most ${maxAliasCount} alias expansions`,
      overAt: x.overAt,
    };
  // Counted above: yaml's own count would walk the document again for every alias.
  return { value: doc.toJS({ maxAliasCount: -1 }) };
}

/**
 * A user's YAML document, bounded as parseYaml bounds it (depth, aliases to nothing), or an
 * InputError whose first line is its first error, positioned. For readers that need the
 * document itself (its ranges, to splice text): a draft, a benchmark's control positions.
 */
export function boundedDocument(
  text: string,
  file: string,
  options: YamlOptions = {},
): { doc: Document.Parsed<ParsedNode>; lc: LineCounter } {
  const parsed = parseYaml(text, file, options);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length || !parsed.doc) throw new InputError(errors.slice(0, 1));
  return { doc: parsed.doc, lc: parsed.lc };
}

/**
 * A user's YAML (or JSON) text as plain values, in bounded time: nesting past maxYamlDepth and
 * alias expansions past `maxAliasCount` are an InputError naming the file and position, where
 * the bare parser would overflow the stack or re-walk the document for every alias.
 */
export function boundedValue(
  text: string,
  file: string,
  options: YamlOptions & { maxAliasCount?: number } = {},
): unknown {
  const { doc, lc } = boundedDocument(text, file, options);
  const r = plainValue(doc, options.maxAliasCount ?? maxAliasExpansions);
  if ('value' in r) return r.value;
  const { line, col } = lc.linePos(r.overAt);
  throw inputError(file, r.message, line, col);
}
