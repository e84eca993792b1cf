// The auth pieces wired into a real ApiServer as platform.ts wires them, driven by the real
// kubectl and by HTTPS requests: keys created through the API, Self, password login, revocation,
// and no key in any log line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Agent, request } from 'undici';
import { ApiServer, ChainAuthenticator, ensureTls, type Authorizer } from '../../apiserver/index.ts';
import { kubeconfigFor } from '../kubeconfig.ts';
import { ensureAdminAccessKey } from './admin.ts';
import { platformAuth } from './index.ts';
import { ensurePasswordNamespace, setUserPassword } from './passwords.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
let server: ApiServer;
let dir: string;
let url: string;
let kubeconfig: string;
let agent: Agent;
const logs: string[] = [];

/** Allows every authenticated request (the RBAC authorizer is not this folder's). */
const allowAll: Authorizer = {
  async authorize() {
    return { allowed: true };
  },
  async rulesFor() {
    return { resourceRules: [], nonResourceRules: [], incomplete: true };
  },
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loft-auth-server-'));
  env = await startAuthEnv();
  const logger = {
    info: (obj: object, msg?: string) => logs.push(`${JSON.stringify(obj)} ${msg ?? ''}`),
    warn: (obj: object, msg?: string) => logs.push(`${JSON.stringify(obj)} ${msg ?? ''}`),
    error: (obj: object, msg?: string) => logs.push(`${JSON.stringify(obj)} ${msg ?? ''}`),
  };
  const auth = platformAuth(env.client, { index: env.index, logger });
  await ensurePasswordNamespace(env.client);
  await env.createUser('alice');
  await setUserPassword(env.client, 'alice', 'alice-password');
  const admin = await ensureAdminAccessKey(env.client, dir, env.index);
  const tls = await ensureTls(join(dir, 'pki'), ['127.0.0.1']);
  server = new ApiServer({
    storage: env.storage,
    catalog: env.client.catalog,
    tls,
    authenticator: new ChainAuthenticator([auth.authenticator]),
    authorizer: allowAll,
    virtualCreates: new Map(auth.virtualCreates),
    routes: auth.routes,
    logger,
  });
  const port = await server.listen(0, '127.0.0.1');
  url = `https://127.0.0.1:${port}`;
  kubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor({ name: 'loft', server: url, caPem: tls.caCert, token: admin.token }), { mode: 0o600 });
  agent = new Agent({ connect: { ca: tls.caCert } });
});

after(async () => {
  await agent.close();
  await server.close();
  await env.stop();
  rmSync(dir, { recursive: true, force: true });
});

function kubectl(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(`${url}${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

const keyManifest = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'management.loft.sh/v1', kind: 'OwnedAccessKey', metadata: { name }, spec: { user: 'alice', displayName: name, ...extra } });

test('kubectl create ownedaccesskey shows the generated key once; get never shows it', async () => {
  const created = await kubectl(['create', '-f', '-', '-o', 'json'], keyManifest('alice-ci', { key: 'chosen-by-client' }));
  assert.equal(created.code, 0, created.stderr);
  const key = JSON.parse(created.stdout).spec.key as string;
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  const got = await kubectl(['get', 'ownedaccesskeys.management.loft.sh', 'alice-ci', '-o', 'json']);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(JSON.parse(got.stdout).spec.key, undefined);
  // The key works at once, as alice.
  const whoami = await kubectl(['--token', key, 'auth', 'whoami', '-o', 'json']);
  assert.equal(whoami.code, 0, whoami.stderr);
  assert.equal(JSON.parse(whoami.stdout).status.userInfo.username, 'alice');
  assert.ok(!logs.some((l) => l.includes(key)));
});

test('Self over the API reports the caller', async () => {
  const created = await kubectl(['create', '-f', '-', '-o', 'json'], keyManifest('alice-self'));
  const key = JSON.parse(created.stdout).spec.key as string;
  const self = await post('/apis/management.loft.sh/v1/selves', { apiVersion: 'management.loft.sh/v1', kind: 'Self' }, key);
  assert.equal(self.status, 201);
  const status = self.body.status as Record<string, unknown>;
  assert.equal((status.user as { name: string }).name, 'alice');
  assert.equal(status.accessKey, 'alice-self');
  assert.equal(status.accessKeyType, 'User');
});

test('password login over HTTPS, then revocation takes effect on the next request', async () => {
  const bad = await post('/auth/password/login', { username: 'alice', password: 'nope' });
  assert.equal(bad.status, 401);
  const ok = await post('/auth/password/login', { username: 'alice', password: 'alice-password' });
  assert.equal(ok.status, 200);
  const key = ok.body.accessKey as string;
  const self = await post('/apis/management.loft.sh/v1/selves', { apiVersion: 'management.loft.sh/v1', kind: 'Self' }, key);
  assert.equal(self.status, 201);
  const name = (self.body.status as { accessKey: string }).accessKey;
  assert.equal((self.body.status as { accessKeyType: string }).accessKeyType, 'Login');
  // `loft logout`: delete the Login key through the API; the key stops working right away.
  // --wait=false: kubectl's wait after a delete would already need the revoked key.
  const deleted = await kubectl(['--token', key, 'delete', '--wait=false', 'ownedaccesskeys.management.loft.sh', name]);
  assert.equal(deleted.code, 0, deleted.stderr);
  const after = await kubectl(['--token', key, 'get', 'ownedaccesskeys.management.loft.sh']);
  assert.notEqual(after.code, 0);
  assert.match(after.stderr, /must be logged in|Unauthorized/);
  assert.ok(!logs.some((l) => l.includes(key) || l.includes('alice-password')));
});
