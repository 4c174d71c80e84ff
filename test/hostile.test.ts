// The smallest input of each class issue 14 found, as regression cases with their exact
// messages: every one is an input error naming its path or option (exit 2), never exit 70,
// never a hang, never a half-written output.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockName, withFolderLock, writeFilesAtomic } from '../src/cli/write.js';
import { parseYaml } from '../src/io/yaml.js';
import { formatProblem, InputError } from '../src/model/problem.js';
import { shippedReleases } from '../src/k8s/load.js';
import { repoRoot } from '../src/paths.js';
import { copyKubeBenchFolder, listing, workspace } from './fuzz-kit.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

let ws: ReturnType<typeof workspace>;
let dir: string;
beforeAll(() => {
  ws = workspace('bw-hostile-');
  dir = ws.dir;
});
afterAll(() => ws.done());

const at = (...p: string[]) => join(dir, ...p);
const cli = (...args: string[]) => run(args, dir);

describe('names that are Object.prototype properties', () => {
  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    '--installer %s is unknown, listing the valid ones',
    async (name) => {
      for (const args of [['check'], ['propose', '--out', 'never']]) {
        const r = await cli(...args, 'cis-1.4', '--installer', name);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`--installer: unknown installer '${name}', expected kubeadm\n`);
      }
      expect(existsSync(at('never'))).toBe(false);
    },
  );
});

describe('files that are not regular files', () => {
  beforeAll(() => {
    execFileSync('mkfifo', [at('pipe')]);
    mkdirSync(at('folder'));
    symlinkSync(at('nowhere'), at('dangling'));
    symlinkSync(at('loop'), at('loop'));
  });

  it('a FIFO is refused without opening it, for every kind of input', async () => {
    expect((await cli('validate', 'pipe')).stderr).toBe('pipe: is a named pipe (FIFO), expected a benchmark\n');
    expect((await cli('show', 'pipe')).stderr).toBe('pipe: is a named pipe (FIFO), expected a benchmark\n');
    expect((await cli('check', 'cis-1.4', '--release', 'pipe')).stderr).toBe(
      'pipe: is a named pipe (FIFO), expected a release snapshot\n',
    );
    const r = await cli('propose', 'cis-1.4', '--template', 'pipe', '--out', 'never');
    expect(r).toMatchObject({ code: 2, stderr: 'pipe: is a named pipe (FIFO), expected a template\n' });
  });

  it('a folder where a file goes, a device, dangling and looping links', async () => {
    expect(await cli('validate', 'folder')).toMatchObject({
      code: 2,
      stderr: 'folder: is a folder, expected a benchmark\n',
    });
    expect((await cli('propose', 'cis-1.4', '--template', 'folder', '--out', 'never')).stderr).toBe(
      'folder: is a folder, expected a template\n',
    );
    expect((await cli('check', 'cis-1.4', '--release', '/dev/zero')).stderr).toBe(
      '/dev/zero: is a device, expected a release snapshot\n',
    );
    expect((await cli('show', 'dangling')).stderr).toMatch(/^dangling: dangling symbolic link, expected /);
    expect((await cli('validate', 'loop')).stderr).toBe('loop: symbolic link loop, expected a benchmark\n');
    expect((await cli('check', 'cis-1.4', '--release', '')).stderr).toBe(
      `--release: empty value, expected shipped releases (1.13 … ${shippedReleases().at(-1)}) as 1.34, 1.33,1.34 or FROM..TO, or a snapshot file\n`,
    );
  });
});

describe.skipIf(!hasCorpus)('kube-bench config.yaml and controls files', () => {
  const folder = (name: string, file: string, text: string) => {
    const d = copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4'), at(name), 'cis-1.4');
    writeFileSync(join(d, file), text);
    return join(name, 'cfg', 'cis-1.4');
  };

  it('a syntax error, an undefined alias or an alias bomb in config.yaml is an error at its position', async () => {
    const broken = folder('syntax', 'config.yaml', 'a: [\n');
    expect(await cli('import', 'kube-bench', broken)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^syntax\/cfg\/cis-1\.4\/config\.yaml:2:1: invalid YAML: /),
    });
    const alias = folder('alias', 'config.yaml', 'master:\n  apiserver: *nothing\n');
    expect((await cli('import', 'kube-bench', alias)).stderr).toBe(
      'alias/cfg/cis-1.4/config.yaml:2:14: undefined alias *nothing, expected an anchor &nothing before it\n',
    );
    // Aliases are read where they are used, never expanded: a bomb costs nothing.
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(', ')}]`,
      );
    const bombed = folder('bomb', 'config.yaml', `${bomb.join('\n')}\nmaster:\n  apiserver: *i\n`);
    expect(await cli('import', 'kube-bench', bombed, '--quiet')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^cis-1\.4: \d+ controls/),
    });
  });

  it('a config.yaml that is a folder is named', async () => {
    const d = copyKubeBenchFolder(join(kubeBenchCfg, 'cis-1.4'), at('confdir'), 'cis-1.4');
    execFileSync('rm', [join(d, 'config.yaml')]);
    mkdirSync(join(d, 'config.yaml'));
    expect((await cli('show', 'confdir/cfg/cis-1.4')).stderr).toBe(
      'confdir/cfg/cis-1.4/config.yaml: is a folder, expected a kube-bench file\n',
    );
  });

  it('an empty id is an input error at the control, before any summary line', async () => {
    const master = readFileSync(join(kubeBenchCfg, 'cis-1.4', 'master.yaml'), 'utf8');
    const d = folder('emptyid', 'master.yaml', master.replace(/- id: 1\.1\.1\n/, '- id: ""\n'));
    const line = master.split('\n').findIndex((l) => /- id: 1\.1\.1$/.test(l)) + 1;
    const r = await cli('import', 'kube-bench', d);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `emptyid/cfg/cis-1.4/master.yaml:${line}:1: control id "" cannot be imported, expected a non-empty value\n`,
    );
  });
});

describe('sizes', () => {
  it('a folder of more YAML files than any kube-bench folder is refused before reading them', async () => {
    mkdirSync(at('many'));
    for (let i = 0; i < 101; i++) writeFileSync(at('many', `f${i}.yaml`), 'groups: []\n');
    expect(await cli('import', 'kube-bench', 'many')).toMatchObject({
      code: 2,
      stderr: 'many: holds 101 YAML files, expected a kube-bench folder of at most 100\n',
    });
  });

  it('a file over the limit of its kind is refused without reading it', async () => {
    writeFileSync(at('huge.yaml'), '');
    execFileSync('truncate', ['-s', '5M', at('huge.yaml')]);
    expect((await cli('validate', 'huge.yaml')).stderr).toBe(
      'huge.yaml: is 5.0 MB, expected a benchmark under 4.0 MB\n',
    );
  });
});

describe('YAML edges', () => {
  it('1,000-deep nesting is a clear error, not a stack overflow', async () => {
    writeFileSync(at('deep-flow.yaml'), `${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    writeFileSync(at('deep-block.yaml'), `${'- '.repeat(1000)}x\n`);
    expect((await cli('validate', 'deep-flow.yaml')).stderr).toBe(
      'deep-flow.yaml:1:65: nested more than 64 levels deep, expected a document nested at most 64 levels\n',
    );
    expect((await cli('validate', 'deep-block.yaml')).stderr).toBe(
      'deep-block.yaml:1:129: nested more than 64 levels deep, expected a document nested at most 64 levels\n',
    );
  });

  it('tags we do not understand are errors with their position, not dropped', () => {
    const { problems } = parseYaml('id: !foo x\ntitle: !!python/object:os.system y\nversion: !!str 1\n', 'x.yaml');
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '1:5 unknown YAML tag !foo, expected values without custom tags',
      '2:8 unknown YAML tag !!python/object:os.system, expected values without custom tags',
    ]);
  });

  it('a file with CR line ends reads as lines', async () => {
    const text = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.4.yaml'), 'utf8');
    writeFileSync(at('cr.yaml'), text.replace(/\n/g, '\r'));
    const r = await cli('validate', 'cr.yaml');
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^cr\.yaml: ok \(\d+ controls\)/) });
    expect(r.stdout).toBe(
      (await run(['validate', join(repoRoot, 'benchmarks', 'cis-1.4.yaml')])).stdout.replace(/^.*?:/, 'cr.yaml:'),
    );
  });

  it('show names the file as given, like validate', async () => {
    writeFileSync(at('bad.yaml'), 'id: [\n');
    expect((await cli('show', 'bad.yaml')).stderr).toMatch(/^bad\.yaml:2:1: invalid YAML: /);
    expect((await cli('validate', 'bad.yaml')).stderr).toMatch(/^bad\.yaml:2:1: invalid YAML: /);
  });
});

describe('output targets are checked before anything is written', () => {
  beforeAll(() => {
    writeFileSync(at('afile'), 'x');
    mkdirSync(at('adir'));
  });
  const unchanged = async (args: string[], stderr: string | RegExp) => {
    const before = listing(dir);
    const r = await cli(...args);
    expect(r.code, r.stderr).toBe(2);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(listing(dir)).toEqual(before);
  };

  it('propose --out: empty, under a file, a file', async () => {
    await unchanged(['propose', 'cis-1.4', '--out', ''], '--out: empty path, expected a folder for the proposals\n');
    await unchanged(
      ['propose', 'cis-1.4', '--out', 'afile/sub'],
      'afile/sub: afile is a file, expected a folder there\n',
    );
    await unchanged(
      ['propose', 'cis-1.4', '--out', 'afile'],
      'afile: is a file, expected a folder for the proposals\n',
    );
  });

  it('propose into a folder where a proposal would be a folder writes nothing', async () => {
    mkdirSync(at('props', 'README.md'), { recursive: true });
    await unchanged(
      ['propose', 'cis-1.4', '--release', '1.13', '--out', 'props'],
      'props/README.md: is a folder, expected a proposal\n',
    );
  });

  it.skipIf(!hasCorpus)('import --out and --out-dir', async () => {
    const k = join(kubeBenchCfg, 'cis-1.4');
    await unchanged(
      ['import', 'kube-bench', k, '--out', 'adir'],
      'adir: is a folder, expected a file for the benchmark\n',
    );
    await unchanged(
      ['import', 'kube-bench', k, '--out', 'afile/x.yaml'],
      'afile/x.yaml: afile is a file, expected a folder there\n',
    );
    await unchanged(
      ['import', 'kube-bench', kubeBenchCfg, '--out-dir', 'afile'],
      'afile: is a file, expected a folder for the benchmarks\n',
    );
    await unchanged(['import', 'kube-bench', k, '--out', ''], '--out: empty path, expected a file for the benchmark\n');
  });

  it('lineage --out', async () => {
    await unchanged(['lineage', 'cis-1.4:1.1.2', '--out', 'adir'], 'adir: is a folder, expected a file to write\n');
  });

  it('a set of files is renamed into place only when all of them are written', () => {
    const before = listing(dir);
    expect(() =>
      writeFilesAtomic([
        { path: at('set-a.txt'), text: 'a' },
        { path: at('afile', 'set-b.txt'), text: 'b', shownAs: 'afile/set-b.txt' },
      ]),
    ).toThrow(/^afile\/set-b\.txt: a part of the path is a file, not a folder/);
    expect(listing(dir)).toEqual(before);
  });
});

describe('the output folder lock', () => {
  it('takes over a lock whose process is gone', () => {
    const d = at('lock-stale');
    mkdirSync(d);
    // A process that has exited: its pid is free (reuse within the test is vanishingly unlikely).
    const gone = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(d, lockName), `${gone} ${hostname()}`);
    expect(withFolderLock(d, () => 'written')).toBe('written');
    expect(existsSync(join(d, lockName))).toBe(false);
  });

  it('fails cleanly naming the holder when another live run keeps it', () => {
    const d = at('lock-held');
    mkdirSync(d);
    writeFileSync(join(d, lockName), `${process.ppid} ${hostname()}`);
    let error: unknown;
    try {
      withFolderLock(d, () => 'never', { shownAs: 'lock-held', waitMs: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `lock-held: another benchwright run (process ${process.ppid}) is writing here, expected one run at a time; try again when it ends, or remove ${lockName} if none is running`,
    );
  });
});

describe('messages that echo what the user gave', () => {
  it('a long value is cut with its length; bidi and zero-width characters are escaped', () => {
    const p = formatProblem({ file: '--control', severity: 'error', message: `no control '${'1'.repeat(100_000)}'` });
    expect(p).toBe(`--control: no control '${'1'.repeat(119)}… (100002 characters)`);
    expect(formatProblem({ file: 'x\u202Ey', severity: 'error', message: 'id \u2066a\u2069\u200b' })).toBe(
      '"x\\u202ey": id \\u2066a\\u2069\\u200b',
    );
  });

  it('--control with a right-to-left override is shown escaped', async () => {
    const r = await cli('show', 'cis-1.4', '--control', 'x\u202Eevil');
    expect([r.code, r.stderr]).toEqual([
      2,
      "--control: no control 'x\\u202eevil' in cis-1.4, expected an id such as 1.1.1\n",
    ]);
  });

  it('a JSON snapshot with a byte-order mark reads as without', async () => {
    writeFileSync(at('bom.json'), `\uFEFF${readFileSync(join(repoRoot, 'data', 'kubernetes', '1.13.json'), 'utf8')}`);
    expect((await cli('check', 'cis-1.4', '--release', 'bom.json')).code).toBe(0);
  });

  it("a key that is a list or a map is a positioned warning, never yaml's own line on stderr", async () => {
    writeFileSync(at('ck.yaml'), 'id: x\n? [a, b]\n: 1\n');
    const r = await cli('validate', 'ck.yaml');
    expect(r.stderr).toContain(
      'ck.yaml:2:3: warning: a key that is a list or a map, read as its text; expected a plain key\n',
    );
    expect(r.stderr).not.toMatch(/stringified|YAMLWarning/);
    expect(parseYaml('? {a: 1}\n: 2\n', 'k.yaml').problems.map((p) => p.message)).toEqual([
      'a key that is a list or a map, read as its text; expected a plain key',
    ]);
  });
});
