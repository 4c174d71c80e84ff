// What a kubeadm configuration file changes on the reference node, apart from reading one
// (kubeadm-config.ts, with its schemas): building the default node needs only this.

export type ControlPlaneComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd';

export interface ExtraVolume {
  readonly name: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly pathType?: string;
}

/** What a kubeadm configuration changes on the reference node. */
export interface KubeadmChanges {
  readonly extraArgs: Partial<Record<ControlPlaneComponent, Array<[string, string]>>>;
  readonly extraVolumes: Partial<Record<ControlPlaneComponent, ExtraVolume[]>>;
  readonly kubeletExtraArgs: Array<[string, string]>;
  /** KubeletConfiguration fields (dotted paths) the file sets. */
  readonly kubelet: Record<string, unknown>;
  /** KubeProxyConfiguration fields the file sets. */
  readonly proxy: Record<string, unknown>;
  readonly nodeName?: string;
  readonly advertiseAddress?: string;
  readonly serviceSubnet?: string;
  readonly podSubnet?: string;
  readonly dnsDomain?: string;
  readonly clusterName?: string;
  readonly etcdDataDir?: string;
}

export const noChanges: KubeadmChanges = {
  extraArgs: {},
  extraVolumes: {},
  kubeletExtraArgs: [],
  kubelet: {},
  proxy: {},
};
