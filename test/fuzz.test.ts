// Property-based fuzzing of every input kind, in-process: real inputs (our format, kube-bench
// folders, release snapshots, templates) mutated, hostile things where a file or folder
// goes, hostile names where a value goes, hostile output targets. Every run must exit 0, 1
// or 2 (never 70), print no stack trace, name the path or option at fault, and write
// nothing outside its output folder. `npm test` runs a few hundred cases with a fixed seed;
// `npm run fuzz` runs thousands with a fresh seed it prints (BENCHWRIGHT_FUZZ_SEED replays).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';
import {
  cli,
  closeSockets,
  copyKubeBenchFolder,
  expectClean,
  fuzzSettings,
  hostileNames,
  hostilePaths,
  isRoot,
  listing,
  mutated,
  mutations,
  type Outcome,
  placeHostile,
  timings,
  workspace,
} from './fuzz-kit.js';
import { hasCorpus, kubeBenchCfg } from './helpers.js';

const { seed, long, timeout } = fuzzSettings(0);
const settings = (runs: number) => ({ numRuns: fuzzSettings(runs).numRuns, seed, endOnFailure: true });
const cases = { count: 0, exit70: 0, writesOutside: 0 };

const benchmarkText = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.4.yaml'), 'utf8');
const snapshotText = readFileSync(join(repoRoot, 'data', 'kubernetes', '1.13.json'), 'utf8');
const templateText = readFileSync(join(repoRoot, 'templates', 'proposal.md'), 'utf8');

/**
 * Run one case in a fresh workspace: `out` is the only place it may write. Returns the outcome
 * after checking the invariants.
 */
async function runCase(
  label: string,
  setup: (dir: string) => Promise<void> | void,
  args: (dir: string) => string[],
  names: (dir: string) => string[] = () => [],
  out = 'out',
): Promise<Outcome> {
  const ws = workspace();
  try {
    await setup(ws.dir);
    const argv = args(ws.dir);
    const before = listing(ws.dir, [out]);
    const o = await cli(argv, ws.dir);
    const after = listing(ws.dir, [out]);
    cases.count++;
    if (o.code === 70) cases.exit70++;
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    if (changed.length) cases.writesOutside++;
    if (o.code === 2) timings.push({ label: `${label}: ${argv.join(' ').slice(0, 200)}`, ms: o.ms, code: o.code });
    // The long run keeps the inputs of slow cases, to replay them by hand.
    if (long && o.ms > 1000) {
      const keep = join(tmpdir(), 'benchwright-fuzz-slow', String(cases.count));
      try {
        cpSync(ws.dir, keep, { recursive: true, verbatimSymlinks: true });
      } catch {
        mkdirSync(keep, { recursive: true }); // FIFOs and sockets do not copy; the arguments still tell.
      }
      writeFileSync(join(keep, 'ARGS'), `${JSON.stringify(argv)}\n${o.ms.toFixed(0)} ms, exit ${o.code}\n`);
    }
    expectClean(o, `${label}: benchwright ${argv.map((a) => JSON.stringify(a)).join(' ')}`, [
      ...names(ws.dir),
      ...argv,
    ]);
    expect(changed, `${label}: written outside ${out}`).toEqual([]);
    return o;
  } finally {
    ws.done();
  }
}

afterAll(() => {
  closeSockets();
  if (!long) return;
  const slow = [...timings].sort((a, b) => b.ms - a.ms);
  console.log(
    [
      `fuzz seed ${seed}: ${cases.count} cases, ${cases.exit70} exit 70, ${cases.writesOutside} with writes outside the output folder`,
      `input errors: ${timings.length}, over 1 s: ${timings.filter((t) => t.ms > 1000).length}, slowest:`,
      ...slow.slice(0, 5).map((t) => `  ${t.ms.toFixed(0)} ms  ${t.label}`),
    ].join('\n'),
  );
});

describe('fuzz: our benchmark format, mutated', () => {
  const commands = [
    (f: string) => ['validate', f],
    (f: string) => ['show', f],
    (f: string) => ['show', f, '--control', '1.1.2', '--format', 'json'],
    (f: string) => ['check', f, '--release', '1.13', '--format', 'sarif'],
    (f: string) => ['check', f, '--release', '1.14', '--installer', 'kubeadm'],
    (f: string) => ['diff', 'cis-1.3', f, '--format', 'markdown'],
    (f: string) => ['lineage', `${f}:1.1.2`],
    (f: string) => ['propose', f, '--release', '1.13', '--out', 'out'],
  ];
  it(
    'exits 0, 1 or 2 with the file named, never 70, never a stack trace',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, fc.nat(commands.length - 1), async (ms, c) => {
          await runCase(
            'benchmark',
            (dir) => writeFileSync(join(dir, 'draft.yaml'), mutated(benchmarkText, ms)),
            () => commands[c]('draft.yaml'),
            () => ['draft.yaml'],
          );
        }),
        settings(40),
      );
    },
    timeout,
  );
});

describe.skipIf(!hasCorpus)('fuzz: kube-bench folders, mutated', () => {
  const files = ['master.yaml', 'node.yaml', 'config.yaml', '../config.yaml'];
  const names = ['cis-1.4', ...hostileNames.filter((n) => /^[^/\n]{1,100}$/.test(n) && !/^\.\.?$|^\s*$/.test(n))];
  const commands = [
    (d: string) => ['import', 'kube-bench', d, '--quiet'],
    () => ['import', 'kube-bench', 'cfg', '--out-dir', 'out', '--facts-only'],
    (d: string) => ['show', d],
    (d: string) => ['check', d, '--release', '1.13'],
    (d: string) => ['diff', 'cis-1.4', d],
  ];
  it(
    'exits 0, 1 or 2 with the file named, never 70, never a stack trace',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...files),
          mutations,
          fc.constantFrom(...names),
          fc.nat(commands.length - 1),
          async (file, ms, name, c) => {
            await runCase(
              'kube-bench',
              (dir) => {
                const folder = copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4'), dir, name);
                const path = join(folder, file);
                writeFileSync(path, mutated(readFileSync(path, 'utf8'), ms));
              },
              () => commands[c](join('cfg', name)),
              () => ['cfg', name],
            );
          },
        ),
        settings(30),
      );
    },
    timeout,
  );
});

describe('fuzz: release snapshots', () => {
  const commands = [
    (s: string) => ['check', 'cis-1.4', '--release', s],
    (s: string) => ['releases', 'show', s, '--component', 'kubelet'],
    (s: string) => ['releases', 'diff', s, '1.14'],
    (s: string) => ['propose', 'cis-1.4', '--release', s, '--out', 'out'],
  ];
  it(
    'a hostile file where a snapshot goes is an input error naming it',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...hostilePaths), fc.nat(commands.length - 1), async (kind, c) => {
          if (kind === 'unreadable' && isRoot) return;
          await runCase(
            `snapshot ${kind}`,
            async (dir) => void (await placeHostile(join(dir, 'snap.json'), kind)),
            () => commands[c]('snap.json'),
            () => ['snap.json'],
          );
        }),
        settings(15),
      );
    },
    timeout,
  );

  it(
    'a mutated snapshot exits 0, 1 or 2, never 70',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, fc.nat(commands.length - 1), async (ms, c) => {
          await runCase(
            'snapshot',
            (dir) => writeFileSync(join(dir, 'snap.json'), mutated(snapshotText, ms)),
            () => commands[c]('snap.json'),
            () => ['snap.json'],
          );
        }),
        settings(20),
      );
    },
    timeout,
  );
});

describe('fuzz: proposal templates, mutated', () => {
  it(
    'exits 0 or 2 with the template named, never 70, writes only into --out',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async (ms) => {
          await runCase(
            'template',
            (dir) => writeFileSync(join(dir, 't.md'), mutated(templateText, ms)),
            () => [
              'propose',
              'cis-1.4',
              '--release',
              '1.13',
              '--control',
              '1.1.2',
              '1.2.1',
              '--template',
              't.md',
              '--out',
              'out',
            ],
            () => ['t.md'],
          );
        }),
        settings(25),
      );
    },
    timeout,
  );
});

describe('fuzz: hostile things where a file or folder goes', () => {
  // Where the thing goes (relative to the workspace), what to prepare first, and the command.
  const places: Array<{ at: string; prepare?: (dir: string) => void; args: string[] }> = [
    { at: 'x.yaml', args: ['validate', 'x.yaml'] },
    { at: 'x.yaml', args: ['show', 'x.yaml'] },
    { at: 'x.yaml', args: ['check', 'x.yaml', '--release', '1.13'] },
    { at: 'x.yaml', args: ['diff', 'x.yaml', 'cis-1.4'] },
    { at: 'x.yaml', args: ['lineage', 'x.yaml:1.1.1'] },
    { at: 't.md', args: ['propose', 'cis-1.4', '--release', '1.13', '--template', 't.md', '--out', 'out'] },
    ...(hasCorpus
      ? [
          { at: 'cfg/k/master.yaml', prepare: kubeBench, args: ['import', 'kube-bench', 'cfg/k'] },
          { at: 'cfg/k/config.yaml', prepare: kubeBench, args: ['import', 'kube-bench', 'cfg/k'] },
          { at: 'cfg/config.yaml', prepare: kubeBench, args: ['show', 'cfg/k'] },
          { at: 'cfg/k/node.yaml', prepare: kubeBench, args: ['import', 'kube-bench', 'cfg', '--out-dir', 'out'] },
          { at: 'cfg/k', prepare: (d: string) => mkdirSync(join(d, 'cfg')), args: ['import', 'kube-bench', 'cfg/k'] },
        ]
      : []),
  ];
  function kubeBench(dir: string): void {
    copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4'), dir, 'k');
  }
  it(
    'is an input error naming the path (or, for a harmless one, a normal run)',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...hostilePaths), fc.nat(places.length - 1), async (kind, p) => {
          // Root reads anything; the process suite runs this case as another user.
          if (kind === 'unreadable' && isRoot) return;
          const place = places[p];
          await runCase(
            `${kind} at ${place.at}`,
            async (dir) => {
              place.prepare?.(dir);
              const path = join(dir, place.at);
              execFileSync('rm', ['-rf', path]);
              await placeHostile(path, kind);
            },
            () => place.args,
            () => [place.at, place.args.find((a) => a.includes('/')) ?? place.at],
          );
        }),
        settings(30),
      );
    },
    timeout,
  );
});

describe('fuzz: hostile names where a value goes', () => {
  const commands = [
    (v: string) => ['check', v],
    (v: string) => ['check', 'cis-1.4', '--installer', v],
    (v: string) => ['check', 'cis-1.4', '--release', v],
    (v: string) => ['check', 'cis-1.4', '--release', '1.13', '--format', v],
    (v: string) => ['check', 'cis-1.4', '--release', '1.13', '--fail-on', v],
    (v: string) => ['propose', 'cis-1.4', '--installer', v, '--out', 'out'],
    (v: string) => ['propose', 'cis-1.4', '--release', '1.13', '--control', v, '--out', 'out'],
    (v: string) => ['show', 'cis-1.4', '--control', v],
    (v: string) => ['show', v],
    (v: string) => ['lineage', `cis-1.4:${v}`],
    (v: string) => ['lineage', `${v}:1.1.1`],
    (v: string) => ['diff', 'cis-1.4', v],
    (v: string) => ['releases', 'show', '1.30', '--component', v],
    (v: string) => ['releases', 'show', '1.30', '--flag', v],
    (v: string) => ['releases', 'show', '1.30', '--field', v],
    (v: string) => ['releases', 'show', '1.30', '--gate', v],
    (v: string) => ['releases', 'show', v],
    (v: string) => ['releases', 'diff', '1.29', v],
    (v: string) => ['matrix', '--benchmarks', v, '--releases', '1.13'],
    (v: string) => ['matrix', '--benchmarks', 'cis-1.0', '--releases', v],
  ];
  it(
    'is found or is an input error, never Object.prototype',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...hostileNames), fc.string({ maxLength: 12 })),
          fc.nat(commands.length - 1),
          async (v, c) => {
            await runCase(
              'value',
              () => {},
              () => commands[c](v),
              () => [v, '--', '<benchmark>', '1.30'],
            );
          },
        ),
        settings(40),
      );
    },
    timeout,
  );
});

describe('fuzz: hostile output targets', () => {
  type Target = { out: string; prepare?: (dir: string) => void | Promise<void>; note: string };
  const targets: Target[] = [
    { out: '', note: 'empty' },
    { out: 'file', prepare: (d) => writeFileSync(join(d, 'file'), 'x'), note: 'a file' },
    { out: 'file/sub', prepare: (d) => writeFileSync(join(d, 'file'), 'x'), note: 'under a file' },
    { out: 'folder', prepare: (d) => mkdirSync(join(d, 'folder')), note: 'a folder' },
    { out: 'fifo', prepare: (d) => execFileSync('mkfifo', [join(d, 'fifo')]), note: 'a FIFO' },
    { out: 'null', prepare: (d) => symlinkSync('/dev/null', join(d, 'null')), note: 'a device' },
    { out: 'dangling', prepare: (d) => symlinkSync(join(d, 'nowhere', 'x'), join(d, 'dangling')), note: 'dangling' },
    { out: 'loop', prepare: (d) => symlinkSync(join(d, 'loop'), join(d, 'loop')), note: 'a loop' },
    { out: `${'n'.repeat(300)}`, note: 'a name too long' },
    { out: 'a\nb', note: 'a newline' },
    { out: 'out', prepare: (d) => writeFileSync(join(d, 'out'), 'x'), note: 'out is a file' },
    {
      out: 'out',
      prepare: (d) => {
        mkdirSync(join(d, 'out', 'README.md'), { recursive: true });
        execFileSync('mkfifo', [join(d, 'out', '1.2.1.md')]);
        mkdirSync(join(d, 'out', 'cis-1.4.yaml'));
      },
      note: 'folders and FIFOs where files go',
    },
    { out: 'out/deeper/still', note: 'a new path' },
  ];
  const commands = [
    (o: string) => ['propose', 'cis-1.4', '--release', '1.13', '--control', '1.1.2', '1.2.1', '--out', o],
    (o: string) => ['lineage', 'cis-1.4:1.1.2', '--out', o],
    (o: string) => ['lineage', '--all', '--format', 'json', '--out', o],
    ...(hasCorpus
      ? [
          (o: string) => ['import', 'kube-bench', join(kubeBenchCfg, 'cis-1.4'), '--quiet', '--out', o],
          (o: string) => ['import', 'kube-bench', join(kubeBenchCfg, 'cis-1.4'), '--quiet', '--out', join(o, 'x.yaml')],
          (o: string) => ['import', 'kube-bench', kubeBenchCfg, '--quiet', '--out-dir', o],
        ]
      : []),
  ];
  const allowed = (args: string[]) => {
    const value = args[args.findIndex((a) => a === '--out' || a === '--out-dir') + 1];
    return value.split('/')[0] || 'out';
  };
  it(
    'is checked before anything is written: an input error naming it, or a write inside it only',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(targets.length - 1), fc.nat(commands.length - 1), async (t, c) => {
          const target = targets[t];
          await runCase(
            `output ${target.note}`,
            async (dir) => void (await target.prepare?.(dir)),
            () => commands[c](target.out),
            () => [target.out, '--out', '--out-dir'],
            // What may change: the path given (its first part), nothing else.
            allowed(commands[c](target.out)),
          );
        }),
        settings(20),
      );
    },
    timeout,
  );
});

// Node bundles (issue 11) and kubeadm configuration files: a reference bundle written once,
// then per case one of its files mutated or replaced by something hostile.
describe('fuzz: node bundles and kubeadm configurations', () => {
  let bundle = '';
  let bundleFiles: string[] = [];
  const kubeadmConfig = [
    'apiVersion: kubeadm.k8s.io/v1beta3',
    'kind: ClusterConfiguration',
    'apiServer:',
    '  extraArgs:',
    '    profiling: "false"',
    '    enable-admission-plugins: NodeRestriction,AlwaysPullImages',
    '---',
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    'readOnlyPort: 0',
    '',
  ].join('\n');
  beforeAll(async () => {
    const ws = workspace('bw-fuzz-bundle-');
    bundle = join(ws.dir, 'b');
    const o = await cli(['node', 'kubeadm', '--release', '1.28', '--out', bundle], ws.dir);
    expect(o.code, o.stderr).toBe(0);
    bundleFiles = execFileSync('find', [bundle, '-type', 'f'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((f) => f.slice(bundle.length + 1))
      .sort();
  }, timeout);

  const commands = [
    (b: string) => ['evaluate', 'cis-1.12', '--node', b],
    (b: string) => ['evaluate', 'cis-1.12', '--node', b, '--semantics', 'kube-bench', '--format', 'json'],
    (b: string) => ['evaluate', 'cis-1.12', '--node', b, '--compare', '--format', 'markdown'],
  ];

  it(
    'a mutated bundle file is a per-control WARN or an input error, never 70',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(bundleFiles.length - 1), mutations, fc.nat(commands.length - 1), async (f, ms, c) => {
          await runCase(
            'bundle',
            (dir) => {
              cpSync(bundle, join(dir, 'b'), { recursive: true });
              const path = join(dir, 'b', bundleFiles[f]);
              writeFileSync(path, mutated(readFileSync(path, 'utf8'), ms));
            },
            () => commands[c]('b'),
            () => ['b', bundleFiles[f]],
          );
        }),
        settings(30),
      );
    },
    timeout,
  );

  it(
    'a hostile thing where a bundle file goes is named, and nothing outside the bundle is read',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(bundleFiles.length - 1),
          fc.constantFrom(...hostilePaths),
          fc.nat(commands.length - 1),
          async (f, kind, c) => {
            if (kind === 'unreadable' && isRoot) return;
            await runCase(
              `bundle ${kind}`,
              async (dir) => {
                cpSync(bundle, join(dir, 'b'), { recursive: true });
                const path = join(dir, 'b', bundleFiles[f]);
                execFileSync('rm', ['-f', path]);
                await placeHostile(path, kind);
              },
              () => commands[c]('b'),
              () => ['b', bundleFiles[f]],
            );
          },
        ),
        settings(20),
      );
    },
    timeout,
  );

  it(
    'a mutated kube-bench report for --against is compared or an input error naming it, never 70',
    async () => {
      // A small report in kube-bench's --json shape: mutated as text, so broken JSON and odd shapes both come up.
      const report = JSON.stringify(
        {
          Controls: [
            {
              id: '1',
              version: 'cis-1.12',
              tests: [
                {
                  section: '1.1',
                  results: [
                    { test_number: '1.1.1', status: 'PASS', scored: true },
                    { test_number: '1.2.1', status: 'WARN', actual_value: '--anonymous-auth=false' },
                  ],
                },
              ],
            },
          ],
          Totals: { total_pass: 1, total_warn: 1 },
        },
        null,
        1,
      );
      await fc.assert(
        fc.asyncProperty(mutations, async (ms) => {
          await runCase(
            'scanner report',
            (dir) => writeFileSync(join(dir, 'r.json'), mutated(report, ms)),
            () => [
              'evaluate',
              'cis-1.12',
              '--node',
              'kubeadm@1.34',
              '--against',
              'r.json',
              '--control',
              '1.1.1',
              '1.2.1',
            ],
            () => ['r.json'],
          );
        }),
        settings(20),
      );
    },
    timeout,
  );

  it(
    'a mutated kubeadm configuration is an input error at its position, never 70',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, async (ms) => {
          await runCase(
            'kubeadm config',
            (dir) => writeFileSync(join(dir, 'k.yaml'), mutated(kubeadmConfig, ms)),
            () => ['node', 'kubeadm', '--release', '1.28', '--config', 'k.yaml', '--out', 'out'],
            () => ['k.yaml'],
          );
        }),
        settings(30),
      );
    },
    timeout,
  );

  it(
    'hostile values for the new commands are found or are input errors',
    async () => {
      const valued = [
        (v: string) => ['evaluate', 'cis-1.12', '--node', v],
        (v: string) => ['evaluate', 'cis-1.12', '--node', `kubeadm@${v}`],
        (v: string) => ['evaluate', 'cis-1.12', '--node', 'kubeadm@1.30', '--semantics', v],
        (v: string) => ['evaluate', 'cis-1.12', '--node', 'kubeadm@1.30', '--control', v],
        (v: string) => ['evaluate', v, '--node', 'generic@1.30'],
        (v: string) => ['node', 'kubeadm', '--release', v, '--out', 'out'],
        (v: string) => ['node', 'generic', '--release', v, '--out', 'out'],
        (v: string) => ['test', v],
        (v: string) => ['test', 'cis-1.12', '--control', v],
        (v: string) => ['report', '--out', 'out', '--benchmarks', v, '--releases', '1.34'],
        (v: string) => ['report', '--out', 'out', '--benchmarks', 'cis-1.12', '--releases', v],
        (v: string) => ['check', 'cis-1.12', '--release', '1.34', '--allow-list', v],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...hostileNames), fc.string({ maxLength: 12 })),
          fc.nat(valued.length - 1),
          async (v, c) => {
            await runCase(
              'value (new commands)',
              () => {},
              () => valued[c](v),
              () => [v, '--', '<benchmark>', '--node', '--release'],
            );
          },
        ),
        settings(30),
      );
    },
    timeout,
  );

  it(
    'hostile output targets of node and report are checked before anything is written',
    async () => {
      const targets = ['', 'file', 'file/sub', 'fifo', 'out'];
      await fc.assert(
        fc.asyncProperty(fc.nat(targets.length - 1), fc.boolean(), async (t, report) => {
          const out = targets[t];
          await runCase(
            `node/report output ${out || 'empty'}`,
            (dir) => {
              writeFileSync(join(dir, 'file'), 'x');
              execFileSync('mkfifo', [join(dir, 'fifo')]);
              if (out === 'out') writeFileSync(join(dir, 'out'), 'x');
            },
            () =>
              report
                ? ['report', '--out', out, '--benchmarks', 'cis-1.12', '--releases', '1.34']
                : ['node', 'generic', '--release', '1.30', '--out', out],
            () => [out, '--out'],
            out.split('/')[0] || 'out',
          );
        }),
        settings(10),
      );
    },
    timeout,
  );
});

// The authoring loop (issue 13): mutated drafts and hostile targets for draft, review and export.
describe('fuzz: draft, review and export', () => {
  const draftText = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.12.yaml'), 'utf8');
  const commands = [
    (f: string) => ['draft', f, '--release', '1.34', '--installer', 'kubeadm', '--out', 'out/d.yaml'],
    (f: string) => ['review', 'cis-1.12', f, '--release', '1.34', '--format', 'markdown'],
    (f: string) => ['export', 'kube-bench', f, '--out', 'out/cfg'],
  ];
  it(
    'a mutated benchmark is drafted, reviewed, exported or refused with its position, never 70',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations, fc.nat(commands.length - 1), async (ms, c) => {
          await runCase(
            'authoring',
            (dir) => writeFileSync(join(dir, 'b.yaml'), mutated(draftText, ms)),
            () => commands[c]('b.yaml'),
            () => ['b.yaml'],
          );
        }),
        settings(20),
      );
    },
    timeout,
  );

  it(
    'hostile output targets of draft and export are input errors naming them',
    async () => {
      const targets = ['', 'file', 'file/sub', 'fifo', 'folder'];
      await fc.assert(
        fc.asyncProperty(fc.nat(targets.length - 1), fc.boolean(), async (t, exportIt) => {
          const out = targets[t];
          await runCase(
            `draft/export output ${out || 'empty'}`,
            (dir) => {
              writeFileSync(join(dir, 'file'), 'x');
              execFileSync('mkfifo', [join(dir, 'fifo')]);
              mkdirSync(join(dir, 'folder'));
              execFileSync('mkfifo', [join(dir, 'folder', 'config.yaml')]);
            },
            () =>
              exportIt
                ? ['export', 'kube-bench', 'cis-1.4', '--out', out]
                : ['draft', 'cis-1.4', '--release', '1.14', '--out', out],
            () => [out, '--out'],
            out.split('/')[0] || 'out',
          );
        }),
        settings(10),
      );
    },
    timeout,
  );
});
