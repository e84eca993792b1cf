// ProjectSecret is stored as a Secret, and a watch decodes each change once for every watcher
// (issue #8 item 4): a ProjectSecret watcher and a Secret watcher of the same change must each
// see their own kind, and neither view may change the object the other sees.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { builtinResources, RestStore, type RequestContext, type ResourceInfo } from '../../registry/index.ts';
import { openStorage, type WatchEvent, type Watcher } from '../../storage/index.ts';
import { managementResources } from './kinds.ts';

const ctx = (): RequestContext => ({ cluster: 'loft-cluster', user: { name: 'admin', groups: ['system:masters'] }, dryRun: false, fieldValidation: 'Strict', warnings: [] });

function resource(list: ResourceInfo[], group: string, name: string): ResourceInfo {
  const info = list.find((r) => r.group === group && r.resource === name);
  assert.ok(info, `${group}/${name}`);
  return info;
}

/** Returns the object events a watcher receives, as they arrive. */
function listen(watcher: Watcher): KubeObject[] {
  const objects: KubeObject[] = [];
  watcher.listen({
    event: (event: WatchEvent) => {
      if (event.type !== 'BOOKMARK') objects.push(event.object);
    },
    end: () => undefined,
  });
  return objects;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

test('watchers of ProjectSecrets and of the Secrets that store them each see their own kind of the same change', async () => {
  const storage = openStorage('memory://');
  try {
    const secretsInfo = resource(builtinResources(), '', 'secrets');
    const secrets = new RestStore(storage, secretsInfo);
    const projectSecrets = new RestStore(storage, resource(managementResources(), 'management.loft.sh', 'projectsecrets'));
    // A version served under another apiVersion (as a multi-version CRD is) rewrites apiVersion
    // on its own copy, not on the stored object the others share.
    const secretsV2 = new RestStore(storage, { ...secretsInfo, version: 'v2' });
    const namespace = 'loft-p-default';
    // Started at the current revision, the watches join the live fan-out at once: the change
    // reaches all three as one engine event, decoded once.
    const from = String(await storage.currentRevision());
    const watchers = [secrets, projectSecrets, secretsV2].map((store) => store.watch(ctx(), namespace, { resourceVersion: from }));
    const [asSecret, asProjectSecret, asSecretV2] = watchers.map((w) => listen(w as Watcher)) as [KubeObject[], KubeObject[], KubeObject[]];
    await projectSecrets.create(ctx(), namespace, {
      apiVersion: 'management.loft.sh/v1',
      kind: 'ProjectSecret',
      metadata: { name: 'db', namespace, labels: { team: 'a' } },
      spec: { displayName: 'Database', data: { password: 'czNjcjN0' } },
    });
    await until(() => asSecret.length === 1 && asProjectSecret.length === 1 && asSecretV2.length === 1);

    const [secret, projectSecret, secretV2] = [asSecret[0], asProjectSecret[0], asSecretV2[0]] as [KubeObject, KubeObject, KubeObject];
    assert.equal(secret.apiVersion, 'v1');
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.metadata?.labels?.['loft.sh/project-secret'], 'true');
    assert.equal(secret.metadata?.annotations?.['loft.sh/project-secret-displayname'], 'Database');
    assert.deepEqual(secret.data, { password: 'czNjcjN0' });

    assert.equal(projectSecret.apiVersion, 'management.loft.sh/v1');
    assert.equal(projectSecret.kind, 'ProjectSecret');
    assert.deepEqual(projectSecret.metadata?.labels, { team: 'a' });
    assert.deepEqual(projectSecret.spec, { displayName: 'Database', data: { password: 'czNjcjN0' } });

    assert.equal(secretV2.apiVersion, 'v2');
    assert.equal(secretV2.kind, 'Secret');
    assert.notEqual(secretV2, secret);
    // The copy shares everything but its type fields with the object the v1 watcher has.
    assert.equal(secretV2.metadata, secret.metadata);
    assert.equal(secret.apiVersion, 'v1', 'the shared stored object is unchanged');
    assert.equal(secret.metadata?.resourceVersion, projectSecret.metadata?.resourceVersion);
    for (const watcher of watchers) watcher.stop();
  } finally {
    await storage.close();
  }
});
