// Command-line conventions, as a new user meets them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedReleases } from '../src/k8s/load.js';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { progress } from '../src/cli/progress.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('conventions', () => {
  it.each([['--version'], ['-V']])('%s prints the package version on stdout and exits 0', async (flag) => {
    const r = await run([flag]);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a bare command prints usage on stderr and exits 2; --help prints it on stdout and exits 0', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage: benchwright \[options\] \[command\]/);
    const group = await run(['releases']);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/^Usage: benchwright releases/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: benchwright/);
  });

  it.each([
    [['check', 'cis-1.4', '--format', 'x'], "--format: unknown format 'x', expected text, json, sarif or markdown"],
    [['list', '--format', 'yaml'], "--format: unknown format 'yaml', expected text or json"],
    [['show', 'cis-1.4', '--format', 'yaml'], "--format: unknown format 'yaml', expected text or json"],
    [
      ['diff', 'cis-1.4', 'cis-1.5', '--format', 'sarif'],
      "--format: unknown format 'sarif', expected text, markdown or json",
    ],
    [['matrix', '--format', 'csv'], "--format: unknown format 'csv', expected text, markdown or json"],
    [['check', 'cis-1.4', '--installer', 'toString'], "--installer: unknown installer 'toString', expected kubeadm"],
    [['matrix', '--installer', '__proto__'], "--installer: unknown installer '__proto__', expected kubeadm"],
    [
      ['matrix', '--releases', '1.34..1.13'],
      '--releases: range 1.34..1.13 runs backwards, expected FROM..TO with FROM before TO, e.g. 1.13..1.34',
    ],
    [
      ['matrix', '--releases', '1.10..1.34'],
      `--releases: no shipped release '1.10', expected shipped releases (1.13 … ${shippedReleases().at(-1)}) as 1.34, 1.33,1.34 or FROM..TO`,
    ],
    [
      ['matrix', '--releases', '1.20,1.99'],
      `--releases: no shipped release '1.99', expected shipped releases (1.13 … ${shippedReleases().at(-1)}) as 1.34, 1.33,1.34 or FROM..TO`,
    ],
    [['matrix', '--all', '--targeted'], '--all: contradicts --targeted, expected one of them'],
    [['check', 'cis-1.4', '--sarif-root', '.'], '--sarif-root: applies to SARIF only, expected --format sarif'],
  ])('%j is an input error naming the option and the valid values', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('an unknown command or option is a usage error with a suggestion, exit 2', async () => {
    const r = await run(['chek', 'cis-1.4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^chek: unknown command, expected import, validate, .+ \(did you mean check\?\)\n$/);
  });

  it('every option of every command has help text', () => {
    const io = { stdout: new Writable(), stderr: new Writable(), cwd: repoRoot, env: {} };
    const missing: string[] = [];
    const walk = (c: Command, path: string[]): void => {
      // The releases group's options are documented by the release-knowledge work.
      if (path[0] === 'releases') return;
      for (const o of c.options) if (!o.description.trim()) missing.push(`${path.join(' ')} ${o.flags}`);
      if (!c.description().trim()) missing.push(path.join(' '));
      for (const s of c.commands) walk(s, [...path, s.name()]);
    };
    walk(buildProgram(io), []);
    expect(missing).toEqual([]);
  });
});

describe('matrix', () => {
  const lines = async (args: string[]) => (await run(['matrix', ...args])).stdout.split('\n');

  it('lists benchmarks in the order of the releases they target, as list does, releases as columns', async () => {
    const list = (await run(['list', '--format', 'json'])).stdout;
    const order = (JSON.parse(list) as { benchmarks: Array<{ id: string }> }).benchmarks.map((b) => b.id);
    const out = await lines(['--all', '--releases', '1.30..1.34']);
    const header = out.find((l) => l.startsWith('benchmark'))!;
    expect(header.split(/\s+/)).toEqual(['benchmark', 'CIS', '1.30', '1.31', '1.32', '1.33', '1.34']);
    const rows = out.slice(out.indexOf(header) + 1).filter(Boolean);
    expect(rows.map((r) => r.split(' ')[0])).toEqual(order);
  });

  it('aligns every column: each count ends where its release heading does', async () => {
    const out = await lines(['--all', '--releases', '1.13..1.34', '--installer', 'kubeadm']);
    const header = out.find((l) => l.startsWith('benchmark'))!;
    const rows = out.slice(out.indexOf(header) + 1).filter(Boolean);
    expect(rows.length).toBe(shippedIds().length);
    // The heading 1.NN plus one blank for the marker: a count (and its *) ends at the same column.
    const ends = [...header.matchAll(/1\.\d+/g)].map((m) => m.index! + m[0].length + 1);
    // Count cells start after the CIS column; each is a number (or ·) and a marker (* or blank).
    const from = header.indexOf(' 1.');
    for (const r of rows) {
      const cells = [
        ...r
          .padEnd(header.length + 1)
          .slice(from)
          .matchAll(/(\d+|·)(\*| )/g),
      ];
      expect(cells.map((c) => from + c.index! + c[0].length)).toEqual(ends);
    }
  });

  it('marks targeted releases and, by default, checks only those', async () => {
    const out = await lines(['--releases', '1.13..1.15']);
    expect(out.find((l) => l.startsWith('cis-1.4 '))).toMatch(/^cis-1\.4\s+1\.4\.1\s+\d+\*\s+\d+\*\s+·$/);
    expect(out.find((l) => l.startsWith('cis-1.5 '))).toMatch(/^cis-1\.5\s+1\.5\.1\s+·\s+·\s+\d+\*$/);
    expect(out.join('\n')).toContain('Not shown, targeting no release in the columns: cis-1.0 (1.6)');
    const json = (
      JSON.parse((await run(['matrix', '--format', 'json'])).stdout) as {
        rows: Array<{ benchmark: string; targeted: boolean }>;
      }
    ).rows;
    // A CIS Docker version targets no Kubernetes release: it is checked on every release shown.
    expect(json.every((r) => r.targeted || r.benchmark.startsWith('docker-'))).toBe(true);
    expect(json.some((r) => r.benchmark.startsWith('docker-'))).toBe(true);
    const all = (JSON.parse((await run(['matrix', '--all', '--format', 'json'])).stdout) as { rows: unknown[] }).rows;
    expect(all.length).toBe(shippedIds().length * shippedReleases().length);
  });
});

describe('progress', () => {
  class Sink extends Writable {
    text = '';
    isTTY = false;
    override _write(chunk: Buffer, _e: string, cb: () => void): void {
      this.text += chunk.toString();
      cb();
    }
  }

  it('draws on a terminal and stays silent otherwise', () => {
    const tty = Object.assign(new Sink(), { isTTY: true });
    const bar = progress({ stderr: tty, env: {} }, 'checking', 2);
    bar.step('cis-1.4 on 1.13');
    bar.step('cis-1.4 on 1.14');
    bar.done();
    expect(tty.text).toBe('\r\x1b[Kchecking 1/2 cis-1.4 on 1.13\r\x1b[Kchecking 2/2 cis-1.4 on 1.14\r\x1b[K');
    const pipe = new Sink();
    const quiet = progress({ stderr: pipe, env: {} }, 'checking', 2);
    quiet.step('x');
    quiet.done();
    expect(pipe.text).toBe('');
  });

  it('matrix --all on a terminal shows progress on stderr, none when piped', async () => {
    const { main } = await import('../src/cli/main.js');
    const out = new Sink();
    const err = Object.assign(new Sink(), { isTTY: true });
    const code = await main(['matrix', '--all', '--releases', '1.33..1.34', '--benchmarks', 'cis-1.12', 'cis-1.11'], {
      stdout: out,
      stderr: err,
      cwd: repoRoot,
      env: {},
    });
    expect(code).toBe(0);
    expect(err.text).toContain('checking 4/4 cis-1.12 on 1.34');
    const piped = await run(['matrix', '--all', '--releases', '1.33..1.34', '--benchmarks', 'cis-1.12']);
    expect(piped.stderr).toBe('');
  });
});
