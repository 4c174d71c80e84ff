import { boundedValue } from '../../io/yaml.js';
import { lookup, readText } from '../../node/bundle.js';
import { meets } from '../compare.js';
import { apiServerFileFlag } from '../knowledge.js';
import { resolveGate, resolveSetting } from '../settings.js';
import { settingOutcome } from './setting-outcome.js';
import type { SubjectEvaluator, SubjectOutcome } from './types.js';

export const config: SubjectEvaluator<'config'> = {
  kind: 'config',
  evaluate: (ctx, s, check) => {
    // `EncryptionConfiguration.resources.providers`: a field of a file the API server's flag names.
    const kind = s.path.split('.')[0];
    const fileFlag = s.component === 'kube-apiserver' ? apiServerFileFlag(kind) : undefined;
    if (fileFlag) {
      const named = resolveSetting(ctx, 'kube-apiserver', { flag: fileFlag });
      if (named.state !== 'value' || !named.value)
        return settingOutcome(named, { ...check, op: check.op === 'absent' ? 'absent' : 'present' });
      return fileField(ctx, named.value, named.source, kind, s.path.slice(kind.length + 1), check);
    }
    // featureGates.X in a config file is the gate X, merged with the command line.
    const gate = s.path.match(/^featureGates\.([A-Za-z0-9]+)$/)?.[1];
    if (gate) return settingOutcome(resolveGate(ctx, s.component, gate), check);
    return settingOutcome(resolveSetting(ctx, s.component, { field: s.path }), check);
  },
};

function fileField(
  ctx: Parameters<SubjectEvaluator['evaluate']>[0],
  path: string,
  flagSource: string,
  kind: string,
  field: string,
  check: Parameters<SubjectEvaluator['evaluate']>[2],
): SubjectOutcome {
  const e = lookup(ctx.bundle, path);
  if (!e?.read)
    return {
      observed: 'file not in the bundle',
      source: flagSource,
      notes: [`${path} (named at ${flagSource}) is not in the bundle`],
    };
  let data: unknown;
  try {
    data = boundedValue(readText(e), e.shownAs);
  } catch (err) {
    return {
      observed: 'unreadable',
      source: e.shownAs,
      notes: [`${e.shownAs}: ${(err as Error).message.split('\n')[0]}`],
    };
  }
  let values = walk(data, field.split('.'));
  const notes: string[] = [];
  if (kind === 'EncryptionConfiguration' && field === 'resources.providers') {
    // The first provider of the entry for secrets encrypts what is written; the rest only read.
    const resources = (data as { resources?: Array<{ resources?: string[]; providers?: unknown[] }> })?.resources ?? [];
    const forSecrets =
      resources.find((r) => r.resources?.some((x) => x === 'secrets' || x === '*.*' || x === '*.')) ?? resources[0];
    const first = forSecrets?.providers?.[0];
    values = first && typeof first === 'object' ? Object.keys(first as object).slice(0, 1) : [];
    notes.push('the first provider listed for secrets is the one that encrypts');
  }
  const value = values.length ? values.join(',') : undefined;
  const pass = check.op === 'absent' ? value === undefined : value !== undefined && meets(check, value);
  return { observed: value ?? 'not set', source: e.shownAs, pass, notes };
}

/** Values at a dotted path, mapping over lists; a list of one-key maps gives the keys (providers). */
function walk(data: unknown, parts: string[]): string[] {
  if (data === undefined || data === null) return [];
  if (Array.isArray(data)) return data.flatMap((x) => walk(x, parts));
  if (!parts.length) {
    if (typeof data === 'object') return Object.keys(data as object);
    return [String(data)];
  }
  if (typeof data !== 'object') return [];
  const [head, ...rest] = parts;
  return walk((data as Record<string, unknown>)[head], rest);
}
