// Reading data/docker-on-kubernetes.yaml: the slow path, used when building the rules'
// knowledge (and its prepared JSON); rules get the result through their context.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../io/yaml-lib.js';
import { evidenceOf } from '../k8s/overlay.js';
import type { Evidence } from '../k8s/snapshot.js';
import { dataDir } from '../paths.js';
import type { DockerKnowledge, DockerSetting } from './docker.js';

let cached: DockerKnowledge | undefined;

export function readDockerKnowledge(): DockerKnowledge {
  if (cached) return cached;
  const raw = parse(readFileSync(join(dataDir, 'docker-on-kubernetes.yaml'), 'utf8')) as {
    dockershim: { until: string; statement: string; evidence: string[] };
    daemonTopics: string[];
    settings: Array<Record<string, unknown> & { evidence?: string[]; dockershim?: { evidence?: string[] } }>;
    evidence: Record<string, { kind: Evidence['kind']; url: string }>;
  };
  const named = { evidence: raw.evidence };
  const ev = (xs: readonly string[] | undefined) => (xs ?? []).map((e) => evidenceOf(e, named));
  cached = {
    dockershim: { ...raw.dockershim, evidence: ev(raw.dockershim.evidence) },
    daemonTopics: new Set(raw.daemonTopics),
    settings: raw.settings.map(
      (s) =>
        ({
          ...s,
          evidence: ev(s.evidence),
          ...(s.dockershim ? { dockershim: { ...s.dockershim, evidence: ev(s.dockershim.evidence) } } : {}),
        }) as unknown as DockerSetting,
    ),
  };
  return cached;
}
