// `draft`: the next version of a benchmark, as its author would write it from the findings.
import type { ReleaseSnapshot } from '../k8s/snapshot.js';
import type { Benchmark } from '../model/benchmark.js';
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import type { CheckReport } from '../rules/check.js';
import { type Drafted, type DraftOptions, draftBenchmark } from './apply.js';
import { draftText } from './render.js';

export type { Cause, Change, Drafted, DraftOptions, Skipped } from './apply.js';
export { draftBenchmark, editOf } from './apply.js';
export { mergeDraft } from './merge.js';
export { draftText } from './render.js';

export interface DraftRequest extends DraftOptions {
  /** The drafted version (`1.13`); default: the base's, the draft named `<id>-draft`. */
  readonly version?: string;
  readonly installer?: string;
  /** The file the draft is written to, recorded as its source. */
  readonly file: string;
}

const safe = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Id, version, title and releases of the drafted version. */
export function draftIdentity(
  base: Benchmark,
  releases: readonly string[],
  version: string | undefined,
): Pick<Benchmark, 'id' | 'version' | 'title' | 'kubernetes'> {
  if (version !== undefined && (!safe.test(version) || /^\.+$/.test(version)))
    throw inputError('--version', `'${version}' cannot name a benchmark, expected a version such as 1.13`);
  const v = version ?? base.version;
  const id =
    version === undefined
      ? `${base.id}-draft`
      : base.id.endsWith(base.version)
        ? `${base.id.slice(0, -base.version.length)}${version}`
        : `${base.id}-${version}`;
  const title =
    `${base.title.includes(base.version) ? base.title.replace(base.version, v) : base.title} ` +
    `(draft for Kubernetes ${releases.join(', ')})`;
  return { id, version: v, title, kubernetes: [...new Set(releases)].sort(compareVersions) };
}

export interface DraftResult {
  readonly drafted: Drafted;
  readonly text: string;
}

export function draft(
  base: Benchmark,
  reports: readonly CheckReport[],
  releases: readonly ReleaseSnapshot[],
  request: DraftRequest,
): DraftResult {
  const names = releases.map((r) => r.release);
  const d = draftBenchmark(base, reports, releases, request);
  const benchmark: Benchmark = {
    ...d.benchmark,
    ...draftIdentity(base, names, request.version),
    source: { format: 'benchwright', path: request.file.split(/[\\/]/).pop() ?? request.file },
  };
  const drafted = { ...d, benchmark };
  const text = draftText(drafted, {
    base: { id: base.id, version: base.version },
    releases: names,
    ...(request.installer ? { installer: request.installer } : {}),
    ...(request.accept ? { accept: request.accept } : {}),
  });
  return { drafted, text };
}
