// kube-bench YAML (cfg/<benchmark>/*.yaml + config.yaml) → Benchmark.
// Pure: takes file texts, returns the model and the problems found. I/O is in read.ts.
import { exemptionsOf } from './api-objects.js';
import { isAlias, isMap, isScalar, isSeq } from '../../io/yaml-lib.js';
import type { LineCounter } from 'yaml';
import { parseYaml } from '../../io/yaml.js';
import type { Benchmark, Control, Section, Target } from '../../model/benchmark.js';
import { compareIds, compareText, compareVersions } from '../../model/ids.js';
import type { Problem } from '../../model/problem.js';
import { bool, get, items, keyOf, pairs, posOf, text } from '../yaml-nodes.js';
import { classify, type Classified, type RawItem } from './classify.js';
import { kubeBenchTargets, type KubeBenchConfig } from './config.js';
import { benchmarkIdOf, folderData, topicOf, variantOf, versionOf } from './folders.js';
import { repairQuotedContinuations } from './repair.js';
import { warnWritingAudits } from './audit-writes.js';
import { kubeBenchFacts } from './replay-facts.js';
import { generatedSectionTitle, generatedTitle } from '../titles.js';
import { own } from '../../model/own.js';

export interface SourceFile {
  /** Path as it should appear in messages and positions. */
  readonly path: string;
  /** Stable name recorded in control positions, e.g. cis-1.4/master.yaml. */
  readonly name: string;
  readonly text: string;
}

export interface ImportOptions {
  /** Keep only facts (no titles, audit or remediation text): for data we ship. */
  readonly factsOnly?: boolean;
  /** Path recorded as the benchmark's source. */
  readonly sourcePath?: string /** How the folder's format differs from kube-bench's (docker-bench: `description`, no targets). */;
  readonly dialect?: Dialect;
}

/**
 * docker-bench writes kube-bench's format with other words: `description` for `text`, no file
 * targets, its own audit commands, and a benchmark named by the Docker release it targets.
 */
export interface Dialect {
  readonly format: 'kube-bench' | 'docker-bench';
  /** The key of a check's and a group's title. */
  readonly textKey: 'text' | 'description';
  readonly defaultTarget: Target;
  /** Which topics of data/topics.yaml its titles are matched against. */
  readonly topicFamily: 'kubernetes' | 'docker';
  classify(item: RawItem, ctx: { audit?: string; auditConfig?: string; tokens: readonly string[] }): Classified;
  /** The topic of every control of a group that only runs under a constraint (docker-bench: swarm mode). */
  groupTopic?(constraints: unknown, title: string): string | undefined;
  /** Id, title, version and targets of the benchmark a folder holds. */
  describe(folder: string): Pick<Benchmark, 'id' | 'title' | 'version' | 'kubernetes' | 'variant'> & {
    docker?: string[];
    /** Why the releases the folder covers are unknown (no version_mapping names it), as a warning. */
    unmapped?: string;
  };
}

/** kube-bench itself: variables from config.yaml, targets from the version mapping. */
export function kubeBenchDialect(config: KubeBenchConfig): Dialect {
  return {
    format: 'kube-bench',
    textKey: 'text',
    defaultTarget: 'master',
    topicFamily: 'kubernetes',
    classify: (item, ctx) => classify(item, { ...ctx, config }),
    describe(folder) {
      const known = own(folderData().folders, folder);
      const facts = known ?? {};
      const kubernetes = (
        facts.kubernetes ?? [...config.versionMapping].filter(([, f]) => f === folder).map(([k]) => k)
      )
        .filter((k) => /^\d+\.\d+$/.test(k))
        .sort(compareVersions);
      if (!kubernetes.length && /^\d+\.\d+$/.test(folder)) kubernetes.push(folder);
      // A folder no version_mapping names (one added by hand, or a config.yaml older than the
      // folder) imports with no releases: said, since `check` and kube-bench's own choice of
      // benchmark both lean on that mapping. OpenShift folders are mapped from ocp-4.x keys.
      // A folder our data describes (a retired one) is known.
      const mapped = known !== undefined || [...config.versionMapping.values()].includes(folder);
      const unmapped =
        mapped || kubernetes.length
          ? undefined
          : `benchmark folder ${folder} is named by no version_mapping of config.yaml, so the Kubernetes releases it covers are unknown (imported with none); expected an entry such as "1.NN": "${folder}" in version_mapping (kube-bench runs it only with --benchmark ${folder})`;
      return {
        ...(unmapped ? { unmapped } : {}),
        id: benchmarkIdOf(folder),
        title: `${variantTitle(variantOf(folder))} Benchmark ${versionOf(folder)}`,
        version: versionOf(folder),
        kubernetes,
        variant: variantOf(folder),
      };
    },
  };
}

export interface ImportStats {
  controls: number;
  checks: number;
  bySubject: Record<string, number>;
  automatedChecks: number;
  automatedUnknown: number;
  /** Test items folded into the previous check (the same setting read as a flag or a config field). */
  merged: number;
}

export interface ImportResult {
  readonly benchmark: Benchmark;
  readonly problems: Problem[];
  readonly stats: ImportStats;
}

const targets = new Set<Target>(['master', 'node', 'controlplane', 'etcd', 'policies', 'managedservices', 'federated']);
const controlKeys = new Set([
  'id',
  'text',
  'type',
  'audit',
  'audit_config',
  'audit_env',
  'tests',
  'remediation',
  'scored',
  'use_multiple_values',
  'constraints',
  'audit_cmd',
]);
const testKeys = new Set(['test_items', 'bin_op']);
const itemKeys = new Set(['flag', 'path', 'env', 'set', 'compare']);

export function importKubeBench(
  folder: string,
  files: readonly SourceFile[],
  config: KubeBenchConfig,
  options: ImportOptions = {},
): ImportResult {
  const dialect = options.dialect ?? kubeBenchDialect(config);
  const problems: Problem[] = [];
  const sections: Section[] = [];
  const seen = new Map<string, number>();
  const stats: ImportStats = {
    controls: 0,
    checks: 0,
    bySubject: {},
    automatedChecks: 0,
    automatedUnknown: 0,
    merged: 0,
  };

  for (const file of files) {
    const repaired = repairQuotedContinuations(file.text);
    for (const r of repaired.repairs) {
      problems.push({
        file: file.path,
        line: r.line,
        col: r.col,
        severity: 'warning',
        message:
          "quoted string continues at its key's indentation (go-yaml accepts this, YAML 1.2 does not); read as one string",
      });
    }
    // Syntax, nesting depth, unknown tags and undefined aliases are checked before any value is read.
    const { doc, lc, problems: yamlProblems } = parseYaml(repaired.text, file.path, { uniqueKeys: false });
    const warn = (node: unknown, message: string, severity: Problem['severity'] = 'warning') => {
      const { line, col } = posOf(node, lc);
      problems.push({ file: file.path, line, col, severity, message });
    };
    problems.push(...yamlProblems);
    if (!doc || yamlProblems.length) continue;
    const root = doc.contents;
    if (!isMap(root)) {
      warn(root, 'expected a kube-bench controls file (a map with groups), found something else', 'error');
      continue;
    }
    const fileTarget = text(get(root, 'type')) ?? dialect.defaultTarget;
    const target = (targets.has(fileTarget as Target) ? fileTarget : dialect.defaultTarget) as Target;
    if (!targets.has(fileTarget as Target))
      warn(
        get(root, 'type'),
        `unknown target '${fileTarget}', expected one of ${[...targets].join(', ')}; read as master`,
      );
    const groups = groupsOf(root, dialect, warn);
    // kube-bench ships placeholder files (a header, no groups) for targets a variant lacks.
    if (!groups) continue;
    for (const g of items(groups)) {
      if (isAlias(g)) {
        warn(g, 'YAML aliases are not supported in a controls file, expected a literal group', 'error');
        continue;
      }
      const sectionId = text(get(g, 'id')) ?? '?';
      const section: Section = { id: sectionId, title: text(get(g, dialect.textKey)) ?? '', target, controls: [] };
      const groupTopic = dialect.groupTopic?.(get(g, 'constraints'), section.title);
      const checksNode = get(g, 'checks');
      if (checksNode !== undefined && !isSeq(checksNode) && !isEmpty(checksNode))
        warn(checksNode, `checks of group ${sectionId} is not a list, expected a list of checks; none read`, 'error');
      for (const c of items(checksNode)) {
        if (isAlias(c) || !isMap(c)) {
          warn(c, `expected a check (a map with id, ${dialect.textKey}, tests), found something else`);
          continue;
        }
        const control = readControl(c, file.name, lc, dialect, warn, stats, text(get(g, 'type')));
        if (groupTopic && !control.topic) control.topic = groupTopic;
        const idNode = get(c, 'id');
        if (idNode && (idNode as { type?: string }).type === 'PLAIN' && /^\d+\.\d*0$/.test(control.id)) {
          warn(idNode, `unquoted id ${control.id} reads as the number ${Number(control.id)} in YAML; kept as written`);
        }
        const n = (seen.get(control.id) ?? 0) + 1;
        seen.set(control.id, n);
        if (n > 1) {
          const renamed = `${control.id}~${n}`;
          warn(idNode ?? c, `duplicate control id ${control.id}, kept as ${renamed} (sourceId ${control.id})`);
          control.sourceId = control.id;
          control.id = renamed;
        }
        section.controls.push(control);
      }
      // docker-bench lists sub-sections as sibling groups after an empty parent (1, then 1.1, 1.2).
      if (section.controls.length || dialect.format === 'kube-bench') sections.push(section);
    }
  }

  sections.sort((a, b) => compareIds(a.id, b.id));
  const about = dialect.describe(folder);
  if (about.unmapped)
    problems.push({
      file: files[0]?.path.replace(/\/[^/]*$/, '') ?? folder,
      severity: 'warning',
      message: about.unmapped,
    });
  const targetsUsed = [...new Set(sections.map((s) => s.target))].sort(compareText);
  const kubeBench = kubeBenchTargets(config, targetsUsed);
  const benchmark: Benchmark = {
    id: about.id,
    title: about.title,
    version: about.version,
    kubernetes: about.kubernetes,
    ...(about.docker ? { docker: about.docker } : {}),
    variant: about.variant,
    source: { format: dialect.format, path: options.sourcePath ?? folder },
    sections,
    ...(kubeBench ? { kubeBench } : {}),
  };
  stats.controls = sections.reduce((n, s) => n + s.controls.length, 0);
  return { benchmark: options.factsOnly ? factsOnly(benchmark) : benchmark, problems, stats };
}

const fileKeys = new Set(['controls', 'version', 'id', 'text', 'description', 'type', 'groups']);

const isEmpty = (n: unknown): boolean => n === null || (isScalar(n) && (n.value === null || n.value === ''));

/**
 * The groups of a controls file. kube-bench reads `groups` at the top level only, and refuses a
 * file that nests them under `controls:`; such groups (and any key we do not know) are reported at
 * their position, never dropped without a word. Nested groups are read, with a warning that
 * kube-bench runs none of them.
 */
function groupsOf(root: unknown, dialect: Dialect, warn: Warn): unknown {
  for (const p of pairs(root)) {
    const k = keyOf(p);
    if (!fileKeys.has(k) || (k === 'description' && dialect.textKey !== 'description'))
      warn(p.key, `unexpected key '${k}' in a controls file, expected ${[...fileKeys].join(', ')}; ignored`);
  }
  const top = get(root, 'groups');
  const controls = get(root, 'controls');
  const nested = isMap(controls) ? get(controls, 'groups') : undefined;
  if (isMap(controls)) {
    if (nested !== undefined && top === undefined)
      warn(
        controls,
        `groups nested under 'controls:' (kube-bench refuses this file and runs none of its ${items(
          nested,
        ).reduce<number>(
          (n, g) => n + items(get(g, 'checks')).length,
          0,
        )} checks), expected groups at the top level; read as the file's groups`,
      );
    else
      warn(
        controls,
        `'controls:' holds a map${nested !== undefined ? ' with groups beside the top-level groups (not read)' : ''}, expected it empty and the groups at the top level`,
        nested !== undefined ? 'error' : 'warning',
      );
  }
  const groups = top ?? nested;
  if (groups !== undefined && !isSeq(groups) && !isEmpty(groups)) {
    warn(groups, 'groups is not a list, expected a list of groups with checks; none read', 'error');
    return undefined;
  }
  return groups;
}

function variantTitle(variant: string): string {
  const names: Record<string, string> = {
    generic: 'CIS Kubernetes',
    eks: 'CIS Amazon EKS',
    gke: 'CIS Google GKE',
    aks: 'CIS Azure AKS',
    openshift: 'Red Hat OpenShift hardening',
  };
  return own(names, variant) ?? `CIS Kubernetes (${variant})`;
}

type Warn = (node: unknown, message: string, severity?: Problem['severity']) => void;

function readControl(
  c: unknown,
  file: string,
  lc: LineCounter,
  dialect: Dialect,
  warn: Warn,
  stats: ImportStats,
  groupType: string | undefined,
): Control {
  const keys =
    dialect.textKey === 'text' ? controlKeys : new Set([...controlKeys, 'description'].filter((k) => k !== 'text'));
  for (const p of pairs(c)) {
    const k = keyOf(p);
    if (!keys.has(k)) warn(p.key, `unexpected key '${k}' in a check, expected one of ${[...keys].join(', ')}; ignored`);
  }
  const id = text(get(c, 'id')) ?? '';
  if (!id) warn(c, 'check without an id');
  const title = (text(get(c, dialect.textKey)) ?? '').replace(/\s+/g, ' ').trim();
  const type = text(get(c, 'type'));
  warnWritingAudits(c, get, text, warn);
  const audit = text(get(c, 'audit'));
  const auditConfig = text(get(c, 'audit_config'));
  const remediation = text(get(c, 'remediation'));
  const tests = get(c, 'tests');
  const assessment = assessmentOf(title);
  const automation = automationOf(groupType?.trim() === 'skip' ? 'skip' : type);
  let scored = bool(get(c, 'scored'));
  if (scored === undefined) scored = !/not scored/i.test(title);

  for (const p of pairs(tests)) {
    const k = keyOf(p);
    if (testKeys.has(k)) continue;
    warn(p.key, `key '${k}' is indented under tests, expected it at the check's level`);
    if (k === 'scored' && bool(get(c, 'scored')) === undefined) scored = bool(p.value) ?? scored;
  }
  const binOp = text(get(tests, 'bin_op'));
  if (binOp && binOp !== 'and' && binOp !== 'or')
    warn(get(tests, 'bin_op'), `unknown bin_op '${binOp}', expected and or or; read as and`);
  const checks: Control['checks'] = [];
  const tokens = items(get(tests, 'test_items'))
    .map((it) => text(get(it, 'flag')))
    .filter((t): t is string => Boolean(t));
  const raws: RawItem[] = [];
  for (const it of items(get(tests, 'test_items'))) {
    for (const p of pairs(it)) {
      const k = keyOf(p);
      if (!itemKeys.has(k))
        warn(p.key, `unexpected key '${k}' in a test item, expected one of ${[...itemKeys].join(', ')}`);
    }
    const compare = get(it, 'compare');
    const raw: RawItem = {
      flag: text(get(it, 'flag')),
      path: text(get(it, 'path')),
      env: text(get(it, 'env')),
      set: bool(get(it, 'set')),
      op: text(get(compare, 'op')),
      value: text(get(compare, 'value')),
    };
    raws.push(raw);
    const { check, notes } = dialect.classify(raw, { audit, auditConfig, tokens });
    for (const n of notes) warn(it, n);
    // One setting read as a flag *or* a config field is one check with both subjects.
    const prev = checks[checks.length - 1];
    if (prev && binOp === 'or' && sameSetting(prev, check)) {
      for (const s of check.subjects)
        if (!prev.subjects.some((q) => JSON.stringify(q) === JSON.stringify(s))) prev.subjects.push(s);
      stats.merged++;
    } else checks.push(check);
    const unknown = check.subjects.every((s) => s.kind === 'unknown');
    if (unknown)
      warn(
        it,
        `could not tell what '${check.subjects[0].kind === 'unknown' ? check.subjects[0].raw : ''}' checks; kept as subject unknown`,
      );
    stats.checks++;
    for (const s of check.subjects) stats.bySubject[s.kind] = (stats.bySubject[s.kind] ?? 0) + 1;
    if (automation === 'run') {
      stats.automatedChecks++;
      if (unknown) stats.automatedUnknown++;
    }
  }
  const { line } = posOf(c, lc);
  // Manual controls, and those whose audit prints a token rather than naming a setting, are known by their topic.
  const weak = checks.every((k) => k.subjects.every((s) => s.kind === 'api-object' || s.kind === 'unknown'));
  const topic = weak ? topicOf(title, dialect.topicFamily) : undefined;
  // An allow-list our export wrote into the audit's jq program (the workloads it exempts).
  const exempt = checks.some((k) => k.subjects.some((s) => s.kind === 'api-object')) ? exemptionsOf(audit) : [];
  return {
    id,
    title,
    ...(topic ? { topic } : {}),
    ...(assessment ? { assessment } : {}),
    automation,
    scored,
    combine: binOp === 'or' ? 'any' : 'all',
    checks,
    ...(exempt.length ? { allowList: exempt } : {}),
    ...(audit !== undefined ? { audit } : {}),
    ...(auditConfig !== undefined ? { auditConfig } : {}),
    ...(remediation !== undefined ? { remediation } : {}),
    source: { file, line },
    kubeBench: kubeBenchFacts(c, raws, groupType, scored),
  };
}

/**
 * CIS's label, read from the title's suffix as CIS writes it ("… (Automated)", kube-bench's
 * copies sometimes with a stray ")" or space). No suffix, no label: versions before CIS 1.6 say
 * "(Scored)" instead, and that is a different fact.
 */
export function assessmentOf(title: string): Control['assessment'] {
  const m = title.match(/\((automated|manual)\)+\s*$/i);
  return m ? (m[1].toLowerCase() as 'automated' | 'manual') : undefined;
}

/** kube-bench runs a check unless its `type` is exactly `manual` (WARN) or `skip` (INFO, a group's included). */
function automationOf(type: string | undefined): NonNullable<Control['automation']> {
  return type === 'manual' || type === 'skip' ? type : 'run';
}

/** Two test items that read the same setting with the same operator and value (flag vs config field). */
function sameSetting(a: Control['checks'][number], b: Control['checks'][number]): boolean {
  if (a.op !== b.op || a.value !== b.value) return false;
  const names = (c: typeof a) =>
    new Set(c.subjects.map((s) => (s.kind === 'flag' ? s.flag : s.kind === 'config' ? s.path : '')).filter(Boolean));
  const x = names(a);
  return [...names(b)].some((n) => x.has(n));
}

/** Drop third-party prose; titles are rewritten from the checks and marked generated. */
export function factsOnly(b: Benchmark): Benchmark {
  return {
    ...b,
    source: { ...b.source, path: b.source.path },
    sections: b.sections.map((s) => ({
      ...s,
      title: generatedSectionTitle(s),
      titleGenerated: true,
      controls: s.controls.map((c) => {
        const { audit: _a, auditConfig: _ac, remediation: _r, source: _s, ...rest } = c;
        return {
          ...rest,
          title: generatedTitle(c, s),
          titleGenerated: true,
          ...(c.source ? { source: { file: c.source.file, line: c.source.line } } : {}),
        };
      }),
    })),
  };
}
