// Draw a fact audit from the shipped snapshots: `node scripts/draw-fact-audit.mjs SEED COUNT`.
// Stratified: lifecycle claims (added, deprecated, unlisted, removed, locked, default changed,
// graduated, inert) in 10 of 16 draws, plain facts (flag, gate, plugin) in 6. For each fact it
// finds the corpus line a person then reads (the page heading, the note with the PR, the Go
// source line) and prints YAML; the person judges each one and records errors, which are fixed
// in the extractors, never dropped from the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [seed = '20261207', count = '160'] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const corpus = process.env.BENCHWRIGHT_CORPUS ?? join(root, '..', 'shared', 'fixtures');
const k8s = join(corpus, 'kubernetes');
const releases = readdirSync(join(root, 'data', 'kubernetes'))
  .filter((f) => /^\d+\.\d+\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
const snap = new Map(
  releases.map((r) => [r, JSON.parse(readFileSync(join(root, 'data', 'kubernetes', `${r}.json`), 'utf8'))]),
);

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(Number(seed));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const fileLines = new Map();
const linesOf = (rel) => {
  if (!fileLines.has(rel)) {
    const p = join(k8s, rel);
    fileLines.set(rel, existsSync(p) ? readFileSync(p, 'utf8').split('\n') : []);
  }
  return fileLines.get(rel);
};
/** The first line of `rel` holding every token: `rel:n`. */
function lineWith(rel, tokens) {
  const i = linesOf(rel).findIndex((l) => tokens.every((t) => l.includes(t)));
  return i < 0 ? undefined : `${rel}:${i + 1}`;
}
const flagHeading = (r, c, name) =>
  lineWith(`reference/v${r}/${c}.md`, [`>--${name}`]) ??
  lineWith(`reference/v${r}/${c}.md`, [`--${name}&nbsp;`]) ??
  lineWith(`reference/v${r}/${c}.md`, [`--${name} `]);
function noteLine(r, pr, name) {
  const dir = join(k8s, 'release-notes', `v${r}`);
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.md'))
    .sort()) {
    const rel = `release-notes/v${r}/${f}`;
    const at = lineWith(rel, [`pull/${pr})`, name]);
    if (at) return { source: at, proves: [`pull/${pr})`, name] };
  }
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.md'))
    .sort()) {
    const rel = `release-notes/v${r}/${f}`;
    const at = lineWith(rel, [`pull/${pr})`]);
    if (at) {
      const n = Number(at.split(':').pop());
      const lines = linesOf(rel);
      for (let j = n - 1; j >= Math.max(0, n - 8); j--)
        if (lines[j].includes(name))
          return { source: at, proves: [`pull/${pr})`], also: [{ source: `${rel}:${j + 1}`, proves: [name] }] };
    }
  }
  return undefined;
}
function gateLine(r, g) {
  const src = (g.evidence ?? []).find((e) => e.kind === 'source');
  if (src) {
    const m = src.ref.match(/@(\w+) (\S+):(\d+)$/);
    if (m) return { source: `source/${m[1]}/${m[2]}:${m[3]}`, proves: [`MustParse("${g.since}")`] };
  }
  const per = `feature-gates/v${r}/feature-gates/${g.name}.md`;
  if (linesOf(per).length) return { source: lineWith(per, [`title: ${g.name}`]) ?? `${per}:2`, proves: [g.name] };
  const table = lineWith(`feature-gates/v${r}/feature-gates.md`, [`\`${g.name}\``, `| ${g.since} `]);
  return table ? { source: table, proves: [`\`${g.name}\``] } : undefined;
}

const lifecycle = [
  'added',
  'added',
  'deprecated',
  'deprecated',
  'removed',
  'removed',
  'unlisted',
  'locked',
  'default-changed',
  'graduated',
];
const plain = ['flag', 'flag', 'gate', 'gate', 'plugin', 'flag'];
const facts = [];
const seen = new Set();
let tries = 0;
while (facts.length < Number(count) && tries++ < 200000) {
  const lc = rand() < 10 / 16;
  const kind = lc ? pick(lifecycle) : pick(plain);
  const ri = 1 + Math.floor(rand() * (releases.length - 1));
  const r = releases[ri];
  const s = snap.get(r);
  const before = snap.get(releases[ri - 1]);
  let fact;
  if (kind === 'flag') {
    const c = pick(Object.keys(s.flags));
    const f = pick(s.flags[c].filter((x) => !x.hidden));
    if (!f) continue;
    const at = flagHeading(r, c, f.name);
    if (!at) continue;
    fact = {
      kind: 'flag',
      release: r,
      component: c,
      name: `--${f.name}`,
      expect: {
        exists: true,
        ...(f.type ? { type: f.type } : {}),
        ...(f.default !== undefined ? { default: f.default } : {}),
      },
      source: at,
      proves: [`--${f.name}`],
    };
  } else if (kind === 'gate') {
    const g = pick(s.gates);
    const p = g && gateLine(r, g);
    if (!p) continue;
    fact = {
      kind: 'gate',
      release: r,
      name: g.name,
      expect: { stage: g.stage, default: g.default, locked: g.lockedToDefault === true },
      ...p,
    };
  } else if (kind === 'plugin') {
    const p = pick(s.admission.available);
    const at = lineWith(`reference/v${r}/kube-apiserver.md`, ['list of admission plugins', p]);
    if (!at) continue;
    fact = {
      kind: 'plugin',
      release: r,
      name: p,
      expect: { available: true },
      source: at,
      proves: ['list of admission plugins', p],
    };
  } else if (kind === 'unlisted') {
    const c = pick(Object.keys(s.unlisted ?? {}));
    const u = c && pick(s.unlisted[c]);
    if (!u) continue;
    const at = flagHeading(u.lastListed, c, u.name);
    if (!at) continue;
    fact = {
      kind: 'unlisted',
      release: r,
      component: c,
      name: `--${u.name}`,
      expect: { lastListed: u.lastListed },
      source: at,
      proves: [`--${u.name}`],
      absentFrom: `reference/v${r}/${c}.md`,
    };
  } else if (kind === 'added') {
    const c = pick(Object.keys(s.flags));
    const had = new Set([...before.flags[c].map((f) => f.name), ...(before.unlisted?.[c] ?? []).map((f) => f.name)]);
    const f = pick(s.flags[c].filter((x) => !had.has(x.name) && !x.hidden));
    if (!f) continue;
    const at = flagHeading(r, c, f.name);
    if (!at) continue;
    fact = {
      kind: 'added',
      release: r,
      component: c,
      subject: 'flag',
      name: `--${f.name}`,
      expect: { added: true },
      source: at,
      proves: [`--${f.name}`],
      absentFrom: `reference/v${releases[ri - 1]}/${c}.md`,
    };
  } else {
    const want = kind;
    const evs = s.changes.filter((e) => e.change === want);
    const e = pick(evs);
    if (!e) continue;
    const bare = e.name.replace(/^--/, '');
    const pr = e.evidence.find((x) => x.kind === 'pr');
    let p;
    if (pr) p = noteLine(r, pr.ref.split('#')[1], e.kind === 'flag' ? bare : e.name);
    else {
      const src = e.evidence.find((x) => x.kind === 'source' && /:\d+$/.test(x.ref));
      if (src) {
        const m = src.ref.match(/@(\w+) (\S+):(\d+)$/);
        p = { source: `source/${m[1]}/${m[2]}:${m[3]}`, proves: ['LockToDefault: true'] };
      }
    }
    if (!p && e.kind === 'gate') {
      const g = s.gates.find((x) => x.name === e.name);
      p = g && gateLine(r, g);
    }
    if (!p) continue;
    fact = {
      kind: 'change',
      release: r,
      ...(e.component ? { component: e.component } : {}),
      subject: e.kind,
      name: e.name,
      expect: { change: e.change, ...(e.to && e.change === 'graduated' ? { to: e.to } : {}) },
      ...p,
    };
  }
  const key = `${fact.kind}:${fact.release}:${fact.component ?? ''}:${fact.name}:${JSON.stringify(fact.expect)}`;
  if (seen.has(key)) continue;
  seen.add(key);
  facts.push({ id: facts.length + 1, ...fact });
}

const q = (v) =>
  typeof v === 'string' && !/^[\w./-]+$/.test(v)
    ? JSON.stringify(v)
    : typeof v === 'string' && /^\d+\.\d+$/.test(v)
      ? `"${v}"`
      : String(v);
const out = [`seed: ${seed}`, 'facts:'];
for (const f of facts) {
  out.push(`  - id: ${f.id}`, `    kind: ${f.kind}`, `    release: "${f.release}"`);
  if (f.component) out.push(`    component: ${f.component}`);
  if (f.subject) out.push(`    subject: ${f.subject}`);
  out.push(`    name: ${q(f.name)}`, '    expect:');
  for (const [k, v] of Object.entries(f.expect)) out.push(`      ${k}: ${q(v)}`);
  out.push(`    source: ${f.source}`, '    proves:', ...f.proves.map((p) => `      - ${JSON.stringify(p)}`));
  if (f.absentFrom) out.push(`    absentFrom: ${f.absentFrom}`);
  if (f.also) {
    out.push('    also:');
    for (const a of f.also)
      out.push(
        `      - source: ${a.source}`,
        '        proves:',
        ...a.proves.map((p) => `          - ${JSON.stringify(p)}`),
      );
  }
}
process.stdout.write(`${out.join('\n')}\n`);
