// YAML for the files of a reference node (static Pod manifests, config files): plain data
// in block style, written directly. Reference nodes are built for every evaluation, and a
// general serialiser costs more than the evaluation itself. Strings YAML would read as
// something else, or that need escaping, are double-quoted (JSON string syntax is valid
// YAML); multi-line text is a literal block.

const reserved =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const numberLike =
  /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0x[\da-fA-F]+|0o[0-7]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const plain = /^[A-Za-z0-9_./=$(@+-][A-Za-z0-9_./=:,@+()$*[\]-]*$/;

function scalar(s: string): string {
  if (s === '' || s === '-' || reserved.test(s) || numberLike.test(s) || !plain.test(s) || s.endsWith(':'))
    return JSON.stringify(s);
  return s;
}

/** Text a literal block keeps as is: several lines, no leading or trailing blanks to preserve. */
function literal(s: string): boolean {
  return s.includes('\n') && !/^[ \t\n]/.test(s) && !/\n\n$/.test(s) && !/[ \t]\n/.test(s) && !hasControl(s);
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 10 && c !== 9) || c === 127) return true;
  }
  return false;
}

type Emitted = { inline: string } | { header: string; block: string[] };

function value(v: unknown, indent: string): Emitted {
  if (v === null || v === undefined) return { inline: 'null' };
  if (typeof v === 'boolean' || typeof v === 'number') return { inline: String(v) };
  if (typeof v === 'string') {
    if (!literal(v)) return { inline: scalar(v) };
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    return { header: v.endsWith('\n') ? ' |' : ' |-', block: body.split('\n').map((l) => (l ? `${indent}${l}` : '')) };
  }
  if (Array.isArray(v)) return v.length ? { header: '', block: seq(v, indent) } : { inline: '[]' };
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return entries.length ? { header: '', block: map(entries, indent) } : { inline: '{}' };
}

function map(entries: Array<[string, unknown]>, indent: string): string[] {
  const out: string[] = [];
  for (const [k, x] of entries) {
    const e = value(x, `${indent}  `);
    if ('inline' in e) out.push(`${indent}${scalar(k)}: ${e.inline}`);
    else out.push(`${indent}${scalar(k)}:${e.header}`, ...e.block);
  }
  return out;
}

// Sequences are indented under their key, as the yaml package writes them.
function seq(items: unknown[], indent: string): string[] {
  const out: string[] = [];
  for (const item of items) {
    const e = value(item, `${indent}  `);
    if ('inline' in e) out.push(`${indent}- ${e.inline}`);
    else if (e.header) out.push(`${indent}-${e.header}`, ...e.block);
    else out.push(`${indent}- ${e.block[0].slice(indent.length + 2)}`, ...e.block.slice(1));
  }
  return out;
}

export function emitYaml(v: unknown): string {
  const e = value(v, '');
  return 'inline' in e ? `${e.inline}\n` : `${e.block.join('\n')}\n`;
}
