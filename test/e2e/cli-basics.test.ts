// Issue #7: the loft CLI against a real `loft start` and the real kubectl, in a temp HOME and
// KUBECONFIG. These steps need only what the server has today (management API, admission);
// cli-quickstart.test.ts covers the flow that needs Ready instances, the proxy and logins.

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { adminToken, run, startServer, type RunResult, type TestServer } from './harness.ts';

const root = new URL('../../', import.meta.url).pathname;

let server: TestServer;
// The harness runs the server with HOME=<its temp dir> and KUBECONFIG=<dir>/kube/config; the
// server's login (loft start) wrote there, so the admin's CLI runs with the same two.
let home = '';
let kubeconfigFile = '';

/** Runs bin/loft as the admin's HOME. */
function loft(args: string[], input?: string): Promise<RunResult> {
  return run(join(root, 'bin/loft'), args, { env: { HOME: home, KUBECONFIG: kubeconfigFile, LOFT_TIMEOUT: '60s' }, input, timeoutMs: 90_000 });
}

/** Runs kubectl with the admin's kubeconfig (its current context unless args pick one). */
function kubectl(args: string[]): Promise<RunResult> {
  return run('kubectl', args, { env: { HOME: home, KUBECONFIG: kubeconfigFile } });
}

async function ok(result: Promise<RunResult>): Promise<RunResult> {
  const r = await result;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

function vci(name: string): Promise<RunResult> {
  return kubectl(['--context', 'loft-management', 'get', 'virtualclusterinstances.management.loft.sh', name, '-n', 'loft-p-default', '-o', 'json']);
}

before(async () => {
  server = await startServer();
  home = dirname(server.dataDir);
  kubeconfigFile = join(home, 'kube', 'config');
});
after(async () => {
  await server?.stop();
});

test('loft start logs the CLI in as admin and adds the loft-management context kubectl uses through loft token', async () => {
  const config = JSON.parse(readFileSync(join(home, '.loft', 'config.json'), 'utf8')) as Record<string, string>;
  assert.equal(config.kind, 'Config');
  assert.equal(config.apiVersion, 'storage.loft.sh/v1');
  assert.equal(config.host, server.url);
  assert.equal(config.accesskey, adminToken(server.kubeconfig));
  assert.match(Buffer.from(config.certificateAuthorityData ?? '', 'base64').toString(), /BEGIN CERTIFICATE/);
  assert.equal(statSync(join(home, '.loft', 'config.json')).mode & 0o777, 0o600);
  const doc = parse(readFileSync(kubeconfigFile, 'utf8')) as { 'current-context': string; users: Array<{ name: string; user: { exec: { args: string[] } } }> };
  assert.equal(doc['current-context'], 'loft-management');
  assert.deepEqual(doc.users[0]?.user.exec.args, ['token', '--silent', '--config', join(home, '.loft', 'config.json')]);
  const namespaces = await ok(kubectl(['get', 'namespaces', '-o', 'name']));
  assert.match(namespaces.stdout, /^namespace\/loft-p-default$/m);
  assert.equal((await ok(loft(['login']))).stdout, `Logged into ${server.url} as user admin\n`);
});

test('loft list projects, clusters and users; -o json prints a List', async () => {
  assert.match((await ok(loft(['list', 'projects']))).stdout, /^NAME +DISPLAY NAME +AGE\ndefault +Default Project +\S+\n/);
  assert.match((await ok(loft(['list', 'clusters']))).stdout, /^loft-cluster +Loft Cluster +\S+$/m);
  assert.match((await ok(loft(['list', 'users']))).stdout, /^admin +admin +Admin +<none> +\S+$/m);
  const list = JSON.parse((await ok(loft(['list', 'projects', '-o', 'json']))).stdout) as { kind: string; items: Array<{ metadata: { name: string } }> };
  assert.equal(list.kind, 'List');
  assert.ok(list.items.some((p) => p.metadata.name === 'default'));
  const empty = await ok(loft(['list', 'vclusters']));
  assert.deepEqual([empty.stdout, empty.stderr], ['', 'No virtual clusters found.\n']);
});

test('create vcluster --skip-wait writes the instance and its context; a second create is an error; delete removes both', async () => {
  const created = await ok(loft(['create', 'vcluster', 'e2e-a', '--skip-wait', '--link', 'Docs=https://docs.example.com', '-l', 'team=e2e', '--display-name', 'E2E A']));
  assert.equal(created.stdout, '');
  assert.match(created.stderr, /Successfully created the virtual cluster e2e-a in project default\nSwitched kube context to loft-vcluster_e2e-a_default\n$/);
  const obj = JSON.parse((await ok(vci('e2e-a'))).stdout) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: Record<string, unknown> };
  assert.equal(obj.metadata.labels.team, 'e2e');
  assert.equal(obj.metadata.annotations['loft.sh/custom-links'], 'Docs=https://docs.example.com');
  assert.match(obj.metadata.annotations['sleepmode.loft.sh/timezone'] ?? '', /#-?\d+$/);
  assert.equal(obj.spec.displayName, 'E2E A');
  assert.deepEqual(obj.spec.owner, { user: 'admin' });
  const doc = parse(readFileSync(kubeconfigFile, 'utf8')) as { 'current-context': string; clusters: Array<{ name: string; cluster: { server: string } }> };
  assert.equal(doc['current-context'], 'loft-vcluster_e2e-a_default');
  assert.equal(doc.clusters.find((c) => c.name === 'loft-vcluster_e2e-a_default')?.cluster.server, `${server.url}/kubernetes/project/default/virtualcluster/e2e-a`);

  const again = await loft(['create', 'vcluster', 'e2e-a', '--skip-wait']);
  assert.deepEqual([again.code, again.stderr], [1, 'error: virtual cluster e2e-a already exists in project default\n']);
  const listed = await ok(loft(['list', 'vclusters']));
  assert.match(listed.stdout, /^e2e-a +default +loft-cluster +loft-default-v-e2e-a +\S+ +\S+$/m);

  const deleted = await ok(loft(['delete', 'vcluster', 'e2e-a', '--wait']));
  assert.match(deleted.stderr, /Deleted kube context loft-vcluster_e2e-a_default\nSwitched kube context to loft-management\n$/);
  assert.equal((await vci('e2e-a')).code, 1);
  const after = parse(readFileSync(kubeconfigFile, 'utf8')) as { 'current-context': string; contexts: Array<{ name: string }> };
  assert.equal(after['current-context'], 'loft-management');
  assert.deepEqual(after.contexts.map((c) => c.name), ['loft-management']);
  const missing = await loft(['delete', 'vcluster', 'e2e-a']);
  assert.deepEqual([missing.code, missing.stderr], [1, 'error: virtualclusterinstances.management.loft.sh "e2e-a" not found\n']);
});

test('--print sends a kubeconfig to stdout and writes none; use management --print too', async () => {
  const printed = await ok(loft(['create', 'vcluster', 'e2e-print', '--skip-wait', '--print']));
  const doc = parse(printed.stdout) as { 'current-context': string; clusters: Array<{ cluster: { server: string } }> };
  assert.equal(doc['current-context'], 'loft-vcluster_e2e-print_default');
  assert.doesNotMatch(readFileSync(kubeconfigFile, 'utf8'), /e2e-print/);
  const management = parse((await ok(loft(['use', 'management', '--print']))).stdout) as { clusters: Array<{ cluster: { server: string } }> };
  assert.equal(management.clusters[0]?.cluster.server, `${server.url}/kubernetes/management`);
  await ok(loft(['delete', 'vcluster', 'e2e-print']));
});

test('share vcluster appends an extraAccessRules entry and prints the use hint', async () => {
  await ok(loft(['create', 'vcluster', 'e2e-share', '--skip-wait', '--create-context=false']));
  const shared = await ok(loft(['share', 'vcluster', 'e2e-share', '--user', 'bob']));
  assert.match(shared.stderr, /They can access it via: loft use vcluster e2e-share --project default\n$/);
  await ok(loft(['share', 'vcluster', 'e2e-share', '--team', 'devs', '--cluster-role', 'view']));
  const obj = JSON.parse((await ok(vci('e2e-share'))).stdout) as { spec: { extraAccessRules: unknown[] } };
  assert.deepEqual(obj.spec.extraAccessRules, [
    { users: ['bob'], clusterRole: 'loft-cluster-space-admin' },
    { teams: ['devs'], clusterRole: 'view' },
  ]);
  await ok(loft(['delete', 'vcluster', 'e2e-share']));
});

test('create project, user and team; sleep is not supported yet', async () => {
  await ok(loft(['create', 'project', 'e2e-project', '--display-name', 'E2E Project']));
  assert.match((await ok(loft(['list', 'projects']))).stdout, /^e2e-project +E2E Project +\S+$/m);
  await ok(loft(['create', 'user', 'carol', '--password-stdin', '--email', 'carol@example.com'], 'carol-password\n'));
  assert.match((await ok(loft(['list', 'users']))).stdout, /^carol +carol +<none> +carol@example\.com +\S+$/m);
  await ok(loft(['create', 'team', 'e2e-team', '--user', 'carol']));
  assert.match((await ok(loft(['list', 'teams']))).stdout, /^e2e-team +<none> +carol +\S+$/m);
  const sleep = await loft(['sleep', 'vcluster', 'x']);
  assert.equal(sleep.code, 1);
  assert.match(sleep.stderr, /not supported yet/);
});

test('templates: undeclared and out-of-range parameters are refused before anything is created; declared ones land in spec.parameters', async () => {
  await ok(
    server.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: management.loft.sh/v1
kind: VirtualClusterTemplate
metadata:
  name: e2e-template
spec:
  displayName: E2E template
  versions:
  - version: 1.0.0
    parameters:
    - variable: replicas
      label: Replicas
      type: number
      min: 1
      max: 3
      defaultValue: "1"
    template: {}
`,
    }),
  );
  const unknown = await loft(['create', 'vcluster', 'e2e-t', '--template', 'e2e-template', '--set', 'nope=1']);
  assert.deepEqual([unknown.code, unknown.stderr], [1, "error: parameter nope doesn't exist on template\n"]);
  const range = await loft(['create', 'vcluster', 'e2e-t', '--template', 'e2e-template', '--set', 'replicas=9']);
  assert.deepEqual([range.code, range.stderr], [1, 'error: parameter Replicas (replicas) cannot be greater than 3\n']);
  assert.equal((await vci('e2e-t')).code, 1, 'nothing was created');
  await ok(loft(['create', 'vcluster', 'e2e-t', '--template', 'e2e-template', '--version', '1.x.x', '--set', 'replicas=2', '--skip-wait', '--create-context=false']));
  const obj = JSON.parse((await ok(vci('e2e-t'))).stdout) as { spec: { templateRef: { name: string; version: string }; parameters: string } };
  assert.equal(obj.spec.templateRef.name, 'e2e-template');
  assert.equal(obj.spec.templateRef.version, '1.x.x');
  assert.equal(obj.spec.parameters, 'replicas: 2\n');
  await ok(loft(['delete', 'vcluster', 'e2e-t']));
});

test('loft token prints the ExecCredential; logout clears the config', async () => {
  const credential = JSON.parse((await ok(loft(['token', '--silent', '--config', join(home, '.loft', 'config.json')]))).stdout) as { kind: string; status: { token: string } };
  assert.equal(credential.kind, 'ExecCredential');
  assert.equal(credential.status.token, adminToken(server.kubeconfig));
  await ok(loft(['logout']));
  const r = await loft(['list', 'vclusters']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: not logged in/);
});
