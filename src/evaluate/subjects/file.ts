// A file a control names by role: found the way the component finds it (data/node-files.yaml),
// then its mode, owner, group or existence compared.
import { compareText } from '../../model/ids.js';
import { below, lookup, type NodeEntry } from '../../node/bundle.js';
import { processOf } from '../../node/processes.js';
import { meets } from '../compare.js';
import { fileRole, nodeFiles } from '../knowledge.js';
import { configMapFile, type EvalContext, resolveSetting } from '../settings.js';
import type { SubjectEvaluator, SubjectOutcome } from './types.js';
import { cached } from '../../model/memo.js';
import { globMatches } from '../../model/glob.js';

interface Located {
  readonly files: NodeEntry[];
  readonly how: string;
  /** Why the role has no file on this node (INFO), or cannot be located (WARN). */
  readonly missing?: { reason: string; notApplicable: boolean };
  /** Paths looked for that the node lacks. */
  readonly absent: string[];
}

// Where a role's files are, per node and release: every control on that role asks again.
const located = new WeakMap<object, Map<string, Located>>();

export function locate(ctx: EvalContext, role: string): Located {
  const byRole = cached(located, ctx.bundle, () => new Map());
  const key = `${ctx.release.release} ${role}`;
  return cached(byRole, key, () => find(ctx, role));
}

function find(ctx: EvalContext, role: string): Located {
  const r = fileRole(role);
  const at = (paths: string[], how: string): Located => {
    const files = paths.map((p) => lookup(ctx.bundle, p)).filter((e): e is NodeEntry => e !== undefined);
    return { files, how, absent: paths.filter((p) => !lookup(ctx.bundle, p)) };
  };
  if (!r)
    return role.startsWith('/')
      ? at([role], role)
      : {
          files: [],
          how: role,
          absent: [],
          missing: { reason: `no known location for '${role}'`, notApplicable: false },
        };
  if (r.staticPod) {
    const p = processOf(ctx.bundle, r.staticPod as never);
    const found = ['yaml', 'yml', 'manifest', 'json']
      .map((x) => lookup(ctx.bundle, `${staticPodPath(ctx)}/${r.staticPod}.${x}`))
      .find((e) => e);
    if (found) return { files: [found], how: `static Pod manifest of ${r.staticPod}`, absent: [] };
    return {
      files: [],
      how: 'static Pod manifest',
      absent: [],
      missing: {
        reason: p
          ? `${r.staticPod} runs, but not from a static Pod manifest`
          : `${r.staticPod} does not run as a static Pod on this node`,
        notApplicable: true,
      },
    };
  }
  if (r.setting) {
    const s = resolveSetting(ctx, r.setting.component, { flag: r.setting.flag });
    if (s.state === 'not-running')
      return {
        files: [],
        how: '',
        absent: [],
        missing: { reason: `${r.setting.component} does not run on this node`, notApplicable: true },
      };
    if (s.state !== 'value' || !s.value)
      return {
        files: [],
        how: '',
        absent: [],
        missing: { reason: `${r.setting.component} --${r.setting.flag} is not set`, notApplicable: true },
      };
    // Named as the component read it: the config field when the value came from its config file
    // (kube-proxy's clientConnection.kubeconfig on kubeadm, which passes no --kubeconfig).
    const named = s.field ? `${r.setting.component} ${s.field}` : `${r.setting.component} --${r.setting.flag}`;
    const e = lookup(ctx.bundle, s.value);
    if (!e) {
      // A path inside the component's container, projected from a ConfigMap its workload mounts.
      const mounted = configMapFile(ctx.bundle, r.setting.component, s.value);
      return {
        files: [],
        how: `${named} (${s.source})`,
        absent: [s.value],
        missing: {
          reason: mounted
            ? `${s.value} is inside ${r.setting.component}'s container (${mounted.shownAs}), not a file of the node`
            : `${s.value} (${named}, ${s.source}) is not in the bundle`,
          notApplicable: Boolean(mounted),
        },
      };
    }
    return { files: [e], how: `${named} = ${s.value} (${s.source})`, absent: [] };
  }
  if (r.systemdUnit) {
    const files: NodeEntry[] = [];
    const seen = new Set<string>();
    for (const f of nodeFiles().systemd) {
      for (const e of [
        lookup(ctx.bundle, `${f}/${r.systemdUnit}.service`),
        ...below(ctx.bundle, `${f}/${r.systemdUnit}.service.d`).filter((x) => x.path.endsWith('.conf')),
      ]) {
        if (e && e.type === 'file' && !seen.has(e.path)) {
          seen.add(e.path);
          files.push(e);
        }
      }
    }
    return files.length
      ? { files, how: `systemd unit of the ${r.systemdUnit} and its drop-ins`, absent: [] }
      : {
          files,
          how: '',
          absent: [],
          missing: { reason: `no systemd unit for the ${r.systemdUnit}`, notApplicable: true },
        };
  }
  if (r.paths) {
    const l = at(r.paths, r.paths.join(', '));
    return l.files.length
      ? l
      : { ...l, missing: { reason: `none of ${r.paths.join(', ')} is on the node`, notApplicable: true } };
  }
  if (r.below) {
    const name = r.name;
    const files = below(ctx.bundle, r.below).filter(
      (e) =>
        (name === undefined || globMatches(name, e.path.split('/').pop() ?? '', { slash: true })) &&
        (!r.files || e.type === 'file'),
    );
    return files.length
      ? { files, how: `${r.below}${r.name ? `/**/${r.name}` : ''}`, absent: [] }
      : {
          files,
          how: '',
          absent: [],
          missing: { reason: `nothing at ${r.below}${r.name ? ` named ${r.name}` : ''}`, notApplicable: true },
        };
  }
  return {
    files: [],
    how: '',
    absent: [],
    missing: { reason: `no known location for '${role}'`, notApplicable: false },
  };
}

function staticPodPath(ctx: EvalContext): string {
  const s = resolveSetting(ctx, 'kubelet', { field: 'staticPodPath' });
  return s.state === 'value' && s.value ? s.value : '/etc/kubernetes/manifests';
}

export const file: SubjectEvaluator<'file'> = {
  kind: 'file',
  evaluate: (ctx, s, check): SubjectOutcome => {
    const l = locate(ctx, s.role);
    if (s.attribute === 'exists') {
      const exists = l.files.length > 0;
      return {
        observed: exists ? 'exists' : 'missing',
        source: l.how || (l.missing?.reason ?? ''),
        pass: check.op === 'absent' ? !exists : exists,
        notes: [],
      };
    }
    if (!l.files.length)
      return {
        observed: 'no such file',
        source: l.how,
        ...(l.missing?.notApplicable ? { notApplicable: true } : {}),
        notes: [l.missing?.reason ?? ''],
      };
    const unknown: string[] = [];
    const failing: string[] = [];
    const seen: string[] = [];
    for (const e of [...l.files].sort((a, b) => compareText(a.path, b.path))) {
      const v =
        s.attribute === 'mode'
          ? e.mode
          : s.attribute === 'group'
            ? e.group
            : e.owner === undefined
              ? undefined
              : check.value?.includes(':')
                ? `${e.owner}:${e.group ?? '?'}`
                : e.owner;
      if (v === undefined) {
        unknown.push(e.path);
        continue;
      }
      seen.push(`${e.path} ${v}`);
      if (!meets(check, v)) failing.push(`${e.path} ${v}`);
    }
    const observed = failing.length ? failing.join('; ') : seen.length === 1 ? seen[0] : `${seen.length} files`;
    if (failing.length) return { observed, source: l.how, pass: false, notes: [] };
    if (unknown.length)
      return {
        observed: 'not recorded',
        source: l.how,
        notes: [`the bundle index records no ${s.attribute} for ${unknown.join(', ')}`],
      };
    return { observed, source: l.how, pass: true, notes: [] };
  },
};
