// Issue #3: @kubernetes/client-node runs its list-then-watch informer loop against the server.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startServer, type TestServer } from './harness.ts';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.stop();
});

test('a client-node informer lists, then sees adds, updates and deletes', { timeout: 60_000 }, async () => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before' }, data: { v: '0' } } });

  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  );
  const seen: string[] = [];
  informer.on('add', (cm) => seen.push(`add ${cm.metadata?.name}`));
  informer.on('update', (cm) => seen.push(`update ${cm.metadata?.name} ${cm.data?.v}`));
  informer.on('delete', (cm) => seen.push(`delete ${cm.metadata?.name}`));
  await informer.start();
  try {
    await waitUntil(() => seen.includes('add before'));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'during' }, data: { v: '1' } } });
    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'during', body: { data: { v: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'during' });
    await waitUntil(() => seen.includes('delete during'));
    assert.deepEqual(
      seen.filter((e) => e.includes('during')),
      ['add during', 'update during 2', 'delete during'],
    );
    const cached = informer.list('default').map((cm) => cm.metadata?.name);
    assert.ok(cached.includes('before') && !cached.includes('during'), `cache holds ${cached.join(', ')}`);
  } finally {
    await informer.stop();
  }
});

async function waitUntil(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
