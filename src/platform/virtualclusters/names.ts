// The names the virtual cluster controller writes and others read: the logical cluster of an
// instance (the proxy routes /kubernetes/project/<p>/virtualcluster/<n>/... to it), the finalizer,
// the labels of the host namespace (loft-platform-api.md §5) and the in-cluster access groups.

import type { KubeObject } from '../../apimachinery/index.ts';

/** The platform's own logical cluster: management kinds, project and host namespaces. */
export const managementCluster = 'loft-cluster';

/** The API group of the management kinds. */
export const managementGroup = 'management.loft.sh';

/** The finalizer that holds an instance until its logical cluster and host namespace are gone (§9.4). */
export const cleanupFinalizer = 'loft.sh/cleanup';

/** The annotation naming the logical cluster that serves an instance's virtual cluster. */
export const logicalClusterAnnotation = 'loft.sh/logical-cluster';

/**
 * The annotation recording which template content an instance runs (JSON of AppliedTemplate), so
 * that "a newer version exists" and "the template changed but is not applied" can be told apart.
 */
export const appliedTemplateAnnotation = 'loft.sh/applied-template';

/** With value "true", deleting the instance keeps its host namespace (§9.4). */
export const preserveNamespaceAnnotation = 'loft.sh/preserve-namespace-on-deletion';

/** Host namespace labels naming the instance that owns the namespace (§5). */
export const instanceNameLabel = 'loft.sh/vcluster-instance-name';
/** Host namespace label: the instance's namespace (the project namespace). */
export const instanceNamespaceLabel = 'loft.sh/vcluster-instance-namespace';
/** Host namespace label: the instance's project. */
export const instanceProjectLabel = 'loft.sh/vcluster-instance-project';
/** Host namespace label: the owning user. */
export const userLabel = 'loft.sh/user';
/** Host namespace label: the owning team. */
export const teamLabel = 'loft.sh/team';

/** Label on the ClusterRoleBindings the controller manages inside a virtual cluster. */
export const accessBindingLabel = 'loft.sh/vcluster-access';

/** The ClusterRole `loft share vcluster` grants by default (§7.5); provisioned in every virtual cluster. */
export const spaceAdminClusterRole = 'loft-cluster-space-admin';

/** The role of a user no access rule matches when the template sets no defaultClusterRole (§8.2). */
export const fallbackClusterRole = 'cluster-admin';

/** The in-cluster group prefix: the proxy gives a user `loft:vcluster:role:<clusterRole>` per role. */
export const accessGroupPrefix = 'loft:vcluster:role:';

/** Returns the logical cluster of an instance: vc-<uid>. */
export function logicalClusterName(vci: KubeObject): string {
  const uid = vci.metadata?.uid;
  if (!uid) throw new Error(`virtual cluster instance ${vci.metadata?.namespace ?? ''}/${vci.metadata?.name ?? ''} has no uid`);
  return `vc-${uid}`;
}

/** Returns the group that holds `clusterRole` inside a virtual cluster: loft:vcluster:role:<clusterRole>. */
export function accessGroup(clusterRole: string): string {
  return `${accessGroupPrefix}${clusterRole}`;
}

/** Returns the name of the ClusterRoleBinding granting `clusterRole` to its access group. */
export function accessBindingName(clusterRole: string): string {
  return `${accessGroupPrefix}${clusterRole}`;
}
