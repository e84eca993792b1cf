// Issue #7 "Done when": the README quick start with the real loft CLI and the real kubectl.
// The admin creates `demo`, kubectl lists its namespaces through the context the CLI wrote, the
// admin shares it with bob, bob (his own HOME, a password login) uses it with kubectl, and the
// admin deletes it together with the context.
//
// Needs, beyond cli-basics.test.ts: the virtual cluster controller (instances become Ready), the
// proxy /kubernetes/project/<p>/virtualcluster/<n>, password login (POST /auth/password/login)
// with access keys as bearer tokens, and RBAC that lets a user named in extraAccessRules use the
// instance.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { run, startServer, type RunResult, type TestServer } from './harness.ts';

const root = new URL('../../', import.meta.url).pathname;

let server: TestServer;
/** The admin's HOME: the server's, where `loft start` logged the CLI in. */
let admin = { home: '', kubeconfig: '' };
/** Bob's HOME: nothing in it until he logs in. */
const bobHome = mkdtempSync(join(tmpdir(), 'loft-e2e-bob-'));
const bob = { home: bobHome, kubeconfig: join(bobHome, '.kube', 'config') };

function loft(who: { home: string; kubeconfig: string }, args: string[], input?: string): Promise<RunResult> {
  return run(join(root, 'bin/loft'), args, { env: { HOME: who.home, KUBECONFIG: who.kubeconfig, LOFT_TIMEOUT: '90s' }, input, timeoutMs: 120_000 });
}

function kubectl(who: { home: string; kubeconfig: string }, args: string[]): Promise<RunResult> {
  return run('kubectl', args, { env: { HOME: who.home, KUBECONFIG: who.kubeconfig }, timeoutMs: 60_000 });
}

async function ok(result: Promise<RunResult>): Promise<RunResult> {
  const r = await result;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

before(async () => {
  server = await startServer();
  admin = { home: dirname(server.dataDir), kubeconfig: join(dirname(server.dataDir), 'kube', 'config') };
});
after(async () => {
  await server?.stop();
});

test('loft create vcluster demo waits until it is ready and switches kubectl to it', async () => {
  const created = await ok(loft(admin, ['create', 'vcluster', 'demo']));
  assert.equal(created.stdout, '');
  assert.match(created.stderr, /Virtual cluster demo in project default is ready\nSwitched kube context to loft-vcluster_demo_default\n$/);
  const current = await ok(kubectl(admin, ['config', 'current-context']));
  assert.equal(current.stdout.trim(), 'loft-vcluster_demo_default');
});

test('kubectl get namespaces in context loft-vcluster_demo_default lists the virtual cluster’s namespaces', async () => {
  const namespaces = await ok(kubectl(admin, ['get', 'namespaces', '-o', 'name']));
  const names = namespaces.stdout.trim().split('\n');
  assert.ok(names.includes('namespace/default'), namespaces.stdout);
  assert.ok(names.includes('namespace/kube-system'), namespaces.stdout);
  // The management cluster's project namespaces are not visible inside.
  assert.ok(!names.includes('namespace/loft-p-default'), namespaces.stdout);
});

test('loft list vclusters shows demo as Ready', async () => {
  const listed = await ok(loft(admin, ['list', 'vclusters']));
  assert.match(listed.stdout, /^NAME +PROJECT +CLUSTER +NAMESPACE +STATUS +AGE\n/);
  assert.match(listed.stdout, /^demo +default +\S+ +\S+ +Ready +\S+$/m);
});

test('bob, created with a password and logged in from his own HOME, uses the shared virtual cluster with kubectl', async () => {
  await ok(loft(admin, ['create', 'user', 'bob', '--password-stdin'], 'bob-password-1\n'));
  const login = await ok(loft(bob, ['login', server.url, '--username', 'bob', '--password-stdin', '--insecure'], 'bob-password-1\n'));
  assert.match(login.stderr, /Successfully logged into Loft at https:\/\/127\.0\.0\.1:\d+ as user bob\n$/);

  const shared = await ok(loft(admin, ['share', 'vcluster', 'demo', '--user', 'bob']));
  assert.match(shared.stderr, /loft use vcluster demo --project default/);

  const used = await ok(loft(bob, ['use', 'vcluster', 'demo', '--project', 'default']));
  assert.match(used.stderr, /Switched kube context to loft-vcluster_demo_default\n$/);
  const doc = parse(readFileSync(bob.kubeconfig, 'utf8')) as { users: Array<{ user: { exec: { args: string[] } } }> };
  assert.deepEqual(doc.users[0]?.user.exec.args.slice(-2), ['--config', join(bob.home, '.loft', 'config.json')]);
  const namespaces = await ok(kubectl(bob, ['get', 'namespaces', '-o', 'name']));
  assert.match(namespaces.stdout, /^namespace\/default$/m);
});

test('loft delete vcluster demo removes the instance and the context', async () => {
  const deleted = await ok(loft(admin, ['delete', 'vcluster', 'demo']));
  assert.match(deleted.stderr, /Successfully deleted virtual cluster demo in project default\nDeleted kube context loft-vcluster_demo_default\n/);
  const doc = parse(readFileSync(admin.kubeconfig, 'utf8')) as { 'current-context': string; contexts: Array<{ name: string }>; clusters: Array<{ name: string }>; users: Array<{ name: string }> };
  for (const list of [doc.contexts, doc.clusters, doc.users]) assert.ok(!list.some((e) => e.name === 'loft-vcluster_demo_default'));
  assert.equal(doc['current-context'], 'loft-management');
  // The platform tears the instance down behind its finalizers; it is gone within the timeout.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await kubectl(admin, ['--context', 'loft-management', 'get', 'virtualclusterinstances.management.loft.sh', 'demo', '-n', 'loft-p-default']);
    if (r.code !== 0 && /NotFound|not found/.test(r.stderr)) break;
    assert.ok(Date.now() < deadline, `demo still exists: ${r.stdout}${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const listed = await ok(loft(admin, ['list', 'vclusters']));
  assert.doesNotMatch(listed.stdout, /^demo /m);
});
