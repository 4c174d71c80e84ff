#!/usr/bin/env node
// Issue 23: a fuzz run of the command line from outside, as a user meets it: one cold process a
// case, every command, hostile values, files and output targets, standard output to a full device,
// a closed pipe or a pipe, as root and as an unprivileged user. It counts what must never happen:
// exit 70, a stack trace without --debug, a run past 20 s, a write outside the named output (a
// changed or new path in the case's folder, a temporary file left behind), and prints the cases.
//
//   node bench/fuzz-cli.js [--cases N] [--seed S] [--users root,nobody] [--jobs J] [--json FILE]
//
// Deterministic for a seed. Needs `npm run build` and the fixtures at ../shared (or BENCHWRIGHT_CORPUS).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'benchwright.js');
const corpus = process.env.BENCHWRIGHT_CORPUS ?? join(root, '..', 'shared', 'fixtures');
const cfg = join(corpus, 'kube-bench', 'cfg');
const dockerCfg = join(corpus, 'docker-bench', 'cfg');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const total = Number(arg('--cases', '2500'));
const seed = Number(arg('--seed', '23'));
const users = arg('--users', 'root,nobody').split(',');
const jobs = Number(arg('--jobs', '2'));
const jsonOut = arg('--json', undefined);
const hangMs = 20_000;

// mulberry32: a small seeded generator, so a failing case can be run again.
function prng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nobody = (() => {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'nobody']).toString()),
      gid: Number(execFileSync('id', ['-g', 'nobody']).toString()),
    };
  } catch {
    return undefined;
  }
})();

const benchmarks = ['cis-1.4', 'cis-1.9', 'cis-1.12', 'cis-1.0', 'docker-cis-1.6.0'];
const folders = existsSync(cfg)
  ? readdirSync(cfg).filter((n) => n !== 'config.yaml' && existsSync(join(cfg, n, 'node.yaml')))
  : [];
const hostileValues = [
  '',
  '-',
  '--',
  '--help',
  '__proto__',
  'constructor',
  'toString',
  '1.1.1',
  '9.9.9',
  '1.30',
  '0.0',
  '99.99',
  '1.1e3',
  'cis-1.',
  'x'.repeat(100_000),
  '*'.repeat(5_000),
  `${'*'.repeat(40)}x`,
  '(a+)+$',
  '[',
  '\\',
  'a b',
  "it's",
  '"q"',
  '$(touch pwned)',
  '`touch pwned`',
  '; touch pwned #',
  '../../etc/passwd',
  '/proc/self/mem',
  '/dev/full',
  '‮evil',
  '\u0007\u001b[31mred',
  'ü',
  '\ufeffcis-1.4',
  '%s%n',
  'null',
  '-1',
  'NaN',
];
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

/** Mutations of a text: each a way real inputs go wrong or get hostile. */
const mutations = [
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 40));
  },
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return (
      t.slice(0, i) + pick(r, [':', '-', '"', "'", '&a', '*a', '!!binary', '{', '[', '\t', '\n  ', '%']) + t.slice(i)
    );
  },
  (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
    return lines.join('\n');
  },
  (t) => t.replace(/op: (eq|has|gte|lte)/, 'op: regex\n                value: "^(a+)+$"'),
  (t) => t.replace(/audit: .*$/m, 'audit: "cat /etc/x; touch /tmp/bw-fuzz-pwned #"'),
  (t) => `${t}\nbomb: [${Array(3000).fill('*a').join(',')}]\nz: &a 1\n`,
  (t) => `a: &a [${Array(30).fill('x').join(',')}]\n${t}`,
  (t) => t.replace(/flag: "([^"]+)"/, `flag: "${'*'.repeat(2000)}"`),
  (t) => t.replace(/^groups:/m, 'controls:\n  groups:'),
  (t) => t.replace(/id: [\d.]+/, `id: ${'1.'.repeat(2000)}1`),
  (t) => `\ufeff${t}`,
  (t) => t.replace(/\n/g, '\r\n'),
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  (t) => `${'- '.repeat(20_000)}x\n${t}`,
];
const mutate = (t, r) => {
  let s = t;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) s = pick(r, mutations)(s, r);
  return s;
};

/** Hostile things in place of a file. */
function placeHostile(path, kind, ws) {
  rmSync(path, { recursive: true, force: true });
  switch (kind) {
    case 'fifo':
      execFileSync('mkfifo', [path]);
      break;
    case 'dev-zero':
      symlinkSync('/dev/zero', path);
      break;
    case 'loop':
      symlinkSync(path, path);
      break;
    case 'dangling':
      symlinkSync(join(ws, 'nowhere'), path);
      break;
    case 'folder':
      mkdirSync(path);
      break;
    case 'unreadable':
      writeFileSync(path, 'id: x\n');
      chmodSync(path, 0);
      break;
    case 'huge':
      writeFileSync(path, '');
      truncateSync(path, 64 * 1024 * 1024);
      break;
    default:
      writeFileSync(path, Buffer.from([0, 0xff, 0xfe, 0x0a, 0x3a]));
  }
}
const hostileKinds = ['fifo', 'dev-zero', 'loop', 'dangling', 'folder', 'unreadable', 'huge', 'binary'];

/** A folder only root may write in. */
function readOnly(ws) {
  mkdirSync(join(ws, 'ro'));
  chmodSync(join(ws, 'ro'), 0o555);
}

/** Output targets: a name, and how to prepare the folder for it. */
const outputs = [
  ['out', () => {}],
  ['out/deep/er', () => {}],
  ['ro/out', readOnly],
  ['ro/a/b', readOnly],
  ['file', (ws) => writeFileSync(join(ws, 'file'), 'hand edit\n')],
  ['file/sub', (ws) => writeFileSync(join(ws, 'file'), 'hand edit\n')],
  ['fifo', (ws) => execFileSync('mkfifo', [join(ws, 'fifo')])],
  ['/proc/bw-fuzz', () => {}],
  ['/sys/bw-fuzz/x', () => {}],
  ['/dev/full', () => {}],
  ['loop', (ws) => symlinkSync(join(ws, 'loop'), join(ws, 'loop'))],
  ['n'.repeat(300), () => {}],
  ['a b;c', () => {}],
];

/** One case: its arguments, and what it prepares in its folder. */
function makeCase(r, i) {
  const prep = [];
  // What a case prepares draws from its own generator, so the plan is the same whatever runs first.
  // Reset before each run: root and the other user get the same files.
  const localSeed = Math.floor(r() * 2 ** 32);
  let localNext = prng(localSeed);
  const local = () => localNext();
  prep.push(() => {
    localNext = prng(localSeed);
  });
  const value = () => pick(r, hostileValues);
  const bench = () => (r() < 0.8 ? pick(r, benchmarks) : value());
  const release = () => (r() < 0.8 ? pick(r, ['1.13', '1.24', '1.30', '1.34']) : value());
  const out = () => {
    const [o, p] = pick(r, outputs);
    prep.push(p);
    return o;
  };
  const kubeBenchCopy = (mutated) => {
    const name = pick(r, folders);
    const file = r();
    prep.push((ws) => {
      mkdirSync(join(ws, 'cfg'), { recursive: true });
      cpSync(join(cfg, 'config.yaml'), join(ws, 'cfg', 'config.yaml'));
      cpSync(join(cfg, name), join(ws, 'cfg', name), { recursive: true });
      if (mutated) {
        const files = readdirSync(join(ws, 'cfg', name)).filter((f) => f.endsWith('.yaml'));
        const f = join(ws, 'cfg', name, files[Math.floor(file * files.length)]);
        writeFileSync(f, mutate(readFileSync(f, 'utf8'), local));
      }
    });
    return `cfg/${name}`;
  };
  const ourYaml = () => {
    const b = pick(r, ['cis-1.4', 'cis-1.12']);
    prep.push((ws) =>
      writeFileSync(join(ws, 'b.yaml'), mutate(readFileSync(join(root, 'benchmarks', `${b}.yaml`), 'utf8'), local)),
    );
    return 'b.yaml';
  };
  const hostileFile = (name) => {
    const kind = pick(r, hostileKinds);
    prep.push((ws) => placeHostile(join(ws, name), kind, ws));
    return name;
  };
  const allowList = () => {
    const v = value();
    const plain = r() < 0.5;
    prep.push((ws) =>
      writeFileSync(
        join(ws, 'allow.yaml'),
        plain
          ? `- name: "${v.replace(/["\\\n]/g, '')}"\n  namespace: "*"\n`
          : mutate('- name: kube-*\n  namespace: kube-system\n', local),
      ),
    );
    return 'allow.yaml';
  };
  const fmt = () => pick(r, ['text', 'json', 'markdown', 'sarif', value()]);
  const forms = [
    () => ['list', ...(r() < 0.5 ? ['--format', fmt()] : [])],
    () => ['show', bench(), ...(r() < 0.5 ? ['--control', value()] : []), '--format', fmt()],
    () => ['show', r() < 0.5 ? kubeBenchCopy(true) : ourYaml()],
    () => ['validate', r() < 0.5 ? ourYaml() : hostileFile('v.yaml')],
    () => ['check', bench(), '--release', release(), '--installer', pick(r, ['kubeadm', value()])],
    () => [
      'check',
      'cis-1.12',
      '--installer',
      'kubeadm',
      '--allow-list',
      r() < 0.8 ? allowList() : hostileFile('allow.yaml'),
    ],
    () => ['matrix', '--benchmarks', bench(), '--releases', release()],
    () => ['diff', bench(), bench()],
    () => ['lineage', `${bench()}:${value()}`],
    () => ['lineage', 'cis-1.4:1.1.1', '--out', out()],
    () => ['propose', bench(), '--release', release(), '--out', out()],
    () => ['report', '--out', out(), '--benchmarks', 'cis-1.9', '--releases', '1.30'],
    () => ['evaluate', bench(), '--node', r() < 0.7 ? `kubeadm@${release()}` : hostileFile('node'), '--format', fmt()],
    () => [
      'evaluate',
      r() < 0.6 ? kubeBenchCopy(true) : ourYaml(),
      '--node',
      'kubeadm@1.30',
      '--semantics',
      'kube-bench',
    ],
    () => ['evaluate', 'cis-1.12', '--node', 'generic@1.30', '--control', value()],
    () => ['test', bench(), ...(r() < 0.5 ? ['--release', release()] : [])],
    () => ['draft', bench(), '--release', release(), '--out', `${out()}.yaml`],
    () => ['review', 'cis-1.8', bench(), '--out', out()],
    () => ['export', 'kube-bench', r() < 0.5 ? bench() : kubeBenchCopy(r() < 0.5), '--out', out()],
    () => ['export', 'kube-bench', ourYaml(), '--out', out()],
    () => ['import', 'kube-bench', kubeBenchCopy(r() < 0.8), '--quiet', ...(r() < 0.5 ? ['--out-dir', out()] : [])],
    () => ['import', 'kube-bench', hostileFile('cfg-h')],
    () => [
      'import',
      'docker-bench',
      existsSync(dockerCfg) ? join(dockerCfg, pick(r, readdirSync(dockerCfg))) : value(),
    ],
    () => [
      'node',
      pick(r, ['generic', 'kubeadm', value()]),
      '--release',
      release(),
      '--out',
      out(),
      ...(r() < 0.5 ? ['--force'] : []),
    ],
    () => ['releases', pick(r, ['list', 'show', 'diff']), release(), ...(r() < 0.5 ? [release()] : [])],
    () => ['releases', 'show', '1.30', pick(r, ['--flag', '--gate', '--component', '--field']), value()],
    () => ['completion', pick(r, ['bash', 'zsh', 'fish', value()])],
    () => [value(), value()],
  ];
  const args = pick(r, forms)();
  // The path named as output: writes below it are allowed.
  const o = args.findIndex((a) => a === '--out' || a === '--out-dir');
  const allowed = o >= 0 ? args[o + 1] : undefined;
  return {
    i,
    args,
    allowed,
    prep,
    stdout: pick(r, ['pipe', 'full', 'closed']),
    stderr: r() < 0.8 ? 'pipe' : 'full',
  };
}

/** Every path under dir with a digest of what it is, for comparing before and after. */
function listing(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      // The kind of thing, not its mode: the run ends with a chmod to clean up.
      let what = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : 'o';
      // Whatever its mode (the harness runs as root; the run ends with a chmod): its content.
      if (st.isFile() && st.size < 8 * 1024 * 1024) {
        try {
          what += createHash('sha1').update(readFileSync(p)).digest('hex');
        } catch {
          what += `size ${st.size}`;
        }
      } else if (st.isFile()) what += `size ${st.size}`;
      out.set(relative(dir, p), what);
      if (st.isDirectory() && !st.isSymbolicLink()) {
        try {
          walk(p);
        } catch {
          // An unreadable folder the case made: its name is enough.
        }
      }
    }
  };
  walk(dir);
  return out;
}

const isAllowed = (rel, allowed) => {
  if (allowed === undefined) return false;
  const a = allowed.replace(/^\.\//, '').replace(/\/+$/, '');
  const top = a.split('/')[0];
  return rel === a || rel.startsWith(`${a}/`) || rel === top || rel.startsWith(`${top}/`);
};

function runOne(c, user) {
  const ws = mkdtempSync('/tmp/bw-fuzzcli-');
  mkdirSync(join(ws, 'tmp'));
  mkdirSync(join(ws, 'home'));
  for (const p of c.prep) p(ws);
  if (user === 'nobody') execFileSync('chown', ['-R', '--no-dereference', `${nobody.uid}:${nobody.gid}`, ws]);
  const before = listing(ws);
  return new Promise((done) => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [bin, ...c.args], {
      cwd: ws,
      env: {
        PATH: process.env.PATH,
        HOME: join(ws, 'home'),
        TMPDIR: join(ws, 'tmp'),
        BENCHWRIGHT_CORPUS: process.env.BENCHWRIGHT_CORPUS,
      },
      stdio: ['ignore', c.stdout === 'full' ? full : 'pipe', c.stderr === 'full' ? full : 'pipe'],
      ...(user === 'nobody' ? { uid: nobody.uid, gid: nobody.gid } : {}),
    });
    closeSync(full);
    if (c.stdout === 'closed') child.stdout.destroy();
    else child.stdout?.resume();
    let stderr = '';
    child.stderr?.on('data', (d) => {
      if (stderr.length < 100_000) stderr += d.toString();
    });
    let hung = false;
    const started = Date.now();
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, hangMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      let writes = [];
      try {
        execFileSync('chmod', ['-R', 'u+rwx', ws], { stdio: 'ignore' });
      } catch {
        // Nothing made unreadable.
      }
      try {
        const after = listing(ws);
        for (const [p, w] of after) if (before.get(p) !== w && !isAllowed(p, c.allowed)) writes.push(p);
        for (const p of before.keys()) if (!after.has(p) && !isAllowed(p, c.allowed)) writes.push(`-${p}`);
        // The temporary folder is ours to use, not to leave things in.
        writes = writes.filter((p) => p !== 'tmp');
      } catch (e) {
        writes.push(`(listing failed: ${e.message})`);
      }
      rmSync(ws, { recursive: true, force: true });
      done({ code: code ?? -1, signal, stderr, hung, ms, writes });
    });
  });
}

const trace = /^\s+at .+:\d+:\d+\)?$/m;
const figures = { cases: 0, byUser: {}, exit70: 0, traces: 0, hangs: 0, writes: 0, signals: 0, exits: {} };
const bad = [];
const r = prng(seed);
const plan = [];
for (let i = 0; i < total; i++) {
  const c = makeCase(r, i);
  for (const u of users) if (u === 'root' || nobody) plan.push({ c, u });
}

let next = 0;
async function worker() {
  while (next < plan.length) {
    const { c, u } = plan[next++];
    const o = await runOne(c, u);
    figures.cases++;
    figures.byUser[u] = (figures.byUser[u] ?? 0) + 1;
    figures.exits[o.code] = (figures.exits[o.code] ?? 0) + 1;
    const problems = [];
    if (o.code === 70) problems.push('exit 70');
    if (trace.test(o.stderr) || /internal error/.test(o.stderr)) problems.push('stack trace or internal error');
    if (o.hung) problems.push('hang');
    if (o.signal && !o.hung) problems.push(`signal ${o.signal}`);
    if (o.writes.length) problems.push(`writes outside the output: ${o.writes.slice(0, 5).join(', ')}`);
    if (o.code === 70) figures.exit70++;
    if (problems.includes('stack trace or internal error')) figures.traces++;
    if (o.hung) figures.hangs++;
    if (o.signal && !o.hung) figures.signals++;
    if (o.writes.length) figures.writes++;
    if (problems.length) {
      const shown = c.args.map((a) => (a.length > 60 ? `${a.slice(0, 20)}…(${a.length})` : a));
      bad.push({
        case: c.i,
        user: u,
        args: shown,
        stdout: c.stdout,
        stderr: c.stderr,
        problems,
        code: o.code,
        err: o.stderr.slice(0, 600),
      });
      // As found, so a run cut short still says what it saw.
      process.stderr.write(`problem: ${JSON.stringify(bad[bad.length - 1])}\n`);
    }
    if (figures.cases % 100 === 0)
      process.stderr.write(
        `${figures.cases}/${plan.length} cases: exit 70 ${figures.exit70}, traces ${figures.traces}, hangs ${figures.hangs}, writes ${figures.writes}; exits ${JSON.stringify(figures.exits)}\n`,
      );
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
console.log(
  `fuzz-cli (seed ${seed}): ${figures.cases} cases (${Object.entries(figures.byUser)
    .map(([u, n]) => `${u} ${n}`)
    .join(
      ', ',
    )}): exit 70 ${figures.exit70}, stack traces ${figures.traces}, hangs (>20 s) ${figures.hangs}, other signals ${figures.signals}, writes outside the output ${figures.writes}; exits ${JSON.stringify(figures.exits)}`,
);
for (const b of bad.slice(0, 40)) console.log(JSON.stringify(b));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ seed, figures, bad }, null, 2));
process.exitCode = bad.length ? 1 : 0;
