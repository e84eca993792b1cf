import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import type { RequestContext, UserInfo } from '../../registry/index.ts';
import { issueAccessKey, managementCluster } from './access-keys.ts';
import { AccessKeyAuthenticator } from './authenticator.ts';
import { selfFor } from './self.ts';
import { startAuthEnv, type AuthEnv } from './testing.ts';

let env: AuthEnv;
let auth: AccessKeyAuthenticator;
before(async () => {
  env = await startAuthEnv();
  auth = new AccessKeyAuthenticator(env.index);
  await env.createUser('alice', { displayName: 'Alice', username: 'alice.smith', email: 'alice@example.com', subject: 'alice-sub' });
  await env.createTeam('platform', { displayName: 'Platform Team', users: ['alice'] });
  await env.createTeam('qa', { users: ['alice'] });
});
after(() => env.stop());

function ctxOf(user: UserInfo): RequestContext {
  return { cluster: managementCluster, user, dryRun: false, fieldValidation: 'Strict', warnings: [] };
}

const emptySelf: KubeObject = { apiVersion: 'management.loft.sh/v1', kind: 'Self' };

test('Self of a user key: user with teams, key name, type and scope, subject, groups', async () => {
  const scope = { projects: [{ project: 'default' }] };
  const { key, object } = await issueAccessKey(env.client, env.index, { user: 'alice', type: 'User', scope });
  const identity = auth.authenticateKey(key);
  assert.ok(identity);
  const self = selfFor(emptySelf, ctxOf(identity), env.index);
  const status = self.status as Record<string, unknown>;
  assert.equal(self.kind, 'Self');
  assert.deepEqual(status.user, {
    name: 'alice',
    displayName: 'Alice',
    email: 'alice@example.com',
    username: 'alice.smith',
    subject: 'alice-sub',
    teams: [
      { name: 'platform', displayName: 'Platform Team', username: 'platform' },
      { name: 'qa', username: 'qa' },
    ],
  });
  assert.equal(status.subject, 'alice-sub');
  assert.equal(status.uid, env.index.user('alice')?.metadata?.uid);
  assert.equal(status.accessKey, object.metadata?.name);
  assert.equal(status.accessKeyType, 'User');
  assert.deepEqual(status.accessKeyScope, scope);
  assert.deepEqual(status.groups, ['loft:user:alice', 'loft:team:platform', 'loft:team:qa', 'loft:authenticated', 'system:authenticated']);
  assert.equal(status.projectNamespacePrefix, 'loft-p-');
  assert.equal(status.team, undefined);
});

test('Self of a team key reports the team', async () => {
  const { key, object } = await issueAccessKey(env.client, env.index, { team: 'platform', type: 'Other' });
  const identity = auth.authenticateKey(key);
  assert.ok(identity);
  const status = selfFor(emptySelf, ctxOf(identity), env.index).status as Record<string, unknown>;
  assert.deepEqual(status.team, { name: 'platform', displayName: 'Platform Team', username: 'platform' });
  assert.equal(status.user, undefined);
  assert.equal(status.accessKey, object.metadata?.name);
  assert.equal(status.accessKeyType, 'Other');
  assert.equal(status.subject, 'loft:team:platform');
});

test('Self with spec.accessKey reports that key, never echoes it, and refuses an invalid one', async () => {
  const { key } = await issueAccessKey(env.client, env.index, { user: 'alice', type: 'Login' });
  const admin = { name: 'admin', groups: ['loft:admins', 'system:masters', 'system:authenticated'] };
  const self = selfFor({ ...emptySelf, spec: { accessKey: key } }, ctxOf(admin), env.index);
  assert.equal((self.status as { user: { name: string } }).user.name, 'alice');
  assert.equal((self.status as { accessKeyType: string }).accessKeyType, 'Login');
  assert.ok(!JSON.stringify(self).includes(key));
  assert.throws(() => selfFor({ ...emptySelf, spec: { accessKey: 'wrong' } }, ctxOf(admin), env.index), (err) => isStatusError(err, 'Unauthorized'));
});

test('Self of an identity without an access key (impersonated user, service account)', () => {
  const impersonated = selfFor(emptySelf, ctxOf({ name: 'alice', groups: ['loft:user:alice', 'system:authenticated'] }), env.index).status as Record<string, unknown>;
  assert.equal((impersonated.user as { username: string }).username, 'alice.smith');
  assert.equal(impersonated.accessKey, undefined);
  const sa = selfFor(emptySelf, ctxOf({ name: 'system:serviceaccount:default:x', groups: ['system:serviceaccounts'] }), env.index).status as Record<string, unknown>;
  assert.deepEqual(sa.user, { name: 'system:serviceaccount:default:x', username: 'system:serviceaccount:default:x', subject: 'system:serviceaccount:default:x', teams: [] });
});
