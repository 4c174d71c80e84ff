// The gates a component's `--feature-gates` help lists. The generated reference pages print the
// binary's own list (`Name=true|false (ALPHA - default=false)`): every alpha and beta gate the
// component registers under the name `--feature-gates` accepts, with its stage and default. GA and
// deprecated gates are left out by the help itself, so a gate missing from it says nothing.
import type { GateStage } from './gates.js';

export interface HelpGate {
  readonly name: string;
  readonly stage: GateStage;
  readonly default: boolean;
}

// `AllAlpha`/`AllBeta` switch a whole stage on; they are not gates of their own.
const umbrella = new Set(['AllAlpha', 'AllBeta']);

export function helpGates(text: string): HelpGate[] {
  const out = new Map<string, HelpGate>();
  // Pages escape the bar in tables (`true\|false`); a component prefix (`kube:`) may lead the name.
  for (const m of text.matchAll(
    /(?<![\w:])(?:[a-z]+:)?([A-Za-z][A-Za-z0-9]*)=true\\?\|false \((ALPHA|BETA|GA|DEPRECATED) - default=(true|false)\)/g,
  )) {
    const [, name, stage, def] = m;
    if (umbrella.has(name) || out.has(name)) continue;
    out.set(name, { name, stage: stage.toLowerCase() as GateStage, default: def === 'true' });
  }
  return [...out.values()];
}
