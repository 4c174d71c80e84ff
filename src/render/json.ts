// Every `--format json` output is one object that says what it is (`kind`) and which version of
// its shape (`schemaVersion`), with a JSON Schema in schema/<kind>.schema.json (src/model/outputs.ts).
// A shape changes only with a new schemaVersion.

/** What each command's JSON is. */
export type OutputKind =
  | 'benchmark-list'
  | 'benchmark'
  | 'release-list'
  | 'release'
  | 'release-diff'
  | 'check'
  | 'matrix'
  | 'diff'
  | 'lineage'
  | 'review'
  | 'evaluation'
  | 'test-cases';

export const schemaVersion = 1;

/** `{ kind, schemaVersion, ...body }`, two-space indented, ending in a newline. */
export function jsonOutput(kind: OutputKind, body: object): string {
  return `${JSON.stringify({ kind, schemaVersion, ...body }, null, 2)}\n`;
}
