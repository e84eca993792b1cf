// Issue #4 "Done when": the seed document's kubectl commands, verbatim, against loft start; the
// same CRUD with curl; the management API under /kubernetes/management; one test per admission
// rule showing its refusal message.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminToken, run, startServer, type TestServer } from './harness.ts';

// The seed's example object, exactly as the document gives it (with creationTimestamp: null and
// status: {}).
const seedObject = `apiVersion: management.loft.sh/v1
kind: VirtualClusterInstance
metadata:
  creationTimestamp: null
  name: my-virtual-cluster
  namespace: loft-p-my-project
spec:
  clusterRef: {}
  displayName: my-display-name
  owner:
    user: my-user
  parameters: 'my-parameter: my-value'
  templateRef:
    name: my-virtual-cluster-template
status: {}
`;

const project = `apiVersion: management.loft.sh/v1
kind: Project
metadata:
  name: my-project
spec:
  displayName: My Project
  allowedClusters:
  - name: '*'
  allowedTemplates:
  - kind: VirtualClusterTemplate
    group: storage.loft.sh
    name: my-virtual-cluster-template
  quotas:
    project:
      virtualclusterinstances: "3"
    user:
      virtualclusterinstances.template=my-virtual-cluster-template: "2"
`;

const template = `apiVersion: management.loft.sh/v1
kind: VirtualClusterTemplate
metadata:
  name: my-virtual-cluster-template
spec:
  displayName: My Template
  parameters:
  - variable: my-parameter
    label: My parameter
    type: string
    defaultValue: default-value
  template:
    access:
      rules:
      - users: ['*']
        clusterRole: cluster-admin
`;

describe('the seed: VirtualClusterInstance with kubectl and curl', { concurrency: false }, () => {
  let s: TestServer;
  const ns = ['-n', 'loft-p-my-project'];
  const vci = 'virtualclusterinstances.management.loft.sh';
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  test('first start has the default project (loft-p-default) and the loft-cluster Cluster', async () => {
    assert.match(await s.kubectlOk(['get', 'projects']), /^default\s+Default Project\s+admin/m);
    assert.match(await s.kubectlOk(['get', 'namespace', 'loft-p-default', '-o', 'name']), /namespace\/loft-p-default/);
    assert.match(await s.kubectlOk(['get', 'clusters.management.loft.sh', '-o', 'name']), /loft-cluster/);
  });

  test('create the project and the template from YAML; the project owns loft-p-my-project', async () => {
    assert.match(await s.kubectlOk(['create', '-f', s.file('project.yaml', project)]), /project.management.loft.sh\/my-project created/);
    assert.match(await s.kubectlOk(['create', '-f', s.file('template.yaml', template)]), /virtualclustertemplate.management.loft.sh\/my-virtual-cluster-template created/);
    await waitFor(async () => (await s.kubectl(['get', 'namespace', 'loft-p-my-project'])).code === 0);
  });

  test('kubectl create -f object.yaml -n loft-p-my-project with the seed object', async () => {
    const out = await s.kubectlOk(['create', '-f', s.file('object.yaml', seedObject), ...ns]);
    assert.equal(out.trim(), 'virtualclusterinstance.management.loft.sh/my-virtual-cluster created');
  });

  test('kubectl get virtualclusterinstances.management.loft.sh -n loft-p-my-project -o yaml', async () => {
    const out = await s.kubectlOk(['get', vci, ...ns, '-o', 'yaml']);
    assert.match(out, /^kind: List$/m);
    assert.match(out, /name: my-virtual-cluster$/m);
    assert.match(out, /displayName: my-display-name/);
  });

  test('kubectl get virtualclusterinstances.management.loft.sh my-virtual-cluster -n loft-p-my-project -o yaml', async () => {
    const out = await s.kubectlOk(['get', vci, 'my-virtual-cluster', ...ns, '-o', 'yaml']);
    assert.match(out, /^apiVersion: management.loft.sh\/v1$/m);
    assert.match(out, /^kind: VirtualClusterInstance$/m);
    assert.match(out, /parameters: 'my-parameter: my-value'/);
    // The platform's defaults: owner as given, clusterRef filled in.
    assert.match(out, /namespace: loft-my-project-v-my-virtual-cluster/);
    assert.match(out, /virtualCluster: my-virtual-cluster/);
    assert.match(out, /user: my-user/);
  });

  test('kubectl edit virtualclusterinstances.management.loft.sh my-virtual-cluster -n loft-p-my-project', async () => {
    const editor = s.file('editor.sh', '#!/bin/sh\nsed -i "s/displayName: my-display-name/displayName: edited-name/" "$1"\n');
    chmodSync(editor, 0o755);
    const out = await s.kubectlOk(['edit', vci, 'my-virtual-cluster', ...ns], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    assert.match(out, /virtualclusterinstance.management.loft.sh\/my-virtual-cluster edited/);
    const obj = JSON.parse(await s.kubectlOk(['get', vci, 'my-virtual-cluster', ...ns, '-o', 'json']));
    assert.equal(obj.spec.displayName, 'edited-name');
  });

  test('the seed JSON patch adds an annotation; RFC 6902 still holds for other kinds', async () => {
    const out = await s.kubectlOk(['patch', vci, 'my-virtual-cluster', ...ns, '--type', 'json', '-p', '[{"op": "add", "path": "/metadata/annotations/my-annotation", "value": "my-value"}]']);
    assert.match(out, /virtualclusterinstance.management.loft.sh\/my-virtual-cluster patched/);
    const obj = JSON.parse(await s.kubectlOk(['get', vci, 'my-virtual-cluster', ...ns, '-o', 'json']));
    assert.equal(obj.metadata.annotations['my-annotation'], 'my-value');
    await s.kubectlOk(['create', 'configmap', 'plain', '-n', 'default']);
    const rfc = await s.kubectl(['patch', 'configmap', 'plain', '-n', 'default', '--type', 'json', '-p', '[{"op": "add", "path": "/metadata/annotations/x", "value": "y"}]']);
    assert.equal(rfc.code, 1);
    assert.match(rfc.stderr, /The request is invalid: .*missing/);
  });

  test('status is written only through the status subresource', async () => {
    await s.kubectlOk(['patch', vci, 'my-virtual-cluster', ...ns, '--type', 'merge', '-p', '{"status":{"phase":"Hacked"}}']);
    const obj = JSON.parse(await s.kubectlOk(['get', vci, 'my-virtual-cluster', ...ns, '-o', 'json']));
    assert.notEqual(obj.status?.phase, 'Hacked');
    // Through the subresource the write lands (the controller owns status, so read the response).
    const written = JSON.parse(
      await s.kubectlOk(['patch', vci, 'my-virtual-cluster', ...ns, '--subresource=status', '--type', 'merge', '-p', '{"status":{"reason":"Testing"}}', '-o', 'json']),
    );
    assert.equal(written.status.reason, 'Testing');
  });

  test('kubectl get vci -A and kubectl explain virtualclusterinstance.spec.templateRef', async () => {
    const table = await s.kubectlOk(['get', 'vci', '-A']);
    assert.match(table, /^NAMESPACE\s+NAME\s+TEMPLATE\s+PHASE\s+OWNER\s+AGE/m);
    assert.match(table, /^loft-p-my-project\s+my-virtual-cluster\s+my-virtual-cluster-template\s+\S*\s*my-user\s+\d+s/m);
    const explain = await s.kubectlOk(['explain', 'virtualclusterinstance.spec.templateRef']);
    assert.match(explain, /TemplateRef holds the virtual cluster template reference/);
    assert.match(explain, /syncOnce\s+<boolean>/);
    assert.match(explain, /Version holds the template version to use/);
  });

  test('the management API is also served under /kubernetes/management', async () => {
    const config = readFileSync(s.kubeconfig, 'utf8').replace(/server: (\S+)/, 'server: $1/kubernetes/management');
    const path = join(s.dataDir, 'management.kubeconfig');
    writeFileSync(path, config);
    const out = await run('kubectl', ['--kubeconfig', path, '--cache-dir', join(s.dataDir, 'mgmt-cache'), 'get', 'vci', ...ns, '-o', 'name']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'virtualclusterinstance.management.loft.sh/my-virtual-cluster');
  });

  test('kubectl delete virtualclusterinstances.management.loft.sh my-virtual-cluster -n loft-p-my-project', async () => {
    const out = await s.kubectlOk(['delete', vci, 'my-virtual-cluster', ...ns]);
    assert.match(out, /virtualclusterinstance.management.loft.sh "my-virtual-cluster" deleted/);
  });

  test('the same CRUD with curl and the bearer token (JSON and YAML bodies)', async () => {
    const base = `${s.url}/apis/management.loft.sh/v1/namespaces/loft-p-my-project/virtualclusterinstances`;
    const curl = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      run('curl', ['-sS', '--cacert', join(s.dataDir, 'pki', 'ca.crt'), '-H', `Authorization: Bearer ${adminToken(s.kubeconfig)}`, ...args]);
    const created = await curl(['-X', 'POST', '-H', 'Content-Type: application/yaml', '--data-binary', `@${s.file('curl.yaml', seedObject.replace('my-virtual-cluster', 'curl-vc'))}`, base]);
    assert.equal(JSON.parse(created.stdout).metadata.name, 'curl-vc', created.stdout);
    const json = JSON.stringify({ apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterInstance', metadata: { name: 'curl-json' }, spec: { templateRef: { name: 'my-virtual-cluster-template' } } });
    assert.equal(JSON.parse((await curl(['-X', 'POST', '-H', 'Content-Type: application/json', '-d', json, base])).stdout).metadata.name, 'curl-json');
    const list = JSON.parse((await curl([base])).stdout);
    assert.deepEqual(list.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort(), ['curl-json', 'curl-vc']);
    const got = JSON.parse((await curl([`${base}/curl-vc`])).stdout);
    assert.equal(got.spec.displayName, 'my-display-name');
    const patched = JSON.parse((await curl(['-X', 'PATCH', '-H', 'Content-Type: application/merge-patch+json', '-d', '{"spec":{"displayName":"via curl"}}', `${base}/curl-vc`])).stdout);
    assert.equal(patched.spec.displayName, 'via curl');
    for (const name of ['curl-vc', 'curl-json']) {
      const deleted = await curl(['-X', 'DELETE', `${base}/${name}`]);
      assert.equal(JSON.parse(deleted.stdout).metadata.name, name);
    }
    // The instance's cleanup finalizer runs first; then the object is gone.
    await waitFor(async () => JSON.parse((await curl([`${base}/curl-vc`])).stdout).reason === 'NotFound');
  });

  test('a ProjectSecret is stored as a Secret in the project namespace', async () => {
    const secret = `apiVersion: management.loft.sh/v1
kind: ProjectSecret
metadata:
  name: db-password
  namespace: loft-p-default
spec:
  displayName: Database password
  data:
    password: czNjcmV0
`;
    assert.match(await s.kubectlOk(['create', '-f', s.file('ps.yaml', secret)]), /projectsecret.management.loft.sh\/db-password created/);
    const stored = JSON.parse(await s.kubectlOk(['get', 'secret', 'db-password', '-n', 'loft-p-default', '-o', 'json']));
    assert.equal(stored.metadata.labels['loft.sh/project-secret'], 'true');
    assert.equal(stored.metadata.annotations['loft.sh/project-secret-displayname'], 'Database password');
    assert.equal(stored.data.password, 'czNjcmV0');
    await s.kubectlOk(['create', 'secret', 'generic', 'plain', '-n', 'loft-p-default', '--from-literal=a=b']);
    const listed = await s.kubectlOk(['get', 'projectsecrets', '-n', 'loft-p-default', '-o', 'name']);
    assert.equal(listed.trim(), 'projectsecret.management.loft.sh/db-password');
    const got = JSON.parse(await s.kubectlOk(['get', 'projectsecret', 'db-password', '-n', 'loft-p-default', '-o', 'json']));
    assert.deepEqual(got.spec, { displayName: 'Database password', data: { password: 'czNjcmV0' } });
    assert.equal((await s.kubectl(['get', 'projectsecret', 'plain', '-n', 'loft-p-default'])).code, 1, 'a plain Secret is not a ProjectSecret');
    await s.kubectlOk(['delete', 'projectsecret', 'db-password', '-n', 'loft-p-default']);
    assert.equal((await s.kubectl(['get', 'secret', 'db-password', '-n', 'loft-p-default'])).code, 1);
  });

  test('deleting the project deletes its namespace and everything in it', async () => {
    await s.kubectlOk(['create', '-f', s.file('again.yaml', seedObject), ...ns]);
    await s.kubectlOk(['delete', 'project', 'my-project', '--wait', '--timeout=30s'], { timeoutMs: 40_000 });
    await waitFor(async () => (await s.kubectl(['get', 'namespace', 'loft-p-my-project'])).code === 1);
    assert.equal((await s.kubectlOk(['get', 'vci', '-A', '-o', 'name'])).trim(), '');
  });
});

describe('admission rules of VirtualClusterInstance', { concurrency: false }, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    await s.kubectlOk(['create', '-f', s.file('project.yaml', project)]);
    await s.kubectlOk(['create', '-f', s.file('template.yaml', template)]);
    await waitFor(async () => (await s.kubectl(['get', 'namespace', 'loft-p-my-project'])).code === 0);
  });
  after(async () => {
    await s.stop();
  });

  /** Creates a VCI from `spec` in `namespace`; returns kubectl's result. */
  const create = (name: string, spec: Record<string, unknown>, namespace = 'loft-p-my-project'): Promise<{ code: number; stdout: string; stderr: string }> =>
    s.kubectl(['create', '-f', s.file(`${name}.json`, JSON.stringify({ apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterInstance', metadata: { name, namespace }, spec }))]);

  test('template and templateRef together are refused', async () => {
    const r = await create('both', { templateRef: { name: 'my-virtual-cluster-template' }, template: { objects: '' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /spec.template: Forbidden: template and templateRef are mutually exclusive/);
  });

  test('templateRef.version needs three dot-separated parts, each a number or x', async () => {
    const r = await create('badversion', { templateRef: { name: 'my-virtual-cluster-template', version: '1.2' } });
    assert.match(r.stderr, /spec.templateRef.version: Invalid value: "1.2": expected version in format: 0.0.0/);
    const wild = await create('wild', { templateRef: { name: 'my-virtual-cluster-template', version: '1.X.x' } });
    assert.equal(wild.code, 0, wild.stderr);
  });

  test('clusterRef fields are immutable once set; clusterRef defaults are filled in', async () => {
    const obj = JSON.parse(await s.kubectlOk(['get', 'vci', 'wild', '-n', 'loft-p-my-project', '-o', 'json']));
    assert.deepEqual(obj.spec.clusterRef, { cluster: 'loft-cluster', namespace: 'loft-my-project-v-wild', virtualCluster: 'wild' });
    for (const field of ['cluster', 'namespace', 'virtualCluster']) {
      const r = await s.kubectl(['patch', 'vci', 'wild', '-n', 'loft-p-my-project', '--type', 'merge', '-p', JSON.stringify({ spec: { clusterRef: { [field]: 'other' } } })]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`spec.clusterRef.${field}: Invalid value: "other": field is immutable`));
    }
  });

  test('owner has at most one of user and team, and defaults to the caller', async () => {
    const r = await create('twoowners', { owner: { user: 'a', team: 'b' }, templateRef: { name: 'my-virtual-cluster-template' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /spec.owner/);
    const obj = JSON.parse(await s.kubectlOk(['get', 'vci', 'wild', '-n', 'loft-p-my-project', '-o', 'json']));
    assert.deepEqual(obj.spec.owner, { user: 'admin' });
  });

  test('parameters must be a YAML mapping', async () => {
    const r = await create('badparams', { templateRef: { name: 'my-virtual-cluster-template' }, parameters: '- a\n- b\n' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /spec.parameters: Invalid value/);
  });

  test('every access rule needs a clusterRole', async () => {
    const r = await create('norole', { templateRef: { name: 'my-virtual-cluster-template' }, extraAccessRules: [{ users: ['bob'] }] });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /spec.extraAccessRules\[0\].clusterRole: Required value: clusterrole is required/);
  });

  test('a template must be allowed by the project', async () => {
    const r = await create('notallowed', { templateRef: { name: 'other-template' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(Forbidden\).*virtual cluster template "other-template" is not allowed in project "my-project"/);
  });

  test('per-user and project quotas are enforced with the documented message', async () => {
    // "wild" exists (owner admin, template my-virtual-cluster-template): the per-user template quota is 2.
    assert.equal((await create('second', { templateRef: { name: 'my-virtual-cluster-template' } })).code, 0);
    const user = await create('third', { templateRef: { name: 'my-virtual-cluster-template' } });
    assert.equal(user.code, 1);
    assert.match(user.stderr, /cannot create virtualclusterinstance, because user virtualclusterinstances.template=my-virtual-cluster-template limit of 2 would be exceeded/);
    assert.equal((await create('inline', { template: { objects: '' } })).code, 0);
    const projectQuota = await create('fourth', { template: { objects: '' } });
    assert.equal(projectQuota.code, 1);
    assert.match(projectQuota.stderr, /cannot create virtualclusterinstance, because project virtualclusterinstances limit of 3 would be exceeded/);
  });

  test('an instance outside a project namespace is refused', async () => {
    const r = await create('outside', { templateRef: { name: 'my-virtual-cluster-template' } }, 'default');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is forbidden: namespace "default" is not the namespace of a project/);
  });

  test('unknown fields are refused under Strict field validation', async () => {
    const r = await create('unknown', { templateRef: { name: 'my-virtual-cluster-template' }, bogus: true });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /strict decoding error: unknown field "spec.bogus"/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
