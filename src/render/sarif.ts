// SARIF 2.1.0 for GitHub code scanning: one run per release checked, one rule per rule id with
// its help, each result at its control in the benchmark file (relative to a base the consumer
// maps to the repository root) with a fingerprint that stays put when lines move.
import { createHash } from 'node:crypto';
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
  /** The folder paths are relative to, as a file: URI ending in '/'. */
  readonly baseUri: string;
  readonly locate: (controlId: string) => ControlLocation;
}

/** The id artifact locations refer to; `originalUriBaseIds` says where it was on this machine. */
export const baseId = 'SRCROOT';
/** The key of our partialFingerprints entry; bump the version when what it hashes changes. */
export const fingerprintKey = 'benchwright/finding/v1';

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

function fingerprint(benchmark: string, f: Finding): string {
  const key = [benchmark, f.controlId, f.ruleId, f.category, f.subject.component ?? '', f.subject.setting];
  return createHash('sha256').update(key.join('\0')).digest('hex').slice(0, 32);
}

function message(f: Finding): string {
  const next = f.suggestion.proposal ? ` Suggested: ${f.suggestion.proposal}` : ` Suggested: ${f.suggestion.action}.`;
  return `${f.controlId} [${f.category}] ${f.message}${next}`;
}

export function sarifLog(o: SarifOptions): object {
  const rules = o.rules.map((r) => sarifRule(r, o.guidance));
  const ruleIndex = new Map(o.rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: o.reports.map((r) => {
      const seen = new Map<string, number>();
      return {
        tool: { driver: { name: 'benchwright', version: o.version, semanticVersion: o.version, rules } },
        // Ending in '/', the whole id is GitHub's category: one per benchmark, release and installer.
        automationDetails: { id: `benchwright/${r.benchmark.id}/${r.release}${r.installer ? `/${r.installer}` : ''}/` },
        originalUriBaseIds: {
          [baseId]: { uri: o.baseUri, description: { text: 'The folder the benchmark file paths are relative to.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: r.findings.map((f) => {
          // Two findings with the same key (the same rule on the same setting of a control) stay two alerts.
          let print = fingerprint(r.benchmark.id, f);
          const n = seen.get(print) ?? 0;
          seen.set(print, n + 1);
          if (n) print = `${print}:${n}`;
          const at = o.locate(f.controlId);
          return {
            ruleId: f.ruleId,
            ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
            level: levels[f.severity],
            message: { text: message(f) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: at.path, uriBaseId: baseId },
                  region: { startLine: at.line },
                },
                logicalLocations: [{ name: f.controlId, fullyQualifiedName: `${r.benchmark.id}/${f.controlId}` }],
              },
            ],
            partialFingerprints: { [fingerprintKey]: print },
            properties: {
              benchmark: r.benchmark.id,
              controlId: f.controlId,
              release: r.release,
              ...(r.installer ? { installer: r.installer } : {}),
              category: f.category,
              severity: f.severity,
              subject: f.subject,
              suggestion: f.suggestion,
              evidence: f.evidence,
            },
          };
        }),
      };
    }),
  };
}
