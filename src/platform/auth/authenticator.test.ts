import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { accessKeyHash, issueAccessKey, managementCluster, managementGroup, type AccessKeyRequest } from './access-keys.ts';
import { AccessKeyAuthenticator } from './authenticator.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
let clock = Date.now();
let auth: AccessKeyAuthenticator;
before(async () => {
  env = await startAuthEnv({ now: () => clock });
  auth = new AccessKeyAuthenticator(env.index, { client: env.client, now: () => clock });
  await env.createUser('alice', { displayName: 'Alice', groups: ['developers', 'system:masters', 'loft:admins'] });
  await env.createUser('bob');
});
after(() => env.stop());

const keys = () => env.client.must(managementCluster, managementGroup, 'ownedaccesskeys');

function request(token: string | undefined): IncomingMessage {
  return { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } } as unknown as IncomingMessage;
}

async function issue(request: AccessKeyRequest): Promise<{ key: string; name: string; object: KubeObject }> {
  const { key, object } = await issueAccessKey(env.client, env.index, request);
  return { key, name: object.metadata?.name ?? '', object };
}

test('a valid key authenticates as its user, with groups and extras', async () => {
  const { key, name } = await issue({ user: 'alice', type: 'User' });
  const user = await auth.authenticate(request(key));
  assert.ok(user);
  assert.equal(user.name, 'alice');
  assert.ok(user.uid);
  assert.deepEqual(user.groups, ['developers', 'loft:user:alice', 'loft:authenticated', 'system:authenticated'], 'reserved groups from spec.groups are dropped');
  assert.deepEqual(user.extra, { 'loft.sh/access-key': [name], 'loft.sh/access-key-type': ['User'] });
  // The UI sends a lowercase scheme.
  assert.equal((await auth.authenticate({ headers: { authorization: `bearer ${key}` } } as unknown as IncomingMessage))?.name, 'alice');
});

test('the admin role gives loft:admins and system:masters', async () => {
  const { key } = await issue({ user: 'admin' });
  const user = await auth.authenticate(request(key));
  assert.deepEqual(user?.groups, ['loft:admins', 'system:masters', 'loft:user:admin', 'loft:authenticated', 'system:authenticated']);
});

test('unknown keys, missing headers and other schemes are refused', async () => {
  assert.equal(await auth.authenticate(request('no-such-key')), undefined);
  assert.equal(await auth.authenticate(request(undefined)), undefined);
  const { key } = await issue({ user: 'bob' });
  assert.equal(await auth.authenticate({ headers: { authorization: `Basic ${key}` } } as unknown as IncomingMessage), undefined);
});

test('a disabled key is refused on the next request, and works again when re-enabled', async () => {
  const { key, name } = await issue({ user: 'bob' });
  assert.ok(await auth.authenticate(request(key)));
  await env.patch('ownedaccesskeys', name, { spec: { disabled: true } });
  assert.equal(await auth.authenticate(request(key)), undefined);
  await env.patch('ownedaccesskeys', name, { spec: { disabled: false } });
  assert.ok(await auth.authenticate(request(key)));
});

test('an identity is computed once and shared (frozen) until the index changes; a user change applies to the next request', async () => {
  await env.createUser('grace', { groups: ['readers'] });
  const { key } = await issue({ user: 'grace' });
  const first = await auth.authenticate(request(key));
  const second = await auth.authenticate(request(key));
  assert.ok(first);
  assert.equal(second, first, 'the same identity object, not recomputed');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.groups) && Object.isFrozen(first.extra), 'shared, so nothing may change it');
  await env.patch('users', 'grace', { spec: { groups: ['writers'] } });
  const changed = await auth.authenticate(request(key));
  assert.ok(changed?.groups.includes('writers') && !changed.groups.includes('readers'));
});

test('a deleted key is refused on the next request', async () => {
  const { key, name } = await issue({ user: 'bob' });
  assert.ok(await auth.authenticate(request(key)));
  await keys().delete(undefined, name);
  await env.settle();
  assert.equal(await auth.authenticate(request(key)), undefined);
});

test('an expired key is refused (creationTimestamp + ttl) and then deleted', async () => {
  const { key, name } = await issue({ user: 'bob', ttl: 60 });
  assert.ok(await auth.authenticate(request(key)));
  clock += 61_000;
  try {
    assert.equal(await auth.authenticate(request(key)), undefined);
    // The index's reconcile deletes expired keys; nudge it with an event.
    await env.patch('ownedaccesskeys', name, { spec: { description: 'touch' } });
    await env.manager.idle();
    await env.settle();
    assert.equal(await keys().get(undefined, name), undefined);
  } finally {
    clock -= 61_000;
  }
});

test('ttlAfterLastActivity counts from the last use', async () => {
  const { key } = await issue({ user: 'bob', ttl: 60, ttlAfterLastActivity: true });
  clock += 50_000;
  try {
    assert.ok(await auth.authenticate(request(key)), 'used within the ttl');
    clock += 50_000;
    assert.ok(await auth.authenticate(request(key)), '100 s after creation, 50 s after the last use');
    clock += 61_000;
    assert.equal(await auth.authenticate(request(key)), undefined);
  } finally {
    clock -= 161_000;
  }
});

test('a disabled or deleted user is refused', async () => {
  await env.createUser('carol');
  const { key, name } = await issue({ user: 'carol' });
  assert.ok(await auth.authenticate(request(key)));
  await env.patch('users', 'carol', { spec: { disabled: true } });
  assert.equal(await auth.authenticate(request(key)), undefined);
  await env.patch('users', 'carol', { spec: { disabled: false } });
  assert.ok(await auth.authenticate(request(key)));
  // Orphan: the key outlives its user here (by default the garbage collector deletes it).
  await env.client.must(managementCluster, managementGroup, 'users').delete(undefined, 'carol', { propagationPolicy: 'Orphan' });
  await env.settle();
  assert.equal(await auth.authenticate(request(key)), undefined);
  // A new user of the same name does not inherit the old keys.
  await env.createUser('carol');
  assert.ok(await keys().get(undefined, name), 'the orphaned key still exists');
  assert.equal(await auth.authenticate(request(key)), undefined);
});

test('bumping spec.tokenGeneration invalidates earlier keys only', async () => {
  await env.createUser('dave');
  const old = await issue({ user: 'dave' });
  assert.ok(await auth.authenticate(request(old.key)));
  await env.patch('users', 'dave', { spec: { tokenGeneration: 1 } });
  assert.equal(await auth.authenticate(request(old.key)), undefined);
  const fresh = await issue({ user: 'dave' });
  assert.equal(fresh.object.metadata?.annotations?.['loft.sh/token-generation'], '1');
  assert.equal((await auth.authenticate(request(fresh.key)))?.name, 'dave');
});

test('teams: members by spec.users or a shared group; a team with the admin role makes admins', async () => {
  await env.createUser('erin', { groups: ['sso-ops'] });
  await env.createTeam('platform', { users: ['erin', 'bob'] });
  await env.createTeam('ops', { groups: ['sso-ops'] });
  await env.createTeam('other', { users: ['bob'] });
  const { key } = await issue({ user: 'erin' });
  assert.deepEqual((await auth.authenticate(request(key)))?.groups, [
    'sso-ops',
    'loft:user:erin',
    'loft:team:ops',
    'loft:team:platform',
    'loft:authenticated',
    'system:authenticated',
  ]);
  await env.patch('teams', 'ops', { spec: { clusterRoles: [{ name: 'loft-management-admin' }] } });
  const groups = (await auth.authenticate(request(key)))?.groups ?? [];
  assert.ok(groups.includes('loft:admins') && groups.includes('system:masters'));
  await env.patch('teams', 'ops', { spec: { groups: [] } });
  assert.ok(!(await auth.authenticate(request(key)))?.groups.includes('loft:team:ops'), 'membership follows the team');
});

test('a team key authenticates as the team', async () => {
  await env.createTeam('qa', { users: ['bob'] });
  const { key, name } = await issue({ team: 'qa', type: 'Other' });
  const user = await auth.authenticate(request(key));
  assert.equal(user?.name, 'loft:team:qa');
  assert.deepEqual(user?.groups, ['loft:team:qa', 'loft:authenticated', 'system:authenticated']);
  assert.deepEqual(user?.extra?.['loft.sh/access-key'], [name]);
  await env.client.must(managementCluster, managementGroup, 'teams').delete(undefined, 'qa');
  await env.settle();
  assert.equal(await auth.authenticate(request(key)), undefined);
});

test('status.lastActivity is written at most once a minute per key', async () => {
  const { key, name } = await issue({ user: 'bob' });
  const activity = async () => {
    await env.settle();
    return ((await keys().get(undefined, name))?.status as { lastActivity?: string } | undefined)?.lastActivity;
  };
  await auth.authenticate(request(key));
  const first = await activity();
  assert.ok(first);
  const version = (await keys().get(undefined, name))?.metadata?.resourceVersion;
  for (let i = 0; i < 20; i++) await auth.authenticate(request(key));
  clock += 30_000;
  await auth.authenticate(request(key));
  assert.equal(await activity(), first);
  assert.equal((await keys().get(undefined, name))?.metadata?.resourceVersion, version, 'no writes within the minute');
  clock += 31_000;
  try {
    await auth.authenticate(request(key));
    assert.notEqual(await activity(), first);
  } finally {
    clock -= 61_000;
  }
});

test('a sweep drops entries that storage no longer has, but not newer ones', async () => {
  const stale: KubeObject = { metadata: { name: 'ghost', resourceVersion: '1', annotations: { 'loft.sh/access-key-sha256': accessKeyHash('ghost-key') } }, spec: { user: 'bob' } };
  const future: KubeObject = { metadata: { name: 'future', resourceVersion: '999999999', annotations: { 'loft.sh/access-key-sha256': accessKeyHash('future-key') } }, spec: { user: 'bob' } };
  for (const object of [stale, future]) env.index.keys({ type: 'ADDED', cluster: managementCluster, group: managementGroup, resource: 'ownedaccesskeys', object });
  assert.equal(env.index.lookup(accessKeyHash('ghost-key'))?.name, 'ghost');
  await env.index.sweep();
  assert.equal(env.index.lookup(accessKeyHash('ghost-key')), undefined);
  assert.equal(env.index.lookup(accessKeyHash('future-key'))?.name, 'future');
  assert.ok(env.index.user('bob'), 'live objects stay');
});

test('deleting a user deletes its keys (ownerReferences, garbage collector)', async () => {
  await env.createUser('frank');
  const { name } = await issue({ user: 'frank' });
  await env.client.must(managementCluster, managementGroup, 'users').delete(undefined, 'frank');
  await env.index.waitUntil(() => env.index.keyEntry(name) === undefined);
  assert.equal(await keys().get(undefined, name), undefined);
});
