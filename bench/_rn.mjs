import { readFileSync, readdirSync } from 'node:fs';
import { releaseNoteEvents } from '../dist/k8s/extract/release-notes.js';
const base = '/work/shared/fixtures/kubernetes/release-notes';
for (const v of process.argv.slice(2)) {
  const dir = `${base}/v${v}`;
  const files = readdirSync(dir);
  const t0 = performance.now();
  const ev = releaseNoteEvents(files.map((name) => ({ name, text: readFileSync(`${dir}/${name}`, 'utf8') })));
  console.log(v, ev.length, 'events', (performance.now() - t0).toFixed(0), 'ms');
  for (const e of ev
    .filter((e) => e.kind !== 'flag' || /insecure|basic-auth|repair|kubelet-https|address|port/.test(e.name))
    .slice(0, 400))
    if (e.kind !== 'field') console.log('  ', e.kind, e.component ?? '-', e.name, e.change, e.pr ?? '');
}
