// Step 6b, VirtualClusterSynced / VirtualClusterReady: the logical cluster vc-<uid> that serves
// the virtual cluster. Where upstream installs the vcluster helm chart and waits for its pod, a
// logical cluster needs a few objects, created concurrently:
//   - its system namespaces (bootstrapCluster; the shared per-cluster controllers then add the
//     default service accounts and kube-root-ca.crt, as they do in every cluster);
//   - the default ClusterRoles (the bootstrapRbac option) and loft-cluster-space-admin, the role
//     `loft share vcluster` grants (§7.5), when RBAC bootstrap does not provide it;
//   - one ClusterRoleBinding per ClusterRole the rendered access can grant (rules' roles and the
//     default role), binding it to the group loft:vcluster:role:<clusterRole>; the proxy gives
//     each user the groups of access.ts accessGroupsFor. Bindings for roles no longer granted go.
// deployHash is the sha256 (hex) of the rendered helmRelease.values: there is no chart to
// deploy, but clients compare it to see whether the deployed configuration changed.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { bootstrapCluster } from '../../../controllers/index.ts';
import { jsonEqual } from '../../../registry/index.ts';
import { grantedClusterRoles } from '../access.ts';
import { conditionTypes } from '../conditions.ts';
import { permanentErrorMessage, settleAll, type ReconcileContext, type Step } from '../context.ts';
import { accessBindingLabel, accessBindingName, accessGroup, logicalClusterName, spaceAdminClusterRole } from '../names.ts';
import type { TemplateDefinition } from '../types.ts';

const rbacGroup = 'rbac.authorization.k8s.io';

/** The loft-cluster-space-admin ClusterRole: every verb on every resource, as a space admin has in its space. */
export const spaceAdminRole: KubeObject = {
  apiVersion: `${rbacGroup}/v1`,
  kind: 'ClusterRole',
  metadata: { name: spaceAdminClusterRole },
  rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};

/** Returns the ClusterRoleBinding that grants `clusterRole` to its access group. */
export function accessBinding(clusterRole: string): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: accessBindingName(clusterRole), labels: { [accessBindingLabel]: 'true' } },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: clusterRole },
    subjects: [{ kind: 'Group', apiGroup: rbacGroup, name: accessGroup(clusterRole) }],
  };
}

/** Returns sha256 (hex) of the rendered helm values: status.deployHash. */
export function deployHashOf(rendered: TemplateDefinition): string {
  const values = rendered.helmRelease?.values;
  return createHash('sha256')
    .update(typeof values === 'string' ? values : '')
    .digest('hex');
}

async function provisionRoles(ctx: ReconcileContext, cluster: string): Promise<void> {
  await ctx.options.bootstrapRbac?.(ctx.client, cluster);
  await ctx.client.must(cluster, rbacGroup, 'clusterroles').ensure(undefined, spaceAdminRole);
}

/** Makes the access ClusterRoleBindings of `cluster` those `rendered` grants. */
async function syncAccessBindings(ctx: ReconcileContext, cluster: string, rendered: TemplateDefinition): Promise<void> {
  const bindings = ctx.client.must(cluster, rbacGroup, 'clusterrolebindings');
  const existing = new Map((await bindings.list(undefined, { labelSelector: `${accessBindingLabel}=true` })).map((b) => [b.metadata?.name ?? '', b]));
  const wanted = grantedClusterRoles(rendered).map(accessBinding);
  const wantedNames = new Set(wanted.map((b) => b.metadata?.name ?? ''));
  const stale = [...existing.keys()].filter((name) => !wantedNames.has(name));
  await settleAll([
    ...wanted.map(async (want) => {
      const name = want.metadata?.name ?? '';
      const have = existing.get(name);
      if (!have) {
        await bindings.ensure(undefined, want);
      } else if (!jsonEqual(have.roleRef, want.roleRef)) {
        // roleRef is immutable.
        await bindings.delete(undefined, name);
        await bindings.create(undefined, want);
      } else if (!jsonEqual(have.subjects, want.subjects)) {
        await bindings.update({ ...have, subjects: want.subjects });
      }
    }),
    ...stale.map((name) => bindings.delete(undefined, name)),
  ]);
}

/** VirtualClusterSynced and VirtualClusterReady: the logical cluster, its roles and access bindings. */
export const virtualClusterStep: Step = {
  name: 'virtual-cluster',
  async run(ctx: ReconcileContext): Promise<void> {
    const rendered = ctx.rendered;
    if (!rendered || !ctx.project) return;
    const { conditions } = ctx;
    const cluster = logicalClusterName(ctx.vci);
    const namespaces = ctx.client.must(cluster, '', 'namespaces');
    // System namespaces and default roles are created once per cluster, as kube-apiserver's
    // bootstrap hooks do at start: a tenant is cluster-admin in its own cluster and may edit them.
    // A cluster that lost its default namespace (it cannot be deleted) is bootstrapped again.
    let defaultNamespace = conditions.isTrue(conditionTypes.VirtualClusterSynced) ? await namespaces.get(undefined, 'default') : undefined;
    const bootstrapped = defaultNamespace !== undefined;
    try {
      await settleAll([
        bootstrapped ? undefined : bootstrapCluster(ctx.client, cluster),
        bootstrapped ? undefined : provisionRoles(ctx, cluster),
        syncAccessBindings(ctx, cluster, rendered),
      ]);
    } catch (err) {
      const message = permanentErrorMessage(err);
      if (message === undefined) throw err;
      conditions.markFalse(conditionTypes.VirtualClusterSynced, 'ErrorBootstrapping', `logical cluster ${cluster}: ${message}`);
      return;
    }
    ctx.status.deployHash = deployHashOf(rendered);
    conditions.markTrue(conditionTypes.VirtualClusterSynced, `logical cluster ${cluster} is bootstrapped`);
    // The cluster serves requests once its default namespace exists (it cannot be deleted).
    defaultNamespace ??= await namespaces.get(undefined, 'default');
    if (defaultNamespace && !defaultNamespace.metadata?.deletionTimestamp) conditions.markTrue(conditionTypes.VirtualClusterReady, `logical cluster ${cluster} serves requests`);
    else conditions.markFalse(conditionTypes.VirtualClusterReady, 'NamespaceMissing', `logical cluster ${cluster} has no default namespace`, 'Warning');
  },
};
