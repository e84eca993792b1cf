import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import type { RequestContext } from '../../registry/index.ts';
import {
  accessKeyHash,
  accessKeyHashAnnotation,
  accessKeyListFilter,
  issueAccessKey,
  managementCluster,
  managementGroup,
  ownedAccessKeyCreate,
  ownsAccessKey,
  storedKeyHash,
  tokenGenerationAnnotation,
} from './access-keys.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
before(async () => {
  env = await startAuthEnv();
  await env.createUser('alice');
});
after(() => env.stop());

const keysClient = () => env.client.must(managementCluster, managementGroup, 'ownedaccesskeys');

/** Returns every value stored under the access keys' prefix, as text. */
async function storedText(): Promise<string> {
  const page = await env.storage.list(`/registry/${managementCluster}/${managementGroup}/ownedaccesskeys/`, {});
  return JSON.stringify(page.items);
}

function requestContext(user: { name: string; groups: string[] }, dryRun = false): RequestContext {
  return { cluster: managementCluster, user, dryRun, fieldManager: 'kubectl-create', fieldValidation: 'Strict', warnings: [] };
}

test('issueAccessKey returns a 256-bit key once and stores only its SHA-256', async () => {
  const { key, object } = await issueAccessKey(env.client, env.index, { user: 'alice', type: 'User', displayName: 'ci' });
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  assert.equal((object.spec as { key?: string }).key, undefined);
  assert.equal(storedKeyHash(object), accessKeyHash(key));
  assert.equal(object.metadata?.annotations?.[tokenGenerationAnnotation], '0');
  assert.deepEqual(object.metadata?.ownerReferences?.map((r) => [r.kind, r.name]), [['User', 'alice']]);
  const stored = await keysClient().get(undefined, object.metadata?.name ?? '');
  assert.equal((stored?.spec as { key?: string }).key, undefined);
  assert.ok(!(await storedText()).includes(key), 'the clear key is nowhere in storage');
  // The index holds the key by the time issueAccessKey returns.
  assert.equal(env.index.lookup(accessKeyHash(key))?.name, object.metadata?.name);
});

test('creating through the API generates the key server-side and returns it in that response only', async () => {
  const create = ownedAccessKeyCreate(env.client, env.index);
  const sent = 'client-chosen-key-client-chosen-key-00000000';
  const input: KubeObject = {
    apiVersion: 'management.loft.sh/v1',
    kind: 'OwnedAccessKey',
    metadata: { name: 'alice-api', annotations: { [accessKeyHashAnnotation]: accessKeyHash(sent), other: 'kept' } },
    spec: { user: 'admin', key: sent, groups: ['loft:admins'], displayName: 'mine' },
  };
  const created = await create(input, requestContext({ name: 'alice', groups: ['loft:user:alice', 'loft:authenticated', 'system:authenticated'] }), keysClient().info);
  const key = (created.spec as { key: string }).key;
  assert.ok(key && key !== sent, 'a new key, not the one sent');
  const spec = created.spec as Record<string, unknown>;
  assert.equal(spec.user, 'alice', 'a non-admin creates keys for themselves only');
  assert.equal(spec.groups, undefined, 'extra groups are dropped');
  assert.equal(spec.type, 'User');
  assert.equal(created.metadata?.annotations?.other, 'kept');
  assert.equal(storedKeyHash(created), accessKeyHash(key));
  const stored = await keysClient().get(undefined, 'alice-api');
  assert.equal((stored?.spec as { key?: string }).key, undefined, 'a GET never shows the key');
  assert.ok(!(await storedText()).includes(key));
  assert.equal(env.index.lookup(accessKeyHash(sent)), undefined, 'the client-chosen key does not work');
  assert.equal(env.index.lookup(accessKeyHash(key))?.name, 'alice-api');
});

test('an admin may create a key for another user; dryRun returns no key and stores nothing', async () => {
  const create = ownedAccessKeyCreate(env.client, env.index);
  const admin = { name: 'admin', groups: ['loft:admins', 'system:masters', 'system:authenticated'] };
  const input: KubeObject = { apiVersion: 'management.loft.sh/v1', kind: 'OwnedAccessKey', metadata: {}, spec: { user: 'alice' } };
  const created = await create(input, requestContext(admin), keysClient().info);
  assert.equal((created.spec as { user: string }).user, 'alice');
  assert.match(created.metadata?.name ?? '', /^alice-[a-z0-9]{5}$/);
  const dry = await create({ ...input, metadata: { name: 'dry' } }, requestContext(admin, true), keysClient().info);
  assert.equal((dry.spec as { key?: string }).key, undefined);
  assert.equal(await keysClient().get(undefined, 'dry'), undefined);
});

test('no write path lets a client set key material', async () => {
  const chosen = 'x'.repeat(43);
  // A plain create (e.g. server-side apply) without this module's say-so: key and hash are dropped.
  const plain = await keysClient().create(undefined, {
    apiVersion: 'management.loft.sh/v1',
    kind: 'OwnedAccessKey',
    metadata: { name: 'plain', annotations: { [accessKeyHashAnnotation]: accessKeyHash(chosen), [tokenGenerationAnnotation]: '99' } },
    spec: { user: 'alice', key: chosen },
  });
  assert.equal(storedKeyHash(plain), undefined);
  assert.equal(plain.metadata?.annotations?.[tokenGenerationAnnotation], undefined);
  assert.equal((plain.spec as { key?: string }).key, undefined);
  // Updates keep the stored hash whatever they send.
  const { key, object } = await issueAccessKey(env.client, env.index, { user: 'alice' });
  const name = object.metadata?.name ?? '';
  const patched = await keysClient().patch(undefined, name, 'merge', {
    metadata: { annotations: { [accessKeyHashAnnotation]: accessKeyHash(chosen), [tokenGenerationAnnotation]: '7' } },
    spec: { key: chosen, displayName: 'renamed' },
  });
  assert.equal(storedKeyHash(patched), accessKeyHash(key));
  assert.equal(patched.metadata?.annotations?.[tokenGenerationAnnotation], '0');
  assert.equal((patched.spec as { displayName?: string; key?: string }).displayName, 'renamed');
  assert.equal((patched.spec as { key?: string }).key, undefined);
  // The owner never changes.
  await assert.rejects(keysClient().patch(undefined, name, 'merge', { spec: { user: 'admin' } }), (err) => isStatusError(err, 'Invalid'));
});

test('validation: a key belongs to exactly one user or team', async () => {
  const base = { apiVersion: 'management.loft.sh/v1', kind: 'OwnedAccessKey' };
  await assert.rejects(keysClient().create(undefined, { ...base, metadata: { name: 'none' }, spec: {} }), (err) => isStatusError(err, 'Invalid'));
  await assert.rejects(keysClient().create(undefined, { ...base, metadata: { name: 'both' }, spec: { user: 'a', team: 'b' } }), (err) => isStatusError(err, 'Invalid'));
  await assert.rejects(keysClient().create(undefined, { ...base, metadata: { name: 'ttl' }, spec: { user: 'a', ttl: -1 } }), (err) => isStatusError(err, 'Invalid'));
});

test('ownsAccessKey and the list filter: users see their own keys, admins all', async () => {
  const key: KubeObject = { metadata: { name: 'k' }, spec: { user: 'alice' } };
  assert.equal(ownsAccessKey({ name: 'alice', groups: [] }, key), true);
  assert.equal(ownsAccessKey({ name: 'bob', groups: [] }, key), false);
  assert.equal(ownsAccessKey({ name: 'alice', groups: [] }, { spec: { team: 'alice' } }), false);
  assert.equal(accessKeyListFilter({ name: 'admin', groups: ['loft:admins'] }), undefined);
  assert.equal(accessKeyListFilter({ name: 'bob', groups: [] })?.(key), false);
  const mine = await keysClient().list(undefined, { fieldSelector: 'spec.user=alice' });
  assert.ok(mine.length > 0 && mine.every((k) => (k.spec as { user?: string }).user === 'alice'));
});

test('through the API, non-admins cannot create team keys, and non-users cannot create keys at all', async () => {
  const create = ownedAccessKeyCreate(env.client, env.index);
  const input: KubeObject = { apiVersion: 'management.loft.sh/v1', kind: 'OwnedAccessKey', metadata: {}, spec: { team: 'devs' } };
  const member = { name: 'alice', groups: ['loft:user:alice', 'loft:team:devs', 'system:authenticated'] };
  const created = await create(input, requestContext(member), keysClient().info);
  assert.deepEqual([(created.spec as { user?: string }).user, (created.spec as { team?: string }).team], ['alice', undefined]);
  const sa = { name: 'system:serviceaccount:default:ci', groups: ['system:serviceaccounts', 'system:authenticated'] };
  await assert.rejects(create(input, requestContext(sa), keysClient().info), (err) => isStatusError(err, 'Forbidden'));
});
