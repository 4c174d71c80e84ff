import { existsSync, readdirSync } from 'node:fs';
import { readInput } from '../io/read.js';
import { join, resolve } from 'node:path';
import { compareVersions } from '../model/ids.js';
import { inputError } from '../model/problem.js';
import { dataDir } from '../paths.js';
import type { Change, ReleaseSnapshot } from './snapshot.js';

export const releasesDir = join(dataDir, 'kubernetes');

export function serializeSnapshot(s: ReleaseSnapshot): string {
  return JSON.stringify(s, null, 1) + '\n';
}

/** changes.json: every release's change events by version, oldest first (see shippedHistory). */
export function serializeChanges(byRelease: Readonly<Record<string, readonly Change[]>>): string {
  const sorted = Object.keys(byRelease).sort(compareVersions);
  return `${JSON.stringify(Object.fromEntries(sorted.map((r) => [r, byRelease[r]])), null, 1)}\n`;
}

export function shippedReleases(dir = releasesDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.\d+\.json$/.test(f))
    .map((f) => f.slice(0, -5))
    .sort(compareVersions);
}

/**
 * A shipped release by version (`1.24`, `v1.24`). Shipped snapshots are generated (a test
 * rebuilds and validates them), so they are only parsed: no schema library at start-up.
 */
export function shippedRelease(version: string, option = '--release'): ReleaseSnapshot {
  const v = version.replace(/^v/, '');
  const file = join(releasesDir, `${v}.json`);
  if (version.trim() === '')
    throw inputError(option, 'empty value, expected a release such as 1.34 or a snapshot file');
  if (!/^\d+\.\d+$/.test(v) || !existsSync(file)) {
    const shipped = shippedReleases();
    throw inputError(
      option,
      `no shipped release ${version}, expected one of ${shipped.join(', ') || '(none shipped)'} or a snapshot file`,
    );
  }
  return JSON.parse(readInput(file, { kind: 'release snapshot', shownAs: version })) as ReleaseSnapshot;
}

// Every key of a snapshot: the history's snapshots are read on first use of any of them.
const snapshotKeys = {
  release: true,
  configFiles: true,
  flags: true,
  unlisted: true,
  configs: true,
  flagFields: true,
  gates: true,
  removedGates: true,
  admission: true,
  kubeadm: true,
  etcd: true,
  sources: true,
  changes: true,
} as const satisfies Record<keyof ReleaseSnapshot, true>;

// One object per shipped release and process: rules memoise their indexes per snapshot object.
const historyMemo = new Map<string, ReleaseSnapshot>();

let shippedChanges: Readonly<Record<string, Change[]>> | undefined;

/** A shipped release's change events from changes.json (written with the snapshots), if it has them. */
function changesOfShipped(version: string): Change[] | undefined {
  if (!shippedChanges) {
    try {
      shippedChanges = JSON.parse(readInput(join(releasesDir, 'changes.json'), { kind: 'release snapshot' })) as Record<
        string,
        Change[]
      >;
    } catch {
      shippedChanges = {};
    }
  }
  return Object.hasOwn(shippedChanges, version) ? shippedChanges[version] : undefined;
}

/**
 * Every shipped release, oldest first, each read from its file when a rule first looks past its
 * version: checking one release against the history usually needs a few of the others and the
 * change events of all (changes.json), not all twenty-odd files (a tenth of a `check`).
 */
export function shippedHistory(): ReleaseSnapshot[] {
  return shippedReleases().map((v) => {
    let s = historyMemo.get(v);
    if (!s) {
      let read: ReleaseSnapshot | undefined;
      const load = () => (read ??= shippedRelease(v));
      const props: PropertyDescriptorMap = {};
      for (const key of Object.keys(snapshotKeys) as Array<keyof ReleaseSnapshot>)
        props[key] =
          key === 'release'
            ? { value: v, enumerable: true }
            : key === 'changes'
              ? // What rules read of most other releases: their change events, for evidence. Always
                // from changes.json when it has the release, whether or not the rest was read (a test
                // holds it equal to each snapshot's own list).
                { get: () => changesOfShipped(v) ?? load().changes, enumerable: true }
              : { get: () => load()[key], enumerable: true };
      s = Object.defineProperties({}, props) as ReleaseSnapshot;
      historyMemo.set(v, s);
    }
    return s;
  });
}

/**
 * What the user named: a shipped release or a snapshot file. A file is checked against the
 * schema first (loaded only then), so bad input is one input error naming what is wrong,
 * never a crash further on. `option` is what the user wrote the value for, named when it is empty.
 */
export async function openRelease(ref: string, cwd = process.cwd(), option = '--release'): Promise<ReleaseSnapshot> {
  if (ref.trim() === '') throw inputError(option, 'empty value, expected a release such as 1.34 or a snapshot file');
  if (/^v?\d+\.\d+$/.test(ref)) return shippedRelease(ref, option);
  const text = readInput(resolve(cwd, ref), { kind: 'release snapshot', shownAs: ref });
  const { parseSnapshot } = await import('./parse.js');
  return parseSnapshot(text, ref);
}
