import { z } from 'zod';
import { Benchmark } from '../model/benchmark.js';

/** The JSON Schema editors use to complete and validate benchmark files. */
export function benchmarkJsonSchema(): string {
  const schema = z.toJSONSchema(Benchmark, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const out = {
    $schema: schema.$schema,
    $id: 'https://benchwright.dev/schema/benchmark.schema.json',
    title: 'benchwright benchmark',
    description:
      'One CIS Kubernetes Benchmark version: sections, controls, and the semantic checks each control makes.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
