import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder, readInput } from '../src/io/read.js';
import { InputError } from '../src/model/problem.js';

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('no input error');
}

describe('the input boundary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-read-'));
  writeFileSync(join(dir, 'ok.yaml'), 'id: x\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'inner.yaml'), 'a: 1\n');

  it('reads a regular file', () => {
    expect(readInput(join(dir, 'ok.yaml'), { kind: 'benchmark' })).toBe('id: x\n');
  });

  it('refuses a FIFO without opening it (no hang)', () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    expect(problem(() => readInput(join(dir, 'pipe'), { kind: 'benchmark', shownAs: 'pipe' }))).toBe(
      'pipe: is a named pipe (FIFO), expected a benchmark',
    );
  });

  it('refuses a folder and a device where a file is expected', () => {
    expect(problem(() => readInput(join(dir, 'sub'), { kind: 'template', shownAs: 'sub' }))).toBe(
      'sub: is a folder, expected a template',
    );
    expect(problem(() => readInput('/dev/zero', { kind: 'release snapshot' }))).toBe(
      '/dev/zero: is a device, expected a release snapshot',
    );
  });

  it('names dangling links, loops and escapes', () => {
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    symlinkSync('/etc/hostname', join(dir, 'sub', 'out'));
    symlinkSync(join(dir, 'sub', 'inner.yaml'), join(dir, 'sub', 'in'));
    expect(problem(() => readInput(join(dir, 'dangling'), { kind: 'node file', shownAs: 'dangling' }))).toBe(
      'dangling: dangling symbolic link, expected a node file',
    );
    expect(problem(() => readInput(join(dir, 'loop'), { kind: 'node file', shownAs: 'loop' }))).toBe(
      'loop: symbolic link loop, expected a node file',
    );
    expect(
      problem(() =>
        readInput(join(dir, 'sub', 'out'), { kind: 'node file', shownAs: 'out', within: join(dir, 'sub') }),
      ),
    ).toMatch(/^out: symbolic link leads outside .*, expected a node file inside it$/);
    expect(readInput(join(dir, 'sub', 'in'), { kind: 'node file', within: join(dir, 'sub') })).toBe('a: 1\n');
  });

  it('bounds sizes per kind and refuses binary data', () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(2048));
    expect(problem(() => readInput(join(dir, 'big'), { kind: 'template', shownAs: 'big', maxBytes: 1024 }))).toBe(
      'big: is 2 KB, expected a template under 1 KB',
    );
    writeFileSync(join(dir, 'bin'), Buffer.from([1, 0, 2]));
    expect(problem(() => readInput(join(dir, 'bin'), { kind: 'benchmark', shownAs: 'bin' }))).toBe(
      'bin: holds binary data, expected a benchmark as text',
    );
  });

  // Root reads anything, so this needs a non-root user (the fuzz suite also runs it under one).
  it.skipIf(process.getuid?.() === 0)('reports an unreadable file as an input error', () => {
    writeFileSync(join(dir, 'secret'), 'x');
    chmodSync(join(dir, 'secret'), 0o000);
    expect(problem(() => readInput(join(dir, 'secret'), { kind: 'benchmark', shownAs: 'secret' }))).toBe(
      'secret: permission denied, expected a benchmark that can be read',
    );
  });

  it('lists a folder in code-point order and refuses a file there', () => {
    writeFileSync(join(dir, 'sub', 'B.yaml'), '');
    expect(listFolder(join(dir, 'sub'), { what: 'a folder' })).toEqual(['B.yaml', 'in', 'inner.yaml', 'out']);
    expect(problem(() => listFolder(join(dir, 'ok.yaml'), { shownAs: 'ok.yaml', what: 'a bundle folder' }))).toBe(
      'ok.yaml: is a file, expected a bundle folder',
    );
  });
});
