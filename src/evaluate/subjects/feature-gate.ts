import { resolveGate } from '../settings.js';
import { settingOutcome } from './setting-outcome.js';
import type { SubjectEvaluator } from './types.js';

export const featureGate: SubjectEvaluator<'feature-gate'> = {
  kind: 'feature-gate',
  evaluate: (ctx, s, check) => settingOutcome(resolveGate(ctx, s.component, s.gate), check),
};
