// The hostile inputs of issue 23, fuzzed as processes (a hang can only be killed from outside;
// a permission only bites a user who is not root): allow-list globs of many stars and great
// length, YAML files and node bundles of many aliases, benchmark regular expressions, output
// folders a user cannot write or that live under /proc, outputs to a full device and to closed
// streams, and writers racing into one folder. Every run, as root and as nobody (uid 65534)
// when the suite runs as root: exit 0, 1 or 2 (never 70), no stack trace, no hang, nothing
// written outside the named output. `npm run fuzz` scales the case counts.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCli,
  copyKubeBenchFolder,
  expectClean,
  fuzzSettings,
  isRoot,
  listing,
  spawnCli,
  workspace,
} from './fuzz-kit.js';
import { hasCorpus, kubeBenchCfg } from './helpers.js';

const { seed, timeout, long } = fuzzSettings(0);
const settings = (runs: number) => ({ numRuns: fuzzSettings(runs).numRuns, seed, endOnFailure: true });
const figures = { cases: 0, exit70: 0, traces: 0, hangs: 0, outside: 0, asNobody: 0 };

let built: ReturnType<typeof buildCli>;
/** uid 65534 when root and it can run the built CLI; undefined otherwise (then only the current user runs). */
let nobody: number | undefined;
beforeAll(async () => {
  built = buildCli();
  if (isRoot && (await spawnCli(built.bin, ['--help'], { cwd: '/', uid: 65534 })).code === 0) nobody = 65534;
}, 120_000);
afterAll(() => {
  built?.done();
  if (long) console.log(`fuzz-hostile: ${JSON.stringify(figures)}`);
});

/** A workspace any user can write in (the case may run as nobody). */
function openWorkspace(): ReturnType<typeof workspace> {
  const ws = workspace('bw-hostile-fuzz-');
  chmodSync(ws.dir, 0o777);
  return ws;
}

/** Run one case: never 70, no trace, no hang, nothing changed outside `out` (a path under the workspace). */
async function runCase(
  label: string,
  dir: string,
  args: string[],
  options: { uid?: number; out?: string; timeoutMs?: number; names?: string[] } = {},
) {
  const before = listing(dir, options.out ? [options.out] : []);
  const o = await spawnCli(built.bin, args, { cwd: dir, uid: options.uid, timeoutMs: options.timeoutMs ?? 30_000 });
  const after = listing(dir, options.out ? [options.out] : []);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  figures.cases++;
  if (options.uid !== undefined) figures.asNobody++;
  if (o.code === 70) figures.exit70++;
  if (o.hung) figures.hangs++;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(o.stderr)) figures.traces++;
  if (changed.length) figures.outside++;
  const what = `${label}: benchwright ${args.map((a) => JSON.stringify(a.length > 200 ? `${a.slice(0, 200)}…` : a)).join(' ')}`;
  expect(o.hung, `${what} hung`).toBe(false);
  expectClean(o, what, [...args, ...(options.names ?? [])]);
  expect(changed, `${what}: written outside ${options.out ?? 'nothing'}`).toEqual([]);
  return o;
}

const user = () => fc.constantFrom<number | undefined>(undefined, nobody);

describe('fuzz: globs, patterns and aliases are decided in bounded time', () => {
  it(
    'allow-list names of many stars or great length',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            unit: fc.constantFrom('*a', '*', 'a', '**a*', '?*', 'calico-*'),
            n: fc.integer({ min: 1, max: 40_000 }),
            tail: fc.constantFrom('b', '', '*', 'x-*'),
            uid: user(),
          }),
          async ({ unit, n, tail, uid }) => {
            const ws = openWorkspace();
            try {
              const name = unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + tail;
              writeFileSync(join(ws.dir, 'al.yaml'), `- namespace: kube-system\n  name: "${name}"\n`);
              await runCase(
                'glob',
                ws.dir,
                ['check', 'cis-1.12', '--installer', 'kubeadm', '--allow-list', 'al.yaml', '--format', 'json'],
                { uid },
              );
            } finally {
              ws.done();
            }
          },
        ),
        settings(6),
      );
    },
    timeout,
  );

  it(
    'YAML files and node bundles of many aliases',
    async () => {
      const bundle = openWorkspace();
      expect(
        (await spawnCli(built.bin, ['node', 'generic', '--release', '1.30', '--out', 'n'], { cwd: bundle.dir })).code,
      ).toBe(0);
      const index = readFileSync(join(bundle.dir, 'n', 'node-bundle.yaml'), 'utf8');
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.record({
              n: fc.integer({ min: 1, max: 30_000 }),
              where: fc.constantFrom('validate', 'node'),
              nested: fc.boolean(),
              uid: user(),
            }),
            async ({ n, where, nested, uid }) => {
              const ws = openWorkspace();
              try {
                if (where === 'validate') {
                  const anchor = nested ? 'a: &a [1, 2, 3]\nc: &c [*a, *a]\n' : 'a: &a 1\nc: &c 2\n';
                  writeFileSync(join(ws.dir, 'f.yaml'), `${anchor}b: [${Array(n).fill('*c').join(', ')}]\n`);
                  await runCase('aliases', ws.dir, ['validate', 'f.yaml'], { uid });
                } else {
                  mkdirSync(join(ws.dir, 'n'));
                  const pod =
                    '  - &p { apiVersion: v1, kind: Pod, metadata: { name: x, namespace: kube-system }, spec: { containers: [{ name: c, image: i }] } }\n';
                  const objects = index.includes('\nobjects:\n') ? '' : 'objects:\n';
                  writeFileSync(
                    join(ws.dir, 'n', 'node-bundle.yaml'),
                    `${index.trimEnd()}\n${objects}${pod}${'  - *p\n'.repeat(Math.min(n, 5000))}`,
                  );
                  await runCase('aliased Pods', ws.dir, ['evaluate', 'cis-1.12', '--node', 'n', '--format', 'json'], {
                    uid,
                    names: ['n/node-bundle.yaml'],
                  });
                }
              } finally {
                ws.done();
              }
            },
          ),
          settings(6),
        );
      } finally {
        bundle.done();
      }
    },
    timeout,
  );

  it.skipIf(!hasCorpus)(
    'benchmark regular expressions that backtrack in JavaScript',
    async () => {
      const patterns = ['^(a+)+$', '(a|aa)+b', '^(\\w+\\s?)*$', '(?=a)a', '(a)\\1', '(', '[[:alpha:]]+', '(?i)TRUE'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...patterns), fc.boolean(), user(), async (pattern, asFlag, uid) => {
          const ws = openWorkspace();
          try {
            const dir = copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.9'), ws.dir, 'k');
            const file = join(dir, 'master.yaml');
            const text = readFileSync(file, 'utf8');
            const hostile = asFlag
              ? text.replace(/flag: "--anonymous-auth"/, `flag: ${JSON.stringify(`--anonymous-auth${pattern}`)}`)
              : text.replace(/op: eq\n(\s+)value: false/, `op: regex\n$1value: ${JSON.stringify(pattern)}`);
            writeFileSync(file, hostile);
            await runCase(
              'regex',
              ws.dir,
              ['evaluate', 'cfg/k', '--node', 'kubeadm@1.30', '--semantics', 'kube-bench', '--format', 'json'],
              { uid },
            );
          } finally {
            ws.done();
          }
        }),
        settings(4),
      );
    },
    timeout,
  );
});

/** The CLI with its standard output and error sent where `to` says; resolves with exit code and what stderr held. */
function runTo(
  args: string[],
  to: { stdout: 'full' | 'closed-pipe' | 'pipe'; stderr: 'full' | 'pipe' },
  cwd: string,
): Promise<{ code: number; stderr: string; hung: boolean }> {
  return new Promise((done) => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [built.bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH, BENCHWRIGHT_CORPUS: process.env.BENCHWRIGHT_CORPUS },
      stdio: ['ignore', to.stdout === 'full' ? full : 'pipe', to.stderr === 'full' ? full : 'pipe'],
    });
    closeSync(full);
    // A reader that went away before anything was written.
    if (to.stdout === 'closed-pipe') child.stdout?.destroy();
    else child.stdout?.resume();
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stderr, hung });
    });
  });
}

describe('fuzz: outputs to a full device and to closed streams', () => {
  const commands = [
    ['list'],
    ['show', 'cis-1.4'],
    ['show', 'cis-1.12', '--format', 'json'],
    ['check', 'cis-1.4', '--installer', 'kubeadm'],
    ['releases', 'list'],
    ['diff', 'cis-1.4', 'cis-1.5'],
    ['lineage', 'cis-1.4:1.1.1'],
    ['evaluate', 'cis-1.12', '--node', 'kubeadm@1.30'],
    ['show', 'no-such-benchmark'],
    ['--help'],
  ];
  it(
    'one line on standard error while it can take one, never 70, never a stack trace',
    async () => {
      const ws = openWorkspace();
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...commands),
            fc.constantFrom<'full' | 'closed-pipe' | 'pipe'>('full', 'closed-pipe', 'pipe'),
            fc.constantFrom<'full' | 'pipe'>('full', 'pipe'),
            async (args, stdout, stderr) => {
              const r = await runTo(args, { stdout, stderr }, ws.dir);
              figures.cases++;
              if (r.code === 70) figures.exit70++;
              if (r.hung) figures.hangs++;
              if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr)) figures.traces++;
              const what = `benchwright ${args.join(' ')} (stdout ${stdout}, stderr ${stderr}): exit ${r.code}\n${r.stderr}`;
              expect(r.hung, what).toBe(false);
              expect([0, 1, 2], what).toContain(r.code);
              expect(r.stderr, what).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
              if (stdout === 'full' && stderr === 'pipe' && r.code === 2 && !args.includes('no-such-benchmark'))
                expect(r.stderr, what).toBe(
                  'benchwright: standard output: no space left on the device, expected room for the output\n',
                );
            },
          ),
          settings(10),
        );
      } finally {
        ws.done();
      }
    },
    timeout,
  );
});

describe('fuzz: output folders that cannot be written', () => {
  const writers = (out: string): string[][] => [
    ['export', 'kube-bench', 'cis-1.9', '--out', out],
    ['review', 'cis-1.8', 'cis-1.9', '--out', out],
    ['node', 'generic', '--release', '1.30', '--out', out],
    ['node', 'kubeadm', '--release', '1.30', '--out', out, '--force'],
    ['report', '--out', out, '--benchmarks', 'cis-1.9', '--releases', '1.30'],
    ['propose', 'cis-1.9', '--out', out],
    ['draft', 'cis-1.9', '--release', '1.30', '--out', `${out}.yaml`],
    ['lineage', 'cis-1.4:1.1.1', '--out', `${out}.txt`],
  ];
  it(
    'a read-only parent (as a user who is not root) or a folder under /proc: exit 2 naming it, nothing left',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: writers('x').length - 1 }),
          fc.constantFrom('ro/e', 'ro/a/b/e', '/proc/bw-site', '/proc/bw/a/e', '/sys/bw-e'),
          user(),
          async (which, out, uid) => {
            // A read-only folder only refuses a user who is not root.
            if (out.startsWith('ro/') && isRoot) {
              if (nobody === undefined) return;
              uid = nobody;
            }
            const ws = openWorkspace();
            try {
              mkdirSync(join(ws.dir, 'ro'));
              chmodSync(join(ws.dir, 'ro'), 0o555);
              const args = writers(out)[which];
              const o = await runCase('unwritable output', ws.dir, args, { uid });
              expect(o.code, o.stderr).toBe(2);
              expect(o.stderr).toMatch(/^(ro|\/proc|\/sys)(\/[^:]*)?: /);
            } finally {
              ws.done();
            }
          },
        ),
        settings(10),
      );
    },
    timeout,
  );

  it(
    'writers racing into one folder take turns',
    async () => {
      const ws = openWorkspace();
      try {
        const runs = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            spawnCli(
              built.bin,
              i % 2
                ? ['node', 'kubeadm', '--release', '1.30', '--out', 'n', '--force']
                : ['node', 'generic', '--release', '1.30', '--out', 'n', '--force'],
              { cwd: ws.dir, timeoutMs: 120_000 },
            ),
          ),
        );
        for (const r of runs) expect([r.code, r.stderr]).toEqual([0, '']);
        expect([...listing(ws.dir).keys()].filter((k) => !k.startsWith('n/') && k !== 'n')).toEqual([]);
      } finally {
        ws.done();
      }
    },
    timeout,
  );
});
