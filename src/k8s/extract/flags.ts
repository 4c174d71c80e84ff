// Command-line reference pages → flags. The pages are markdown holding HTML tables
// (one <td colspan="2"> heading row per flag, then a description row); we take the
// HTML out of the mdast tree and read rows, not the whole file.
import type { Flag } from '../snapshot.js';
import { decodeHtml, parseMarkdown, walk } from './markdown.js';

export interface ExtractedFlag extends Flag {
  /** Description text, used for admission plugin lists; never shipped. */
  readonly description: string;
}

const typeWords = new Set([
  'string',
  'strings',
  'int',
  'int32',
  'int64',
  'uint',
  'uint32',
  'float',
  'float32',
  'float64',
  'duration',
  'bool',
  'ip',
  'ipNet',
  'port',
  'mapStringString',
  'mapStringBool',
  'stringToString',
  'colonSeparatedMultimapStringString',
  'namedCertKey',
  'portRange',
  'severity',
  'quantity',
  'ipport',
  'traceLocation',
  'level',
  'moduleSpec',
  'cidrs',
  'tristate',
  'LocalMode',
  'ProxyMode',
  'pairs',
]);

export function extractFlags(markdown: string): ExtractedFlag[] {
  const tree = parseMarkdown(markdown);
  const html: string[] = [];
  // Table rows indented four spaces after a blank line parse as indented code: still table HTML.
  for (const n of walk(tree))
    if (n.type === 'html' || (n.type === 'code' && !n.lang && n.value.includes('<td'))) html.push(n.value);
  const joined = html.join('\n');
  const rows = [
    ...joined.matchAll(/<td colspan="2">([\s\S]*?)<\/td>[\s\S]*?<td[^>]*>\s*<\/td>\s*<td[^>]*>([\s\S]*?)<\/td>/g),
  ];
  const flags: ExtractedFlag[] = [];
  for (const [, head, desc] of rows) {
    const heading = decodeHtml(head).replace(/\s+/g, ' ').trim();
    const m = heading.match(/^(?:-(\w), )?--([\w-]+)(?:=?\s*(.*))?$/);
    if (!m) continue;
    const name = m[2];
    // From 1.35 some headings carry "(DEPRECATED: …)" after the type or default.
    let rest = (m[3] ?? '')
      .replace(/\(DEPRECATED[^)]*\)/i, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    let def: string | undefined;
    const d = rest.match(/\s*Default:\s*(.*)$/);
    if (d) {
      def = d[1].trim();
      rest = rest.slice(0, d.index).trim();
    }
    const type = rest.split(' ')[0] || undefined;
    const description = decodeHtml(desc).replace(/\s+/g, ' ').trim();
    if (def === undefined) {
      const dd = description.match(/\(default (.*?)\)\s*(?:$|\.|\()/) ?? description.match(/\(default (.*)\)$/);
      if (dd) def = dd[1].replace(/^"(.*)"$/, '$1');
    }
    const deprecated = /\bDEPRECATED\b/.test(description) || /\(DEPRECATED/i.test(heading);
    const configFile = /should be set via the config file/i.test(description);
    flags.push({
      name,
      ...(type && (typeWords.has(type) || /^[a-z][\w.<>]*$/.test(type)) ? { type } : {}),
      ...(def !== undefined ? { default: def.replace(/^"(.*)"$/, '$1') } : {}),
      ...(deprecated ? { deprecated } : {}),
      ...(configFile ? { configFile } : {}),
      description,
    });
  }
  return flags;
}

/** `--enable-admission-plugins`'s text lists plugins on by default and all plugins. */
export function admissionPlugins(description: string): { available: string[]; defaultOn: string[] } {
  const names = (s: string | undefined) =>
    s
      ? s
          .split(/,\s*/)
          .map((x) => x.trim().replace(/[.)]$/, ''))
          .filter((x) => /^[A-Z][A-Za-z]+$/.test(x))
      : [];
  const defaultOn = names(description.match(/default enabled ones \(([^)]*)\)/)?.[1]);
  const available = names(description.match(/list of admission plugins:\s*([^.]*)\./)?.[1]);
  return { available: [...new Set(available)].sort(), defaultOn: [...new Set(defaultOn)].sort() };
}
