// Secrets planted everywhere a real node keeps them: none of their bytes may reach the bundle,
// while the structure a control reads (EncryptionConfiguration providers, kubeconfig servers)
// stays.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRelease } from '../src/k8s/load.js';
import { lookup, readText } from '../src/node/bundle.js';
import { redactArgv, redactObject, redactText } from '../src/node/capture/redact.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { processesOf } from '../src/node/processes.js';
import { readBundle } from '../src/node/read.js';
import { run } from './helpers.js';
import { allBytes, layDown, marker } from './node-tree.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bw-redact-'));
const s = (n: string) => `${marker}x${n}`;

function put(root: string, path: string, text: string, mode = 0o600): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
  chmodSync(join(root, path), mode);
}

/** A kubeadm node with credentials in every place a node keeps them, and a kubectl that prints Secrets. */
function plantedNode() {
  const ref = kubeadmNode(shippedRelease('1.31'));
  const dir = tmp();
  const procs = processesOf(ref).processes.map((p) => {
    if (p.argv[0] === 'kube-apiserver')
      return {
        argv: [
          ...p.argv,
          '--encryption-provider-config=/etc/kubernetes/enc/enc.yaml',
          '--token-auth-file=/etc/kubernetes/tokens.csv',
          '--admission-control-config-file=/etc/kubernetes/admission.yaml',
          `--oidc-client-secret=${s('oidc')}`,
          '--audit-policy-file=/etc/kubernetes/audit.yaml',
        ],
      };
    if (p.argv[0] === 'etcd')
      return { argv: p.argv, environment: { ETCD_CLIENT_CERT_AUTH: 'true', ETCD_PEER_PASSWORD: s('etcdenv') } };
    if (p.argv[0].endsWith('kubelet'))
      return {
        argv: [
          ...p.argv.filter((a) => !a.startsWith('--bootstrap-kubeconfig')),
          '--bootstrap-token',
          s('bootstrap'),
          '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
          '--tracing-config-file=/etc/kubernetes/kubeadm-init.yaml',
        ],
      };
    return { argv: p.argv };
  });
  const tree = layDown(ref, dir, { processes: procs });
  put(
    tree.root,
    'etc/kubernetes/enc/enc.yaml',
    [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: EncryptionConfiguration',
      'resources:',
      '  - resources:',
      '      - secrets',
      '    providers:',
      '      - aescbc:',
      '          keys:',
      '            - name: key1',
      `              secret: ${s('aescbc')}`,
      `            - {name: key2, secret: "${s('flow')}"}`,
      '      - secretbox:',
      '          keys:',
      '            - name: key3',
      '              secret: |',
      `                ${s('block1')}`,
      `                ${s('block2')}`,
      '      - identity: {}',
      '',
    ].join('\n'),
  );
  put(tree.root, 'etc/kubernetes/tokens.csv', `${s('csv')},admin,1,"system:masters"\n`);
  put(
    tree.root,
    'etc/kubernetes/admission.yaml',
    'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: ImagePolicyWebhook\n  path: /etc/kubernetes/imagepolicy.json\n',
  );
  put(
    tree.root,
    'etc/kubernetes/imagepolicy.json',
    `{"imagePolicy": {"kubeConfigFile": "/etc/kubernetes/webhook.kubeconfig", "client-secret": "${s('json')}", "token":"${s('json2')}"}}\n`,
  );
  put(tree.root, 'etc/kubernetes/audit.yaml', 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n');
  put(
    tree.root,
    'etc/default/kubelet',
    `KUBELET_EXTRA_ARGS="--node-labels=a=b --bootstrap-token=${s('envflag')}"\nAPI_PASSWORD=${s('envvar')}\nexport REGISTRY_TOKEN='${s('export')}'\n`,
    0o644,
  );
  put(
    tree.root,
    'etc/cni/net.d/10-calico.conflist',
    `{"name": "k8s-pod-network", "plugins": [{"type": "calico", "etcd_endpoints": "https://calico:${s('url')}@etcd:2379", "password": "${s('cni')}"}]}\n`,
    0o644,
  );
  put(tree.root, 'etc/cni/net.d/calico-kubeconfig', `users:\n- name: calico\n  user:\n    token: ${s('cnikube')}\n`);
  // A bootstrap kubeconfig and a kubeadm configuration with a bootstrap token, both named by flags.
  put(
    tree.root,
    'etc/kubernetes/bootstrap-kubelet.conf',
    `apiVersion: v1\nkind: Config\nusers:\n- name: tls-bootstrap-token-user\n  user:\n    token: abcdef.${s('boot')}\n`,
  );
  put(
    tree.root,
    'etc/kubernetes/kubeadm-init.yaml',
    `apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nbootstrapTokens:\n- token: "abcdef.${s('kubeadm')}"\n  ttl: 24h0m0s\n---\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    oidc-client-secret: ${s('extra')}\n`,
  );
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const objects = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...(ref.objects ?? []).filter((o) => o.kind !== 'ConfigMap'),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'db',
          namespace: 'default',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"pw":"${s('applied')}"}}` },
          managedFields: [{ manager: 'kubectl' }],
        },
        type: 'Opaque',
        data: { pw: Buffer.from(s('data')).toString('base64') },
        stringData: { pw2: s('stringdata') },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
        type: 'bootstrap.kubernetes.io/token',
        data: {
          'token-id': Buffer.from('abcdef').toString('base64'),
          'token-secret': Buffer.from(s('bootstraptoken')).toString('base64'),
        },
      },
    ],
  };
  writeFileSync(join(dir, 'objects.json'), JSON.stringify(objects));
  writeFileSync(join(dir, 'configmap.json'), JSON.stringify((ref.objects ?? []).find((o) => o.kind === 'ConfigMap')));
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/bin/sh\ncase "$*" in *configmap/kube-proxy*) cat '${dir}/configmap.json';; *) cat '${dir}/objects.json';; esac\n`,
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  writeFileSync(join(dir, 'admin.conf'), 'apiVersion: v1\nkind: Config\n');
  return { ref, dir, tree, bin };
}

describe('node capture never copies a secret', () => {
  it('no planted byte reaches the bundle; structure a control reads is kept', async () => {
    const { dir, tree, bin } = plantedNode();
    expect(allBytes(tree.root) + allBytes(tree.proc)).toContain(marker);
    const out = join(dir, 'bundle');
    const r = await run(
      [
        'node',
        'capture',
        '--root',
        tree.root,
        '--proc',
        tree.proc,
        '--kubeconfig',
        join(dir, 'admin.conf'),
        '--out',
        out,
      ],
      dir,
      { PATH: `${bin}:${process.env.PATH}` },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/captured \d+ processes/);
    expect(allBytes(out)).not.toContain(marker);
    const b = readBundle(out);
    const enc = readText(lookup(b, '/etc/kubernetes/enc/enc.yaml')!);
    // Providers and key names stay (kube-bench's encryption audit and the effective check read them).
    expect(enc).toMatch(/- aescbc:/);
    expect(enc).toMatch(/- secretbox:/);
    expect(enc).toMatch(/name: key1/);
    expect(enc.split('\n').length).toBe(19);
    expect(lookup(b, '/etc/kubernetes/tokens.csv')).toMatchObject({ mode: '600', owner: 'root' });
    expect(readText(lookup(b, '/etc/kubernetes/audit.yaml')!)).toMatch(/level: Metadata/);
    expect(lookup(b, '/etc/kubernetes/imagepolicy.json')?.read).toBeDefined();
    // Copied (so the line rules ran on them), with the bootstrap tokens and extraArgs' secret gone.
    expect(readText(lookup(b, '/etc/kubernetes/bootstrap-kubelet.conf')!)).toMatch(/token: "REDACTED"/);
    const kubeadm = readText(lookup(b, '/etc/kubernetes/kubeadm-init.yaml')!);
    expect(kubeadm).toMatch(/- token: "REDACTED"\n {2}ttl: 24h0m0s/);
    expect(kubeadm).toMatch(/oidc-client-secret: "REDACTED"/);
    expect(b.objects?.find((o) => o.metadata?.name === 'bootstrap-token-abcdef')).not.toHaveProperty('data');
    const secret = b.objects?.find((o) => o.kind === 'Secret') as Record<string, unknown>;
    expect(secret).toMatchObject({ metadata: { name: 'db', namespace: 'default' }, type: 'Opaque' });
    expect(secret.data).toBeUndefined();
    expect(b.objects?.some((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'kube-proxy')).toBe(true);
    expect(b.processes?.find((p) => p.argv[0] === 'etcd')?.environment).toEqual({
      ETCD_CLIENT_CERT_AUTH: 'true',
      ETCD_PEER_PASSWORD: 'REDACTED',
    });
    // The capture and its objects evaluate like any bundle.
    const e = await run(['evaluate', 'cis-1.10', '--node', out, '--format', 'json'], dir);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).node.release).toBe('1.31');
  });

  it('without kubectl, --kubeconfig says what to run instead; --objects reads that output', async () => {
    const { dir, tree } = plantedNode();
    const r = await run(
      [
        'node',
        'capture',
        '--root',
        tree.root,
        '--proc',
        tree.proc,
        '--kubeconfig',
        'admin.conf',
        '--out',
        join(dir, 'b'),
      ],
      dir,
      { PATH: join(dir, 'nowhere') },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--kubeconfig: kubectl is not on PATH, expected .*--objects FILE/);
    const o = await run(
      [
        'node',
        'capture',
        '--root',
        tree.root,
        '--proc',
        tree.proc,
        '--objects',
        'objects.json',
        '--out',
        join(dir, 'b'),
      ],
      dir,
    );
    expect(o.code).toBe(0);
    expect(allBytes(join(dir, 'b'))).not.toContain(marker);
  });

  it('the line rules: keys, flags, env assignments, URLs, block scalars (line numbers kept)', () => {
    expect(redactText('a: 1\ntoken: abc\n  password: "x y"\nfoo: {secret: q, name: n}\n')).toBe(
      'a: 1\ntoken: "REDACTED"\n  password: "REDACTED"\nfoo: {secret: "REDACTED", name: n}\n',
    );
    expect(redactText('secret: |\n  one\n  two\nnext: ok')).toBe('secret: "REDACTED"\n\n\nnext: ok');
    expect(redactText('X="--token=abc --v=2"\nDB_PASSWORD=x\nurl: https://u:p@h/x')).toBe(
      'X="--token=REDACTED --v=2"\nDB_PASSWORD=REDACTED\nurl: https://u:REDACTED@h/x',
    );
    expect(
      redactArgv(['k3s', 'server', '--token', 'abc', '--kube-apiserver-arg=oidc-client-secret=z', '--token-file=/x']),
    ).toEqual([
      'k3s',
      'server',
      '--token',
      'REDACTED',
      '--kube-apiserver-arg=oidc-client-secret=REDACTED',
      '--token-file=/x',
    ]);
    // k3s's config.yaml: compound credential keys, name=value items, URLs; not what names a file or a switch.
    expect(
      redactText(
        'token: a\nagent-token: "b"\netcd-s3-secret-key: c\nsecrets-encryption: true\ndatastore-endpoint: postgres://k3s:d@db/k3s\nkube-apiserver-arg:\n  - oidc-client-secret=e\n  - "audit-log-path=/x"\nkubelet-arg+: ["bootstrap-token=f", "v=2"]\n',
      ),
    ).toBe(
      'token: "REDACTED"\nagent-token: "REDACTED"\netcd-s3-secret-key: "REDACTED"\nsecrets-encryption: true\ndatastore-endpoint: postgres://k3s:REDACTED@db/k3s\nkube-apiserver-arg:\n  - oidc-client-secret=REDACTED\n  - "audit-log-path=/x"\nkubelet-arg+: ["bootstrap-token=REDACTED", "v=2"]\n',
    );
    // Args files and units: `--flag value`, a value on the next line, Environment= assignments.
    expect(
      redactText(
        "--token-auth-file=/t.csv\n--bootstrap-token g --v 2\nEnvironment=\"K3S_TOKEN=h\" \"A=1\"\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--agent-token' \\\n\n\t'i' \\\n\t'--kubelet-client-key' \\\n\t'/k.key'\n",
      ),
    ).toBe(
      "--token-auth-file=/t.csv\n--bootstrap-token REDACTED --v 2\nEnvironment=\"K3S_TOKEN=REDACTED\" \"A=1\"\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--agent-token' \\\n\n\tREDACTED \\\n\t'--kubelet-client-key' \\\n\t'/k.key'\n",
    );
    expect(
      redactArgv(['kubelite', '--etcd-s3-access-key=j', 'x', '--kube-apiserver-arg', 'oidc-client-secret=k']),
    ).toEqual([
      'kubelite',
      '--etcd-s3-access-key=REDACTED',
      'x',
      '--kube-apiserver-arg',
      'oidc-client-secret=REDACTED',
    ]);
    expect(redactObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, data: { k: 'dg==' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'a' },
    });
  });
});
