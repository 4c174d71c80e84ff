// What Kubernetes' own source says of a gate in one release, from the anchors the corpus keeps
// (see ../extract/source.ts). Each anchor is a development state of master: its VersionedSpecs
// carry the gate's history for every earlier version, so the newest anchor that still defines
// the gate speaks for every release up to its own line. A release past that line, for a gate no
// later anchor has, is one the source is silent on, unless a later anchor no longer defines
// the gate at all: then it was removed by that anchor's line.
import { compareVersions } from '../../model/ids.js';
import { specAt, type SourceAnchor, type SourceGate, type SourceSpec } from '../extract/source.js';

export type SourceState =
  /**
   * The spec in effect, the version its stage began, the anchor it was read from; `provisional`
   * where the release is the anchor's own line (a state before the release was cut: changes
   * merged later in that cycle are missing).
   */
  | {
      readonly kind: 'spec';
      readonly spec: SourceSpec;
      readonly since: string;
      readonly anchor: SourceAnchor;
      readonly provisional: boolean;
    }
  /** An anchor that covers the release defines the gate, with no spec at or before it. */
  | { readonly kind: 'not-yet'; readonly anchor: SourceAnchor }
  /** An older anchor defines the gate, one at or before the release no longer does. */
  | { readonly kind: 'gone'; readonly anchor: SourceAnchor; readonly last: SourceAnchor };

/** Specs that describe behaviour before the gate existed ("1.0, GA" ahead of a Deprecated entry) dropped. */
export function realSpecs(gate: SourceGate): SourceGate {
  const [first, second] = gate.specs;
  if (first && second && first.version === '1.0' && second.stage === 'deprecated')
    return { ...gate, specs: gate.specs.slice(1) };
  return gate;
}

export function sourceState(anchors: readonly SourceAnchor[], name: string, release: string): SourceState | undefined {
  const holders = anchors.filter((a) => a.gates.has(name));
  if (!holders.length) return undefined;
  const newest = holders[holders.length - 1];
  const covering = holders.filter((a) => compareVersions(a.line, release) >= 0);
  if (covering.length) {
    const h = covering[covering.length - 1];
    const gate = realSpecs(h.gates.get(name)!);
    const spec = specAt(gate, release);
    if (!spec) return { kind: 'not-yet', anchor: h };
    // The version the stage began: the first of the run of specs with this stage.
    const i = gate.specs.indexOf(spec);
    let j = i;
    while (j > 0 && gate.specs[j - 1].stage === spec.stage) j--;
    return { kind: 'spec', spec, since: gate.specs[j].version, anchor: h, provisional: h.line === release };
  }
  const gone = anchors.find(
    (a) => compareVersions(a.line, newest.line) > 0 && compareVersions(a.line, release) <= 0 && !a.gates.has(name),
  );
  if (gone) return { kind: 'gone', anchor: gone, last: newest };
  // Past the newest copy that defines the gate, a locked state still holds while the gate exists:
  // Kubernetes never unlocks a gate, it only removes it (StrictCostEnforcementForWebhooks: GA and
  // locked from 1.32 in the 1.32-line copy, removed in 1.35 by PR 134994; locked in 1.33 and 1.34).
  const gate = realSpecs(newest.gates.get(name)!);
  const last = gate.specs[gate.specs.length - 1];
  if (!last?.locked) return undefined;
  let j = gate.specs.length - 1;
  while (j > 0 && gate.specs[j - 1].stage === last.stage) j--;
  return { kind: 'spec', spec: last, since: gate.specs[j].version, anchor: newest, provisional: false };
}
