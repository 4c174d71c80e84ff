// Terminal text at 80 and 100 columns: no line wider than the terminal (but a token longer than
// it, alone on its line), hanging indents aligned, tables aligned; unwrapped when piped.
import { describe, expect, it } from 'vitest';
import { readableWords } from '../src/render/diff.js';
import { columns, hanging, visibleLength, wrap } from '../src/render/wrap.js';
import { run } from './helpers.js';

/** Lines wider than `width` that are not a single token (an unbreakable word, alone after its indent). */
const tooWide = (text: string, width: number): string[] =>
  text.split('\n').filter((l) => visibleLength(l) > width && /\S\s+\S/.test(l.trim()));

describe('wrap', () => {
  it('leaves a line alone without a width, and keeps its inner spacing when it fits', () => {
    const line = `  1.2.3  ${'word '.repeat(40)}`;
    expect(wrap(line, undefined)).toEqual([line]);
    expect(wrap('a  b', 80)).toEqual(['a  b']);
  });

  it('hangs continuation lines under the text and puts an overlong token on its own line', () => {
    const out = hanging('  conflict  ', `short words then ${'x'.repeat(90)} and more words after it`, 40);
    expect(out[0].startsWith('  conflict  short')).toBe(true);
    expect(out).toContain('x'.repeat(90));
    for (const l of out.slice(1).filter((l) => !l.includes('xxx'))) expect(l.startsWith(' '.repeat(12))).toBe(true);
    for (const l of out) expect(visibleLength(l) <= 40 || l === 'x'.repeat(90)).toBe(true);
  });

  it('breaks a long comma list after its commas', () => {
    const list = Array.from({ length: 12 }, (_, i) => `TLS_SUITE_NUMBER_${i}`).join(',');
    const out = hanging('      check: ', list, 60);
    expect(out.length).toBeGreaterThan(2);
    for (const l of out) expect(visibleLength(l)).toBeLessThanOrEqual(60);
    expect(out.join('').replace(/\s/g, '')).toBe(`check:${list}`);
  });

  it('does not count colour escapes', () => {
    expect(visibleLength('\x1b[1mabc\x1b[22m')).toBe(3);
    expect(
      columns([
        ['\x1b[1ma\x1b[22m', 'x'],
        ['bbb', 'y'],
      ]),
    ).toEqual(['\x1b[1ma\x1b[22m   x', 'bbb y']);
  });
});

describe('diff shows whole tokens', () => {
  it('shows a short value that mostly changed as old then new', () => {
    const before = 'kube-scheduler --profiling';
    const after = 'kube-scheduler enableProfiling | kube-scheduler --profiling';
    const words = [
      { op: '=' as const, text: 'kube-scheduler ' },
      { op: '+' as const, text: 'enableProfiling | kube' },
      { op: '=' as const, text: '-' },
      { op: '+' as const, text: 'scheduler ' },
      { op: '=' as const, text: '-' },
      { op: '+' as const, text: '-' },
      { op: '=' as const, text: 'profiling' },
    ];
    expect(readableWords({ field: 'check', before, after, words })).toEqual([
      { op: '-', text: before },
      { op: '+', text: after },
    ]);
  });

  it('keeps a word diff where whole words are shared, never splitting a token', () => {
    const before = 'kubelet service file mode bitmask 644';
    const after = 'kubelet service file mode bitmask 600';
    const words = [
      { op: '=' as const, text: 'kubelet service file mode bitmask 6' },
      { op: '-' as const, text: '44' },
      { op: '+' as const, text: '00' },
    ];
    expect(readableWords({ field: 'check', before, after, words })).toEqual([
      { op: '=', text: 'kubelet service file mode bitmask ' },
      { op: '-', text: '644' },
      { op: '+', text: '600' },
    ]);
  });
});

describe('commands at 80 and 100 columns', () => {
  const cases: string[][] = [
    ['check', 'cis-1.12', '--release', '1.34', '--installer', 'kubeadm'],
    ['list'],
    ['diff', 'cis-1.20', 'cis-1.23'],
    ['review', 'cis-1.11', 'cis-1.12'],
    ['matrix'],
  ];
  for (const args of cases)
    for (const width of [80, 100])
      it(`${args.join(' ')} fits ${width} columns`, async () => {
        const r = await run(args, process.cwd(), { COLUMNS: String(width) });
        expect(r.code, r.stderr).toBe(0);
        expect(tooWide(r.stdout, width)).toEqual([]);
      }, 60_000);

  it('check hangs each finding under its text (column 24) and is unwrapped when piped', async () => {
    const args = ['check', 'cis-1.12', '--release', '1.34', '--installer', 'kubeadm'];
    const wrapped = (await run(args, process.cwd(), { COLUMNS: '80' })).stdout.split('\n');
    const piped = (await run(args)).stdout;
    expect(Math.max(...piped.split('\n').map(visibleLength))).toBeGreaterThan(100);
    // Every line under a finding starts at column 24 (the message) or 26 (suggestion, evidence).
    const inFinding = wrapped.filter((l) => /^ {20}/.test(l));
    expect(inFinding.length).toBeGreaterThan(50);
    for (const l of inFinding)
      if (!/^\S+$/.test(l.trim())) expect([24, 26, 36]).toContain(l.length - l.trimStart().length);
    // The text is the same, only the line breaks (and the spaces around them) differ.
    expect(wrapped.join('').replace(/\s/g, '') === piped.replace(/\s/g, '')).toBe(true);
  }, 60_000);

  it('list aligns every column, Docker ids included', async () => {
    const lines = (await run(['list'])).stdout.trimEnd().split('\n');
    const at = (l: string, s: string) => l.indexOf(s);
    expect(lines.some((l) => l.startsWith('docker-cis-1.3.1 '))).toBe(true);
    expect(new Set(lines.map((l) => at(l, ' CIS '))).size).toBe(1);
    expect(new Set(lines.map((l) => at(l, ' controls'))).size).toBe(1);
  }, 60_000);
});
