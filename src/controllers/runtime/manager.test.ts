// WorkQueue and ControllerManager start-up: FIFO order over long queues, dedupe, reconciles that
// leave room for I/O, listening before the background controllers caught up, and the start-up
// read of the other clusters in the background (cluster-load.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { openStorage, StorageError, type ListOptions, type Storage } from '../../storage/index.ts';
import { ControllerManager, type Controller, type ObjectEvent } from './manager.ts';
import { WorkQueue } from './work-queue.ts';

const quietLogger = { warn: () => undefined, error: () => undefined };

describe('WorkQueue', () => {
  test('processes a long queue in FIFO order, each queued key once', async () => {
    const seen: string[] = [];
    const queue = new WorkQueue(
      async (key) => {
        seen.push(key);
        return {};
      },
      { concurrency: 1 },
    );
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    for (const k of keys) queue.add(k);
    for (const k of keys.slice(0, 100)) queue.add(k); // still queued: no second entry
    await queue.idle();
    assert.deepEqual(seen.slice(0, 5000), keys);
    // The first 100 may have been taken before being added again; none is processed twice otherwise.
    assert.ok(seen.length <= 5100);
    assert.equal(new Set(seen.slice(100)).size, seen.length - 100);
  });

  test('a key added while it is processed runs again afterwards, never twice at once', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const queue = new WorkQueue(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      runs++;
      if (runs === 1) queue.add('a');
      await new Promise((r) => setImmediate(r));
      running--;
      return {};
    });
    queue.add('a');
    await queue.idle();
    assert.equal(runs, 2);
    assert.equal(maxRunning, 1);
  });

  test('reconciles that resolve without I/O still let I/O callbacks run between them', async () => {
    let done = 0;
    const queue = new WorkQueue(async () => {
      done++;
      return {};
    });
    let doneWhenIoRan = -1;
    setImmediate(() => {
      doneWhenIoRan = done;
    });
    for (let i = 0; i < 1000; i++) queue.add(`k${i}`);
    await queue.idle();
    assert.equal(done, 1000);
    assert.ok(doneWhenIoRan >= 0 && doneWhenIoRan < 1000, `the callback ran after ${doneWhenIoRan} reconciles`);
  });
});

/** A controller of ConfigMaps whose reconciles wait for `release` unless it is needed to serve. */
function configMapController(name: string, neededToServe: boolean, release: Promise<void>, done: Set<string>): Controller {
  return {
    name,
    watches: ['/configmaps'],
    neededToServe,
    keys: (event: ObjectEvent) => [event.object.metadata?.name ?? ''],
    async reconcile(key) {
      if (!neededToServe) await release;
      done.add(key);
      return {};
    },
  };
}

describe('ControllerManager start', () => {
  test("until 'serving' waits for the controllers needed to serve; synced() for the rest", async () => {
    const storage = openStorage('memory://');
    for (const n of ['a', 'b', 'c']) {
      await storage.create(`/registry/c1/core/configmaps/default/${n}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: 'default' } });
    }
    let release = (): void => undefined;
    const released = new Promise<void>((r) => (release = r));
    const serving = new Set<string>();
    const background = new Set<string>();
    const manager = new ControllerManager(storage, quietLogger);
    manager.add(configMapController('serving', true, released, serving));
    manager.add(configMapController('background', false, released, background));
    try {
      await manager.start({ until: 'serving' });
      assert.deepEqual([...serving].sort(), ['a', 'b', 'c']);
      assert.equal(background.size, 0);
      assert.equal(manager.hasSynced, false);
      release();
      await manager.synced();
      assert.deepEqual([...background].sort(), ['a', 'b', 'c']);
      assert.equal(manager.hasSynced, true);
    } finally {
      release();
      manager.stop();
      await storage.close();
    }
  });
});

/** Records, per key, the events a controller of every resource saw, in order. */
function recorder(): { controller: Controller; seen: Map<string, string[]> } {
  const seen = new Map<string, string[]>();
  return {
    seen,
    controller: {
      name: 'recorder',
      watches: ['*'],
      keys(event: ObjectEvent) {
        const key = `${event.cluster}/${event.object.metadata?.name ?? ''}`;
        const list = seen.get(key) ?? [];
        list.push(`${event.type}:${String((event.object as { data?: { v?: string } }).data?.v)}`);
        seen.set(key, list);
        return [];
      },
      async reconcile() {
        return {};
      },
    },
  };
}

const configMap = (cluster: string, name: string, v: string): [string, KubeObject] => [
  `/registry/${cluster}/core/configmaps/default/${name}`,
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } },
];

describe('ControllerManager start in steps (first clusters, the rest in the background)', () => {
  /** 30 clusters of 100 ConfigMaps each: several pages, so the pass is under way when writes land. */
  async function seeded(): Promise<Storage> {
    const storage = openStorage('memory://');
    for (let c = 0; c < 30; c++) {
      for (let i = 0; i < 100; i++) {
        const [key, obj] = configMap(`c${String(c).padStart(2, '0')}`, `cm${i}`, 'old');
        await storage.create(key, obj);
      }
    }
    return storage;
  }

  test('each cluster is seen as one list then the watch: every object once, older states never after newer ones', async () => {
    const storage = await seeded();
    const { controller, seen } = recorder();
    const manager = new ControllerManager(storage, quietLogger);
    manager.add(controller);
    try {
      await manager.start({ until: 'serving', first: ['c00'] });
      // The first cluster is there before start resolves; the last one is not read yet.
      assert.deepEqual(seen.get('c00/cm0'), ['ADDED:old']);
      assert.equal(seen.get('c29/cm0'), undefined);
      // Writes while the pass runs: updates in every cluster, a delete, a new cluster.
      const writes: Array<Promise<unknown>> = [];
      for (let c = 0; c < 30; c++) {
        const key = configMap(`c${String(c).padStart(2, '0')}`, 'cm1', '')[0];
        writes.push(storage.guaranteedUpdate(key, (cur) => ({ ...(cur as KubeObject), data: { v: 'new' } })));
      }
      writes.push(storage.delete(configMap('c28', 'cm2', '')[0]));
      writes.push(storage.create(...configMap('c99', 'fresh', 'new')));
      await Promise.all(writes);
      await manager.synced();
      for (let c = 0; c < 30; c++) {
        const cluster = `c${String(c).padStart(2, '0')}`;
        assert.deepEqual(seen.get(`${cluster}/cm0`), ['ADDED:old'], cluster);
        assert.deepEqual(seen.get(`${cluster}/cm1`), ['ADDED:old', 'MODIFIED:new'], cluster);
      }
      assert.deepEqual(seen.get('c28/cm2'), ['ADDED:old', 'DELETED:old']);
      assert.deepEqual(seen.get('c99/fresh'), ['ADDED:new']);
      assert.equal(seen.size, 30 * 100 + 1);
    } finally {
      manager.stop();
      await storage.close();
    }
  });

  test('ensureCluster reads a cluster the pass has not reached at once', async () => {
    const storage = await seeded();
    const { controller, seen } = recorder();
    const manager = new ControllerManager(storage, quietLogger);
    manager.add(controller);
    try {
      await manager.start({ until: 'serving', first: ['c00'] });
      assert.equal(manager.ensureCluster('c00'), undefined);
      const reading = manager.ensureCluster('c29');
      assert.ok(reading, 'c29 is not read yet');
      await reading;
      assert.equal([...seen.keys()].filter((k) => k.startsWith('c29/')).length, 100);
      await manager.synced();
      assert.equal(manager.ensureCluster('c29'), undefined);
      assert.ok([...seen.values()].every((events) => events.length === 1), 'no object was dispatched twice');
    } finally {
      manager.stop();
      await storage.close();
    }
  });

  test('a pass whose revision was compacted away falls back to a full relist', async () => {
    const storage = await seeded();
    // The pass's second page finds its revision compacted, as after a pass slower than the
    // compactor's window.
    let passPages = 0;
    const expiring = new Proxy(storage, {
      get(target, prop, receiver) {
        if (prop !== 'list') return Reflect.get(target, prop, receiver) as unknown;
        return (prefix: string, opts: ListOptions) => {
          if (prefix === '/registry/' && ++passPages === 2) return Promise.reject(new StorageError('Expired', prefix, 'too old'));
          return target.list(prefix, opts);
        };
      },
    });
    const { controller, seen } = recorder();
    const warnings: string[] = [];
    const manager = new ControllerManager(expiring, { warn: (_o, msg) => warnings.push(msg ?? ''), error: () => undefined });
    manager.add(controller);
    try {
      await manager.start({ until: 'serving', first: ['c00'] });
      await manager.ensureCluster('c29');
      await manager.synced();
      assert.deepEqual(warnings, ['controller watch ended; relisting']);
      for (let c = 0; c < 30; c++) assert.ok(seen.get(`c${String(c).padStart(2, '0')}/cm99`)?.includes('ADDED:old'), `c${c}`);
    } finally {
      manager.stop();
      await storage.close();
    }
  });
});
