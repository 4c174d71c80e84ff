import { subjectLabel } from '../../model/subject.js';
import type { SubjectEvaluator } from './types.js';

// A node bundle records processes and files, not the state of the host's service manager, so
// a check of a systemd unit (is sshd running) is reported as not in the bundle, never guessed.
export const service: SubjectEvaluator<'service'> = {
  kind: 'service',
  evaluate: (ctx, s) => ({
    observed: 'not in the bundle',
    source: ctx.bundle.name,
    notes: [`${subjectLabel(s)} reads the host's service manager (systemctl), which a node bundle does not describe`],
  }),
};
