// Our authoring format: one YAML file per benchmark version, validated by the zod
// schema the JSON Schema is generated from. Parsing keeps the yaml Document so an
// unchanged file saves byte-identical and API edits keep comments and key order.
import { Document, isMap, isScalar, isSeq } from '../io/yaml-lib.js';
import type { Node } from 'yaml';
import { parseYaml, yamlValue } from '../io/yaml.js';
import type { z } from 'zod';
import { Benchmark } from '../model/benchmark.js';
import type { Problem } from '../model/problem.js';
import { posOf } from './yaml-nodes.js';
import { emitYaml } from './emit.js';

export const schemaComment = (schemaRef: string) => ` yaml-language-server: $schema=${schemaRef}`;

/**
 * The collections our format writes in flow style (one line each): subjects, allow-list
 * entries, positions, kube-bench test items and audit probes, target tables, version lists.
 */
export function flowInFormat(path: readonly string[]): boolean {
  const n = path.length;
  const last = path[n - 1];
  if (n === 1) return last === 'kubernetes' || last === 'source';
  if (path[0] === 'kubeBench') return n === 4 && last === 'components' ? true : n === 5 && path[3] === 'table';
  if (path[0] !== 'sections' || path[2] !== 'controls') return false;
  const rest = path.slice(4);
  const at = rest.join('/');
  return (
    /^checks\/\*\/subjects\/\*$/.test(at) ||
    /^allowList\/\*$/.test(at) ||
    at === 'source' ||
    at === 'kubeBench/tests/items/*' ||
    /^kubeBench\/(audit|auditConfig|auditEnv)$/.test(at)
  );
}

export interface ParsedBenchmark {
  readonly value?: Benchmark;
  readonly problems: Problem[];
  readonly file: BenchmarkFile;
}

/** A loaded benchmark file: its text, its Document, and whether the API changed it. */
export class BenchmarkFile {
  private dirty = false;
  constructor(
    readonly path: string,
    readonly text: string,
    readonly doc: Document,
  ) {}

  /** Set a control's field (title, remediation, …), keeping comments and key order. */
  setControlField(controlId: string, key: string, value: unknown): boolean {
    const sections = this.doc.get('sections') as unknown;
    if (!isSeq(sections)) return false;
    for (const [si, s] of sections.items.entries()) {
      const controls = isMap(s) ? s.get('controls') : undefined;
      if (!isSeq(controls)) continue;
      for (const [ci, c] of controls.items.entries()) {
        if (isMap(c) && String(c.get('id')) === controlId) {
          this.doc.setIn(['sections', si, 'controls', ci, key], value);
          this.dirty = true;
          return true;
        }
      }
    }
    return false;
  }

  toString(): string {
    return this.dirty ? this.doc.toString({ lineWidth: 0 }) : this.text;
  }
}

/** What a union at `where` accepts: kube-bench probe kinds, file references, or subject kinds. */
function unionChoices(where: string): string {
  if (/\.kubeBench\.audit(Config|Env)?(\.kind)?$/.test(where))
    return 'a probe kind: process, stat, cat, cni-files, encryption-providers, kubectl, fails, unknown';
  if (/\.files\[\d+\]$/.test(where) || /\.file$/.test(where))
    return 'a file reference: { variable }, { path } or { process, flag }';
  return 'a subject kind: flag, config, feature-gate, admission-plugin, file, unknown';
}

function issueMessage(issue: z.core.$ZodIssue, node: unknown, missing = false): string {
  if (missing && issue.code === 'invalid_type') {
    const key = issue.path[issue.path.length - 1];
    const parent =
      issue.path
        .slice(0, -1)
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '') || 'the document';
    return (
      `missing ${String(key)} in ${parent}, expected ` +
      `${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a map' : `a ${issue.expected}`}`
    );
  }
  const where = issue.path.length
    ? issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
    : 'document';
  const got = isScalar(node) ? `'${String(node.value)}'` : isSeq(node) ? 'a list' : isMap(node) ? 'a map' : 'nothing';
  switch (issue.code) {
    case 'unrecognized_keys':
      return (
        `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} ` +
        `in ${where}, expected only the keys the schema lists`
      );
    case 'invalid_value':
      return `unknown value ${got} for ${where}, expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `wrong type for ${where}: found ${got}, expected ${issue.expected}`;
    case 'invalid_union':
      return `unknown ${where.endsWith('kind') ? 'kind' : 'shape'} ${got} for ${where}, expected ${unionChoices(where)}`;
    default:
      // A pattern without words of ours is described, not shown as a regular expression.
      return `invalid ${where}: ${/^Invalid string: must match pattern/.test(issue.message) ? 'not of the form it takes' : issue.message}, found ${got}`;
  }
}

export function parseBenchmark(text: string, path: string): ParsedBenchmark {
  const parsed = parseYaml(text, path, { uniqueKeys: true });
  const { lc } = parsed;
  const doc = parsed.doc ?? new Document(null, { version: '1.2' });
  const file = new BenchmarkFile(path, text, doc);
  const problems: Problem[] = [];
  const at = (node: unknown, message: string) => {
    const { line, col } = posOf(node, lc);
    problems.push({ file: path, line, col, severity: 'error', message });
  };
  if (parsed.problems.length) return { problems: parsed.problems, file };
  // Aliases are legal YAML but a benchmark needs none; a small cap stops alias bombs.
  const { value: js, problems: aliasProblems } = yamlValue(parsed, path, 50);
  if (aliasProblems.length) return { problems: aliasProblems, file };
  const result = Benchmark.safeParse(js);
  if (!result.success) {
    for (const issue of result.error.issues) {
      let node = doc.getIn(issue.path as (string | number)[], true) as Node | undefined;
      if (issue.code === 'unrecognized_keys') {
        const parent = doc.getIn(issue.path as (string | number)[], true);
        const pair = isMap(parent)
          ? parent.items.find((p) => isScalar(p.key) && issue.keys.includes(String(p.key.value)))
          : undefined;
        node = (pair?.key as Node) ?? (parent as Node);
      }
      const missing = !node && issue.path.length > 0;
      if (!node) {
        // A missing key: point at the map that lacks it.
        node = doc.getIn(issue.path.slice(0, -1) as (string | number)[], true) as Node | undefined;
      }
      at(node ?? doc.contents, issueMessage(issue, node, missing));
    }
    return { problems: sortProblems(problems), file };
  }
  const value = result.data;
  const seen = new Map<string, [number, number]>();
  value.sections.forEach((s, si) => {
    s.controls.forEach((c, ci) => {
      const first = seen.get(c.id);
      if (first) {
        const node = doc.getIn(['sections', si, 'controls', ci, 'id'], true);
        const firstLine = posOf(doc.getIn(['sections', first[0], 'controls', first[1], 'id'], true), lc).line;
        at(node, `duplicate control id ${c.id} (first at line ${firstLine}), expected ids unique within a benchmark`);
      } else seen.set(c.id, [si, ci]);
    });
  });
  return { value: problems.length ? undefined : value, problems: sortProblems(problems), file };
}

function sortProblems(ps: Problem[]): Problem[] {
  return ps.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** kube-bench replay facts one line each: a test item or a probe reads like a table row. */
function flowScannerFacts(kb: unknown): void {
  if (!isMap(kb)) return;
  const tests = kb.get('tests');
  const list = isMap(tests) ? tests.get('items') : undefined;
  if (isSeq(list)) for (const it of list.items) if (isMap(it)) it.flow = true;
  for (const key of ['audit', 'auditConfig', 'auditEnv']) {
    const probe = kb.get(key);
    if (isMap(probe)) probe.flow = true;
  }
}

/** Deterministic serialisation of a benchmark in our format. */
/** Our YAML of a benchmark; `validated` skips the schema pass when the caller has just made one. */
export function serializeBenchmark(
  b: Benchmark,
  schemaRef = '../schema/benchmark.schema.json',
  options: { validated?: boolean; viaDocument?: boolean } = {},
): string {
  const value = options.validated ? b : Benchmark.parse(b);
  // The fast path writes the same bytes as the Document below (a test holds them equal).
  const fast = options.viaDocument
    ? undefined
    : emitYaml(value as unknown as Record<string, unknown>, flowInFormat, schemaComment(schemaRef));
  if (fast !== undefined) return fast;
  const doc = new Document(value, { version: '1.2' });
  doc.commentBefore = schemaComment(schemaRef);
  // Subjects on one line each: a control's checks read like a table.
  const sections = doc.get('sections') as unknown;
  if (isSeq(sections))
    for (const s of sections.items) {
      const controls = isMap(s) ? s.get('controls') : undefined;
      if (!isSeq(controls)) continue;
      for (const c of controls.items) {
        const checks = isMap(c) ? c.get('checks') : undefined;
        if (!isSeq(checks)) continue;
        for (const k of checks.items) {
          const subjects = isMap(k) ? k.get('subjects') : undefined;
          if (isSeq(subjects)) for (const sub of subjects.items) if (isMap(sub)) sub.flow = true;
        }
        const allow = isMap(c) ? c.get('allowList') : undefined;
        if (isSeq(allow)) for (const e of allow.items) if (isMap(e)) e.flow = true;
        const src = isMap(c) ? c.get('source') : undefined;
        if (isMap(src)) src.flow = true;
        flowScannerFacts(isMap(c) ? c.get('kubeBench') : undefined);
      }
    }
  const scanner = doc.get('kubeBench') as unknown;
  const targets = isMap(scanner) ? scanner.get('targets') : undefined;
  if (isMap(targets))
    for (const t of targets.items) {
      if (!isMap(t.value)) continue;
      const list = t.value.get('components');
      if (isSeq(list)) list.flow = true;
      const table = t.value.get('table');
      if (isMap(table)) for (const comp of table.items) if (isMap(comp.value)) comp.value.flow = true;
    }
  const kube = doc.get('kubernetes') as unknown;
  if (isSeq(kube)) kube.flow = true;
  const source = doc.get('source') as unknown;
  if (isMap(source)) source.flow = true;
  return doc.toString({ lineWidth: 0 });
}
