import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError, type StatusError } from '../../apimachinery/index.ts';
import type { UserInfo } from '../../registry/index.ts';
import { bootstrapRbac } from './bootstrap-policy.ts';
import { clusterRoleBindingObject, clusterRoleObject, eventually, roleBindingObject, roleObject, startRbacEnv, type RbacTestEnv } from './testing.ts';

const cluster = 'vc-esc';
const group = 'rbac.authorization.k8s.io';
const dev: UserInfo = { name: 'dev', groups: ['system:authenticated'] };

async function rejection(promise: Promise<unknown>): Promise<StatusError> {
  try {
    await promise;
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  throw new Error('expected a StatusError, got success');
}

/** dev may do anything with configmaps in `team` and write roles and bindings there, nothing else. */
async function seed(system: RbacTestEnv['system']): Promise<void> {
  await bootstrapRbac(system, cluster);
  const c = (resource: string) => system.must(cluster, group, resource);
  await c('roles').create('team', roleObject('team', 'cm-admin', [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
    { apiGroups: [group], resources: ['roles', 'rolebindings'], verbs: ['create', 'update', 'get'] },
  ]));
  await c('rolebindings').create('team', roleBindingObject('team', 'dev', { kind: 'Role', name: 'cm-admin' }, [{ kind: 'User', name: 'dev' }]));
  await c('roles').create('team', roleObject('team', 'cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]));
  await c('roles').create('team', roleObject('team', 'secret-deleter', [{ apiGroups: [''], resources: ['secrets'], verbs: ['delete'] }]));
}

async function grant(env: RbacTestEnv, name: string, namespace: string | undefined, rules: unknown[]): Promise<void> {
  const c = (resource: string) => env.system.must(cluster, group, resource);
  if (namespace) {
    await c('roles').create(namespace, roleObject(namespace, name, rules));
    await c('rolebindings').create(namespace, roleBindingObject(namespace, name, { kind: 'Role', name }, [{ kind: 'User', name: dev.name }]));
    await eventually(() => env.index.policy(cluster)?.roleBindings.get(namespace)?.has(name), `grant ${name}`);
  } else {
    await c('clusterroles').create(undefined, clusterRoleObject(name, rules));
    await c('clusterrolebindings').create(undefined, clusterRoleBindingObject(name, name, [{ kind: 'User', name: dev.name }]));
    await eventually(() => env.index.policy(cluster)?.clusterBindings.has(name), `grant ${name}`);
  }
}

test('a Role may grant only what its author holds at its scope', async () => {
  const env = await startRbacEnv(seed);
  try {
    const as = env.as(dev, cluster);
    await as.create('roles', 'team', roleObject('team', 'ok', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]));

    const secrets = await rejection(as.create('roles', 'team', roleObject('team', 'r', [{ apiGroups: [''], resources: ['secrets'], verbs: ['delete'] }])));
    assert.equal(secrets.code, 403);
    assert.equal(
      secrets.message,
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "dev" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["delete"]}',
    );
    assert.deepEqual(secrets.status.details, { name: 'r', group, kind: 'roles' });

    // Missing rules are compacted per resource and listed sorted.
    const several = await rejection(as.create('roles', 'team', roleObject('team', 'r2', [
      { apiGroups: [''], resources: ['secrets', 'pods'], verbs: ['get', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['patch'] },
    ])));
    assert.equal(
      several.message.split('\n').slice(1).join('\n'),
      [
        '{APIGroups:[""], Resources:["pods"], Verbs:["get" "delete"]}',
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}',
        '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["patch"]}',
      ].join('\n'),
    );

    // Held in `team` only: not in another namespace, not cluster-wide.
    const elsewhere = await rejection(as.create('roles', 'other', roleObject('other', 'r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }])));
    assert.equal(elsewhere.code, 403);
    const clusterWide = await rejection(as.create('clusterroles', undefined, clusterRoleObject('r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }])));
    assert.match(clusterWide.message, /^clusterroles\.rbac\.authorization\.k8s\.io "r" is forbidden: user "dev"/);

    // Updates are checked as well: widening a role needs the permissions too.
    const ok = await env.system.must(cluster, group, 'roles').get('team', 'ok');
    const widened = await rejection(as.update('roles', { ...ok, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }));
    assert.equal(widened.code, 403);

    // Patches and server-side apply (which may create) go through the same check.
    const patched = await rejection(as.patch('roles', 'team', 'ok', 'merge', { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }));
    assert.equal(patched.code, 403);
    const applied = await rejection(as.patch('roles', 'team', 'applied', 'apply', { apiVersion: `${group}/v1`, kind: 'Role', metadata: { name: 'applied', namespace: 'team' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] }));
    assert.equal(applied.code, 403);
    assert.match(applied.message, /Resources:\["secrets"\], Verbs:\["list"\]/);

    // `escalate` on roles in the namespace lifts the check.
    await grant(env, 'escalator', 'team', [{ apiGroups: [group], resources: ['roles'], verbs: ['escalate'] }]);
    await as.create('roles', 'team', roleObject('team', 'r', [{ apiGroups: [''], resources: ['secrets'], verbs: ['delete'] }]));
  } finally {
    await env.stop();
  }
});

test('an update that only touches garbage-collector fields is not checked', async () => {
  const env = await startRbacEnv(seed);
  try {
    const as = env.as(dev, cluster);
    const role = await env.system.must(cluster, group, 'roles').get('team', 'secret-deleter');
    const owned = { ...role, metadata: { ...role?.metadata, finalizers: ['example.com/keep'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u-1' }] } };
    await as.update('roles', owned);
    const relabeled = await env.system.must(cluster, group, 'roles').get('team', 'secret-deleter');
    const err = await rejection(as.update('roles', { ...relabeled, metadata: { ...relabeled?.metadata, labels: { a: 'b' } } }));
    assert.equal(err.code, 403);
  } finally {
    await env.stop();
  }
});

test('a binding may refer only to a role whose permissions its author holds, or may bind', async () => {
  const env = await startRbacEnv(seed);
  try {
    const as = env.as(dev, cluster);
    const subjects = [{ kind: 'User', name: 'friend' }];
    await as.create('rolebindings', 'team', roleBindingObject('team', 'friend-cm', { kind: 'Role', name: 'cm-reader' }, subjects));

    const admin = await rejection(as.create('rolebindings', 'team', roleBindingObject('team', 'friend-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, subjects)));
    assert.equal(admin.code, 403);
    assert.match(admin.message, /^rolebindings\.rbac\.authorization\.k8s\.io "friend-admin" is forbidden: user "dev" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n/);
    assert.match(admin.message, /\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
    const secrets = await rejection(as.create('rolebindings', 'team', roleBindingObject('team', 'friend-secrets', { kind: 'Role', name: 'secret-deleter' }, subjects)));
    assert.equal(secrets.code, 403);

    // A missing role is a 404 from the registry, as upstream.
    const missing = await rejection(as.create('rolebindings', 'team', roleBindingObject('team', 'x', { kind: 'Role', name: 'nope' }, subjects)));
    assert.equal(missing.code, 404);
    assert.equal(missing.message, 'roles.rbac.authorization.k8s.io "nope" not found');

    // `bind`, narrowed by resourceNames to one role, at the binding's namespace.
    await grant(env, 'binder', 'team', [{ apiGroups: [group], resources: ['clusterroles'], resourceNames: ['edit'], verbs: ['bind'] }]);
    await as.create('rolebindings', 'team', roleBindingObject('team', 'friend-edit', { kind: 'ClusterRole', name: 'edit' }, subjects));
    assert.equal((await rejection(as.create('rolebindings', 'team', roleBindingObject('team', 'friend-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, subjects)))).code, 403);
    assert.equal((await rejection(as.create('rolebindings', 'other', roleBindingObject('other', 'friend-edit', { kind: 'ClusterRole', name: 'edit' }, subjects)))).code, 403);

    // ClusterRoleBindings: `bind` on cluster-admin cluster-wide lets dev hand it out.
    const crb = clusterRoleBindingObject('friend-root', 'cluster-admin', subjects);
    assert.equal((await rejection(as.create('clusterrolebindings', undefined, crb))).code, 403);
    await grant(env, 'root-binder', undefined, [{ apiGroups: [group], resources: ['clusterroles'], resourceNames: ['cluster-admin'], verbs: ['bind'] }]);
    await as.create('clusterrolebindings', undefined, crb);

    // A binding created right after its role: the role is read from storage if the index lags.
    await env.system.must(cluster, group, 'roles').create('team', roleObject('team', 'fresh', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]));
    await as.create('rolebindings', 'team', roleBindingObject('team', 'friend-fresh', { kind: 'Role', name: 'fresh' }, subjects));

    // system:masters is never checked.
    await env.as({ name: 'root', groups: ['system:masters'] }, cluster).create('clusterrolebindings', undefined, clusterRoleBindingObject('any', 'cluster-admin', subjects));
  } finally {
    await env.stop();
  }
});

test('an aggregationRule needs full authority, even for a role that grants nothing', async () => {
  const env = await startRbacEnv(seed);
  try {
    await grant(env, 'role-writer', undefined, [{ apiGroups: [group], resources: ['clusterroles'], verbs: ['create'] }]);
    const as = env.as(dev, cluster);
    const aggregated = clusterRoleObject('agg', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } });
    const err = await rejection(as.create('clusterroles', undefined, aggregated));
    assert.equal(err.message, 'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule');
    await as.create('clusterroles', undefined, clusterRoleObject('plain', []));
    await grant(env, 'everything', undefined, [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]);
    await as.create('clusterroles', undefined, aggregated);
  } finally {
    await env.stop();
  }
});
