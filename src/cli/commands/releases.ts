// releases list | show | build | diff
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareVersions } from '../../model/ids.js';
import { inputError } from '../../model/problem.js';
import type { ReleaseChange } from '../../k8s/diff.js';
import { openRelease, serializeChanges, serializeSnapshot, shippedRelease, shippedReleases } from '../../k8s/load.js';
import {
  releaseComponents,
  type Change,
  type Evidence,
  type Flag,
  type ReleaseComponent,
  type ReleaseSnapshot,
} from '../../k8s/snapshot.js';
import {
  fieldEvidence,
  flagEvidence,
  flagFieldEvidence,
  gateEvidence,
  kubeadmFlagEvidence,
  kubeadmKubeletEvidence,
  noSourceRecorded,
} from '../../k8s/fact-evidence.js';
import { outputFolder, writeFileAtomic } from '../write.js';
import { pathType } from '../../io/read.js';
import { dictionary, own } from '../../model/own.js';
import { readFileSync } from 'node:fs';
import { progress } from '../progress.js';
import { alternatives, formatHelp, formatOf } from '../options.js';
import type { Io } from '../io.js';
import { jsonOutput } from '../../render/json.js';

/** `--component`: one of those a command knows (the components, etcd and kubeadm). */
function checkComponent(c: string | undefined, known: readonly string[]): void {
  if (c !== undefined && !known.includes(c))
    throw inputError('--component', `unknown component '${c}', expected ${alternatives(known)}`);
}

export function registerReleaseCommands(program: Command, io: Io): void {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const releases = program
    .command('releases')
    .description('Kubernetes release knowledge: per-release snapshots and their diffs');

  releases
    .command('list')
    .description('the shipped release snapshots')
    .option('--format <format>', formatHelp(['text', 'json']), 'text')
    .action((o: { format: string }) => {
      formatOf(o.format, ['text', 'json']);
      const rows = shippedReleases().map((r) => {
        const s = shippedRelease(r);
        return {
          release: r,
          flags: Object.fromEntries(releaseComponents.map((c) => [c, s.flags[c].length])),
          configKinds: Object.keys(s.configs).length,
          gates: s.gates.length,
          admissionPlugins: s.admission.available.length,
        };
      });
      if (o.format === 'json') return void io.stdout.write(jsonOutput('release-list', { releases: rows }));
      for (const r of rows)
        out(
          `${r.release.padEnd(5)} flags ${Object.values(r.flags).reduce((a, b) => a + b, 0)}  ` +
            `config kinds ${r.configKinds}  gates ${r.gates}  admission plugins ${r.admissionPlugins}`,
        );
    });

  releases
    .command('show <release>')
    .description(
      'what a release accepts (a shipped version such as 1.34, or a snapshot file): flags, config fields, gates, ' +
        'admission plugins, kubeadm defaults',
    )
    .option('--component <c>', `only this component: ${releaseComponents.join(', ')}, etcd or kubeadm`)
    .option(
      '--flag <name>',
      'one flag (with or without dashes): type, its default and, where it differs, ' +
        "the default with the component's config file, and how that file is read",
    )
    .option(
      '--field <path>',
      'one config-file field as a dotted path (authentication.anonymous.enabled): type, default',
    )
    .option('--gate <name>', 'one feature gate: stage, default and whether it is locked, as the source says')
    .option('--format <format>', formatHelp(['text', 'json']), 'text')
    .action(
      async (v: string, o: { component?: string; flag?: string; field?: string; gate?: string; format: string }) => {
        formatOf(o.format, ['text', 'json']);
        checkComponent(o.component, [...releaseComponents, 'etcd', 'kubeadm']);
        const s = await openRelease(v, io.cwd, '<release>');
        let value: unknown = s;
        const configField = (c: string, name: string): { configField?: string } => {
          const field = own(own(s.flagFields as Record<string, Record<string, string>>, c), name);
          return field ? { configField: field } : {};
        };
        // How the component reads its config file: which default applies depends on it.
        const configRule = (c: string): { configFile?: unknown } => {
          const rule = own(s.configFiles ?? {}, c);
          if (!rule) return {};
          return {
            configFile: {
              flag: `--${rule.flag}`,
              kind: rule.kind,
              precedence: rule.precedence,
              ...(rule.dropIns ? { dropIns: rule.dropIns } : {}),
            },
          };
        };
        // etcd is versioned on its own; its flags are those of the version kubeadm deploys.
        const flagsOf = (c: string): Flag[] =>
          c === 'etcd' ? (s.etcd?.flags ?? []) : (s.flags[c as keyof typeof s.flags] ?? []);
        if (o.flag) {
          const name = o.flag.replace(/^--?/, '');
          const comps: string[] = o.component ? [o.component] : [...releaseComponents, 'etcd'];
          const hits = comps.flatMap((c) =>
            flagsOf(c)
              .filter((f) => f.name === name)
              .map(({ configFile: viaFile, evidence: _own, ...f }) => {
                const field = configField(c, name);
                return {
                  component: c,
                  ...(c === 'etcd' ? { etcdVersion: s.etcd?.version } : {}),
                  ...f,
                  ...(viaFile ? { deprecatedForConfigFile: true } : {}),
                  ...evidenceOf(
                    flagEvidence(s, c as ReleaseComponent | 'etcd', flagsOf(c).find((x) => x.name === name)!),
                  ),
                  ...field,
                  // The field, and the default with the config file, come from the binding code and the kind.
                  ...(field.configField ? { configFieldEvidence: flagFieldEvidence(s, c, name) } : {}),
                  ...configRule(c),
                };
              }),
          );
          // Not documented any more, nothing on record either way: its own state, not an error.
          const unlisted = comps.flatMap((c) =>
            (own(s.unlisted ?? {}, c) ?? [])
              .filter((f) => f.name === name)
              .map((f) => ({ component: c, state: 'unlisted', ...f })),
          );
          if (!hits.length && !unlisted.length)
            throw inputError(v, `no flag --${name} in Kubernetes ${s.release}${o.component ? ` ${o.component}` : ''}`);
          value = [...hits, ...unlisted];
        } else if (o.field) {
          const hits = Object.entries(s.configs)
            .filter(([, k]) => !o.component || k.component === o.component)
            .flatMap(([kind, k]) =>
              k.fields
                .filter((f) => f.path === o.field)
                .map(({ evidence: _own, ...f }) => ({
                  kind,
                  component: k.component,
                  ...f,
                  ...evidenceOf(fieldEvidence(s, kind, k.fields.find((x) => x.path === o.field)!)),
                })),
            );
          if (!hits.length) throw inputError(v, `no config field ${o.field} in Kubernetes ${s.release}`);
          value = hits;
        } else if (o.gate) {
          const g = s.gates.find((x) => x.name === o.gate);
          if (!g)
            throw inputError(
              v,
              `no feature gate ${o.gate} in Kubernetes ${s.release}${s.removedGates.includes(o.gate) ? ' (removed)' : ''}`,
            );
          const { lockedToDefault, lockUnknown, evidence: _own, ...rest } = g;
          value = {
            ...rest,
            locked: lockUnknown ? 'unknown' : lockedToDefault === true,
            ...evidenceOf(gateEvidence(s, g)),
          };
        } else if (o.component === 'etcd') {
          if (!s.etcd) throw inputError(v, `no etcd facts for Kubernetes ${s.release}`);
          value = {
            release: s.release,
            component: 'etcd',
            version: s.etcd.version,
            ...evidenceOf(s.etcd.evidence ?? []),
            flags: flagsWithEvidence(s, 'etcd', s.etcd.flags),
            kubeadm: kubeadmFlags(s, 'etcd'),
          };
        } else if (o.component === 'kubeadm') {
          value = {
            release: s.release,
            component: 'kubeadm',
            configs: configsOf(s, 'kubeadm'),
            defaults: {
              flags: Object.fromEntries(
                Object.keys(s.kubeadm.flags).map((c) => [c, kubeadmFlags(s, c as ReleaseComponent | 'etcd')]),
              ),
              kubelet: Object.entries(s.kubeadm.kubelet).map(([field, v]) => ({
                field,
                value: v,
                ...evidenceOf(kubeadmKubeletEvidence(s, field)),
              })),
              // hostNetwork and the probe paths: kubeadm's static Pod code.
              pods: {
                hostNetwork: s.kubeadm.hostNetwork,
                probePaths: s.kubeadm.probePaths,
                ...evidenceOf(s.sources?.kubeadm.pods ?? []),
              },
            },
          };
        } else if (o.component) {
          const c = o.component as keyof typeof s.flags;
          value = {
            release: s.release,
            component: c,
            ...(s.configFiles?.[c] ? { configFile: s.configFiles[c] } : {}),
            flags: flagsWithEvidence(s, c, s.flags[c]),
            ...(s.unlisted?.[c]?.length ? { unlisted: s.unlisted[c] } : {}),
            configs: configsOf(s, c),
            kubeadm: kubeadmFlags(s, c),
          };
        }
        if (o.format === 'json') {
          // One shape: what was asked (selection) and the one answer it gets, named after what it is.
          const answer = o.flag
            ? 'flags'
            : o.field
              ? 'fields'
              : o.gate
                ? 'gate'
                : o.component
                  ? 'component'
                  : 'snapshot';
          const selection = {
            component: o.component ?? null,
            flag: o.flag ?? null,
            field: o.field ?? null,
            gate: o.gate ?? null,
          };
          return void io.stdout.write(jsonOutput('release', { release: s.release, selection, [answer]: value }));
        }
        out(textOf(value));
      },
    );

  releases
    .command('build')
    .description(
      'extract release snapshots from a docs corpus (reference/, config-api/, feature-gates/, release-notes/, ' +
        "kubeadm/, derived/, etcd/); every release of the corpus is read, since a setting's lifecycle spans releases",
    )
    .requiredOption('--corpus <dir>', 'the corpus (its kubernetes/ folder, or a folder holding one)')
    .option('--release <version>', 'only write this release')
    .option(
      '--out <dir>',
      'where to write <release>.json and changes.json (the default, relative to the current folder, is where ' +
        'a checkout keeps the shipped snapshots)',
      'data/kubernetes',
    )
    .action(async (o: { corpus: string; release?: string; out: string }) => {
      // Loaded here, not at the top: the extractors are heavy and only this command needs them.
      const outDir = outputFolder(o.out, '--out', io.cwd, 'a folder for the snapshots');
      const [{ buildCorpus, corpusReleases }, { corpusOf }] = await Promise.all([
        import('../../k8s/build.js'),
        import('../../k8s/upstream.js'),
      ]);
      let given = resolve(io.cwd, o.corpus);
      if (pathType(join(given, 'kubernetes', 'reference')) === 'folder') given = join(given, 'kubernetes');
      // Upstream checkouts (a kubernetes/website per release, a CHANGELOG, …) are read where they are.
      const corpus = corpusOf(given);
      try {
        const dir = corpus.dir;
        const all = corpusReleases(dir);
        if (!all.length)
          throw inputError(
            o.corpus,
            'no releases here, expected reference/v1.NN/ folders or upstream checkouts (a kubernetes/website ' +
              'checkout per release, kubernetes CHANGELOG/CHANGELOG-1.NN.md)',
          );
        if (o.release !== undefined && o.release.trim() === '')
          throw inputError('--release', `empty value, expected one of ${all.join(', ')}`);
        const only = o.release?.replace(/^v/, '');
        if (only !== undefined && !all.includes(only))
          throw inputError('--release', `no release ${only} in ${o.corpus}, expected one of ${all.join(', ')}`);
        // Progress for a person watching, never in a pipe or a log.
        const shown = progress(io, 'reading release', all.length);
        const built = buildCorpus(dir, { onProgress: (_done: number, _total: number, r: string) => shown.step(r) });
        shown.done();
        for (const d of only ? built.results.get(only)!.disagreements : built.disagreements)
          io.stderr.write(`note: ${d}\n`);
        // changes.json beside the snapshots holds every release's change events (what a check reads
        // of the releases it does not check): updated for the releases written, kept for the others.
        const changesPath = join(outDir, 'changes.json');
        let changes: Record<string, Change[]> = {};
        if (only && pathType(changesPath) === 'file') {
          try {
            const kept: unknown = JSON.parse(readFileSync(changesPath, 'utf8'));
            // Only lists of events keyed by a version are kept; anything else is rewritten.
            if (kept && typeof kept === 'object' && !Array.isArray(kept))
              changes = dictionary(
                Object.entries(kept).filter(
                  (e): e is [string, Change[]] => /^\d+\.\d+$/.test(e[0]) && Array.isArray(e[1]),
                ),
              );
          } catch {
            changes = {};
          }
        }
        for (const r of only ? [only] : all) changes[r] = built.results.get(r)!.snapshot.changes;
        writeFileAtomic(changesPath, serializeChanges(changes), join(o.out, 'changes.json'));
        for (const r of only ? [only] : all) {
          const { snapshot, disagreements, notes } = built.results.get(r)!;
          writeFileAtomic(join(outDir, `${r}.json`), serializeSnapshot(snapshot), join(o.out, `${r}.json`));
          const pct = (x: number, of: number) => (of ? Math.round((100 * x) / of) : 100);
          const unlisted = Object.values(snapshot.unlisted ?? {}).reduce((a, b) => a + b.length, 0);
          out(
            `${r}: ${releaseComponents.map((c) => snapshot.flags[c].length).reduce((a, b) => a + b, 0)} ` +
              `flags (${unlisted} unlisted), ${Object.keys(snapshot.configs).length} config kinds, ${snapshot.gates.length} ` +
              `gates (${snapshot.gates.filter((g) => g.lockedToDefault).length} locked), ` +
              `${snapshot.admission.available.length} admission plugins, release-note events ` +
              `kept ${notes.kept} of ${notes.total} (${pct(notes.kept, notes.total)}%), ` +
              `${notes.confirmed} of ${notes.events} applied confirmed by another source ` +
              `(${pct(notes.confirmed, notes.events)}%), ${disagreements.length} disagreements`,
          );
        }
      } finally {
        corpus.dispose();
      }
    });

  releases
    .command('diff <from> <to>')
    .description(
      'what changed between two releases (shipped versions or snapshot files); the releases between them are ' +
        'listed one step at a time',
    )
    .option(
      '--component <c>',
      `only this component's changes: ${releaseComponents.join(', ')}, etcd (the version kubeadm deploys, its ` +
        'flags, what kubeadm sets on it) or kubeadm (its defaults and config kinds)',
    )
    .option('--format <format>', formatHelp(['text', 'markdown', 'json']), 'text')
    .action(async (from: string, to: string, o: { component?: string; format: string }) => {
      formatOf(o.format, ['text', 'markdown', 'json']);
      checkComponent(o.component, [...releaseComponents, 'etcd', 'kubeadm']);
      const { diffReleases } = await import('../../k8s/diff.js');
      const a = await openRelease(from, io.cwd, '<from>');
      const b = await openRelease(to, io.cwd, '<to>');
      const shipped = shippedReleases();
      const chain = [
        a.release,
        ...shipped.filter((r) => compareVersions(r, a.release) > 0 && compareVersions(r, b.release) < 0),
        b.release,
      ];
      const steps: Array<{ from: string; to: string; changes: ReleaseChange[] }> = [];
      let prev = a;
      for (const r of chain.slice(1)) {
        const next = r === b.release ? b : shippedRelease(r);
        steps.push({ from: prev.release, to: next.release, changes: diffReleases(prev, next, o.component) });
        prev = next;
      }
      if (o.format === 'json')
        return void io.stdout.write(
          jsonOutput('release-diff', { from: a.release, to: b.release, component: o.component ?? null, steps }),
        );
      for (const s of steps) {
        out(
          o.format === 'markdown'
            ? `## Kubernetes ${s.from} → ${s.to}\n\n| area | component | name | ` +
                `change | from | to | evidence |\n|---|---|---|---|---|---|---|`
            : `Kubernetes ${s.from} → ${s.to}: ${s.changes.length} changes`,
        );
        for (const c of s.changes) {
          const ev = c.evidence.map((e) => (o.format === 'markdown' ? `[${e.ref}](${e.url})` : e.ref)).join(', ');
          const values = c.from !== undefined || c.to !== undefined ? ` (${c.from ?? '-'} → ${c.to ?? '-'})` : '';
          out(
            o.format === 'markdown'
              ? `| ${c.area} | ${c.component ?? ''} | \`${c.name}\` | ${c.change} | ${c.from ?? ''} | ${c.to ?? ''} | ${ev} |`
              : `  ${c.change.padEnd(15)} ${c.area.padEnd(7)} ` +
                  `${c.component ? `${c.component} ` : ''}${c.name}${values}${ev ? `  [${ev}]` : ''}`,
          );
        }
        if (o.format === 'markdown') out('');
      }
    });
}

/**
 * A fact's evidence as `releases show` prints it: its own and its family's source (k8s/fact-evidence.ts);
 * where there is none, `evidence: []` and a note that says so, never a blank.
 */
function evidenceOf(ev: Evidence[]): { evidence: Evidence[]; evidenceNote?: string } {
  return ev.length ? { evidence: ev } : { evidence: [], evidenceNote: noSourceRecorded };
}

function flagsWithEvidence(s: ReleaseSnapshot, c: ReleaseComponent | 'etcd', flags: readonly Flag[]) {
  return flags.map(({ evidence: _own, ...f }, i) => ({ ...f, ...evidenceOf(flagEvidence(s, c, flags[i])) }));
}

/** What kubeadm writes on a component's command line, each flag with its evidence. */
function kubeadmFlags(s: ReleaseSnapshot, c: ReleaseComponent | 'etcd') {
  return Object.entries(s.kubeadm.flags[c] ?? {}).map(([name, value]) => ({
    name,
    value,
    ...evidenceOf(kubeadmFlagEvidence(s, c, name)),
  }));
}

/** A component's config kinds, each with the sources of its fields (a field's own evidence stays with it). */
function configsOf(s: ReleaseSnapshot, owner: string) {
  return Object.fromEntries(
    Object.entries(s.configs)
      .filter(([, k]) => k.component === owner)
      .map(([kind, k]) => [kind, { ...k, ...evidenceOf(s.sources?.configs[kind] ?? []) }]),
  );
}

const isEvidence = (x: unknown): x is Evidence =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as Evidence).url === 'string' &&
  typeof (x as Evidence).ref === 'string' &&
  typeof (x as Evidence).kind === 'string' &&
  Object.keys(x).length === 3;

function textOf(v: unknown, indent = ''): string {
  // Evidence on one line: what it is, then where (the link a maintainer follows).
  if (isEvidence(v)) return `${indent}${v.ref}  ${v.url}`;
  if (Array.isArray(v))
    return v
      .map((x) =>
        x && typeof x === 'object' && !isEvidence(x)
          ? `${indent}- ${textOf(x, indent + '  ').trimStart()}`
          : `${indent}- ${isEvidence(x) ? textOf(x) : String(x)}`,
      )
      .join('\n');
  if (v && typeof v === 'object')
    return Object.entries(v)
      .filter(([k]) => k !== 'evidenceNote')
      .map(([k, x]) =>
        // No evidence: the note says so on the evidence line itself, never a blank.
        k === 'evidence' && Array.isArray(x) && x.length === 0
          ? `${indent}evidence: ${(v as { evidenceNote?: string }).evidenceNote ?? noSourceRecorded}`
          : x && typeof x === 'object'
            ? `${indent}${k}:\n${textOf(x, indent + '  ')}`
            : `${indent}${k}: ${String(x)}`,
      )
      .join('\n');
  return indent + String(v);
}
