import type { Check, Subject } from '../model/check.js';
import type { Flag, ReleaseSnapshot } from '../k8s/snapshot.js';
import { releaseComponents, type ReleaseComponent } from '../k8s/snapshot.js';
import type { Finding, RuleContext } from './types.js';

export function isReleaseComponent(c: string | undefined): c is ReleaseComponent {
  return releaseComponents.includes(c as ReleaseComponent);
}

export function flagOf(release: ReleaseSnapshot, component: ReleaseComponent, flag: string): Flag | undefined {
  const name = flag.replace(/^--?/, '');
  return release.flags[component].find((f) => f.name === name);
}

export function fieldOf(release: ReleaseSnapshot, component: ReleaseComponent, path: string) {
  for (const k of Object.values(release.configs)) {
    if (k.component !== component) continue;
    const f = k.fields.find((x) => x.path === path);
    if (f) return f;
  }
  return undefined;
}

export function setting(s: Subject): { component?: string; setting: string } {
  switch (s.kind) {
    case 'flag': return { component: s.component, setting: s.flag };
    case 'config': return { component: s.component, setting: s.path };
    case 'feature-gate': return { component: s.component, setting: `feature gate ${s.gate}` };
    case 'admission-plugin': return { component: 'kube-apiserver', setting: `admission plugin ${s.plugin}` };
    case 'file': return { ...(s.component ? { component: s.component } : {}), setting: `${s.role} ${s.attribute}` };
    case 'api-object': return { setting: `${s.resource} ${s.raw}` };
    case 'unknown': return { ...(s.component ? { component: s.component } : {}), setting: s.raw };
  }
}

export function finding(ctx: RuleContext, f: Omit<Finding, 'controlId'>): Finding {
  return { controlId: ctx.control.id, ...f };
}

export function* subjects(ctx: RuleContext): Generator<{ check: Check; subject: Subject }> {
  for (const check of ctx.control.checks) for (const subject of check.subjects) yield { check, subject };
}

export const rel = (ctx: RuleContext) => `Kubernetes ${ctx.release.release}`;
