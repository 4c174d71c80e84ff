// Release vs release: what changed, each change with its evidence (the note or overlay entry
// that records it, else the page of the newer release that shows it). Snapshots are already
// reconciled, so a flag only leaves when a removal is on record; one the page hides is
// `hidden`, not removed; one that reappears existed all along.
import { compareText, compareVersions } from '../model/ids.js';
import { normalDefault } from './reconcile/defaults.js';
import { dedupe, gatePageEvidence, pageEvidence } from './reconcile/evidence.js';
import type { Change, Evidence, Flag, KubeadmDefaults, ReleaseComponent, ReleaseSnapshot } from './snapshot.js';
import { releaseComponents } from './snapshot.js';

export interface ReleaseChange {
  /** `etcd`: the etcd kubeadm deploys (its version, the flags its configuration page lists). */
  readonly area: 'flag' | 'field' | 'gate' | 'plugin' | 'kubeadm' | 'etcd';
  readonly component?: string;
  readonly name: string;
  /**
   * `hidden`: the reference page no longer lists the flag, which a later page or the overlay shows
   * the binary still accepts (pflag hides deprecated flags); `unlisted`: the page stopped listing
   * it and nothing is on record either way (neither accepted nor removed).
   */
  readonly change:
    | 'added'
    /**
     * The page lists a flag for the first time that is not shown to be new: already deprecated
     * (pflag hid it before), its `experimental-` twin on the older page, or the older page an
     * older generator's output (no deprecation markers where the newer has many). First
     * documented here, not added.
     */
    | 'listed'
    /**
     * A config kind with no page in the older release: documented from here on, with no claim that
     * it (or any field of it) is new (kubeadm's ClusterConfiguration has existed since before 1.13,
     * its first config-api page in the corpus is 1.21).
     */
    | 'documented'
    | 'removed'
    | 'hidden'
    | 'unlisted'
    | 'deprecated'
    | 'default-changed'
    /**
     * A config field's documented default changed and nothing else shows the behaviour did: no note
     * names the field, no flag that sets it changed default. The default is the type's comment,
     * and a comment corrected (kubelet shutdownGracePeriod "30s" → "0s" in 1.21, PR 99735, a fix of
     * the comment) cannot be told from a change.
     */
    | 'default-documented'
    | 'stage-changed'
    | 'locked'
    | 'renamed'
    | 'inert'
    | 'changed';
  readonly from?: string;
  readonly to?: string;
  readonly evidence: Evidence[];
}

const configApiEvidence = (kind: string, release: string): Evidence => ({
  kind: 'doc',
  ref: `${kind}, v${release}`,
  url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/config-api/`,
});
/** A field the config-api page alone shows (the Go-type facts do not): it cites that page. */
const pageOnly = (f: { inert?: boolean; evidence?: readonly Evidence[] }): boolean =>
  !f.inert && (f.evidence ?? []).some((e) => e.ref.startsWith('config-api/'));
/** The config-api pages of a release for one kind in one API version (the kind there, or not). */
const configVersionEvidence = (kind: string, apiVersion: string, release: string, absent = false): Evidence => ({
  kind: 'doc',
  ref: `${absent ? `no ${kind} in ` : `${kind} `}${apiVersion}, v${release}`,
  url: `https://v${release.replace('.', '-')}.docs.kubernetes.io/docs/reference/config-api/`,
});
const kubeadmEvidence: Evidence = {
  kind: 'doc',
  ref: 'kubeadm-manifests',
  url: 'https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/phases/controlplane/manifests.go',
};

/** The gate's source line, where Kubernetes' source gave its state; else the fallback. */
const sourceOr = (g: { evidence?: Evidence[] }, fallback: Evidence): Evidence[] => {
  const src = (g.evidence ?? []).filter((e) => e.kind === 'source');
  if (src.length) return src;
  // A gate no gate page lists, read from a component's --feature-gates help: that reference page.
  const help = (g.evidence ?? []).filter(
    (e) => e.url.includes('/command-line-tools-reference/') && !e.url.includes('/feature-gates/'),
  );
  return help.length ? help : [fallback];
};

const changedDefault = (x: string | undefined, y: string | undefined): boolean =>
  x !== undefined && y !== undefined && normalDefault(x) !== normalDefault(y);

/**
 * What shows a flag b lists for the first time is new in b, not an older one first documented:
 * the config field it sets is new in b, or b adds the same flag to another component.
 */
function newFlagEvidence(a: ReleaseSnapshot, b: ReleaseSnapshot, c: ReleaseComponent, name: string): Evidence[] {
  const path = b.flagFields[c]?.[name];
  if (path !== undefined)
    for (const [kind, k] of Object.entries(b.configs)) {
      if (k.component !== c || !k.fields.some((f) => f.path === path)) continue;
      if (!(a.configs[kind]?.fields ?? []).some((f) => f.path === path)) return [configApiEvidence(kind, b.release)];
    }
  for (const other of releaseComponents) {
    if (other === c) continue;
    const g = b.flags[other].find((f) => f.name === name);
    const before =
      a.flags[other].some((f) => f.name === name) || (a.unlisted?.[other] ?? []).some((f) => f.name === name);
    if (g && !g.deprecated && !g.hidden && !before) return [pageEvidence(other, b.release)];
  }
  return [];
}

// "listed" claims the flag is older than its first page, so it needs a sign of that: the older
// page printed no deprecated flags of its own (its generator hid them: the kubelet's 1.13–1.15
// pages, kube-apiserver's 1.34 page), or the config field the flag stands for already existed
// (kube-scheduler's --hard-pod-affinity-symmetric-weight, field in 1.15, first listed 1.16).
// Otherwise a deprecated flag first printed on a page that prints deprecated flags is new:
// kube-scheduler's --pod-max-in-unschedulable-pods-duration is new in 1.24, deprecated at birth.
/** Deprecated flags the page itself marks (not those only a note or PR deprecates). */
const pageMarks = (s: ReleaseSnapshot, c: ReleaseComponent): number =>
  s.flags[c].filter((f) => f.deprecated && !f.hidden && !(f.evidence ?? []).some((e) => e.kind === 'pr')).length;

function olderFlagShown(a: ReleaseSnapshot, c: ReleaseComponent, name: string): boolean {
  // One stray marker (the kubelet's 1.15 page has one) is not a page that prints them.
  if (pageMarks(a, c) < 2) return true;
  const field = name.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
  return Object.values(a.configs).some(
    (k) => k.component === c && k.fields.some((f) => f.path.split('.').at(-1) === field),
  );
}

/**
 * The older page of another component that lists the flag (not hidden there), or the last page
 * that listed it where the other component's page has since stopped (the kubelet's cAdvisor
 * flags, unlisted from 1.20: kube-proxy's 1.21 page prints --boot-id-file).
 */
function sharedOlder(a: ReleaseSnapshot, c: ReleaseComponent, name: string): Evidence | undefined {
  for (const other of releaseComponents)
    if (other !== c && a.flags[other].some((f) => f.name === name && !f.hidden)) return pageEvidence(other, a.release);
  for (const other of releaseComponents) {
    const u = other === c ? undefined : (a.unlisted?.[other] ?? []).find((f) => f.name === name);
    if (u?.lastListed) return pageEvidence(other, u.lastListed);
  }
  // Hidden there, with the record that keeps it (the kubelet's cAdvisor flags from 1.20).
  for (const other of releaseComponents) {
    const h = other === c ? undefined : a.flags[other].find((f) => f.name === name && f.hidden);
    if (h?.evidence?.length) return h.evidence[0];
  }
  return undefined;
}

/** A flag name with its word separators swapped (`boot_id_file` ↔ `boot-id-file`), where that differs. */
function otherSpelling(name: string): string[] {
  return [name.replace(/_/g, '-'), name.replace(/-/g, '_')].filter((x) => x !== name);
}

/**
 * Whether something beyond the type's comment shows a config field's default changed from a to b:
 * a note of b names the field, or a flag that sets it changed default on the pages.
 */
function shownChange(a: ReleaseSnapshot, b: ReleaseSnapshot, owner: string, path: string): boolean {
  if (b.changes.some((c) => c.kind === 'field' && c.name === path && c.change === 'default-changed')) return true;
  const c = owner as ReleaseComponent;
  // The mapped flag, or the one whose name is the field's in kebab case in any letter case
  // (--kube-api-burst, kubeAPIBurst).
  const flat = path.toLowerCase();
  for (const g of b.flags[c] ?? []) {
    if (b.flagFields[c]?.[g.name] !== path && g.name.replace(/-/g, '') !== flat) continue;
    if (changedDefault(a.flags[c]?.find((f) => f.name === g.name)?.default, g.default)) return true;
  }
  return false;
}

/**
 * Whether a field lies under one whose type comes from another Go package
 * (`serviceconfigv1alpha1.ServiceControllerConfiguration`, KubeControllerManagerConfiguration's
 * ServiceController from 1.20, when the type moved to k8s.io/cloud-provider): the derived facts do
 * not expand such types, so its fields are not known there, neither gone nor new.
 */
function unexpanded(fields: ReadonlyMap<string, { type?: string }>, path: string): boolean {
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const t = fields.get(parts.slice(0, i).join('.'))?.type ?? '';
    if (/^[*[\]]*[a-z][a-z0-9]*\.[A-Z]\w*$/.test(t)) return true;
  }
  return false;
}

/**
 * The field's parent, where the older page listed it with the same struct type but none of its
 * fields: the page did not expand the type (CloudControllerManagerConfiguration's
 * Generic.ClientConnection, a component-base ClientConnectionConfiguration, first expanded on the
 * 1.32 page), so the fields it now lists are first documented, not new. A config struct with no
 * fields is not something the config APIs have.
 */
function unlistedParent(
  fa: ReadonlyMap<string, { type?: string }>,
  fb: ReadonlyMap<string, { type?: string }>,
  path: string,
): string | undefined {
  const parent = path.split('.').slice(0, -1).join('.');
  if (!parent) return undefined;
  const t = fa.get(parent)?.type;
  if (!t || !/^[A-Z]\w*$/.test(t) || fb.get(parent)?.type !== t) return undefined;
  for (const q of fa.keys()) if (q.startsWith(`${parent}.`)) return undefined;
  return parent;
}

export function diffReleases(a: ReleaseSnapshot, b: ReleaseSnapshot, component?: string): ReleaseChange[] {
  const out: ReleaseChange[] = [];
  // The changes b records on a subject (its notes, the overlay, the lifecycles).
  const recorded = (kind: Change['kind'], name: string, change: Change['change'], comp?: string): Evidence[] =>
    b.changes
      .filter(
        (c) =>
          c.kind === kind &&
          c.name.replace(/^--/, '') === name &&
          c.change === change &&
          (!comp || !c.component || c.component === comp),
      )
      .flatMap((c) => c.evidence);
  const or = (xs: Evidence[], fallback: Evidence): Evidence[] => (xs.length ? xs : [fallback]);

  for (const c of releaseComponents) {
    if (component && component !== c) continue;
    const page = pageEvidence(c, b.release);
    const fa = new Map(a.flags[c].map((f) => [f.name, f]));
    const fb = new Map(b.flags[c].map((f) => [f.name, f]));
    const ua = new Set((a.unlisted?.[c] ?? []).map((f) => f.name));
    const ub = new Map((b.unlisted?.[c] ?? []).map((f) => [f.name, f]));
    const flag = (
      name: string,
      change: ReleaseChange['change'],
      evidence: Evidence[],
      extra: Partial<ReleaseChange> = {},
    ) => out.push({ area: 'flag', component: c, name: `--${name}`, change, ...extra, evidence });
    for (const [n, f] of fa) {
      const g = fb.get(n);
      if (!g) {
        // Still listed under its other spelling: the same flag (see otherSpelling).
        if (otherSpelling(n).some((x) => fb.has(x))) continue;
        const u = ub.get(n);
        if (u) flag(n, 'unlisted', [page, ...recorded('flag', n, 'deprecated', c)]);
        else flag(n, 'removed', or(recorded('flag', n, 'removed', c), page));
        continue;
      }
      const deprecation = recorded('flag', n, 'deprecated', c);
      const hides = !f.hidden && g.hidden;
      // Hidden and deprecated at once with nothing but the page to show for it: one line, `hidden`.
      // The record b's flag gained with it (a removal releases later, a class that keeps the flag) says why.
      const gained = (g.evidence ?? []).filter((e) => !(f.evidence ?? []).some((x) => x.url === e.url));
      if (hides) flag(n, 'hidden', dedupe([page, ...deprecation, ...gained]));
      // Hidden in a on a record (the overlay) where a's page is an older generator's output that
      // could not show it, and on b's page: first documented there, with that record (kubelet
      // --config and --allowed-unsafe-sysctls, PR 63717, 1.11, missing from the stale 1.13–1.15
      // pages). Not a flag a current page hid (pflag hides deprecated flags): that one may have
      // been documented before it was hidden (--enable-logs-handler, listed to 1.15, again 1.35).
      if (f.hidden && !g.hidden && (f.evidence ?? []).length && pageMarks(a, c) < 2 && pageMarks(b, c) >= 2)
        flag(n, 'listed', dedupe([page, ...(f.evidence ?? [])]));
      // A deprecation no note of b names may carry its own record (a class deprecation's PR, where
      // b's page prints no marker: the dockershim flags of 1.21, PR 98730): that, not the page.
      const carried = (g.evidence ?? []).filter(
        (e) => e.kind === 'pr' && !(f.evidence ?? []).some((x) => x.ref === e.ref),
      );
      if (!f.deprecated && g.deprecated && !(hides && !deprecation.length))
        flag(n, 'deprecated', or(deprecation.length ? deprecation : carried, page));
      if (!f.inert && g.inert) flag(n, 'inert', or(recorded('flag', n, 'inert', c), page));
      // A default one page leaves out is not a change, unless a note records the change (pflag
      // prints no zero default: --audit-log-maxage 0 → 366 in 1.36); nor is a hidden flag's (no
      // page, no new default), nor a new way of writing the same value (2m0s, 2m).
      const defaultNote = recorded('flag', n, 'default-changed', c);
      const noted = defaultNote.length > 0 && f.default !== g.default && (g.default ?? '') !== '';
      if ((changedDefault(f.default, g.default) || noted) && !g.hidden)
        flag(n, 'default-changed', [page, ...defaultNote], {
          ...(f.default !== undefined ? { from: f.default } : {}),
          ...(g.default !== undefined ? { to: g.default } : {}),
        });
    }
    const globalSetFirstPrinted = !fa.has('v') && !ua.has('v') && fb.has('v');
    for (const [n, g] of fb) {
      if (fa.has(n)) continue;
      // Deprecated on its first listing: pflag hid it before (1.35's --admission-control), unless
      // something shows it is new: a note, a config field new in this release that it sets (the
      // kubelet's config-backed flags are deprecated from birth), or the same flag new in this
      // release for another component (the shared logging flags).
      //
      // Nor is a flag new that the older page could not show: a page from a generator that printed
      // no deprecation markers where the newer prints many is an older output kept for later
      // releases (the kubelet's 1.13–1.15 pages lack flags the binaries had: --node-status-max-images,
      // --redirect-container-streaming, named by the 1.14 notes). Without a sign it is new, the
      // flag is first documented there: `listed`. So is one whose `experimental-` twin the older
      // page lists and the newer drops (--allowed-unsafe-sysctls, 1.16): the same setting renamed.
      const twin = fa.has(`experimental-${n}`) && !fb.has(`experimental-${n}`);
      // The same flag spelled with the other word separator: the components normalize `_` to `-`
      // (cliflag.WordSepNormalizeFunc), so --boot_id_file is --boot-id-file, printed twice.
      const spelled = otherSpelling(n).some((x) => fa.has(x) || ua.has(x));
      // A page that first prints `--v` began printing the process-wide flag set (klog's flags and
      // what libraries register beside them): every Kubernetes binary has accepted --v all along,
      // so its page lacked them, the binary did not (kube-proxy's 1.21 page: kubernetes/kubernetes
      // #72975 shows --v and --log-file in kube-proxy --help in 1.14). A flag of that batch that
      // another component's older page lists is shared and older: `listed`.
      const shared = globalSetFirstPrinted && !g.hidden && !g.deprecated ? sharedOlder(a, c, n) : undefined;
      const staleOlder = !g.hidden && !g.deprecated && pageMarks(a, c) < 2 && pageMarks(b, c) >= 2;
      const noted = recorded('flag', n, 'added', c);
      const isNew = (g.deprecated || staleOlder) && !g.hidden && !twin ? newFlagEvidence(a, b, c, n) : [];
      const listed =
        !g.hidden &&
        !noted.length &&
        (twin ||
          spelled ||
          shared !== undefined ||
          (!isNew.length && (g.deprecated ? olderFlagShown(a, c, n) : staleOlder)));
      flag(
        n,
        listed ? 'listed' : 'added',
        g.hidden
          ? (g.evidence ?? [page])
          : dedupe([
              page,
              ...noted,
              ...isNew,
              ...((twin || spelled) && listed ? [pageEvidence(c, a.release)] : []),
              ...(shared && listed ? [shared] : []),
            ]),
      );
    }
    // Unlisted in a, gone from b: a removal only where one is on record; else still nothing known.
    for (const n of ua)
      if (!fb.has(n) && !ub.has(n)) {
        const removal = recorded('flag', n, 'removed', c);
        if (removal.length) flag(n, 'removed', removal);
      }
  }

  for (const [kind, cb] of Object.entries(b.configs)) {
    if (component && component !== cb.component) continue;
    const doc = configApiEvidence(kind, b.release);
    if (!a.configs[kind]) {
      // No page for the kind in the older release: whether its fields are new is not on record,
      // unless a note says the kind was added; one line for the kind, none per field.
      out.push({
        area: 'field',
        component: kind,
        name: `(${cb.fields.length} ${cb.fields.length === 1 ? 'field' : 'fields'})`,
        change: 'documented',
        evidence: [doc, ...recorded('field', kind, 'added')],
      });
      continue;
    }
    const was = a.configs[kind].apiVersion;
    // The release models the kind from another API version (the newest it serves): one line says
    // so, and the field lines below compare the two versions (1.23: kube-scheduler v1beta2 → v1beta3).
    if (was !== cb.apiVersion)
      out.push({
        area: 'field',
        component: kind,
        name: 'apiVersion',
        change: 'changed',
        from: was,
        to: cb.apiVersion,
        evidence: [configVersionEvidence(kind, cb.apiVersion, b.release), configVersionEvidence(kind, was, a.release)],
      });
    const fa = new Map((a.configs[kind]?.fields ?? []).map((f) => [f.path, f]));
    const fb = new Map(cb.fields.map((f) => [f.path, f]));
    const field = (name: string, change: ReleaseChange['change'], extra: Partial<ReleaseChange> = {}) =>
      out.push({
        area: 'field',
        component: kind,
        name,
        change,
        ...extra,
        evidence: [
          doc,
          ...recorded(
            'field',
            name,
            change === 'default-changed' || change === 'default-documented'
              ? 'default-changed'
              : change === 'deprecated'
                ? 'deprecated'
                : 'removed',
          ),
        ],
      });
    for (const [p, f] of fa) {
      const g = fb.get(p);
      if (!g && !unexpanded(fb, p)) field(p, 'removed');
      if (!g) continue;
      if (!f.deprecated && g.deprecated) field(p, 'deprecated');
      if (!f.inert && g.inert) field(p, 'inert');
      if (changedDefault(f.default, g.default))
        field(p, shownChange(a, b, cb.component, p) ? 'default-changed' : 'default-documented', {
          ...(f.default !== undefined ? { from: f.default } : {}),
          ...(g.default !== undefined ? { to: g.default } : {}),
        });
    }
    // A field only the config-api page shows (one of a struct embedded from another package, which
    // the Go-type facts do not expand: KubeSchedulerConfiguration's enableProfiling) is first
    // documented, not new, where the older release's kind has no such field: no page was read then.
    const older = [...fa.values()].some(pageOnly);
    for (const [p, g] of fb) {
      if (fa.has(p) || unexpanded(fa, p)) continue;
      const parent = unlistedParent(fa, fb, p) ?? (pageOnly(g) && !older ? p : undefined);
      if (parent)
        out.push({
          area: 'field',
          component: kind,
          name: p,
          change: 'documented',
          evidence: [doc, configApiEvidence(kind, a.release), ...recorded('field', p, 'added')],
        });
      else field(p, 'added');
    }
  }

  // A kind the older release modelled that this one does not: gone from the version the release
  // models (kubeadm's ClusterStatus is not in v1beta3) or with its API version. One line, with
  // the note where one records it and the pages that show it.
  for (const [kind, ca] of Object.entries(a.configs)) {
    if (b.configs[kind] || (component && component !== ca.component)) continue;
    const now = Object.values(b.configs).find(
      (k) => k.component === ca.component && k.apiVersion.split('/')[0] === ca.apiVersion.split('/')[0],
    );
    out.push({
      area: 'field',
      component: kind,
      name: `(kind, ${ca.fields.length} ${ca.fields.length === 1 ? 'field' : 'fields'})`,
      change: 'removed',
      from: ca.apiVersion,
      evidence: dedupe([
        ...recorded('field', kind, 'removed'),
        configVersionEvidence(kind, ca.apiVersion, a.release),
        ...(now ? [configVersionEvidence(kind, now.apiVersion, b.release, true)] : []),
      ]),
    });
  }

  if (!component) {
    const gatePage = gatePageEvidence(b.release);
    const ga = new Map(a.gates.map((g) => [g.name, g]));
    const gb = new Map(b.gates.map((g) => [g.name, g]));
    // A rename on record pairs a gate that left with one that arrived.
    const renamed = new Map(
      b.changes.filter((c) => c.kind === 'gate' && c.change === 'renamed' && c.to).map((c) => [c.name, c]),
    );
    const arrivedByRename = new Set<string>();
    for (const [n, g] of ga) {
      const h = gb.get(n);
      if (!h) {
        const r = renamed.get(n);
        if (r?.to && gb.has(r.to) && !ga.has(r.to)) {
          arrivedByRename.add(r.to);
          out.push({ area: 'gate', name: n, change: 'renamed', to: r.to, evidence: r.evidence });
        } else
          out.push({
            area: 'gate',
            name: n,
            change: 'removed',
            evidence: or(recorded('gate', n, 'removed'), gatePage),
          });
        continue;
      }
      // Where Kubernetes' source gave the gate's state, its line is what shows it (the page may
      // say otherwise: the source won).
      const shown = sourceOr(h, gatePage);
      if (g.stage !== h.stage || g.default !== h.default)
        out.push({
          area: 'gate',
          name: n,
          change: 'stage-changed',
          from: `${g.stage} (default ${g.default})`,
          to: `${h.stage} (default ${h.default})`,
          // A PR the gate cites already in the release before shows an earlier change (the 1.34
          // graduation is no evidence of the 1.35 default flip).
          evidence: dedupe([
            ...(h.evidence ?? []).filter((e) => e.kind === 'pr' && !g.evidence?.some((x) => x.ref === e.ref)),
            ...recorded('gate', n, 'graduated'),
            ...(g.stage === h.stage ? recorded('gate', n, 'default-changed') : []),
            ...shown,
          ]).slice(0, 3),
        });
      // From an unknown lock, only a lock the notes record in this step is a change: the gate
      // may have been locked all along.
      if (!g.lockedToDefault && h.lockedToDefault && (!g.lockUnknown || recorded('gate', n, 'locked').length))
        out.push({
          area: 'gate',
          name: n,
          change: 'locked',
          to: String(h.default),
          // With no lock note, the source line that locks it, else the page where it says `locked:`
          // (per-gate pages from 1.33), else a PR the gate cites (an overlay's reviewed lock).
          evidence: recorded('gate', n, 'locked').length
            ? recorded('gate', n, 'locked')
            : shown[0] === gatePage &&
                compareVersions(b.release, '1.33') < 0 &&
                h.evidence?.some((e) => e.kind === 'pr')
              ? h.evidence.filter((e) => e.kind === 'pr')
              : shown,
        });
    }
    for (const n of gb.keys())
      if (!ga.has(n) && !arrivedByRename.has(n))
        out.push({ area: 'gate', name: n, change: 'added', evidence: sourceOr(gb.get(n)!, gatePage) });
    const api = pageEvidence('kube-apiserver', b.release);
    const pa = new Set(a.admission.available);
    const pb = new Set(b.admission.available);
    for (const p of pa)
      if (!pb.has(p))
        out.push({ area: 'plugin', name: p, change: 'removed', evidence: or(recorded('plugin', p, 'removed'), api) });
    for (const p of pb) if (!pa.has(p)) out.push({ area: 'plugin', name: p, change: 'added', evidence: [api] });
    for (const p of b.changes.filter((x) => x.kind === 'plugin' && x.change === 'deprecated' && pb.has(x.name)))
      out.push({ area: 'plugin', name: p.name, change: 'deprecated', evidence: p.evidence });
  }
  for (const comp of new Set([...Object.keys(a.kubeadm.flags), ...Object.keys(b.kubeadm.flags)])) {
    // kubeadm's flags are listed by the component it sets them on: both names select them.
    if (component && component !== comp && component !== 'kubeadm') continue;
    const key = comp as keyof KubeadmDefaults['flags'];
    const fa = a.kubeadm.flags[key] ?? {};
    const fb = b.kubeadm.flags[key] ?? {};
    for (const n of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      const x = fa[n];
      const y = fb[n];
      if (x === y) continue;
      // The record of the value that arrived, else of the one that left (its entry ends there).
      const why = (y !== undefined ? b.kubeadm.evidence?.[key]?.[n] : undefined) ?? a.kubeadm.evidence?.[key]?.[n];
      out.push({
        area: 'kubeadm',
        component: comp,
        name: `--${n}`,
        change: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed',
        ...(x !== undefined ? { from: x } : {}),
        ...(y !== undefined ? { to: y } : {}),
        // Else kubeadm's code at the newer release's branch (the snapshot's source record for the component).
        evidence: why?.length
          ? why
          : b.sources?.kubeadm.flags[key]?.length
            ? b.sources.kubeadm.flags[key]
            : [kubeadmEvidence],
      });
    }
  }
  if (!component || component === 'etcd') out.push(...diffEtcd(a, b));
  return out.sort((x, y) =>
    compareText(
      `${x.area}\u0000${x.component ?? ''}\u0000${x.name}\u0000${x.change}`,
      `${y.area}\u0000${y.component ?? ''}\u0000${y.name}\u0000${y.change}`,
    ),
  );
}

const etcdPage = (version: string): Evidence => ({
  kind: 'doc',
  ref: `etcd ${version} configuration`,
  url: `https://etcd.io/docs/v${version}/op-guide/configuration/`,
});

/**
 * The etcd kubeadm deploys: its version, and the flags its configuration page lists. A flag the
 * newer page stops listing is `hidden` (the page is the only source; etcd's pages leave out some
 * flags etcd accepts), never `removed`.
 */
function diffEtcd(a: ReleaseSnapshot, b: ReleaseSnapshot): ReleaseChange[] {
  const x = a.etcd;
  const y = b.etcd;
  if (!x || !y) return [];
  // A new patch of the same minor changes the flags where a changelog dates one to a patch
  // (etcd 3.4.10's --auth-token-ttl: 3.4.9 in 1.19, 3.4.13 in 1.20). The patch is known only
  // where the notes name it; an unknown one is no change.
  const samePatch = x.version === y.version && (x.patch === y.patch || !x.patch || !y.patch);
  const page = etcdPage(y.version);
  const out: ReleaseChange[] = [];
  const version: ReleaseChange = {
    area: 'etcd',
    component: 'etcd',
    name: 'version',
    change: 'changed',
    from: x.patch ?? x.version,
    to: y.patch ?? y.version,
    evidence: y.evidence?.length ? y.evidence : [page],
  };
  const fa = new Map(x.flags.map((f) => [f.name, f]));
  const fb = new Map(y.flags.map((f) => [f.name, f]));
  const flag = (
    name: string,
    change: ReleaseChange['change'],
    extra: Partial<ReleaseChange> = {},
    evidence: Evidence[] = [page],
  ) => out.push({ area: 'etcd', component: 'etcd', name: `--${name}`, change, ...extra, evidence });
  // A flag's own record where it has one (the overlay's etcdFlags), else the page.
  const own = (g: Flag): Evidence[] => (g.evidence?.length ? g.evidence : [page]);
  const removed = new Map((y.removed ?? []).map((r) => [r.name, r.evidence]));
  for (const [n, f] of fa) {
    const g = fb.get(n);
    if (!g) {
      // Removed where etcd's changelog says so (the overlay), else only no longer documented.
      const why = removed.get(n);
      if (why) flag(n, 'removed', {}, why);
      else flag(n, 'hidden');
      continue;
    }
    // A deprecation the page does not state cites its record (the overlay's etcdFlags).
    if (!f.deprecated && g.deprecated) flag(n, 'deprecated', {}, own(g));
    if (changedDefault(f.default, g.default)) flag(n, 'default-changed', { from: f.default, to: g.default });
  }
  for (const [n, g] of fb) if (!fa.has(n)) flag(n, 'added', {}, own(g));
  return samePatch && !out.length ? [] : [version, ...out];
}
