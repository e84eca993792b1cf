import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kubeconfigFor, writePrivateFile } from '../kubeconfig.ts';
import { accessKeyHash, managementCluster, managementGroup, storedKeyHash } from './access-keys.ts';
import { adminKeyName, ensureAdminAccessKey } from './admin.ts';
import { AccessKeyAuthenticator } from './authenticator.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
let dataDir: string;
before(async () => {
  env = await startAuthEnv();
  dataDir = mkdtempSync(join(tmpdir(), 'loft-auth-admin-'));
});
after(async () => {
  await env.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const keys = () => env.client.must(managementCluster, managementGroup, 'ownedaccesskeys');

/** Starts "the platform" once: ensure the key, write the kubeconfig as platform.ts does. */
async function start(): Promise<string> {
  const { token } = await ensureAdminAccessKey(env.client, dataDir, env.index);
  writePrivateFile(join(dataDir, 'admin.kubeconfig'), kubeconfigFor({ name: 'loft-management', server: 'https://127.0.0.1:1', caPem: 'x', token }));
  return token;
}

test('the admin kubeconfig token is an access key of admin, stable across restarts', async () => {
  const token = await start();
  const key = await keys().get(undefined, adminKeyName);
  assert.deepEqual([(key?.spec as { user: string }).user, (key?.spec as { type: string }).type], ['admin', 'User']);
  assert.equal(storedKeyHash(key ?? {}), accessKeyHash(token));
  assert.equal(readFileSync(join(dataDir, 'auth', 'admin-token.sha256'), 'utf8').trim(), accessKeyHash(token), 'only the hash on disk');
  assert.equal(statSync(join(dataDir, 'admin.kubeconfig')).mode & 0o777, 0o600);
  const identity = new AccessKeyAuthenticator(env.index).authenticateKey(token);
  assert.equal(identity?.name, 'admin');
  assert.ok(identity?.groups.includes('system:masters'));
  assert.equal(await start(), token, 'a restart keeps the token');
});

test('a revoked admin key is never revived: the next start issues a new token', async () => {
  const token = await start();
  await keys().delete(undefined, adminKeyName);
  await env.settle();
  const next = await start();
  assert.notEqual(next, token);
  const auth = new AccessKeyAuthenticator(env.index);
  assert.equal(auth.authenticateKey(token), undefined);
  assert.equal(auth.authenticateKey(next)?.name, 'admin');
  // Same after a tokenGeneration bump.
  await env.patch('users', 'admin', { spec: { tokenGeneration: 5 } });
  assert.equal(auth.authenticateKey(next), undefined);
  const third = await start();
  assert.notEqual(third, next);
  assert.equal(auth.authenticateKey(third)?.name, 'admin');
});
