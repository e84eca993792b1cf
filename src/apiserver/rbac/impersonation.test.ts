import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { isStatusError } from '../../apimachinery/index.ts';
import type { UserInfo } from '../../registry/index.ts';
import { bootstrapRbac } from './bootstrap-policy.ts';
import { applyImpersonation } from './impersonation.ts';
import { clusterRoleBindingObject, clusterRoleObject, roleBindingObject, startRbacEnv, type RbacTestEnv } from './testing.ts';

const cluster = 'vc-imp';
const group = 'rbac.authorization.k8s.io';
const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const eve: UserInfo = { name: 'eve', groups: ['system:authenticated'] };
const admin: UserInfo = { name: 'tenant-admin', groups: ['system:authenticated'] };

async function seed(system: RbacTestEnv['system']): Promise<void> {
  await bootstrapRbac(system, cluster);
  const c = (resource: string) => system.must(cluster, group, resource);
  await c('clusterroles').create(undefined, clusterRoleObject('impersonate-some', [
    { apiGroups: [''], resources: ['users'], resourceNames: ['bob'], verbs: ['impersonate'] },
    { apiGroups: [''], resources: ['groups'], resourceNames: ['devs', 'system:authenticated'], verbs: ['impersonate'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], resourceNames: ['read'], verbs: ['impersonate'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['uids'], resourceNames: ['u-1'], verbs: ['impersonate'] },
  ]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('alice', 'impersonate-some', [{ kind: 'User', name: 'alice' }]));
  // edit includes `impersonate` on serviceaccounts in its namespace.
  await c('rolebindings').create('ci', roleBindingObject('ci', 'alice-edit', { kind: 'ClusterRole', name: 'edit' }, [{ kind: 'User', name: 'alice' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('tenant-admin', 'cluster-admin', [{ kind: 'User', name: 'tenant-admin' }]));
}

/** Serves one request through applyImpersonation and returns the resulting user, or the Status error. */
async function impersonate(env: RbacTestEnv, as: UserInfo, headers: Record<string, string | string[]>): Promise<{ user?: UserInfo; code?: number; message?: string; seen?: IncomingHttpHeaders; raw?: string[] }> {
  const server = createServer((req, res) => {
    applyImpersonation(req, as, cluster, env.authorizer).then(
      (user) => res.end(JSON.stringify({ user, seen: req.headers, raw: req.rawHeaders })),
      (err: unknown) => res.end(JSON.stringify(isStatusError(err) ? { code: err.code, message: err.message } : { code: 0, message: String(err) })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(JSON.parse(body)));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.close();
  }
}

test('impersonation headers are honoured when each value may be impersonated', async () => {
  const env = await startRbacEnv(seed);
  try {
    // No headers: the caller itself.
    assert.deepEqual((await impersonate(env, alice, {})).user, alice);

    const bob = await impersonate(env, alice, { 'Impersonate-User': 'bob' });
    assert.deepEqual(bob.user, { name: 'bob', groups: ['system:authenticated'] });

    // Repeated groups, an extra (percent-encoded key) and a uid; system:authenticated given explicitly is not repeated.
    const full = await impersonate(env, alice, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': ['devs', 'system:authenticated'],
      'Impersonate-Extra-Scopes': 'read',
      'Impersonate-Uid': 'u-1',
    });
    assert.deepEqual(full.user, { name: 'bob', groups: ['devs', 'system:authenticated'], uid: 'u-1', extra: { scopes: ['read'] } });
    // The headers are gone from everything a proxy could forward.
    assert.equal(Object.keys(full.seen ?? {}).some((h) => h.startsWith('impersonate-')), false);
    assert.equal((full.raw ?? []).some((h) => h.toLowerCase().startsWith('impersonate-')), false);

    // A service account: its fixed groups, checked as `impersonate serviceaccounts` in its namespace.
    const sa = await impersonate(env, alice, { 'Impersonate-User': 'system:serviceaccount:ci:deployer' });
    assert.deepEqual(sa.user, { name: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] });
    const otherNs = await impersonate(env, alice, { 'Impersonate-User': 'system:serviceaccount:prod:deployer' });
    assert.equal(otherNs.code, 403);
    assert.equal(otherNs.message, 'serviceaccounts "deployer" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "prod"');
  } finally {
    await env.stop();
  }
});

test('impersonation without permission is refused with upstream messages', async () => {
  const env = await startRbacEnv(seed);
  try {
    const user = await impersonate(env, eve, { 'Impersonate-User': 'bob' });
    assert.deepEqual({ code: user.code, message: user.message }, { code: 403, message: 'users "bob" is forbidden: User "eve" cannot impersonate resource "users" in API group "" at the cluster scope' });

    const groupDenied = await impersonate(env, alice, { 'Impersonate-User': 'bob', 'Impersonate-Group': 'admins' });
    assert.equal(groupDenied.message, 'groups "admins" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope');

    const extraDenied = await impersonate(env, alice, { 'Impersonate-User': 'bob', 'Impersonate-Extra-Scopes': 'write' });
    assert.equal(extraDenied.message, 'userextras.authentication.k8s.io "write" is forbidden: User "alice" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope');

    const uidDenied = await impersonate(env, alice, { 'Impersonate-User': 'bob', 'Impersonate-Uid': 'u-2' });
    assert.equal(uidDenied.message, 'uids.authentication.k8s.io "u-2" is forbidden: User "alice" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');

    // Groups without a user: upstream answers an internal error.
    const noUser = await impersonate(env, alice, { 'Impersonate-Group': 'devs' });
    assert.equal(noUser.code, 500);
    assert.equal(noUser.message, 'Internal error occurred: requested [{Group  devs    }] without impersonating a user');
  } finally {
    await env.stop();
  }
});

test('a tenant cluster-admin may impersonate anyone but cannot reach system:masters', async () => {
  const env = await startRbacEnv(seed);
  try {
    const anyone = await impersonate(env, admin, { 'Impersonate-User': 'someone', 'Impersonate-Group': 'ops' });
    assert.deepEqual(anyone.user, { name: 'someone', groups: ['ops', 'system:authenticated'] });
    const masters = await impersonate(env, admin, { 'Impersonate-User': 'someone', 'Impersonate-Group': 'system:masters' });
    assert.equal(masters.code, 403);
    assert.match(masters.message ?? '', /^groups "system:masters" is forbidden: User "tenant-admin" cannot impersonate resource "groups"/);
    // A member of system:masters keeps upstream's behaviour; anonymous gets system:unauthenticated.
    const root: UserInfo = { name: 'root', groups: ['system:masters'] };
    assert.deepEqual((await impersonate(env, root, { 'Impersonate-User': 'x', 'Impersonate-Group': 'system:masters' })).user, { name: 'x', groups: ['system:masters', 'system:authenticated'] });
    assert.deepEqual((await impersonate(env, root, { 'Impersonate-User': 'system:anonymous' })).user, { name: 'system:anonymous', groups: ['system:unauthenticated'] });
  } finally {
    await env.stop();
  }
});
