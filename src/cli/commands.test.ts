// The commands against a fake platform (testing/fake-platform.ts): what each sends, what it
// writes (config.json, kubeconfig) and prints, and its exit code. The same flows run against the
// real server in test/e2e/cli-*.test.ts.

import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { KubeObject } from './api.ts';
import type { KubeconfigDoc } from './kubeconfig.ts';
import { loginLocalCli } from './commands/start.ts';
import { runCli, testContext, type TestContext } from './testing/context.ts';
import { startFakePlatform, status, type FakePlatform, type RecordedRequest } from './testing/fake-platform.ts';

const api = '/apis/management.loft.sh/v1';
const vciPath = (project: string, name = ''): string => `${api}/namespaces/loft-p-${project}/virtualclusterinstances${name ? `/${name}` : ''}`;
const m = '/kubernetes/management';

let fake: FakePlatform;
/** Phases the next created instances go through, one per GET; the last one stays. */
let phases: Array<Record<string, unknown>> = [{ phase: 'Ready' }];

before(async () => {
  fake = await startFakePlatform();
  fake.hooks.push((req) => {
    // The fake "controller": each GET of an instance moves it one phase further.
    const match = /^\/kubernetes\/management(\/apis\/management\.loft\.sh\/v1\/namespaces\/[^/]+\/virtualclusterinstances\/[^/]+)$/.exec(req.path);
    if (req.method === 'GET' && match) {
      const stored = fake.get(match[1] as string);
      if (stored) {
        const step = (stored.metadata?.annotations?.['test/step'] as string | undefined) ?? '0';
        const n = Number(step);
        stored.status = { ...(stored.status ?? {}), ...phases[Math.min(n, phases.length - 1)] };
        stored.metadata = { ...stored.metadata, annotations: { ...stored.metadata?.annotations, 'test/step': String(n + 1) } };
      }
    }
    return undefined;
  });
});
after(() => fake.close());

beforeEach(() => {
  fake.objects.clear();
  fake.requests.length = 0;
  fake.keys.clear();
  fake.passwords.clear();
  fake.hooks.length = 1;
  phases = [{ phase: 'Ready' }];
  fake.keys.set('admin-key', { user: { name: 'admin', username: 'admin' }, accessKey: 'loft-admin-kubeconfig', accessKeyType: 'User' });
  fake.seed(`${api}/projects`, {
    apiVersion: 'management.loft.sh/v1',
    kind: 'Project',
    metadata: { name: 'default' },
    spec: { allowedTemplates: [{ kind: 'VirtualClusterTemplate', group: 'storage.loft.sh', name: '*' }] },
  });
});

/** Returns a context whose config.json is logged into the fake platform as admin. */
function loggedIn(env: Record<string, string> = {}): TestContext {
  const ctx = testContext({ env });
  mkdirSync(join(ctx.home, '.loft'), { recursive: true });
  writeFileSync(
    join(ctx.home, '.loft', 'config.json'),
    JSON.stringify({ kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: fake.url, accesskey: 'admin-key', certificateAuthorityData: Buffer.from(fake.caPem).toString('base64') }),
  );
  return ctx;
}

const config = (ctx: TestContext): Record<string, unknown> => JSON.parse(readFileSync(join(ctx.home, '.loft', 'config.json'), 'utf8')) as Record<string, unknown>;
const kubeconfig = (ctx: TestContext): KubeconfigDoc => parse(readFileSync(join(ctx.home, '.kube', 'config'), 'utf8')) as KubeconfigDoc;
const sent = (method: string, path: string): RecordedRequest[] => fake.requests.filter((r) => r.method === method && r.path === `${m}${path}`);

function template(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterTemplate', metadata: { name }, spec };
}

const isolated = template('isolated', {
  displayName: 'Isolated',
  versions: [
    { version: '1.0.0', parameters: [{ variable: 'replicas', type: 'number', min: 1, max: 3, defaultValue: '1' }] },
    {
      version: '1.1.0',
      parameters: [
        { variable: 'replicas', type: 'number', min: 1, max: 5, defaultValue: '1' },
        { variable: 'k8s.version', options: ['1.29', '1.30'], defaultValue: '1.30' },
      ],
    },
  ],
});

describe('login, logout, token', () => {
  test('an untrusted certificate is refused with the way out; --insecure pins what the server presents', async () => {
    const ctx = testContext();
    const refused = await runCli(['login', fake.url.replace('https://', ''), '--access-key', 'admin-key'], ctx);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); if you trust this server, log in with --insecure to pin the certificate it presents \(SHA-256 [0-9A-F:]{95}\), or pass --certificate-authority FILE\n$/);
    assert.equal(existsSync(join(ctx.home, '.loft', 'config.json')), false);

    const ok = await runCli(['login', fake.url, '--access-key', 'admin-key', '--insecure'], ctx);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /warning: trusting the certificate .* without verification \(--insecure\)\nSuccessfully logged into Loft at https:\/\/127\.0\.0\.1:\d+ as user admin\n$/);
    const saved = config(ctx);
    assert.deepEqual(Object.keys(saved), ['kind', 'apiVersion', 'host', 'accesskey', 'certificateAuthorityData']);
    assert.equal(saved.host, fake.url);
    assert.equal(saved.accesskey, 'admin-key');
    assert.match(Buffer.from(saved.certificateAuthorityData as string, 'base64').toString(), /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(sent('POST', `${api}/selves`).length, 1);

    const who = await runCli(['login'], ctx);
    assert.deepEqual([who.code, who.stdout], [0, `Logged into ${fake.url} as user admin\n`]);
    // The pinned certificate verifies later requests: no --insecure needed any more.
    assert.equal((await runCli(['list', 'projects'], ctx)).code, 0);
  });

  test('--certificate-authority verifies against that CA and keeps it', async () => {
    const ctx = testContext();
    const ca = join(ctx.home, 'ca.pem');
    writeFileSync(ca, fake.caPem);
    const r = await runCli(['login', fake.url, '--access-key', 'admin-key', '--certificate-authority', ca], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/);
    assert.equal(Buffer.from(config(ctx).certificateAuthorityData as string, 'base64').toString(), fake.caPem);
  });

  test('a key the server does not accept fails the login and writes nothing', async () => {
    const ctx = testContext();
    const r = await runCli(['login', fake.url, '--access-key', 'wrong', '--insecure'], ctx);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: https:\/\/127\.0\.0\.1:\d+ did not accept the access key: Unauthorized\n$/);
    assert.equal(existsSync(join(ctx.home, '.loft', 'config.json')), false);
  });

  test('password login: --username with the password on stdin trades them for an access key; a wrong password is the server’s message', async () => {
    fake.passwords.set('bob', { password: 's3cret', accessKey: 'bob-key' });
    const ctx = testContext({ stdin: 's3cret\n' });
    const r = await runCli(['login', fake.url, '--insecure', '--username', 'bob', '--password-stdin'], ctx);
    assert.equal(r.code, 0, r.stderr);
    const passwordLogin = fake.requests.find((q) => q.method === 'POST' && q.path === '/auth/password/login');
    assert.deepEqual(passwordLogin?.body, { username: 'bob', password: 's3cret' });
    assert.equal(passwordLogin?.token, undefined, 'no bearer token on the password login');
    assert.equal(config(ctx).accesskey, 'bob-key');

    const wrong = await runCli(['login', fake.url, '--insecure', '--username', 'bob', '--password-stdin'], testContext({ stdin: 'nope\n' }));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.split('\n').at(-2), 'error: invalid username or password');
  });

  test('without a key and without a terminal, login is a usage error', async () => {
    const r = await runCli(['login', fake.url, '--insecure']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: no access key given and stdin is not a terminal/);
  });

  test('LOFT_URL is the URL when none is given', async () => {
    const ctx = testContext({ env: { LOFT_URL: fake.url } });
    const r = await runCli(['login', '--access-key', 'admin-key', '--insecure'], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(config(ctx).host, fake.url);
  });

  test('logging in again deletes the Login key the config held; logout deletes the current Login key and clears the config', async () => {
    fake.passwords.set('bob', { password: 'pw', accessKey: 'bob-key' });
    const ctx = testContext({ stdin: 'pw' });
    assert.equal((await runCli(['login', fake.url, '--insecure', '--username', 'bob', '--password-stdin'], ctx)).code, 0);
    fake.seed(`${api}/ownedaccesskeys`, { metadata: { name: 'login-bob' }, spec: { type: 'Login' } });
    fake.keys.set('bob-key-2', { user: { name: 'bob' }, accessKey: 'login-bob-2', accessKeyType: 'Login' });
    fake.seed(`${api}/ownedaccesskeys`, { metadata: { name: 'login-bob-2' }, spec: { type: 'Login' } });
    assert.equal((await runCli(['login', fake.url, '--insecure', '--access-key', 'bob-key-2'], ctx)).code, 0);
    assert.equal(sent('DELETE', `${api}/ownedaccesskeys/login-bob`).length, 1);

    const out = await runCli(['logout'], ctx);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(sent('DELETE', `${api}/ownedaccesskeys/login-bob-2`).length, 1);
    assert.deepEqual(config(ctx), { kind: 'Config', apiVersion: 'storage.loft.sh/v1' });
    assert.match(out.stderr, /Successfully logged out of https:\/\/127/);
    assert.equal((await runCli(['token'], ctx)).code, 1);
  });

  test('logout keeps keys that are not Login keys', async () => {
    const ctx = loggedIn();
    assert.equal((await runCli(['logout'], ctx)).code, 0);
    assert.equal(fake.requests.filter((r) => r.method === 'DELETE').length, 0);
  });
});

describe('create vcluster', () => {
  test('creates the instance the flags describe, waits until Ready and switches to its context', async () => {
    fake.seed(`${api}/virtualclustertemplates`, isolated);
    phases = [{ phase: 'Pending' }, { phase: 'Pending', reason: 'SpaceSynced', message: 'creating namespace' }, { phase: 'Ready' }];
    const ctx = loggedIn();
    const r = await runCli(
      ['create', 'vcluster', 'demo', '--set', 'replicas=2', '--link', 'Docs=https://d,CI=https://ci', '-l', 'team=a', '--annotations', 'x=y', '--display-name', 'Demo', '--description', 'A demo', '--cluster', 'c1', '--user', 'alice'],
      ctx,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const body = sent('POST', vciPath('default'))[0]?.body as KubeObject;
    assert.equal(body.apiVersion, 'management.loft.sh/v1');
    assert.equal(body.kind, 'VirtualClusterInstance');
    assert.deepEqual(body.metadata?.labels, { team: 'a' });
    assert.equal(body.metadata?.namespace, 'loft-p-default');
    assert.match(body.metadata?.annotations?.['sleepmode.loft.sh/timezone'] ?? '', /^[A-Za-z_/+-]+#-?\d+$/);
    assert.equal(body.metadata?.annotations?.['loft.sh/custom-links'], 'Docs=https://d\nCI=https://ci');
    assert.equal(body.metadata?.annotations?.x, 'y');
    assert.deepEqual(body.spec, {
      displayName: 'Demo',
      description: 'A demo',
      owner: { user: 'alice' },
      // No --version: the server picks the latest; the parameters are those of the latest (1.1.0).
      templateRef: { name: 'isolated' },
      parameters: 'k8s:\n  version: "1.30"\nreplicas: 2\n',
      clusterRef: { cluster: 'c1' },
    });
    assert.match(r.stderr, /Successfully created the virtual cluster demo in project default\n/);
    assert.match(r.stderr, /Waiting for virtual cluster demo in project default to become ready \(phase Pending\)\.\.\.\n/);
    assert.match(r.stderr, /\(phase Pending: creating namespace \(SpaceSynced\)\)\n/);
    assert.match(r.stderr, /Virtual cluster demo in project default is ready\nSwitched kube context to loft-vcluster_demo_default\n$/);
    const kc = kubeconfig(ctx);
    assert.equal(kc['current-context'], 'loft-vcluster_demo_default');
    assert.equal(kc.clusters?.[0]?.cluster.server, `${fake.url}/kubernetes/project/default/virtualcluster/demo`);
    assert.equal(kc.clusters?.[0]?.cluster['certificate-authority-data'], config(ctx).certificateAuthorityData);
    // The projects/<p>/templates subresource 404s here, so the templates were listed instead.
    assert.equal(sent('GET', `${api}/projects/default/templates`).length, 1);
    assert.equal(sent('GET', `${api}/virtualclustertemplates`).length, 1);
  });

  test('parameters are checked before anything is created', async () => {
    fake.seed(`${api}/virtualclustertemplates`, isolated);
    const ctx = loggedIn();
    const unknown = await runCli(['create', 'vcluster', 'demo', '--set', 'nope=1'], ctx);
    assert.deepEqual([unknown.code, unknown.stderr], [1, "error: parameter nope doesn't exist on template\n"]);
    const range = await runCli(['create', 'vcluster', 'demo', '--version', '1.0.x', '--set', 'replicas=4'], ctx);
    assert.deepEqual([range.code, range.stderr], [1, 'error: parameter  (replicas) cannot be greater than 3\n']);
    const file = join(ctx.home, 'params.yaml');
    writeFileSync(file, 'replicas: 2\nk8s:\n  version: "1.29"\n');
    const fromFile = await runCli(['create', 'vcluster', 'demo', '--parameters', file, '--version', '1.1.x', '--skip-wait'], ctx);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(sent('POST', vciPath('default')).length, 1);
    const spec = (sent('POST', vciPath('default'))[0]?.body as KubeObject).spec;
    assert.deepEqual(spec?.templateRef, { name: 'isolated', version: '1.1.x' });
    assert.equal(spec?.parameters, 'k8s:\n  version: "1.29"\nreplicas: 2\n');
  });

  test('an existing instance is an error unless --update, --use or --recreate', async () => {
    fake.seed(`${api}/virtualclustertemplates`, isolated);
    const ctx = loggedIn();
    assert.equal((await runCli(['create', 'vcluster', 'demo'], ctx)).code, 0);
    const again = await runCli(['create', 'vcluster', 'demo'], ctx);
    assert.deepEqual([again.code, again.stderr], [1, 'error: virtual cluster demo already exists in project default\n']);

    const update = await runCli(['create', 'vcluster', 'demo', '--update', '--set', 'replicas=3', '-l', 'tier=gold'], ctx);
    assert.equal(update.code, 0, update.stderr);
    const patch = sent('PATCH', vciPath('default', 'demo'))[0];
    assert.equal(patch?.contentType, 'application/merge-patch+json');
    assert.deepEqual(patch?.body, { metadata: { labels: { tier: 'gold' } }, spec: { parameters: 'k8s:\n  version: "1.30"\nreplicas: 3\n' } });
    const same = await runCli(['create', 'vcluster', 'demo', '--update', '--set', 'replicas=3'], ctx);
    assert.match(same.stderr, /Skip updating the virtual cluster demo in project default: nothing changed/);
    assert.equal(sent('PATCH', vciPath('default', 'demo')).length, 1);

    const use = await runCli(['create', 'vcluster', 'demo', '--use'], ctx);
    assert.equal(use.code, 0);
    assert.match(use.stderr, /Using the existing virtual cluster demo in project default/);

    const recreate = await runCli(['create', 'vcluster', 'demo', '--recreate'], ctx);
    assert.equal(recreate.code, 0, recreate.stderr);
    assert.equal(sent('DELETE', vciPath('default', 'demo')).length, 1);
    assert.equal(sent('POST', vciPath('default')).length, 2);
  });

  test('Failed stops the wait with the instance’s reason and message; LOFT_TIMEOUT bounds it', async () => {
    const ctx = loggedIn();
    phases = [{ phase: 'Pending' }, { phase: 'Failed', reason: 'TemplateNotFound', message: 'template x not found' }];
    const failed = await runCli(['create', 'vcluster', 'broken'], ctx);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /error: virtual cluster broken in project default failed: template x not found \(TemplateNotFound\)\n$/);
    assert.equal(existsSync(join(ctx.home, '.kube', 'config')), false, 'no context for a failed instance');

    phases = [{ phase: 'Pending' }];
    const slow = await runCli(['create', 'vcluster', 'slow'], loggedIn({ LOFT_TIMEOUT: '3s' }));
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /error: timed out after 3s waiting for virtual cluster slow in project default to become ready \(phase Pending\); LOFT_TIMEOUT sets the limit\n$/);
  });

  test('--print writes the kubeconfig to stdout only; --create-context=false writes nothing; --switch-context=false keeps the current context', async () => {
    const ctx = loggedIn();
    const printed = await runCli(['create', 'vcluster', 'p1', '--print'], ctx);
    assert.equal(printed.code, 0, printed.stderr);
    const doc = parse(printed.stdout) as KubeconfigDoc;
    assert.equal(doc['current-context'], 'loft-vcluster_p1_default');
    assert.equal(existsSync(join(ctx.home, '.kube', 'config')), false);
    assert.equal((await runCli(['create', 'vcluster', 'p2', '--create-context=false'], ctx)).code, 0);
    assert.equal(existsSync(join(ctx.home, '.kube', 'config')), false);
    assert.equal((await runCli(['create', 'vcluster', 'p3'], ctx)).code, 0);
    assert.equal((await runCli(['create', 'vcluster', 'p4', '--switch-context=false'], ctx)).code, 0);
    const kc = kubeconfig(ctx);
    assert.equal(kc['current-context'], 'loft-vcluster_p3_default');
    assert.deepEqual(kc.contexts?.map((c) => c.name), ['loft-vcluster_p3_default', 'loft-vcluster_p4_default']);
  });

  test('templates: the projects/<p>/templates subresource when served; several without a default need --template; none means no template', async () => {
    const ctx = loggedIn();
    fake.hooks.push((req) =>
      req.path === `${m}${api}/projects/default/templates` ? { status: 200, body: { defaultVirtualClusterTemplate: 'isolated', virtualClusterTemplates: [isolated, template('other', {})] } } : undefined,
    );
    assert.equal((await runCli(['create', 'vcluster', 'a', '--skip-wait'], ctx)).code, 0);
    assert.deepEqual((sent('POST', vciPath('default'))[0]?.body as KubeObject).spec?.templateRef, { name: 'isolated' });
    assert.equal(sent('GET', `${api}/virtualclustertemplates`).length, 0);
    const notAllowed = await runCli(['create', 'vcluster', 'b', '--template', 'nope'], ctx);
    assert.deepEqual([notAllowed.code, notAllowed.stderr], [1, "error: couldn't find template nope as allowed template in project default\n"]);

    fake.hooks.pop();
    fake.seed(`${api}/virtualclustertemplates`, isolated);
    fake.seed(`${api}/virtualclustertemplates`, template('other', {}));
    const several = await runCli(['create', 'vcluster', 'c'], ctx);
    assert.equal(several.code, 2);
    assert.match(several.stderr, /allows several templates and none is the default: choose one with --template \(isolated, other\)/);

    fake.objects.delete(`${api}/virtualclustertemplates/isolated`);
    fake.objects.delete(`${api}/virtualclustertemplates/other`);
    assert.equal((await runCli(['create', 'vcluster', 'd', '--skip-wait'], ctx)).code, 0);
    assert.deepEqual((sent('POST', vciPath('default')).at(-1)?.body as KubeObject).spec, { template: {} });
    const setWithout = await runCli(['create', 'vcluster', 'e', '--set', 'a=b'], ctx);
    assert.equal(setWithout.code, 1);
    assert.match(setWithout.stderr, /no allowed virtual cluster templates in project default/);
  });

  test('--project defaults to defaults.json', async () => {
    const ctx = loggedIn();
    fake.seed(`${api}/projects`, { metadata: { name: 'team-a' }, spec: {} });
    assert.equal((await runCli(['defaults', 'set', 'project', 'team-a'], ctx)).code, 0);
    assert.equal((await runCli(['defaults', 'get', 'project'], ctx)).stdout, 'team-a\n');
    const r = await runCli(['create', 'vcluster', 'x', '--skip-wait'], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sent('POST', vciPath('team-a')).length, 1);
    assert.equal(kubeconfig(ctx)['current-context'], 'loft-vcluster_x_team-a');
  });
});

describe('delete, list, use, share', () => {
  test('delete removes the instance and its context; the next context becomes current; NotFound is the server’s message', async () => {
    const ctx = loggedIn();
    assert.equal((await runCli(['use', 'management'], ctx)).code, 0);
    assert.equal((await runCli(['create', 'vcluster', 'demo'], ctx)).code, 0);
    const r = await runCli(['delete', 'vcluster', 'demo', '--wait'], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sent('DELETE', vciPath('default', 'demo')).length, 1);
    assert.match(r.stderr, /Successfully deleted virtual cluster demo in project default\nDeleted kube context loft-vcluster_demo_default\nSwitched kube context to loft-management\n$/);
    const kc = kubeconfig(ctx);
    assert.deepEqual(kc.contexts?.map((c) => c.name), ['loft-management']);
    assert.deepEqual(kc.clusters?.map((c) => c.name), ['loft-management']);
    assert.deepEqual(kc.users?.map((c) => c.name), ['loft-management']);
    assert.equal(kc['current-context'], 'loft-management');

    assert.equal((await runCli(['create', 'vcluster', 'gone', '--skip-wait'], ctx)).code, 0);
    fake.objects.delete(vciPath('default', 'gone'));
    const missing = await runCli(['delete', 'vcluster', 'gone'], ctx);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Deleted kube context loft-vcluster_gone_default\n.*error: virtualclusterinstances\.management\.loft\.sh "gone" not found\n$/s);

    assert.equal((await runCli(['create', 'vcluster', 'kept', '--skip-wait'], ctx)).code, 0);
    assert.equal((await runCli(['delete', 'vcluster', 'kept', '--delete-context=false'], ctx)).code, 0);
    assert.ok(kubeconfig(ctx).contexts?.some((c) => c.name === 'loft-vcluster_kept_default'));
  });

  test('list vclusters: every project, only usable instances, a table or a List', async () => {
    const ctx = loggedIn();
    fake.seed(`${api}/projects`, { metadata: { name: 'team-a' }, spec: {} });
    fake.seed(`${api}/projects`, { metadata: { name: 'secret' }, spec: {} });
    const created = new Date(Date.now() - 5 * 60_000 - 3_000).toISOString();
    const vci = (project: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'management.loft.sh/v1',
      kind: 'VirtualClusterInstance',
      metadata: { name, namespace: `loft-p-${project}`, creationTimestamp: created },
      spec: { clusterRef: { cluster: 'loft-cluster', namespace: `loft-${project}-v-${name}` } },
      status: { phase: 'Ready', canUse: true, ...extra },
    });
    fake.seed(vciPath('default'), vci('default', 'demo'));
    fake.seed(vciPath('team-a'), vci('team-a', 'api', { phase: 'Pending' }));
    fake.seed(vciPath('team-a'), vci('team-a', 'hidden', { canUse: false }));
    fake.hooks.push((req) => (req.path === `${m}${vciPath('secret')}` ? status(403, 'Forbidden', 'forbidden') : undefined));
    const table = await runCli(['list', 'vclusters'], ctx);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(
      table.stdout,
      'NAME   PROJECT   CLUSTER        NAMESPACE             STATUS    AGE\n' +
        'demo   default   loft-cluster   loft-default-v-demo   Ready     5m3s\n' +
        'api    team-a    loft-cluster   loft-team-a-v-api     Pending   5m3s\n',
    );
    assert.ok(fake.requests.filter((r) => r.path.endsWith('/virtualclusterinstances')).every((r) => r.query.get('extended') === 'true'));
    const json = JSON.parse((await runCli(['list', 'vclusters', '-o', 'json'], ctx)).stdout) as { kind: string; items: KubeObject[] };
    assert.equal(json.kind, 'List');
    assert.deepEqual(json.items.map((i) => i.metadata?.name), ['demo', 'api']);
    assert.equal((await runCli(['list', 'vclusters', '-o', 'name', '--project', 'team-a'], ctx)).stdout, 'virtualclusterinstance.management.loft.sh/api\n');
    const forbidden = await runCli(['list', 'vclusters', '--project', 'secret'], ctx);
    assert.deepEqual([forbidden.code, forbidden.stderr], [1, 'error: forbidden\n']);
    assert.match((await runCli(['list', 'projects', '--no-headers'], ctx)).stdout, /^default +<none> +\S+\n/);
  });

  test('list templates, clusters, users, teams', async () => {
    const ctx = loggedIn();
    fake.seed(`${api}/virtualclustertemplates`, isolated);
    fake.seed(`${api}/users`, { metadata: { name: 'bob' }, spec: { username: 'bob', email: 'bob@example.com' } });
    fake.seed(`${api}/teams`, { metadata: { name: 'devs' }, spec: { users: ['bob', 'alice'] } });
    fake.seed(`${api}/clusters`, { metadata: { name: 'loft-cluster' }, spec: { displayName: 'Loft Cluster' } });
    assert.match((await runCli(['list', 'templates', '--project', 'default'], ctx)).stdout, /^NAME +DISPLAY NAME +VERSIONS +AGE\nisolated +Isolated +1\.0\.0,1\.1\.0 +\S+\n$/);
    assert.match((await runCli(['list', 'users'], ctx)).stdout, /\nbob +bob +<none> +bob@example\.com +\S+\n$/);
    assert.match((await runCli(['list', 'teams'], ctx)).stdout, /\ndevs +<none> +bob,alice +\S+\n$/);
    assert.match((await runCli(['list', 'clusters'], ctx)).stdout, /\nloft-cluster +Loft Cluster +\S+\n$/);
    const empty = await runCli(['list', 'vclusters'], ctx);
    assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, '', 'No virtual clusters found.\n']);
  });

  test('use vcluster finds the instance in any project, refuses ambiguity without a terminal, prints with --print', async () => {
    const ctx = loggedIn();
    fake.seed(`${api}/projects`, { metadata: { name: 'team-a' }, spec: {} });
    const vci = (project: string, name: string, canUse = true): KubeObject => ({ metadata: { name, namespace: `loft-p-${project}` }, spec: {}, status: { phase: 'Ready', canUse } });
    fake.seed(vciPath('default'), vci('default', 'demo'));
    const only = await runCli(['use', 'vcluster'], ctx);
    assert.equal(only.code, 0, only.stderr);
    assert.equal(kubeconfig(ctx)['current-context'], 'loft-vcluster_demo_default');
    fake.seed(vciPath('team-a'), vci('team-a', 'demo'));
    const ambiguous = await runCli(['use', 'vcluster', 'demo'], ctx);
    assert.deepEqual([ambiguous.code, ambiguous.stderr], [2, 'error: virtual cluster demo exists in several projects (default, team-a): pass --project\n']);
    const explicit = await runCli(['use', 'vcluster', 'demo', '--project', 'team-a'], ctx);
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.equal(sent('GET', vciPath('team-a', 'demo'))[0]?.query.get('extended'), 'true');
    assert.equal(kubeconfig(ctx)['current-context'], 'loft-vcluster_demo_team-a');
    fake.seed(vciPath('team-a'), vci('team-a', 'locked', false));
    const locked = await runCli(['use', 'vcluster', 'locked', '--project', 'team-a'], ctx);
    assert.deepEqual([locked.code, locked.stderr], [1, "error: couldn't find or access virtual cluster locked in project team-a\n"]);
    const printed = await runCli(['use', 'management', '--print'], ctx);
    assert.equal((parse(printed.stdout) as KubeconfigDoc).clusters?.[0]?.cluster.server, `${fake.url}/kubernetes/management`);
    assert.equal(kubeconfig(ctx)['current-context'], 'loft-vcluster_demo_team-a', '--print leaves the kubeconfig alone');
  });

  test('share appends one extraAccessRules entry, sets templateRef.syncOnce and retries a conflict', async () => {
    const ctx = loggedIn();
    fake.seed(vciPath('default'), {
      metadata: { name: 'demo', namespace: 'loft-p-default' },
      spec: { templateRef: { name: 'isolated' }, extraAccessRules: [{ users: ['carol'], clusterRole: 'view' }] },
    });
    let conflicts = 1;
    fake.hooks.push((req) => (req.method === 'PUT' && conflicts-- > 0 ? status(409, 'Conflict', 'the object has been modified') : undefined));
    const r = await runCli(['share', 'vcluster', 'demo', '--user', 'bob'], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sent('PUT', vciPath('default', 'demo')).length, 2);
    const spec = fake.get(vciPath('default', 'demo'))?.spec;
    assert.deepEqual(spec?.extraAccessRules, [
      { users: ['carol'], clusterRole: 'view' },
      { users: ['bob'], clusterRole: 'loft-cluster-space-admin' },
    ]);
    assert.deepEqual(spec?.templateRef, { name: 'isolated', syncOnce: true });
    assert.match(r.stderr, /They can access it via: loft use vcluster demo --project default\n$/);

    fake.seed(vciPath('default'), { metadata: { name: 'inline', namespace: 'loft-p-default' }, spec: { template: {} } });
    assert.equal((await runCli(['share', 'vcluster', 'inline', '--team', 'devs', '--cluster-role', 'view'], ctx)).code, 0);
    assert.deepEqual(fake.get(vciPath('default', 'inline'))?.spec, { template: {}, extraAccessRules: [{ teams: ['devs'], clusterRole: 'view' }] });
  });
});

describe('create project, user, team', () => {
  test('a user’s password is stored as the platform’s scrypt hash in namespace loft, referenced by passwordRef', async () => {
    const ctx = loggedIn();
    ctx.stdin = Readable.from(['pa55word\n']);
    const r = await runCli(['create', 'user', 'bob', '--password-stdin', '--email', 'bob@example.com', '--admin'], ctx);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(sent('POST', '/api/v1/namespaces')[0]?.body, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'loft' } });
    const secret = sent('POST', '/api/v1/namespaces/loft/secrets')[0]?.body as KubeObject & { data: Record<string, string> };
    const encoded = Buffer.from(secret.data.password as string, 'base64').toString();
    const [scheme, N, rr, p, salt, hash] = encoded.split('$');
    assert.deepEqual([scheme, N, rr, p], ['scrypt', '32768', '8', '1']);
    const derived = scryptSync('pa55word', Buffer.from(salt as string, 'base64url'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    assert.equal(derived.toString('base64url'), hash);
    const user = sent('POST', `${api}/users`)[0]?.body as KubeObject;
    assert.deepEqual(user.spec, {
      username: 'bob',
      subject: 'bob',
      email: 'bob@example.com',
      passwordRef: { secretName: secret.metadata?.name, secretNamespace: 'loft', key: 'password' },
      clusterRoles: [{ name: 'loft-management-admin' }],
    });
    const again = await runCli(['create', 'user', 'bob'], ctx);
    assert.deepEqual([again.code, again.stderr], [1, 'error: users.management.loft.sh "bob" already exists\n']);
  });

  test('a team lists its users; a project is owned by the caller, who is its admin member', async () => {
    const ctx = loggedIn();
    assert.equal((await runCli(['create', 'team', 'devs', '--user', 'bob', '--user', 'alice'], ctx)).code, 0);
    assert.deepEqual((sent('POST', `${api}/teams`)[0]?.body as KubeObject).spec, { username: 'devs', users: ['bob', 'alice'] });
    assert.equal((await runCli(['create', 'project', 'team-a', '--display-name', 'Team A'], ctx)).code, 0);
    assert.deepEqual((sent('POST', `${api}/projects`)[0]?.body as KubeObject).spec, {
      displayName: 'Team A',
      owner: { user: 'admin' },
      members: [{ kind: 'User', group: 'storage.loft.sh', name: 'admin', clusterRole: 'loft-management-project-admin' }],
      allowedClusters: [{ name: '*' }],
      allowedTemplates: [{ kind: 'VirtualClusterTemplate', group: 'storage.loft.sh', name: '*' }],
    });
  });
});

describe('loft start logs the local CLI in', () => {
  /** Writes an admin kubeconfig like the platform's for the fake platform and returns its path. */
  function adminKubeconfig(ctx: TestContext, token = 'admin-key'): string {
    const path = join(ctx.home, 'admin.kubeconfig');
    writeFileSync(
      path,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: loft-management\n  cluster:\n    server: ${fake.url}\n    certificate-authority-data: ${Buffer.from(fake.caPem).toString('base64')}\nusers:\n- name: loft-management\n  user:\n    token: ${token}\ncontexts:\n- name: loft-management\n  context: {cluster: loft-management, user: loft-management}\ncurrent-context: loft-management\n`,
    );
    return path;
  }

  test('a fresh HOME gets config.json with the admin key and the platform CA, and the loft-management context', async () => {
    const ctx = testContext();
    const note = await loginLocalCli(ctx, {}, fake.url, adminKubeconfig(ctx));
    assert.match(note, /^The loft CLI is logged in as admin \(.*\/\.loft\/config\.json\); kube context loft-management is in .*\/\.kube\/config$/);
    assert.deepEqual(config(ctx), { kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: fake.url, accesskey: 'admin-key', certificateAuthorityData: Buffer.from(fake.caPem).toString('base64') });
    const kc = kubeconfig(ctx);
    assert.equal(kc['current-context'], 'loft-management');
    assert.equal(kc.clusters?.[0]?.cluster.server, `${fake.url}/kubernetes/management`);
    assert.equal((await runCli(['list', 'projects', '-o', 'name'], ctx)).stdout, 'project.management.loft.sh/default\n');
  });

  test('a CLI logged into another platform, or into this one with a working key, keeps its login; a dead key is replaced', async () => {
    const other = testContext();
    mkdirSync(join(other.home, '.loft'));
    writeFileSync(join(other.home, '.loft', 'config.json'), JSON.stringify({ host: 'https://elsewhere:8443', accesskey: 'x' }));
    assert.match(await loginLocalCli(other, {}, fake.url, adminKubeconfig(other)), /stays logged into https:\/\/elsewhere:8443/);
    assert.equal(config(other).host, 'https://elsewhere:8443');
    assert.equal(existsSync(join(other.home, '.kube', 'config')), false);

    fake.keys.set('bob-key', { user: { name: 'bob' }, accessKey: 'bob-login', accessKeyType: 'Login' });
    const bob = testContext();
    mkdirSync(join(bob.home, '.loft'));
    writeFileSync(join(bob.home, '.loft', 'config.json'), JSON.stringify({ host: fake.url, accesskey: 'bob-key', certificateAuthorityData: Buffer.from(fake.caPem).toString('base64') }));
    assert.match(await loginLocalCli(bob, {}, fake.url, adminKubeconfig(bob)), /stays logged into https:\/\/127\.0\.0\.1:\d+ as bob/);
    assert.equal(config(bob).accesskey, 'bob-key');

    writeFileSync(join(bob.home, '.loft', 'config.json'), JSON.stringify({ host: fake.url, accesskey: 'revoked', certificateAuthorityData: Buffer.from(fake.caPem).toString('base64') }));
    assert.match(await loginLocalCli(bob, {}, fake.url, adminKubeconfig(bob)), /is logged in as admin/);
    assert.equal(config(bob).accesskey, 'admin-key');
  });

  test('an existing current context stays current', async () => {
    const ctx = testContext();
    mkdirSync(join(ctx.home, '.kube'));
    writeFileSync(join(ctx.home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\ncurrent-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev, user: kind-dev}\n');
    await loginLocalCli(ctx, {}, fake.url, adminKubeconfig(ctx));
    const kc = kubeconfig(ctx);
    assert.equal(kc['current-context'], 'kind-dev');
    assert.deepEqual(kc.contexts?.map((c) => c.name), ['kind-dev', 'loft-management']);
  });
});
