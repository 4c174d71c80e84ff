// The facts kube-bench's decision for one check depends on (see src/model/scanner.ts),
// read off the check's YAML node. Audit commands become probes; their text is dropped.
import type { KubeBenchControl, KubeBenchItem } from '../../model/scanner.js';
import { bool, get, isMap, text } from '../yaml-nodes.js';
import type { RawItem } from './classify.js';
import { probeOf } from './probes.js';

/** `items` are the check's test items as the importer read them (keys as written). */
export function kubeBenchFacts(
  c: unknown,
  items: readonly RawItem[],
  groupType: string | undefined,
  scored: boolean,
): KubeBenchControl {
  // `manual` and `skip` are the control's automation; another type is kept as written.
  const written = groupType?.trim() === 'skip' ? 'skip' : text(get(c, 'type'));
  const type = written === 'manual' || written === 'skip' ? undefined : written;
  // kube-bench reads a missing `scored` as false; the model infers it from the title.
  const ownScored = bool(get(c, 'scored')) ?? false;
  const tests = get(c, 'tests');
  const testItems = items.map(
    (item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as KubeBenchItem,
  );
  const binOp = text(get(tests, 'bin_op'));
  const audit = probeOf(text(get(c, 'audit')));
  const auditConfig = probeOf(text(get(c, 'audit_config')));
  const auditEnv = probeOf(text(get(c, 'audit_env')));
  return {
    ...(type ? { type } : {}),
    ...(ownScored !== scored ? { scored: ownScored } : {}),
    ...(isMap(tests) ? { tests: { ...(binOp ? { binOp } : {}), items: testItems } } : {}),
    ...(bool(get(c, 'use_multiple_values')) ? { multipleValues: true } : {}),
    ...(audit ? { audit } : {}),
    ...(auditConfig ? { auditConfig } : {}),
    ...(auditEnv ? { auditEnv } : {}),
    ...(bool(get(c, 'disableenvtesting')) ? { disableEnvTesting: true } : {}),
  };
}
