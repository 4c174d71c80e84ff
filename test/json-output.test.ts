// Every command's --format json: one object naming its kind and schema version, valid against
// schema/output/<kind>.schema.json (generated from src/model/outputs.ts), whatever the options.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { outputJsonSchemas } from '../src/model/output-schemas.js';
import { outputs } from '../src/model/outputs.js';
import { schemaVersion } from '../src/render/json.js';
import { repoRoot } from '../src/paths.js';
import { run } from './helpers.js';

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validators = new Map(
  Object.keys(outputs).map((kind) => [
    kind,
    ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schema', 'output', `${kind}.schema.json`), 'utf8'))),
  ]),
);

/** The commands and option sets whose JSON must keep one shape (corpus-independent: shipped data only). */
const cases: Array<[string, string[]]> = [
  ['benchmark-list', ['list']],
  ['benchmark', ['show', 'cis-1.4']],
  ['benchmark', ['show', 'cis-1.4', '--control', '2.1.10']],
  ['release-list', ['releases', 'list']],
  ['release', ['releases', 'show', '1.34']],
  ['release', ['releases', 'show', '1.34', '--component', 'kubelet']],
  ['release', ['releases', 'show', '1.34', '--component', 'etcd']],
  ['release', ['releases', 'show', '1.34', '--component', 'kubeadm']],
  ['release', ['releases', 'show', '1.34', '--flag', 'anonymous-auth']],
  ['release', ['releases', 'show', '1.34', '--field', 'authentication.anonymous.enabled']],
  ['release', ['releases', 'show', '1.34', '--gate', 'AnonymousAuthConfigurableEndpoints']],
  // A GA gate no source says is locked or not (locked: unknown) in some release: removed before the oldest source copy.
  ['release', ['releases', 'show', '1.20', '--gate', 'BlockVolume']],
  ['release-diff', ['releases', 'diff', '1.33', '1.34']],
  ['release-diff', ['releases', 'diff', '1.30', '1.34', '--component', 'kubelet']],
  ['check', ['check', 'cis-1.12', '--release', '1.34']],
  ['check', ['check', 'cis-1.4', '--installer', 'kubeadm']],
  ['check', ['check', 'docker-cis-1.6.0', '--release', '1.23,1.24']],
  ['matrix', ['matrix', '--releases', '1.33..1.34']],
  ['diff', ['diff', 'cis-1.11', 'cis-1.12']],
  ['lineage', ['lineage', 'cis-1.4:2.1.10']],
  ['lineage', ['lineage', '--all']],
  ['review', ['review', 'cis-1.11', 'cis-1.12', '--release', '1.34']],
  ['evaluation', ['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34']],
  ['evaluation', ['evaluate', 'cis-1.12', '--node', 'kubeadm@1.34', '--compare', '--control', '1.2.1']],
  ['test-cases', ['test', 'cis-1.4']],
];

describe('--format json', () => {
  it('has a schema file for every kind, as generated from the zod shapes, and nothing else', () => {
    const files = outputJsonSchemas();
    for (const [path, text] of files) expect(readFileSync(join(repoRoot, path), 'utf8'), path).toBe(text);
    expect(readdirSync(join(repoRoot, 'schema', 'output')).sort()).toEqual(
      [...files.keys()].map((p) => p.replace('schema/output/', '')).sort(),
    );
  });

  it('covers every kind with a real command', () => {
    expect([...new Set(cases.map(([k]) => k))].sort()).toEqual(Object.keys(outputs).sort());
  });

  for (const [kind, args] of cases)
    it(`${args.join(' ')} is a valid ${kind}`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'bw-json-'));
      const r = await run([...args, '--format', 'json'], cwd);
      expect([0, 1], r.stderr).toContain(r.code);
      const value = JSON.parse(r.stdout) as { kind: string; schemaVersion: number };
      expect([value.kind, value.schemaVersion]).toEqual([kind, schemaVersion]);
      const validate = validators.get(kind)!;
      expect(validate(value) ? [] : validate.errors?.slice(0, 5)).toEqual([]);
      // The zod shape holds too (it also says what JSON Schema cannot: one answer per releases show).
      const parsed = outputs[kind as keyof typeof outputs].safeParse(value);
      expect(parsed.success ? [] : parsed.error.issues.slice(0, 5)).toEqual([]);
    });

  it('keeps check one shape: one release and several give the same keys', async () => {
    const one = JSON.parse((await run(['check', 'cis-1.12', '--release', '1.34', '--format', 'json'])).stdout);
    const two = JSON.parse((await run(['check', 'cis-1.12', '--release', '1.33', '1.34', '--format', 'json'])).stdout);
    expect(Object.keys(one)).toEqual(Object.keys(two));
    expect([one.releases, two.releases]).toEqual([['1.34'], ['1.33', '1.34']]);
    expect(two.results[1]).toEqual(one.results[0]);
    // The schema tells the old shapes apart: a bare array of reports, a report without the envelope.
    const validate = validators.get('check')!;
    expect(validate(two.results)).toBe(false);
    expect(validate({ ...two.results[0], benchmark: two.benchmark, installer: null })).toBe(false);
    const { releases: _r, ...noReleases } = two;
    expect(validate(noReleases)).toBe(false);
  });
});
