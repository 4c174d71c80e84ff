// kube-bench reads its YAML with go-yaml, which accepts a quoted scalar whose
// continuation lines sit at the key's own indentation. YAML 1.2 (and the `yaml`
// package) does not. We indent such continuation lines, keeping line numbers, and
// report each repair as a warning.

export interface Repair {
  readonly line: number;
  readonly col: number;
}

function unclosed(rest: string, quote: '"' | "'"): boolean {
  let open = true;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote) {
      if (quote === "'" && rest[i + 1] === "'") {
        i++;
        continue;
      }
      open = false;
      break;
    }
  }
  return open;
}

export function repairQuotedContinuations(text: string): { text: string; repairs: Repair[] } {
  const lines = text.split('\n');
  const repairs: Repair[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].replace(/\r$/, '').match(/^(\s*)(- )?[\w.-]+:\s+(["'])(.*)$/);
    if (!m || !unclosed(m[4], m[3] as '"' | "'")) continue;
    const quote = m[3] as '"' | "'";
    const keyIndent = m[1].length + (m[2] ? 2 : 0);
    let j = i + 1;
    let fixed = false;
    for (; j < lines.length; j++) {
      const indent = lines[j].match(/^\s*/)![0].length;
      if (lines[j].trim() && indent <= keyIndent) {
        lines[j] = ' '.repeat(keyIndent + 2 - indent) + lines[j];
        fixed = true;
      }
      if (!unclosed(lines[j].replace(/\r$/, ''), quote)) break;
    }
    if (fixed) repairs.push({ line: i + 1, col: m[0].indexOf(quote) + 1 });
    i = j;
  }
  return { text: repairs.length ? lines.join('\n') : text, repairs };
}
