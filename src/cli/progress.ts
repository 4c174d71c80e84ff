// Progress of long work (a report, the full matrix, building release snapshots) on standard
// error, and only when it is a terminal: piped output, redirected files and CI logs stay clean.
import type { Io } from './io.js';

export interface Progress {
  /** One unit of work is done; `label` says which. */
  step(label: string): void;
  /** Clear the progress line. */
  done(): void;
}

const silent: Progress = { step() {}, done() {} };

export function progress(io: Pick<Io, 'stderr' | 'env'>, title: string, total: number): Progress {
  if (!io.stderr.isTTY || io.env.TERM === 'dumb') return silent;
  let n = 0;
  // \r and erase-line redraw one line in place.
  return {
    step(label) {
      n++;
      io.stderr.write(`\r\x1b[K${title} ${n}/${total} ${label}`);
    },
    done() {
      io.stderr.write('\r\x1b[K');
    },
  };
}
