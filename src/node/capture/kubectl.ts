// The API objects section-5 controls read, as `kubectl get … -o json` prints them. benchwright
// has no API client of its own: with --kubeconfig it runs the kubectl on PATH (read-only
// verbs, bounded in time and output), and without kubectl the user runs the same command
// elsewhere and passes its output with --objects. Secrets keep their metadata, never data.
import { spawnSync } from 'node:child_process';
import type { Benchmark } from '../../model/benchmark.js';
import { inputError } from '../../model/problem.js';
import type { ApiObject } from '../schema.js';
import { redactObject } from './redact.js';

/** Kinds the workload and RBAC controls read (Pods include workloads' templates), besides the benchmarks' own. */
const baseResources = [
  'clusterrolebindings',
  'clusterroles',
  'cronjobs',
  'daemonsets',
  'deployments',
  'jobs',
  'namespaces',
  'networkpolicies',
  'pods',
  'replicasets',
  'replicationcontrollers',
  'rolebindings',
  'roles',
  'secrets',
  'serviceaccounts',
  'statefulsets',
];

/** Resources kubectl cannot `get` (a review is a request, not a stored object). */
const notListable = new Set(['subjectaccessreview', 'selfsubjectaccessreview', 'tokenreview']);

function* objects(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v && typeof v === 'object') {
    yield v as Record<string, unknown>;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

/** The resources to get: the base list and every api-object resource a benchmark names. */
export function resourcesFor(benchmarks: readonly Benchmark[]): string[] {
  const out = new Set(baseResources);
  for (const b of benchmarks)
    for (const o of objects(b.sections))
      if (o.kind === 'api-object' && typeof o.resource === 'string') {
        const r = o.resource.toLowerCase();
        if (!notListable.has(r)) out.add(r.endsWith('s') ? r : `${r}s`);
      }
  return [...out].sort();
}

/** The commands a user runs where kubectl is (what --kubeconfig runs). */
export function kubectlCommands(resources: readonly string[], kubeconfig = '$KUBECONFIG'): string[][] {
  return [
    ['kubectl', '--kubeconfig', kubeconfig, 'get', resources.join(','), '--all-namespaces', '-o', 'json'],
    ['kubectl', '--kubeconfig', kubeconfig, '-n', 'kube-system', 'get', 'configmap/kube-proxy', '-o', 'json'],
  ];
}

/** Items of kubectl's output (a List, or one object), Secrets without data. */
export function objectsOfOutput(text: string, shownAs: string): ApiObject[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw inputError(shownAs, `is not JSON (${(e as Error).message}), expected kubectl get … -o json output`);
  }
  const items = (o: unknown): unknown[] =>
    o &&
    typeof o === 'object' &&
    (o as { kind?: unknown }).kind === 'List' &&
    Array.isArray((o as { items?: unknown }).items)
      ? (o as { items: unknown[] }).items.flatMap(items)
      : [o];
  const out: ApiObject[] = [];
  for (const o of items(v)) {
    if (!o || typeof o !== 'object') continue;
    const r = o as Record<string, unknown>;
    if (typeof r.apiVersion !== 'string' || typeof r.kind !== 'string') continue;
    const { managedFields: _m, ...meta } = (r.metadata ?? {}) as Record<string, unknown>;
    out.push(redactObject({ ...r, ...(r.metadata ? { metadata: meta } : {}) }) as ApiObject);
  }
  return out;
}

/** Run kubectl with a kubeconfig; a missing kubectl or a failing call is an input error saying what to run instead. */
export function kubectlObjects(kubeconfig: string, resources: readonly string[], env: NodeJS.ProcessEnv): ApiObject[] {
  const out: ApiObject[] = [];
  for (const [cmd, ...args] of kubectlCommands(resources, kubeconfig)) {
    const r = spawnSync(cmd, [...args, '--request-timeout=30s'], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const shown = [cmd, ...args].join(' ');
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw inputError(
        '--kubeconfig',
        `kubectl is not on PATH, expected kubectl to read the API objects; run '${shown}' where kubectl is and pass its output with --objects FILE`,
      );
    if (r.error) throw inputError('--kubeconfig', `${shown} did not finish (${r.error.message})`);
    if (r.status !== 0) {
      // A missing ConfigMap (no kube-proxy) is not an error of the capture.
      if (shown.includes('configmap/kube-proxy') && /NotFound|not found/.test(r.stderr)) continue;
      throw inputError('--kubeconfig', `${shown} failed: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`}`);
    }
    out.push(...objectsOfOutput(r.stdout, shown));
  }
  return out;
}
