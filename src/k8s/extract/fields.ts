// ComponentConfig fields as dotted paths, from the derived Go-type facts (our own
// extraction, shipped with the corpus). Nested struct types are followed by name.
import { parse } from '../../io/yaml-lib.js';
import type { Field } from '../snapshot.js';
import { cleanValue } from './markdown.js';

interface DerivedField {
  json?: string | null;
  json_effective?: string | null;
  go_type?: string;
  default?: unknown;
  deprecated?: boolean;
  inline?: boolean;
  embedded?: boolean;
}
interface DerivedType {
  name: string;
  is_kind?: boolean;
  fields?: DerivedField[];
}
interface Derived {
  derived_from?: { repo?: string; ref?: string; path?: string };
  api_group?: string;
  version?: string;
  kinds?: string[];
  types?: DerivedType[];
}

export interface KindFields {
  kind: string;
  apiVersion: string;
  fields: Field[];
  /** The Go types the facts were read from (repository, tag, file), where the file says. */
  from?: { repo: string; ref: string; path: string };
}

function cleanDefault(d: unknown): string | undefined {
  if (d === undefined || d === null) return undefined;
  let s = String(d).trim();
  s = s.replace(/\s*\(.*\)\s*$/, '').replace(/\.$/, '');
  // Go's nil is no value.
  return /^(nil|null)$/.test(s) ? undefined : cleanValue(s);
}

export function fieldsFromDerived(text: string): KindFields[] {
  const d = parse(text) as Derived;
  const types = new Map((d.types ?? []).map((t) => [t.name, t]));
  const out: KindFields[] = [];
  const walk = (t: DerivedType, prefix: string, into: Field[], depth: number) => {
    if (depth > 8) return;
    for (const f of t.fields ?? []) {
      const base = (f.go_type ?? '').replace(/^[*[\]]+/, '').replace(/^\[\]\*?/, '');
      const child = types.get(base);
      if (f.inline || f.embedded) {
        if (child) walk(child, prefix, into, depth + 1);
        continue;
      }
      const name = f.json ?? f.json_effective;
      if (!name || name === '-') continue;
      const path = prefix ? `${prefix}.${name}` : name;
      const def = cleanDefault(f.default);
      into.push({
        path,
        type: f.go_type ?? 'unknown',
        ...(def !== undefined ? { default: def } : {}),
        ...(f.deprecated ? { deprecated: true } : {}),
      });
      if (child && !(f.go_type ?? '').startsWith('[]') && !(f.go_type ?? '').startsWith('map['))
        walk(child, path, into, depth + 1);
    }
  };
  for (const kind of d.kinds ?? []) {
    const t = types.get(kind);
    if (!t?.is_kind) continue;
    const fields: Field[] = [];
    walk(t, '', fields, 0);
    const from = d.derived_from;
    out.push({
      kind,
      apiVersion: `${d.api_group ?? ''}/${d.version ?? ''}`,
      fields,
      ...(from?.repo && from.ref && from.path ? { from: { repo: from.repo, ref: from.ref, path: from.path } } : {}),
    });
  }
  return out;
}
