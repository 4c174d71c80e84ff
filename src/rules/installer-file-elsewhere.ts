import type { Rule } from './types.js';
import { finding, rel, setting } from './helpers.js';
import { installerNodeAt } from './ground/nodes.js';
import { controlMay, kubeBenchOn, sharedByControl, forControl } from './ground/standing.js';
import { fieldOfFlag, fileRole } from '../evaluate/knowledge.js';
import { configMapFile, resolveSetting } from '../evaluate/settings.js';
import { lookup } from '../node/bundle.js';
import { dedupe } from './helpers.js';

/**
 * A file check on a file the installer does not put on the host: the component reads it from
 * a ConfigMap projected into its Pods (kubeadm's kube-proxy kubeconfig). A scanner that looks
 * on the host finds nothing, so its verdict says nothing about the file; the finding says
 * where the setting lives instead.
 */
export const installerFileElsewhere: Rule = {
  id: 'installer-file-elsewhere',
  title: 'File the installer keeps off the host',
  rationale:
    'A permission or ownership check on a file that the installer keeps in a ConfigMap, not on the node, ' +
    'fails or passes on the absence of the file; what protects it there is access to the ConfigMap.',
  categories: ['not-applicable'],
  check(ctx) {
    const fact = ctx.installer?.facts['configmap-files'];
    if (!fact) return [];
    if (!controlMay(ctx, this.id, (c) => c.checks.some((k) => k.subjects.some((s) => s.kind === 'file')))) return [];
    // A control that already accepts the file's absence asks nothing the installer's node cannot answer.
    if (ctx.control.checks.some((c) => c.op === 'absent' && c.subjects.some((s) => s.kind === 'file'))) return [];
    const node = installerNodeAt(ctx.installer?.id, ctx.release);
    if (!node) return [];
    const found = sharedByControl(ctx, this.id, () => {
      for (const check of ctx.control.checks) {
        const s = check.subjects[0];
        if (s.kind !== 'file' || check.op === 'absent') continue;
        const role = fileRole(s.role);
        if (!role?.setting) continue;
        const { component, flag } = role.setting;
        const v = resolveSetting({ bundle: node, release: ctx.release }, component, { flag });
        if (v.state !== 'value' || !v.value || lookup(node, v.value)) continue;
        const mounted = configMapFile(node, component, v.value);
        // Read from the component's config file in the ConfigMap (kube-proxy's clientConnection.kubeconfig),
        // not from a flag: name the field, and no line of the reference node's own rendering of that file.
        const field = v.source.startsWith('ConfigMap ') ? fieldOfFlag(ctx.release, component, flag) : undefined;
        const read = field
          ? `${component} ${field} in the file its --config names, ${v.source.replace(/:\d+$/, '')}`
          : `${component} --${flag} from ${v.source}`;
        if (mounted) return { s, role: s.role, component, path: v.value, read, where: mounted.shownAs };
      }
      return undefined;
    });
    if (!found) return [];
    const scanner = kubeBenchOn(ctx, node);
    // An audit that already reads the file only where it exists (`if test -e`) needs no change
    // for that: what is left to say is where the installer keeps it.
    const audit = ctx.control.kubeBench?.audit;
    const guarded = audit !== undefined && 'guard' in audit && audit.guard === 'exists';
    const attribute = found.s.kind === 'file' ? found.s.attribute : 'mode';
    const elsewhere = `(${ctx.installer!.title}: ${found.where.replace(/ [^ ]+$/, '')})`;
    return forControl(ctx, [
      finding(ctx, {
        ruleId: this.id,
        category: 'not-applicable',
        severity: 'low',
        message:
          `On ${ctx.installer!.title}'s nodes in ${rel(ctx)} the ${found.role} (${found.path}, ${found.read}) ` +
          `is not a file of the host: ${ctx.installer!.title} keeps it in ` +
          `${found.where}, projected into ${found.component}'s Pods. A scan of the host finds no file, so kube-bench's ` +
          `${scanner.status} on ${node.name} says nothing about it. Who can read it is decided by RBAC on that ` +
          `ConfigMap; the kubeconfig holds no key of its own (its credentials are the Pod's service account token).`,
        subject: setting(found.s),
        evidence: dedupe([...fact.evidence]),
        suggestion: guarded
          ? {
              action: 'rewrite-audit',
              headline: `Say in the remediation where an installer keeps the ${found.role} instead of the node`,
              proposal:
                `Add to the remediation that where an installer keeps the file in a ConfigMap ${elsewhere} ` +
                `there is no file to check on the node, and access to it is a matter of RBAC on that ConfigMap.`,
            }
          : {
              action: 'rewrite-audit',
              headline: `Check the ${found.role} only where it is a file of the node`,
              proposal:
                `Check the file's ${attribute} only where it exists on the node, and say in the remediation that ` +
                `where an installer keeps it in a ConfigMap ${elsewhere} access to it is a matter of RBAC on that ConfigMap.`,
            },
      }),
    ]);
  },
};
