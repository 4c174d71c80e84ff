// A node configured as a control asks: the installer's node with the fragment (flags,
// config-file fields, file modes and owners) that makes each of the control's checks hold,
// in the terms the per-control test cases use (src/evaluate/cases.ts applies it). A setting
// readable in the config file is set there, and its flag taken off the command line.
import { applyFragment, componentView, resolveSetting } from '../evaluate/index.js';
import { configRule } from '../evaluate/knowledge.js';
import type { EvalContext } from '../evaluate/settings.js';
import { locate } from '../evaluate/subjects/file.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Control } from '../model/benchmark.js';
import type { Case } from '../model/case.js';
import type { Check, Component, Subject } from '../model/check.js';
import type { NodeBundle } from '../node/bundle.js';

export type Fragment = Omit<Case, 'expect' | 'name' | 'node' | 'semantics'>;

export interface Asked {
  readonly bundle: NodeBundle;
  /** What was changed, in words (`kubelet authentication.anonymous.enabled: false`). */
  readonly changes: string[];
  /** Checks no node fragment can satisfy (API objects, unknown subjects), in words. */
  readonly unmet: string[];
}

const opposite: Record<string, string> = { true: 'false', false: 'true' };

function split(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A value any setting of this type takes, for "is set" (a path where the name says file). */
function anyValue(type: string | undefined, name: string): string {
  if (type === 'bool') return 'true';
  if (type && /^u?int/.test(type)) return '1';
  if (type === 'duration') return '1m0s';
  return /file|path|dir|config|ca$/i.test(name) ? '/etc/kubernetes/review/set-by-review' : 'set-by-review';
}

/** A value that meets the check, given the current one; null: unset it; undefined: no value does. */
function valueFor(check: Check, current: string | undefined, any: string): string | null | undefined {
  const v = check.value ?? '';
  const n = Number(v);
  switch (check.op) {
    case 'absent':
      return null;
    case 'present':
      return current ?? any;
    case 'eq':
    case 'valid_elements':
    case 'bitmask':
      return v;
    case 'noteq':
      return opposite[v.toLowerCase()] ?? (Number.isFinite(n) && v !== '' ? String(n + 1) : undefined);
    case 'gt':
      return Number.isFinite(n) ? String(n + 1) : undefined;
    case 'gte':
    case 'lte':
      return Number.isFinite(n) ? v : undefined;
    case 'lt':
      return Number.isFinite(n) ? String(n - 1) : undefined;
    case 'has':
      return [...new Set([...split(current), v])].join(',');
    case 'nothave': {
      const rest = split(current).filter((x) => x !== v);
      return rest.length ? rest.join(',') : null;
    }
    case 'regex':
      return undefined;
  }
}

/** YAML's own type for a config field's value. */
function typed(v: string | null): unknown {
  if (v === null) return null;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+$/.test(v)) return Number(v);
  return v;
}

function describe(s: Subject): string {
  return s.kind === 'flag' ? `${s.component} ${s.flag}` : s.kind === 'config' ? `${s.component} ${s.path}` : s.kind;
}

/** Add one check's fragment; false when no node change can meet it. */
function addCheck(f: Fragment, check: Check, ctx: EvalContext, words: string[]): boolean {
  const s = check.subjects;
  const flag = s.find((x): x is Extract<Subject, { kind: 'flag' }> => x.kind === 'flag');
  const config = s.find((x): x is Extract<Subject, { kind: 'config' }> => x.kind === 'config');
  const gate = s.find((x): x is Extract<Subject, { kind: 'feature-gate' }> => x.kind === 'feature-gate');
  const plugin = s.find((x): x is Extract<Subject, { kind: 'admission-plugin' }> => x.kind === 'admission-plugin');
  const file = s.find((x): x is Extract<Subject, { kind: 'file' }> => x.kind === 'file');
  const setFlag = (c: Component, name: string, value: string | null) => {
    f.flags = { ...f.flags, [c]: { ...f.flags?.[c], [name]: value } };
    words.push(value === null ? `${c} ${name} removed` : `${c} ${name}=${value}`);
  };
  const setField = (c: Component, path: string, value: string | null) => {
    f.config = { ...f.config, [c]: { ...f.config?.[c], [path]: typed(value) } };
    words.push(value === null ? `${c} config ${path} removed` : `${c} config ${path}: ${value}`);
  };
  if (plugin) {
    const on = resolveSetting(ctx, 'kube-apiserver', { flag: '--enable-admission-plugins' });
    const off = resolveSetting(ctx, 'kube-apiserver', { flag: '--disable-admission-plugins' });
    const enabled = split(on.explicit ? on.value : undefined);
    const disabled = split(off.explicit ? off.value : undefined);
    const [add, drop] = plugin.state === 'enabled' ? [enabled, disabled] : [disabled, enabled];
    const flags =
      plugin.state === 'enabled'
        ? ['--enable-admission-plugins', '--disable-admission-plugins']
        : ['--disable-admission-plugins', '--enable-admission-plugins'];
    setFlag('kube-apiserver', flags[0], [...new Set([...add, plugin.plugin])].join(','));
    if (drop.includes(plugin.plugin)) {
      const rest = drop.filter((x) => x !== plugin.plugin);
      setFlag('kube-apiserver', flags[1], rest.length ? rest.join(',') : null);
    }
    return true;
  }
  if (gate) {
    if (check.op === 'absent') {
      setFlag(gate.component, '--feature-gates', null);
      return true;
    }
    const v = valueFor(check, undefined, 'true');
    if (typeof v !== 'string') return false;
    setFlag(gate.component, '--feature-gates', `${gate.gate}=${v}`);
    return true;
  }
  if (flag || config) {
    const component = (config ?? flag)!.component;
    const current = resolveSetting(ctx, component, {
      ...(flag ? { flag: flag.flag } : {}),
      ...(config ? { field: config.path } : {}),
    });
    const name = flag?.flag ?? config?.path ?? '';
    const type = flag
      ? ctx.release.flags[flag.component as keyof typeof ctx.release.flags]?.find((x) => `--${x.name}` === flag.flag)
          ?.type
      : undefined;
    const v = valueFor(check, current.explicit ? current.value : undefined, anyValue(type, name));
    if (v === undefined) return false;
    // The config file first where the component reads one; the flag would override it, so it goes.
    if (config && configRule(ctx.release, component)) {
      setField(component, config.path, v);
      if (flag && componentView(ctx, component).flags.has(flag.flag.replace(/^--?/, '')))
        setFlag(component, flag.flag, null);
      return true;
    }
    if (flag) {
      setFlag(flag.component, flag.flag, v);
      return true;
    }
    return false;
  }
  if (file) {
    const where = locate(ctx, file.role);
    if (!where.files.length) return false;
    for (const e of where.files) {
      const path = e.path;
      if (file.attribute === 'exists') f.files = { ...f.files, [path]: { exists: check.op !== 'absent' } };
      else if (file.attribute === 'mode' && check.value)
        f.files = { ...f.files, [path]: { ...f.files?.[path], mode: check.value } };
      else if (file.attribute === 'owner' && check.value) {
        const [owner, group] = check.value.split(/[:]/);
        f.files = { ...f.files, [path]: { ...f.files?.[path], owner, ...(group ? { group } : {}) } };
      } else if (file.attribute === 'group' && check.value)
        f.files = { ...f.files, [path]: { ...f.files?.[path], group: check.value } };
      else return false;
    }
    words.push(`${file.role} ${file.attribute} ${check.value ?? (check.op === 'absent' ? 'removed' : '')}`.trim());
    return true;
  }
  return false;
}

/** The node a control asks for, built from `base`; checks no fragment can meet are listed, not guessed. */
export function askedNode(control: Control, base: NodeBundle, release: ReleaseSnapshot): Asked {
  const ctx: EvalContext = { bundle: base, release };
  const f: Fragment = {};
  const changes: string[] = [];
  const unmet: string[] = [];
  // Any one check of an "any" control is enough: the first that a node can meet.
  let met = false;
  for (const k of control.checks) {
    const words: string[] = [];
    const probe: Fragment = structuredClone(f);
    if (addCheck(probe, k, ctx, words)) {
      Object.assign(f, probe);
      changes.push(...words);
      met = true;
      if (control.combine === 'any') break;
    } else unmet.push(k.subjects.map(describe).join(' | '));
  }
  if (control.combine === 'any' && met) unmet.length = 0;
  return { bundle: changes.length ? applyFragment(base, { ...f, expect: 'PASS' }, release) : base, changes, unmet };
}
