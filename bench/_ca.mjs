import { readFileSync, readdirSync } from 'node:fs';
import { fieldsFromConfigApi } from '../dist/k8s/extract/config-api.js';
import { fieldsFromDerived } from '../dist/k8s/extract/fields.js';
const [v, filter] = process.argv.slice(2);
const dir = `/work/shared/fixtures/kubernetes/config-api/v${v}`;
for (const f of readdirSync(dir).sort()) {
  const r = fieldsFromConfigApi(readFileSync(`${dir}/${f}`, 'utf8'));
  console.log(f, r.apiVersion, r.kinds.map((k) => `${k.kind}(${k.fields.length})`).join(' '));
  if (filter)
    for (const k of r.kinds.filter((k) => k.kind === filter))
      for (const x of k.fields) console.log('   ', x.path, x.type, x.default ?? '', x.deprecated ? 'DEP' : '');
}
const der = fieldsFromDerived(
  readFileSync(`/work/shared/fixtures/kubernetes/derived/v${v}/kubelet-config-fields.yaml`, 'utf8'),
).find((k) => k.kind === 'KubeletConfiguration');
const page = fieldsFromConfigApi(readFileSync(`${dir}/kubelet-config.v1beta1.md`, 'utf8')).kinds.find(
  (k) => k.kind === 'KubeletConfiguration',
);
const a = new Set(der.fields.map((f) => f.path)),
  b = new Set(page.fields.map((f) => f.path));
console.log(
  'kubelet derived',
  a.size,
  'page',
  b.size,
  'only derived',
  [...a].filter((x) => !b.has(x)).slice(0, 10),
  'only page',
  [...b].filter((x) => !a.has(x)).slice(0, 10),
);
const dd = new Map(der.fields.map((f) => [f.path, f.default]));
let diff = 0;
for (const f of page.fields)
  if (dd.get(f.path) !== f.default) {
    if (diff++ < 8) console.log('  default', f.path, JSON.stringify(dd.get(f.path)), JSON.stringify(f.default));
  }
console.log('default diffs', diff);
