// The evaluation of the newest benchmark and release on the kubeadm reference node: which
// controls pass or fail on a cluster a default `kubeadm init` lays down, as its components
// read their settings (evaluate's effective semantics). Deterministic: the node is built
// from reviewed knowledge, not observed.
import { evaluateBenchmark } from '../evaluate/evaluate.js';
import type { ControlResult } from '../evaluate/result.js';
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark } from '../model/benchmark.js';
import { kubeadmNode } from '../node/kubeadm.js';
import type { Child } from './html.js';
import { boxedTable, h } from './html.js';

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

/** Why a control has its status, in one line: the reason, else the checks that fail (or cannot tell). */
function detailOf(r: ControlResult): string | undefined {
  if (r.reason) return r.reason;
  const telling = r.checks.filter((c) => (r.status === 'PASS' ? c.pass : c.pass !== true));
  const shown = (telling.length ? telling : r.checks).slice(0, 2);
  return shown.length
    ? shown.map((c) => `${c.subject}: ${c.observed} (expected ${c.expected}; ${c.source})`).join('; ')
    : undefined;
}

/** The benchmark's controls evaluated on the kubeadm reference node of the release. */
export function referenceNodeEvaluation(benchmark: Benchmark, release: ReleaseSnapshot): NodeEvaluation {
  const report = evaluateBenchmark(benchmark, kubeadmNode(release), release);
  return {
    node: `kubeadm ${release.release} control-plane reference node`,
    benchmark: benchmark.id,
    release: release.release,
    results: report.results.map((r) => {
      const detail = detailOf(r);
      return {
        controlId: r.controlId,
        status: r.status.toLowerCase() as NodeEvaluation['results'][number]['status'],
        ...(detail ? { detail } : {}),
      };
    }),
  };
}

/** `controlHref` gives a control's place on its benchmark's page, where it has one. */
export function evaluationSection(
  e: NodeEvaluation | undefined,
  controlHref: (id: string) => string | undefined,
): Child[] {
  if (!e) return [];
  const count = (s: string) => e.results.filter((r) => r.status === s).length;
  return [
    h('h2', { id: 'evaluation' }, `${e.benchmark} on the ${e.node} (Kubernetes ${e.release})`),
    h('p', {}, `${count('pass')} pass, ${count('fail')} fail, ${count('warn')} warn, ${count('info')} info.`),
    // Details carry whole cipher-suite lists: they wrap, and the table scrolls in its own box.
    boxedTable(
      'evaluation',
      'Result per control on the reference node',
      {},
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
            h('th', { scope: 'row' }, linked(controlHref(r.controlId), r.controlId)),
            h('td', {}, r.status),
            h('td', { className: ['text'] }, r.detail ?? ''),
          ),
        ),
      ),
    ),
  ];
}

function linked(href: string | undefined, text: string): Child {
  return href ? h('a', { href }, text) : text;
}
