// npm run fuzz [-- RUNS]: the fuzz suites with thousands of cases and a fresh seed, printed
// first so a failure can be replayed: BENCHWRIGHT_FUZZ_SEED=<seed> npm run fuzz.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const runs = process.argv[2] ?? process.env.BENCHWRIGHT_FUZZ_RUNS ?? '2000';
const seed = process.env.BENCHWRIGHT_FUZZ_SEED ?? String(randomInt(2 ** 31));
console.log(`fuzz: ${runs} cases, seed ${seed} (replay with BENCHWRIGHT_FUZZ_SEED=${seed} npm run fuzz -- ${runs})`);
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz', '--reporter', 'verbose'], {
  stdio: 'inherit',
  env: { ...process.env, BENCHWRIGHT_FUZZ_RUNS: runs, BENCHWRIGHT_FUZZ_SEED: seed },
});
console.log(`fuzz: seed ${seed}`);
process.exit(r.status ?? 1);
