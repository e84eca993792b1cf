import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinResources, Catalog, objectKey } from '../registry/index.ts';
import { openStorage } from '../storage/index.ts';
import { bootstrapCluster, systemNamespaces } from './bootstrap.ts';
import { SystemClient } from './runtime/client.ts';
import { startEnv } from './testing.ts';

test('bootstrapCluster creates default, kube-system, kube-public and kube-node-lease', async () => {
  const env = await startEnv();
  try {
    const created = await bootstrapCluster(env.client, 'vc-1');
    assert.deepEqual([...created].sort(), [...systemNamespaces].sort());
    const names = (await env.client.must('vc-1', '', 'namespaces').list()).map((ns) => ns.metadata?.name).sort();
    assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const ns of await env.client.must('vc-1', '', 'namespaces').list()) {
      assert.equal((ns.status as { phase?: string }).phase, 'Active');
      assert.deepEqual((ns.spec as { finalizers?: string[] }).finalizers, ['kubernetes']);
    }
    // Other clusters are untouched.
    assert.deepEqual(await env.client.must('vc-2', '', 'namespaces').list(), []);
  } finally {
    await env.stop();
  }
});

test('bootstrapCluster is idempotent: a second run writes nothing', async () => {
  const storage = openStorage('memory://');
  const client = new SystemClient(storage, new Catalog(builtinResources()), {}, 'test');
  try {
    await bootstrapCluster(client, 'vc-1');
    const revision = await storage.currentRevision();
    assert.deepEqual(await bootstrapCluster(client, 'vc-1'), []);
    assert.equal(await storage.currentRevision(), revision);
    // A namespace deleted meanwhile is put back, the others stay as they are.
    await storage.delete(objectKey('vc-1', '', 'namespaces', undefined, 'kube-public'));
    assert.deepEqual(await bootstrapCluster(client, 'vc-1'), ['kube-public']);
    assert.equal((await client.must('vc-1', '', 'namespaces').list()).length, 4);
  } finally {
    await storage.close();
  }
});

test('bootstrapCluster creates 50 independent clusters side by side', async () => {
  // Its speed is measured by the benchmarks (bench/), never by timed assertions here.
  const env = await startEnv();
  try {
    for (let i = 0; i < 50; i++) await bootstrapCluster(env.client, `vc-${i}`);
    for (const i of [0, 25, 49]) assert.equal((await env.client.must(`vc-${i}`, '', 'namespaces').list()).length, 4);
  } finally {
    await env.stop();
  }
});
