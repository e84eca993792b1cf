// Issue #3 "Done when": the real kubectl against `bin/loft start` — discovery, creates (which
// kubectl 1.32 sends as protobuf), apply (client- and server-side), get in every output form,
// watch, patch, edit, label, annotate, explain, auth can-i, delete.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './harness.ts';

describe('kubectl against loft start', { concurrency: false }, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    const code = await s.stop();
    assert.equal(code, 0, 'SIGTERM shuts the server down cleanly');
  });

  test('version, api-resources and api-versions', async () => {
    const version = await s.kubectlOk(['version', '-o', 'json']);
    assert.equal(JSON.parse(version).serverVersion.minor, '32');
    const resources = await s.kubectlOk(['api-resources']);
    assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(resources, /customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io\/v1\s+false/);
    const versions = await s.kubectlOk(['api-versions']);
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'apiextensions.k8s.io/v1']) {
      assert.ok(versions.split('\n').includes(gv), `api-versions lists ${gv}`);
    }
  });

  test('the four system namespaces exist', async () => {
    const out = await s.kubectlOk(['get', 'namespaces', '-o', 'name']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(out, new RegExp(`^namespace/${ns}$`, 'm'));
  });

  test('create namespace, configmap, secret, serviceaccount, role, rolebinding, deployment', async () => {
    assert.match(await s.kubectlOk(['create', 'namespace', 'team-a']), /namespace\/team-a created/);
    assert.match(await s.kubectlOk(['create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=color=blue', '--from-literal=size=L']), /configmap\/settings created/);
    assert.match(await s.kubectlOk(['create', 'secret', 'generic', 'creds', '-n', 'team-a', '--from-literal=password=s3cret']), /secret\/creds created/);
    assert.match(await s.kubectlOk(['create', 'serviceaccount', 'robot', '-n', 'team-a']), /serviceaccount\/robot created/);
    assert.match(await s.kubectlOk(['create', 'role', 'reader', '-n', 'team-a', '--verb=get,list', '--resource=configmaps']), /role.rbac.authorization.k8s.io\/reader created/);
    assert.match(
      await s.kubectlOk(['create', 'rolebinding', 'robot-reads', '-n', 'team-a', '--role=reader', '--serviceaccount=team-a:robot']),
      /rolebinding.rbac.authorization.k8s.io\/robot-reads created/,
    );
    assert.match(await s.kubectlOk(['create', 'deployment', 'web', '-n', 'team-a', '--image=nginx:1.27', '--replicas=2']), /deployment.apps\/web created/);
    const cm = JSON.parse(await s.kubectlOk(['get', 'configmap', 'settings', '-n', 'team-a', '-o', 'json']));
    assert.deepEqual(cm.data, { color: 'blue', size: 'L' });
    const secret = JSON.parse(await s.kubectlOk(['get', 'secret', 'creds', '-n', 'team-a', '-o', 'json']));
    assert.equal(Buffer.from(secret.data.password, 'base64').toString(), 's3cret');
    assert.equal(secret.type, 'Opaque');
    const deploy = JSON.parse(await s.kubectlOk(['get', 'deployment', 'web', '-n', 'team-a', '-o', 'json', '--show-managed-fields']));
    assert.equal(deploy.spec.replicas, 2);
    assert.equal(deploy.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.equal(deploy.metadata.generation, 1);
    assert.ok(deploy.metadata.managedFields?.some((m: { manager: string }) => m.manager === 'kubectl-create'));
    // Every namespace gets its default ServiceAccount and kube-root-ca.crt.
    await waitFor(async () => (await s.kubectl(['get', 'serviceaccount', 'default', '-n', 'team-a'])).code === 0);
    await waitFor(async () => (await s.kubectl(['get', 'configmap', 'kube-root-ca.crt', '-n', 'team-a'])).code === 0);
  });

  test('apply -f twice: created, then unchanged; a change is configured', async () => {
    const manifest = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: team-a
  labels: {app: api}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: ${image}
        ports: [{containerPort: 8080}]
`;
    const file = s.file('api.yaml', manifest('api:1'));
    assert.match(await s.kubectlOk(['apply', '-f', file]), /deployment.apps\/api created/);
    assert.match(await s.kubectlOk(['apply', '-f', file]), /deployment.apps\/api unchanged/);
    s.file('api.yaml', manifest('api:2'));
    assert.match(await s.kubectlOk(['apply', '-f', file]), /deployment.apps\/api configured/);
    const deploy = JSON.parse(await s.kubectlOk(['get', 'deploy', 'api', '-n', 'team-a', '-o', 'json']));
    assert.equal(deploy.spec.template.spec.containers[0].image, 'api:2');
    assert.equal(deploy.metadata.generation, 2);
  });

  test('apply --server-side: a conflict between two field managers, then --force-conflicts', async () => {
    const file = s.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: team-a\ndata:\n  owner: first\n');
    assert.match(await s.kubectlOk(['apply', '--server-side', '--field-manager=first', '-f', file]), /configmap\/ssa serverside-applied/);
    s.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: team-a\ndata:\n  owner: second\n');
    const conflict = await s.kubectl(['apply', '--server-side', '--field-manager=second', '-f', file]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "first"/);
    assert.match(conflict.stderr, /\.data\.owner/);
    assert.match(await s.kubectlOk(['apply', '--server-side', '--field-manager=second', '--force-conflicts', '-f', file]), /serverside-applied/);
    assert.equal(JSON.parse(await s.kubectlOk(['get', 'cm', 'ssa', '-n', 'team-a', '-o', 'json'])).data.owner, 'second');
  });

  test('get -o yaml, json, wide, name; get all; get -l; get --field-selector', async () => {
    const yaml = await s.kubectlOk(['get', 'deployment', 'web', '-n', 'team-a', '-o', 'yaml']);
    assert.match(yaml, /^kind: Deployment$/m);
    assert.match(yaml, /^ {2}name: web$/m);
    const json = JSON.parse(await s.kubectlOk(['get', 'configmaps', '-n', 'team-a', '-o', 'json']));
    assert.equal(json.kind, 'List');
    const wide = await s.kubectlOk(['get', 'deployments', '-n', 'team-a', '-o', 'wide']);
    assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    assert.match(wide, /^web\s+0\/2\s+0\s+0\s+\d+s\s+nginx\s+nginx:1.27\s+app=web$/m);
    const names = await s.kubectlOk(['get', 'configmaps', '-n', 'team-a', '-o', 'name']);
    assert.match(names, /^configmap\/settings$/m);
    const all = await s.kubectlOk(['get', 'all', '-n', 'team-a']);
    assert.match(all, /^deployment.apps\/web\s+0\/2/m);
    const byLabel = await s.kubectlOk(['get', 'deployments', '-n', 'team-a', '-l', 'app=api', '-o', 'name']);
    assert.equal(byLabel.trim(), 'deployment.apps/api');
    const setBased = await s.kubectlOk(['get', 'deployments', '-n', 'team-a', '-l', 'app in (web,api)', '-o', 'name']);
    assert.equal(setBased.trim().split('\n').length, 2);
    const byField = await s.kubectlOk(['get', 'configmaps', '-A', '--field-selector', 'metadata.name=settings', '-o', 'name']);
    assert.equal(byField.trim(), 'configmap/settings');
    const table = await s.kubectlOk(['get', 'namespaces']);
    assert.match(table, /^NAME\s+STATUS\s+AGE$/m);
    assert.match(table, /^team-a\s+Active\s+\d+s$/m);
  });

  test('get -w sees a change', async () => {
    const watch = s.kubectl(['get', 'configmap', 'settings', '-n', 'team-a', '-w', '-o', 'jsonpath={.data.color}{"\\n"}', '--request-timeout=8s'], { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    await s.kubectlOk(['patch', 'configmap', 'settings', '-n', 'team-a', '--type', 'merge', '-p', '{"data":{"color":"green"}}']);
    const result = await watch;
    assert.match(result.stdout, /green/);
  });

  test('patch: strategic (default), merge and json', async () => {
    await s.kubectlOk(['patch', 'deployment', 'web', '-n', 'team-a', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}']);
    let deploy = JSON.parse(await s.kubectlOk(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'json']));
    assert.equal(deploy.spec.template.spec.containers.length, 1, 'strategic merge merges containers by name');
    assert.equal(deploy.spec.template.spec.containers[0].image, 'nginx:1.28');
    await s.kubectlOk(['patch', 'deployment', 'web', '-n', 'team-a', '--type', 'merge', '-p', '{"spec":{"replicas":3}}']);
    await s.kubectlOk(['patch', 'deployment', 'web', '-n', 'team-a', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":4}]']);
    deploy = JSON.parse(await s.kubectlOk(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'json']));
    assert.equal(deploy.spec.replicas, 3);
    assert.equal(deploy.spec.revisionHistoryLimit, 4);
    const noop = await s.kubectlOk(['patch', 'deployment', 'web', '-n', 'team-a', '--type', 'merge', '-p', '{"spec":{"replicas":3}}']);
    assert.match(noop, /patched \(no change\)/);
  });

  test('edit through an EDITOR script', async () => {
    const editor = s.file('editor.sh', '#!/bin/sh\nsed -i "s/color: green/color: red/" "$1"\n');
    await import('node:fs').then((fs) => fs.chmodSync(editor, 0o755));
    const out = await s.kubectlOk(['edit', 'configmap', 'settings', '-n', 'team-a'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    assert.match(out, /configmap\/settings edited/);
    assert.equal(JSON.parse(await s.kubectlOk(['get', 'cm', 'settings', '-n', 'team-a', '-o', 'json'])).data.color, 'red');
  });

  test('label and annotate', async () => {
    assert.match(await s.kubectlOk(['label', 'configmap', 'settings', '-n', 'team-a', 'tier=gold']), /configmap\/settings labeled/);
    assert.match(await s.kubectlOk(['annotate', 'configmap', 'settings', '-n', 'team-a', 'note=hello']), /configmap\/settings annotated/);
    const cm = JSON.parse(await s.kubectlOk(['get', 'cm', 'settings', '-n', 'team-a', '-o', 'json']));
    assert.equal(cm.metadata.labels.tier, 'gold');
    assert.equal(cm.metadata.annotations.note, 'hello');
    assert.match(await s.kubectlOk(['label', 'configmap', 'settings', '-n', 'team-a', 'tier-']), /unlabeled/);
  });

  test('scale a deployment through the scale subresource', async () => {
    assert.match(await s.kubectlOk(['scale', 'deployment', 'web', '-n', 'team-a', '--replicas=5']), /deployment.apps\/web scaled/);
    assert.equal(JSON.parse(await s.kubectlOk(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'json'])).spec.replicas, 5);
  });

  test('explain deployment.spec prints upstream descriptions', async () => {
    const out = await s.kubectlOk(['explain', 'deployment.spec']);
    assert.match(out, /KIND:\s+Deployment/);
    assert.match(out, /DeploymentSpec is the specification of the desired behavior of the\s+Deployment/);
    assert.match(out, /replicas\s+<integer>/);
  });

  test('auth can-i and auth whoami', async () => {
    assert.equal((await s.kubectlOk(['auth', 'can-i', 'create', 'pods'])).trim(), 'yes');
    const whoami = await s.kubectlOk(['auth', 'whoami', '-o', 'json']);
    assert.equal(JSON.parse(whoami).status.userInfo.username, 'admin');
  });

  test('delete --wait removes an object; delete namespace removes its contents', async () => {
    assert.match(await s.kubectlOk(['delete', 'configmap', 'ssa', '-n', 'team-a', '--wait']), /configmap "ssa" deleted/);
    assert.equal((await s.kubectl(['get', 'configmap', 'ssa', '-n', 'team-a'])).code, 1);
    assert.match(await s.kubectlOk(['delete', 'namespace', 'team-a', '--wait', '--timeout=60s'], { timeoutMs: 90_000 }), /namespace "team-a" deleted/);
    const gone = await s.kubectl(['get', 'namespace', 'team-a']);
    assert.match(gone.stderr, /namespaces "team-a" not found/);
    const leftovers = await s.kubectlOk(['get', 'configmaps,secrets,deployments,serviceaccounts', '-A', '-o', 'name']);
    assert.doesNotMatch(leftovers, /settings|creds|robot|web|api/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
