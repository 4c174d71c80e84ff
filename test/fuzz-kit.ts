// Shared by the hostile-input and fuzz suites: hostile things to put where a file goes, text
// mutations of real inputs, a CLI built once for the cases that need their own process
// (hangs, concurrency, another user), and the invariants every run must keep.
import { printable } from '../src/model/problem.js';
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  lstatSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

export const isRoot = process.getuid?.() === 0;

/** A fresh folder for one case; removed by the returned function (even after chmod 000). */
export function workspace(prefix = 'bw-fuzz-'): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    done: () => {
      try {
        execFileSync('chmod', ['-R', 'u+rwx', dir], { stdio: 'ignore' });
      } catch {
        // Nothing made unreadable.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Things that are not a readable regular file, each placed at `path`. */
export const hostilePaths = [
  'fifo',
  'folder',
  'dev-zero',
  'dev-null',
  'dangling-link',
  'looping-link',
  'link-to-folder',
  'escaping-link',
  'socket',
  'unreadable',
  'too-large',
  'binary',
  'missing',
] as const;
export type HostilePath = (typeof hostilePaths)[number];

const sockets: Server[] = [];

/** Close the sockets placed so far (each removes its socket file). */
export function closeSockets(): void {
  for (const s of sockets.splice(0)) s.close();
}

/** Put a hostile thing at `path`; returns false when it cannot be made here (a socket path too long). */
export async function placeHostile(path: string, kind: HostilePath): Promise<boolean> {
  switch (kind) {
    case 'fifo':
      execFileSync('mkfifo', [path]);
      return true;
    case 'folder':
      mkdirSync(path);
      writeFileSync(join(path, 'inside.yaml'), 'id: x\n');
      return true;
    case 'dev-zero':
      symlinkSync('/dev/zero', path);
      return true;
    case 'dev-null':
      symlinkSync('/dev/null', path);
      return true;
    case 'dangling-link':
      symlinkSync(`${path}.nowhere`, path);
      return true;
    case 'looping-link':
      symlinkSync(path, path);
      return true;
    case 'link-to-folder':
      symlinkSync(tmpdir(), path);
      return true;
    case 'escaping-link':
      symlinkSync('/etc/hostname', path);
      return true;
    case 'socket': {
      if (Buffer.byteLength(path) > 100) return false;
      const server = createServer();
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(path, () => ok());
      });
      server.unref();
      sockets.push(server);
      return true;
    }
    case 'unreadable':
      writeFileSync(path, 'id: x\n');
      chmodSync(path, 0o000);
      return true;
    case 'too-large':
      // Sparse: 64 MB that take no room, over every kind's limit.
      writeFileSync(path, '');
      truncateSync(path, 64 * 1024 * 1024);
      return true;
    case 'binary':
      writeFileSync(path, Buffer.from([0x69, 0x64, 0x3a, 0x00, 0xff, 0xfe, 0x0a]));
      return true;
    case 'missing':
      return true;
  }
}

/** Prototype names and other values people (or scripts) pass where a name goes. */
export const hostileNames = [
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '',
  ' ',
  '-',
  '--',
  '.',
  '..',
  '/',
  '*',
  'a\nb',
  '\u202e',
  'x'.repeat(5000),
  '1.999',
  'v1.13',
  '1.13..1.12',
  '0',
  '-1',
  'NaN',
  '../../etc/passwd',
  '%s%s%n',
  '{{title}}',
];

/** Tokens whose insertion into YAML, JSON or markdown finds parser and schema edges. */
const tokens = [
  ...hostileNames.slice(0, 6),
  ': [',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '*undefined_anchor',
  '!foo ',
  '!!python/object:os.system ',
  '!!binary ',
  '!!set ',
  '<<: *a\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '? ',
  '"',
  "'",
  '\t',
  '\r',
  '\r\n',
  '\uFEFF',
  '- id: ""\n',
  'id: ""',
  "id: ''\n",
  'id: 1.10\n',
  '- ',
  '  ',
  '|\n',
  '>\n',
  '#',
  '\\',
  '\\u0000',
  '{{summary}}',
  '{{nope}}',
  '{{ title }}',
  '```\n',
  '> ',
  '1. ',
  '<div>',
  '*',
  '_',
  '~',
  '😀',
  'null',
  '~\n',
  '.inf',
  '1e400',
  '-0',
  'true',
  'NO',
  '"1.10"',
  ',',
  ':',
  'op: constructor\n',
  'flag: toString\n',
  'kind: __proto__\n',
];

/** One edit of a text; applied in sequence by `mutated`. */
export type Mutation =
  | { op: 'insert'; at: number; token: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'replace-line'; line: number; with: string }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'truncate'; at: number }
  | { op: 'nest'; at: number; depth: number; style: 'flow' | 'block' | 'map' | 'json' | 'quote' | 'list' }
  | { op: 'line-ends'; to: '\r' | '\r\n' }
  | { op: 'alias-bomb' }
  | { op: 'random'; at: number; text: string };

const position = fc.double({ min: 0, max: 1, noNaN: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, token: fc.constantFrom(...tokens) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: position,
      length: fc.integer({ min: 1, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('repeat' as const),
      at: position,
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 2, max: 200 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('replace-line' as const),
      line: position,
      with: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 40 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap-lines' as const), a: position, b: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      at: position,
      depth: fc.oneof(fc.integer({ min: 30, max: 100 }), fc.constantFrom(1000, 5000)),
      style: fc.constantFrom(
        'flow' as const,
        'block' as const,
        'map' as const,
        'json' as const,
        'quote' as const,
        'list' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('line-ends' as const),
      to: fc.constantFrom('\r' as const, '\r\n' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'alias-bomb' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('random' as const),
      at: position,
      text: fc.string({ maxLength: 30, unit: 'binary' }),
    }),
  },
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

function nesting(depth: number, style: Extract<Mutation, { op: 'nest' }>['style']): string {
  switch (style) {
    case 'flow':
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 'json':
      return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    case 'block':
      return `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    case 'map':
      return `${'- '.repeat(depth)}x\n`;
    case 'quote':
      return `${'> '.repeat(depth)}x\n`;
    case 'list':
      return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- x\n`).join('');
  }
}

export function mutated(text: string, ms: readonly Mutation[]): string {
  let t = text;
  const at = (p: number) => Math.min(t.length, Math.floor(p * t.length));
  for (const m of ms) {
    const lines = () => t.split('\n');
    switch (m.op) {
      case 'insert':
        t = t.slice(0, at(m.at)) + m.token + t.slice(at(m.at));
        break;
      case 'delete':
        t = t.slice(0, at(m.at)) + t.slice(at(m.at) + m.length);
        break;
      case 'repeat': {
        const s = t.slice(at(m.at), at(m.at) + m.length);
        t = t.slice(0, at(m.at)) + s.repeat(m.times) + t.slice(at(m.at) + m.length);
        break;
      }
      case 'replace-line': {
        const ls = lines();
        ls[Math.floor(m.line * (ls.length - 1))] = m.with;
        t = ls.join('\n');
        break;
      }
      case 'swap-lines': {
        const ls = lines();
        const a = Math.floor(m.a * (ls.length - 1));
        const b = Math.floor(m.b * (ls.length - 1));
        [ls[a], ls[b]] = [ls[b], ls[a]];
        t = ls.join('\n');
        break;
      }
      case 'truncate':
        t = t.slice(0, at(m.at));
        break;
      case 'nest':
        t = t.slice(0, at(m.at)) + nesting(m.depth, m.style) + t.slice(at(m.at));
        break;
      case 'line-ends':
        t = t.replace(/\r?\n/g, m.to);
        break;
      case 'alias-bomb':
        t = `${t}\nbomb0: &b0 [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(9).fill(`*b${i}`).join(', ')}]`).join('\n')}\n`;
        break;
      case 'random':
        t = t.slice(0, at(m.at)) + m.text + t.slice(at(m.at));
        break;
    }
  }
  return t;
}

/** Every file under `dir` (not following links) with its size and content hash, except under `skip`. */
export function listing(dir: string, skip: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      const rel = relative(dir, p);
      if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out.set(rel, 'folder');
        walk(p);
      } else if (st.isFile() && st.size < 1024 * 1024 && st.mode & 0o444) {
        let text = '';
        try {
          text = readFileSync(p, 'latin1');
        } catch {
          text = '(unreadable)';
        }
        out.set(rel, `${st.size}:${text}`);
      } else out.set(rel, `${st.mode}:${st.size}`);
    }
  };
  walk(dir);
  return out;
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The CLI in-process, timed. */
export async function cli(args: string[], cwd: string): Promise<Outcome> {
  const t = performance.now();
  const r = await run(args, cwd);
  return { ...r, ms: performance.now() - t };
}

/**
 * What every run must keep, whatever it was given: exit 0, 1 or 2 (70 is a bug); no stack
 * trace; an input error says what is wrong on stderr, naming one of `names` (the paths and
 * options of the case).
 */
export function expectClean(o: Outcome, label: string, names: readonly string[] = []): void {
  const context = `${label}\nexit ${o.code}\nstderr: ${o.stderr.slice(0, 2000)}`;
  expect([0, 1, 2], context).toContain(o.code);
  expect(o.stderr, context).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  expect(o.stdout, context).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  if (o.code === 2) {
    expect(o.stderr.trim(), context).not.toBe('');
    // The first line names what is at fault: an option, or a path the case gave (or a part of one).
    const first = o.stderr.split('\n')[0];
    if (/^error: /.test(first)) return; // commander: an unknown option or a missing argument
    const full = first.match(/^(.*?)(?::\d+:\d+)?: /s)?.[1] ?? '';
    // A long value is cut where it is echoed (`aaa… (1048576 characters)`): its start names it.
    const where = full.replace(/… \(\d+ characters\).*$/, '');
    const shown = names
      .filter((n) => n.trim() !== '')
      .flatMap((n) => [n, JSON.stringify(n), printable(n), printable(JSON.stringify(n))]);
    const named =
      /^(--|<)/.test(where) ||
      shown.some((n) => n === where || n.includes(where) || (where.includes(n) && n.length > 1));
    expect(
      where !== '' && named,
      `${context}\nnames ${JSON.stringify(where)}, expected one of ${JSON.stringify(shown)}`,
    ).toBe(true);
  }
}

/** Timing of bad-input cases, reported by the long run (tests never assert on time). */
export const timings: Array<{ label: string; ms: number; code: number }> = [];

/** The fuzz settings: a few hundred cases with a fixed seed in `npm test`, more with `npm run fuzz`. */
export function fuzzSettings(defaultRuns: number): { numRuns: number; seed: number; long: boolean; timeout: number } {
  const long = process.env.BENCHWRIGHT_FUZZ_RUNS !== undefined;
  const numRuns = long
    ? Math.max(1, Math.round(Number(process.env.BENCHWRIGHT_FUZZ_RUNS) * (defaultRuns / 200)))
    : defaultRuns;
  const seed = Number(process.env.BENCHWRIGHT_FUZZ_SEED ?? 1414);
  // A test's time limit: the long run takes as long as its cases need.
  return { numRuns, seed, long, timeout: long ? 4 * 3600_000 : 120_000 };
}

/**
 * A copy of the CLI built with tsc into a temporary root (data folders linked back), for the
 * cases that need their own process: a hang must be killable, concurrent writers need
 * processes, and an unreadable file only bites a user who is not root.
 */
export function buildCli(): { bin: string; root: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'bw-cli-'));
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(repoRoot, 'tsconfig.build.json'),
      '--outDir',
      join(root, 'dist'),
    ],
    {
      stdio: 'pipe',
    },
  );
  for (const d of ['data', 'templates', 'benchmarks', 'schema', 'node_modules', 'package.json'])
    symlinkSync(join(repoRoot, d), join(root, d));
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(repoRoot, 'bin', 'benchwright.js'), join(root, 'bin', 'benchwright.js'));
  chmodSync(root, 0o755);
  return { bin: join(root, 'bin', 'benchwright.js'), root, done: () => rmSync(root, { recursive: true, force: true }) };
}

/** Run the built CLI as a process, killed after `timeoutMs` (a hang). */
export function spawnCli(
  bin: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number; uid?: number; env?: NodeJS.ProcessEnv },
): Promise<Outcome & { hung: boolean }> {
  const t = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, BENCHWRIGHT_CORPUS: process.env.BENCHWRIGHT_CORPUS, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr, ms: performance.now() - t, hung });
    });
  });
}

/** Copy a real kube-bench folder (with the cfg/ root's config.yaml) to `cfg/<name>` under `dir`. */
export function copyKubeBenchFolder(from: string, dir: string, name: string): string {
  const cfg = join(dir, 'cfg');
  mkdirSync(cfg, { recursive: true });
  copyFileSync(join(from, '..', 'config.yaml'), join(cfg, 'config.yaml'));
  cpSync(from, join(cfg, name), { recursive: true });
  return join(cfg, name);
}
