// Start-up cost is decided by what is imported statically: these follow the import graph
// from the command line's entry (and from what show and check load on their way) and fail
// when a heavy package or module gets in. The convention is at the top of src/cli/main.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

/** Runtime (non-type) static imports and re-exports of a TypeScript module. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+([^;]*?)\s+from\s+'([^']+)'/gms)) {
    const clause = m[2];
    if (/^type\s/.test(clause)) continue;
    // `import { type A, type B }` imports nothing at run time.
    const names = clause.match(/^\{([^}]*)\}$/)?.[1];
    if (names?.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue;
    out.push(m[3]);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1]);
  return out;
}

/** Every module reachable through static imports: our files relative to src/, packages by name. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(repoRoot, 'src', entry)];
  while (todo.length) {
    const file = todo.pop()!;
    const key = relative(join(repoRoot, 'src'), file);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
      else seen.add(spec.startsWith('node:') ? spec : spec.split('/')[0]);
    }
  }
  return seen;
}

/** Every TypeScript module under src/, relative to it. */
function allSources(): string[] {
  return readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(sep).join('/'));
}

const packages = (xs: Set<string>) => [...xs].filter((x) => !x.endsWith('.ts') && !x.startsWith('node:')).sort();

describe('lazy loading', () => {
  it('the command line starts with commander and our light modules only', () => {
    const start = closure('cli/main.ts');
    expect(packages(start)).toEqual(['commander']);
    const heavy = [...start].filter((m) =>
      /^(ingest\/(native|schema|kube-bench)|rules\/(?!types\.ts)|render\/(?!json\.ts)|diff\/(benchmark-diff|lineage|match)|k8s\/(build|diff|extract)|propose\/)/.test(
        m,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it.each([
    ['cli/load.ts', 'shipped benchmarks and knowledge'],
    ['render/findings.ts', "check's text output"],
    ['model/subject.ts', "show's labels"],
  ])('%s (%s) needs no YAML parser, schema library or markdown serialiser', (entry) => {
    expect(packages(closure(entry))).toEqual([]);
  });

  it('cli/checking.ts (checking against releases) imports no package: the rules evaluate nodes, whose YAML and schemas load on first use', () => {
    expect(packages(closure('cli/checking.ts'))).toEqual([]);
  });

  it('cli/proposals.ts (propose and report) needs the markdown libraries but no schema library', () => {
    const xs = packages(closure('cli/proposals.ts'));
    expect(xs.filter((p) => p === 'zod' || p === 'yaml')).toEqual([]);
    expect(xs).toContain('mdast-util-to-markdown');
  });

  it('takes yaml from io/yaml-lib.ts only, so that one copy loads, and only when something parses', () => {
    // Static imports, and dynamic ones (`await import('yaml')`).
    const importsYaml = (m: string) => {
      const file = resolve(repoRoot, 'src', m);
      return staticImports(file).includes('yaml') || /\bimport\(\s*['"]yaml['"]\s*\)/.test(readFileSync(file, 'utf8'));
    };
    const importers = allSources().filter((m) => m !== 'io/yaml-lib.ts' && importsYaml(m));
    expect(importers).toEqual([]);
  });

  it('sees through the forms the code uses', () => {
    const xs = closure('cli/commands/check.ts');
    expect(xs.has('cli/options.ts')).toBe(true);
    expect(xs.has('rules/types.ts')).toBe(true);
    expect(xs.has('rules/index.ts')).toBe(false);
    expect(closure('render/sarif.ts').has('node:crypto')).toBe(true);
  });
});
