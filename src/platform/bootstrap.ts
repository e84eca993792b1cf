// What a new platform has on first start (issue #4 item 3): the admin User, the `loft-cluster`
// Cluster (the platform's own), and the `default` project with the admin as a member, so a new
// user has somewhere to create a virtual cluster right away.

import type { KubeObject } from '../apimachinery/index.ts';
import type { SystemClient } from '../controllers/index.ts';
import { platformClusterRoleBindings, platformClusterRoles } from './access/index.ts';
import { projectNamespaceObject } from './projects/project-controller.ts';

const managementCluster = 'loft-cluster';
const group = 'management.loft.sh';
const apiVersion = 'management.loft.sh/v1';

/** The objects every platform starts with. */
function initialObjects(adminName: string): Array<{ resource: string; object: KubeObject }> {
  return [
    {
      resource: 'users',
      object: {
        apiVersion,
        kind: 'User',
        metadata: { name: adminName },
        spec: { username: adminName, subject: adminName, displayName: 'Admin', clusterRoles: [{ name: 'loft-management-admin' }] },
      },
    },
    {
      resource: 'clusters',
      object: {
        apiVersion,
        kind: 'Cluster',
        metadata: { name: 'loft-cluster' },
        spec: {
          displayName: 'Loft Cluster',
          description: 'The cluster the platform itself runs in',
          local: true,
          managementNamespace: 'loft',
          // Every platform user may see it, so projects can offer it for scheduling.
          access: [{ verbs: ['get'], users: ['*'] }],
        },
      },
    },
    {
      resource: 'projects',
      object: {
        apiVersion,
        kind: 'Project',
        metadata: { name: 'default' },
        spec: {
          displayName: 'Default Project',
          owner: { user: adminName },
          members: [{ kind: 'User', group: 'storage.loft.sh', name: adminName, clusterRole: 'loft-management-project-admin' }],
          allowedClusters: [{ name: '*' }],
          allowedTemplates: [{ kind: 'VirtualClusterTemplate', group: 'storage.loft.sh', name: '*' }],
        },
      },
    },
  ];
}

/** Creates the initial management objects that do not exist yet (idempotent across restarts). */
export async function bootstrapPlatform(client: SystemClient, adminName: string): Promise<void> {
  for (const { resource, object } of initialObjects(adminName)) {
    await client.must(managementCluster, group, resource).ensure(undefined, object);
  }
  // The platform roles (project admin/user/viewer, global admin) are RBAC in loft-cluster.
  const rbac = 'rbac.authorization.k8s.io';
  for (const role of platformClusterRoles()) await client.must(managementCluster, rbac, 'clusterroles').ensure(undefined, role);
  for (const binding of platformClusterRoleBindings()) await client.must(managementCluster, rbac, 'clusterrolebindings').ensure(undefined, binding);
  // The project controller creates project namespaces too; creating the default one here means
  // it exists the moment the server reports ready.
  await client.must(managementCluster, '', 'namespaces').ensure(undefined, projectNamespaceObject('default'));
}
