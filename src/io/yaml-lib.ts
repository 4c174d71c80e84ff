// The yaml package, loaded on first use. Loading it costs about a tenth of a `check` on a
// shipped benchmark, which reads prepared JSON and never parses YAML text; the code that does
// parse is synchronous, so the package is required (synchronous, and faster to load than an
// import of the same file) rather than imported. Every module takes yaml's values from here;
// types still come from 'yaml' directly (`import type`). test/cli-lazy.test.ts keeps runtime
// imports of 'yaml' out of everything else.
import { createRequire } from 'node:module';
import type * as Y from 'yaml';

let lib: typeof Y | undefined;
const yaml = (): typeof Y => (lib ??= createRequire(import.meta.url)('yaml') as typeof Y);

/**
 * A class of the package as a stand-in that loads it when constructed or when a static member
 * is read (`new Document(…)`, `Scalar.PLAIN`). Instances are the package's own.
 */
function lazyClass<K extends 'Document' | 'LineCounter' | 'Scalar' | 'Composer' | 'Parser'>(name: K): (typeof Y)[K] {
  const real = () => yaml()[name] as unknown as new (...a: unknown[]) => object;
  // A plain function target, so that the proxy is constructible; a subclass keeps its own prototype.
  const stand: object = new Proxy(function lazy() {}, {
    construct: (_t, args, newTarget) =>
      Reflect.construct(real(), quiet(name, args), newTarget === stand ? real() : newTarget),
    get: (_t, key) => Reflect.get(real(), key),
  });
  return stand as (typeof Y)[K];
}

export const Document = lazyClass('Document');
export type Document<C extends Y.Node = Y.Node, S extends boolean = true> = Y.Document<C, S>;
export const LineCounter = lazyClass('LineCounter');
export type LineCounter = Y.LineCounter;
export const Scalar = lazyClass('Scalar');
export type Scalar<T = unknown> = Y.Scalar<T>;
export const Composer = lazyClass('Composer');
export const Parser = lazyClass('Parser');

/**
 * The package prints its warnings on the process's standard error ("Keys with collection values
 * will be stringified…"), outside our one-line problems: documents read from users log errors
 * only, and what matters of their warnings is reported as a positioned problem (io/yaml.ts).
 */
function quiet(name: string, args: unknown[]): unknown[] {
  const at = name === 'parse' && typeof args[1] === 'function' ? 2 : 1;
  if (!['parse', 'parseDocument', 'Composer'].includes(name)) return args;
  if (name === 'Composer') return [{ logLevel: 'error', ...(args[0] as object) }, ...args.slice(1)];
  const out = [...args];
  out[at] = { logLevel: 'error', ...(args[at] as object | undefined) };
  return out;
}

// Overloaded functions: forwarded as they are called.
const forward = <K extends 'parse' | 'parseDocument' | 'stringify'>(name: K): (typeof Y)[K] =>
  ((...args: unknown[]) => (yaml()[name] as (...a: unknown[]) => unknown)(...quiet(name, args))) as (typeof Y)[K];
export const parse = forward('parse');
export const parseDocument = forward('parseDocument');
export const stringify = forward('stringify');

// Node tests run in tight loops over every node of a corpus: no rest arguments here.
export const isMap = (node: unknown): node is Y.YAMLMap => yaml().isMap(node);
export const isSeq = (node: unknown): node is Y.YAMLSeq => yaml().isSeq(node);
export const isScalar = (node: unknown): node is Y.Scalar => yaml().isScalar(node);
export const isPair = (node: unknown): node is Y.Pair => yaml().isPair(node);
export const isAlias = (node: unknown): node is Y.Alias => yaml().isAlias(node);
export const isCollection = (node: unknown): node is Y.YAMLMap | Y.YAMLSeq => yaml().isCollection(node);

/** yaml's `visit`, with its BREAK/SKIP/REMOVE markers (symbols of the loaded package). */
export const visit: typeof Y.visit = Object.defineProperties(
  ((node: Parameters<typeof Y.visit>[0], visitor: Parameters<typeof Y.visit>[1]) =>
    yaml().visit(node, visitor)) as typeof Y.visit,
  {
    BREAK: { get: () => yaml().visit.BREAK },
    SKIP: { get: () => yaml().visit.SKIP },
    REMOVE: { get: () => yaml().visit.REMOVE },
  },
);
