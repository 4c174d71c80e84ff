// Nothing a benchmark holds becomes a command. Hostile values (a path `/etc/x; touch … #`,
// `$(…)`, backticks, quotes, a line break, a leading dash) go into every kind of audit export
// writes, through the probe commands directly and through `export kube-bench` of a benchmark
// whose file roles are hostile paths; every audit produced is run as kube-bench would run it
// (its $variables replaced from the exported config.yaml, then `sh -c`) in a sandbox: a fresh
// folder as the working folder and HOME, PATH holding only tools that read. The payloads write
// with shell redirections, which need no tool: the sandbox must be unchanged afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOf } from '../src/export/kube-bench/shell.js';
import { auditWrites } from '../src/ingest/kube-bench/audit-writes.js';
import { probeOf } from '../src/ingest/kube-bench/probes.js';
import { parse } from '../src/io/yaml-lib.js';
import { InputError } from '../src/model/problem.js';
import type { Probe } from '../src/model/scanner.js';
import { listing } from './fuzz-kit.js';
import { run } from './helpers.js';

let box: string;
let work: string;
let bin: string;
const readers = ['sh', 'ps', 'grep', 'cat', 'stat', 'find', 'xargs', 'sed', 'head', 'tail', 'tr', 'jq', 'test'];

beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'bw-sandbox-'));
  work = join(box, 'root');
  bin = join(box, 'bin');
  mkdirSync(work);
  mkdirSync(bin);
  for (const tool of readers) {
    const at = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (at.startsWith('/')) symlinkSync(at, join(bin, tool));
  }
  mkdirSync(join(work, 'etc'));
  writeFileSync(join(work, 'etc', 'x'), 'a file an audit may read\n');
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

/** Values that would run something if written into a command as they are. */
const hostile = (mark: string): string[] => [
  `/etc/x; echo pwned > ${box}/${mark}-1 #`,
  `/etc/$(echo pwned > ${box}/${mark}-2)`,
  `/etc/\`echo pwned > ${box}/${mark}-3\``,
  `/etc/it's "q" > ${box}/${mark}-4`,
  `/etc/x' ; echo pwned > ${box}/${mark}-5 ; '`,
  `/etc/x" ; echo pwned > ${box}/${mark}-6 ; "`,
  `/etc/x && echo pwned > ${box}/${mark}-7 || true`,
  `/etc/*`,
  `/etc/x\necho pwned > ${box}/${mark}-8`,
  `-delete`,
  `/etc/x\\`,
];

/** Run an audit as kube-bench would, in the sandbox; returns what is new or changed in it. */
function runAudit(audit: string, vars: ReadonlyMap<string, string> = new Map()): string[] {
  const before = listing(box);
  // kube-bench replaces $variables textually before the shell reads the command.
  const text = audit.replace(/\$([a-z][a-z0-9]*)/g, (m, v: string) => vars.get(v) ?? m);
  spawnSync('sh', ['-c', text], {
    cwd: work,
    env: { PATH: bin, HOME: work, TMPDIR: work },
    stdio: 'ignore',
    timeout: 10_000,
  });
  const after = listing(box);
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

/** Every probe kind, with `h` in each place a benchmark value goes. */
function probes(h: string): Probe[] {
  const formats = ['permissions=%a', `%U:%G ${h}`];
  const out: Probe[] = [];
  for (const format of formats) {
    for (const guard of ['exists', 'exists-else', 'none'] as const) {
      out.push({ kind: 'stat', files: [{ path: h }], format, guard, otherwise: h });
      out.push({
        kind: 'stat',
        files: [{ path: h }],
        format,
        guard: guard === 'exists-else' ? 'exists' : guard,
        find: { name: h },
      });
    }
    out.push({ kind: 'stat', files: [{ path: h }, { path: '/etc/x' }], format, guard: 'none' });
    out.push({
      kind: 'stat',
      files: [{ process: h, flag: '--data-dir', folder: true, otherwise: h }],
      format,
      guard: 'none',
    });
    out.push({ kind: 'stat', files: [{ process: h, flag: '--data-dir' }], format, guard: 'none' });
    out.push({
      kind: 'stat',
      files: [{ process: h, flag: '--client-ca-file', otherwise: h, exclude: [h] }],
      format,
      guard: 'none',
    });
    out.push({ kind: 'cni-files', bin: h, format });
  }
  out.push({ kind: 'cat', file: { path: h }, guard: 'exists' }, { kind: 'cat', file: { path: h }, guard: 'none' });
  out.push({ kind: 'process', bin: h, select: 'grep' }, { kind: 'process', bin: h, select: 'command' });
  out.push({ kind: 'encryption-providers', bin: h });
  out.push(
    { kind: 'systemd', unit: h, query: 'is-enabled' },
    { kind: 'systemd', unit: h, query: 'show', property: 'ActiveState' },
  );
  return out as Probe[];
}

describe('every audit export writes does nothing but read', () => {
  it('each probe kind with a hostile value in each place: quoted or refused, and nothing written when run', () => {
    let ran = 0;
    let refused = 0;
    for (const h of hostile('probe')) {
      for (const p of probes(h)) {
        let audit: string | undefined;
        try {
          audit = commandOf(p);
        } catch (e) {
          expect(e, JSON.stringify(p)).toBeInstanceOf(InputError);
          expect((e as InputError).message).toMatch(/line break or control character|starts with a dash/);
          refused++;
          continue;
        }
        if (audit === undefined) continue;
        expect(runAudit(audit), `${JSON.stringify(p)}\n${audit}`).toEqual([]);
        ran++;
      }
    }
    // Both happen: the line break and the dash are refused, everything else runs quoted.
    expect(ran).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  });

  it('each quoted audit reads back as the probe it was written from: the same path, name, format and binary', () => {
    const differ: string[] = [];
    let compared = 0;
    for (const h of [...hostile('back'), '/etc/a b', "/etc/it's", '/etc/$x', "/etc/x'", '/etc/plain']) {
      for (const p of probes(h)) {
        let audit: string | undefined;
        try {
          audit = commandOf(p);
        } catch {
          continue;
        }
        if (audit === undefined) continue;
        compared++;
        // What the probe holds that the command does not use (an `otherwise` without its guard) is not asked back.
        const back = probeOf(audit);
        if (back?.kind === 'unknown' || commandOf(back!) !== audit) differ.push(`${JSON.stringify(back)}\n${audit}`);
      }
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  });

  it('a plain benchmark exports the commands it always did', () => {
    expect(commandOf({ kind: 'stat', files: [{ path: '/etc/x' }], format: 'permissions=%a', guard: 'exists' })).toBe(
      "/bin/sh -c 'if test -e /etc/x; then stat -c permissions=%a /etc/x; fi'",
    );
    expect(commandOf({ kind: 'cat', file: { variable: '$kubeletconf' }, guard: 'none' })).toBe('cat $kubeletconf');
    expect(commandOf({ kind: 'stat', files: [{ path: "/etc/it's" }], format: '%U:%G', guard: 'none' })).toBe(
      "stat -c %U:%G '/etc/it'\\''s'",
    );
  });

  it('export kube-bench of a benchmark with hostile file paths: every audit it writes only reads', async () => {
    const values = hostile('cli').filter((h) => h.startsWith('/') && !h.includes('\n'));
    // Each value where a file path goes in the control's kube-bench audit (cat, stat, find),
    // and as a find pattern and a stat format.
    const audits = (h: string): string[] => [
      `{ kind: cat, file: { path: ${JSON.stringify(h)} }, guard: exists }`,
      `{ kind: stat, files: [{ path: ${JSON.stringify(h)} }], format: "permissions=%a", guard: exists-else, otherwise: ${JSON.stringify(h)} }`,
      `{ kind: stat, files: [{ path: /etc }], format: ${JSON.stringify(`%U:%G ${h}`)}, guard: exists, find: { name: ${JSON.stringify(h)} } }`,
    ];
    const controls = values
      .flatMap((h) => audits(h))
      .map(
        (audit, i) => `      - id: "1.${i + 1}"
        title: File ${i + 1} is private
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: file, role: /etc/x, attribute: mode, component: kube-apiserver }]
            op: bitmask
            value: "600"
        kubeBench:
          audit: ${audit}
          tests: { items: [{ flag: permissions, op: bitmask, value: "600" }] }`,
      )
      .join('\n');
    const text = `id: hostile
title: Hostile benchmark
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: hostile.yaml }
sections:
  - id: "1"
    title: Files
    target: master
    controls:
${controls}
`;
    const dir = mkdtempSync(join(tmpdir(), 'bw-sandbox-export-'));
    try {
      writeFileSync(join(dir, 'hostile.yaml'), text);
      const r = await run(['export', 'kube-bench', 'hostile.yaml', '--out', 'cfg'], dir);
      expect(r.code, r.stderr).toBe(0);
      const config = parse(readFileSync(join(dir, 'cfg', 'config.yaml'), 'utf8')) as Record<
        string,
        Record<string, Record<string, string[] | string>>
      >;
      // Each variable as kube-bench sets it: the first candidate (a test reads no node), else the default.
      const vars = new Map<string, string>();
      for (const target of ['master', 'node', 'etcd', 'controlplane', 'policies'])
        for (const [component, facts] of Object.entries(config[target] ?? {}))
          if (facts && typeof facts === 'object')
            for (const [kind, key, def] of [
              ['bin', 'bins', ''],
              ['conf', 'confs', 'defaultconf'],
              ['svc', 'svc', 'defaultsvc'],
              ['kubeconfig', 'kubeconfig', 'defaultkubeconfig'],
              ['cafile', 'cafile', 'defaultcafile'],
              ['datadir', 'datadirs', 'defaultdatadir'],
            ]) {
              const list = (facts as Record<string, unknown>)[key];
              const v = Array.isArray(list) ? list[0] : (facts as Record<string, unknown>)[def];
              if (typeof v === 'string') vars.set(`${component}${kind}`, v);
            }
      const found: string[] = [];
      for (const f of readdirSync(join(dir, 'cfg', 'hostile')).filter((n) => n !== 'config.yaml')) {
        const doc = parse(readFileSync(join(dir, 'cfg', 'hostile', f), 'utf8')) as {
          groups: Array<{ checks: Array<Record<string, string>> }>;
        };
        for (const g of doc.groups)
          for (const c of g.checks) for (const k of ['audit', 'audit_config', 'audit_env']) if (c[k]) found.push(c[k]);
      }
      expect(found.length).toBeGreaterThanOrEqual(values.length * 3);
      for (const a of found) expect(runAudit(a, vars), a).toEqual([]);
      // The path went in whole, as one word, not as commands.
      expect(found.join('\n')).toContain(`'/etc/x; echo pwned > ${box}/cli-1 #'`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a benchmark whose file roles are hostile paths exports, re-imports to the identical subjects, and its audits only read', async () => {
    const values = [...hostile('role').filter((h) => h.startsWith('/') && !h.includes('\n')), '/etc/a b', "/etc/it's"];
    const controls = values
      .map(
        (h, i) => `      - id: "1.${i + 1}"
        title: File ${i + 1} is private
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: file, role: ${JSON.stringify(h)}, attribute: ${i % 2 ? 'owner' : 'mode'} }]
            op: ${i % 2 ? 'eq' : 'bitmask'}
            value: ${i % 2 ? 'root:root' : '"600"'}`,
      )
      .join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'bw-sandbox-roles-'));
    try {
      writeFileSync(
        join(dir, 'roles.yaml'),
        `id: roles\ntitle: Roles\nversion: "0.1"\nkubernetes: ["1.34"]\nvariant: generic\nsource: { format: benchwright, path: roles.yaml }\nsections:\n  - id: "1"\n    title: Files\n    target: master\n    controls:\n${controls}\n`,
      );
      const r = await run(['export', 'kube-bench', 'roles.yaml', '--out', 'cfg'], dir);
      expect([r.code, r.stdout]).toEqual([0, expect.not.stringContaining('not encoded')]);
      const back = await run(['import', 'kube-bench', 'cfg/roles', '--out', 'back.yaml'], dir);
      expect(back.code, back.stderr).toBe(0);
      const doc = parse(readFileSync(join(dir, 'back.yaml'), 'utf8')) as {
        sections: Array<{ controls: Array<{ checks: Array<{ subjects: Array<{ role: string }> }> }> }>;
      };
      expect(doc.sections[0].controls.map((c) => c.checks[0].subjects[0].role)).toEqual(values);
      const master = parse(readFileSync(join(dir, 'cfg', 'roles', 'master.yaml'), 'utf8')) as {
        groups: Array<{ checks: Array<{ audit: string }> }>;
      };
      const audits = master.groups[0].checks.map((c) => c.audit);
      expect(audits).toHaveLength(values.length);
      for (const a of audits) expect(runAudit(a), a).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an allow-list goes into the kubectl audit as data: hostile names only read, exempt what they name, and read back', async () => {
    // Namespaces and Pod name globs a benchmark could hold: quotes, $( ), backticks, backslashes, regex characters.
    const entries = [
      { namespace: 'kube-system', name: 'kube-proxy-*' },
      { namespace: "it's", name: `a"b$(echo pwned > ${box}/allow-1)*` },
      { namespace: `ns\`echo pwned > ${box}/allow-2\``, name: `x'; echo pwned > ${box}/allow-3; '*` },
      { namespace: 'dots', name: 'a.b+c(d)[e]\\f-*' },
    ];
    const allow = entries
      .map(
        (e) => `          - { namespace: ${JSON.stringify(e.namespace)}, name: ${JSON.stringify(e.name)}, why: test }`,
      )
      .join('\n');
    const text = `id: allow
title: Allow
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: allow.yaml }
sections:
  - id: "5"
    title: Policies
    target: policies
    controls:
      - id: "5.1"
        title: No host network
        assessment: manual
        scored: false
        checks:
          - subjects: [{ kind: api-object, resource: Pod, field: spec.hostNetwork }]
            op: noteq
            value: "true"
        allowList:
${allow}
`;
    const dir = mkdtempSync(join(tmpdir(), 'bw-sandbox-allow-'));
    try {
      writeFileSync(join(dir, 'allow.yaml'), text);
      const r = await run(['export', 'kube-bench', 'allow.yaml', '--out', 'cfg'], dir);
      expect(r.code, r.stderr).toBe(0);
      const back = await run(['import', 'kube-bench', 'cfg/allow', '--out', 'back.yaml'], dir);
      expect(back.code, back.stderr).toBe(0);
      const doc = parse(readFileSync(join(dir, 'back.yaml'), 'utf8')) as {
        sections: Array<{ controls: Array<{ allowList?: Array<{ namespace: string; name: string }> }> }>;
      };
      expect(doc.sections[0].controls[0].allowList).toEqual(entries);
      const policies = parse(readFileSync(join(dir, 'cfg', 'allow', 'policies.yaml'), 'utf8')) as {
        groups: Array<{ checks: Array<{ audit: string }> }>;
      };
      const audit = policies.groups[0].checks[0].audit;
      // A kubectl that prints a Pod list: the Pods named by the allow-list, hostile names included.
      const pods = (extra: boolean) => ({
        items: [
          { metadata: { namespace: 'kube-system', name: 'kube-proxy-7xq2p' }, spec: { hostNetwork: true } },
          { metadata: { namespace: "it's", name: `a"b$(echo pwned > ${box}/allow-1)zz` }, spec: { hostNetwork: true } },
          {
            metadata: { namespace: entries[2].namespace, name: `x'; echo pwned > ${box}/allow-3; 'q` },
            spec: { hostNetwork: true },
          },
          { metadata: { namespace: 'dots', name: 'a.b+c(d)[e]\\f-1' }, spec: { hostNetwork: true } },
          // `.` in a name is a dot, not any character.
          ...(extra
            ? [{ metadata: { namespace: 'dots', name: 'aXb+c(d)[e]\\f-1' }, spec: { hostNetwork: true } }]
            : []),
          { metadata: { namespace: 'default', name: 'app' }, spec: {} },
        ],
      });
      const says = (extra: boolean) => {
        writeFileSync(join(work, 'pods.json'), JSON.stringify(pods(extra)));
        writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\ncat ${join(work, 'pods.json')}\n`, { mode: 0o755 });
        const before = listing(box);
        const out = spawnSync('sh', ['-c', audit], {
          cwd: work,
          env: { PATH: bin, HOME: work, TMPDIR: work },
          encoding: 'utf8',
          timeout: 10_000,
        });
        const after = listing(box);
        const changed = [...after.keys()].filter((k) => before.get(k) !== after.get(k));
        return { out: out.stdout.trim(), changed };
      };
      expect(says(false)).toEqual({ out: 'is_compliant: true', changed: [] });
      expect(says(true)).toEqual({ out: 'is_compliant: false', changed: [] });
    } finally {
      rmSync(join(bin, 'kubectl'), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a line break in a path is refused with exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-sandbox-export-'));
    try {
      writeFileSync(
        join(dir, 'h.yaml'),
        `id: h
title: H
version: "0.1"
kubernetes: ["1.34"]
variant: generic
source: { format: benchwright, path: h.yaml }
sections:
  - id: "1"
    title: Files
    target: master
    controls:
      - id: "1.1"
        title: T
        assessment: automated
        scored: true
        checks:
          - subjects: [{ kind: file, role: /etc/x, attribute: mode, component: kube-apiserver }]
            op: bitmask
            value: "600"
        kubeBench:
          audit: { kind: cat, file: { path: "/etc/a\\ntouch b" }, guard: none }
          tests: { items: [{ flag: x }] }
`,
      );
      const r = await run(['export', 'kube-bench', 'h.yaml', '--out', 'cfg'], dir);
      expect([r.code, r.stderr]).toEqual([
        2,
        "export kube-bench: a file path '/etc/a\\ntouch b' holds a line break or control character, expected a value an audit can quote safely\n",
      ]);
      expect(readdirSync(dir)).toEqual(['h.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('the sandbox catches a command that writes (the test can fail)', () => {
  expect(runAudit(`cat /etc/x; echo pwned > ${box}/control`)).toEqual(['control']);
  execFileSync('rm', ['-f', join(box, 'control')]);
});

describe('import warns about audits that do more than read', () => {
  it.each([
    ['cat /etc/x; touch /tmp/PWNED #', 'runs touch'],
    ['stat -c %a /etc/x > /etc/y', 'redirects output to the file /etc/y'],
    ["/bin/sh -c 'if test -e /x; then rm -rf /x; fi'", 'runs rm'],
    ['ps -ef | grep kubelet | tee /tmp/out', 'runs tee'],
    ['echo $(chmod 777 /etc/shadow)', 'runs chmod'],
    ['find /etc -name x -delete', 'runs find -delete'],
    ['find /etc -exec chown root {} \\;', 'runs chown'],
    ['kubectl delete pod x', 'runs kubectl delete'],
    ['sed -i s/a/b/ /etc/x', 'runs sed -i (edits a file in place)'],
    ['ls | xargs rm', 'runs rm'],
  ])('%s', (audit, why) => {
    expect(auditWrites(audit)).toBe(why);
  });

  it.each([
    'ps -ef | grep kube-apiserver | grep -v grep',
    "/bin/sh -c 'if test -e $kubeletconf; then stat -c permissions=%a $kubeletconf; fi'",
    'find /var/lib/cni/networks -type f 2> /dev/null | xargs --no-run-if-empty stat -c %U:%G',
    'stat -c %U:%G <path/to/cni/files>',
    'journalctl -u kubelet 2>&1 | grep -c "> x"',
    "echo 'rm -rf / > /dev/sda'",
    'curl -k -s -o /dev/null -w "%{http_code}" https://localhost:10250',
    'kubectl get pods -A -o json | jq .items',
  ])('%s only reads', (audit) => {
    expect(auditWrites(audit)).toBeUndefined();
  });
});
