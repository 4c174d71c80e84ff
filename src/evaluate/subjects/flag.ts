import { resolveSetting } from '../settings.js';
import { settingOutcome } from './setting-outcome.js';
import type { SubjectEvaluator } from './types.js';

export const flag: SubjectEvaluator<'flag'> = {
  kind: 'flag',
  evaluate: (ctx, s, check) => settingOutcome(resolveSetting(ctx, s.component, { flag: s.flag }), check),
};
