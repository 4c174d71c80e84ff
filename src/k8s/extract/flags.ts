// Command-line reference pages → flags. The pages are markdown holding HTML tables
// (one <td colspan="2"> heading row per flag, then a description row).
import type { Flag } from '../snapshot.js';
import { cleanValue, decodeHtml } from './markdown.js';
import { saysInert } from './inert.js';

export interface ExtractedFlag extends Flag {
  /** Description text, used for admission plugin lists; never shipped. */
  readonly description: string;
  /** The default the page gives for runs with a config file, where it gives one. */
  readonly pageConfigDefault?: string;
  /** A bool's default read from the page giving none (pflag omits `false`), not written on it. */
  readonly defaultInferred?: boolean;
  /** The heading itself says "(DEPRECATED: …)" (pages from 1.35 list pflag-deprecated flags so). */
  readonly headingDeprecated?: boolean;
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
  // The pages are HTML tables inside markdown; the rows are read straight from the text (a
  // markdown parse only wrapped them in html and code nodes, at a third of the build's time).
  // Each flag's text ends where the next flag's heading starts: hand-kept pages leave a
  // description's </td> out (kubelet --experimental-log-sanitization, 1.20), and a match
  // running on to the next </td> swallowed the next flag's heading.
  const flags: ExtractedFlag[] = [];
  for (const row of markdown.split('<td colspan="2">').slice(1)) {
    const headEnd = row.search(/<\/td>|<\/tr>/);
    if (headEnd < 0) continue;
    const head = row.slice(0, headEnd);
    const desc = row.slice(headEnd).match(/<td[^>]*>\s*<\/td>\s*<td[^>]*>([\s\S]*?)(?:<\/td>|<\/tr>|$)/)?.[1];
    if (desc === undefined) continue;
    const heading = decodeHtml(head).replace(/\s+/g, ' ').trim();
    const m = heading.match(/^(?:-(\w), )?--([\w-]+)(?:=?\s*(.*))?$/);
    if (!m) continue;
    const name = m[2];
    // From 1.35 some headings carry "(DEPRECATED: …)" after the type or default.
    // Hand edits leave a stray '>' after a name (kubelet --local-storage-capacity-isolation, 1.2x–1.33).
    let rest = (m[3] ?? '')
      .replace(/^>/, '')
      .replace(/\(DEPRECATED[^)]*\)/i, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    let def: string | undefined;
    let hasDefault = false;
    const d = rest.match(/\s*Default:\s*(.*)$/);
    if (d) {
      hasDefault = true;
      def = d[1].trim();
      rest = rest.slice(0, d.index).trim();
    }
    // pflag writes no type for a bool flag and no default when it is the zero value: a heading
    // with neither is a bool that defaults to false.
    const bool = rest === '';
    const type = bool ? 'bool' : cleanValue(rest.split(' ')[0]);
    const description = decodeHtml(desc).replace(/\s+/g, ' ').trim();
    // "Default AlwaysAllow when --config is not provided; Webhook when --config presents": the
    // flag's default, and the one in effect with a config file.
    let pageConfigDefault: string | undefined;
    const context = (def ?? description).match(
      /(?:\(default|Default:?)?\s*"?`?([\w./:-]+)`?"? when `?--config`? (?:flag )?is not provided; "?`?([\w./:-]+)`?"? when `?--config`? (?:flag )?(?:presents|is provided|is present)/,
    );
    if (context) {
      def = context[1];
      pageConfigDefault = context[2];
    } else if (!hasDefault) {
      const dd =
        description.match(/\(default (.*?)\)\s*(?:$|\.|\()/) ??
        description.match(/\(default (.*)\)$/) ??
        description.match(/\bDefault(?:s)?(?: to|=|:) ?`?([\w./:-]+)`?\.?(?:\s|$)/);
      if (dd) def = dd[1];
    }
    // pflag prints a list default as [a,b]; pages from 1.19 write a,b.
    const list = def?.trim().match(/^\[(.*)\]$/);
    if (list && type !== undefined && /^(strings|stringSlice|\[\]string)$/.test(type)) def = list[1];
    const headingDeprecated = /\(DEPRECATED/i.test(heading);
    const deprecated = /\bDEPRECATED\b/.test(description) || headingDeprecated;
    const configFile = /should be set via the config file/i.test(description);
    const inert = saysInert(description.replace(/<[^>]+>/g, ' '));
    const shown = cleanValue(def);
    const value = shown ?? (bool && def === undefined ? 'false' : undefined);
    flags.push({
      name,
      ...(type && (typeWords.has(type) || /^[a-z][\w.-]*$/.test(type)) ? { type } : {}),
      ...(value !== undefined ? { default: value } : {}),
      ...(deprecated ? { deprecated } : {}),
      ...(configFile ? { configFile } : {}),
      ...(inert ? { inert } : {}),
      ...(pageConfigDefault ? { pageConfigDefault } : {}),
      ...(headingDeprecated ? { headingDeprecated } : {}),
      ...(shown === undefined && value !== undefined ? { defaultInferred: true } : {}),
      description,
    });
  }
  return oneSpelling(flags);
}

/**
 * Kubernetes' flag sets normalize `_` to `-` (cliflag.WordSepNormalizeFunc), so `--skip_headers`
 * and `--skip-headers` are one flag; some pages print klog's and cAdvisor's Go-flag spelling (the
 * 1.23 kube-proxy page both, the 1.24 page only `--log_file`). One entry per flag, under the dashed
 * name: the dashed entry where the page has both, and deprecated where either says so.
 */
function oneSpelling(flags: readonly ExtractedFlag[]): ExtractedFlag[] {
  const out = new Map<string, ExtractedFlag>();
  for (const f of flags) {
    const name = f.name.replace(/_/g, '-');
    const have = out.get(name);
    const mine = name === f.name ? f : { ...f, name };
    if (!have) out.set(name, mine);
    else {
      const keep = have.name === have.name.replace(/_/g, '-') && f.name !== name ? have : mine;
      out.set(name, have.deprecated || f.deprecated ? { ...keep, name, deprecated: true } : { ...keep, name });
    }
  }
  return [...out.values()];
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
