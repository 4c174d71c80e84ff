import type { SubjectEvaluator } from './types.js';

export const unknown: SubjectEvaluator<'unknown'> = {
  kind: 'unknown',
  evaluate: (_ctx, s) => ({
    observed: 'unknown',
    source: '',
    notes: [`what '${s.raw}' reads is not known, so it cannot be evaluated`],
  }),
};
