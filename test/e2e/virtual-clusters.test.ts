// Issue #6 "Done when": virtual clusters through the proxy with the real kubectl — a versioned,
// parameterised template; Ready; a full Kubernetes API inside; isolation between instances with
// identical names; access rules; template roll-out and pruning; failures with the documented
// reasons; deletion removing every key and the host namespace.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { openStorage } from '../../src/storage/index.ts';
import { adminToken, run, startServer, type RunResult, type TestServer } from './harness.ts';

const templateV1 = (objects: string): string => `apiVersion: management.loft.sh/v1
kind: VirtualClusterTemplate
metadata:
  name: team-cluster
spec:
  displayName: Team cluster
  access:
  - verbs: [get, list]
    users: ['*']
  versions:
  - version: 1.0.0
    parameters:
    - variable: color
      type: string
      options: [red, blue]
      defaultValue: red
    - variable: replicas
      type: number
      min: 1
      max: 5
      defaultValue: "1"
    template:
      access:
        defaultClusterRole: edit
        rules:
        - users: [admin]
          clusterRole: cluster-admin
        - users: [vera]
          clusterRole: view
      objects: |
${objects.replace(/^/gm, '        ')}
`;

const objectsV1 = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: default
data:
  color: "{{ .Values.color }}"
  replicas: "{{ .Values.replicas }}"
  cluster: "{{ .Values.loft.virtualClusterName }}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: old-one
  namespace: default
data:
  soon: gone`;

const objectsV2 = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: default
data:
  color: "{{ .Values.color }}"
  version: "2"`;

describe('virtual clusters through the proxy', { concurrency: false }, () => {
  let s: TestServer;
  const keys: Record<string, string> = {};
  let uid1 = '';

  /** Writes a kubeconfig for `token` pointing at `path` on the server; returns its file. */
  const kubeconfigFor = (name: string, path: string, token: string): string =>
    s.file(
      `${name}.kubeconfig`,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { server: `${s.url}${path}`, 'certificate-authority': join(s.dataDir, 'pki', 'ca.crt') } }],
        users: [{ name, user: { token } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      }),
    );
  const vcPath = (name: string): string => `/kubernetes/project/default/virtualcluster/${name}`;
  const inVc = (who: string, vc: string, args: string[]): Promise<RunResult> =>
    run('kubectl', ['--kubeconfig', kubeconfigFor(`${who}-${vc}`, vcPath(vc), keys[who] as string), '--cache-dir', join(s.dataDir, `cache-${who}-${vc}`), ...args]);
  const inVcOk = async (who: string, vc: string, args: string[]): Promise<string> => {
    const r = await inVc(who, vc, args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} as ${who} in ${vc}: ${r.stderr}`);
    return r.stdout;
  };
  const createVci = (name: string, spec: Record<string, unknown>): Promise<string> =>
    s.kubectlOk(['create', '-f', s.file(`${name}.json`, JSON.stringify({ apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterInstance', metadata: { name, namespace: 'loft-p-default' }, spec }))]);
  const waitPhase = (name: string, phase: string): Promise<string> =>
    s.kubectlOk(['wait', `--for=jsonpath={.status.phase}=${phase}`, `virtualclusterinstance/${name}`, '-n', 'loft-p-default', '--timeout=30s'], { timeoutMs: 40_000 });

  before(async () => {
    s = await startServer();
    keys.admin = adminToken(s.kubeconfig);
    for (const user of ['vera', 'uma']) {
      await s.kubectlOk(['create', '-f', s.file(`${user}.yaml`, `apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: ${user}\nspec:\n  username: ${user}\n  subject: ${user}\n`)]);
      const key = JSON.parse(
        await s.kubectlOk(['create', '-o', 'json', '-f', s.file(`${user}-key.yaml`, `apiVersion: management.loft.sh/v1\nkind: OwnedAccessKey\nmetadata:\n  name: ${user}-key\nspec:\n  user: ${user}\n  type: User\n`)]),
      );
      keys[user] = key.spec.key;
      assert.ok(keys[user], `an access key for ${user}`);
    }
    await s.kubectlOk(['create', '-f', s.file('template.yaml', templateV1(objectsV1))]);
  });
  after(async () => {
    await s.stop();
  });

  test('an instance from a versioned template with parameters becomes Ready', async () => {
    await createVci('vc1', {
      templateRef: { name: 'team-cluster', version: '1.x.x' },
      parameters: 'color: blue\nreplicas: 3\n',
      access: [{ verbs: ['get', 'use'], users: ['vera', 'uma'] }],
    });
    await waitPhase('vc1', 'Ready');
    const vci = JSON.parse(await s.kubectlOk(['get', 'vci', 'vc1', '-n', 'loft-p-default', '-o', 'json']));
    uid1 = vci.metadata.uid;
    const conditions = Object.fromEntries((vci.status.conditions as Array<{ type: string; status: string }>).map((c) => [c.type, c.status]));
    for (const type of ['Scheduled', 'TemplateResolved', 'SpaceSynced', 'SpaceReady', 'VirtualClusterSynced', 'VirtualClusterReady']) {
      assert.equal(conditions[type], 'True', `${type} is True`);
    }
    assert.equal(vci.status.virtualCluster.access.rules.length, 2);
  });

  test('inside: the system namespaces and the rendered objects; a full API', async () => {
    const namespaces = await inVcOk('admin', 'vc1', ['get', 'namespaces', '-o', 'name']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(namespaces, new RegExp(`^namespace/${ns}$`, 'm'));
    assert.doesNotMatch(namespaces, /loft-p-/, 'platform namespaces are not visible inside');
    const cm = JSON.parse(await inVcOk('admin', 'vc1', ['get', 'configmap', 'app-config', '-n', 'default', '-o', 'json']));
    assert.deepEqual(cm.data, { color: 'blue', replicas: '3', cluster: 'vc1' });
    await inVcOk('admin', 'vc1', ['create', 'namespace', 'team']);
    await inVcOk('admin', 'vc1', ['create', 'deployment', 'web', '-n', 'team', '--image=nginx']);
    const crd = s.file('crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`);
    await inVcOk('admin', 'vc1', ['apply', '-f', crd]);
    await inVcOk('admin', 'vc1', ['wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=10s']);
    await inVcOk('admin', 'vc1', ['apply', '-f', s.file('gadget.yaml', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g1\n  namespace: team\nspec:\n  size: 2\n')]);
    assert.match(await inVcOk('admin', 'vc1', ['get', 'gadgets', '-n', 'team']), /^g1\s+/m);
    await inVcOk('admin', 'vc1', ['create', 'role', 'reader', '-n', 'team', '--verb=get,list', '--resource=configmaps']);
    await inVcOk('admin', 'vc1', ['create', 'serviceaccount', 'bot', '-n', 'team']);
    await inVcOk('admin', 'vc1', ['create', 'rolebinding', 'bot-reads', '-n', 'team', '--role=reader', '--serviceaccount=team:bot']);
    assert.equal((await inVcOk('admin', 'vc1', ['auth', 'can-i', 'create', 'clusterroles'])).trim(), 'yes');
  });

  test('the kubeconfig subresource returns a working kubeconfig for the caller', async () => {
    const response = await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(s.dataDir, 'cache-raw'), 'create', '--raw', '/apis/management.loft.sh/v1/namespaces/loft-p-default/virtualclusterinstances/vc1/kubeconfig', '-f', s.file('kc-request.json', '{"apiVersion":"management.loft.sh/v1","kind":"VirtualClusterInstanceKubeConfig","spec":{}}')]);
    assert.equal(response.code, 0, response.stderr);
    const config = JSON.parse(response.stdout).status.kubeConfig as string;
    assert.match(config, /current-context: loft-vcluster_vc1_default/);
    const path = s.file('vc1-from-subresource.kubeconfig', config);
    const out = await run('kubectl', ['--kubeconfig', path, '--cache-dir', join(s.dataDir, 'cache-sub'), 'get', 'namespace', 'team', '-o', 'name']);
    assert.equal(out.stdout.trim(), 'namespace/team', out.stderr);
  });

  test('a service-account token works in its virtual cluster and is refused elsewhere', async () => {
    keys.bot = (await inVcOk('admin', 'vc1', ['create', 'token', 'bot', '-n', 'team'])).trim();
    assert.match(await inVcOk('bot', 'vc1', ['get', 'configmaps', '-n', 'team', '-o', 'name']), /kube-root-ca.crt/);
    const denied = await inVc('bot', 'vc1', ['get', 'secrets', '-n', 'team']);
    assert.match(denied.stderr, /forbidden/i);
    const management = await run('kubectl', ['--kubeconfig', kubeconfigFor('bot-mgmt', '', keys.bot), '--cache-dir', join(s.dataDir, 'cache-bot-mgmt'), 'get', 'ns']);
    assert.match(management.stderr, /You must be logged in/, 'the token does not work on the management API');
  });

  test('after a restart a virtual cluster serves at once: its RBAC, service-account tokens and CRDs', async () => {
    await s.stop('SIGTERM', true);
    s = await startServer([], { dir: s.dir });
    keys.admin = adminToken(s.kubeconfig);
    // The platform listens before it read the virtual clusters (controllers/runtime/cluster-load.ts);
    // a request to one that is not read yet reads it first.
    assert.match(await inVcOk('bot', 'vc1', ['get', 'configmaps', '-n', 'team', '-o', 'name']), /kube-root-ca.crt/);
    assert.match((await inVc('bot', 'vc1', ['get', 'secrets', '-n', 'team'])).stderr, /forbidden/i);
    assert.match(await inVcOk('admin', 'vc1', ['get', 'gadgets', '-n', 'team']), /^g1\s+/m);
    assert.match(await inVcOk('vera', 'vc1', ['get', 'namespaces', '-o', 'name']), /^namespace\/team$/m);
  });

  test('a second instance with the same names sees none of it', async () => {
    await createVci('vc2', { templateRef: { name: 'team-cluster' }, parameters: 'color: red\n' });
    await waitPhase('vc2', 'Ready');
    const namespaces = await inVcOk('admin', 'vc2', ['get', 'namespaces', '-o', 'name']);
    assert.doesNotMatch(namespaces, /namespace\/team/);
    assert.equal(JSON.parse(await inVcOk('admin', 'vc2', ['get', 'cm', 'app-config', '-n', 'default', '-o', 'json'])).data.color, 'red');
    const crds = await inVc('admin', 'vc2', ['get', 'gadgets', '-A']);
    assert.equal(crds.code, 1, 'the CRD of vc1 is not served in vc2');
    const bot = await inVc('bot', 'vc2', ['get', 'ns']);
    assert.match(bot.stderr, /You must be logged in/, 'vc1 service-account tokens are refused in vc2');
  });

  test('a user with a view rule can read but not write; an unmatched user gets the default role', async () => {
    assert.match(await inVcOk('vera', 'vc1', ['get', 'configmaps', '-n', 'default', '-o', 'name']), /app-config/);
    const write = await inVc('vera', 'vc1', ['create', 'configmap', 'nope', '-n', 'default']);
    assert.match(write.stderr, /forbidden: User "vera" cannot create resource "configmaps"/);
    const canI = await inVc('vera', 'vc1', ['auth', 'can-i', 'create', 'configmaps']);
    assert.deepEqual([canI.code, canI.stdout.trim()], [1, 'no'], 'kubectl auth can-i agrees');
    await inVcOk('uma', 'vc1', ['create', 'configmap', 'from-uma', '-n', 'default']);
    const clusterRole = await inVc('uma', 'vc1', ['create', 'clusterrole', 'x', '--verb=get', '--resource=pods']);
    assert.match(clusterRole.stderr, /forbidden/i, 'edit does not reach cluster-scoped RBAC');
    const other = await inVc('vera', 'vc2', ['get', 'ns']);
    assert.match(other.stderr, /forbidden/i, 'vera may not use vc2');
  });

  test('a new template version matching 1.x.x is rolled out and a dropped object is pruned', async () => {
    const template = JSON.parse(await s.kubectlOk(['get', 'virtualclustertemplate', 'team-cluster', '-o', 'json']));
    const v2 = structuredClone(template.spec.versions[0]);
    v2.version = '1.1.0';
    v2.template.objects = objectsV2;
    template.spec.versions.push(v2);
    await s.kubectlOk(['replace', '-f', s.file('template-v2.json', JSON.stringify(template))]);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const cm = JSON.parse(await inVcOk('admin', 'vc1', ['get', 'cm', 'app-config', '-n', 'default', '-o', 'json']));
      if (cm.data.version === '2') break;
      assert.ok(Date.now() < deadline, 'the new version arrives');
      await new Promise((r) => setTimeout(r, 200));
    }
    const old = await inVc('admin', 'vc1', ['get', 'cm', 'old-one', '-n', 'default']);
    assert.match(old.stderr, /not found/, 'the object the new version dropped is pruned');
  });

  test('a bad parameter and a template that calls fail show the documented reasons', async () => {
    await createVci('bad-param', { templateRef: { name: 'team-cluster' }, parameters: 'replicas: 9\n' });
    await waitPhase('bad-param', 'Failed');
    const bad = JSON.parse(await s.kubectlOk(['get', 'vci', 'bad-param', '-n', 'loft-p-default', '-o', 'json']));
    assert.equal(bad.status.reason, 'ErrorSyncingParameters');
    assert.match(bad.status.message, /replicas/);
    await createVci('fails', { template: { objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{ fail "this template refuses to render" }}\n' } });
    await waitPhase('fails', 'Failed');
    const failed = JSON.parse(await s.kubectlOk(['get', 'vci', 'fails', '-n', 'loft-p-default', '-o', 'json']));
    assert.equal(failed.status.reason, 'ErrorRenderingTemplate');
    assert.match(failed.status.message, /this template refuses to render/);
    assert.match(failed.status.message, /objects:5:3/, 'the message names the template line');
  });

  test('deleting an instance removes its keys and its host namespace', async () => {
    assert.equal((await s.kubectl(['get', 'namespace', 'loft-default-v-vc1'])).code, 0);
    await s.kubectlOk(['delete', 'vci', 'vc1', '-n', 'loft-p-default', '--wait', '--timeout=30s'], { timeoutMs: 40_000 });
    const deadline = Date.now() + 20_000;
    while ((await s.kubectl(['get', 'namespace', 'loft-default-v-vc1'])).code === 0) {
      assert.ok(Date.now() < deadline, 'the host namespace goes away');
      await new Promise((r) => setTimeout(r, 200));
    }
    const gone = await inVc('admin', 'vc1', ['get', 'ns']);
    assert.equal(gone.code, 1);
    await s.stop('SIGTERM', true);
    const storage = openStorage(`sqlite://${join(s.dataDir, 'loft.db')}`);
    try {
      const left = await storage.list(`/registry/vc-${uid1}/`);
      assert.equal(left.items.length, 0, 'no key of the virtual cluster is left');
      const other = await storage.list('/registry/');
      assert.ok(other.keys.some((k) => k.startsWith('/registry/vc-')), 'the other instances keep theirs');
    } finally {
      await storage.close();
    }
  });
});
