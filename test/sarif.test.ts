// SARIF as GitHub code scanning reads it, validated against the SARIF 2.1.0 schema that
// Microsoft's SARIF SDK ships in @microsoft/jest-sarif (not a copy of our own).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
  }>;
  partialFingerprints: Record<string, string>;
  properties: { controlId: string; category: string; evidence: Array<{ url: string }> };
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
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Result[];
}
interface Log {
  version: string;
  runs: Run[];
}

/** Run check --format sarif and validate what it prints. */
async function sarif(args: string[], cwd = repoRoot): Promise<Log> {
  const r = await run(['check', ...args, '--format', 'sarif'], cwd);
  expect(r.stderr).toBe('');
  const log = JSON.parse(r.stdout) as Log;
  const valid = validate(log);
  expect(valid ? [] : validate.errors).toEqual([]);
  return log;
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('SARIF for code scanning', async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'bw-sarif-cwd-'));
  const newest = await sarif(['cis-1.12', '--release', '1.34'], elsewhere);
  const seed = await sarif(['cis-1.4', '--installer', 'kubeadm']);

  it('validates against the SARIF 2.1.0 schema, one run per release with its own category', () => {
    expect(newest.runs.map((r) => r.automationDetails.id)).toEqual(['benchwright/cis-1.12/1.34/']);
    expect(seed.runs.map((r) => r.automationDetails.id)).toEqual([
      'benchwright/cis-1.4/1.13/kubeadm/',
      'benchwright/cis-1.4/1.14/kubeadm/',
    ]);
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

  it("gives every result its own fingerprint: the seed's 1.3.6 and 2.1.13 each have two results on one line", () => {
    for (const log of [newest, seed])
      for (const r of log.runs) {
        const prints = r.results.map((x) => x.partialFingerprints['benchwright/finding/v1']);
        expect(prints.every(Boolean)).toBe(true);
        expect(new Set(prints).size).toBe(prints.length);
      }
    // default-satisfies and unsatisfiable on 1.13: the gate is on by default, but no approver exists.
    for (const id of ['1.3.6', '2.1.13']) {
      const xs = seed.runs[0].results.filter((x) => x.properties.controlId === id);
      expect(xs.length, id).toBe(2);
      expect(new Set(xs.map((x) => x.locations[0].physicalLocation.region.startLine)).size, id).toBe(1);
      expect(new Set(xs.map((x) => x.partialFingerprints['benchwright/finding/v1'])).size, id).toBe(2);
    }
  });

  it('points at the control relative to the repository root, whatever the working directory', () => {
    const r = newest.runs[0];
    expect(r.originalUriBaseIds.SRCROOT.uri).toBe(pathToFileURL(repoRoot).href.replace(/\/?$/, '/'));
    const lines = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.12.yaml'), 'utf8').split('\n');
    for (const x of r.results) {
      const { artifactLocation, region } = x.locations[0].physicalLocation;
      expect(artifactLocation).toEqual({ uri: 'benchmarks/cis-1.12.yaml', uriBaseId: 'SRCROOT' });
      expect(lines[region.startLine - 1]).toMatch(
        new RegExp(`^\\s*- id: "?${x.properties.controlId.replace(/\./g, '\\.')}"?$`),
      );
    }
    const x = r.results.find((f) => f.properties.controlId === '4.2.5')!;
    expect(x.message.text).toMatch(/^4\.2\.5 \[obsolete\] .+ Suggested: /);
    expect(r.results.filter((f) => f.properties.evidence.length).length).toBeGreaterThan(0);
  });

  it('keeps fingerprints when lines move, and uses --sarif-root outside a git checkout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-sarif-root-'));
    mkdirSync(join(root, 'drafts'));
    const text = readFileSync(join(repoRoot, 'benchmarks', 'cis-1.12.yaml'), 'utf8');
    writeFileSync(join(root, 'drafts', 'mine.yaml'), `# a note\n# another\n${text}`);
    const moved = await sarif(['drafts/mine.yaml', '--release', '1.34', '--sarif-root', '.'], root);
    const a = newest.runs[0].results;
    const b = moved.runs[0].results;
    expect(b.map((x) => x.partialFingerprints)).toEqual(a.map((x) => x.partialFingerprints));
    expect(b.map((x) => x.locations[0].physicalLocation.region.startLine)).toEqual(
      a.map((x) => x.locations[0].physicalLocation.region.startLine + 2),
    );
    expect(b[0].locations[0].physicalLocation.artifactLocation.uri).toBe('drafts/mine.yaml');
    // Without --sarif-root and no git checkout above it, paths are relative to the file's folder.
    const plain = await sarif(['mine.yaml', '--release', '1.34'], join(root, 'drafts'));
    expect(plain.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('mine.yaml');
    const outside = await run(['check', 'drafts/mine.yaml', '--format', 'sarif', '--sarif-root', elsewhere], root);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^--sarif-root: .* does not hold .*mine\.yaml, expected a folder above the benchmark file\n$/,
    );
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
    const { artifactLocation, region } = x.locations[0].physicalLocation;
    expect(artifactLocation.uri).toBe('cis-1.12/node.yaml');
    const line = readFileSync(join(cfg, 'cis-1.12', 'node.yaml'), 'utf8').split('\n')[region.startLine - 1];
    expect(line).toMatch(/4\.2\.5/);
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
      for (const f of r.findings as Array<{ ruleId: string; severity: 'low' | 'medium' | 'high' }>) {
        const rule = rules.find((x) => x.id === f.ruleId)!;
        const max = Math.max(...rule.categories.map((c) => rank[g[c].severity]));
        expect(rank[f.severity], `${b} ${rel} ${f.ruleId}`).toBeLessThanOrEqual(max);
      }
    }
  });
});
