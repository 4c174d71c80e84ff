// The subject evaluators, one module per kind: a new kind is a new module and a line here.
import type { SubjectKind } from '../../model/check.js';
import { admissionPlugin } from './admission-plugin.js';
import { apiObject } from './api-object.js';
import { config } from './config.js';
import { dockerEvaluators } from './docker.js';
import { featureGate } from './feature-gate.js';
import { file } from './file.js';
import { flag } from './flag.js';
import { service } from './service.js';
import type { SubjectEvaluator } from './types.js';
import { unknown } from './unknown.js';

export const subjectEvaluators: { readonly [K in SubjectKind]: SubjectEvaluator<K> } = {
  flag,
  config,
  'feature-gate': featureGate,
  'admission-plugin': admissionPlugin,
  file,
  'api-object': apiObject,
  ...dockerEvaluators,
  service,
  unknown,
};

export type { SubjectEvaluator, SubjectOutcome } from './types.js';
