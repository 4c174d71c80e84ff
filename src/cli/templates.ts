// Our wording, read from templates/: the proposal template, who a change affects, what each
// finding category asks for.
import { join } from 'node:path';
import { readInput } from '../io/read.js';
import { InputError } from '../model/problem.js';
import { repoRoot } from '../paths.js';
import { preparedOrParsed } from '../prepared/read.js';
import type { ImpactWording } from '../propose/render.js';
import { parseTemplate, type Template } from '../propose/template.js';
import type { Guidance } from '../render/sarif.js';
import { categories } from '../rules/types.js';

export const templatesDir = join(repoRoot, 'templates');

/** A proposal template; messages name it as `shownAs` (the path as the user wrote it). */
export function readTemplate(path: string, shownAs = path): Template {
  const { template, problems } = parseTemplate(readInput(path, { kind: 'template', shownAs }), shownAs);
  if (!template) throw new InputError(problems);
  return template;
}

/** Our wording as prepared JSON (data/prepared/templates/), else the YAML itself when edited since. */
function wording<T>(name: string): T {
  return preparedOrParsed<T>(`templates/${name}`);
}

export function readImpact(): ImpactWording {
  return wording<ImpactWording>('impact.yaml');
}

/** templates/guidance.yaml: an entry for every category (a test keeps them in step). */
export function readGuidance(): Guidance {
  const g = wording<Guidance>('guidance.yaml');
  const missing = categories.filter((c) => !Object.hasOwn(g, c));
  if (missing.length) throw new Error(`templates/guidance.yaml: no entry for ${missing.join(', ')}`);
  return g;
}
