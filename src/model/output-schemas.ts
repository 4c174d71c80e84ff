// schema/output/<kind>.schema.json, generated from the zod shapes of src/model/outputs.ts.
import { z } from 'zod';
import { outputs } from './outputs.js';

/** Each output kind's JSON Schema file, by path under the repository root. */
export function outputJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [kind, shape] of Object.entries(outputs)) {
    const schema = z.toJSONSchema(shape, { io: 'output', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    const out = {
      $schema: schema.$schema,
      $id: `https://benchwright.dev/schema/output/${kind}.schema.json`,
      title: `benchwright --format json: ${kind}`,
      ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
    };
    files.set(`schema/output/${kind}.schema.json`, `${JSON.stringify(out, null, 2)}\n`);
  }
  return files;
}
