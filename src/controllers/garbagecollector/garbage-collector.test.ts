import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject, OwnerReference } from '../../apimachinery/index.ts';
import type { ResourceClient } from '../runtime/client.ts';
import { eventually, ownerRef, startEnv, widgets, type TestEnv } from '../testing.ts';
import { GarbageCollector } from './garbage-collector.ts';

const cluster = 'vc-gc';
const ns = 'work';

async function setup(env: TestEnv): Promise<{ replicaSets: ResourceClient; pods: ResourceClient }> {
  await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: ns } });
  return { replicaSets: env.client.must(cluster, 'apps', 'replicasets'), pods: env.client.must(cluster, '', 'pods') };
}

function replicaSet(name: string): KubeObject {
  return {
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

function pod(name: string, owners: OwnerReference[], finalizers?: string[]): KubeObject {
  return {
    metadata: { name, labels: { app: 'web' }, ownerReferences: owners, ...(finalizers ? { finalizers } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

function gone(client: ResourceClient, name: string, namespace: string | undefined = ns): () => Promise<boolean> {
  return async () => !(await client.get(namespace, name));
}

function garbageCollector(env: TestEnv): GarbageCollector {
  return env.behaviour.controllers.find((c) => c instanceof GarbageCollector) as GarbageCollector;
}

test('background: deleting a ReplicaSet deletes its pods', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const rs = await replicaSets.create(ns, replicaSet('web'));
    await pods.create(ns, pod('web-1', [ownerRef(rs, { controller: true, blockOwnerDeletion: true })]));
    await pods.create(ns, pod('web-2', [ownerRef(rs, { controller: true, blockOwnerDeletion: true })]));
    await pods.create(ns, pod('standalone', []));
    await eventually(async () => garbageCollector(env).graph.size === 2, 'the graph to index both pods');

    assert.equal(await replicaSets.delete(ns, 'web'), true);
    await eventually(gone(pods, 'web-1'), 'web-1 to be collected');
    await eventually(gone(pods, 'web-2'), 'web-2 to be collected');
    assert.ok(await pods.get(ns, 'standalone'));
    await eventually(async () => garbageCollector(env).graph.size === 0, 'the graph to forget the pods');
  } finally {
    await env.stop();
  }
});

test('a dependent with two owners survives the deletion of one and loses that reference', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const a = await replicaSets.create(ns, replicaSet('a'));
    const b = await replicaSets.create(ns, replicaSet('b'));
    await pods.create(ns, pod('shared', [ownerRef(a), ownerRef(b)]));
    await replicaSets.delete(ns, 'a');
    const kept = await eventually(async () => {
      const p = await pods.get(ns, 'shared');
      return p?.metadata?.ownerReferences?.length === 1 ? p : undefined;
    }, 'the reference to the deleted owner to be dropped');
    assert.equal(kept.metadata?.ownerReferences?.[0]?.uid, b.metadata?.uid);
    // The remaining owner still collects it.
    await replicaSets.delete(ns, 'b');
    await eventually(gone(pods, 'shared'), 'shared to be collected with its last owner');
  } finally {
    await env.stop();
  }
});

test('foreground: the owner waits for blockOwnerDeletion dependents, then disappears', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const rs = await replicaSets.create(ns, replicaSet('web'));
    await pods.create(ns, pod('blocking', [ownerRef(rs, { blockOwnerDeletion: true })], ['example.com/hold']));
    await pods.create(ns, pod('free', [ownerRef(rs)]));

    assert.equal(await replicaSets.delete(ns, 'web', { propagationPolicy: 'Foreground' }), false);
    // Both dependents are deleted; the held one stays terminating and holds the owner.
    await eventually(gone(pods, 'free'), 'the non-blocking dependent to be deleted');
    const blocking = await eventually(async () => {
      const p = await pods.get(ns, 'blocking');
      return p?.metadata?.deletionTimestamp ? p : undefined;
    }, 'the blocking dependent to be terminating');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = await replicaSets.get(ns, 'web');
    assert.ok(waiting?.metadata?.deletionTimestamp);
    assert.deepEqual(waiting?.metadata?.finalizers, ['foregroundDeletion']);

    await pods.update({ ...blocking, metadata: { ...blocking.metadata, finalizers: [] } });
    await eventually(gone(pods, 'blocking'), 'the blocking dependent to go');
    await eventually(gone(replicaSets, 'web'), 'the owner to disappear');
  } finally {
    await env.stop();
  }
});

test('foreground: a dependent kept by another owner only loses its blocking reference', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const a = await replicaSets.create(ns, replicaSet('a'));
    const b = await replicaSets.create(ns, replicaSet('b'));
    await pods.create(ns, pod('shared', [ownerRef(a, { blockOwnerDeletion: true }), ownerRef(b)]));
    await replicaSets.delete(ns, 'a', { propagationPolicy: 'Foreground' });
    await eventually(gone(replicaSets, 'a'), 'the owner to disappear');
    const kept = (await pods.get(ns, 'shared')) as KubeObject;
    assert.deepEqual(
      kept.metadata?.ownerReferences?.map((r) => r.uid),
      [b.metadata?.uid],
    );
  } finally {
    await env.stop();
  }
});

test('orphan: dependents stay and lose the reference to the owner', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const rs = await replicaSets.create(ns, replicaSet('web'));
    const other = await replicaSets.create(ns, replicaSet('other'));
    await pods.create(ns, pod('web-1', [ownerRef(rs, { controller: true, blockOwnerDeletion: true })]));
    await pods.create(ns, pod('web-2', [ownerRef(rs), ownerRef(other)]));

    assert.equal(await replicaSets.delete(ns, 'web', { propagationPolicy: 'Orphan' }), false);
    await eventually(gone(replicaSets, 'web'), 'the owner to disappear');
    const orphan = (await pods.get(ns, 'web-1')) as KubeObject;
    assert.ok(orphan, 'web-1 survives');
    assert.equal(orphan.metadata?.ownerReferences, undefined);
    const shared = (await pods.get(ns, 'web-2')) as KubeObject;
    assert.deepEqual(
      shared.metadata?.ownerReferences?.map((r) => r.uid),
      [other.metadata?.uid],
    );
    // Nothing collects them later.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await env.manager.idle();
    assert.ok(await pods.get(ns, 'web-1'));
  } finally {
    await env.stop();
  }
});

test('owner identity is the uid: a namesake with another uid does not keep a dependent', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const original = await replicaSets.create(ns, replicaSet('web'));
    await replicaSets.delete(ns, 'web');
    await replicaSets.create(ns, replicaSet('web'));
    // A dependent still naming the first ReplicaSet's uid is garbage, though "web" exists.
    await pods.create(ns, pod('stale', [ownerRef(original)]));
    await eventually(gone(pods, 'stale'), 'the dependent of a gone uid to be collected');
    // A dependent of the new one stays.
    const current = (await replicaSets.get(ns, 'web')) as KubeObject;
    await pods.create(ns, pod('fresh', [ownerRef(current)]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await env.manager.idle();
    assert.ok(await pods.get(ns, 'fresh'));
  } finally {
    await env.stop();
  }
});

test('namespaces bound owners: the cascade stays in the owner namespace, cluster-scoped owners reach everywhere', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: 'elsewhere' } });
    const rs = await replicaSets.create(ns, replicaSet('web'));
    // A namespaced owner is looked up in the dependent's namespace (docs "Owners and
    // dependents"): no such owner there, so the cross-namespace dependent is garbage at once.
    await pods.create('elsewhere', pod('cross', [ownerRef(rs)]));
    await eventually(gone(pods, 'cross', 'elsewhere'), 'the cross-namespace dependent to be collected');
    assert.ok(await replicaSets.get(ns, 'web'), 'the owner itself is untouched');

    // A cluster-scoped owner (a ClusterRole) owns dependents in any namespace.
    const clusterRoles = env.client.must(cluster, 'rbac.authorization.k8s.io', 'clusterroles');
    const role = await clusterRoles.create(undefined, { metadata: { name: 'owner-role' }, rules: [] });
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await configMaps.create(ns, { metadata: { name: 'c1', ownerReferences: [ownerRef(role)] } });
    await configMaps.create('elsewhere', { metadata: { name: 'c2', ownerReferences: [ownerRef(role)] } });
    // A cluster-scoped dependent naming a namespaced kind is invalid and never collected.
    await clusterRoles.create(undefined, { metadata: { name: 'odd', ownerReferences: [ownerRef(rs)] }, rules: [] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await env.manager.idle();
    assert.ok(await configMaps.get(ns, 'c1'));
    assert.ok(await configMaps.get('elsewhere', 'c2'));
    await clusterRoles.delete(undefined, 'owner-role');
    await eventually(gone(configMaps, 'c1'), 'c1 to be collected');
    await eventually(gone(configMaps, 'c2', 'elsewhere'), 'c2 to be collected');
    await replicaSets.delete(ns, 'web');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await env.manager.idle();
    assert.ok(await clusterRoles.get(undefined, 'odd'));
  } finally {
    await env.stop();
  }
});

test('custom resources own and are owned like built-ins; clusters do not see each other', async () => {
  const env = await startEnv(async ({ catalog }) => catalog.setCustomResources(cluster, [widgets]));
  try {
    await setup(env);
    const widgetClient = env.client.must(cluster, 'example.com', 'widgets');
    const widget = await widgetClient.create(ns, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await configMaps.create(ns, { metadata: { name: 'owned', ownerReferences: [ownerRef(widget)] } });

    // The same uid in another logical cluster is another object: it neither keeps nor loses anything here.
    await env.client.must('vc-other', '', 'namespaces').create(undefined, { metadata: { name: ns } });
    const otherConfigMaps = env.client.must('vc-other', '', 'configmaps');
    await otherConfigMaps.create(ns, { metadata: { name: 'unrelated' } });

    await widgetClient.delete(ns, 'w');
    await eventually(gone(configMaps, 'owned'), 'the widget dependent to be collected');
    assert.ok(await otherConfigMaps.get(ns, 'unrelated'));
  } finally {
    await env.stop();
  }
});

test('deletion cascades down a chain of owners', async () => {
  const env = await startEnv();
  try {
    const { replicaSets, pods } = await setup(env);
    const deployments = env.client.must(cluster, 'apps', 'deployments');
    const deploy = await deployments.create(ns, {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const rs = await replicaSets.create(ns, { ...replicaSet('web-1'), metadata: { name: 'web-1', ownerReferences: [ownerRef(deploy, { controller: true, blockOwnerDeletion: true })] } });
    await pods.create(ns, pod('web-1-a', [ownerRef(rs, { controller: true, blockOwnerDeletion: true })], ['example.com/hold']));

    await deployments.delete(ns, 'web', { propagationPolicy: 'Foreground' });
    // The ReplicaSet is deleted in the foreground too, so the held pod holds the whole chain.
    const held = await eventually(async () => {
      const p = await pods.get(ns, 'web-1-a');
      return p?.metadata?.deletionTimestamp ? p : undefined;
    }, 'the pod to be terminating');
    const middle = await replicaSets.get(ns, 'web-1');
    assert.deepEqual(middle?.metadata?.finalizers, ['foregroundDeletion']);
    assert.ok(await deployments.get(ns, 'web'));

    await pods.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually(gone(replicaSets, 'web-1'), 'the ReplicaSet to go');
    await eventually(gone(deployments, 'web'), 'the Deployment to go');
  } finally {
    await env.stop();
  }
});
