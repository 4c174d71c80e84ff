#!/usr/bin/env node
// Issue 14: every bad input is answered in under a second, as a person sees it (one cold
// process). Each class of bad input beside the cold start of `benchwright --help`, best of three.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', 'bin', 'benchwright.js');
const dir = mkdtempSync(join(tmpdir(), 'bw-bench-hostile-'));
const at = (p) => join(dir, p);

execFileSync('mkfifo', [at('pipe.yaml')]);
symlinkSync(at('loop.yaml'), at('loop.yaml'));
writeFileSync(at('big.yaml'), '');
truncateSync(at('big.yaml'), 64 * 1024 * 1024);
writeFileSync(at('deep.yaml'), `${'- '.repeat(100_000)}x\n`);
writeFileSync(at('tags.yaml'), 'id: !!python/object:os.system x\n');
writeFileSync(
  at('bomb.yaml'),
  [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `b${i}: &b${i} [${Array(9)
          .fill(i ? `*b${i - 1}` : '*a')
          .join(', ')}]`,
    ),
  ].join('\n'),
);
writeFileSync(at('stars.md'), `${'*'.repeat(30_000)}x${'*'.repeat(30_000)}\n`);
writeFileSync(
  at('lists.md'),
  Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i)}- x\n`)
    .join('')
    .slice(0, 60_000),
);
writeFileSync(at('afile'), 'x');
mkdirSync(at('adir'));

const cases = [
  ['a FIFO as a benchmark', ['validate', 'pipe.yaml']],
  ['a looping link', ['show', 'loop.yaml']],
  ['/dev/zero as a snapshot', ['check', 'cis-1.4', '--release', '/dev/zero']],
  ['a 64 MB file', ['validate', 'big.yaml']],
  ['YAML 100,000 levels deep', ['validate', 'deep.yaml']],
  ['a !!python/object tag', ['validate', 'tags.yaml']],
  ['a YAML alias bomb', ['validate', 'bomb.yaml']],
  ['a template of 60,000 emphasis marks', ['propose', 'cis-1.4', '--template', 'stars.md', '--out', 'p']],
  ['a template of nested lists', ['propose', 'cis-1.4', '--template', 'lists.md', '--out', 'p']],
  ['--installer toString', ['check', 'cis-1.4', '--installer', 'toString']],
  ['propose --out FILE/sub', ['propose', 'cis-1.4', '--out', 'afile/sub']],
  ['import --out EXISTING_DIR', ['import', 'kube-bench', 'adir', '--out', 'adir']],
];

const cold = (args) => {
  let best = Number.POSITIVE_INFINITY;
  let code = 0;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, stdio: 'ignore', timeout: 30_000 });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    code = r.status ?? -1;
  }
  return { ms: best, code };
};

const base = cold(['--help']);
const rows = cases.map(([what, args]) => ({ what, ...cold(args) }));
const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(
  `bad input answered (cold process, best of 3): slowest ${worst.ms.toFixed(0)} ms (${worst.what}), ${(worst.ms / base.ms).toFixed(2)}x a cold --help (${base.ms.toFixed(0)} ms); exit 2 for ${rows.filter((r) => r.code === 2).length} of ${rows.length} (target: every one < 1000 ms, exit 2)`,
);
for (const r of rows) console.log(`  ${r.ms.toFixed(0).padStart(5)} ms  exit ${r.code}  ${r.what}`);
rmSync(dir, { recursive: true, force: true });
