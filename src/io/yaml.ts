// Every YAML document a user hands us is parsed here, before anything reads its values:
// syntax errors, nesting deeper than any real document, tags we do not understand and
// aliases to nothing become positioned problems, so nothing deeper in the code meets a
// shape it was not written for (or a stack overflow in a recursive walk).
import { Composer, LineCounter, Parser, visit } from './yaml-lib.js';
import type { Document, ParsedNode } from 'yaml';
import type { Problem } from '../model/problem.js';

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
  seen: { alias: boolean },
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
  const seen = { alias: false };
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
  for (const doc of docs) {
    for (const e of doc.errors) at(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`);
    for (const w of doc.warnings) {
      // An unknown tag (`!foo`, `!!python/object`) would silently read as a plain string.
      if (w.code === 'TAG_RESOLVE_FAILED')
        at(w.pos[0], `unknown YAML tag ${text.slice(w.pos[0], w.pos[1]).trim()}, expected values without custom tags`);
    }
    if (seen.alias)
      visit(doc, {
        Alias(_key, node) {
          if (!node.resolve(doc))
            at(node.range?.[0] ?? 0, `undefined alias *${node.source}, expected an anchor &${node.source} before it`);
        },
      });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { docs, lc, problems };
}

/**
 * The document as plain values, with alias expansion bounded (an alias bomb is an error,
 * not a frozen process or an out-of-memory crash).
 */
export function yamlValue(
  parsed: ParsedYaml,
  file: string,
  maxAliasCount = maxAliasExpansions,
): { value?: unknown; problems: Problem[] } {
  const { doc, lc } = parsed;
  if (!doc) return { problems: [] };
  try {
    return { value: doc.toJS({ maxAliasCount }), problems: [] };
  } catch (e) {
    const { line, col } = lc.linePos(firstAlias(doc) ?? 0);
    return {
      problems: [
        {
          file,
          line,
          col,
          severity: 'error',
          message:
            `aliases expand too far (${(e as Error).message.replace(/\.$/, '')}), ` +
            `expected at most ${maxAliasCount} alias expansions`,
        },
      ],
    };
  }
}

function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_k, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
