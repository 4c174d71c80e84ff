// The capture script (POSIX sh, no Node.js) and the capture command, on the same simulated
// nodes, give the same bundle: the same files with the same modes, owners, links and redacted
// copies, the same processes and the same node facts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadBenchmark } from '../src/ingest/load.js';
import { shippedIds } from '../src/ingest/shipped-ids.js';
import { shippedRelease, shippedReleases } from '../src/k8s/load.js';
import type { BuiltFile } from '../src/node/builder.js';
import { toBundle } from '../src/node/builder.js';
import { type NodeBundle, readText } from '../src/node/bundle.js';
import fc from 'fast-check';
import { captureNode } from '../src/node/capture/capture.js';
import { argsFileArguments, configFileOptions } from '../src/node/capture/distros.js';
import { redactArgv, redactText } from '../src/node/capture/redact.js';
import { captureManifest, captureScript } from '../src/node/capture/script.js';
import { watchList } from '../src/node/capture/watch.js';
import { genericNode, kubeadmNode } from '../src/node/kubeadm.js';
import { processesOf } from '../src/node/processes.js';
import { readBundle } from '../src/node/read.js';
import { readTar } from '../src/node/tar.js';
import { writeBundle } from '../src/node/write.js';
import { layDown, marker } from './node-tree.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bw-script-'));
const watch = watchList(shippedIds().map((id) => loadBenchmark(id).benchmark));
const script = captureScript(watch);

/** What a bundle says, without where each piece was read from. */
function view(b: NodeBundle) {
  const files = [...b.entries.values()]
    .map((e) => {
      let text: string | undefined;
      try {
        text = e.read ? readText(e) : undefined;
      } catch {
        text = '(unreadable)';
      }
      return { path: e.path, type: e.type, mode: e.mode, owner: e.owner, group: e.group, target: e.target, text };
    })
    .sort((x, y) => (x.path < y.path ? -1 : 1));
  return {
    node: { name: b.nodeName, release: b.release },
    files,
    processes: (b.processes ?? []).map((p) => ({ command: p.command, environment: p.environment })),
  };
}

function both(tree: { root: string; proc: string }) {
  const dir = tmp();
  const out = join(dir, 'command');
  writeBundle(captureNode({ root: tree.root, proc: tree.proc, watch }).bundle, out);
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  const tar = join(dir, 'bundle.tar');
  execFileSync('sh', [file], {
    env: { PATH: process.env.PATH, ROOT: tree.root, PROC: tree.proc, OUT: tar, TMPDIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  return { command: readBundle(out), script: readBundle(tar), bytes: readFileSync(tar).toString('latin1') };
}

function changed(base: NodeBundle, files: Record<string, BuiltFile | null>, argv?: string[][]): NodeBundle {
  const all = new Map<string, BuiltFile>();
  for (const e of base.entries.values())
    all.set(e.path, {
      type: e.type,
      ...(e.mode ? { mode: e.mode } : {}),
      ...(e.owner ? { owner: e.owner } : {}),
      ...(e.group ? { group: e.group } : {}),
      ...(e.target ? { target: e.target } : {}),
      ...(e.read ? { text: readText(e) } : {}),
    });
  for (const [p, f] of Object.entries(files)) {
    if (f === null) all.delete(p);
    else all.set(p, f);
  }
  const processes = (argv ?? processesOf(base).processes.map((p) => [...p.argv])).map((a) => ({
    argv: a,
    command: a.join(' '),
    source: { file: 'node-bundle.yaml' },
  }));
  return toBundle(all, [], { name: base.name, release: base.release, nodeName: base.nodeName }, processes);
}

describe('node capture-script gives the bundle node capture gives', () => {
  it('on laid-down kubeadm nodes of an old release and the newest shipped one', () => {
    for (const release of ['1.22', shippedReleases().at(-1)!]) {
      const got = both(layDown(kubeadmNode(shippedRelease(release)), tmp()));
      expect(view(got.script)).toEqual(view(got.command));
      expect(got.script.release).toBe(release);
      expect(got.bytes).not.toContain(marker);
    }
  });

  it('on a generic node (flags only) and on a node with a k3s process, drop-ins, a symlinked manifest, a FIFO and secrets in env files', () => {
    expect(view(both(layDown(genericNode(shippedRelease('1.30')), tmp())).script)).toEqual(
      view(both(layDown(genericNode(shippedRelease('1.30')), tmp())).command),
    );
    const ref = kubeadmNode(shippedRelease('1.30'));
    const procs = processesOf(ref).processes;
    const passed = (c: string) =>
      procs
        .find((p) => p.argv[0] === c)!
        .argv.slice(1)
        .map((a) => `--${c}-arg=${a.replace(/^--/, '')}`);
    const apiserver = readText(ref.entries.get('/etc/kubernetes/manifests/kube-apiserver.yaml')!);
    const node = changed(
      ref,
      {
        '/etc/kubernetes/manifests/kube-apiserver.yaml': { type: 'symlink', target: '../../../opt/k8s/apiserver.yaml' },
        '/opt/k8s': { type: 'folder', mode: '750', owner: 'etcd', group: 'root' },
        '/opt/k8s/apiserver.yaml': { type: 'file', mode: '640', owner: 'root', group: 'etcd', text: apiserver },
        '/etc/kubernetes/kubelet.conf.d': { type: 'folder', mode: '755', owner: 'root', group: 'root' },
        '/etc/kubernetes/kubelet.conf.d/20-x.conf': {
          type: 'file',
          mode: '644',
          owner: 'root',
          group: 'root',
          text: `kind: KubeletConfiguration\nreadOnlyPort: 10255\nstaticPodURLHeader: {token: ${marker}9}\n`,
        },
        '/etc/default/kubelet': {
          type: 'file',
          mode: '644',
          owner: 'root',
          group: 'root',
          text: `KUBELET_EXTRA_ARGS="--v=2 --bootstrap-token=${marker}1"\nHTTP_PASSWORD='${marker}2'\nsecret: |\n  ${marker}3\n  more\nafter: "x"\n`,
        },
      },
      [
        ...procs
          .filter((p) => !['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].includes(p.argv[0]))
          .map((p) =>
            p.argv[0].endsWith('kubelet') ? [...p.argv, '--config-dir=/etc/kubernetes/kubelet.conf.d'] : [...p.argv],
          ),
        [
          '/usr/local/bin/k3s',
          'server',
          `--token=${marker}4`,
          '--datastore-endpoint',
          `postgres://k3s:${marker}5@db/k3s`,
          ...passed('kube-apiserver'),
          ...passed('kube-scheduler'),
        ],
      ],
    );
    const got = both(layDown(node, tmp(), { fifos: ['/etc/kubernetes/manifests/kube-scheduler.yaml'] }));
    expect(view(got.script)).toEqual(view(got.command));
    expect(got.bytes).not.toContain(marker);
    expect(view(got.script).processes.map((p) => p.command.split(' ')[0])).toContain('kube-apiserver');
    expect(view(got.script).files.find((f) => f.path === '/etc/kubernetes/kubelet.conf.d/20-x.conf')?.text).toMatch(
      /readOnlyPort: 10255/,
    );
  });

  it('prints a DaemonSet that runs the script with the host mounted read-only and hostPID', () => {
    const docs = parseAllDocuments(captureManifest(script, { image: 'busybox:1.36', namespace: 'kube-system' })).map(
      (d) => d.toJS(),
    );
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'DaemonSet']);
    expect(docs[0].data['capture.sh']).toBe(script.replace(/\n+$/, '\n'));
    const pod = docs[1].spec.template.spec;
    expect(pod.hostPID).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'host')).toMatchObject({
      mountPath: '/host',
      readOnly: true,
    });
  });
});

describe('the script’s awk redaction is the command’s, line for line', () => {
  // The awk programs as the script writes them, run on generated lines built from the pieces
  // real config files, args files, units and env files are made of.
  const program = (name: string) => script.split(`cat >"$WORK/${name}" <<'AWK'\n`)[1].split('\nAWK\n')[0];
  const names = [
    'token',
    'agent-token',
    'client-secret',
    'etcd-s3-secret-key',
    'API_KEY',
    'K3S_TOKEN',
    'profiling',
    'kubelet-client-key',
    'token-auth-file',
    'secrets-encryption',
    'password',
    'x.y_z',
    'client-key-data',
  ];
  const word = fc.oneof(
    fc.constantFrom(...names),
    fc.constantFrom(
      'abc',
      '"q v"',
      "'s'",
      '/etc/k.key',
      'https://u:p@h/x',
      'postgres://k3s:pw@db:5432/k',
      '\\',
      '|',
      '>-',
      '[a, b]',
      '{token: t, n: 1}',
      '#',
      '-',
      '--',
      '',
      'true',
    ),
  );
  const piece = fc.oneof(
    word,
    fc
      .tuple(
        fc.constantFrom('--', '-', "'--", '"--', '- ', '  - ', ''),
        fc.constantFrom(...names),
        fc.constantFrom('=', ': ', ':', ' ', '+: ', "' ", '"="', "='"),
        word,
      )
      .map((t) => t.join('')),
  );
  const line = fc
    .tuple(
      fc.constantFrom('', '  ', '\t', 'export ', 'Environment="', 'ExecStart=/bin/k3s '),
      fc.array(piece, { maxLength: 5 }),
      fc.constantFrom('', ' \\', '"', ',', '\r'),
    )
    .map(([a, b, c]) => a + b.join(' ') + c);
  const texts = fc
    .sample(fc.array(line, { minLength: 1, maxLength: 12 }), { numRuns: 120, seed: 21 })
    .map((l) => l.join('\n'));

  it('on generated config, args and unit files, and on generated command lines', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'redact.awk'), program('redact.awk'));
    writeFileSync(join(dir, 'argv.awk'), program('argv.awk'));
    const env = { PATH: process.env.PATH, LC_ALL: 'C' };
    for (const [i, text] of texts.entries())
      for (const t of [text, `${text}\n`]) {
        // As the script's copyfile says it: whether the file ends with a newline.
        const trail = t.endsWith('\n') ? 1 : 0;
        writeFileSync(join(dir, 'in'), t);
        const awk = execFileSync('awk', ['-v', `trail=${trail}`, '-f', join(dir, 'redact.awk'), join(dir, 'in')], {
          env,
        }).toString('utf8');
        expect(awk, `sample ${i}`).toBe(redactText(t));
      }
    for (const [i, text] of texts.entries()) {
      const argv = ['k3s', ...text.split(/[ \n]+/).filter(Boolean)];
      writeFileSync(join(dir, 'argv'), `${argv.join('\n')}\n`);
      const awk = execFileSync('awk', ['-f', join(dir, 'argv.awk'), join(dir, 'argv')], { env }).toString('utf8');
      expect(awk, `argv ${i}`).toBe(`${redactArgv(argv).join(' ')}\n`);
    }
  });
});

describe('the script reads k3s config files and kubelite args files as the command does', () => {
  const program = (name: string) => script.split(`cat >"$WORK/${name}" <<'AWK'\n`)[1].split('\nAWK\n')[0];
  const key = fc.constantFrom(
    'token',
    'kubelet-arg',
    'kubelet-arg+',
    '"node-label"',
    "'x'",
    'c',
    'kube-apiserver-arg+',
    'a.b_c',
  );
  const value = fc.constantFrom(
    '',
    'v',
    '"a b"',
    '"q\\"x"',
    "'it''s'",
    '[a, "b", c]',
    '[]',
    'x # note',
    '#c',
    'true',
    '0644',
    'p=q',
  );
  const line = fc.oneof(
    fc.tuple(key, fc.constantFrom(':', ': ', ' : ', ':  '), value).map((t) => t.join('')),
    fc.tuple(fc.constantFrom('- ', '  - ', '\t- ', '-'), value).map((t) => t.join('')),
    fc.constantFrom('', '# comment', '  nested: 1', '---', 'bad line', 'key:value'),
  );
  const file = fc
    .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('', '\n', '\r\n'))
    .map(([l, eol]) => l.join(eol || '\n') + eol);
  const cases = fc.sample(fc.array(file, { minLength: 1, maxLength: 3 }), { numRuns: 100, seed: 21 });

  it('config files merged into the same options', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'k3sconf.awk'), program('k3sconf.awk'));
    for (const [i, files] of cases.entries()) {
      const paths = files.map((text, j) => {
        const p = join(dir, `c${i}-${j}.yaml`);
        writeFileSync(p, text);
        return p;
      });
      const awk = execFileSync('awk', ['-f', join(dir, 'k3sconf.awk'), ...paths], {
        env: { PATH: process.env.PATH, LC_ALL: 'C' },
      }).toString('utf8');
      const want = configFileOptions(files);
      expect(awk, `case ${i}`).toBe(want.map((o) => `${o}\n`).join(''));
    }
  });

  it('args files split into the same arguments', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'envexpand.awk'), program('envexpand.awk'));
    writeFileSync(join(dir, 'argsfile.awk'), program('argsfile.awk'));
    writeFileSync(join(dir, 'env'), 'SNAP_DATA=/var/snap/microk8s/7\nEMPTY=\nA=b=c\n');
    const env = { SNAP_DATA: '/var/snap/microk8s/7', EMPTY: '', A: 'b=c' };
    // Written as microk8s writes them: variables as text, for kubelite to expand.
    const word = fc.constantFrom(
      `--x=${'$'}{SNAP_DATA}/a`,
      '$SNAP_DATA',
      `${'$'}{EMPTY}`,
      '$A',
      '$UNSET',
      '"q r"',
      "'s'",
      '#',
      '--y',
      'z',
      `${'$'}{SNAP_DATA`,
      '',
    );
    const texts = fc.sample(
      fc.array(
        fc.array(word, { maxLength: 4 }).map((w) => w.join(fc.sample(fc.constantFrom(' ', '  ', '\t'), 1)[0])),
        { maxLength: 6 },
      ),
      { numRuns: 100, seed: 21 },
    );
    for (const [i, lines] of texts.entries()) {
      const text = `${lines.join('\n')}\n`;
      writeFileSync(join(dir, 'args'), text);
      const awk = execFileSync(
        'awk',
        [
          '-v',
          `envf=${join(dir, 'env')}`,
          '-f',
          join(dir, 'envexpand.awk'),
          '-f',
          join(dir, 'argsfile.awk'),
          join(dir, 'args'),
        ],
        { env: { PATH: process.env.PATH, LC_ALL: 'C' } },
      ).toString('utf8');
      expect(awk, `case ${i}`).toBe(
        argsFileArguments(text, env)
          .map((a) => `${a}\n`)
          .join(''),
      );
    }
  });
});

describe('the bundle tar reader', () => {
  it('reads GNU tar and gzip, and refuses paths that leave the archive, hard links and devices', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'b/etc'), { recursive: true });
    writeFileSync(join(dir, 'b/node-bundle.yaml'), 'apiVersion: benchwright.dev/v1alpha1\nkind: NodeBundle\n');
    writeFileSync(join(dir, 'b/etc/x.conf'), 'a: 1\n');
    execFileSync('ln', [join(dir, 'b/etc/x.conf'), join(dir, 'b/etc/hard.conf')]);
    execFileSync('tar', ['-cf', join(dir, 'ok.tar'), '-C', dir, 'b']);
    execFileSync('tar', ['-czf', join(dir, 'ok.tgz'), '-C', dir, 'b']);
    execFileSync('tar', ['-cPf', join(dir, 'bad.tar'), '-C', dir, 'b/node-bundle.yaml', join(dir, 'b/etc/x.conf')]);
    const ok = readTar(readFileSync(join(dir, 'ok.tar')));
    // One of the two names is the file, the other a hard link to it: refused, never followed.
    expect(ok.members.map((m) => m.path)).toEqual(expect.arrayContaining(['b', 'b/etc', 'b/node-bundle.yaml']));
    expect(ok.members.length).toBe(4);
    expect(ok.refused).toEqual([expect.stringMatching(/\.conf: a hard link, expected/)]);
    expect(readTar(readFileSync(join(dir, 'ok.tgz'))).members.length).toBe(4);
    const bad = readTar(readFileSync(join(dir, 'bad.tar')));
    expect(bad.refused).toEqual([expect.stringMatching(/leaves the archive|absolute/)]);
    const b = readBundle(join(dir, 'ok.tgz'));
    const conf = ['/etc/x.conf', '/etc/hard.conf'].map((p) => b.entries.get(p)).find((e) => e)!;
    expect(readText(conf)).toBe('a: 1\n');
    expect(b.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/a hard link/)]);
  });
});
