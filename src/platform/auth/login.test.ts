import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { accessKeyHash, managementCluster } from './access-keys.ts';
import { AccessKeyAuthenticator } from './authenticator.ts';
import { authRoutes, passwordLoginPath } from './login.ts';
import { hashPassword, passwordNamespace, scryptParameters, setUserPassword, verifyPassword } from './passwords.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
let server: Server;
let base: string;
const logs: string[] = [];
const failureDelayMs = 150;

before(async () => {
  env = await startAuthEnv();
  const logger = { info: (obj: object, msg?: string) => logs.push(JSON.stringify(obj) + (msg ?? '')), warn: (obj: object, msg?: string) => logs.push(JSON.stringify(obj) + (msg ?? '')) };
  const routes = authRoutes({ client: env.client, index: env.index, logger, failureDelayMs });
  server = createServer((req, res) => {
    void Promise.resolve(routes(req, res, { path: new URL(req.url ?? '/', 'http://localhost').pathname })).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await env.createUser('alice', { username: 'alice.smith', email: 'alice@example.com' });
  await setUserPassword(env.client, 'alice', 'correct horse battery staple');
  await env.settle();
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.stop();
});

async function login(body: unknown, method = 'POST'): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${base}${passwordLoginPath}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: Date.now() - started };
}

test('password hashes: scrypt$N$r$p$salt$hash, salted, verified in constant time', async () => {
  const a = await hashPassword('secret');
  const b = await hashPassword('secret');
  assert.match(a, new RegExp(`^scrypt\\$${scryptParameters.N}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.equal(await verifyPassword('secret', a), true);
  assert.equal(await verifyPassword('Secret', a), false);
  assert.equal(await verifyPassword('secret', 'scrypt$1048577$8$1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAA'), false, 'parameters out of bounds');
  assert.equal(await verifyPassword('secret', 'plain'), false);
});

test('setUserPassword stores a hash in a Secret of namespace loft and points passwordRef at it', async () => {
  const user = env.index.user('alice');
  const ref = (user?.spec as { passwordRef?: Record<string, string> }).passwordRef;
  assert.deepEqual(ref, { secretName: 'loft-password-alice', secretNamespace: passwordNamespace, key: 'password' });
  const secret = await env.client.must(managementCluster, '', 'secrets').get(passwordNamespace, 'loft-password-alice');
  const stored = Buffer.from((secret?.data as { password: string }).password, 'base64').toString('utf8');
  assert.match(stored, /^scrypt\$/);
  assert.ok(!JSON.stringify(secret).includes('correct horse'), 'never the clear password');
});

test('login with the right password returns a Login key that authenticates as the user', async () => {
  const res = await login({ username: 'alice.smith', password: 'correct horse battery staple' });
  assert.equal(res.status, 200);
  const key = res.body.accessKey as string;
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  const entry = env.index.lookup(accessKeyHash(key));
  assert.equal((entry?.object.spec as { type?: string; user?: string }).type, 'Login');
  const identity = new AccessKeyAuthenticator(env.index).authenticateKey(key);
  assert.equal(identity?.name, 'alice');
  assert.deepEqual(identity?.extra?.['loft.sh/access-key-type'], ['Login']);
  // Logging in again replaces the earlier Login key.
  const again = await login({ username: 'alice.smith', password: 'correct horse battery staple' });
  assert.equal(again.status, 200);
  await env.settle();
  assert.equal(env.index.lookup(accessKeyHash(key)), undefined, 'the previous Login key is gone');
  const logins = env.index.keysOfUser('alice').filter((k) => (k.spec as { type?: string }).type === 'Login');
  assert.equal(logins.length, 1);
  assert.ok(!logs.some((line) => line.includes(key) || line.includes(again.body.accessKey as string)), 'no key in the logs');
  assert.ok(!logs.some((line) => line.includes('correct horse')), 'no password in the logs');
});

test('wrong password, unknown user and disabled user are 401 after the fixed delay', async () => {
  for (const body of [
    { username: 'alice.smith', password: 'wrong' },
    { username: 'nobody', password: 'correct horse battery staple' },
    { username: 'admin', password: 'anything' },
  ]) {
    const res = await login(body);
    assert.equal(res.status, 401);
    assert.equal(res.body.kind, 'Status');
    assert.equal(res.body.reason, 'Unauthorized');
    assert.ok(res.ms >= failureDelayMs - 5, `answered after ${res.ms} ms`);
    assert.ok(!JSON.stringify(res.body).includes(body.password));
  }
  await env.patch('users', 'alice', { spec: { disabled: true } });
  try {
    assert.equal((await login({ username: 'alice.smith', password: 'correct horse battery staple' })).status, 401);
  } finally {
    await env.patch('users', 'alice', { spec: { disabled: false } });
  }
});

test('a password Secret outside namespace loft is not trusted', async () => {
  await env.createUser('mallory');
  const secrets = env.client.must(managementCluster, '', 'secrets');
  await secrets.create('default', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'pw', namespace: 'default' },
    data: { password: Buffer.from(await hashPassword('known')).toString('base64') },
  });
  await env.patch('users', 'mallory', { spec: { passwordRef: { secretName: 'pw', secretNamespace: 'default', key: 'password' } } });
  assert.equal((await login({ username: 'mallory', password: 'known' })).status, 401);
});

test('malformed requests are 400, other methods 405', async () => {
  assert.equal((await login('{not json')).status, 400);
  assert.equal((await login({ username: 'alice.smith' })).status, 400);
  assert.equal((await login({ username: 1, password: 2 })).status, 400);
  assert.equal((await login([])).status, 400);
  assert.equal((await login(undefined, 'GET')).status, 405);
  assert.equal((await fetch(`${base}/auth/other`)).status, 404, 'other paths are not handled');
});
