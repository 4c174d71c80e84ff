import type { Finding, Rule, RuleContext } from './types.js';
import type { Check } from '../model/check.js';
import type { Evidence } from '../k8s/snapshot.js';
import { dedupe, finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { checkVerdict } from './ground/installer.js';
import { controlMay, effectiveOn, forControl, kubeBenchOn, sharedByControl } from './ground/standing.js';
import { verdictOf } from '../evaluate/evaluate.js';
import { expectation, meets } from '../evaluate/compare.js';
import { locate } from '../evaluate/subjects/file.js';
import type { NodeEntry } from '../node/bundle.js';
import type { Fact } from './knowledge.js';

type FileAttribute = 'mode' | 'owner' | 'group';
const attributes: ReadonlySet<string> = new Set<FileAttribute>(['mode', 'owner', 'group']);

/** The value a file check compares, as the effective evaluation reads it. */
function attributeOf(e: NodeEntry, attribute: FileAttribute, check: Check): string | undefined {
  if (attribute === 'mode') return e.mode;
  if (attribute === 'group') return e.group;
  if (e.owner === undefined) return undefined;
  return check.value?.includes(':') ? `${e.owner}:${e.group ?? '?'}` : e.owner;
}

/** A link to source at the checked release's branch, where the knowledge names one by `{release}`. */
const atRelease = (evidence: readonly Evidence[], release: string): Evidence[] =>
  evidence.map((e) => (e.url.includes('{release}') ? { ...e, url: e.url.replaceAll('{release}', release) } : e));

interface Laid {
  readonly check: Check;
  readonly role: string;
  readonly attribute: FileAttribute;
  /** `path mode` of each failing file, as the node has it. */
  readonly files: string[];
  readonly facts: Fact[];
}

/**
 * A file check the installer's default node fails because of the mode or owner the installer (or
 * its packages) gives the file, with no setting to change it: kubeadm writes the kubelet's
 * config.yaml 0644 when it creates it (upgrade keeps the mode of the file it rewrites); its packages install the kubelet unit and drop-in 0644.
 * The control is right and the node fails it; what the benchmark can add is that the fix is a
 * chmod after the installer, and when the installer undoes it.
 */
export const installerFileMode: Rule = {
  id: 'installer-file-mode',
  title: 'File mode or owner the installer lays down',
  rationale:
    'A permission or ownership check fails on every fresh install when the installer writes the file that way ' +
    'and has no setting for it; the remediation should say so, and when the installer writes the file again.',
  categories: ['installer-not-default'],
  check(ctx) {
    const inst = ctx.installer;
    if (!inst) return [];
    const facts = Object.values(inst.facts).filter((f) => f.files?.length);
    if (!facts.length) return [];
    if (
      !controlMay(ctx, this.id, (c) =>
        c.checks.some(
          (k) => k.op !== 'absent' && k.subjects.some((s) => s.kind === 'file' && attributes.has(s.attribute)),
        ),
      )
    )
      return [];
    const node = installerNodeAt(inst.id, ctx.release);
    if (!node) return [];
    const laid = sharedByControl(ctx, this.id, (): Laid[] | undefined => {
      if (verdictOf(effectiveOn(ctx, node)) !== 'fail') return undefined;
      const out: Laid[] = [];
      for (const check of ctx.control.checks) {
        const s = check.subjects[0];
        if (s.kind !== 'file' || !attributes.has(s.attribute) || check.op === 'absent') continue;
        if (checkVerdict(ctx, check, node) !== 'fail') continue;
        const attribute = s.attribute as FileAttribute;
        const failing = locate({ bundle: node, release: ctx.release }, s.role).files.filter((e) => {
          const v = attributeOf(e, attribute, check);
          return v !== undefined && !meets(check, v);
        });
        // Only what a fact with its source explains: a failing file no fact names is left unsaid.
        const named = failing.map((e) => facts.find((f) => f.files?.includes(e.path)));
        if (!failing.length || named.some((f) => f === undefined)) return undefined;
        out.push({
          check,
          role: s.role,
          attribute,
          files: failing.map((e) => `${e.path} ${attributeOf(e, attribute, check)}`),
          facts: [...new Set(named as Fact[])],
        });
      }
      return out.length ? out : undefined;
    });
    if (!laid) return [];
    const scanner = kubeBenchOn(ctx, node);
    return forControl(
      ctx,
      laid.map((l) => fileFinding(ctx, this.id, l, node.name, scanner.status)),
    );
  },
};

function fileFinding(ctx: RuleContext, ruleId: string, l: Laid, nodeName: string, scanner: string): Finding {
  const inst = ctx.installer!;
  const s = l.check.subjects[0];
  const command = l.attribute === 'mode' ? `chmod ${l.check.value ?? ''}`.trim() : 'chown';
  const paths = l.files.map((f) => f.slice(0, f.lastIndexOf(' ')));
  const statements = l.facts.map((f) => f.statement.replace(/\.$/, '')).join('; and ');
  return finding(ctx, {
    ruleId,
    category: 'installer-not-default',
    severity: 'low',
    message:
      `On ${inst.title}'s default node in ${rel(ctx)} the ${l.role} ${l.attribute} is ${l.files.join(', ')}, where the ` +
      `control asks that it ${expectation(l.check)}: ${statements}. The control is met by ${command} on every ` +
      `node after the file is laid down, and again whenever it is written anew; kube-bench reports ${scanner} ` +
      `on ${nodeName}.`,
    subject: setting(s),
    evidence: dedupe(
      atRelease(
        l.facts.flatMap((f) => f.evidence),
        ctx.release.release,
      ),
    ),
    suggestion: {
      action: 'rewrite-audit',
      headline: `Say in the remediation that ${inst.title} lays down the ${l.role} this way`,
      proposal:
        `Add to the remediation that ${inst.title} (or its packages) lays down ${paths.join(' and ')} with a ` +
        `${l.attribute} the control does not accept and has no setting for it, so the ${command} follows the ` +
        'install and is repeated whenever the file is written anew.',
    },
  });
}
