// A setting's effective value judged against a check: shared by flags, config fields and gates.
import type { Check } from '../../model/check.js';
import { meets } from '../compare.js';
import type { Setting } from '../settings.js';
import type { SubjectOutcome } from './types.js';

export function settingOutcome(setting: Setting, check: Check): SubjectOutcome {
  const notes = [...setting.notes];
  if (setting.state === 'not-running')
    return { observed: 'not running', source: setting.source, notApplicable: true, notes, setting };
  if (setting.state === 'unreadable') return { observed: 'unreadable', source: setting.source, notes, setting };
  const value = setting.state === 'value' ? setting.value : undefined;
  const observed =
    value === undefined
      ? setting.state === 'no-such-setting'
        ? 'no such setting'
        : 'not set'
      : `${value}${setting.explicit ? '' : ' (default)'}`;
  // "Set" and "not set" are about what the node configures, not about the default that then applies.
  const pass =
    check.op === 'absent'
      ? !setting.explicit
      : check.op === 'present'
        ? setting.explicit && value !== undefined && value !== ''
        : meets(check, value, setting.type);
  return { observed, source: setting.source, pass, notes, setting };
}
