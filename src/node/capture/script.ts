// `node capture-script`: the capture as a POSIX shell script (templates/capture-node.sh) for
// nodes without Node.js, with the same watch list and flag tables as the command baked in, and
// a DaemonSet that runs it on every node with the host's paths mounted read-only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../paths.js';
import { configFlags } from './capture.js';
import type { WatchList } from './watch.js';

/** A word list as one shell assignment; the paths hold no quote (checked, never guessed). */
function assign(name: string, words: readonly string[]): string {
  for (const w of words)
    if (/['\s\\]/.test(w))
      throw new Error(`${name}: '${w}' cannot be a word of a shell list (a bug in the watch list)`);
  return `${name}='${words.join(' ')}'`;
}

export function captureScript(watch: WatchList): string {
  const template = readFileSync(join(repoRoot, 'templates', 'capture-node.sh'), 'utf8');
  const vars = [
    '# Generated from the shipped benchmarks and data/node-files.yaml (the same lists as `node capture`).',
    assign('CONFIG_FLAGS', [...configFlags].sort()),
    assign('SYSTEMD', watch.systemd),
    assign('WATCH_COPY', watch.copy),
    assign('WATCH_LIST', watch.list),
    assign(
      'WATCH_BELOW',
      watch.below.map((b) => `${b.copy ? 1 : 0}:${b.path}`),
    ),
  ].join('\n');
  return template.replace('# @watch@', vars);
}

/**
 * The script in a ConfigMap and a DaemonSet running it on every node (hostPID, the host's root
 * mounted read-only at /host), like kube-bench's job.yaml. Each Pod writes its bundle to the
 * node's /var/tmp/benchwright (the only writable mount), from where the user copies it.
 */
export function captureManifest(script: string, o: { image: string; namespace: string }): string {
  const indented = script
    .split('\n')
    .map((l) => (l ? `    ${l}` : ''))
    .join('\n');
  return `# benchwright node capture on every node: read-only host mounts, no API access.
# kubectl apply -f this file; each node then holds /var/tmp/benchwright/<node>.tar;
# kubectl delete -f this file when done.
apiVersion: v1
kind: ConfigMap
metadata:
  name: benchwright-capture
  namespace: ${o.namespace}
data:
  capture.sh: |
${indented}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: benchwright-capture
  namespace: ${o.namespace}
  labels: { app: benchwright-capture }
spec:
  selector:
    matchLabels: { app: benchwright-capture }
  template:
    metadata:
      labels: { app: benchwright-capture }
    spec:
      hostPID: true
      automountServiceAccountToken: false
      tolerations:
        - operator: Exists
      containers:
        - name: capture
          image: ${o.image}
          command: ["/bin/sh", "-c"]
          args:
            - ROOT=/host PROC=/proc OUT="/out/$NODE_NAME.tar" sh /script/capture.sh && sleep 2147483647
          env:
            - name: NODE_NAME
              valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - { name: host, mountPath: /host, readOnly: true }
            - { name: script, mountPath: /script, readOnly: true }
            - { name: out, mountPath: /out }
            - { name: tmp, mountPath: /tmp }
      volumes:
        - { name: host, hostPath: { path: / } }
        - { name: script, configMap: { name: benchwright-capture } }
        - { name: out, hostPath: { path: /var/tmp/benchwright, type: DirectoryOrCreate } }
        - { name: tmp, emptyDir: {} }
`;
}
