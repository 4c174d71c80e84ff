// The evaluation of the newest benchmark and release on the kubeadm reference node: which
// controls pass or fail on a real cluster. `benchwright evaluate` (another piece of work) will
// produce it; until then referenceNodeEvaluation returns undefined and the report shows
// nothing for it. Nothing here is made up.
import type { Child } from './html.js';
import { h } from './html.js';

export interface NodeEvaluation {
  /** What was evaluated, e.g. "kubeadm 1.34 control-plane node". */
  readonly node: string;
  readonly benchmark: string;
  readonly release: string;
  readonly results: ReadonlyArray<{
    readonly controlId: string;
    readonly status: 'pass' | 'fail' | 'warn' | 'info';
    readonly detail?: string;
  }>;
}

/** Fill in once `evaluate` exists: read its result for this pair. */
export function referenceNodeEvaluation(benchmark: string, release: string): NodeEvaluation | undefined {
  void benchmark;
  void release;
  return undefined;
}

export function evaluationSection(e: NodeEvaluation | undefined, controlHref: (id: string) => string): Child[] {
  if (!e) return [];
  const count = (s: string) => e.results.filter((r) => r.status === s).length;
  return [
    h('h2', { id: 'evaluation' }, `${e.benchmark} on the ${e.node} (Kubernetes ${e.release})`),
    h('p', {}, `${count('pass')} pass, ${count('fail')} fail, ${count('warn')} warn, ${count('info')} info.`),
    h(
      'table',
      {},
      h('caption', {}, 'Result per control on the reference node'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'control'),
          h('th', { scope: 'col' }, 'result'),
          h('th', { scope: 'col' }, 'detail'),
        ),
      ),
      h(
        'tbody',
        {},
        e.results.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('a', { href: controlHref(r.controlId) }, r.controlId)),
            h('td', {}, r.status),
            h('td', {}, r.detail ?? ''),
          ),
        ),
      ),
    ),
  ];
}
