// Service-account tokens: valid only in the cluster that issued them, only while the account
// exists with the same uid, and only until they expire — also when the token was verified
// before and its claims are reused.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AuthenticationTarget } from '../auth.ts';
import { ServiceAccountTokens } from './tokens.ts';

const dir = mkdtempSync(join(tmpdir(), 'loft-sa-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let clock = Date.now();
/** Service accounts that exist: "<cluster>/<namespace>/<name>" → uid. */
const accounts = new Map<string, string>();
let tokens: ServiceAccountTokens;

before(async () => {
  tokens = await ServiceAccountTokens.load(dir, async (cluster, namespace, name) => accounts.get(`${cluster}/${namespace}/${name}`), { now: () => clock });
});

const request = (token: string): IncomingMessage => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as IncomingMessage;
const inCluster = (cluster: string): AuthenticationTarget => ({ cluster: async () => cluster });

test('a token authenticates in its cluster only, every time, and stops once its account is gone or recreated', async () => {
  accounts.set('vc-a/default/builder', 'uid-1');
  const { token } = await tokens.issue('vc-a', 'default', 'builder', 'uid-1', {});
  for (let i = 0; i < 2; i++) {
    const user = await tokens.authenticate(request(token), inCluster('vc-a'));
    assert.equal(user?.name, 'system:serviceaccount:default:builder', `request ${i + 1}`);
    assert.equal(await tokens.authenticate(request(token), inCluster('vc-b')), undefined, `request ${i + 1} in another cluster`);
  }
  accounts.set('vc-a/default/builder', 'uid-2');
  assert.equal(await tokens.authenticate(request(token), inCluster('vc-a')), undefined, 'recreated: another uid');
  accounts.delete('vc-a/default/builder');
  assert.equal(await tokens.authenticate(request(token), inCluster('vc-a')), undefined, 'deleted');
});

test('a token verified before is refused once it expires', async () => {
  accounts.set('vc-a/default/short', 'uid-3');
  const { token } = await tokens.issue('vc-a', 'default', 'short', 'uid-3', { expirationSeconds: 600 });
  assert.ok(await tokens.authenticate(request(token), inCluster('vc-a')));
  clock += 599_000;
  try {
    assert.ok(await tokens.authenticate(request(token), inCluster('vc-a')), 'one second before exp');
    clock += 1_000;
    assert.equal(await tokens.authenticate(request(token), inCluster('vc-a')), undefined, 'at exp');
  } finally {
    clock -= 600_000;
  }
});

test('a token with a changed signature or another issuer key is refused', async () => {
  accounts.set('vc-a/default/other', 'uid-4');
  const { token } = await tokens.issue('vc-a', 'default', 'other', 'uid-4', {});
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const tampered = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  assert.equal(await tokens.authenticate(request(tampered), inCluster('vc-a')), undefined);
  const elsewhere = await ServiceAccountTokens.load(join(dir, 'other-key'), async () => 'uid-4');
  const foreign = await elsewhere.issue('vc-a', 'default', 'other', 'uid-4', {});
  assert.equal(await tokens.authenticate(request(foreign.token), inCluster('vc-a')), undefined);
});
