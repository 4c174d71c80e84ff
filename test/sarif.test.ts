// SARIF as GitHub code scanning reads it, validated against the SARIF 2.1.0 schema that
// Microsoft's SARIF SDK ships in @microsoft/jest-sarif (not a copy of our own).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readGuidance } from '../src/cli/templates.js';
import { repoRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';
import { categories } from '../src/rules/types.js';
import { hasCorpus, kubeBenchCfg, run } from './helpers.js';

const schemaFile = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/jest-sarif')),
  'schemas',
  'sarif-2.1.0-rtm.5.json',
);
// The schema's language-tag pattern is not valid as a unicode regular expression.
// CommonJS modules: their classes are on .default under NodeNext's typing.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

interface Result {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
    logicalLocations: Array<{ name: string; fullyQualifiedName: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  properties: {
    controlId: string;
    category: string;
    releases: string[];
    findings: Array<{ releases: string[]; category: string; evidence: Array<{ url: string }> }>;
  };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity': string };
}
interface Run {
  tool: { driver: { name: string; version: string; semanticVersion: string; rules: Rule[]; informationUri?: string } };
  automationDetails: { id: string };
  originalUriBaseIds?: Record<string, { uri?: string }>;
  properties: { releases: string[] };
  results: Result[];
}
interface Log {
  version: string;
  runs: Run[];
}

/** Run check --format sarif and validate what it prints (stderr: the notes, if any). */
async function sarifWithNotes(args: string[], cwd = repoRoot): Promise<{ log: Log; stderr: string }> {
  const r = await run(['check', ...args, '--format', 'sarif'], cwd);
  expect(r.code, r.stderr).toBe(0);
  const log = JSON.parse(r.stdout) as Log;
  const valid = validate(log);
  expect(valid ? [] : validate.errors).toEqual([]);
  return { log, stderr: r.stderr };
}

async function sarif(args: string[], cwd = repoRoot): Promise<Log> {
  const { log, stderr } = await sarifWithNotes(args, cwd);
  expect(stderr).toBe('');
  return log;
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const cis112 = join('benchmarks', 'cis-1.12.yaml');

describe('SARIF for code scanning', async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'bw-sarif-cwd-'));
  const newest = await sarif([join(repoRoot, cis112), '--release', '1.34'], elsewhere);
  const seed = await sarif([join('benchmarks', 'cis-1.4.yaml'), '--installer', 'kubeadm']);
  const all = await sarifWithNotes(['cis-1.12', '--release', '1.13..1.34']);

  it('validates against the SARIF 2.1.0 schema: one run whatever the releases, its category the benchmark and installer', () => {
    expect(newest.runs.map((r) => r.automationDetails.id)).toEqual(['benchwright/cis-1.12/']);
    expect(seed.runs.map((r) => r.automationDetails.id)).toEqual(['benchwright/cis-1.4/kubeadm/']);
    expect(seed.runs[0].properties.releases).toEqual(['1.13', '1.14']);
    expect(all.log.runs.length).toBe(1);
    expect(all.log.runs[0].properties.releases.length).toBe(22);
  });

  it('gives one alert per control and rule, listing the releases it holds on', () => {
    const results = all.log.runs[0].results;
    const keys = results.map((x) => `${x.properties.controlId} ${x.ruleId}`);
    expect(new Set(keys).size).toBe(keys.length);
    // What 22 one-release checks find, control by control and rule by rule, is what the one run says.
    const x = results.find((f) => f.properties.controlId === '1.4.1' && f.ruleId === 'config-file-blind')!;
    expect(x.properties.releases.length).toBeGreaterThan(1);
    expect(x.properties.findings.flatMap((f) => f.releases).sort()).toEqual([...x.properties.releases].sort());
    expect(x.message.text).toMatch(
      /^1\.4\.1 \[config-file-blind\] .+ \(found on Kubernetes 1\.\d+ … 1\.34\) Suggested: /,
    );
  });

  it('holds the same findings as the release-by-release checks', async () => {
    const byRelease = new Map<string, Set<string>>();
    for (const rel of ['1.13', '1.24', '1.34']) {
      const r = JSON.parse((await run(['check', 'cis-1.12', '--release', rel, '--format', 'json'])).stdout) as {
        results: Array<{ findings: Array<{ controlId: string; ruleId: string }> }>;
      };
      for (const f of r.results[0].findings) {
        const key = `${f.controlId} ${f.ruleId}`;
        byRelease.set(key, (byRelease.get(key) ?? new Set()).add(rel));
      }
    }
    for (const [key, rels] of byRelease) {
      const x = all.log.runs[0].results.find((f) => `${f.properties.controlId} ${f.ruleId}` === key);
      expect(x, key).toBeDefined();
      for (const rel of rels) expect(x!.properties.releases, key).toContain(rel);
    }
  });

  it('gives a shipped benchmark logical locations only, and says why on stderr', () => {
    for (const x of all.log.runs[0].results) {
      expect(x.locations).toEqual([
        {
          logicalLocations: [
            { name: x.properties.controlId, fullyQualifiedName: `cis-1.12/${x.properties.controlId}`, kind: 'object' },
          ],
        },
      ]);
    }
    expect(all.log.runs[0].originalUriBaseIds).toBeUndefined();
    expect(all.stderr).toMatch(/^note: cis-1\.12 is a shipped benchmark, no file of your repository: .+\n$/);
  });

  it('writes no absolute path anywhere', () => {
    for (const log of [newest, seed, all.log]) {
      const text = JSON.stringify(log);
      expect(text).not.toContain('file://');
      expect(text).not.toContain(repoRoot);
      expect(text).not.toContain(elsewhere);
    }
    expect(newest.runs[0].originalUriBaseIds).toEqual({
      SRCROOT: { description: { text: 'The root of the repository holding the benchmark file.' } },
    });
  });

  it('names the driver with the package version and no made-up URL', () => {
    const { driver } = newest.runs[0].tool;
    expect([driver.name, driver.version, driver.semanticVersion]).toEqual(['benchwright', version, version]);
    expect(driver.informationUri).toBeUndefined();
    expect(JSON.stringify(newest)).not.toContain('github.com/benchwright');
  });

  it('has one rule per rule id with descriptions, help, a default level, tags and a security severity', () => {
    const got = newest.runs[0].tool.driver.rules;
    expect(got.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const r of got) {
      expect(r.shortDescription.text, r.id).not.toBe('');
      expect(r.fullDescription.text, r.id).not.toBe(r.shortDescription.text);
      expect(r.help.markdown, r.id).toMatch(
        /\*\*Why it matters\.\*\* .+\n\n\*\*[a-z-]+\.\*\* .+\n\n\*\*What to do\.\*\* /,
      );
      expect(['error', 'warning', 'note'], r.id).toContain(r.defaultConfiguration.level);
      expect(r.properties.tags, r.id).toContain('security');
      expect(Number(r.properties['security-severity']), r.id).toBeGreaterThan(0);
    }
    const removed = got.find((r) => r.id === 'removed-setting')!;
    expect([removed.defaultConfiguration.level, removed.properties['security-severity']]).toEqual(['error', '7.5']);
    for (const x of newest.runs[0].results) expect(got[x.ruleIndex!].id).toBe(x.ruleId);
  });

  it("gives every alert its own fingerprint: the seed's 1.3.6 and 2.1.13 each have two rules on one line", () => {
    for (const log of [newest, seed, all.log])
      for (const r of log.runs) {
        const prints = r.results.map((x) => x.partialFingerprints['benchwright/finding/v2']);
        expect(prints.every(Boolean)).toBe(true);
        expect(new Set(prints).size).toBe(prints.length);
      }
    // default-satisfies and unsatisfiable on 1.13: the gate is on by default, but no approver exists.
    for (const id of ['1.3.6', '2.1.13']) {
      const xs = seed.runs[0].results.filter((x) => x.properties.controlId === id);
      expect(xs.length, id).toBe(2);
      expect(new Set(xs.map((x) => x.locations[0].physicalLocation!.region.startLine)).size, id).toBe(1);
    }
  });

  it('points at the control relative to the repository root, whatever the working directory', () => {
    const r = newest.runs[0];
    const lines = readFileSync(join(repoRoot, cis112), 'utf8').split('\n');
    for (const x of r.results) {
      const { artifactLocation, region } = x.locations[0].physicalLocation!;
      expect(artifactLocation).toEqual({ uri: 'benchmarks/cis-1.12.yaml', uriBaseId: 'SRCROOT' });
      expect(lines[region.startLine - 1]).toMatch(
        new RegExp(`^\\s*- id: "?${x.properties.controlId.replace(/\./g, '\\.')}"?$`),
      );
    }
    const x = r.results.find((f) => f.properties.controlId === '4.2.5')!;
    expect(x.message.text).toMatch(/^4\.2\.5 \[obsolete\] .+ Suggested: /);
    expect(r.results.filter((f) => f.properties.findings[0].evidence.length).length).toBeGreaterThan(0);
  });

  it('keeps fingerprints when lines move, and uses --sarif-root outside a git checkout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-sarif-root-'));
    mkdirSync(join(root, 'drafts'));
    const text = readFileSync(join(repoRoot, cis112), 'utf8');
    writeFileSync(join(root, 'drafts', 'mine.yaml'), `# a note\n# another\n${text}`);
    const moved = await sarif(['drafts/mine.yaml', '--release', '1.34', '--sarif-root', '.'], root);
    const a = newest.runs[0].results;
    const b = moved.runs[0].results;
    expect(b.map((x) => x.partialFingerprints)).toEqual(a.map((x) => x.partialFingerprints));
    expect(b.map((x) => x.locations[0].physicalLocation!.region.startLine)).toEqual(
      a.map((x) => x.locations[0].physicalLocation!.region.startLine + 2),
    );
    expect(b[0].locations[0].physicalLocation!.artifactLocation.uri).toBe('drafts/mine.yaml');
    // Without --sarif-root and no git checkout above it, paths are relative to the file's folder.
    const plain = await sarif(['mine.yaml', '--release', '1.34'], join(root, 'drafts'));
    expect(plain.runs[0].results[0].locations[0].physicalLocation!.artifactLocation.uri).toBe('mine.yaml');
    const outside = await run(['check', 'drafts/mine.yaml', '--format', 'sarif', '--sarif-root', elsewhere], root);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^--sarif-root: .* does not hold .*mine\.yaml, expected a folder above the benchmark file\n$/,
    );
    const shipped = await run(['check', 'cis-1.12', '--format', 'sarif', '--sarif-root', '.'], root);
    expect([shipped.code, shipped.stderr]).toEqual([
      2,
      '--sarif-root: cis-1.12 is a shipped benchmark, expected a benchmark file under the folder\n',
    ]);
  });

  it('is valid with no findings too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-sarif-empty-'));
    const yaml = [
      'id: tiny',
      'title: One control',
      'version: "0.1"',
      'kubernetes: ["1.34"]',
      'variant: generic',
      'source: { format: benchwright, path: tiny }',
      'sections:',
      '  - id: "1"',
      '    title: Files',
      '    target: node',
      '    controls:',
      '      - id: "1.1"',
      '        title: The kubelet config file is owned by root',
      '        assessment: automated',
      '        scored: true',
      '        checks:',
      '          - subjects: [{ kind: file, role: kubelet config file, attribute: owner }]',
      '            op: eq',
      '            value: root:root',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'tiny.yaml'), yaml);
    const log = await sarif(['tiny.yaml'], dir);
    expect(log.runs[0].results).toEqual([]);
  });

  it.skipIf(!hasCorpus)('points into the kube-bench files when the benchmark is a kube-bench folder', async () => {
    const cfg = mkdtempSync(join(tmpdir(), 'bw-sarif-kb-'));
    cpSync(join(kubeBenchCfg, 'cis-1.12'), join(cfg, 'cis-1.12'), { recursive: true });
    cpSync(join(kubeBenchCfg, 'config.yaml'), join(cfg, 'config.yaml'));
    const log = await sarif(['cis-1.12', '--release', '1.34', '--sarif-root', '.'], cfg);
    const x = log.runs[0].results.find((f) => f.properties.controlId === '4.2.5')!;
    const { artifactLocation, region } = x.locations[0].physicalLocation!;
    expect(artifactLocation.uri).toBe('cis-1.12/node.yaml');
    const line = readFileSync(join(cfg, 'cis-1.12', 'node.yaml'), 'utf8').split('\n')[region.startLine - 1];
    expect(line).toMatch(/4\.2\.5/);
  });
});

/**
 * Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool, a self-contained .NET binary per
 * platform) with GitHub's rule sets: the SARIF rules, GitHub's ingestion limits (Gh: at most 20
 * runs, required properties) and GitHub Advanced Security's (Ghas).
 */
function multitool(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    return spawnSync(path, ['--version']).status === 0 ? path : undefined;
  } catch {
    return undefined;
  }
}
const sarifMultitool = multitool();
if (!sarifMultitool)
  console.warn('sarif-multitool checks skipped: @microsoft/sarif-multitool has no binary that runs here');

describe.skipIf(!sarifMultitool)("SARIF through sarif-multitool's GitHub rules", () => {
  /** Problems the multitool reports (errors and warnings), as `RULE: message`. */
  const problems = (log: string): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-multitool-'));
    writeFileSync(join(dir, 'in.sarif'), log);
    const r = spawnSync(
      sarifMultitool!,
      [
        'validate',
        '--rule-kind',
        'Sarif;Gh;Ghas',
        join(dir, 'in.sarif'),
        '-o',
        join(dir, 'out.sarif'),
        '--log',
        'ForceOverwrite',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as {
      runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { text?: string; id?: string } }> }>;
    };
    return out.runs
      .flatMap((x) => x.results ?? [])
      .filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined)
      .map((x) => `${x.ruleId}: ${x.message.text ?? x.message.id}`);
  };

  // SARIF2005 asks for the tool's informationUri: benchwright has no web page to point at, and
  // the tests above hold it to naming none rather than a made-up one.
  const known = (p: string): boolean => p.startsWith('SARIF2005:');

  it('finds nothing wrong with a 22-release check of a shipped benchmark, nor with a user file', async () => {
    const all = await run(['check', 'cis-1.12', '--release', '1.13..1.34', '--format', 'sarif']);
    expect(all.code).toBe(0);
    expect(problems(all.stdout).filter((p) => !known(p))).toEqual([]);
    const file = await run([
      'check',
      join('benchmarks', 'cis-1.4.yaml'),
      '--installer',
      'kubeadm',
      '--format',
      'sarif',
    ]);
    expect(problems(file.stdout).filter((p) => !known(p))).toEqual([]);
  });

  it('would catch what GitHub refuses: more than 20 runs', async () => {
    const one = JSON.parse((await run(['check', 'cis-1.12', '--release', '1.34', '--format', 'sarif'])).stdout) as {
      runs: unknown[];
    };
    const many = { ...one, runs: Array.from({ length: 21 }, () => one.runs[0]) };
    expect(problems(JSON.stringify(many)).some((p) => p.startsWith('GH1013'))).toBe(true);
  });
});

describe('templates/guidance.yaml', () => {
  it('says what to do for every finding category, and nothing else', () => {
    const g = readGuidance();
    expect(Object.keys(g).sort()).toEqual([...categories].sort());
    for (const c of categories) {
      expect(['high', 'medium', 'low'], c).toContain(g[c].severity);
      expect(g[c].what.length, c).toBeGreaterThan(20);
      expect(g[c].do.length, c).toBeGreaterThan(20);
    }
  });

  it("puts no rule's findings above the level its categories give it in SARIF", async () => {
    const g = readGuidance();
    const rank = { low: 1, medium: 2, high: 3 };
    for (const [b, rel] of [
      ['cis-1.4', '1.13'],
      ['cis-1.6', '1.24'],
      ['cis-1.12', '1.34'],
    ]) {
      const r = JSON.parse(
        (await run(['check', b, '--release', rel, '--installer', 'kubeadm', '--format', 'json'])).stdout,
      );
      for (const f of r.results[0].findings as Array<{ ruleId: string; severity: 'low' | 'medium' | 'high' }>) {
        const rule = rules.find((x) => x.id === f.ruleId)!;
        const max = Math.max(...rule.categories.map((c) => rank[g[c].severity]));
        expect(rank[f.severity], `${b} ${rel} ${f.ruleId}`).toBeLessThanOrEqual(max);
      }
    }
  });
});
