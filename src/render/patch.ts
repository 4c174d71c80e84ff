// A unified diff for a fenced `diff` block: the diff library's patch without its "Index:" and
// "====" banner, which the surrounding heading already says.
import { createTwoFilesPatch } from 'diff';

export function unifiedPatch(from: string, to: string, before: string, after: string, context: number): string {
  const patch = createTwoFilesPatch(from, to, before, after, undefined, undefined, { context });
  return patch
    .split('\n')
    .filter((l) => !l.startsWith('Index: ') && !/^=+$/.test(l))
    .join('\n')
    .trimEnd();
}
