// Draws the findings audit sample (test/data/finding-audit.yaml): `check --installer kubeadm
// --format json` on each pair, then a mulberry32 generator seeded with SEED picks PER findings
// of each pair without repeats. Prints the draw as YAML stubs for a person to judge.
// Usage: node scripts/draw-finding-audit.js [seed]
import { execFileSync } from 'node:child_process';
import { stringify } from 'yaml';

export const pairs = [
  ['cis-1.12', '1.34'],
  ['cis-1.8', '1.26'],
  ['cis-1.6', '1.19'],
  ['cis-1.24', '1.24'],
  ['cis-1.4', '1.13'],
  ['cis-1.9', '1.28'],
];
const PER = 10;
const seed = Number(process.argv[2] ?? 20261207);

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const out = [];
for (const [benchmark, release] of pairs) {
  const json = execFileSync(
    process.execPath,
    ['bin/benchwright.js', 'check', benchmark, '--release', release, '--installer', 'kubeadm', '--format', 'json'],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const findings = JSON.parse(json).results[0].findings;
  const picked = new Set();
  while (picked.size < Math.min(PER, findings.length)) picked.add(Math.floor(random() * findings.length));
  for (const i of [...picked].sort((a, b) => a - b)) {
    const f = findings[i];
    out.push({
      benchmark,
      release,
      installer: 'kubeadm',
      control: f.controlId,
      rule: f.ruleId,
      category: f.category,
      message: f.message,
    });
  }
}
process.stdout.write(stringify({ seed, findings: out }, { lineWidth: 0 }));
