// kube-bench semantics: the state kube-bench would give a check on this node, decided
// as its check/check.go and check/test.go decide it (shared/facts/kube-bench-semantics.md):
// skip → INFO, manual → WARN, no tests, audit errors, bin_op, then the test items on the
// audit output, the config output and the environment, with kube-bench's string compare.
import type { Benchmark, Control, Section } from '../../model/benchmark.js';
import type { Check } from '../../model/check.js';
import type { KubeBenchControl, KubeBenchItem } from '../../model/scanner.js';
import type { CheckResult, ControlResult } from '../result.js';
import { type AuditRun, defaultEnv, type Host, runProbe, type Variables, variables } from './host.js';
import { evaluateItem, type ItemResult, type Source } from './test-items.js';
import { cached } from '../../model/memo.js';

/** Targets kube-bench runs only when their components run (a worker has no master checks). */
const conditionalTargets = new Set(['master', 'controlplane', 'etcd']);

export interface Replay {
  readonly host: Host;
  readonly vars: (target: string) => Variables;
}

export function replayOf(host: Host, benchmark: Benchmark): Replay {
  const memo = new Map<string, Variables>();
  return {
    host,
    vars: (target) => {
      return cached(memo, target, () => variables(host, benchmark.kubeBench, target));
    },
  };
}

const fail = (scored: boolean) => (scored ? 'FAIL' : 'WARN');

export function replayControl(r: Replay, control: Control, section: Section): ControlResult {
  const id = control.id;
  // The control's automation is kube-bench's `type: manual|skip`; no audit runs either way.
  if (control.automation === 'skip')
    return { controlId: id, status: 'INFO', reason: 'kube-bench: type skip, nothing run', checks: [] };
  if (control.automation === 'manual')
    return { controlId: id, status: 'WARN', reason: 'kube-bench: type manual, nothing run', checks: [] };
  const kb = control.kubeBench ?? synthesize(control);
  if (!kb)
    return {
      controlId: control.id,
      status: 'WARN',
      reason: 'no kube-bench encoding of this control (no scanner facts), so kube-bench cannot be replayed',
      checks: [],
    };
  const scored = kb.scored ?? control.scored;
  if (scored && !kb.type?.trim() && !kb.tests)
    return { controlId: id, status: 'WARN', reason: 'kube-bench: a scored check without tests', checks: [] };
  if (!kb.tests?.items.length)
    return { controlId: id, status: fail(scored), reason: 'kube-bench: no tests defined', checks: [] };
  const vars = r.vars(section.target);
  if (conditionalTargets.has(section.target) && vars.missing.length)
    return {
      controlId: id,
      status: 'INFO',
      reason: `kube-bench does not run the ${section.target} checks here: no running ${vars.missing.join(', ')}`,
      checks: [],
    };

  const items = kb.tests.items;
  const wantsEnv = items.some((i) => i.env) && !kb.disableEnvTesting;
  const env: AuditRun | undefined = kb.auditEnv
    ? runProbe(r.host, vars, kb.auditEnv)
    : wantsEnv
      ? defaultEnv(r.host, vars)
      : undefined;
  const audit = runProbe(r.host, vars, kb.audit);
  const config = kb.auditConfig ? runProbe(r.host, vars, kb.auditConfig) : undefined;
  for (const run of [env, audit, config])
    if (run?.unknown)
      return { controlId: id, status: 'WARN', reason: `cannot replay kube-bench: ${run.unknown}`, checks: [] };
  if (env?.error) return errorResult(id, scored, env.error);
  if (audit.error) return errorResult(id, scored, audit.error);
  let configOut = config?.output ?? '';
  if (config?.error) {
    const ignorable =
      /No such file or directory|exit status 127/.test(config.error) &&
      (audit.output !== '' || (env?.output ?? '') !== '');
    if (!ignorable) return errorResult(id, scored, config.error);
    configOut = '';
  }

  const results = items.map((item) => {
    const multiple = Boolean(kb.multipleValues);
    let source: Source = 'audit';
    let res: ItemResult = evaluateItem(item, 'audit', audit.output, multiple);
    if (!res.found && kb.auditConfig) {
      source = 'config';
      res = evaluateItem(
        item.path ? item : { ...item, path: undefined },
        item.path ? 'config' : 'audit',
        configOut,
        multiple,
      );
      if (!res.found && item.env && env) {
        source = 'env';
        res = evaluateItem(item, 'env', env.output, multiple);
      }
    }
    if (!res.found && item.env && env) {
      source = 'env';
      res = evaluateItem(item, 'env', env.output, multiple);
    }
    return { item, source, res };
  });
  const binOp = kb.tests.binOp ?? '';
  let pass: boolean;
  if (results.length === 1) pass = results[0].res.pass;
  else if (binOp === '' || binOp === 'and') pass = results.every((x) => x.res.pass);
  else if (binOp === 'or') pass = results.some((x) => x.res.pass);
  else return errorResult(id, scored, `unknown binary operator for tests ${binOp}`);
  return {
    controlId: id,
    status: pass ? 'PASS' : fail(scored),
    checks: results.map(({ item, source, res }) => itemResult(item, source, res)),
  };
}

function errorResult(id: string, scored: boolean, error: string): ControlResult {
  return { controlId: id, status: fail(scored), reason: `kube-bench: the audit command fails (${error})`, checks: [] };
}

function itemResult(item: KubeBenchItem, source: Source, res: ItemResult): CheckResult {
  const set = item.set ?? true;
  const subject =
    (source === 'config' ? item.path : source === 'env' ? item.env : item.flag) ?? item.flag ?? item.path ?? '';
  return {
    subject,
    expected: !set ? 'not found' : item.op ? `${item.op} ${item.value ?? ''}`.trim() : 'found',
    observed: res.error ? `error: ${res.error}` : res.found ? (res.value ?? '') : 'not found',
    source: source === 'audit' ? 'audit output' : source === 'config' ? 'audit_config output' : 'process environment',
    pass: res.pass,
  };
}

/** For a control of our format with no scanner facts: the items a kube-bench encoding of its checks would have. */
function synthesize(control: Control): KubeBenchControl | undefined {
  if (!control.checks.length) return undefined;
  const items: KubeBenchItem[] = [];
  let component: string | undefined;
  let config = false;
  for (const c of control.checks) {
    const item = itemOf(c);
    if (!item) return undefined;
    items.push(item.item);
    component ??= item.component;
    config ||= Boolean(item.item.path);
  }
  if (!component) return undefined;
  const select = component === 'kubelet' || component === 'kube-proxy' ? 'command' : 'grep';
  return {
    tests: { ...(control.combine === 'any' ? { binOp: 'or' } : {}), items },
    audit: { kind: 'process', bin: component, select },
    ...(config && component === 'kubelet'
      ? { auditConfig: { kind: 'cat', file: { path: '/var/lib/kubelet/config.yaml' }, guard: 'none' } }
      : {}),
  } as KubeBenchControl;
}

function itemOf(c: Check): { item: KubeBenchItem; component: string } | undefined {
  const set = c.op !== 'absent';
  const compare =
    c.op !== 'present' && c.op !== 'absent' ? { op: c.op, ...(c.value !== undefined ? { value: c.value } : {}) } : {};
  let item: KubeBenchItem = {};
  let component: string | undefined;
  for (const s of c.subjects) {
    if (s.kind === 'flag') {
      item = { ...item, flag: s.flag };
      component ??= s.component;
    } else if (s.kind === 'config') {
      item = { ...item, path: `{.${s.path}}` };
      component ??= s.component;
    } else if (s.kind === 'feature-gate') {
      item = { ...item, flag: s.gate };
      component ??= s.component;
    } else if (s.kind === 'admission-plugin') {
      return {
        item: {
          flag: s.state === 'enabled' ? '--enable-admission-plugins' : '--disable-admission-plugins',
          op: 'has',
          value: s.plugin,
        },
        component: 'kube-apiserver',
      };
    } else return undefined;
  }
  if (!component) return undefined;
  return { item: { ...item, ...(set ? {} : { set: false }), ...compare }, component };
}
