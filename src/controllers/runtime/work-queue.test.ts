// WorkQueue and ControllerManager start-up: FIFO order over long queues, dedupe, reconciles that
// leave room for I/O, and listening before the background controllers caught up.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStorage } from '../../storage/index.ts';
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
