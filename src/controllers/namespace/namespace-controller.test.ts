import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import type { RequestContext } from '../../registry/index.ts';
import { controllerUser } from '../runtime/client.ts';
import { eventually, startEnv, statusErrorOf, widgets, type TestEnv } from '../testing.ts';
import { checkNamespaceDeletion, namespaceLifecycleCheck } from './admission.ts';
import { finalizeNamespace, namespaceFinalizeInfo } from './finalize.ts';

const cluster = 'vc-ns';

async function createNamespace(env: TestEnv, name: string): Promise<KubeObject> {
  return env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name } });
}

function configMap(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name, ...extra }, data: { k: 'v' } };
}

function deployment(name: string): KubeObject {
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

function ctx(): RequestContext {
  return { cluster, user: controllerUser, dryRun: false, fieldValidation: 'Strict', warnings: [] };
}

test('deleting a namespace removes its configmaps, secrets and deployments, then the namespace', async () => {
  const env = await startEnv();
  try {
    await createNamespace(env, 'team-a');
    await createNamespace(env, 'team-b');
    await env.client.must(cluster, '', 'configmaps').create('team-a', configMap('settings'));
    await env.client.must(cluster, '', 'secrets').create('team-a', { metadata: { name: 'token' }, stringData: { t: 'x' } });
    await env.client.must(cluster, 'apps', 'deployments').create('team-a', deployment('web'));
    await env.client.must(cluster, '', 'configmaps').create('team-b', configMap('settings'));

    const namespaces = env.client.must(cluster, '', 'namespaces');
    assert.equal(await namespaces.delete(undefined, 'team-a'), false, 'the namespace waits for its finalizer');
    await eventually(async () => !(await namespaces.get(undefined, 'team-a')), 'namespace team-a to disappear');

    assert.equal(await env.client.must(cluster, '', 'configmaps').get('team-a', 'settings'), undefined);
    assert.equal(await env.client.must(cluster, '', 'secrets').get('team-a', 'token'), undefined);
    assert.equal(await env.client.must(cluster, 'apps', 'deployments').get('team-a', 'web'), undefined);
    assert.deepEqual(await env.client.must(cluster, '', 'serviceaccounts').list('team-a'), []);
    // Other namespaces keep their content.
    assert.ok(await env.client.must(cluster, '', 'configmaps').get('team-b', 'settings'));
    assert.ok(await namespaces.get(undefined, 'team-b'));
  } finally {
    await env.stop();
  }
});

test('a namespace waits for content held by a finalizer and reports it in its conditions', async () => {
  const env = await startEnv();
  try {
    await createNamespace(env, 'held');
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await configMaps.create('held', configMap('pinned', { finalizers: ['example.com/hold'] }));
    const namespaces = env.client.must(cluster, '', 'namespaces');
    await namespaces.delete(undefined, 'held');

    const waiting = await eventually(async () => {
      const ns = await namespaces.get(undefined, 'held');
      const conditions = (ns?.status as { conditions?: Array<{ type: string; status: string; message: string }> } | undefined)?.conditions;
      return conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ? ns : undefined;
    }, 'NamespaceFinalizersRemaining');
    const status = waiting.status as { phase: string; conditions: Array<{ type: string; status: string; reason: string; message: string }> };
    assert.equal(status.phase, 'Terminating');
    const byType = new Map(status.conditions.map((c) => [c.type, c]));
    assert.deepEqual(byType.get('NamespaceContentRemaining'), {
      ...byType.get('NamespaceContentRemaining'),
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.message, 'Some finalizers are remaining: example.com/hold in 1 resource instances');
    assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.status, 'False');
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.reason, 'ContentDeleted');
    assert.deepEqual((waiting.spec as { finalizers: string[] }).finalizers, ['kubernetes']);

    // The pinned object is terminating, not gone; releasing it lets the namespace finish.
    const pinned = (await configMaps.get('held', 'pinned')) as KubeObject;
    assert.ok(pinned.metadata?.deletionTimestamp);
    await configMaps.update({ ...pinned, metadata: { ...pinned.metadata, finalizers: [] } });
    await eventually(async () => !(await namespaces.get(undefined, 'held')), 'namespace held to disappear');
  } finally {
    await env.stop();
  }
});

test('creating in a terminating namespace is refused with 403, in a missing one with 404', async () => {
  const env = await startEnv();
  try {
    await createNamespace(env, 'closing');
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await configMaps.create('closing', configMap('pinned', { finalizers: ['example.com/hold'] }));
    await env.client.must(cluster, '', 'namespaces').delete(undefined, 'closing');

    const refused = await statusErrorOf(configMaps.create('closing', configMap('late')));
    assert.equal(refused.code, 403);
    assert.equal(refused.reason, 'Forbidden');
    assert.match(refused.message, /unable to create new content in namespace closing because it is being terminated/);
    assert.deepEqual(refused.status.details?.causes, [
      { reason: 'NamespaceTerminating', message: 'namespace closing is being terminated', field: 'metadata.namespace' },
    ]);

    // With the resource and name, the message is upstream's admission.NewForbidden exactly.
    const check = namespaceLifecycleCheck(env.system);
    const full = await statusErrorOf(check(ctx(), 'closing', { group: '', resource: 'configmaps' }, 'late'));
    assert.equal(full.message, 'configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated');
    assert.deepEqual({ ...full.status.details, causes: undefined }, { name: 'late', group: '', kind: 'configmaps', causes: undefined });

    const missing = await statusErrorOf(configMaps.create('nowhere', configMap('x')));
    assert.equal(missing.code, 404);
    assert.equal(missing.message, 'namespaces "nowhere" not found');
    assert.deepEqual(missing.status.details, { name: 'nowhere', group: '', kind: 'namespaces' });

    // Access reviews are answered whatever the namespace.
    await check(ctx(), 'nowhere', { group: 'authorization.k8s.io', resource: 'localsubjectaccessreviews' }, '');
  } finally {
    await env.stop();
  }
});

test('default, kube-system and kube-public may not be deleted', () => {
  for (const name of ['default', 'kube-system', 'kube-public']) {
    assert.throws(
      () => checkNamespaceDeletion({ group: '', resource: 'namespaces' }, name),
      (err: Error & { code?: number }) => err.message === `namespaces "${name}" is forbidden: this namespace may not be deleted` && err.code === 403,
    );
  }
  checkNamespaceDeletion({ group: '', resource: 'namespaces' }, 'kube-node-lease');
  checkNamespaceDeletion({ group: '', resource: 'configmaps' }, 'default');
});

test('namespace deletion removes custom resources too', async () => {
  const env = await startEnv(async ({ catalog }) => catalog.setCustomResources(cluster, [widgets]));
  try {
    await createNamespace(env, 'crs');
    const widgetClient = env.client.must(cluster, 'example.com', 'widgets');
    await widgetClient.create('crs', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } });
    await env.client.must(cluster, '', 'namespaces').delete(undefined, 'crs');
    await eventually(async () => !(await env.client.must(cluster, '', 'namespaces').get(undefined, 'crs')), 'namespace crs to disappear');
    assert.deepEqual(await widgetClient.list('crs'), []);
  } finally {
    await env.stop();
  }
});

test('the finalize subresource sets spec.finalizers; with none left a terminating namespace goes', async () => {
  const env = await startEnv();
  try {
    const namespaces = env.client.must(cluster, '', 'namespaces');
    const store = env.system.store(namespaceFinalizeInfo(namespaces.info));
    await createNamespace(env, 'manual');

    // An ordinary update cannot change spec.finalizers …
    const ns = (await namespaces.get(undefined, 'manual')) as KubeObject;
    const updated = await namespaces.update({ ...ns, spec: { finalizers: ['example.com/mine'] } });
    assert.deepEqual((updated.spec as { finalizers: string[] }).finalizers, ['kubernetes']);
    // … the finalize subresource can, and validates the names.
    const invalid = await statusErrorOf(finalizeNamespace(store, ctx(), 'manual', { ...updated, spec: { finalizers: ['mine'] } }));
    assert.equal(invalid.code, 422);
    assert.match(invalid.message, /spec\.finalizers\[0\]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified/);
    const finalized = await finalizeNamespace(store, ctx(), 'manual', { ...updated, spec: { finalizers: ['kubernetes', 'example.com/mine'] } });
    assert.deepEqual((finalized.spec as { finalizers: string[] }).finalizers, ['kubernetes', 'example.com/mine']);
    assert.equal((finalized.status as { phase: string }).phase, 'Active');

    // The controller removes `kubernetes`; `example.com/mine` holds the namespace until its owner finalizes.
    await namespaces.delete(undefined, 'manual');
    const held = await eventually(async () => {
      const current = await namespaces.get(undefined, 'manual');
      const finalizers = (current?.spec as { finalizers?: string[] } | undefined)?.finalizers;
      return current && finalizers?.length === 1 && finalizers[0] === 'example.com/mine' ? current : undefined;
    }, 'the kubernetes finalizer to be removed');
    const last = await finalizeNamespace(store, ctx(), 'manual', { ...held, spec: {} });
    assert.equal(last.metadata?.name, 'manual');
    assert.equal(await namespaces.get(undefined, 'manual'), undefined);
  } finally {
    await env.stop();
  }
});
