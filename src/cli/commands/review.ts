// review: a drafted version as a pull-request reviewer reads it.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { folderToReplace } from '../write.js';
import type { Benchmark } from '../../model/benchmark.js';
import { inputError } from '../../model/problem.js';
import type { Review } from '../../review/index.js';
import { terminalWidth, type Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';
import { checkInstaller, loadBenchmarkRef, loadKnowledge } from '../load.js';
import { formatHelp, formatOf, releaseForms } from '../options.js';
import { namedReleases } from '../release-names.js';

const formats = ['text', 'markdown', 'json'] as const;

export interface ReviewCliOptions {
  release?: string[];
  installer?: string;
  out?: string;
  format: string;
  force?: boolean;
}

/** The review of `draftRef` against `baseRef`, as `review` computes it (start uses it too). */
export async function reviewOf(
  baseRef: string,
  draftRef: string,
  o: Pick<ReviewCliOptions, 'release' | 'installer'>,
  cwd: string,
): Promise<{ review: Review; base: Benchmark; draft: Benchmark }> {
  const knowledge = await loadKnowledge();
  checkInstaller(knowledge, o.installer);
  const [base, draft] = [
    (await loadBenchmarkRef(baseRef, cwd)).benchmark,
    (await loadBenchmarkRef(draftRef, cwd)).benchmark,
  ];
  const [{ openRelease, shippedHistory, shippedReleases }, { reviewDraft }, { compareVersions }] = await Promise.all([
    import('../../k8s/load.js'),
    import('../../review/index.js'),
    import('../../model/ids.js'),
  ]);
  const shipped = shippedReleases();
  const wanted = o.release ?? draft.kubernetes.filter((k) => shipped.includes(k));
  if (!wanted.length)
    throw inputError(
      draftRef,
      `targets Kubernetes ${draft.kubernetes.join(', ') || '(none)'}, none ` +
        `of which is shipped; expected --release VERSION or a snapshot file`,
    );
  const releases = [];
  for (const r of wanted) releases.push(await openRelease(r, cwd));
  const history = shippedHistory();
  for (const r of releases) if (!history.some((h) => h.release === r.release)) history.push(r);
  history.sort((a, b) => compareVersions(a.release, b.release));
  const review = reviewDraft({
    base,
    draft,
    releases,
    history,
    knowledge,
    ...(o.installer ? { installer: o.installer } : {}),
  });
  return { review, base, draft };
}

export function registerReview(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  program
    .command('review <base> <draft>')
    .description(
      'review a drafted version: the diff, each changed control before → after on reference nodes, findings left and introduced',
    )
    .option(
      '--release <version...>',
      `releases: ${releaseForms}, or snapshot files; default: the shipped releases the draft targets`,
    )
    .option('--installer <name>', "evaluate on this installer's reference node and check as installed by it (kubeadm)")
    .option('--out <dir>', 'write pull-request.md (the description) and details.md there instead of printing')
    .option('--format <format>', formatHelp(formats), 'text')
    .option('--force', 'with --out: replace files edited since they were written')
    .action(async (baseRef: string, draftRef: string, o: ReviewCliOptions) => {
      const format = formatOf(o.format, formats);
      if (o.out !== undefined && format !== 'text')
        throw inputError('--out', 'writes markdown files, expected either --out DIR or --format');
      const dir = o.out !== undefined ? resolve(io.cwd, o.out) : undefined;
      if (o.out !== undefined && !o.out.trim())
        throw inputError('--out', 'empty value, expected a folder for the review');
      if (dir) folderToReplace(o.out!, '--out', io.cwd, 'a folder for the review');
      const release = o.release && (await namedReleases(io, '--release', o.release));
      const { review } = await reviewOf(baseRef, draftRef, { ...o, release }, io.cwd);
      const render = await import('../../review/render.js');
      const { capMarkdown, githubCommentLimit } = await import('../../render/budget.js');
      if (dir) {
        const [{ writeFolder }, { stamp, stampLine }] = await Promise.all([
          import('../../export/write.js'),
          import('../../export/stamp.js'),
        ]);
        const md = (text: string) => stamp(`<!-- ${stampLine} -->\n${text}`);
        writeFolder(
          dir,
          new Map([
            // The description is pasted into a pull request: it fits GitHub's limit; details.md is whole.
            [
              'pull-request.md',
              md(capMarkdown(render.pullRequestMarkdown(review), githubCommentLimit - 200, 'details.md')),
            ],
            ['details.md', md(render.detailsMarkdown(review))],
          ]),
          { shownAs: o.out, force: o.force, what: 'the review' },
        );
        out(`${relative(io.cwd, dir) || '.'}: pull-request.md and details.md`);
        out(render.reviewText(review, terminalWidth(io)));
      } else if (format === 'json') io.stdout.write(jsonOutput('review', review));
      // One markdown document: the description first, the details after it.
      else if (format === 'markdown')
        out(
          capMarkdown(
            `${render.pullRequestMarkdown(review)}\n${render.detailsMarkdown(review)}`,
            githubCommentLimit,
            `benchwright review ${baseRef} ${draftRef} --out DIR`,
          ),
        );
      else out(render.reviewText(review, terminalWidth(io)));
    });
}
