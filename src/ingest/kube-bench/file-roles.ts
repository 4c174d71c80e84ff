// Well-known literal paths in kube-bench audits, named by what they are rather than
// where one installer puts them. Unlisted paths keep the path itself as their role.
import type { Component } from '../../model/check.js';

export const pathRoles: ReadonlyArray<{ re: RegExp; role: string; component?: Component }> = [
  { re: /manifests\/kube-apiserver\.(ya?ml|manifest)$/, role: 'kube-apiserver manifest', component: 'kube-apiserver' },
  {
    re: /manifests\/kube-controller-manager\.(ya?ml|manifest)$/,
    role: 'kube-controller-manager manifest',
    component: 'kube-controller-manager',
  },
  { re: /manifests\/kube-scheduler\.(ya?ml|manifest)$/, role: 'kube-scheduler manifest', component: 'kube-scheduler' },
  { re: /manifests\/etcd\.(ya?ml|manifest)$/, role: 'etcd manifest', component: 'etcd' },
  { re: /\/(super-)?admin\.conf$/, role: 'admin kubeconfig' },
  { re: /\/scheduler\.conf$/, role: 'kube-scheduler kubeconfig', component: 'kube-scheduler' },
  {
    re: /\/controller-manager\.conf$/,
    role: 'kube-controller-manager kubeconfig',
    component: 'kube-controller-manager',
  },
  { re: /\/kubelet\.conf$/, role: 'kubelet kubeconfig', component: 'kubelet' },
  { re: /\/pki\/?\*?\.crt$/, role: 'PKI certificate files' },
  { re: /\/pki\/?\*?\.key$/, role: 'PKI key files' },
  { re: /\/pki\/?$/, role: 'PKI directory' },
  { re: /\/var\/lib\/etcd\/?$/, role: 'etcd data directory', component: 'etcd' },
  { re: /\/cni\/|\(\(CNI_[A-Z_]*\)\)/, role: 'CNI configuration files' },
  { re: /\/var\/lib\/kubelet\/config\.ya?ml$/, role: 'kubelet config file', component: 'kubelet' },
  { re: /10-kubeadm\.conf$|kubelet\.service$/, role: 'kubelet service file', component: 'kubelet' },
];

const kindRoles: Record<string, string> = {
  svc: 'service file',
  kubeconfig: 'kubeconfig',
  cafile: 'client CA file',
  datadir: 'data directory',
};

const manifestComponents = new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);

/** The role of a file reached through a kube-bench variable such as $etcddatadir. */
export function variableRole(component: Component | undefined, kind: string, name: string): string {
  const who = component ?? name;
  if (kind === 'conf') return `${who} ${component && manifestComponents.has(component) ? 'manifest' : 'config file'}`;
  return `${who} ${kindRoles[kind] ?? kind}`;
}

export function pathRole(path: string): { role: string; component?: Component } {
  for (const r of pathRoles) if (r.re.test(path)) return { role: r.role, component: r.component };
  return { role: path };
}
