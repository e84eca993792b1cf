import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserInfo } from '../../registry/index.ts';
import type { AuthorizationAttributes } from '../auth.ts';
import { RbacAuthorizer } from './authorizer.ts';
import { bootstrapRbac } from './bootstrap-policy.ts';
import { RbacIndex } from './policy-index.ts';
import { clusterRoleBindingObject, clusterRoleObject, eventually, roleBindingObject, roleObject, startRbacEnv, type RbacTestEnv } from './testing.ts';

const cluster = 'vc-authz';
const other = 'vc-other';
const authenticated = 'system:authenticated';

const alice: UserInfo = { name: 'alice', groups: [authenticated] };
const bob: UserInfo = { name: 'bob', groups: [authenticated] };
const carol: UserInfo = { name: 'carol', groups: ['devs', authenticated] };
const builder: UserInfo = { name: 'system:serviceaccount:team-a:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', authenticated] };
const intruder: UserInfo = { name: 'system:serviceaccount:team-a:intruder', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', authenticated] };
const scaler: UserInfo = { name: 'system:serviceaccount:kube-system:scaler', groups: ['system:serviceaccounts', authenticated] };
const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
const root: UserInfo = { name: 'root', groups: ['system:masters'] };

/** The policy of the matrix: each binding exercises one matching rule of upstream RBAC. */
async function seedPolicy(system: RbacTestEnv['system']): Promise<void> {
  const c = (resource: string) => system.must(cluster, 'rbac.authorization.k8s.io', resource);
  await bootstrapRbac(system, cluster);
  await bootstrapRbac(system, other);
  await c('clusterroles').create(undefined, clusterRoleObject('pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]));
  await c('clusterroles').create(undefined, clusterRoleObject('secret-s1', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['s1'], verbs: ['get'] }]));
  await c('clusterroles').create(undefined, clusterRoleObject('scale-any', [{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] }]));
  await c('clusterroles').create(undefined, clusterRoleObject('log-reader', [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }]));
  await c('clusterroles').create(undefined, clusterRoleObject('urls', [{ nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] }]));
  await c('clusterroles').create(undefined, clusterRoleObject('all-verbs-configmaps', [{ apiGroups: ['*'], resources: ['configmaps'], verbs: ['*'] }]));
  await c('roles').create('team-a', roleObject('team-a', 'cm-editor', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }]));
  await c('rolebindings').create('team-a', roleBindingObject('team-a', 'alice-pods', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }]));
  // A service account of the binding's namespace may be named without a namespace.
  await c('rolebindings').create('team-a', roleBindingObject('team-a', 'builder-cm', { kind: 'Role', name: 'cm-editor' }, [{ kind: 'ServiceAccount', name: 'builder' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('devs-secret', 'secret-s1', [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('scaler', 'scale-any', [{ kind: 'ServiceAccount', name: 'scaler', namespace: 'kube-system' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('bob-logs', 'log-reader', [{ kind: 'User', name: 'bob' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('bob-urls', 'urls', [{ kind: 'User', name: 'bob' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('bob-cm', 'all-verbs-configmaps', [{ kind: 'User', name: 'bob' }]));
  await c('clusterrolebindings').create(undefined, clusterRoleBindingObject('ghost', 'ghost-role', [{ kind: 'User', name: 'ghostly' }]));
}

function res(user: UserInfo, verb: string, group: string, resource: string, namespace = '', name = '', subresource = '', on = cluster): AuthorizationAttributes {
  return { user, cluster: on, verb, isResourceRequest: true, path: '', apiGroup: group, apiVersion: 'v1', namespace, resource, subresource, name };
}

function url(user: UserInfo, verb: string, path: string, on = cluster): AuthorizationAttributes {
  return { user, cluster: on, verb, isResourceRequest: false, path, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
}

test('authorization matrix: roles, bindings, service accounts, subresources, resourceNames, URLs', async () => {
  const env = await startRbacEnv(seedPolicy);
  try {
    const cases: Array<[string, AuthorizationAttributes, boolean, string?]> = [
      // A RoleBinding to a ClusterRole grants it in the binding's namespace only.
      ['alice lists pods in team-a', res(alice, 'list', '', 'pods', 'team-a'), true, 'RBAC: allowed by RoleBinding "alice-pods/team-a" of ClusterRole "pod-reader" to User "alice"'],
      ['alice gets a pod in team-a', res(alice, 'get', '', 'pods', 'team-a', 'p'), true],
      ['alice lists pods in team-b', res(alice, 'list', '', 'pods', 'team-b'), false],
      ['alice lists pods cluster-wide', res(alice, 'list', '', 'pods'), false],
      ['alice deletes a pod in team-a', res(alice, 'delete', '', 'pods', 'team-a', 'p'), false],
      ['alice reads pods/log (a subresource) in team-a', res(alice, 'get', '', 'pods', 'team-a', 'p', 'log'), false],
      ['alice lists pods in another cluster', res(alice, 'list', '', 'pods', 'team-a', '', '', other), false],
      // Groups and resourceNames.
      ['carol (group devs) gets secret s1', res(carol, 'get', '', 'secrets', 'any', 's1'), true, 'RBAC: allowed by ClusterRoleBinding "devs-secret" of ClusterRole "secret-s1" to Group "devs"'],
      ['carol gets secret s2', res(carol, 'get', '', 'secrets', 'any', 's2'), false],
      ['carol lists secrets (no name: resourceNames never match)', res(carol, 'list', '', 'secrets', 'any'), false],
      // Service accounts, by user name; RoleBinding to a Role.
      ['builder deletes a configmap in team-a', res(builder, 'delete', '', 'configmaps', 'team-a', 'x'), true, 'RBAC: allowed by RoleBinding "builder-cm/team-a" of Role "cm-editor" to ServiceAccount "builder/team-a"'],
      ['builder deletes a configmap in team-b', res(builder, 'delete', '', 'configmaps', 'team-b', 'x'), false],
      ['another service account of team-a', res(intruder, 'delete', '', 'configmaps', 'team-a', 'x'), false],
      // "*/scale" matches the scale subresource of any resource in the rule's groups.
      ['scaler updates deployments/scale', res(scaler, 'update', 'apps', 'deployments', 'ns', 'd', 'scale'), true, 'RBAC: allowed by ClusterRoleBinding "scaler" of ClusterRole "scale-any" to ServiceAccount "scaler/kube-system"'],
      ['scaler updates statefulsets/scale', res(scaler, 'update', 'apps', 'statefulsets', 'ns', 's', 'scale'), true],
      ['scaler updates deployments', res(scaler, 'update', 'apps', 'deployments', 'ns', 'd'), false],
      ['scaler updates replicationcontrollers/scale in the core group', res(scaler, 'update', '', 'replicationcontrollers', 'ns', 'r', 'scale'), false],
      // "resource/subresource" grants the subresource, not the resource.
      ['bob reads pods/log', res(bob, 'get', '', 'pods', 'ns', 'p', 'log'), true],
      ['bob reads pods', res(bob, 'get', '', 'pods', 'ns', 'p'), false],
      // Verb and group "*".
      ['bob escalates configmaps (verb *)', res(bob, 'escalate', '', 'configmaps', 'ns', 'c'), true],
      ['bob patches configmaps of another group (group *)', res(bob, 'patch', 'example.com', 'configmaps', 'ns', 'c'), true],
      ['bob patches configmaps/status', res(bob, 'patch', '', 'configmaps', 'ns', 'c', 'status'), false],
      // Non-resource URLs, exact and with a trailing "*".
      ['bob gets /metrics', url(bob, 'get', '/metrics'), true],
      ['bob gets /logs/kubelet.log', url(bob, 'get', '/logs/kubelet.log'), true],
      ['bob gets /logsx', url(bob, 'get', '/logsx'), false],
      ['bob posts /metrics', url(bob, 'post', '/metrics'), false],
      // The default bindings.
      ['any authenticated user discovers /apis/apps/v1', url(alice, 'get', '/apis/apps/v1'), true],
      ['any authenticated user creates a SelfSubjectAccessReview', res(alice, 'create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), true],
      ['any authenticated user creates a SelfSubjectReview', res(alice, 'create', 'authentication.k8s.io', 'selfsubjectreviews'), true],
      ['anonymous reads /healthz', url(anonymous, 'get', '/healthz'), true],
      ['anonymous cannot discover /api', url(anonymous, 'get', '/api'), false],
      ['system:masters may do anything anywhere', res(root, 'delete', 'x', 'y', '', '', '', 'no-such-cluster'), true],
    ];
    for (const [what, attrs, allowed, reason] of cases) {
      const decision = await env.authorizer.authorize(attrs);
      assert.equal(decision.allowed, allowed, what);
      if (reason) assert.equal(decision.reason, reason, what);
      if (!allowed) assert.equal(decision.reason, undefined, `${what}: a plain denial has no reason`);
    }
    // A binding to a missing role: denied, with upstream's resolution error as the reason.
    const ghost = await env.authorizer.authorize(res({ name: 'ghostly', groups: [authenticated] }, 'get', '', 'pods', 'ns', 'p'));
    assert.deepEqual(ghost, { allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "ghost-role" not found' });
  } finally {
    await env.stop();
  }
});

test('bindings and roles added, changed and removed take effect at once', async () => {
  const env = await startRbacEnv((system) => bootstrapRbac(system, cluster));
  try {
    const rbac = (resource: string) => env.system.must(cluster, 'rbac.authorization.k8s.io', resource);
    const listPods = res(alice, 'list', '', 'pods', 'team-a');
    assert.equal((await env.authorizer.authorize(listPods)).allowed, false);

    await rbac('roles').create('team-a', roleObject('team-a', 'reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]));
    await rbac('rolebindings').create('team-a', roleBindingObject('team-a', 'alice', { kind: 'Role', name: 'reader' }, [{ kind: 'User', name: 'alice' }]));
    await eventually(async () => (await env.authorizer.authorize(listPods)).allowed, 'the binding to apply', 1_000);

    // Changing the role's rules changes the decision.
    const role = await rbac('roles').get('team-a', 'reader');
    await rbac('roles').update({ ...role, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    await eventually(async () => !(await env.authorizer.authorize(listPods)).allowed, 'the role change to apply', 1_000);

    // Changing the binding's subjects moves the grant.
    const binding = await rbac('rolebindings').get('team-a', 'alice');
    await rbac('rolebindings').update({ ...binding, subjects: [{ kind: 'User', name: 'bob' }] });
    const getPod = (u: UserInfo) => res(u, 'get', '', 'pods', 'team-a', 'p');
    await eventually(async () => (await env.authorizer.authorize(getPod(bob))).allowed, 'bob to gain access', 1_000);
    assert.equal((await env.authorizer.authorize(getPod(alice))).allowed, false);

    await rbac('rolebindings').delete('team-a', 'alice');
    await eventually(async () => !(await env.authorizer.authorize(getPod(bob))).allowed, 'the removal to apply', 1_000);
    assert.equal(env.index.policy(cluster)?.roleBindings.has('team-a'), false, 'an empty namespace leaves no trace in the index');
  } finally {
    await env.stop();
  }
});

test('rulesFor returns the SelfSubjectRulesReview status of a namespace', async () => {
  const env = await startRbacEnv(seedPolicy);
  try {
    const rules = await env.authorizer.rulesFor(alice, cluster, 'team-a');
    assert.equal(rules.incomplete, false);
    assert.deepEqual(
      rules.resourceRules.find((r) => r.resources?.includes('pods')),
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
    );
    assert.deepEqual(
      rules.resourceRules.find((r) => r.resources?.includes('selfsubjectaccessreviews')),
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    );
    assert.ok(rules.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/api/*')));
    // Elsewhere alice holds only the defaults.
    const elsewhere = await env.authorizer.rulesFor(alice, cluster, 'team-b');
    assert.equal(elsewhere.resourceRules.some((r) => r.resources?.includes('pods')), false);
    // resourceNames are reported; masters get `*` ahead of their RBAC rules.
    const carolRules = await env.authorizer.rulesFor(carol, cluster, 'x');
    assert.ok(carolRules.resourceRules.some((r) => r.resourceNames?.[0] === 's1'));
    const rootRules = await env.authorizer.rulesFor(root, cluster, 'x');
    assert.deepEqual(rootRules.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(rootRules.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
    // A missing role is an evaluation error, as upstream reports it.
    const ghost = await env.authorizer.rulesFor({ name: 'ghostly', groups: [] }, cluster, '');
    assert.equal(ghost.evaluationError, 'clusterrole.rbac.authorization.k8s.io "ghost-role" not found');
  } finally {
    await env.stop();
  }
});

test('a relist sweeps objects deleted while the watch was down, and keeps new ones', async () => {
  const env = await startRbacEnv((system) => bootstrapRbac(system, cluster));
  try {
    const rbac = (resource: string) => env.system.must(cluster, 'rbac.authorization.k8s.io', resource);
    // An index of our own, fed by hand, stands for one whose watch breaks.
    const index = new RbacIndex({ relistQuietMs: 20, client: env.system });
    const authorizer = new RbacAuthorizer(index);
    const feed = async (skip = ''): Promise<void> => {
      // The manager lists in key order: clusterrolebindings before clusterroles.
      for (const resource of ['clusterrolebindings', 'clusterroles']) {
        for (const object of await rbac(resource).list()) {
          if (object.metadata?.name !== skip) index.keys({ type: 'ADDED', cluster, group: 'rbac.authorization.k8s.io', resource, object });
        }
      }
    };
    await rbac('clusterrolebindings').create(undefined, clusterRoleBindingObject('alice-admin', 'cluster-admin', [{ kind: 'User', name: 'alice' }]));
    await feed();
    const del = res(alice, 'delete', '', 'secrets', 'x', 'y');
    assert.equal((await authorizer.authorize(del)).allowed, true);

    // While the watch is down: alice-admin is deleted, a-new (listed first) is created.
    await rbac('clusterrolebindings').delete(undefined, 'alice-admin');
    await rbac('clusterrolebindings').create(undefined, clusterRoleBindingObject('a-new', 'cluster-admin', [{ kind: 'User', name: 'bob' }]));
    await feed();
    assert.equal((await authorizer.authorize(del)).allowed, true, 'removal errs late');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(await index.reconcile('relist'), {});
    assert.equal((await authorizer.authorize(del)).allowed, false, 'the deleted binding is gone');
    assert.equal((await authorizer.authorize(res(bob, 'delete', '', 'secrets', 'x', 'y'))).allowed, true, 'the binding re-listed before the relist was noticed stays');
    assert.equal((await authorizer.authorize(url(alice, 'get', '/version'))).allowed, true, 're-listed objects stay');
  } finally {
    await env.stop();
  }
});
