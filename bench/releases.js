#!/usr/bin/env node
// Release snapshots: building every release of the corpus (extraction, the cross-release
// reconciliation, the overlay) beside the bare baseline of reading and parsing the same files
// (markdown to a tree, YAML, JSON) with no extraction. Run alone or from bench/run.js.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCorpus, corpusReleases } from '../dist/k8s/build.js';
import { parseMarkdown } from '../dist/k8s/extract/markdown.js';
import { corpusDir } from '../dist/paths.js';

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const k8s = join(corpusDir(), 'kubernetes');
const releases = corpusReleases(k8s);
if (!releases.length) {
  console.log(`no corpus at ${k8s}: skipping the snapshot-build measurement`);
} else {
  const filesOf = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)],
    );
  const parts = ['reference', 'config-api', 'feature-gates', 'release-notes', 'kubeadm', 'derived'];
  const inputs = releases
    .flatMap((r) => parts.map((p) => join(k8s, p, `v${r}`)))
    .filter((d) => {
      try {
        return readdirSync(d) && true;
      } catch {
        return false;
      }
    })
    .flatMap(filesOf)
    .concat(filesOf(join(k8s, 'etcd')));
  const baseline = time(() => {
    for (const f of inputs) {
      const text = readFileSync(f, 'utf8');
      if (f.endsWith('.md')) parseMarkdown(text);
      else if (f.endsWith('.yaml')) parse(text);
      else if (f.endsWith('.json')) JSON.parse(text);
    }
  });
  // Best of three: the machine is shared, the minimum is the build's own cost.
  const build = Math.min(...[0, 1, 2].map(() => time(() => buildCorpus(k8s))));
  console.log(
    `build ${releases.length} release snapshots from the corpus (every release extracted, then reconciled): ${build.toFixed(0)} ms; reading and parsing the same ${inputs.length} files ${baseline.toFixed(0)} ms; ratio ${(build / baseline).toFixed(2)}x (target < 20000 ms)`,
  );
}
