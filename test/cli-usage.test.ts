// How commands are called: one way to name releases, options before or after the arguments,
// commander's errors in our one-line form, examples at the end of every --help, shell completion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { looksLikeReleases, releaseNames, singleRelease } from '../src/cli/options.js';
import { commandPath, examples } from '../src/cli/usage.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedReleases } from '../src/k8s/load.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const shipped = shippedReleases();

describe('release names', () => {
  const names = (...values: string[]) => {
    const notes: string[] = [];
    return { releases: releaseNames('--release', values, shipped, (n) => notes.push(n)), notes };
  };

  it('takes a list, a comma list, a range and a patch version, in release order, once each', () => {
    expect(names('1.34', '1.33').releases).toEqual(['1.33', '1.34']);
    expect(names('1.34,1.33').releases).toEqual(['1.33', '1.34']);
    expect(names('1.31..1.33', '1.32').releases).toEqual(['1.31', '1.32', '1.33']);
    expect(names('v1.30..v1.31,1.34').releases).toEqual(['1.30', '1.31', '1.34']);
    expect(names('1.34.1')).toEqual({
      releases: ['1.34'],
      notes: ['note: --release 1.34.1 read as 1.34: releases are checked per minor version'],
    });
    expect(names('1.33', 'snapshots/1.35.json').releases).toEqual(['1.33', 'snapshots/1.35.json']);
  });

  it('says what is wrong and what it takes', () => {
    expect(() => names('1.99')).toThrow(
      /^--release: no shipped release '1\.99', expected shipped releases \(1\.13 … 1\.\d+\)/,
    );
    expect(() => names('1.34..1.30')).toThrow(
      /runs backwards, expected FROM\.\.TO with FROM before TO, e\.g\. 1\.30\.\.1\.34/,
    );
    expect(() => names(',')).toThrow(/^--release: empty value/);
    expect(() => singleRelease('--release', '1.33,1.34', shipped, () => {})).toThrow(/expected one release/);
    expect(() => releaseNames('--releases', ['x.json'], shipped, () => {}, false)).toThrow(
      /no shipped release 'x\.json'/,
    );
  });

  it('tells a list of releases from the argument after it', () => {
    for (const w of ['1.34', 'v1.34', '1.34.2', '1.33,1.34', '1.30..1.34', 'snap/1.35.json'])
      expect(looksLikeReleases(w), w).toBe(true);
    for (const w of ['cis-1.12', 'my-draft.yaml', 'cfg/cis-1.7', '1', 'kubeadm@1.34'])
      expect(looksLikeReleases(w), w).toBe(false);
  });
});

describe('options after the arguments', () => {
  const json = async (args: string[]) => {
    const r = await run([...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it('check --release 1.33 1.34 cis-1.12 is check cis-1.12 --release 1.33,1.34', async () => {
    const a = await json(['check', '--release', '1.33', '1.34', 'cis-1.12']);
    expect(await json(['check', 'cis-1.12', '--release', '1.33,1.34'])).toBe(a);
    expect(await json(['check', '--release', '1.33..1.34', 'cis-1.12'])).toBe(a);
    expect(JSON.parse(a).releases).toEqual(['1.33', '1.34']);
  });

  it('a patch version is read as its minor, with a note on stderr', async () => {
    const r = await run(['check', 'cis-1.12', '--release', '1.34.1', '--format', 'json']);
    expect(r.stderr).toBe('note: --release 1.34.1 read as 1.34: releases are checked per minor version\n');
    expect(JSON.parse(r.stdout).releases).toEqual(['1.34']);
    const node = await run([
      'evaluate',
      'cis-1.12',
      '--node',
      'kubeadm@1.34.1',
      '--control',
      '1.1.1',
      '--format',
      'json',
    ]);
    expect(JSON.parse(node.stdout).node.name).toBe('kubeadm@1.34');
  });

  it('control ids end at the benchmark after them', async () => {
    const r = JSON.parse(await json(['evaluate', '--control', '1.1.1', '1.1.2', 'cis-1.12', '--node', 'kubeadm@1.34']));
    expect(r.results.map((x: { controlId: string }) => x.controlId)).toEqual(['1.1.1', '1.1.2']);
  });
});

describe("commander's errors", () => {
  it.each([
    [
      ['check', 'cis-1.12', '--bogus'],
      /^--bogus: unknown option of benchwright check, expected --release, .+ or --sarif-root\n$/,
    ],
    [['check', 'cis-1.12', '--fromat', 'json'], /^--fromat: unknown option .+ \(did you mean --format\?\)\n$/],
    [['check'], /^<benchmark>: missing, expected benchwright check \[options\] <benchmark>\n$/],
    [['check', 'a', 'b'], /^b: unexpected argument, expected benchwright check \[options\] <benchmark>\n$/],
    [['check', 'cis-1.12', '--release'], /^--release: missing value, expected --release <version\.\.\.>\n$/],
    [
      ['draft', 'cis-1.12', '--release', '1.34'],
      /^--out: required, expected --out <file> \(benchwright draft \[options\] <benchmark>\)\n$/,
    ],
    [['releases', 'shwo'], /^shwo: unknown command, expected list, show, build or diff \(did you mean show\?\)\n$/],
  ])('%j is one line in the README format, exit 2', async (args, line) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(line);
  });
});

/** Every command, by its path after `benchwright` ('' for the program). */
function commands(): Array<{ path: string; command: Command }> {
  const io = { stdout: new Writable(), stderr: new Writable(), cwd: repoRoot, env: {} };
  const out: Array<{ path: string; command: Command }> = [];
  const walk = (c: Command): void => {
    out.push({ path: commandPath(c).replace(/^benchwright ?/, ''), command: c });
    c.commands.forEach(walk);
  };
  walk(buildProgram(io));
  return out;
}

describe('--help', () => {
  it('ends with examples on every command, and every example names a command that exists', async () => {
    const all = commands();
    expect(all.filter(({ path }) => !examples[path]?.length).map(({ path }) => path)).toEqual([]);
    for (const { path } of all) {
      const r = await run([...path.split(' ').filter(Boolean), '--help']);
      expect(r.code, path).toBe(0);
      const tail = r.stdout.trimEnd().split('\n\nExamples:\n')[1];
      expect(tail, path).toBe(examples[path].map((x) => `  ${x}`).join('\n'));
      for (const x of examples[path]) expect(x.startsWith(`benchwright ${path}`.trim()), x).toBe(true);
    }
  });

  it('runs the examples that need only shipped data, as written', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bw-examples-'));
    // Examples reading a user's file or writing one are left to the README's own tests.
    const runnable = Object.values(examples)
      .flat()
      .filter((x) => !/[>/]|\.yaml|--out|--help|^benchwright (report|start|propose|draft|test)\b/.test(x));
    expect(runnable.length).toBeGreaterThan(10);
    for (const x of new Set(runnable)) {
      const r = await run(x.split(' ').slice(1), cwd);
      expect([0, 1], `${x}\n${r.stderr}`).toContain(r.code);
      expect(r.stdout.length, x).toBeGreaterThan(0);
    }
  }, 240_000);
});

describe('completion', async () => {
  const bash = await run(['completion', 'bash']);
  const script = join(mkdtempSync(join(tmpdir(), 'bw-completion-')), 'benchwright.bash');
  writeFileSync(script, bash.stdout);

  /** What bash's completion function offers for the words typed so far (the last one being completed). */
  const complete = (...words: string[]): string[] => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `source '${script}'; COMP_WORDS=(benchwright ${quoted}); COMP_CWORD=${words.length}; COMPREPLY=(); ` +
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array expansion
          '_benchwright; printf "%s\\n" "${COMPREPLY[@]}"',
      ],
      { encoding: 'utf8', cwd: tmpdir() },
    );
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it('prints a script for bash, zsh and fish, and refuses another shell', async () => {
    expect(bash.code).toBe(0);
    expect(bash.stdout).toMatch(/^# benchwright completion for bash/);
    expect((await run(['completion', 'zsh'])).stdout).toMatch(/^#compdef benchwright\n/);
    expect((await run(['completion', 'fish'])).stdout).toContain(
      'complete -c benchwright -n \'test (__benchwright_path) = "check"\' -l release',
    );
    const other = await run(['completion', 'tcsh']);
    expect([other.code, other.stderr]).toEqual([2, "<shell>: unknown shell 'tcsh', expected bash, zsh or fish\n"]);
  });

  it('completes commands, subcommands, options, benchmark ids, releases and option values in bash', () => {
    expect(complete('ch')).toEqual(['check']);
    expect(complete('releases', 's')).toEqual(['show']);
    expect(complete('check', '--rel')).toEqual(['--release']);
    const thirties = shippedReleases().filter((r) => r.startsWith('1.3'));
    expect(thirties.length).toBeGreaterThanOrEqual(5);
    expect(complete('check', '--release', '1.3')).toEqual(thirties);
    expect(complete('check', '--release', '1.33', 'cis-1.1')).toEqual(['cis-1.1', 'cis-1.10', 'cis-1.11', 'cis-1.12']);
    expect(complete('check', 'cis-1.12', '--format', '')).toEqual(['text', 'json', 'sarif', 'markdown']);
    expect(complete('evaluate', 'cis-1.12', '--node', 'kubeadm@1.3')).toEqual(thirties.map((r) => `kubeadm@${r}`));
    expect(complete('check', 'cis-1.12', '--fail-on', 'rem')).toEqual(['removed']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    const docker = shippedIds().filter((id) => id.startsWith('docker-cis-1.'));
    expect(docker.length).toBeGreaterThan(1);
    expect(complete('--debug', 'show', 'docker-cis-1.')).toEqual(docker);
  });

  it.skipIf(spawnSync('zsh', ['--version']).error !== undefined)('loads in zsh', async () => {
    const zsh = join(mkdtempSync(join(tmpdir(), 'bw-zsh-')), '_benchwright');
    writeFileSync(zsh, (await run(['completion', 'zsh'])).stdout);
    const r = spawnSync(
      'zsh',
      ['-c', `autoload -U compinit && compinit -u; source '${zsh}'; complete -p benchwright`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toContain('_benchwright');
  });

  it.skipIf(spawnSync('fish', ['--version']).error !== undefined)('completes in fish', async () => {
    const fish = join(mkdtempSync(join(tmpdir(), 'bw-fish-')), 'benchwright.fish');
    writeFileSync(fish, (await run(['completion', 'fish'])).stdout);
    const r = spawnSync('fish', ['-c', `source '${fish}'; complete -C 'benchwright check --release 1.3'`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toContain('1.34');
  });
});
