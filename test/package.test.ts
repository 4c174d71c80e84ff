// The package as a user installs it: `npm pack` (the prepack build included), the tarball installed
// in an empty folder with no ../shared beside it, the CLI run from there. Slow (a build and an
// install): its own file. npm installs from its local cache only (--offline), so the test needs no
// network: `npm install <tarball>` would ask the registry for each dependency's metadata, which the
// cache of an `npm ci` does not hold, so the user project gets a lockfile naming the tarball and our
// own lockfile's production dependencies (their tarballs are in the cache by integrity) and runs
// `npm ci --offline`. Where the cache lacks one the install fails, and so does the test.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  files: string[];
  version: string;
};
type LockEntry = { dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** A user project depending on the tarball, locked to our production dependencies. */
function userProject(dir: string, tarball: string, integrity: string): void {
  const tgz = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'user-project', dependencies: { benchwright: tgz } },
    'node_modules/benchwright': {
      version: manifest.version,
      resolved: tgz,
      integrity,
      dependencies: lock.packages[''].dependencies,
      bin: { benchwright: 'bin/benchwright.js' },
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'user-project', private: true, dependencies: { benchwright: tgz } }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'user-project', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

/** A copy of the checkout to pack from: the prepack build must not touch this worktree's dist/. */
function checkoutCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-pack-src-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0');
  for (const f of tracked.filter(Boolean)) {
    if (!existsSync(join(repoRoot, f))) continue;
    mkdirSync(join(dir, f, '..'), { recursive: true });
    cpSync(join(repoRoot, f), join(dir, f));
  }
  // Files not yet committed but part of the package (a fresh checkout has them committed).
  for (const f of manifest.files)
    if (existsSync(join(repoRoot, f)) && f !== 'dist/') cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the packed package', { timeout: 600_000 }, async () => {
  const src = checkoutCopy();
  const out = mkdtempSync(join(tmpdir(), 'bw-pack-out-'));
  const packed = npm(['pack', '--json', '--pack-destination', out], src);
  const [info] = JSON.parse(packed.stdout || '[{}]') as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    integrity: string;
    files: Array<{ path: string }>;
  }>;
  // An empty folder far from any checkout: no ../shared, no node_modules above it.
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'bw-user-')));
  const user = join(home, 'project');
  mkdirSync(user);
  if (info?.filename) userProject(user, join(out, info.filename), info.integrity);
  const installed = info?.filename
    ? npm(['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], user)
    : undefined;
  const cli = (args: string[]) =>
    spawnSync('npx', ['--offline', 'benchwright', ...args], { cwd: user, encoding: 'utf8' });

  it('packs built code, shipped data and the licence, and no sources, tests or benches', () => {
    expect(packed.status, packed.stderr).toBe(0);
    const paths = info.files.map((f) => f.path);
    for (const must of [
      'bin/benchwright.js',
      'dist/cli/main.js',
      'data/kubernetes/1.34.json',
      'data/prepared/benchmarks/cis-1.12.json',
      'benchmarks/cis-1.12.yaml',
      'schema/benchmark.schema.json',
      'schema/output/check.schema.json',
      'templates/proposal.md',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      expect(paths, must).toContain(must);
    expect(paths.filter((p) => /^(src|test|bench|scripts)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    console.info(
      `package: ${info.filename}, ${info.entryCount} files, ${(info.size / 1024 / 1024).toFixed(2)} MiB packed, ` +
        `${(info.unpackedSize / 1024 / 1024).toFixed(2)} MiB unpacked`,
    );
  });

  it('installs offline in an empty folder with no ../shared', () => {
    expect(installed?.status, installed?.stderr).toBe(0);
    expect(existsSync(join(home, 'shared'))).toBe(false);
    expect(existsSync(join(user, 'node_modules', 'benchwright', 'src'))).toBe(false);
  });

  it('runs `npx benchwright list`, --version and a check from there', () => {
    const list = cli(['list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^cis-1\.12 +CIS 1\.12 /m);
    expect(cli(['--version']).stdout.trim()).toBe(manifest.version);
    const check = cli(['check', 'cis-1.12', '--release', '1.34', '--installer', 'kubeadm', '--format', 'json']);
    expect(check.status, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { kind: string; results: Array<{ findings: unknown[] }> };
    expect(report.kind).toBe('check');
    expect(report.results[0].findings.length).toBeGreaterThan(0);
    // The same findings as from the checkout.
    const here = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'bin', 'benchwright.js'),
        'check',
        'cis-1.12',
        '--release',
        '1.34',
        '--installer',
        'kubeadm',
        '--format',
        'json',
      ],
      { encoding: 'utf8' },
    );
    if (here.status === 0) expect(check.stdout).toBe(here.stdout);
  });

  it('reads only inside the installed package: a user file checked, SARIF written, completion printed', () => {
    cpSync(join(user, 'node_modules', 'benchwright', 'benchmarks', 'cis-1.4.yaml'), join(user, 'mine.yaml'));
    const sarif = cli(['check', 'mine.yaml', '--release', '1.13', '--format', 'sarif', '--sarif-root', '.']);
    expect(sarif.status, sarif.stderr).toBe(0);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ locations: unknown[] }> }> };
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(sarif.stdout).not.toContain(home);
    const completion = cli(['completion', 'bash']);
    expect(completion.status, completion.stderr).toBe(0);
    expect(completion.stdout).toContain('cis-1.12');
  });
});
