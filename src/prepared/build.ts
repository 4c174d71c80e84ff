// What `npm run data` writes to data/prepared/ (see read.ts), from the files in the repository.
import { join } from 'node:path';
import { loadBenchmarkFile } from '../ingest/load.js';
import { Check } from '../model/check.js';
import { shippedIds } from '../ingest/shipped-ids.js';
import { repoRoot } from '../paths.js';
import { readKnowledge } from '../rules/knowledge.js';
import { parsedSource, preparedFile, serializePrepared, sourceBytes } from './read.js';

/** Relative path → file text, for every prepared source. */
export function buildPrepared(root = repoRoot): Map<string, string> {
  const parseYaml = (source: string) => parsedSource<unknown>(source, root);
  const out = new Map<string, string>();
  const add = (source: string, value: unknown): void => {
    out.set(preparedFile(source), serializePrepared(source, sourceBytes(source, root), value));
  };
  for (const id of shippedIds(join(root, 'benchmarks'))) {
    const source = `benchmarks/${id}.yaml`;
    add(source, loadBenchmarkFile(join(root, source)).benchmark);
  }
  add('data/knowledge.yaml', readKnowledge());
  // What the rules' reference nodes and evaluation read on every check.
  add('data/kubeadm-node.yaml', parseYaml('data/kubeadm-node.yaml'));
  add('data/component-config.yaml', parseYaml('data/component-config.yaml'));
  add('data/node-files.yaml', parseYaml('data/node-files.yaml'));
  // Our wording, read by propose, check's markdown and SARIF, and the report.
  add('templates/impact.yaml', parseYaml('templates/impact.yaml'));
  add('templates/guidance.yaml', parseYaml('templates/guidance.yaml'));
  // What importing a kube-bench folder reads for every control: topics and the folders' facts.
  add('data/topics.yaml', parseYaml('data/topics.yaml'));
  add('data/kube-bench-folders.yaml', parseYaml('data/kube-bench-folders.yaml'));
  // Topic checks are validated here, once, so that evaluating a manual control needs no schemas.
  const topics = (parseYaml('data/topic-checks.yaml') as { topics: Record<string, { checks: unknown[] }> }).topics;
  add('data/topic-checks.yaml', {
    topics: Object.fromEntries(
      Object.entries(topics).map(([k, v]) => [k, { checks: v.checks.map((c) => Check.parse(c)) }]),
    ),
  });
  return out;
}
