// Our wording, read from templates/: the proposal template, who a change affects, what each
// finding category asks for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../io/yaml-lib.js';
import { readInput } from '../io/read.js';
import { InputError } from '../model/problem.js';
import { repoRoot } from '../paths.js';
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

export function readImpact(): ImpactWording {
  return parse(readFileSync(join(templatesDir, 'impact.yaml'), 'utf8')) as ImpactWording;
}

/** templates/guidance.yaml: an entry for every category (a test keeps them in step). */
export function readGuidance(): Guidance {
  const g = parse(readFileSync(join(templatesDir, 'guidance.yaml'), 'utf8')) as Guidance;
  const missing = categories.filter((c) => !Object.hasOwn(g, c));
  if (missing.length) throw new Error(`templates/guidance.yaml: no entry for ${missing.join(', ')}`);
  return g;
}
