// Watch fan-out invariants of Store (issue #8 item 4): a change is decoded once and its object
// shared by every watcher, which is safe only because nobody mutates it (the tests run with
// LOFT_FREEZE_WATCH_OBJECTS=1, so shared objects are frozen); predicates still give each
// watcher its own ADDED/DELETED transitions; a listener that falls behind is ended with
// WatchClosed after the events before it, without holding up the others; a listener that
// throws ends only its own watch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../apimachinery/index.ts';
import { isStorageError } from './errors.ts';
import type { WatchEvent, Watcher } from './interface.ts';
import { openEngine } from './open.ts';
import { Store } from './store.ts';

function configMap(name: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) }, data: { k: name } };
}

/** A listener that records what it receives. */
interface Recorder {
  events: WatchEvent[];
  ended: Promise<unknown>;
}

function record(watcher: Watcher, onEvent: (event: WatchEvent) => void = () => undefined): Recorder {
  const events: WatchEvent[] = [];
  let resolveEnd: (err: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (resolveEnd = resolve));
  watcher.listen({
    event(event) {
      events.push(event);
      onEvent(event);
    },
    end: (err) => resolveEnd(err),
  });
  return { events, ended };
}

/** Returns [type, name] of each object event. */
function summary(events: WatchEvent[]): Array<[string, string]> {
  return events.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, (e as { object: KubeObject }).object.metadata?.name ?? '']);
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

test('every watcher of a change gets the same decoded object, which tests freeze', async () => {
  const s = new Store(openEngine('memory://'));
  const from = String(await s.currentRevision());
  const a = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from });
  const b = s.watch('/registry/configmaps/ns/', { recursive: true, resourceVersion: from });
  const ra = record(a);
  const rb = record(b);
  await s.create('/registry/configmaps/ns/x', configMap('x'));
  await until(() => ra.events.length === 1 && rb.events.length === 1);
  const [ea, eb] = [ra.events[0], rb.events[0]] as [WatchEvent & { object: KubeObject }, WatchEvent & { object: KubeObject }];
  assert.equal(ea.object, eb.object, 'decoded once, shared');
  assert.equal(ea.object.metadata?.resourceVersion, String(await s.currentRevision()));
  assert.ok(Object.isFrozen(ea.object) && Object.isFrozen(ea.object.metadata) && Object.isFrozen(ea.object.data));
  assert.throws(() => {
    (ea.object as { kind: string }).kind = 'Changed';
  }, TypeError);
  a.stop();
  b.stop();
  assert.equal(await ra.ended, undefined);
  await s.close();
});

test('a watcher with a selector and one without see their own transitions of the same changes', async () => {
  const s = new Store(openEngine('memory://'));
  const from = String(await s.currentRevision());
  const all = record(s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from }));
  const web = record(s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from, predicate: (o) => o.metadata?.labels?.app === 'web' }));
  const key = '/registry/configmaps/ns/a';
  await s.create(key, configMap('a', { app: 'db' }));
  await s.guaranteedUpdate(key, (cur) => ({ ...cur, metadata: { ...cur?.metadata, labels: { app: 'web' } } }));
  const left = await s.guaranteedUpdate(key, (cur) => ({ ...cur, metadata: { ...cur?.metadata, labels: { app: 'db' } } }));
  await s.delete(key);
  await until(() => all.events.length === 4 && web.events.length === 2);
  assert.deepEqual(summary(all.events).map(([type]) => type), ['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
  assert.deepEqual(summary(web.events).map(([type]) => type), ['ADDED', 'DELETED']);
  const leaving = web.events[1] as WatchEvent & { object: KubeObject };
  // The selector watcher's DELETED carries the state it last matched, at the revision of the change.
  assert.deepEqual(leaving.object.metadata?.labels, { app: 'web' });
  assert.equal(leaving.object.metadata?.resourceVersion, left.metadata?.resourceVersion);
  assert.deepEqual((all.events[2] as { object: KubeObject }).object.metadata?.labels, { app: 'db' });
  await s.close();
});

test('a paused listener that falls too far behind gets the events before it, then WatchClosed; the others are not held up', async () => {
  const s = new Store(openEngine('memory://'), { watchBufferEvents: 5 });
  const from = String(await s.currentRevision());
  const slowWatcher = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from });
  // The slow one stops taking events after the first, as a full socket would make it.
  const slow = record(slowWatcher, () => slowWatcher.pause());
  const fast = record(s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from }));
  for (let i = 0; i < 10; i++) await s.create(`/registry/configmaps/ns/o${i}`, configMap(`o${i}`));
  await until(() => fast.events.length === 10);
  assert.equal(slow.events.length, 1);
  // Resuming hands over what was buffered (1 delivered + 5 buffered), then the end.
  const resumeWhilePausing = (): void => {
    slowWatcher.resume();
    if (slow.events.length < 6) setImmediate(resumeWhilePausing);
  };
  resumeWhilePausing();
  const err = await slow.ended;
  assert.ok(isStorageError(err, 'WatchClosed'), String(err));
  assert.deepEqual(summary(slow.events).map(([, name]) => name), ['o0', 'o1', 'o2', 'o3', 'o4', 'o5']);
  assert.deepEqual(summary(fast.events).map(([, name]) => name), Array.from({ length: 10 }, (_, i) => `o${i}`));
  await s.close();
});

test('a listener that throws ends its own watch with the error; other watchers and the write go on', async () => {
  const s = new Store(openEngine('memory://'));
  const from = String(await s.currentRevision());
  const broken = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from });
  let endedWith: unknown;
  broken.listen({
    event() {
      throw new Error('boom');
    },
    end: (err) => (endedWith = err),
  });
  const other = record(s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from }));
  const created = await s.create('/registry/configmaps/ns/a', configMap('a'));
  await s.create('/registry/configmaps/ns/b', configMap('b'));
  assert.ok(created.metadata?.resourceVersion);
  await until(() => other.events.length === 2);
  assert.equal((endedWith as Error | undefined)?.message, 'boom');
  await s.close();
});

test('stop() ends a listening watch after the events it buffered', async () => {
  const s = new Store(openEngine('memory://'));
  const from = String(await s.currentRevision());
  const watcher = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: from });
  const r = record(watcher);
  watcher.pause();
  await s.create('/registry/configmaps/ns/a', configMap('a'));
  await s.create('/registry/configmaps/ns/b', configMap('b'));
  watcher.stop();
  await s.create('/registry/configmaps/ns/c', configMap('c'));
  assert.equal(r.events.length, 0);
  watcher.resume();
  assert.equal(await r.ended, undefined);
  assert.deepEqual(summary(r.events), [
    ['ADDED', 'a'],
    ['ADDED', 'b'],
  ]);
  await s.close();
});
