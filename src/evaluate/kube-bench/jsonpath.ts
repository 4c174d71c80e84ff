// The subset of client-go's JSONPath templates kube-bench's `path:` items use:
// `{.a.b}`, `[*]`, `[n]`, `[a:b]`, `{range …}{…}{end}`, `{}` (the current value) and
// quoted literals, with missing keys allowed. Results print as client-go prints them:
// scalars as text, lists and maps as JSON, several results joined by a space.
import { cached } from '../../model/memo.js';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Node[] };

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'all' }
  | { kind: 'index'; i: number }
  | { kind: 'slice'; from?: number; to?: number };

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  const re = /\.([^.[\]]+)|\[\*\]|\[(-?\d+)\]|\[(-?\d*):(-?\d*)\]|^@/g;
  let at = 0;
  for (let m = re.exec(expr); m; m = re.exec(expr)) {
    if (m.index !== at) throw new Error(`unrecognized character in action: ${expr.slice(at)}`);
    at = re.lastIndex;
    if (m[0] === '@') continue;
    if (m[1] !== undefined) steps.push({ kind: 'field', name: m[1] });
    else if (m[0] === '[*]') steps.push({ kind: 'all' });
    else if (m[2] !== undefined) steps.push({ kind: 'index', i: Number(m[2]) });
    else
      steps.push({
        kind: 'slice',
        ...(m[3] ? { from: Number(m[3]) } : {}),
        ...(m[4] ? { to: Number(m[4]) } : {}),
      });
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  if (at !== expr.length) throw new Error(`unrecognized character in action: ${expr.slice(at)}`);
  return steps;
}

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ kind: 'text', text: template.slice(i, open) });
    let close = open + 1;
    let quote = '';
    for (; close < template.length; close++) {
      const c = template[close];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '}') break;
    }
    if (close >= template.length) throw new Error('unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    const lit = action.match(/^(['"])(.*)\1$/s);
    if (lit) stack[stack.length - 1].push({ kind: 'text', text: lit[2] });
    else if (action === 'end') {
      if (stack.length === 1) throw new Error('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ')) {
      const node: Node = { kind: 'range', steps: parseSteps(action.slice(6).trim()), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
    } else stack[stack.length - 1].push({ kind: 'expr', steps: parseSteps(action) });
  }
  return root;
}

function apply(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.kind === 'field') {
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, s.name))
          next.push((v as Record<string, unknown>)[s.name]);
      } else if (s.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        if (s.kind === 'index') {
          const i = s.i < 0 ? v.length + s.i : s.i;
          if (i >= 0 && i < v.length) next.push(v[i]);
        } else next.push(...v.slice(s.from ?? 0, s.to ?? v.length));
      }
    }
    cur = next;
  }
  return cur;
}

function print(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], current: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') out += apply([current], n.steps).map(print).join(' ');
    else for (const item of apply([current], n.steps)) out += run(n.body, item);
  }
  return out;
}

const templates = new Map<string, Node[]>();

export function jsonPath(template: string, data: unknown): { value: string; error?: string } {
  try {
    const nodes = cached(templates, template, () => parseTemplate(template));
    return { value: run(nodes, data) };
  } catch (e) {
    return { value: '', error: `unable to parse path expression "${template}": ${(e as Error).message}` };
  }
}
