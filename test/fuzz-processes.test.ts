// The cases that need their own process: a FIFO or a device must never block a command (a
// hang can only be killed from outside), an unreadable file needs a user who is not root,
// and concurrent `propose` runs need processes. The CLI is built once into a temporary root.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockName } from '../src/cli/write.js';
import { buildCli, copyKubeBenchFolder, expectClean, fuzzSettings, isRoot, spawnCli, workspace } from './fuzz-kit.js';
import { hasCorpus, kubeBenchCfg } from './helpers.js';

const { seed, timeout } = fuzzSettings(0);
let built: ReturnType<typeof buildCli>;
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built?.done());

describe('no input blocks a command', () => {
  // Each command with a FIFO (or a device) where it reads; all at once, each killed after 15 s.
  const commands: Array<{ at: string; args: string[]; kubeBench?: boolean }> = [
    { at: 'in.yaml', args: ['validate', 'in.yaml'] },
    { at: 'in.yaml', args: ['show', 'in.yaml'] },
    { at: 'in.yaml', args: ['check', 'in.yaml'] },
    { at: 'in.yaml', args: ['diff', 'cis-1.4', 'in.yaml'] },
    { at: 'in.yaml', args: ['lineage', 'in.yaml:1.1.1'] },
    { at: 'in.yaml', args: ['propose', 'in.yaml', '--out', 'out'] },
    { at: 'in.json', args: ['check', 'cis-1.4', '--release', 'in.json'] },
    { at: 'in.json', args: ['releases', 'show', 'in.json'] },
    { at: 'in.json', args: ['releases', 'diff', '1.13', 'in.json'] },
    { at: 'in.md', args: ['propose', 'cis-1.4', '--template', 'in.md', '--out', 'out'] },
    { at: 'cfg/k/master.yaml', args: ['import', 'kube-bench', 'cfg/k'], kubeBench: true },
    { at: 'cfg/k/config.yaml', args: ['show', 'cfg/k'], kubeBench: true },
    { at: 'cfg/config.yaml', args: ['import', 'kube-bench', 'cfg', '--out-dir', 'out'], kubeBench: true },
    { at: 'corpus/reference/v1.30/kubelet.md', args: ['releases', 'build', '--corpus', 'corpus', '--out', 'out'] },
  ];
  it.each(['fifo', 'dev-zero'])('a %s where any command reads: exit 2 naming it, no hang', async (kind) => {
    const ws = workspace();
    try {
      const runs = commands
        .filter((c) => !c.kubeBench || hasCorpus)
        .map((c, i) => {
          const dir = join(ws.dir, String(i));
          mkdirSync(dir);
          if (c.kubeBench) copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4'), dir, 'k');
          const path = join(dir, c.at);
          mkdirSync(join(path, '..'), { recursive: true });
          execFileSync('rm', ['-f', path]);
          if (kind === 'fifo') execFileSync('mkfifo', [path]);
          else execFileSync('ln', ['-s', '/dev/zero', path]);
          return spawnCli(built.bin, c.args, { cwd: dir }).then((o) => ({ c, o }));
        });
      for (const { c, o } of await Promise.all(runs)) {
        expect(o.hung, `${c.args.join(' ')} hung on a ${kind}`).toBe(false);
        expectClean(o, `${kind}: benchwright ${c.args.join(' ')}`, [c.at]);
        expect(o.code, c.args.join(' ')).toBe(2);
      }
    } finally {
      ws.done();
    }
  });
});

describe('an unreadable file', () => {
  // chmod 000 only bites a user who is not root: as root, run the CLI as nobody (uid 65534).
  const uid = isRoot ? 65534 : undefined;
  it('is an input error naming it, for every kind of input', async (ctx) => {
    if (uid !== undefined && (await spawnCli(built.bin, ['--help'], { cwd: '/', uid })).code !== 0) {
      console.warn(
        `unreadable-file case skipped: running as root, and uid ${uid} cannot run the CLI built in ${built.root}`,
      );
      ctx.skip();
    }
    const ws = workspace();
    try {
      chmodSync(ws.dir, 0o777);
      const files = ['in.yaml', 'in.json', 'in.md'];
      for (const f of files) {
        writeFileSync(join(ws.dir, f), 'x');
        chmodSync(join(ws.dir, f), 0o000);
      }
      mkdirSync(join(ws.dir, 'closed'), { mode: 0o000 });
      chmodSync(join(ws.dir, 'closed'), 0o000);
      mkdirSync(join(ws.dir, 'readonly'));
      chmodSync(join(ws.dir, 'readonly'), 0o555);
      const cases: Array<[string[], string]> = [
        [['validate', 'in.yaml'], 'in.yaml'],
        [['show', 'in.yaml'], 'in.yaml'],
        [['check', 'cis-1.4', '--release', 'in.json'], 'in.json'],
        [['propose', 'cis-1.4', '--template', 'in.md', '--out', 'out'], 'in.md'],
        [['import', 'kube-bench', 'closed'], 'closed'],
        [['show', 'closed'], 'closed'],
        [['propose', 'cis-1.4', '--out', 'readonly'], 'readonly'],
        [['propose', 'cis-1.4', '--out', 'readonly/sub'], 'readonly'],
        [['lineage', 'cis-1.4:1.1.1', '--out', 'readonly/x.md'], 'readonly'],
      ];
      for (const [args, name] of cases) {
        const o = await spawnCli(built.bin, args, { cwd: ws.dir, uid });
        expectClean(o, `unreadable: benchwright ${args.join(' ')}`, [name]);
        expect(o.code, `${args.join(' ')}: ${o.stderr}`).toBe(2);
        expect(o.stderr).toMatch(/permission denied/);
      }
      expect(readdirSync(join(ws.dir, 'readonly'))).toEqual([]);
    } finally {
      ws.done();
    }
  });
});

describe('concurrent propose runs into one folder', () => {
  // Different arguments, so each run plans a different set and removes what the others wrote.
  const variants = [
    ['--release', '1.13'],
    ['--release', '1.14', '--installer', 'kubeadm'],
    ['--release', '1.13', '--control', '1.1.2', '1.2.1', '2.1.10'],
    ['--release', '1.34'],
    ['--release', '1.13', '1.14', '--installer', 'kubeadm'],
    ['--release', '1.20', '--control', '1.1.2'],
  ];
  it(
    'take turns or fail cleanly: never exit 70, the index names only files that exist',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat(variants.length - 1), { minLength: 4, maxLength: 4 }),
          fc.nat(variants.length - 1),
          async (picks, older) => {
            const ws = workspace();
            try {
              const first = await spawnCli(built.bin, ['propose', 'cis-1.4', ...variants[older], '--out', 'out'], {
                cwd: ws.dir,
              });
              expect(first.code, first.stderr).toBe(0);
              const runs = await Promise.all(
                picks.map((p) =>
                  spawnCli(built.bin, ['propose', 'cis-1.4', ...variants[p], '--out', 'out'], {
                    cwd: ws.dir,
                    timeoutMs: 60_000,
                  }),
                ),
              );
              for (const o of runs) {
                expect(o.hung).toBe(false);
                expectClean(o, 'concurrent propose', ['out']);
              }
              const out = join(ws.dir, 'out');
              const index = readFileSync(join(out, 'README.md'), 'utf8');
              const linked = [...index.matchAll(/\]\(<?([^)>\s]+\.md)>?\)/g)].map((m) => m[1]);
              expect(linked.length).toBeGreaterThan(0);
              for (const f of linked) expect(existsSync(join(out, f)), `README.md links to missing ${f}`).toBe(true);
              expect(readdirSync(out).filter((n) => n.endsWith('.tmp') || n.startsWith(lockName))).toEqual([]);
            } finally {
              ws.done();
            }
          },
        ),
        { numRuns: fuzzSettings(2).numRuns, seed, endOnFailure: true },
      );
    },
    timeout,
  );
});

describe('the output folder lock across processes', () => {
  it('lets one process at a time in: no update is lost', async () => {
    const ws = workspace();
    const d = ws.dir;
    writeFileSync(join(d, 'count'), '0');
    // Each process reads the counter, waits, writes it plus one: without the lock, updates overlap and are lost.
    const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { withFolderLock } from ${JSON.stringify(join(built.root, 'dist', 'cli', 'write.js'))};
      const d = ${JSON.stringify(d)};
      for (let i = 0; i < 10; i++)
        withFolderLock(d, () => {
          const n = Number(readFileSync(d + '/count', 'utf8'));
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          writeFileSync(d + '/count', String(n + 1));
        });
    `;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number>((done) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
          child.on('close', (code) => done(code ?? -1));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect(readFileSync(join(d, 'count'), 'utf8')).toBe('40');
    expect(existsSync(join(d, lockName))).toBe(false);
    ws.done();
  });
});
