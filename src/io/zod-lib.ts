// zod for synchronous code that needs it only sometimes (a node's static Pods and DaemonSets):
// loaded on first use, and the same copy the rest of benchwright imports. Requiring 'zod' would
// load its CommonJS build, a second zod; requiring the file `import` resolves to loads the ES
// module itself (require of an ES module, Node ≥ 20.19), once per process.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Zod from 'zod';

let lib: typeof Zod | undefined;

export function zodLib(): typeof Zod {
  lib ??= createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('zod'))) as typeof Zod;
  return lib;
}
