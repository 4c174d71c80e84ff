// What a check reads as one component setting, and a value that meets it: what an operator
// (or an installer configuration) would set to pass, used to build the nodes rules compare.
import type { Check, Component, Subject } from '../../model/check.js';
import { componentConfig, configRule, fieldOfFlag, flagFacts, flagOfField } from '../../evaluate/knowledge.js';
import type { ConfigFileRule, ReleaseSnapshot } from '../../k8s/snapshot.js';

/** One setting of one component: its flag (without dashes) and/or its config field, or a gate or plugin. */
export interface CheckSetting {
  readonly component: Component;
  readonly flag?: string;
  readonly field?: string;
  readonly gate?: string;
  readonly plugin?: { readonly name: string; readonly state: 'enabled' | 'disabled' };
  /** The subjects that name it in the check (the flag, the field, the gate). */
  readonly subjects: readonly Subject[];
}

/** The setting a check reads, when its subjects name one setting of one component. */
export function settingOf(check: Check, release: ReleaseSnapshot): CheckSetting | undefined {
  const flag = check.subjects.find((s) => s.kind === 'flag');
  const field = check.subjects.find((s) => s.kind === 'config');
  const gate = check.subjects.find((s) => s.kind === 'feature-gate');
  const plugin = check.subjects.find((s) => s.kind === 'admission-plugin');
  if (plugin?.kind === 'admission-plugin')
    return {
      component: 'kube-apiserver',
      plugin: { name: plugin.plugin, state: plugin.state },
      subjects: [plugin],
    };
  if (gate?.kind === 'feature-gate') return { component: gate.component, gate: gate.gate, subjects: [gate] };
  if (flag?.kind === 'flag') {
    if (field?.kind === 'config' && field.component !== flag.component) return undefined;
    const name = flag.flag.replace(/^--?/, '');
    const path = field?.kind === 'config' ? field.path : fieldOfFlag(release, flag.component, name);
    return {
      component: flag.component,
      flag: name,
      ...(path ? { field: path } : {}),
      subjects: field ? [flag, field] : [flag],
    };
  }
  if (field?.kind === 'config' && !field.path.includes('Configuration.')) {
    const name = flagOfField(release, field.component, field.path);
    return { component: field.component, field: field.path, ...(name ? { flag: name } : {}), subjects: [field] };
  }
  return undefined;
}

const pathLike = /(file|path|dir|config|authority)$/i;

/** A setting that names a file (`--audit-log-path`, `tlsCertFile`): an operator chooses the path. */
export function isPathSetting(s: CheckSetting): boolean {
  return pathLike.test(s.flag ?? s.field ?? '');
}

/**
 * A value that meets the check: the value it asks for, the bound of a comparison, the other
 * boolean of "is not". For "is set", the flag's default written out, else a path for a
 * file-naming flag. Undefined when no single value follows (regex, absent, does not include).
 */
export function compliantValue(check: Check, s: CheckSetting, release: ReleaseSnapshot): string | undefined {
  const v = check.value;
  switch (check.op) {
    case 'eq':
    case 'gte':
    case 'lte':
    case 'has':
    case 'valid_elements':
      return v;
    case 'gt':
    case 'lt': {
      const n = Number(v);
      return Number.isNaN(n) ? undefined : String(check.op === 'gt' ? n + 1 : n - 1);
    }
    case 'noteq':
      return v === 'true' ? 'false' : v === 'false' ? 'true' : undefined;
    case 'present': {
      // "Is set" on a setting with a default asks for a judgement ("as appropriate"): no value follows.
      const name = s.flag ?? s.field?.split('.').pop()?.toLowerCase();
      if (!name || !isPathSetting(s)) return undefined;
      const def = s.flag ? flagFacts(release, s.component, s.flag).default : undefined;
      if (def !== undefined && def !== '' && def !== '[]') return undefined;
      return `/etc/kubernetes/${name.replace(/^--/, '')}`;
    }
    default:
      return undefined;
  }
}

/**
 * The config-file field a flag stands for, where the component reads a config file in the
 * release and the field is known: the release's own field list, or the reviewed flag → field
 * table (data/component-config.yaml) for kinds whose pages the snapshots lack a field of.
 */
export function configFieldOf(
  release: ReleaseSnapshot,
  component: Component,
  flag: string,
): { field: string; rule: ConfigFileRule } | undefined {
  const rule = configRule(release, component);
  const field = fieldOfFlag(release, component, flag);
  if (!rule || !field) return undefined;
  const listed = release.configs[rule.kind]?.fields.some((f) => f.path === field);
  const reviewed = componentConfig().flagFields;
  return listed || (Object.hasOwn(reviewed, component) && reviewed[component][flag] === field)
    ? { field, rule }
    : undefined;
}
