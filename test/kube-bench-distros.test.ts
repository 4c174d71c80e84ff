// Distribution encodings of kube-bench: the ways a check reads its setting (arguments files, an
// operator's resources, configz, etcd's environment, a config file at a fixed path), read as the
// component's setting with the way recorded, written back the same way by export, and no check
// lost to a file kube-bench would refuse. The synthetic folder stands for distributions we do not have.
import { describe, expect, it } from 'vitest';
import { evaluateBenchmark } from '../src/evaluate/index.js';
import { exportKubeBench } from '../src/export/kube-bench/index.js';
import { mergeConfigs, parseConfig } from '../src/ingest/kube-bench/config.js';
import { importKubeBench, type ImportResult } from '../src/ingest/kube-bench/import.js';
import { kubeBenchFolders, readKubeBenchFolder } from '../src/ingest/kube-bench/read.js';
import { shippedRelease } from '../src/k8s/load.js';
import type { Benchmark } from '../src/model/benchmark.js';
import { subjectKey, subjectLabel } from '../src/model/check.js';
import { kubeadmNode } from '../src/node/kubeadm.js';
import { hasCorpus, kubeBenchCfg } from './helpers.js';

const rootConfig = `---
master:
  components: [apiserver, controllermanager, etcd]
  apiserver:
    bins: [kubelite, kube-apiserver]
    confs: [/var/snap/distro/current/args/kube-apiserver, /etc/kubernetes/manifests/kube-apiserver.yaml]
    defaultconf: /var/snap/distro/current/args/kube-apiserver
  controllermanager:
    bins: [kubelite, kube-controller-manager]
    confs: [/var/snap/distro/current/args/kube-controller-manager]
  etcd:
    optional: true
    bins: [etcd]
    confs: [/var/snap/distro/current/args/etcd]
node:
  components: [kubelet]
  kubelet:
    bins: [kubelite, kubelet]
    confs: [/var/distro/kubelet/config/kubeletconfig.yml]
version_mapping:
  "1.34": "distro-1.0"
`;

const master = `---
controls:
version: "distro-1.0"
id: 1
text: "Control plane"
type: "master"
groups:
  - id: 1.1
    text: "Files"
    checks:
      - id: 1.1.9
        text: "CNI files are private"
        audit: "find ((CNI_DIR))/config/ -type f -not -perm 640 | awk 'END{print NR}'"
        tests:
          test_items:
            - flag: "permissions"
              compare:
                op: bitmask
                value: "640"
        scored: true
  - id: 1.2
    text: "API server"
    checks:
      - id: 1.2.1
        text: "anonymous auth off, in the arguments file"
        audit: "cat $apiserverconf | grep -v grep"
        tests:
          bin_op: or
          test_items:
            - flag: "--anonymous-auth"
              compare:
                op: eq
                value: false
            - flag: "--anonymous-auth"
              set: false
        scored: true
      - id: 1.2.2
        text: "NodeRestriction, in the arguments file"
        audit: "cat $apiserverconf | grep -v grep"
        tests:
          test_items:
            - flag: "--enable-admission-plugins"
              compare:
                op: has
                value: NodeRestriction
        scored: true
      - id: 1.2.3
        text: "profiling off, a value-carrying item"
        audit: ps -ef | grep kube-apiserver | grep -v tini | grep -- "--profiling=false"
        tests:
          test_items:
            - flag: "--profiling=false"
        scored: true
      - id: 1.2.4
        text: "client certificate, as the operator keeps it"
        audit: |
          oc get configmap config -n openshift-kube-apiserver -ojson \\
            | jq -r '.data["config.yaml"]' \\
            | jq -r '.apiServerArguments["kubelet-client-certificate"][]?'
          oc get configmap config -n openshift-kube-apiserver -ojson \\
            | jq -r '.data["config.yaml"]' \\
            | jq -r '.apiServerArguments["kubelet-client-key"][]?'
        tests:
          test_items:
            - flag: "/etc/kubernetes/secrets/kubelet-client/tls.crt"
            - flag: "/etc/kubernetes/secrets/kubelet-client/tls.key"
        scored: true
      - id: 1.2.5
        text: "a gate as the operator observed it"
        audit: "oc get kubeapiservers.operator.openshift.io cluster -o json | jq '.spec.observedConfig.apiServerArguments'"
        tests:
          test_items:
            - flag: "APIPriorityAndFairness=true"
        scored: true
      - id: 1.2.6
        text: "serving files, looked for in the whole arguments map"
        audit: |
          oc get configmap config -n openshift-kube-apiserver -ojson | jq -r '.data["config.yaml"]' | jq '.apiServerArguments'
        tests:
          bin_op: and
          test_items:
            - flag: "/srv/distro/serving/tls.crt"
            - flag: "/srv/distro/serving/tls.key"
        scored: false
      - id: 1.2.7
        text: "a plugin on, and the policy objects it needs listed"
        audit: |
          oc -n openshift-kube-apiserver get configmap config -o json | jq -r '.data."config.yaml"' | jq '.apiServerArguments."enable-admission-plugins"'
          oc get scc
        tests:
          bin_op: and
          test_items:
            - flag: "PodSecurityGate"
            - flag: "locked-down"
            - flag: "wide-open"
        scored: false
  - id: 2
    text: "etcd"
    checks:
      - id: 2.1
        text: "client certificates, in the environment"
        audit: "/bin/sh -c 'grep ETCD_CLIENT_CERT_AUTH=true /proc/1/environ; grep ETCD_CLIENT_CERT_AUTH /etc/etcd/etcd.conf'"
        tests:
          test_items:
            - flag: "ETCD_CLIENT_CERT_AUTH"
              compare:
                op: eq
                value: "true"
        scored: true
      - id: 2.2
        text: "peer TLS, in the arguments file"
        audit: "/bin/cat $etcdconf | /bin/grep enable-tls || true"
        tests:
          bin_op: or
          test_items:
            - flag: "--enable-tls"
              compare:
                op: eq
                value: true
            - flag: "--enable-tls"
              set: false
        scored: true
`;

const node = `---
controls:
version: "distro-1.0"
id: 4
text: "Worker"
type: "node"
groups:
  - id: 4.2
    text: "Kubelet"
    checks:
      - id: 4.2.1
        text: "anonymous auth off, grepped out of the config file"
        audit: grep "^authentication:\\n\\s{2}anonymous:\\n\\s{4}enabled:\\sfalse$" /var/distro/kubelet/config/kubeletconfig.yml
        tests:
          test_items:
            - flag: "enabled: false"
        scored: true
      - id: 4.2.4
        text: "read-only port off, grepped out of the config file"
        audit: 'grep "readOnlyPort: 0" /var/distro/kubelet/config/kubeletconfig.yml'
        tests:
          test_items:
            - flag: "readOnlyPort: 0"
        scored: true
      - id: 4.2.6
        text: "iptables chains, through configz"
        audit: |
          NODE_NAME=$(oc get pod $HOSTNAME -o=jsonpath='{.spec.nodeName}')
          oc get --raw /api/v1/nodes/$NODE_NAME/proxy/configz | jq '.kubeletconfig'
        tests:
          test_items:
            - path: ".makeIPTablesUtilChains"
              compare:
                op: eq
                value: true
        scored: true
      - id: 4.2.7
        text: "client CA, through configz"
        audit: |
          NODE_NAME=$(oc get pod $HOSTNAME -o=jsonpath='{.spec.nodeName}')
          oc get --raw /api/v1/nodes/$NODE_NAME/proxy/configz | jq '.kubeletconfig.authentication.x509.clientCAFile'
        tests:
          test_items:
            - flag: "/etc/kubernetes/kubelet-ca.crt"
        scored: true
`;

function configFrom(texts: readonly string[]) {
  return mergeConfigs(
    texts.map((t, i) => {
      const r = parseConfig(t, `config-${i}.yaml`);
      expect(r.problems).toEqual([]);
      return r.config!;
    }),
  );
}

function importFolder(folder: string, files: Record<string, string>, configs: readonly string[]): ImportResult {
  return importKubeBench(
    folder,
    Object.entries(files).map(([name, text]) => ({ path: `${folder}/${name}`, name: `${folder}/${name}`, text })),
    configFrom(configs),
  );
}

/** Export, then import the exported files as kube-bench would find them. */
function roundTrip(b: Benchmark): ImportResult {
  const out = exportKubeBench(b);
  const controls = Object.fromEntries(
    [...out.files]
      .filter(([k]) => k.startsWith(`${out.folder}/`) && !k.endsWith('/config.yaml'))
      .map(([k, v]) => [k.slice(out.folder.length + 1), v]),
  );
  return importFolder(out.folder, controls, [
    out.files.get('config.yaml')!,
    out.files.get(`${out.folder}/config.yaml`)!,
  ]);
}

const checksById = (b: Benchmark) =>
  Object.fromEntries(b.sections.flatMap((s) => s.controls.map((c) => [c.id, c.checks])));

describe('a distribution kube-bench folder (synthetic)', () => {
  const a = importFolder('distro-1.0', { 'master.yaml': master, 'node.yaml': node }, [rootConfig, '---\n']);
  const checks = checksById(a.benchmark);

  it('understands every check, each as the component setting it is, with the way it is read', () => {
    expect(a.stats.automatedUnknown).toBe(0);
    expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const label = (id: string) =>
      checks[id].map((k) => `${k.subjects.map(subjectLabel).join(' | ')} ${k.op} ${k.value ?? ''}`.trim());
    expect(label('1.1.9')).toEqual(['CNI configuration files mode bitmask 640']);
    expect(label('1.2.1')).toEqual([
      'kube-apiserver --anonymous-auth (in its conf file) eq false',
      'kube-apiserver --anonymous-auth (in its conf file) absent',
    ]);
    expect(label('1.2.2')).toEqual(['admission plugin NodeRestriction (enabled) (in its conf file) present']);
    expect(label('1.2.3')).toEqual(['kube-apiserver --profiling eq false']);
    expect(label('1.2.4')).toEqual([
      'kube-apiserver --kubelet-client-certificate (in openshift-kube-apiserver/configmap/config config.yaml apiServerArguments) eq /etc/kubernetes/secrets/kubelet-client/tls.crt',
      'kube-apiserver --kubelet-client-key (in openshift-kube-apiserver/configmap/config config.yaml apiServerArguments) eq /etc/kubernetes/secrets/kubelet-client/tls.key',
    ]);
    expect(label('1.2.5')).toEqual([
      'kube-apiserver feature gate APIPriorityAndFairness (in kubeapiservers.operator.openshift.io/cluster spec.observedConfig.apiServerArguments) eq true',
    ]);
    expect(label('1.2.6')).toEqual([
      'kube-apiserver apiServerArguments (in openshift-kube-apiserver/configmap/config config.yaml apiServerArguments) has /srv/distro/serving/tls.crt',
      'kube-apiserver apiServerArguments (in openshift-kube-apiserver/configmap/config config.yaml apiServerArguments) has /srv/distro/serving/tls.key',
    ]);
    // Lower-case names beside a plugin list are the objects the plain listing prints, not plugins.
    expect(label('1.2.7')).toEqual([
      'admission plugin PodSecurityGate (enabled) (in openshift-kube-apiserver/configmap/config config.yaml apiServerArguments) present',
      'SecurityContextConstraints locked-down present',
      'SecurityContextConstraints wide-open present',
    ]);
    expect(label('2.1')).toEqual(['etcd --client-cert-auth (in its environment) eq true']);
    expect(label('2.2')).toEqual([
      'etcd --enable-tls (in its conf file) eq true',
      'etcd --enable-tls (in its conf file) absent',
    ]);
    expect(label('4.2.1')).toEqual(['kubelet authentication.anonymous.enabled eq false']);
    expect(label('4.2.4')).toEqual(['kubelet readOnlyPort eq 0']);
    expect(label('4.2.6')).toEqual(['kubelet makeIPTablesUtilChains (through configz) eq true']);
    expect(label('4.2.7')).toEqual([
      'kubelet authentication.x509.clientCAFile (through configz) eq /etc/kubernetes/kubelet-ca.crt',
    ]);
    // The way of reading is not part of which setting it is: the same key as the process line's flag.
    expect(subjectKey(checks['1.2.1'][0].subjects[0])).toBe('flag:kube-apiserver:--anonymous-auth');
  });

  it('exports each check reading where the source read it, and imports it back the same', () => {
    const b = roundTrip(a.benchmark);
    expect(checksById(b.benchmark)).toEqual(checks);
    expect(b.benchmark.kubeBench).toEqual(a.benchmark.kubeBench);
    const text = [...exportKubeBench(a.benchmark).files.values()].join('\n');
    expect(text).toContain('cat $apiserverconf | grep -v grep');
    expect(text).not.toMatch(/ps -ef \| grep \$apiserverbin[^\n]*\n[^\n]*anonymous/);
  });

  it('replays the export to the same kube-bench statuses on a reference node, wherever the source replays', () => {
    const b = roundTrip(a.benchmark).benchmark;
    const release = shippedRelease('1.34');
    const n = kubeadmNode(release);
    const results = (x: Benchmark) => evaluateBenchmark(x, n, release, { semantics: 'kube-bench' }).results;
    const replayable = results(a.benchmark).filter((r) => !r.reason?.startsWith('cannot replay'));
    const status = (x: Benchmark) =>
      Object.fromEntries(
        results(x)
          .filter((r) => replayable.some((o) => o.controlId === r.controlId))
          .map((r) => [r.controlId, r.status]),
      );
    expect(Object.keys(status(a.benchmark))).toEqual(expect.arrayContaining(['1.2.1', '1.2.2', '2.2']));
    expect(status(b)).toEqual(status(a.benchmark));
    // The arguments file read as kube-bench reads it: the manifest of a kubeadm node holds the flags.
    expect(status(a.benchmark)['1.2.2']).toBe('PASS');
  });
});

/** A config.yaml naming the folder in its version_mapping. */
const mapping = (folder: string) => `version_mapping:\n  "1.34": "${folder}"\n`;

describe('a folder no version_mapping names (rh-1.6 beside a config.yaml older than it)', () => {
  const file = `---\ncontrols:\ntype: master\ngroups:\n  - id: "1.1"\n    text: t\n    checks:\n      - id: 1.1.1\n        text: t\n        audit: "ps -ef | grep kube-apiserver | grep -v grep"\n        tests:\n          test_items:\n            - flag: "--profiling"\n              compare: { op: eq, value: false }\n`;

  it('is imported whole, with no releases, and a warning that says so and what to add', () => {
    const r = importFolder('rh-9.9', { 'master.yaml': file }, [rootConfig]);
    expect(r.stats.controls).toBe(1);
    expect(r.benchmark.kubernetes).toEqual([]);
    expect(r.problems).toEqual([
      {
        file: 'rh-9.9',
        severity: 'warning',
        message:
          'benchmark folder rh-9.9 is named by no version_mapping of config.yaml, so the Kubernetes releases it covers are unknown (imported with none); expected an entry such as "1.NN": "rh-9.9" in version_mapping (kube-bench runs it only with --benchmark rh-9.9)',
      },
    ]);
  });

  it('takes its releases from the mapping where one names it, under any key, and warns of nothing', () => {
    const r = importFolder('rh-9.9', { 'master.yaml': file }, [rootConfig, mapping('rh-9.9')]);
    expect([r.benchmark.kubernetes, r.problems]).toEqual([['1.34'], []]);
    const ocp = importFolder('rh-9.9', { 'master.yaml': file }, [
      rootConfig,
      'version_mapping:\n  "ocp-9.9": "rh-9.9"\n',
    ]);
    expect([ocp.benchmark.kubernetes, ocp.problems]).toEqual([[], []]);
  });
});

describe('guarded stat and journal forms of newer rke2 and k3s folders (synthetic)', () => {
  const file = `---
controls:
type: master
groups:
  - id: "7.1"
    text: files and journal lines
    checks:
      - id: 7.1.1
        text: "a CA file private when it exists (Automated)"
        audit: |
          if [ -f /srv/distro/agent/ca.crt ]; then
            stat -c permissions=%a /srv/distro/agent/ca.crt
          else
            echo "NA"
          fi
        tests:
          test_items:
            - flag: permissions
              compare: { op: bitmask, value: "600" }
      - id: 7.1.2
        text: "every file of a folder owned by root (Automated)"
        audit: |
          if test -d /srv/distro/tls; then
            find /srv/distro/tls -exec stat -c "%U:%G" {} \\;
          else
            echo "NA"
          fi
        tests:
          test_items:
            - flag: "root:root"
              set: true
      - id: 7.1.3
        text: "the etcd manifest private, stat written over three lines (Automated)"
        audit: |
          /bin/sh -c '
          stat -c "permissions=%a %n" "$etcdconf"
          '
        tests:
          bin_op: or
          test_items:
            - flag: permissions
              compare: { op: bitmask, value: "600" }
      - id: 7.1.4
        text: "etcd client certificates when etcd is embedded (Automated)"
        audit: |
          if [ "$(journalctl -m -u distro | grep -m1 'Managed etcd cluster' | wc -l)" -gt 0 ]; then
            journalctl -m -u distro | grep -m1 'Running kube-apiserver' | tail -n1
          else
            echo "--etcd-certfile AND --etcd-keyfile"
          fi
        tests:
          bin_op: and
          test_items:
            - flag: "--etcd-certfile"
              set: true
            - flag: "--etcd-keyfile"
              set: true
`;
  const a = importFolder('guards-x', { 'master.yaml': file }, [rootConfig, mapping('guards-x')]);

  it('reads each as the file attribute or the flag it prints, and keeps them through export', () => {
    expect(a.stats.automatedUnknown).toBe(0);
    const label = (id: string) =>
      checksById(a.benchmark)[id].map((k) =>
        `${k.subjects.map(subjectLabel).join(' | ')} ${k.op} ${k.value ?? ''}`.trim(),
      );
    expect([label('7.1.1'), label('7.1.2'), label('7.1.3'), label('7.1.4')]).toEqual([
      ['/srv/distro/agent/ca.crt mode bitmask 600'],
      ['/srv/distro/tls owner eq root:root'],
      ['etcd manifest mode bitmask 600'],
      ['kube-apiserver --etcd-certfile present', 'kube-apiserver --etcd-keyfile present'],
    ]);
    expect(checksById(roundTrip(a.benchmark).benchmark)).toEqual(checksById(a.benchmark));
  });
});

describe("a host's services, read through systemctl (DISA's STIG encoding)", () => {
  const file = `---
controls:
type: node
groups:
  - id: "9.1"
    text: host services
    checks:
      - id: V-1
        text: "the remote shell is stopped (Automated)"
        audit: "/bin/sh -c 'systemctl show -p ActiveState remote-shell' "
        tests:
          test_items:
            - flag: ActiveState
              compare: { op: eq, value: inactive }
      - id: V-2
        text: "the remote shell does not start at boot (Automated)"
        audit: "/bin/sh -c 'systemctl is-enabled remote-shell.service'"
        tests:
          test_items:
            - flag: "disabled"
      - id: V-3
        text: "the time daemon runs (Automated)"
        audit: "systemctl is-active time-sync@main.service"
        tests:
          test_items:
            - flag: active
`;
  const a = importFolder('stig-x', { 'node.yaml': file }, [rootConfig, mapping('stig-x')]);

  it('reads each as the unit and what systemctl prints of it', () => {
    expect(a.stats.automatedUnknown).toBe(0);
    const label = (id: string) =>
      checksById(a.benchmark)[id].map((k) => `${subjectLabel(k.subjects[0])} ${k.op} ${k.value}`);
    expect([label('V-1'), label('V-2'), label('V-3')]).toEqual([
      ['service remote-shell ActiveState eq inactive'],
      ['service remote-shell.service is-enabled eq disabled'],
      ['service time-sync@main.service is-active eq active'],
    ]);
  });

  it('exports the same systemctl reads and imports them back the same', () => {
    const b = roundTrip(a.benchmark);
    expect(checksById(b.benchmark)).toEqual(checksById(a.benchmark));
    const text = [...exportKubeBench(a.benchmark).files.values()].join('\n');
    expect(text).toContain('audit: "systemctl show -p ActiveState remote-shell"');
    expect(text).toContain('audit: "systemctl is-enabled remote-shell.service"');
  });

  it('writes the reads from the subjects for a benchmark of our own format, and a node bundle cannot answer them', () => {
    const ours: Benchmark = {
      ...a.benchmark,
      sections: a.benchmark.sections.map((s) => ({ ...s, controls: s.controls.map(({ kubeBench: _, ...c }) => c) })),
    };
    const b = roundTrip(ours);
    expect(checksById(b.benchmark)).toEqual(checksById(a.benchmark));
    const release = shippedRelease('1.34');
    const r = evaluateBenchmark(ours, kubeadmNode(release), release).results.find((x) => x.controlId === 'V-1');
    expect(JSON.stringify(r)).toContain('not in the bundle');
  });
});

describe('checks kube-bench would never run are reported, not dropped', () => {
  const nested = `---
controls:
  version: "k3s-x"
  id: 1
  text: "Control plane"
  type: "master"
  groups:
    - id: 1.1
      text: "API server"
      checks:
        - id: 1.1.1
          text: "anonymous auth off"
          audit: "ps -ef | grep kube-apiserver | grep -v grep"
          tests:
            test_items:
              - flag: "--anonymous-auth"
                compare: { op: eq, value: false }
          scored: true
        - id: 1.1.2
          text: "profiling off"
          audit: "ps -ef | grep kube-apiserver | grep -v grep"
          tests:
            test_items:
              - flag: "--profiling"
                compare: { op: eq, value: false }
          scored: true
`;

  it("warns at the position of groups nested under 'controls:' and reads them", () => {
    const r = importFolder('k3s-x', { 'master.yaml': nested }, [rootConfig, mapping('k3s-x')]);
    expect(r.stats.controls).toBe(2);
    expect(r.problems).toEqual([
      {
        file: 'k3s-x/master.yaml',
        line: 3,
        col: 3,
        severity: 'warning',
        message:
          "groups nested under 'controls:' (kube-bench refuses this file and runs none of its 2 checks), expected groups at the top level; read as the file's groups",
      },
    ]);
  });

  it('is an error where groups or checks are not lists, and a warning for a key it does not know', () => {
    const bad = `---\ncontrols:\ntype: master\nchekcs: []\ngroups:\n  id: 1\n`;
    const r = importFolder('x', { 'master.yaml': bad }, [rootConfig, mapping('x')]);
    expect(r.problems.map((p) => [p.line, p.severity, p.message.split(',')[0]])).toEqual([
      [4, 'warning', "unexpected key 'chekcs' in a controls file"],
      [6, 'error', 'groups is not a list'],
    ]);
    const noChecks = `---\ncontrols:\ntype: master\ngroups:\n  - id: "1"\n    text: x\n    checks: { id: 1 }\n`;
    const r2 = importFolder('y', { 'master.yaml': noChecks }, [rootConfig, mapping('y')]);
    expect(r2.problems.map((p) => [p.line, p.severity])).toEqual([[7, 'error']]);
  });
});

describe.skipIf(!hasCorpus)('every kube-bench folder of the fixtures (corpus)', () => {
  const folders = hasCorpus ? kubeBenchFolders(kubeBenchCfg) : [];

  it('understands at least 95% of the automated checks of each folder', () => {
    const shares = folders.map((dir) => {
      const { stats } = readKubeBenchFolder(dir);
      return [dir.split('/').pop(), (stats.automatedChecks - stats.automatedUnknown) / stats.automatedChecks] as const;
    });
    expect(shares.length).toBe(50);
    expect(shares.filter(([, s]) => s < 0.95)).toEqual([]);
  });

  it('records the way microk8s, k3s and OpenShift checks read their setting', () => {
    const reads = (folder: string) =>
      new Set(
        readKubeBenchFolder(`${kubeBenchCfg}/${folder}`)
          .benchmark.sections.flatMap((s) => s.controls)
          .flatMap((c) => c.checks)
          .flatMap((k) => k.subjects)
          .flatMap((s) =>
            'read' in s && s.read ? [typeof s.read === 'string' ? s.read : 'file' in s.read ? 'file' : 'resource'] : [],
          ),
      );
    expect([...reads('cis-1.24-microk8s')]).toEqual(['conf-file']);
    expect([...reads('k3s-cis-1.23')]).toEqual(['conf-file']);
    expect([...reads('rh-1.8')].sort()).toEqual(['configz', 'resource']);
    expect([...reads('ocp-3.10')].sort()).toEqual(['environment', 'file']);
  });
});

describe('exported audits read a config kind where it lives (issue 19 item 6)', () => {
  const kinds: Array<[string, string]> = [
    ['AuthenticationConfiguration.anonymous.enabled', '--authentication-config'],
    ['EncryptionConfiguration.resources.resources', '--encryption-provider-config'],
    ['AdmissionConfiguration.plugins.name', '--admission-control-config-file'],
    ['Policy.rules.level', '--audit-policy-file'],
  ];
  const own = `id: kinds
title: Config kinds
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: kinds.yaml }
sections:
  - id: "1"
    title: API server
    target: master
    controls:
${kinds
  .map(
    ([path], i) => `      - id: "1.${i + 1}"
        title: ${path}
        scored: true
        checks:
          - subjects: [{ kind: config, component: kube-apiserver, path: ${path} }]
            op: present`,
  )
  .join('\n')}
`;

  it('reads the file the flag of the kind names, not the static Pod manifest, and imports it back the same', async () => {
    const { parseBenchmark } = await import('../src/ingest/native.js');
    const b = parseBenchmark(own, 'kinds.yaml').value!;
    const out = exportKubeBench(b);
    const master = out.files.get('kinds/master.yaml')!;
    for (const [path, flag] of kinds) {
      const check = master.slice(master.indexOf(`text: "${path}"`)).split(/\n\s+- id: /)[0];
      expect(check, path).toContain(`sed -n 's%.*${flag}[= ]`);
      expect(check, path).not.toContain('$apiserverconf');
      // A list field of the kind is read over its elements (client-go's JSONPath finds nothing otherwise).
      const inner = path
        .split('.')
        .slice(1)
        .join('.')
        .replace(/^(resources|plugins|rules|authorizers|jwt)\./, '$1[*].')
        .replace(/^anonymous\.conditions\./, 'anonymous.conditions[*].');
      expect(check, path).toContain(`path: "{.${inner}}"`);
    }
    const back = roundTrip(b);
    expect(checksById(back.benchmark)).toEqual(checksById(b));
    // kube-bench's replay reads the same file: on a kubeadm node no such flag, so nothing is printed.
    const release = shippedRelease('1.34');
    const results = evaluateBenchmark(back.benchmark, kubeadmNode(release), release, {
      semantics: 'kube-bench',
    }).results;
    expect(results.filter((r) => r.reason?.startsWith('cannot replay'))).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
  });
});
