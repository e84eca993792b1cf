// Issue #5 "Done when": identities and walls, end to end over TLS — the admin, project users and
// viewers of projects named to share prefixes (alpha, alpha1, beta), 401 for disabled users and
// revoked, expired or wrong keys, `kubectl auth can-i` agreeing with what requests do, RBAC
// escalation prevention, and no access key in the server's logs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { adminToken, run, startServer, type RunResult, type TestServer } from './harness.ts';

interface Reply {
  status: number;
  body: string;
}

describe('identity and access', { concurrency: false }, () => {
  let s: TestServer;
  const keys: Record<string, string> = {};

  /** Sends one HTTPS request with `token`. */
  const http = (token: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> => {
    const ca = readFileSync(join(s.dataDir, 'pki', 'ca.crt'));
    return new Promise((resolve, reject) => {
      const req = request(`${s.url}${path}`, { method, ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } }, (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.setTimeout(5000, () => {
        // A watch that was allowed streams forever: treat an open stream as 200.
        resolve({ status: 200, body: '' });
        req.destroy();
      });
      req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
    });
  };
  const kubeconfigOf = (who: string, path = ''): string =>
    s.file(
      `${who}${path.replace(/\//g, '_')}.kubeconfig`,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: who, cluster: { server: `${s.url}${path}`, 'certificate-authority': join(s.dataDir, 'pki', 'ca.crt') } }],
        users: [{ name: who, user: { token: keys[who] } }],
        contexts: [{ name: who, context: { cluster: who, user: who } }],
        'current-context': who,
      }),
    );
  const as = (who: string, args: string[], path = ''): Promise<RunResult> =>
    run('kubectl', ['--kubeconfig', kubeconfigOf(who, path), '--cache-dir', join(s.dataDir, `cache-${who}${path.replace(/\//g, '_')}`), ...args]);
  const asOk = async (who: string, args: string[], path = ''): Promise<string> => {
    const r = await as(who, args, path);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} as ${who}: ${r.stderr}`);
    return r.stdout;
  };
  const apply = (name: string, yaml: string): Promise<string> => s.kubectlOk(['apply', '-f', s.file(name, yaml)]);
  const newKey = async (user: string, name: string, extra = ''): Promise<string> => {
    const created = JSON.parse(
      await s.kubectlOk(['create', '-o', 'json', '-f', s.file(`${name}.yaml`, `apiVersion: management.loft.sh/v1\nkind: OwnedAccessKey\nmetadata:\n  name: ${name}\nspec:\n  user: ${user}\n  type: User\n${extra}`)]),
    );
    return created.spec.key as string;
  };
  const vci = (name: string, project: string, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({
      apiVersion: 'management.loft.sh/v1',
      kind: 'VirtualClusterInstance',
      metadata: { name, namespace: `loft-p-${project}` },
      spec: { templateRef: { name: 'base' }, ...extra },
    });

  before(async () => {
    s = await startServer();
    keys.admin = adminToken(s.kubeconfig);
    for (const user of ['alice', 'victor', 'betty', 'eddie', 'edgar', 'dave']) {
      await apply(`user-${user}.yaml`, `apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: ${user}\nspec:\n  username: ${user}\n  subject: ${user}\n`);
      keys[user] = await newKey(user, `${user}-key`);
    }
    await apply('template.yaml', 'apiVersion: management.loft.sh/v1\nkind: VirtualClusterTemplate\nmetadata:\n  name: base\nspec:\n  access:\n  - verbs: [get, list]\n    users: ["*"]\n  template:\n    objects: ""\n');
    const project = (name: string, members: Array<[string, string]>): string => `apiVersion: management.loft.sh/v1
kind: Project
metadata:
  name: ${name}
spec:
  allowedClusters: [{name: "*"}]
  allowedTemplates: [{kind: VirtualClusterTemplate, group: storage.loft.sh, name: "*"}]
  members:
${members.map(([user, role]) => `  - {kind: User, group: storage.loft.sh, name: ${user}, clusterRole: ${role}}`).join('\n')}
`;
    await apply('alpha.yaml', project('alpha', [['alice', 'loft-management-project-user'], ['victor', 'loft-management-project-viewer']]));
    await apply('alpha1.yaml', project('alpha1', [['betty', 'loft-management-project-admin']]));
    await apply('beta.yaml', project('beta', [['betty', 'loft-management-project-admin']]));
    for (const ns of ['loft-p-alpha', 'loft-p-alpha1', 'loft-p-beta']) {
      await waitFor(async () => (await s.kubectl(['get', 'namespace', ns])).code === 0);
    }
    await s.kubectlOk(['create', '-f', s.file('a-shared.json', vci('a-shared', 'alpha', { access: [{ verbs: ['get', 'use'], users: ['alice', 'victor'] }] }))]);
    await s.kubectlOk(['create', '-f', s.file('a-private.json', vci('a-private', 'alpha'))]);
    await s.kubectlOk(['create', '-f', s.file('a1-vc.json', vci('a1-vc', 'alpha1'))]);
    await s.kubectlOk(['create', '-f', s.file('b-vc.json', vci('b-vc', 'beta'))]);
    for (const ns of ['loft-p-alpha1', 'loft-p-beta']) {
      await s.kubectlOk(['create', 'secret', 'generic', 'canary', '-n', ns, '--from-literal=canary=CANARY-' + ns]);
    }
  });
  after(async () => {
    await s.stop();
  });

  test('the admin can do everything', async () => {
    assert.equal((await s.kubectlOk(['auth', 'can-i', '*', '*', '--all-namespaces'])).trim(), 'yes');
    assert.match(await s.kubectlOk(['get', 'vci', '-A', '-o', 'name']), /a-shared[\s\S]*a-private|a-private[\s\S]*a-shared/);
    assert.match(await s.kubectlOk(['get', 'secret', 'canary', '-n', 'loft-p-beta', '-o', 'name']), /secret\/canary/);
  });

  test('a project user creates an instance and sees and uses only their own and shared ones', async () => {
    await waitFor(async () => (await as('alice', ['get', 'vci', 'a-shared', '-n', 'loft-p-alpha'])).code === 0);
    assert.match(await asOk('alice', ['create', '-f', s.file('a-own.json', vci('a-own', 'alpha'))]), /a-own created/);
    const own = JSON.parse(await s.kubectlOk(['get', 'vci', 'a-own', '-n', 'loft-p-alpha', '-o', 'json']));
    assert.deepEqual(own.spec.owner, { user: 'alice' }, 'the owner defaults to the caller');
    await waitFor(async () => (await as('alice', ['get', 'vci', 'a-own', '-n', 'loft-p-alpha'])).code === 0);
    const listed = (await asOk('alice', ['get', 'vci', '-n', 'loft-p-alpha', '-o', 'name'])).trim().split('\n').sort();
    assert.deepEqual(listed, ['virtualclusterinstance.management.loft.sh/a-own', 'virtualclusterinstance.management.loft.sh/a-shared']);
    const extended = JSON.parse((await http(keys.alice as string, 'GET', '/apis/management.loft.sh/v1/namespaces/loft-p-alpha/virtualclusterinstances?extended=true')).body);
    const flags = Object.fromEntries(extended.items.map((i: { metadata: { name: string }; status: { canUse: boolean; canUpdate: boolean } }) => [i.metadata.name, [i.status.canUse, i.status.canUpdate]]));
    assert.deepEqual(flags, { 'a-own': [true, true], 'a-shared': [true, false] });
    for (const name of ['a-own', 'a-shared']) {
      await s.kubectlOk(['wait', '--for=jsonpath={.status.phase}=Ready', `vci/${name}`, '-n', 'loft-p-alpha', '--timeout=20s']);
      assert.match(await asOk('alice', ['get', 'namespaces', '-o', 'name'], `/kubernetes/project/alpha/virtualcluster/${name}`), /namespace\/default/);
    }
    const privateUse = await as('alice', ['get', 'namespaces'], '/kubernetes/project/alpha/virtualcluster/a-private');
    assert.match(privateUse.stderr, /forbidden/i);
    const privateGet = await as('alice', ['get', 'vci', 'a-private', '-n', 'loft-p-alpha']);
    assert.match(privateGet.stderr, /Error from server \(Forbidden\)/);
  });

  test('a project user gets Forbidden for every verb on every resource of alpha1 and beta', async () => {
    const token = keys.alice as string;
    const failures: string[] = [];
    for (const project of ['alpha1', 'beta']) {
      const ns = `loft-p-${project}`;
      const targets: Array<[string, string]> = [
        ['/apis/management.loft.sh/v1', 'virtualclusterinstances'],
        ['/apis/management.loft.sh/v1', 'projectsecrets'],
        ['/api/v1', 'secrets'],
        ['/api/v1', 'configmaps'],
        ['/apis/rbac.authorization.k8s.io/v1', 'rolebindings'],
      ];
      const name = project === 'beta' ? 'b-vc' : 'a1-vc';
      for (const [base, resource] of targets) {
        const collection = `${base}/namespaces/${ns}/${resource}`;
        const item = `${collection}/${resource === 'virtualclusterinstances' ? name : 'canary'}`;
        const cases: Array<[string, string, unknown?, string?]> = [
          ['GET', item],
          ['GET', collection],
          ['GET', `${collection}?labelSelector=app%3Dx`],
          ['GET', `${collection}?fieldSelector=metadata.name%3Dcanary`],
          ['GET', `${collection}?watch=true`],
          ['POST', collection, { metadata: { name: 'intruder' } }],
          ['PUT', item, { metadata: { name: item.split('/').pop() } }],
          ['PATCH', item, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json'],
          ['DELETE', item],
          ['DELETE', collection],
        ];
        if (resource === 'virtualclusterinstances') {
          cases.push(['GET', `${item}/status`], ['PATCH', `${item}/status`, { status: {} }, 'application/merge-patch+json'], ['POST', `${item}/kubeconfig`, {}]);
        }
        for (const [method, path, body, type] of cases) {
          const reply = await http(token, method, path, body, type);
          if (reply.status !== 403) failures.push(`${method} ${path} → ${reply.status}`);
          if (reply.body.includes('CANARY')) failures.push(`${method} ${path} leaked a canary`);
          else if (reply.status === 403) assert.equal(JSON.parse(reply.body).reason, 'Forbidden');
        }
      }
      const projectGet = await http(token, 'GET', `/apis/management.loft.sh/v1/projects/${project}`);
      if (projectGet.status !== 403) failures.push(`GET project ${project} → ${projectGet.status}`);
      const proxy = await http(token, 'GET', `/kubernetes/project/${project}/virtualcluster/${name}/api/v1/namespaces`);
      if (proxy.status !== 403) failures.push(`proxy ${project}/${name} → ${proxy.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test('a viewer gets what is shared with them and nothing else', async () => {
    assert.match(await asOk('victor', ['get', 'vci', 'a-shared', '-n', 'loft-p-alpha', '-o', 'name']), /a-shared/);
    assert.match((await as('victor', ['get', 'vci', 'a-own', '-n', 'loft-p-alpha'])).stderr, /Forbidden/);
    assert.equal((await asOk('victor', ['get', 'vci', '-n', 'loft-p-alpha', '-o', 'name'])).trim(), 'virtualclusterinstance.management.loft.sh/a-shared');
    assert.match((await as('victor', ['create', '-f', s.file('v.json', vci('v-own', 'alpha'))])).stderr, /Forbidden/);
  });

  test('projects/<p>/templates and projects/<p>/clusters list what the project allows and the user may see', async () => {
    const templates = await http(keys.alice as string, 'GET', '/apis/management.loft.sh/v1/projects/alpha/templates');
    assert.equal(templates.status, 200, templates.body);
    assert.deepEqual(JSON.parse(templates.body).virtualClusterTemplates.map((t: { metadata: { name: string } }) => t.metadata.name), ['base']);
    const clusters = JSON.parse((await http(keys.alice as string, 'GET', '/apis/management.loft.sh/v1/projects/alpha/clusters')).body);
    assert.deepEqual(clusters.clusters.map((c: { metadata: { name: string } }) => c.metadata.name), ['loft-cluster']);
    assert.equal((await http(keys.alice as string, 'GET', '/apis/management.loft.sh/v1/projects/beta/templates')).status, 403);
  });

  test('disabled users and revoked, expired or wrong keys get 401', async () => {
    assert.equal((await http(keys.dave as string, 'GET', '/apis/management.loft.sh/v1/namespaces/loft-p-alpha/virtualclusterinstances')).status, 403, 'dave authenticates');
    await s.kubectlOk(['patch', 'user', 'dave', '--type', 'merge', '-p', '{"spec":{"disabled":true}}']);
    await waitFor(async () => (await http(keys.dave as string, 'GET', '/version/')).status !== 0 && (await http(keys.dave as string, 'GET', '/api/v1/namespaces')).status === 401);
    const revoked = await newKey('edgar', 'edgar-revoked');
    assert.notEqual((await http(revoked, 'GET', '/api/v1/namespaces')).status, 401);
    await s.kubectlOk(['delete', 'ownedaccesskey', 'edgar-revoked']);
    await waitFor(async () => (await http(revoked, 'GET', '/api/v1/namespaces')).status === 401);
    const expiring = await newKey('edgar', 'edgar-expiring', '  ttl: 1\n');
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal((await http(expiring, 'GET', '/api/v1/namespaces')).status, 401);
    const wrong = await http('not-a-real-key-' + 'x'.repeat(30), 'GET', '/api/v1/namespaces');
    assert.equal(wrong.status, 401);
    assert.equal(JSON.parse(wrong.body).reason, 'Unauthorized');
    const kubectl = await as('dave', ['get', 'ns']);
    assert.match(kubectl.stderr, /You must be logged in to the server/);
  });

  test('kubectl auth can-i agrees with what requests do: 5 identities × 20 triples', async () => {
    const triples: Array<[string, string, string, string]> = [
      // verb, resource path segment (group/version/resource), namespace, kubectl resource name
      ['get', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-alpha', 'virtualclusterinstances.management.loft.sh'],
      ['list', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-alpha', 'virtualclusterinstances.management.loft.sh'],
      ['create', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-alpha', 'virtualclusterinstances.management.loft.sh'],
      ['delete', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-alpha', 'virtualclusterinstances.management.loft.sh'],
      ['list', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-beta', 'virtualclusterinstances.management.loft.sh'],
      ['create', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-beta', 'virtualclusterinstances.management.loft.sh'],
      ['list', '/apis/management.loft.sh/v1/virtualclusterinstances', 'loft-p-alpha1', 'virtualclusterinstances.management.loft.sh'],
      ['get', '/api/v1/secrets', 'loft-p-beta', 'secrets'],
      ['list', '/api/v1/secrets', 'loft-p-beta', 'secrets'],
      ['list', '/api/v1/secrets', 'loft-p-alpha', 'secrets'],
      ['create', '/api/v1/configmaps', 'loft-p-alpha', 'configmaps'],
      ['list', '/api/v1/configmaps', 'loft-p-alpha1', 'configmaps'],
      ['get', '/api/v1/configmaps', 'default', 'configmaps'],
      ['create', '/api/v1/pods', 'default', 'pods'],
      ['list', '/apis/rbac.authorization.k8s.io/v1/rolebindings', 'loft-p-alpha', 'rolebindings.rbac.authorization.k8s.io'],
      ['create', '/apis/rbac.authorization.k8s.io/v1/roles', 'team', 'roles.rbac.authorization.k8s.io'],
      ['list', '/apis/management.loft.sh/v1/projectsecrets', 'loft-p-beta', 'projectsecrets.management.loft.sh'],
      ['create', '/apis/management.loft.sh/v1/projectsecrets', 'loft-p-beta', 'projectsecrets.management.loft.sh'],
      ['delete', '/api/v1/secrets', 'loft-p-alpha1', 'secrets'],
      ['list', '/apis/apps/v1/deployments', 'loft-p-beta', 'deployments.apps'],
    ];
    const disagreements: string[] = [];
    for (const who of ['admin', 'alice', 'victor', 'betty', 'eddie']) {
      for (const [verb, base, ns, kubectlName] of triples) {
        const canI = await as(who, ['auth', 'can-i', verb, kubectlName, '-n', ns]);
        const said = canI.stdout.trim() === 'yes';
        const collection = base.replace(/\/([^/]+)$/, `/namespaces/${ns}/$1`);
        const name = 'matrix-probe';
        const request: [string, string, unknown?] =
          verb === 'get'
            ? ['GET', `${collection}/${name}`]
            : verb === 'list'
              ? ['GET', collection]
              : verb === 'create'
                ? ['POST', `${collection}?dryRun=All`, { metadata: { name, namespace: ns } }]
                : ['DELETE', `${collection}/${name}?dryRun=All`];
        const reply = await http(keys[who] as string, ...request);
        const did = reply.status !== 403 && reply.status !== 401;
        if (said !== did) disagreements.push(`${who} ${verb} ${kubectlName} -n ${ns}: can-i ${canI.stdout.trim()}, request ${reply.status}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  test('escalation is refused without escalate and bind, and allowed with them', async () => {
    await s.kubectlOk(['create', 'namespace', 'team']);
    await s.kubectlOk(['create', 'rolebinding', 'eddie-view', '-n', 'team', '--clusterrole=view', '--user=eddie']);
    await s.kubectlOk(['create', 'role', 'role-manager', '-n', 'team', '--verb=create,get,list', '--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io']);
    await s.kubectlOk(['create', 'rolebinding', 'eddie-manages-roles', '-n', 'team', '--role=role-manager', '--user=eddie']);
    await s.kubectlOk(['create', 'rolebinding', 'edgar-edit', '-n', 'team', '--clusterrole=edit', '--user=edgar']);
    const edit = await as('edgar', ['create', 'role', 'x', '-n', 'team', '--verb=delete', '--resource=secrets']);
    assert.match(edit.stderr, /forbidden/i, 'edit holds no permission to create roles');
    const grant = await as('eddie', ['create', 'role', 'deleter', '-n', 'team', '--verb=delete', '--resource=secrets']);
    assert.match(grant.stderr, /is attempting to grant RBAC permissions not currently held/);
    const bind = await as('eddie', ['create', 'rolebinding', 'eddie-admin', '-n', 'team', '--clusterrole=cluster-admin', '--user=eddie']);
    assert.match(bind.stderr, /forbidden/i);
    await s.kubectlOk(['create', 'role', 'escalator', '-n', 'team', '--verb=escalate', '--resource=roles.rbac.authorization.k8s.io']);
    await s.kubectlOk(['create', 'rolebinding', 'eddie-escalates', '-n', 'team', '--role=escalator', '--user=eddie']);
    await s.kubectlOk(['create', 'clusterrole', 'binder', '--verb=bind', '--resource=clusterroles.rbac.authorization.k8s.io', '--resource-name=cluster-admin']);
    await s.kubectlOk(['create', 'rolebinding', 'eddie-binds', '-n', 'team', '--clusterrole=binder', '--user=eddie']);
    await waitFor(async () => (await as('eddie', ['create', 'role', 'deleter', '-n', 'team', '--verb=delete', '--resource=secrets'])).code === 0);
    await asOk('eddie', ['create', 'rolebinding', 'eddie-admin', '-n', 'team', '--clusterrole=cluster-admin', '--user=eddie']);
  });

  test('no access key appears anywhere in the server log', () => {
    const logs = s.logs();
    assert.ok(logs.length > 0);
    for (const [who, key] of Object.entries(keys)) assert.ok(!logs.includes(key), `the key of ${who} is not logged`);
    assert.doesNotMatch(logs, /Bearer [A-Za-z0-9_-]{20,}/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
