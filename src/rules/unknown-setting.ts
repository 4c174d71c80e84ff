import type { Finding, Rule, RuleContext } from './types.js';
import type { Check, Subject } from '../model/check.js';
import { checkText } from '../model/check-text.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import { pageEvidence } from '../k8s/reconcile/evidence.js';
import { configRule } from '../evaluate/knowledge.js';
import { finding, isReleaseComponent, setting } from './helpers.js';
import { checksOn } from './removed-setting.js';
import { cached } from '../model/memo.js';
import { subjectKey } from '../model/subject.js';

/** Every flag and config field each component has in some release of the history, built once per history. */
interface Known {
  readonly flags: Map<string, Set<string>>;
  readonly fields: Map<string, Set<string>>;
}
/** The components whose config-file fields are judged: those that read one file of their own kind. */
const fieldComponents = ['kubelet', 'kube-scheduler', 'kube-proxy'] as const;

const add = (m: Map<string, Set<string>>, c: string, n: string) => {
  const names = cached(m, c, () => new Set());
  names.add(n);
};

const knownInMemo = new WeakMap<ReleaseSnapshot, Known>();

/** The flags and own-kind config fields of one release. */
function knownIn(r: ReleaseSnapshot): Known {
  let k = knownInMemo.get(r);
  if (!k) {
    const flags = new Map<string, Set<string>>();
    const fields = new Map<string, Set<string>>();
    for (const [c, list] of Object.entries(r.flags)) for (const f of list) add(flags, c, f.name);
    for (const f of r.etcd?.flags ?? []) add(flags, 'etcd', f.name);
    for (const c of fieldComponents) {
      const kind = configRule(r, c)?.kind;
      for (const f of (kind && r.configs[kind]?.fields) || []) add(fields, c, f.path);
    }
    k = { flags, fields };
    knownInMemo.set(r, k);
  }
  return k;
}

const knownMemo = new WeakMap<readonly ReleaseSnapshot[], Known>();

/** What some release of the history has: the union of each release's. */
function known(history: readonly ReleaseSnapshot[]): Known {
  let k = knownMemo.get(history);
  if (!k) {
    const flags = new Map<string, Set<string>>();
    const fields = new Map<string, Set<string>>();
    for (const r of history) {
      const one = knownIn(r);
      for (const [c, names] of one.flags) for (const n of names) add(flags, c, n);
      for (const [c, names] of one.fields) for (const n of names) add(fields, c, n);
    }
    k = { flags, fields };
    knownMemo.set(history, k);
  }
  return k;
}

/** Edit distance, for "did you mean": names one or two edits from a known one. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

// Names near an unknown one, per set of known names: the same typo recurs in every release.
const nearMemo = new WeakMap<Set<string>, Map<string, string[]>>();

function nearNames(have: Set<string>, name: string): string[] {
  const byName = cached(nearMemo, have, () => new Map());
  let near = byName.get(name);
  if (!near) {
    const limit = name.length > 8 ? 2 : 1;
    near = [...have].filter((n) => Math.abs(n.length - name.length) <= limit && distance(n, name) <= limit).sort();
    byName.set(name, near);
  }
  return near;
}

/** "X is not set" on a setting nothing has passes vacuously; any other check can never pass. */
const vacuous = (c: Check) => c.op === 'absent';

/**
 * A check on a setting no release of that component has, from the first release in the data to
 * the last: removed before the data starts (with the change, data/knowledge.yaml), another
 * program's directive read as a flag (a systemd unit's IPAddressDeny), a flag of another
 * component, or a name one edit from a real one (a typo). Such checks pass or fail whatever
 * the cluster does, silently.
 */
export const unknownSetting: Rule = {
  id: 'unknown-setting',
  title: 'Checked setting exists in no release',
  rationale:
    'A check on a name the component never had tests nothing: "not set" always passes and anything else always fails (the component ' +
    'refuses unknown flags). It is a typo, a setting of another component or program, or one removed before the releases we know.',
  categories: ['removed', 'obsolete', 'unsatisfiable'],
  check(ctx) {
    // Most checks name settings the checked release has: the rest of the history is read only
    // when one does not (a setting the release has is one the history has).
    if (!ctx.control.checks.some((c) => c.subjects.some((x) => !inRelease(ctx, x)))) return [];
    // What follows depends only on the history, not on the release checked: once per control and history.
    const byHistory = cached(findingsMemo, ctx.control, () => new WeakMap());
    return cached(byHistory, ctx.history, () => unknownSettings(ctx));
  },
};

const findingsMemo = new WeakMap<RuleContext['control'], WeakMap<readonly ReleaseSnapshot[], Finding[]>>();

/**
 * Whether the checked release has the setting a subject names, read as unknownSettings reads the
 * history (flags of a component or etcd; fields of the component's own config kind, a map's keys
 * included); subjects it does not judge count as present.
 */
function inRelease(ctx: RuleContext, s: Subject): boolean {
  const k = knownIn(ctx.release);
  if (s.kind === 'flag') {
    if (s.component !== 'etcd' && !isReleaseComponent(s.component)) return true;
    return k.flags.get(s.component)?.has(s.flag.replace(/^--?/, '')) ?? false;
  }
  if (s.kind !== 'config' || !fieldComponents.includes(s.component as never)) return true;
  const have = k.fields.get(s.component);
  const parts = s.path.split('.');
  return parts.some((_, i) => have?.has(parts.slice(0, i + 1).join('.')));
}

function unknownSettings(ctx: RuleContext): Finding[] {
  const k = known(ctx.history);
  const first = ctx.history[0]?.release;
  const last = ctx.history[ctx.history.length - 1]?.release;
  const span = `Kubernetes ${first} to ${last}`;
  const out = [];
  const seen = new Set<string>();
  for (const [index, check] of ctx.control.checks.entries()) {
    const unknown: Array<{ s: Extract<Subject, { kind: 'flag' | 'config' }>; name: string; have: Set<string> }> = [];
    for (const s of check.subjects) {
      let name: string;
      let have: Set<string> | undefined;
      if (s.kind === 'flag' && (isReleaseComponent(s.component) || s.component === 'etcd')) {
        name = s.flag.replace(/^--?/, '');
        have = k.flags.get(s.component);
      } else if (s.kind === 'config' && isReleaseComponent(s.component) && k.fields.has(s.component)) {
        name = s.path;
        have = k.fields.get(s.component);
        // A map-valued field (featureGates.X, evictionHard.X) names a key of it.
        if (have && name.split('.').some((_, i, parts) => i > 0 && have!.has(parts.slice(0, i).join('.')))) continue;
      } else continue;
      if (have && !have.has(name)) unknown.push({ s, name, have });
    }
    // One finding per check and setting (a flag and its field, both unknown, are one).
    const first = unknown[0];
    if (!first || seen.has(`${first.s.component} ${first.name}`)) continue;
    for (const u of unknown) seen.add(`${u.s.component} ${u.name}`);
    const known = check.subjects.filter((x) => !unknown.some((u) => u.s === x));
    out.push(judge(ctx, index, check, first.s, first.name, first.have, known, k, span));
  }
  return out;
}

function judge(
  ctx: RuleContext,
  index: number,
  check: Check,
  s: Extract<Subject, { kind: 'flag' | 'config' }>,
  name: string,
  have: Set<string>,
  rest: readonly Subject[],
  k: Known,
  span: string,
) {
  const what = s.kind === 'flag' ? `${s.component} ${s.flag}` : `${s.component} config field ${s.path}`;
  // The control as a whole, as removed-setting judges it: a check on a value beside "not set" under
  // "any" (cis-1.3 2.1.12, --cadvisor-port is 0 or unset) passes on every cluster, not never (a
  // reviewer's finding).
  const key = subjectKey(s);
  const besideAbsent =
    !vacuous(check) &&
    ctx.control.combine === 'any' &&
    ctx.control.checks.some((c) => c.op === 'absent' && c.subjects.some((x) => subjectKey(x) === key));
  const outcome = vacuous(check)
    ? 'so the check passes whatever the cluster does'
    : besideAbsent
      ? 'so the control passes on every cluster: it accepts the setting being unset, which always holds, and its check on a value can never be met'
      : 'so the check can never pass';
  const category = vacuous(check) || besideAbsent ? 'obsolete' : 'unsatisfiable';
  const drop = { kind: 'drop-checks' as const, checks: checksOn(ctx, s), whenEmpty: 'remove' as const };
  const base = { ruleId: unknownSetting.id, subject: setting(s) };
  // "No release (first to last) has it": the first and last release's pages that do not list it.
  const ends = [...new Set([ctx.history[0]?.release, ctx.history[ctx.history.length - 1]?.release])].filter(
    (r): r is string => r !== undefined,
  );
  const spanEvidence =
    s.kind === 'flag' && isReleaseComponent(s.component)
      ? ends.map((r) => pageEvidence(s.component, r))
      : s.kind === 'config'
        ? ends.map((r) => configApiEvidence(r))
        : [];

  const removed = ctx.knowledge.unknownSettings.removed.find(
    (r) => r.component === s.component && (s.kind === 'flag' ? r.flag === s.flag : r.field === s.path),
  );
  if (removed)
    return finding(ctx, {
      ...base,
      category: 'removed',
      severity: 'high',
      message: `${what} was removed in Kubernetes ${removed.removed}; no release in our data (${span}) has it, ${outcome}.`,
      evidence: removed.evidence,
      suggestion: { action: 'remove', proposal: `Remove the check on ${what}.`, edit: drop },
    });

  const directive = ctx.knowledge.unknownSettings.directives.find((d) => d.names.includes(name));
  if (directive)
    return finding(ctx, {
      ...base,
      category,
      severity: 'high',
      message:
        `${name} is a ${directive.program} directive of ${directive.where}, not a ${s.component} ` +
        `${s.kind === 'flag' ? 'flag' : 'setting'}; no release of ${s.component} (${span}) has ${what}, ${outcome}.`,
      evidence: directive.evidence,
      suggestion: {
        action: 'mark-manual',
        headline: `Read ${name} from ${directive.where}, not from the ${s.component} command line`,
        proposal:
          `Check ${name} in ${directive.where} (systemctl show ${s.component} -p ${name}); ` +
          `until the benchmark format reads unit directives, make the recommendation manual.`,
        edit: { kind: 'mark-manual', dropChecks: true },
      },
    });

  // A flag and a field read as one setting, where only one of them exists: the other part reads nothing.
  if (rest.length) {
    const kept: Check = { ...check, subjects: [...rest] };
    return finding(ctx, {
      ...base,
      category: 'obsolete',
      severity: 'low',
      message:
        `No release of ${s.component} (${span}) has ${what}: that part of ` +
        `the check reads nothing, and ${checkText(kept)} alone decides it.`,
      evidence: spanEvidence,
      suggestion: {
        action: 'rewrite-audit',
        headline: `Drop ${what} from the check`,
        check: checkText(kept),
        proposal: `Read ${rest.map((x) => setting(x).setting).join(', ')} only.`,
        edit: { kind: 'replace-checks', checks: [index], with: [kept] },
      },
    });
  }

  const other = [...(s.kind === 'flag' ? k.flags : k.fields)].find(
    ([c, names]) => c !== s.component && names.has(name),
  )?.[0];
  if (other) {
    const fixed: Check = {
      ...check,
      subjects: check.subjects.map((x) => (x === s ? { ...s, component: other as typeof s.component } : x)),
    };
    return finding(ctx, {
      ...base,
      category,
      severity: 'high',
      message:
        `${name} is a ${s.kind === 'flag' ? 'flag' : 'config field'} of ${other}, not ` +
        `of ${s.component}: no release of ${s.component} (${span}) has it, ${outcome}.`,
      evidence: spanEvidence,
      suggestion: {
        action: 'replace',
        headline: `Check ${other} ${name}, not ${s.component} ${name}`,
        check: checkText(fixed),
        proposal: `Read ${name} from ${other}.`,
        edit: { kind: 'replace-checks', checks: [index], with: [fixed] },
      },
    });
  }

  const near = nearNames(have, name);
  if (near.length === 1) {
    const right = s.kind === 'flag' ? `--${near[0]}` : near[0];
    const fixed: Check = {
      ...check,
      subjects: check.subjects.map((x) =>
        x === s ? (s.kind === 'flag' ? { ...s, flag: right } : { ...s, path: right }) : x,
      ),
    };
    return finding(ctx, {
      ...base,
      category,
      severity: 'high',
      message:
        `No release of ${s.component} (${span}) has ${what}, ${outcome}; ` +
        `${s.component} has ${right}, one letter or two away (a typo?).`,
      evidence: spanEvidence,
      suggestion: {
        action: 'replace',
        headline: `Check ${s.component} ${right}, not ${name}`,
        check: checkText(fixed),
        proposal: `Read ${right}, which ${s.component} has.`,
        edit: { kind: 'replace-checks', checks: [index], with: [fixed] },
      },
    });
  }

  return finding(ctx, {
    ...base,
    category,
    severity: 'high',
    message:
      `No release of ${s.component} in our data (${span}) has ${what}, ${outcome}: it ` +
      `is not a ${s.component} setting, or one removed before ${span.split(' to ')[0]}.`,
    evidence: spanEvidence,
    suggestion: {
      action: 'remove',
      proposal: `Remove the check on ${what}, or name the setting it meant.`,
      edit: drop,
    },
  });
}

/** The config API reference of one release, as evidence. */
function configApiEvidence(release: string): Finding['evidence'][number] {
  return {
    kind: 'doc',
    ref: `config API reference, v${release}`,
    url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/config-api/`,
  };
}
