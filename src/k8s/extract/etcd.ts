// etcd's configuration page → flags with defaults. Up to v3.4 each flag is a `### --name`
// heading followed by a list ("default: …"); from v3.5 the flags are lines of a code block
// (`--name 'default'` then indented text). Both are read through the mdast tree.
import type { Code, Heading, List, RootContent } from 'mdast';
import type { Flag } from '../snapshot.js';
import { parseMarkdown, plainText } from './markdown.js';

const typeOf = (def: string | undefined): string | undefined =>
  def === 'true' || def === 'false' ? 'bool' : undefined;
// "none" and empty quotes mean no default. A comment in parentheses after the value is no part of
// it (v3.3 `--log-package-levels`: `"" (INFO for all packages)`, `--debug`: `false (…)`).
const clean = (s: string): string => {
  const t = s.trim();
  const m = t.match(/^("[^"]*"|'[^']*'|[^\s(]+)\s*(\(.*\))?$/);
  const v = (m ? m[1] : t).replace(/^["']|["']$/g, '');
  return /^(none|\(none\))$/i.test(v) ? '' : v;
};

// A deprecation the page states, not one it announces for a later version: the v3.4 page's
// "to be deprecated in v3.5" (--log-package-levels, --debug, `--logger=capnslog`) is etcd 3.5's
// event (CHANGELOG-3.4: "v3.5 will deprecate"), not 3.4's.
const deprecatedNow = /(?<!\bto be |\bwill be )\bdeprecated\b/i;

export function etcdFlags(text: string): Flag[] {
  const tree = parseMarkdown(text);
  const out = new Map<string, Flag>();
  const add = (name: string, def: string | undefined, deprecated: boolean): void => {
    if (out.has(name)) return;
    const t = typeOf(def);
    out.set(name, {
      name,
      ...(t ? { type: t } : {}),
      ...(def !== undefined && def !== '' ? { default: def } : {}),
      ...(deprecated ? { deprecated: true } : {}),
    });
  };
  for (const e of pageFlags(tree.children))
    add(e.name, e.default, e.deprecatedSection || (e.heading ? deprecatedNow : /\bdeprecated\b/i).test(e.body));
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The flags a configuration page says arrive in a later etcd than the one it documents: the v3.3
 * page's `### --logger` section reads "Available from v3.4". Flag name → that version ("3.4").
 */
export function etcdAvailableFrom(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of pageFlags(parseMarkdown(text).children)) {
    const v = e.body.match(/\bavailable (?:from|since) v?(\d+\.\d+(?:\.\d+)?)/i)?.[1];
    if (v) out.set(e.name, v);
  }
  return out;
}

/**
 * Every flag a configuration page describes, in either form: a `### --name` heading and the text up
 * to the next heading (its list gives "default: …"), or a code line `--name 'default'` and the
 * indented lines under it. Both readers of the page walk it here.
 */
function pageFlags(nodes: readonly RootContent[]): Array<{
  name: string;
  default?: string;
  body: string;
  heading: boolean;
  deprecatedSection: boolean;
}> {
  const out: ReturnType<typeof pageFlags> = [];
  // Sections whose heading says so hold deprecated flags ("## Deprecated flags").
  let deprecatedSection = false;
  nodes.forEach((node, i) => {
    if (node.type === 'heading' && node.depth <= 2) deprecatedSection = /deprecated/i.test(plainText(node));
    if (node.type === 'heading' && (node as Heading).depth === 3) {
      const m = plainText(node)
        .trim()
        .match(/^--([a-z0-9][a-z0-9-]*)/);
      if (!m) return;
      const next = nodes.findIndex((n, k) => k > i && n.type === 'heading');
      const section = nodes.slice(i + 1, next < 0 ? undefined : next);
      const list = section.find((n): n is List => n.type === 'list');
      const items = list ? list.children.map((li) => plainText(li).trim()) : [];
      const def = items.map((t) => t.match(/^default:\s*(.*)$/i)?.[1]).find((x) => x !== undefined);
      out.push({
        name: m[1],
        ...(def === undefined ? {} : { default: clean(def) }),
        body: section.map((n) => plainText(n)).join(' '),
        heading: true,
        deprecatedSection,
      });
    }
    if (node.type === 'code') {
      const lines = (node as Code).value.split('\n');
      lines.forEach((line, j) => {
        // The default is quoted ('false', '') or, for numbers, bare (--proxy-write-timeout 5000).
        const m = line.match(/^--([a-z0-9][a-z0-9-]*)(?:\s+(?:'([^']*)'|"([^"]*)"|([^\s'"]+)))?\s*$/);
        if (!m) return;
        const desc: string[] = [];
        for (let k = j + 1; k < lines.length && /^\s+\S/.test(lines[k]); k++) desc.push(lines[k].trim());
        const def = m[2] ?? m[3] ?? m[4];
        out.push({
          name: m[1],
          ...(def === undefined ? {} : { default: def }),
          body: desc.join(' '),
          heading: false,
          deprecatedSection,
        });
      });
    }
  });
  return out;
}
