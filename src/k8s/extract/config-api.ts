// Config-api reference pages → ComponentConfig fields as dotted paths. Each page is one API
// group/version; each `## \`Type\`` section holds an HTML table of fields whose type links to
// the section of a nested type. Sections are found by their `## ` lines; only the section's own
// HTML is read for rows.
import type { Field } from '../snapshot.js';
import { frontMatter } from './gates.js';
import { saysInert } from './inert.js';
import { cleanValue } from './markdown.js';
import type { KindFields } from './fields.js';

interface RawField {
  readonly name: string;
  readonly type: string;
  /** Anchor of the type's own section, when the page links to it. */
  readonly ref?: string;
  readonly embedded: boolean;
  readonly default?: string;
  readonly deprecated: boolean;
  /** The page says the field has no effect (see ./inert.ts). */
  readonly inert: boolean;
}

interface Section {
  readonly name: string;
  readonly anchor: string;
  /** The kind this section's type is, when it is a top-level resource (has a `kind` row). */
  readonly kind?: string;
  /** The kind's apiVersion row, where it has one. */
  readonly apiVersion?: string;
  readonly fields: RawField[];
}

const entities: Record<string, string> = {
  '&quot;': '"',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&#39;': "'",
  '&nbsp;': ' ',
};
const decode = (s: string): string => s.replace(/&(quot|amp|lt|gt|#39|nbsp);/g, (m) => entities[m] ?? m);
const stripTags = (s: string): string =>
  decode(s.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * "Default: "20s"", "Defaults to 100 nodes if unspecified", "Default: true": the value only.
 * Prose is no value ("Defaults to the hostname of the node"), nor is a default that holds only
 * under a condition ("Defaults to "List" if feature gate … is disabled"). A map's YAML lines are
 * read as key=value pairs joined by commas.
 */
function defaultOf(description: string): string | undefined {
  const text = decode(description.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
  const m = text.match(/\bDefault(?:s to|:)\s*(.*)$/);
  if (!m) return undefined;
  const v = m[1].trim();
  // A map written as YAML lines (evictionHard's "memory.available: "100Mi" …"): key=value pairs.
  if (/^([\w./-]+:\s*"[^"]*"\s*)+$/.test(v))
    return [...v.matchAll(/([\w./-]+):\s*"([^"]*)"/g)].map((p) => `${p[1]}=${p[2]}`).join(',');
  const quoted = v.match(/^["'`]([^"'`]*)["'`](.*)$/);
  const [value, rest] = quoted
    ? [quoted[1], quoted[2]]
    : [v.split(' ')[0].replace(/[.,;:]+$/, ''), v.slice(v.split(' ')[0].length)];
  if (/^\s*(if|when|unless)\b/i.test(rest)) return undefined;
  const valueLike =
    quoted !== null ||
    /^-?\d[\d.]*[a-zA-Z%µ]*$/.test(value) ||
    /^(true|false)$/.test(value) ||
    /^[/~]|[.:/=]/.test(value) ||
    /^[A-Z][A-Za-z0-9]*$/.test(value) ||
    (/^[a-z][\w-]*$/.test(value) && /^\s*([.;)]|$)/.test(rest));
  return valueLike ? cleanValue(value) : undefined;
}

function rowsOf(html: string): { rows: RawField[]; kind?: string; apiVersion?: string } {
  const rows: RawField[] = [];
  let kind: string | undefined;
  let apiVersion: string | undefined;
  for (const chunk of html.split(/<tr>/i).slice(1)) {
    const cells = [...chunk.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/gi)].map((m) => m[1]);
    if (cells.length < 2) continue;
    const [head, description] = cells;
    const name = head.match(/<code>([^<]+)<\/code>/)?.[1]?.trim();
    if (!name) continue;
    if (name === 'kind') {
      kind = stripTags(description) || kind;
      continue;
    }
    if (name === 'apiVersion' && /^<code>/.test(description.trim())) {
      apiVersion = stripTags(description) || apiVersion;
      continue;
    }
    const after = head.split(/<br\s*\/?>/i)[1] ?? '';
    const link = after.match(/<a href="#([^"]+)"><code>([^<]+)<\/code><\/a>/);
    const type = cleanValue(link ? decode(link[2]) : stripTags(after)) ?? 'unknown';
    const def = defaultOf(description);
    rows.push({
      name,
      type,
      ...(link ? { ref: link[1] } : {}),
      embedded: /Members of <code>[^<]+<\/code> are embedded into this type/.test(description),
      ...(def !== undefined ? { default: def } : {}),
      deprecated: /\bDeprecated\b|\bDEPRECATED\b/.test(stripTags(description)),
      inert: saysInert(decode(stripTags(description))),
    });
  }
  return { rows, ...(kind ? { kind } : {}), ...(apiVersion ? { apiVersion } : {}) };
}

/**
 * `## \`Type\` {#anchor}` lines outside code fences, with their offsets. A line scan rather than
 * a markdown tree: the generated pages are large HTML tables whose parse is most of the cost,
 * and only these headings are needed to cut the page into sections.
 */
function sectionHeadings(text: string): Array<{ name: string; anchor: string; start: number; end: number }> {
  const out: Array<{ name: string; anchor: string; start: number; end: number }> = [];
  let fence = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence || !line.startsWith('## ')) continue;
    const name = line.match(/`([^`]+)`/)?.[1];
    const anchor = line.match(/\{#([^}]+)\}/)?.[1];
    out.push({ name: name ?? '', anchor: anchor ?? '', start, end: offset });
  }
  return out;
}

/** The page's API group/version and its top-level kinds with their fields. */
export function fieldsFromConfigApi(text: string): { apiVersion?: string; kinds: KindFields[] } {
  const apiVersion = frontMatter(text)?.match(/^package:\s*(\S+)/m)?.[1];
  const sections = new Map<string, Section>();
  const headings = sectionHeadings(text);
  headings.forEach((h, i) => {
    if (!h.anchor || !h.name) return;
    const end = headings[i + 1]?.start ?? text.length;
    const { rows, kind, apiVersion: own } = rowsOf(text.slice(h.end, end));
    sections.set(h.anchor, {
      name: h.name,
      anchor: h.anchor,
      ...(kind ? { kind } : {}),
      ...(own ? { apiVersion: own } : {}),
      fields: rows,
    });
  });

  const kinds: KindFields[] = [];
  for (const s of sections.values()) {
    if (!s.kind || s.kind !== s.name) continue;
    const fields: Field[] = [];
    const walk = (sec: Section, prefix: string, seen: Set<string>): void => {
      for (const f of sec.fields) {
        const child = f.ref ? sections.get(f.ref) : undefined;
        if (f.embedded) {
          if (child && !seen.has(child.anchor)) walk(child, prefix, new Set([...seen, child.anchor]));
          continue;
        }
        if (!/^[A-Za-z]/.test(f.name)) continue;
        const path = prefix ? `${prefix}.${f.name}` : f.name;
        fields.push({
          path,
          type: f.type,
          ...(f.default !== undefined ? { default: f.default } : {}),
          ...(f.deprecated ? { deprecated: true } : {}),
          ...(f.inert ? { inert: true } : {}),
        });
        // Like the Go-type facts: follow structs, not lists or maps of them.
        const container = /^(\[\]|map\[)/.test(f.type);
        if (child && !container && child.fields.length && !seen.has(child.anchor))
          walk(child, path, new Set([...seen, child.anchor]));
      }
    };
    walk(s, '', new Set([s.anchor]));
    // The kind's own apiVersion row: a page's front matter can name another version (the 1.21
    // scheduler v1beta1 page says `package: kubescheduler.config.k8s.io/v1`, its legacy Policy's).
    kinds.push({ kind: s.kind, apiVersion: s.apiVersion ?? apiVersion ?? '', fields });
  }
  return { ...(apiVersion ? { apiVersion } : {}), kinds };
}
