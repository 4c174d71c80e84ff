// check: stale controls of a benchmark against releases and an installer.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { benchmarksDir } from '../../paths.js';
import type { Command } from 'commander';
import type { Benchmark } from '../../model/benchmark.js';
import { isInside, pathType, readInput } from '../../io/read.js';
import { inputError } from '../../model/problem.js';
import type { ControlLocation } from '../../render/sarif.js';
import { categories, type Category } from '../../rules/types.js';
import { terminalWidth, useColor, type Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';
import { formatHelp, formatOf, releaseForms } from '../options.js';
import { namedReleases } from '../release-names.js';

const formats = ['text', 'json', 'sarif', 'markdown'] as const;

function parseFailOn(v: string | undefined): Category[] {
  const xs = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const x of xs)
    if (!categories.includes(x as Category))
      throw inputError('--fail-on', `unknown category '${x}', expected one of ${categories.join(', ')}`);
  return xs as Category[];
}

/**
 * The folder SARIF paths are relative to: --sarif-root, else the git checkout holding the
 * benchmark file, else the file's own folder. Never the working directory: the same file gives
 * the same paths wherever the command runs.
 */
function sarifBase(file: string, root: string | undefined, cwd: string): string {
  if (root !== undefined) {
    const abs = resolve(cwd, root);
    if (pathType(abs) !== 'folder') throw inputError('--sarif-root', `no folder ${root}, expected the repository root`);
    if (!isInside(abs, file))
      throw inputError('--sarif-root', `${root} does not hold ${file}, expected a folder above the benchmark file`);
    return abs;
  }
  for (let d = dirname(file); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return dirname(file);
  }
}

/** Each control's place: its `id:` line in one of our files, its source line in a kube-bench folder. */
async function controlLocations(
  benchmark: Benchmark,
  file: string,
  base: string,
): Promise<(id: string) => ControlLocation> {
  const path = (abs: string): string => relative(base, abs).split(sep).map(encodeURIComponent).join('/');
  const where = new Map<string, ControlLocation>();
  if (pathType(file) === 'folder') {
    // A kube-bench folder: the importer kept each control's file (relative to cfg/) and line.
    for (const s of benchmark.sections)
      for (const c of s.controls)
        if (c.source) where.set(c.id, { path: path(join(dirname(file), c.source.file)), line: c.source.line });
    return (id) => where.get(id) ?? { path: path(file), line: 1 };
  }
  // The bounded reader (the benchmark was read with it already; this pass only wants positions).
  const { parseYaml } = await import('../../io/yaml.js');
  const { doc, lc: counter } = parseYaml(readInput(file, { kind: 'benchmark' }), file, { uniqueKeys: false });
  if (!doc) return (id) => where.get(id) ?? { path: path(file), line: 1 };
  for (const [i, s] of benchmark.sections.entries())
    for (const [j, c] of s.controls.entries()) {
      const node = doc.getIn(['sections', i, 'controls', j, 'id'], true) as { range?: [number] } | undefined;
      if (node?.range) where.set(c.id, { path: path(file), line: counter.linePos(node.range[0]).line });
    }
  return (id) => where.get(id) ?? { path: path(file), line: 1 };
}

export function registerCheckCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');

  program
    .command('check <benchmark>')
    .description('flag stale controls of a benchmark against Kubernetes releases (and an installer), and say why')
    .option(
      '--release <version...>',
      `releases: ${releaseForms}, or snapshot files; default: the shipped releases it targets`,
    )
    .option('--installer <name>', 'check as installed by this installer (kubeadm)')
    .option('--format <format>', formatHelp(formats), 'text')
    .option(
      '--fail-on <categories>',
      `exit 1 on a finding of these categories, comma-separated: ${categories.join(', ')}`,
    )
    .option(
      '--since <version>',
      'also list the findings that appeared or went away since this earlier release, each with the release ' +
        'change that caused it (text, json, markdown)',
    )
    .option('--allow-list <file>', 'more network-plugin workloads (YAML list of { namespace, name } Pod name globs)')
    .option(
      '--sarif-root <dir>',
      'with --format sarif: the folder file paths are relative to (default: the git checkout holding the benchmark)',
    )
    .action(
      async (
        ref: string,
        o: {
          release?: string[];
          installer?: string;
          format: string;
          failOn?: string;
          sarifRoot?: string;
          allowList?: string;
          since?: string;
        },
      ) => {
        const failOn = parseFailOn(o.failOn);
        const format = formatOf(o.format, formats);
        if (o.sarifRoot !== undefined && format !== 'sarif')
          throw inputError('--sarif-root', `applies to SARIF only, expected --format sarif`);
        if (o.since !== undefined && format === 'sarif')
          throw inputError('--since', 'applies to text, json and markdown, expected another --format');
        const { checkReports } = await import('../checking.js');
        const release = o.release && (await namedReleases(io, '--release', o.release));
        const { benchmark, file, reports, deltas } = await checkReports(
          ref,
          release,
          o.installer,
          io.cwd,
          o.allowList,
          o.since,
        );
        const titles = new Map(benchmark.sections.flatMap((s) => s.controls.map((c) => [c.id, c.title] as const)));
        // One shape whatever the releases: the benchmark, the installer, one result per release.
        if (format === 'json')
          io.stdout.write(
            jsonOutput('check', {
              benchmark: { id: benchmark.id, version: benchmark.version },
              installer: o.installer ?? null,
              releases: reports.map((r) => r.release),
              results: reports.map(({ benchmark: _b, installer: _i, ...r }, i) =>
                deltas ? { ...r, since: deltas[i] } : r,
              ),
            }),
          );
        else if (format === 'sarif') {
          const [{ sarifLog }, { rules }, { readGuidance }, { packageVersion }] = await Promise.all([
            import('../../render/sarif.js'),
            import('../../rules/index.js'),
            import('../templates.js'),
            import('../version.js'),
          ]);
          // A shipped benchmark is no file of the user's repository: its results get logical locations.
          const shipped = !existsSync(resolve(io.cwd, ref)) && dirname(file) === benchmarksDir;
          if (shipped && o.sarifRoot !== undefined)
            throw inputError(
              '--sarif-root',
              `${ref} is a shipped benchmark, expected a benchmark file under the folder`,
            );
          if (shipped)
            io.stderr.write(
              `note: ${ref} is a shipped benchmark, no file of your repository: its SARIF results have a logical ` +
                'location only, and GitHub code scanning needs a file for each result; to get alerts at its lines, ' +
                `copy ${file} into the repository and check the copy\n`,
            );
          const log = sarifLog({
            reports,
            rules,
            guidance: readGuidance(),
            version: packageVersion(),
            locate: shipped
              ? () => undefined
              : await controlLocations(benchmark, file, sarifBase(file, o.sarifRoot, io.cwd)),
          });
          out(JSON.stringify(log, null, 2));
        } else if (format === 'markdown') {
          const [{ findingsMarkdown }, { readGuidance }] = await Promise.all([
            import('../../render/findings-markdown.js'),
            import('../templates.js'),
          ]);
          // Past a GitHub comment's size the document says so and how to get every finding.
          const again = ['benchwright check', ref, ...(o.release ? ['--release', ...o.release] : [])];
          if (o.installer) again.push('--installer', o.installer);
          if (o.since) again.push('--since', o.since);
          const whole = [...again, '--format json'].join(' ');
          out(findingsMarkdown(reports, titles, readGuidance(), deltas, undefined, whole));
        } else {
          const [{ findingsText }, { sinceText }] = await Promise.all([
            import('../../render/findings.js'),
            import('../../render/since.js'),
          ]);
          out(
            reports
              .map(
                (r, i) =>
                  findingsText(r, titles, useColor(io), terminalWidth(io)) +
                  (deltas ? `\n\n${sinceText(deltas[i], r.release)}` : ''),
              )
              .join('\n'),
          );
        }
        if (reports.some((r) => r.findings.some((f) => failOn.includes(f.category)))) io.exitCode = 1;
      },
    );
}
