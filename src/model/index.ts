export * from './benchmark.js';
export * from './check.js';
export * from './ids.js';
export * from './problem.js';
