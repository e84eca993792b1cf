import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';
import { RbacIndex, type RbacObjectEvent } from './policy-index.ts';

const group = 'rbac.authorization.k8s.io';

function event(type: RbacObjectEvent['type'], cluster: string, resource: string, object: KubeObject): RbacObjectEvent {
  // Each event carries its own copy, as objects decoded from storage do.
  return { type, cluster, group, resource, object: structuredClone(object) };
}

function bootstrap(index: RbacIndex, cluster: string, type: RbacObjectEvent['type'] = 'ADDED'): void {
  for (const r of bootstrapClusterRoles()) index.keys(event(type, cluster, 'clusterroles', r));
  for (const b of bootstrapClusterRoleBindings()) index.keys(event(type, cluster, 'clusterrolebindings', b));
}

test('identical policy is shared between clusters and freed with the last one', () => {
  const index = new RbacIndex();
  for (let i = 0; i < 100; i++) bootstrap(index, `vc-${i}`);
  const roles = bootstrapClusterRoles().length;
  const bindings = bootstrapClusterRoleBindings().length;
  assert.deepEqual(index.stats(), { clusters: 100, roles: 100 * roles, bindings: 100 * bindings, internedRoles: roles, internedBindings: bindings });
  // Same objects by identity across clusters.
  assert.equal(index.policy('vc-1')?.clusterRoles.get('admin'), index.policy('vc-2')?.clusterRoles.get('admin'));

  // A changed role in one cluster gets its own entry; the others keep the shared one.
  const view = bootstrapClusterRoles().find((r) => r.metadata?.name === 'view') as KubeObject;
  index.keys(event('MODIFIED', 'vc-0', 'clusterroles', { ...view, rules: [] }));
  assert.equal(index.stats().internedRoles, roles + 1);
  assert.notEqual(index.policy('vc-0')?.clusterRoles.get('view'), index.policy('vc-1')?.clusterRoles.get('view'));

  // Deleting every object of a cluster removes the cluster; the last reference frees the entry.
  bootstrap(index, 'vc-0', 'DELETED');
  assert.equal(index.policy('vc-0'), undefined);
  assert.equal(index.stats().internedRoles, roles);
  for (let i = 1; i < 100; i++) bootstrap(index, `vc-${i}`, 'DELETED');
  assert.deepEqual(index.stats(), { clusters: 0, roles: 0, bindings: 0, internedRoles: 0, internedBindings: 0 });
});

test('subjects are indexed by user, group and service-account user name', () => {
  const index = new RbacIndex();
  const binding: KubeObject = {
    apiVersion: `${group}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'b', namespace: 'ns' },
    roleRef: { apiGroup: group, kind: 'Role', name: 'r' },
    subjects: [
      { kind: 'User', name: 'alice' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci' },
      { kind: 'ServiceAccount', name: 'bot', namespace: 'tools' },
      { kind: 'User', name: 'alice' },
    ],
  };
  index.keys(event('ADDED', 'c', 'rolebindings', binding));
  const subjects = index.policy('c')?.namespaceSubjects.get('ns');
  assert.deepEqual([...(subjects?.users.keys() ?? [])], ['alice', 'system:serviceaccount:ns:ci', 'system:serviceaccount:tools:bot']);
  assert.deepEqual([...(subjects?.groups.keys() ?? [])], ['devs']);
  assert.equal(subjects?.users.get('alice')?.length, 1, 'a subject listed twice is indexed once');
  index.keys(event('MODIFIED', 'c', 'rolebindings', { ...binding, subjects: [{ kind: 'Group', name: 'ops' }] }));
  assert.deepEqual([...(subjects?.users.keys() ?? [])], []);
  assert.deepEqual([...(subjects?.groups.keys() ?? [])], ['ops']);
  // A ClusterRoleBinding naming a service account without a namespace applies to nobody
  // (validation refuses it; the index ignores it should one exist).
  index.keys(event('ADDED', 'c', 'clusterrolebindings', { ...binding, kind: 'ClusterRoleBinding', metadata: { name: 'cb' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] }));
  assert.equal(index.policy('c')?.clusterSubjects.users.size, 0);
  // Only RBAC objects are taken; the index queues nothing for ordinary events.
  assert.deepEqual(index.keys({ type: 'ADDED', cluster: 'c', group: '', resource: 'configmaps', object: { metadata: { name: 'x' } } }), []);
});
