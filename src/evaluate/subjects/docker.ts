import type { SubjectKind } from '../../model/check.js';
import { subjectLabel } from '../../model/subject.js';
import type { SubjectEvaluator } from './types.js';

/** The subject kinds of the CIS Docker Benchmark: they read Docker Engine, not a Kubernetes node. */
export const dockerKinds = [
  'dockerd-flag',
  'daemon-json',
  'docker-info',
  'container',
  'docker-network',
  'audit-rule',
  'audit-event',
  'environment',
] as const satisfies readonly SubjectKind[];

type DockerKind = (typeof dockerKinds)[number];

// A node bundle describes the kubelet, the control plane and their files; Docker Engine's
// daemon, its containers and the host's audit rules are not in it, so these are reported, not guessed.
function dockerEvaluator<K extends DockerKind>(kind: K): SubjectEvaluator<K> {
  return {
    kind,
    evaluate: (ctx, s) => ({
      observed: 'not in the bundle',
      source: ctx.bundle.name,
      notes: [
        `${subjectLabel(s)} reads Docker Engine or the host's audit rules, which a node bundle does not describe`,
      ],
    }),
  };
}

export const dockerEvaluators: { readonly [K in DockerKind]: SubjectEvaluator<K> } = {
  'dockerd-flag': dockerEvaluator('dockerd-flag'),
  'daemon-json': dockerEvaluator('daemon-json'),
  'docker-info': dockerEvaluator('docker-info'),
  container: dockerEvaluator('container'),
  'docker-network': dockerEvaluator('docker-network'),
  'audit-rule': dockerEvaluator('audit-rule'),
  'audit-event': dockerEvaluator('audit-event'),
  environment: dockerEvaluator('environment'),
};
