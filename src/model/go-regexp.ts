// The regular expressions a benchmark supplies (a kube-bench `regex` compare, a test item's
// flag or environment name, which kube-bench turns into a pattern unescaped) run in Go's
// regexp package on the node, which is RE2: linear time, no backreferences or lookaround.
// They run here in re2js, a port of RE2 with the same syntax and the same guarantee: a
// pattern such as `^(a+)+$` that JavaScript's backtracking engine takes exponential time on
// is decided in time linear in the text, and a pattern Go would refuse (`(?=a)`, `\1`) is
// refused here too, as kube-bench would. Syntax RE2 shares with Go but JavaScript lacks
// (`(?i)` flags, `\pN`, `[[:alpha:]]`, `\z`) is read as Go reads it.
// Loaded on first use (like yaml, io/yaml-lib.ts): most commands never meet a benchmark's pattern.
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

let lib: typeof RE2JS | undefined;
const re2 = (): typeof RE2JS => (lib ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS);

export interface GoRegexp {
  /** Unanchored search, as Go's MatchString. */
  test(text: string): boolean;
  /** The first match's groups (index 0 the whole match), undefined for a group that took no part; null when none. */
  exec(text: string): Array<string | undefined> | null;
}

/** A compiled pattern, or why Go would refuse it (its first line). */
export type Compiled = { readonly re: GoRegexp } | { readonly error: string };

// Patterns recur across every check of a benchmark and every node: compile each once.
const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  let p: RE2JS;
  try {
    p = re2().compile(pattern);
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  }
  const re: GoRegexp = {
    test: (text) => p.matcher(text).find(),
    exec: (text) => {
      const m = p.matcher(text);
      if (!m.find()) return null;
      const out: Array<string | undefined> = [];
      for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined);
      return out;
    },
  };
  return { re };
}

/** The pattern compiled as Go's regexp.Compile would (RE2 syntax), or its error. */
export function goRegexp(pattern: string): Compiled {
  let c = compiled.get(pattern);
  if (!c) {
    c = compile(pattern);
    if (compiled.size > 512) compiled.clear();
    compiled.set(pattern, c);
  }
  return c;
}
