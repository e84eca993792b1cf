import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { eventually, startEnv, testCaPem } from '../testing.ts';
import { descriptionAnnotation, rootCACertConfigMapName, rootCADescription } from './root-ca-publisher.ts';

const cluster = 'vc-sa';

test('every namespace gets a default ServiceAccount and kube-root-ca.crt', async () => {
  const env = await startEnv();
  try {
    await bootstrapCluster(env.client, cluster);
    await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: 'apps' } });
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'apps']) {
      const sa = await eventually(() => env.client.must(cluster, '', 'serviceaccounts').get(ns, 'default'), `default ServiceAccount in ${ns}`);
      assert.equal(sa.kind, 'ServiceAccount');
      const cm = await eventually(() => env.client.must(cluster, '', 'configmaps').get(ns, rootCACertConfigMapName), `kube-root-ca.crt in ${ns}`);
      assert.deepEqual(cm.data, { 'ca.crt': testCaPem });
      assert.equal(cm.metadata?.annotations?.[descriptionAnnotation], rootCADescription);
    }
    assert.equal(
      rootCADescription,
      'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
    );
  } finally {
    await env.stop();
  }
});

test('a deleted default ServiceAccount comes back', async () => {
  const env = await startEnv();
  try {
    const serviceAccounts = env.client.must(cluster, '', 'serviceaccounts');
    await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: 'apps' } });
    const first = await eventually(() => serviceAccounts.get('apps', 'default'), 'default ServiceAccount');
    assert.equal(await serviceAccounts.delete('apps', 'default'), true);
    const second = await eventually(async () => {
      const sa = await serviceAccounts.get('apps', 'default');
      return sa && sa.metadata?.uid !== first.metadata?.uid ? sa : undefined;
    }, 'the default ServiceAccount to come back');
    assert.equal(second.metadata?.name, 'default');
  } finally {
    await env.stop();
  }
});

test('kube-root-ca.crt is recreated when deleted and its data restored when edited', async () => {
  const env = await startEnv();
  try {
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: 'apps' } });
    const cm = await eventually(() => configMaps.get('apps', rootCACertConfigMapName), 'kube-root-ca.crt');

    // Edited: data goes back, the user's other annotations stay.
    await configMaps.update({ ...cm, metadata: { ...cm.metadata, annotations: { team: 'a' } }, data: { 'ca.crt': 'tampered', extra: 'x' } });
    const restored = await eventually(async () => {
      const current = await configMaps.get('apps', rootCACertConfigMapName);
      return current?.data && (current.data as Record<string, string>)['ca.crt'] === testCaPem ? current : undefined;
    }, 'the CA data to be restored');
    assert.deepEqual(restored.data, { 'ca.crt': testCaPem });
    assert.deepEqual(restored.metadata?.annotations, { team: 'a', [descriptionAnnotation]: rootCADescription });

    // Deleted: recreated.
    await configMaps.delete('apps', rootCACertConfigMapName);
    const recreated = await eventually(async () => {
      const current = await configMaps.get('apps', rootCACertConfigMapName);
      return current && current.metadata?.uid !== cm.metadata?.uid ? current : undefined;
    }, 'kube-root-ca.crt to be recreated');
    assert.deepEqual(recreated.data, { 'ca.crt': testCaPem });
  } finally {
    await env.stop();
  }
});

test('nothing is created in a terminating namespace', async () => {
  const env = await startEnv();
  try {
    const serviceAccounts = env.client.must(cluster, '', 'serviceaccounts');
    const configMaps = env.client.must(cluster, '', 'configmaps');
    await env.client.must(cluster, '', 'namespaces').create(undefined, { metadata: { name: 'closing' } });
    await eventually(() => serviceAccounts.get('closing', 'default'), 'default ServiceAccount');
    await eventually(() => configMaps.get('closing', rootCACertConfigMapName), 'kube-root-ca.crt');
    // A held object keeps the namespace terminating while we watch.
    await configMaps.create('closing', { metadata: { name: 'pinned', finalizers: ['example.com/hold'] } });
    await env.client.must(cluster, '', 'namespaces').delete(undefined, 'closing');
    await eventually(async () => !(await serviceAccounts.get('closing', 'default')) && !(await configMaps.get('closing', rootCACertConfigMapName)), 'content removal');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await env.manager.idle();
    assert.equal(await serviceAccounts.get('closing', 'default'), undefined);
    assert.equal(await configMaps.get('closing', rootCACertConfigMapName), undefined);
    const pinned = (await configMaps.get('closing', 'pinned')) as KubeObject;
    await configMaps.update({ ...pinned, metadata: { ...pinned.metadata, finalizers: [] } });
    await eventually(async () => !(await env.client.must(cluster, '', 'namespaces').get(undefined, 'closing')), 'namespace removal');
  } finally {
    await env.stop();
  }
});
