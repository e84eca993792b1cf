// The access controller keeps the RBAC objects of policy.ts in step with the management objects
// they come from: an object's owner and spec.access entries, a project's members. Level-
// triggered: each pass computes the desired Roles and bindings of one object, writes the ones
// that differ, and deletes the ones that are no longer wanted.

import { jsonEqual } from '../../registry/index.ts';
import type { KubeObject } from '../../apimachinery/index.ts';
import type { Controller, ObjectEvent, ReconcileResult, SystemClient } from '../../controllers/index.ts';
import { projectNamespace } from '../names.ts';
import { accessRbacFor, accessRoleName, memberBindingsFor, projectReaderRbac } from './policy.ts';

const managementCluster = 'loft-cluster';
const group = 'management.loft.sh';

/** The management resources whose objects carry owner and spec.access grants. */
const accessResources: Record<string, { namespaced: boolean }> = {
  virtualclusterinstances: { namespaced: true },
  projectsecrets: { namespaced: true },
  virtualclustertemplates: { namespaced: false },
  projects: { namespaced: false },
  clusters: { namespaced: false },
  apps: { namespaced: false },
};

const rbacResource: Record<string, string> = {
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
};

/** AccessController turns owners, access entries and project members into RBAC objects. */
export class AccessController implements Controller {
  readonly name = 'access';
  readonly watches = Object.keys(accessResources).map((r) => `${group}/${r}`);
  private readonly client: SystemClient;

  constructor(client: SystemClient) {
    this.client = client;
  }

  keys(event: ObjectEvent): string[] {
    if (event.cluster !== managementCluster || !accessResources[event.resource]) return [];
    const meta = event.object.metadata ?? {};
    return [`${event.resource}/${meta.namespace ?? ''}/${meta.name ?? ''}`];
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const [resource = '', namespace = '', name = ''] = key.split('/');
    const facts = accessResources[resource];
    if (!facts) return {};
    const obj = await this.client.must(managementCluster, group, resource).get(facts.namespaced ? namespace : undefined, name);
    // A deleted object's RBAC objects are owned by it: the garbage collector removes them.
    if (!obj || obj.metadata?.deletionTimestamp) return {};
    const desired = accessRbacFor(resource, obj, facts.namespaced);
    const prefix = accessRoleName(resource, name);
    const managed: Array<{ kind: string; namespace?: string; prefix?: string; label?: string }> = facts.namespaced
      ? [
          { kind: 'Role', namespace, prefix },
          { kind: 'RoleBinding', namespace, prefix },
        ]
      : [
          { kind: 'ClusterRole', prefix },
          { kind: 'ClusterRoleBinding', prefix },
        ];
    if (resource === 'projects') {
      const ns = projectNamespace(name);
      if (await this.client.must(managementCluster, '', 'namespaces').get(undefined, ns)) {
        desired.push(...memberBindingsFor(obj, ns));
        managed.push({ kind: 'RoleBinding', namespace: ns, label: `loft.sh/project-members=${name}` });
      }
      desired.push(...projectReaderRbac(obj));
      managed.push({ kind: 'ClusterRole', prefix: `loft-project-${name}-members` }, { kind: 'ClusterRoleBinding', prefix: `loft-project-${name}-members` });
    }
    await this.apply(desired, managed);
    return {};
  }

  /** Writes the desired objects that differ and deletes managed ones that are not desired. */
  private async apply(desired: KubeObject[], managed: Array<{ kind: string; namespace?: string; prefix?: string; label?: string }>): Promise<void> {
    const wanted = new Set(desired.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`));
    for (const obj of desired) {
      const client = this.client.must(managementCluster, 'rbac.authorization.k8s.io', rbacResource[obj.kind as string] as string);
      const existing = await client.get(obj.metadata?.namespace, obj.metadata?.name as string);
      if (!existing) {
        await client.ensure(obj.metadata?.namespace, obj);
        continue;
      }
      const { metadata: _m, ...want } = obj;
      const { metadata: _e, ...have } = existing;
      delete (have as Record<string, unknown>).apiVersion;
      delete (have as Record<string, unknown>).kind;
      delete (want as Record<string, unknown>).apiVersion;
      delete (want as Record<string, unknown>).kind;
      if (!jsonEqual(want, have)) await client.update({ ...existing, ...obj, metadata: { ...existing.metadata, ...obj.metadata } });
    }
    for (const scope of managed) {
      const client = this.client.must(managementCluster, 'rbac.authorization.k8s.io', rbacResource[scope.kind] as string);
      const prune = async (name: string): Promise<void> => {
        if (!wanted.has(`${scope.kind}/${scope.namespace ?? ''}/${name}`)) await client.delete(scope.namespace, name);
      };
      if (scope.label) {
        for (const item of await client.list(scope.namespace, { labelSelector: scope.label })) await prune(item.metadata?.name ?? '');
        continue;
      }
      // Names are the prefix itself or "<prefix>-<n>" numbered from 0 (policy.ts), so the stale
      // ones are found by name, without listing every Role of the namespace.
      const prefix = scope.prefix as string;
      if (await client.get(scope.namespace, prefix)) await prune(prefix);
      for (let i = 0; await client.get(scope.namespace, `${prefix}-${i}`); i++) await prune(`${prefix}-${i}`);
    }
  }
}
