// Release vs release: what changed, with evidence where the notes or overlay give it.
import { compareText } from '../model/ids.js';
import type { Evidence, ReleaseSnapshot } from './snapshot.js';
import { releaseComponents } from './snapshot.js';

export interface ReleaseChange {
  readonly area: 'flag' | 'field' | 'gate' | 'plugin' | 'kubeadm';
  readonly component?: string;
  readonly name: string;
  /** `undocumented`: gone from the reference page with no removal on record (pflag hides deprecated flags). */
  readonly change:
    | 'added'
    | 'removed'
    | 'undocumented'
    | 'deprecated'
    | 'default-changed'
    | 'stage-changed'
    | 'inert'
    | 'changed';
  readonly from?: string;
  readonly to?: string;
  readonly evidence: Evidence[];
}

export function diffReleases(a: ReleaseSnapshot, b: ReleaseSnapshot, component?: string): ReleaseChange[] {
  const out: ReleaseChange[] = [];
  const ev = (kind: string, name: string, comp?: string) =>
    b.changes
      .filter(
        (c) => c.kind === kind && c.name.replace(/^--/, '') === name && (!comp || !c.component || c.component === comp),
      )
      .flatMap((c) => c.evidence);
  for (const c of releaseComponents) {
    if (component && component !== c) continue;
    const fa = new Map(a.flags[c].map((f) => [f.name, f]));
    const fb = new Map(b.flags[c].map((f) => [f.name, f]));
    for (const [n, f] of fa) {
      const g = fb.get(n);
      if (!g) {
        const evidence = ev('flag', n, c);
        out.push({
          area: 'flag',
          component: c,
          name: `--${n}`,
          change: evidence.length ? 'removed' : 'undocumented',
          evidence,
        });
      } else {
        if (!f.deprecated && g.deprecated)
          out.push({ area: 'flag', component: c, name: `--${n}`, change: 'deprecated', evidence: ev('flag', n, c) });
        if (!f.inert && g.inert)
          out.push({ area: 'flag', component: c, name: `--${n}`, change: 'inert', evidence: ev('flag', n, c) });
        if (f.default !== g.default)
          out.push({
            area: 'flag',
            component: c,
            name: `--${n}`,
            change: 'default-changed',
            from: f.default,
            to: g.default,
            evidence: [],
          });
      }
    }
    for (const n of fb.keys())
      if (!fa.has(n)) out.push({ area: 'flag', component: c, name: `--${n}`, change: 'added', evidence: [] });
  }
  for (const [kind, cb] of Object.entries(b.configs)) {
    if (component && component !== cb.component) continue;
    const fa = new Map((a.configs[kind]?.fields ?? []).map((f) => [f.path, f]));
    const fb = new Map(cb.fields.map((f) => [f.path, f]));
    for (const [p, f] of fa) {
      const g = fb.get(p);
      if (!g) out.push({ area: 'field', component: kind, name: p, change: 'removed', evidence: [] });
      else {
        if (!f.deprecated && g.deprecated)
          out.push({ area: 'field', component: kind, name: p, change: 'deprecated', evidence: [] });
        if (f.default !== g.default)
          out.push({
            area: 'field',
            component: kind,
            name: p,
            change: 'default-changed',
            from: f.default,
            to: g.default,
            evidence: [],
          });
      }
    }
    for (const p of fb.keys())
      if (!fa.has(p)) out.push({ area: 'field', component: kind, name: p, change: 'added', evidence: [] });
  }
  if (!component) {
    const ga = new Map(a.gates.map((g) => [g.name, g]));
    const gb = new Map(b.gates.map((g) => [g.name, g]));
    for (const [n, g] of ga) {
      const h = gb.get(n);
      if (!h) out.push({ area: 'gate', name: n, change: 'removed', evidence: ev('gate', n) });
      else if (g.stage !== h.stage || g.default !== h.default)
        out.push({
          area: 'gate',
          name: n,
          change: 'stage-changed',
          from: `${g.stage} (default ${g.default})`,
          to: `${h.stage} (default ${h.default})`,
          evidence: ev('gate', n),
        });
    }
    for (const n of gb.keys()) if (!ga.has(n)) out.push({ area: 'gate', name: n, change: 'added', evidence: [] });
    const pa = new Set(a.admission.available);
    const pb = new Set(b.admission.available);
    for (const p of pa)
      if (!pb.has(p)) out.push({ area: 'plugin', name: p, change: 'removed', evidence: ev('plugin', p) });
    for (const p of pb) if (!pa.has(p)) out.push({ area: 'plugin', name: p, change: 'added', evidence: [] });
    for (const p of b.changes.filter((x) => x.kind === 'plugin' && x.change === 'deprecated'))
      out.push({ area: 'plugin', name: p.name, change: 'deprecated', evidence: p.evidence });
  }
  for (const [comp, fb] of Object.entries(b.kubeadm.flags)) {
    if (component && component !== comp) continue;
    const fa = a.kubeadm.flags[comp as keyof typeof a.kubeadm.flags] ?? {};
    for (const n of new Set([...Object.keys(fa), ...Object.keys(fb ?? {})])) {
      const x = fa[n];
      const y = fb?.[n];
      if (x !== y)
        out.push({
          area: 'kubeadm',
          component: comp,
          name: `--${n}`,
          change: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed',
          ...(x !== undefined ? { from: x } : {}),
          ...(y !== undefined ? { to: y } : {}),
          evidence: [],
        });
    }
  }
  return out.sort((x, y) =>
    compareText(
      `${x.area}\u0000${x.component ?? ''}\u0000${x.name}\u0000${x.change}`,
      `${y.area}\u0000${y.component ?? ''}\u0000${y.name}\u0000${y.change}`,
    ),
  );
}
