// kubeadm's implementation-details page → the flags it writes per control-plane
// component. The page is prose and partly stale; the overlay corrects it and the
// build reports each disagreement.
import type { ReleaseComponent } from '../snapshot.js';
import { cleanValue, parseMarkdown, plainText } from './markdown.js';
import type { RootContent } from 'mdast';

const sections: Array<[RegExp, ReleaseComponent | 'etcd']> = [
  [/^api ?server$/i, 'kube-apiserver'],
  [/^controller ?manager$/i, 'kube-controller-manager'],
  [/^scheduler$/i, 'kube-scheduler'],
  [/local etcd/i, 'etcd'],
];

export interface KubeadmPage {
  flags: Partial<Record<ReleaseComponent | 'etcd', Record<string, string>>>;
  hostNetwork: boolean;
}

export function extractKubeadm(markdown: string): KubeadmPage {
  const tree = parseMarkdown(markdown, { gfm: false });
  const flags: KubeadmPage['flags'] = {};
  let current: ReleaseComponent | 'etcd' | undefined;
  let hostNetwork = false;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const t = plainText(node).trim();
      current = sections.find(([re]) => re.test(t))?.[1];
      continue;
    }
    if (/hostNetwork:\s*true/.test(plainText(node as RootContent))) hostNetwork = true;
    if (!current || node.type !== 'list') continue;
    // "Other … flags that are set unconditionally": list items that start with a flag in code.
    for (const item of node.children) {
      const para = item.children[0];
      if (para?.type !== 'paragraph') continue;
      const first = para.children[0];
      if (first?.type !== 'inlineCode' || !first.value.startsWith('--')) continue;
      const [name, value] = first.value.slice(2).split('=', 2);
      let v = value;
      if (v === undefined) {
        const rest = para.children.slice(1);
        const code = rest.find((c) => c.type === 'inlineCode');
        if (code && code.type === 'inlineCode' && /\bto\b/.test(plainText(rest[0] as RootContent))) v = code.value;
        // "--enable-admission-plugins to:" followed by a list of plugins.
        const sub = item.children.find((c) => c.type === 'list');
        if (sub && sub.type === 'list') {
          const names = sub.children
            .map(
              (li) =>
                plainText(li)
                  .trim()
                  .match(/^([A-Z][A-Za-z]+)/)?.[1],
            )
            .filter(Boolean);
          if (names.length) v = names.join(',');
        }
      }
      flags[current] = { ...flags[current], [name]: cleanValue(v) ?? '' };
    }
  }
  return { flags, hostNetwork };
}
