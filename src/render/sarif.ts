// SARIF 2.1.0 for GitHub code scanning, within its limits: one run whatever the number of releases
// checked (GitHub takes at most 20 runs per upload), one result per control and rule (the releases
// it holds on listed in the result, not one alert per release), locations only in files of the
// user's repository (relative to SRCROOT, which carries no local path), a fingerprint that stays put
// when lines move.
import { createHash } from 'node:crypto';
import { compareIds, compareText } from '../model/ids.js';
import type { CheckReport } from '../rules/check.js';
import type { Category, Finding, Rule } from '../rules/types.js';

export type Severity = Finding['severity'];
export type Guidance = Readonly<Record<Category, { severity: Severity; what: string; do: string }>>;

/** Where a control sits: a path relative to the base, with '/' separators, and a 1-based line. */
export interface ControlLocation {
  readonly path: string;
  readonly line: number;
}

export interface SarifOptions {
  readonly reports: readonly CheckReport[];
  readonly rules: readonly Rule[];
  readonly guidance: Guidance;
  readonly version: string;
  /**
   * A control's place in a file of the user's repository, relative to SRCROOT; undefined for a
   * benchmark that is no file of theirs (a shipped one): its results get a logical location only.
   */
  readonly locate: (controlId: string) => ControlLocation | undefined;
}

/** The id artifact locations refer to; `originalUriBaseIds` says where it was on this machine. */
export const baseId = 'SRCROOT';
/** The key of our partialFingerprints entry; bump the version when what it hashes changes. */
export const fingerprintKey = 'benchwright/finding/v2';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
// GitHub reads security-severity as a CVSS-like score: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
const scores: Record<Severity, string> = { high: '7.5', medium: '5.0', low: '2.5' };
const rank: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** removed-setting → RemovedSetting (SARIF's `name` is an identifier-like form of the id). */
const pascal = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

function ruleSeverity(rule: Rule, guidance: Guidance): Severity {
  return rule.categories
    .map((c) => guidance[c].severity)
    .reduce<Severity>((a, b) => (rank[b] > rank[a] ? b : a), 'low');
}

function ruleHelp(rule: Rule, guidance: Guidance): { text: string; markdown: string } {
  const cats = rule.categories.map((c) => ({ c, g: guidance[c] }));
  const text = [rule.rationale, ...cats.map(({ c, g }) => `${c}: ${g.what} What to do: ${g.do}`)].join('\n\n');
  const markdown = [
    `**Why it matters.** ${rule.rationale}`,
    ...cats.map(({ c, g }) => `**${c}.** ${g.what}\n\n**What to do.** ${g.do}`),
    'Each result names the control, the release it was checked against and the evidence (pull requests, KEPs, ' +
      'documentation) in its properties; `benchwright propose` writes the change as a CIS WorkBench proposal.',
  ].join('\n\n');
  return { text, markdown };
}

function sarifRule(rule: Rule, guidance: Guidance): object {
  const severity = ruleSeverity(rule, guidance);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: ruleHelp(rule, guidance),
    defaultConfiguration: { level: levels[severity] },
    properties: {
      tags: ['security', 'cis-kubernetes-benchmark', ...rule.categories],
      precision: 'high',
      'security-severity': scores[severity],
    },
  };
}

/** One alert per benchmark, control and rule: the same key whatever the releases or the line. */
function fingerprint(benchmark: string, controlId: string, ruleId: string): string {
  return createHash('sha256').update([benchmark, controlId, ruleId].join('\0')).digest('hex').slice(0, 32);
}

/** `1.13 … 1.20, 1.24`: runs of consecutive checked releases. */
export function releaseSpans(releases: readonly string[], checked: readonly string[]): string {
  const at = releases.map((r) => checked.indexOf(r)).sort((a, b) => a - b);
  const spans: string[] = [];
  for (let i = 0; i < at.length; ) {
    let j = i;
    while (j + 1 < at.length && at[j + 1] === at[j] + 1) j++;
    spans.push(
      j - i >= 2
        ? `${checked[at[i]]} … ${checked[at[j]]}`
        : at
            .slice(i, j + 1)
            .map((k) => checked[k])
            .join(', '),
    );
    i = j + 1;
  }
  return spans.join(', ');
}

/** The findings of one control and rule over the releases, identical ones (but for the release) as one. */
interface Alert {
  readonly controlId: string;
  readonly ruleId: string;
  readonly variants: Array<{ finding: Finding; releases: string[] }>;
}

function alerts(reports: readonly CheckReport[]): Alert[] {
  const byKey = new Map<string, Alert>();
  for (const r of reports)
    for (const f of r.findings) {
      const key = `${f.controlId}\0${f.ruleId}`;
      const a = byKey.get(key) ?? { controlId: f.controlId, ruleId: f.ruleId, variants: [] };
      byKey.set(key, a);
      const same = findingKey(f);
      const v = a.variants.find((x) => findingKey(x.finding) === same);
      if (v) v.releases.push(r.release);
      else a.variants.push({ finding: f, releases: [r.release] });
    }
  return [...byKey.values()].sort((a, b) => compareIds(a.controlId, b.controlId) || compareText(a.ruleId, b.ruleId));
}

/** What a finding says, but for the release it was found on (findings carry none). */
function findingKey(f: Finding): string {
  return JSON.stringify(f);
}

/** The finding of the newest release the alert holds on. */
function newestFinding(a: Alert, checked: readonly string[]): Finding {
  const last = (v: Alert['variants'][number]): number => Math.max(...v.releases.map((r) => checked.indexOf(r)));
  return a.variants.reduce((x, y) => (last(y) > last(x) ? y : x)).finding;
}

/**
 * The newest release's finding, with every release the control fails this rule on: one line per
 * alert however many releases were checked (each release's own wording is in properties.findings).
 */
function message(a: Alert, checked: readonly string[]): string {
  const newest = newestFinding(a, checked);
  const next = newest.suggestion.proposal
    ? ` Suggested: ${newest.suggestion.proposal}`
    : ` Suggested: ${newest.suggestion.action}.`;
  const categories = [...new Set(a.variants.map((v) => v.finding.category))].join(', ');
  const releases = a.variants.flatMap((v) => v.releases);
  const where = checked.length > 1 ? ` (found on Kubernetes ${releaseSpans(releases, checked)})` : '';
  return `${a.controlId} [${categories}] ${newest.message}${where}${next}`;
}

export function sarifLog(o: SarifOptions): object {
  const rules = o.rules.map((r) => sarifRule(r, o.guidance));
  const ruleIndex = new Map(o.rules.map((r, i) => [r.id, i]));
  const checked = o.reports.map((r) => r.release);
  const [first] = o.reports;
  const benchmark = first?.benchmark.id ?? '';
  const installer = first?.installer;
  const results = alerts(o.reports).map((a) => {
    const at = o.locate(a.controlId);
    const findings = a.variants.map((v) => v.finding);
    const worst = findings.map((f) => f.severity).reduce<Severity>((x, y) => (rank[y] > rank[x] ? y : x), 'low');
    const newest = newestFinding(a, checked);
    const logical = [{ name: a.controlId, fullyQualifiedName: `${benchmark}/${a.controlId}`, kind: 'object' }];
    return {
      ruleId: a.ruleId,
      ...(ruleIndex.has(a.ruleId) ? { ruleIndex: ruleIndex.get(a.ruleId) } : {}),
      level: levels[worst],
      message: { text: message(a, checked) },
      locations: [
        at
          ? {
              physicalLocation: {
                artifactLocation: { uri: at.path, uriBaseId: baseId },
                region: { startLine: at.line },
              },
              logicalLocations: logical,
            }
          : { logicalLocations: logical },
      ],
      partialFingerprints: { [fingerprintKey]: fingerprint(benchmark, a.controlId, a.ruleId) },
      properties: {
        benchmark,
        controlId: a.controlId,
        releases: a.variants.flatMap((v) => v.releases).sort((x, y) => checked.indexOf(x) - checked.indexOf(y)),
        ...(installer ? { installer } : {}),
        category: newest.category,
        severity: worst,
        findings: a.variants.map((v) => {
          const { controlId: _c, ruleId: _r, ...rest } = v.finding;
          return { releases: v.releases, ...rest };
        }),
      },
    };
  });
  const located = results.some((r) => 'physicalLocation' in r.locations[0]);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'benchwright', version: o.version, semanticVersion: o.version, rules } },
        // Ending in '/', the whole id is GitHub's category: one per benchmark and installer, every
        // release checked in one run (GitHub takes at most 20 runs per upload).
        automationDetails: { id: `benchwright/${benchmark}/${installer ? `${installer}/` : ''}` },
        // SRCROOT is the repository root as the consumer (GitHub: the checkout) knows it; no local path.
        ...(located
          ? {
              originalUriBaseIds: {
                [baseId]: { description: { text: 'The root of the repository holding the benchmark file.' } },
              },
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        properties: { benchmark, releases: checked, ...(installer ? { installer } : {}) },
        results,
      },
    ],
  };
}
