// The `clusterReady` hook: after a restart the platform listens before it read every logical
// cluster (controllers/runtime/cluster-load.ts), so a request to a cluster not read yet must wait
// for that read before it is authorized. Here the authorizer knows a cluster's policy only once
// the hook's read finished, as the RBAC index does.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Agent, request } from 'undici';
import { builtinResources, Catalog } from '../registry/index.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import type { Authenticator, Authorizer } from './auth.ts';
import { ApiServer } from './server.ts';
import { ensureTls } from './tls.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let dir: string;
let storage: Storage;
let server: ApiServer;
let agent: Agent;
let url: string;
const read = new Set<string>();
const readsStarted: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loft-cluster-ready-'));
  storage = openStorage('memory://');
  const tls = await ensureTls(join(dir, 'pki'), ['127.0.0.1']);
  const authenticator: Authenticator = { authenticate: async () => ({ name: 'alice', groups: ['system:authenticated'] }) };
  const authorizer: Authorizer = {
    authorize: async (attributes) => ({ allowed: read.has(attributes.cluster) }),
    rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: true }),
  };
  server = new ApiServer({
    storage,
    catalog: new Catalog(builtinResources()),
    tls,
    authenticator,
    authorizer,
    mounts: [{ prefix: '', cluster: 'tenant' }],
    clusterReady: (cluster) => {
      if (read.has(cluster)) return undefined;
      readsStarted.push(cluster);
      return new Promise((resolve) =>
        setTimeout(() => {
          read.add(cluster);
          resolve();
        }, 20),
      );
    },
    logger: quiet,
  });
  url = `https://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  agent = new Agent({ connect: { ca: tls.caCert } });
});

after(async () => {
  await agent.close();
  await server.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a request to a cluster not read yet waits for the read, then is authorized against it', async () => {
  const res = await request(`${url}/api/v1/namespaces`, { dispatcher: agent, headers: { authorization: 'Bearer x' } });
  const body = (await res.body.json()) as { kind?: string };
  assert.equal(res.statusCode, 200, JSON.stringify(body));
  assert.equal(body.kind, 'NamespaceList');
  assert.deepEqual(readsStarted, ['tenant']);
  // Once read, the hook answers without a promise and nothing is read again.
  const again = await request(`${url}/api/v1/namespaces`, { dispatcher: agent, headers: { authorization: 'Bearer x' } });
  await again.body.text();
  assert.equal(again.statusCode, 200);
  assert.deepEqual(readsStarted, ['tenant']);
});
