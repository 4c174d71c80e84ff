export { Benchmark, Control, Section, Target } from './model/benchmark.js';
export { Check, Component, Operator, Subject } from './model/check.js';
export { compareIds } from './model/ids.js';
export { InputError } from './model/problem.js';
export { importKubeBench } from './ingest/kube-bench/import.js';
export { readKubeBenchFolder } from './ingest/kube-bench/read.js';
export { loadBenchmark } from './ingest/load.js';
export { parseBenchmark, serializeBenchmark } from './ingest/native.js';
export { main } from './cli/main.js';
