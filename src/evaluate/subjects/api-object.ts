import type { SubjectEvaluator } from './types.js';

// Until a subject names the resource kind and field it judges (issue 12), an api-object
// check cannot be decided from the objects: it is reported, never guessed.
export const apiObject: SubjectEvaluator<'api-object'> = {
  kind: 'api-object',
  evaluate: (ctx, s) => {
    const objects = ctx.bundle.objects;
    if (!objects)
      return { observed: 'no API objects', source: ctx.bundle.name, notes: ['the bundle has no API objects'] };
    const kind = s.resource.replace(/s$/, '').toLowerCase();
    const n = objects.filter((o) => o.kind.toLowerCase() === kind).length;
    return {
      observed: `${n} ${s.resource} in the bundle`,
      source: ctx.bundle.name,
      notes: [`which field of ${s.resource} '${s.raw}' judges is not known; the check needs a reviewer`],
    };
  },
};
