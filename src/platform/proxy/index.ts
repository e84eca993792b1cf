// proxy: how platform users reach a virtual cluster's API through the platform endpoint.
export { virtualClusterMounts, type VirtualClusterMountOptions } from './virtual-cluster-mount.ts';
export { isPlatformAdmin, teamsOf } from './identity.ts';
export { kubeconfigSubresource } from './kubeconfig-subresource.ts';
export { InstanceIndex } from './instance-index.ts';
