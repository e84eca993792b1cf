// The storage conformance suite: written once, run against every backend (memory, sqlite,
// etcd). The behaviours come from k8s.io/apiserver pkg/storage/testing (store_tests.go,
// watcher_tests.go, correctness/) and from the etcd and kine bugs in
// ../shared/research/reliability-security.md §1.3–1.4, each named where it is tested.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { isStorageError, type StorageErrorCode } from '../errors.ts';
import type { Storage, WatchEvent, Watcher } from '../interface.ts';
import { maxValueBytes } from '../store.ts';

/** A backend under test: how to open a fresh, empty store, and how to release shared state. */
export interface ConformanceTarget {
  name: string;
  /** Called once before the suite (e.g. start etcd). */
  setup?: () => Promise<void>;
  /** Returns a store whose keyspace no other test uses. */
  open: () => Promise<Storage>;
  teardown?: () => Promise<void>;
}

/** Returns a ConfigMap-like object named `name` with `data`. */
function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', uid: `uid-${name}`, ...(labels ? { labels } : {}) }, data };
}

function rv(obj: KubeObject): number {
  return Number(obj.metadata?.resourceVersion);
}

async function expectError(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isStorageError(err), `expected a StorageError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

/** Collects events from `watcher` until `until` returns true or `timeoutMs` passes. */
async function collect(watcher: Watcher, until: (events: WatchEvent[]) => boolean, timeoutMs = 20_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const iterator = watcher[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!until(events)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`timed out after ${events.length} events: ${JSON.stringify(events.slice(-3))}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, remaining, 'timeout');
      }),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') continue;
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

/** Returns the first error the watcher's iteration throws, or undefined if it ends cleanly. */
async function watchError(watcher: Watcher): Promise<unknown> {
  try {
    for await (const _ of watcher) {
      // drain
    }
  } catch (err) {
    return err;
  }
  return undefined;
}

function objectEvents(events: WatchEvent[]): Array<{ type: string; name: string; rv: number; data: unknown }> {
  return events
    .filter((e) => e.type !== 'BOOKMARK')
    .map((e) => {
      const obj = (e as { object: KubeObject }).object;
      return { type: e.type, name: obj.metadata?.name as string, rv: rv(obj), data: obj.data };
    });
}

/** Registers the conformance suite for `target`. */
export function storageConformance(target: ConformanceTarget): void {
  describe(`storage conformance: ${target.name}`, { concurrency: false }, () => {
    const opened: Storage[] = [];
    const open = async (): Promise<Storage> => {
      const storage = await target.open();
      opened.push(storage);
      return storage;
    };
    if (target.setup) before(target.setup);
    after(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await target.teardown?.();
    });

    test('create, get and delete round-trip; resourceVersion is the revision as a string', async () => {
      const s = await open();
      const created = await s.create('/registry/configmaps/ns/a', configMap('a', { k: 'v' }));
      assert.match(created.metadata?.resourceVersion ?? '', /^[1-9][0-9]*$/);
      assert.equal(rv(created), await s.currentRevision());
      const got = await s.get('/registry/configmaps/ns/a');
      assert.deepEqual(got, created);
      const deleted = await s.delete('/registry/configmaps/ns/a');
      assert.deepEqual(deleted.data, { k: 'v' });
      assert.ok(rv(deleted) > rv(created), 'the delete gets its own revision');
      await expectError(s.get('/registry/configmaps/ns/a'), 'KeyNotFound');
      await expectError(s.delete('/registry/configmaps/ns/a'), 'KeyNotFound');
    });

    test('create of an existing key fails with KeyExists; a deleted key can be created again', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/a', configMap('a'));
      await expectError(s.create('/registry/configmaps/ns/a', configMap('a')), 'KeyExists');
      await s.delete('/registry/configmaps/ns/a');
      const again = await s.create('/registry/configmaps/ns/a', configMap('a', { second: 'life' }));
      assert.deepEqual((await s.get('/registry/configmaps/ns/a')).data, again.data);
    });

    test('the stored value does not keep a resourceVersion the caller passed', async () => {
      const s = await open();
      const obj = configMap('a');
      (obj.metadata as { resourceVersion?: string }).resourceVersion = '999999';
      const created = await s.create('/registry/configmaps/ns/a', obj);
      assert.notEqual(created.metadata?.resourceVersion, '999999');
      assert.equal((await s.get('/registry/configmaps/ns/a')).metadata?.resourceVersion, created.metadata?.resourceVersion);
    });

    test('revisions increase with every write, across keys', async () => {
      const s = await open();
      let last = await s.currentRevision();
      for (let i = 0; i < 20; i++) {
        const obj = await s.create(`/registry/configmaps/ns/k${i}`, configMap(`k${i}`));
        assert.ok(rv(obj) > last);
        last = rv(obj);
      }
    });

    test('guaranteedUpdate with a stale resourceVersion precondition fails with Conflict', async () => {
      const s = await open();
      const created = await s.create('/registry/configmaps/ns/a', configMap('a', { n: '0' }));
      const updated = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { n: '1' } }));
      await expectError(
        s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { n: '2' } }), {
          preconditions: { resourceVersion: created.metadata?.resourceVersion as string },
        }),
        'Conflict',
      );
      await expectError(
        s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { n: '2' } }), { preconditions: { uid: 'other' } }),
        'Conflict',
      );
      assert.deepEqual((await s.get('/registry/configmaps/ns/a')).data, updated.data);
    });

    test('delete checks uid and resourceVersion preconditions and validateDeletion', async () => {
      const s = await open();
      const stale = await s.create('/registry/configmaps/ns/a', configMap('a'));
      const created = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { v: '2' } }));
      await expectError(s.delete('/registry/configmaps/ns/a', { preconditions: { uid: 'wrong' } }), 'Conflict');
      await expectError(s.delete('/registry/configmaps/ns/a', { preconditions: { resourceVersion: stale.metadata?.resourceVersion as string } }), 'Conflict');
      await assert.rejects(
        s.delete('/registry/configmaps/ns/a', {
          validateDeletion: () => {
            throw new Error('refused');
          },
        }),
        /refused/,
      );
      await s.delete('/registry/configmaps/ns/a', { preconditions: { uid: 'uid-a', resourceVersion: created.metadata?.resourceVersion as string } });
      await expectError(s.get('/registry/configmaps/ns/a'), 'KeyNotFound');
    });

    test('guaranteedUpdate of a missing key fails unless ignoreNotFound, which creates it', async () => {
      const s = await open();
      await expectError(s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => cur as KubeObject), 'KeyNotFound');
      const created = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => cur ?? configMap('a', { made: 'yes' }), {
        ignoreNotFound: true,
      });
      assert.deepEqual((await s.get('/registry/configmaps/ns/a')).data, { made: 'yes' });
      assert.equal(rv(created), rv(await s.get('/registry/configmaps/ns/a')));
    });

    test('an update that changes nothing keeps the resourceVersion and sends no event', async () => {
      const s = await open();
      const created = await s.create('/registry/configmaps/ns/a', configMap('a', { k: 'v' }));
      const watcher = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: created.metadata?.resourceVersion });
      const same = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur }));
      assert.equal(same.metadata?.resourceVersion, created.metadata?.resourceVersion);
      assert.equal(await s.currentRevision(), rv(created));
      const changed = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { k: 'w' } }));
      const events = await collect(watcher, (e) => e.length >= 1);
      watcher.stop();
      assert.deepEqual(objectEvents(events), [{ type: 'MODIFIED', name: 'a', rv: rv(changed), data: { k: 'w' } }]);
    });

    test('32 concurrent writers × 100 guaranteedUpdates on one key lose no update', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/counter', configMap('counter', { n: '0' }));
      const writers = 32;
      const perWriter = 100;
      const seen = new Set<string>();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < perWriter; i++) {
            const out = await s.guaranteedUpdate('/registry/configmaps/ns/counter', (cur) => ({
              ...cur,
              data: { n: String(Number((cur?.data as { n: string }).n) + 1) },
            }));
            const version = out.metadata?.resourceVersion as string;
            assert.ok(!seen.has(version), `resourceVersion ${version} returned twice`);
            seen.add(version);
          }
        }),
      );
      assert.deepEqual((await s.get('/registry/configmaps/ns/counter')).data, { n: String(writers * perWriter) });
    });

    test('list returns only keys under the prefix, in key order (ns1 never lists ns10)', async () => {
      const s = await open();
      for (const ns of ['ns1', 'ns10', 'ns2']) {
        for (const name of ['b', 'a']) await s.create(`/registry/configmaps/${ns}/${name}`, configMap(name));
      }
      const list = await s.list('/registry/configmaps/ns1/');
      assert.deepEqual(list.items.map((o) => o.metadata?.name), ['a', 'b']);
      assert.equal(list.resourceVersion, String(await s.currentRevision()));
      assert.equal((await s.list('/registry/configmaps/')).items.length, 6);
      assert.equal((await s.list('/registry/secrets/')).items.length, 0);
    });

    test('list with limit and continue pages through everything exactly once', async () => {
      const s = await open();
      for (let i = 0; i < 25; i++) await s.create(`/registry/configmaps/ns/o${String(i).padStart(2, '0')}`, configMap(`o${i}`));
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      let firstRv: string | undefined;
      do {
        const page = await s.list('/registry/configmaps/', { limit: 10, continue: token });
        firstRv ??= page.resourceVersion;
        assert.equal(page.resourceVersion, firstRv, 'every page carries the first page revision');
        names.push(...page.items.map((o) => o.metadata?.name as string));
        token = page.continue;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.equal(names.length, 25);
      assert.equal(new Set(names).size, 25);
    });

    test('list pagination under concurrent writes stays one consistent snapshot', async () => {
      const s = await open();
      for (let i = 0; i < 200; i++) await s.create(`/registry/configmaps/ns/o${String(i).padStart(3, '0')}`, configMap(`o${i}`, { v: '0' }));
      const snapshot = await s.list('/registry/configmaps/');
      let stop = false;
      let writes = 0;
      const writer = (async () => {
        while (!stop) {
          const i = writes % 200;
          const key = `/registry/configmaps/ns/o${String(i).padStart(3, '0')}`;
          if (writes % 3 === 0) await s.delete(key).catch(() => undefined);
          else if (writes % 3 === 1) await s.create(key, configMap(`o${i}`, { v: 'new' })).catch(() => undefined);
          else await s.guaranteedUpdate(key, (cur) => ({ ...cur, data: { v: String(writes) } })).catch(() => undefined);
          await s.create(`/registry/configmaps/ns/x${writes}`, configMap(`x${writes}`));
          writes++;
        }
      })();
      // The first page pins the revision; later pages must reproduce the list at that revision.
      const first = await s.list('/registry/configmaps/', { limit: 17, resourceVersion: snapshot.resourceVersion, resourceVersionMatch: 'Exact' });
      const items = [...first.items];
      let token = first.continue;
      while (token) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        const page = await s.list('/registry/configmaps/', { limit: 17, continue: token });
        assert.equal(page.resourceVersion, snapshot.resourceVersion);
        items.push(...page.items);
        token = page.continue;
      }
      stop = true;
      await writer;
      assert.ok(writes > 0, 'the writer ran during pagination');
      assert.deepEqual(items, snapshot.items);
    });

    test('list resourceVersion semantics: Exact reads the past, NotOlderThan refuses the future', async () => {
      const s = await open();
      const a = await s.create('/registry/configmaps/ns/a', configMap('a', { v: '1' }));
      await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { v: '2' } }));
      await s.create('/registry/configmaps/ns/b', configMap('b'));
      const past = await s.list('/registry/configmaps/', { resourceVersion: a.metadata?.resourceVersion, resourceVersionMatch: 'Exact' });
      assert.equal(past.resourceVersion, a.metadata?.resourceVersion);
      assert.deepEqual(past.items.map((o) => [o.metadata?.name, o.data]), [['a', { v: '1' }]]);
      const legacyExact = await s.list('/registry/configmaps/', { resourceVersion: a.metadata?.resourceVersion, limit: 10 });
      assert.equal(legacyExact.items.length, 1);
      const now = await s.list('/registry/configmaps/', { resourceVersion: a.metadata?.resourceVersion });
      assert.equal(now.items.length, 2, 'not older than N serves the latest state');
      const future = String((await s.currentRevision()) + 1000);
      await expectError(s.list('/registry/configmaps/', { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' }), 'TooLargeResourceVersion');
      await expectError(s.get('/registry/configmaps/ns/a', { resourceVersion: future }), 'TooLargeResourceVersion');
      assert.equal((await s.get('/registry/configmaps/ns/a', { resourceVersion: '0' })).metadata?.name, 'a');
      await expectError(s.list('/registry/configmaps/', { resourceVersion: 'abc' }), 'InvalidRequest');
      await expectError(s.list('/registry/configmaps/', { resourceVersion: '0', resourceVersionMatch: 'Exact' }), 'InvalidRequest');
    });

    test('continue tokens are validated and cannot leave the listed prefix', async () => {
      const s = await open();
      for (let i = 0; i < 4; i++) await s.create(`/registry/configmaps/ns/o${i}`, configMap(`o${i}`));
      await s.create('/registry/secrets/ns/hidden', configMap('hidden'));
      const page = await s.list('/registry/configmaps/', { limit: 2 });
      await expectError(s.list('/registry/configmaps/', { limit: 2, continue: page.continue, resourceVersion: '5' }), 'InvalidRequest');
      await expectError(s.list('/registry/configmaps/', { continue: 'not-a-token' }), 'InvalidRequest');
      const forged = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(page.resourceVersion), start: '../../secrets/ns/' })).toString('base64url');
      const escaped = await s.list('/registry/configmaps/', { continue: forged });
      assert.ok(escaped.items.every((o) => o.metadata?.name !== 'hidden'));
    });

    test('list with a predicate and a limit fills pages with matching objects only', async () => {
      const s = await open();
      for (let i = 0; i < 30; i++) {
        await s.create(`/registry/configmaps/ns/o${String(i).padStart(2, '0')}`, configMap(`o${i}`, {}, { even: String(i % 2 === 0) }));
      }
      const predicate = (o: KubeObject): boolean => o.metadata?.labels?.even === 'true';
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await s.list('/registry/configmaps/', { limit: 4, continue: token, predicate });
        assert.ok(page.items.length <= 4);
        names.push(...page.items.map((o) => o.metadata?.name as string));
        token = page.continue;
      } while (token);
      assert.equal(names.length, 15);
    });

    test('a watcher started at revision R sees every later event exactly once, in order, while 8 writers write 500 objects', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/before', configMap('before'));
      const start = await s.currentRevision();
      const watcher = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: String(start) });
      const acknowledged: Array<{ type: string; name: string; rv: number }> = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 500 / 8; i++) {
            const name = `w${w}-${i}`;
            const key = `/registry/configmaps/ns/${name}`;
            const created = await s.create(key, configMap(name));
            acknowledged.push({ type: 'ADDED', name, rv: rv(created) });
            if (i % 5 === 0) {
              const updated = await s.guaranteedUpdate(key, (cur) => ({ ...cur, data: { touched: 'yes' } }));
              acknowledged.push({ type: 'MODIFIED', name, rv: rv(updated) });
            }
            if (i % 7 === 0) {
              const deleted = await s.delete(key);
              acknowledged.push({ type: 'DELETED', name, rv: rv(deleted) });
            }
          }
        }),
      );
      const events = await collect(watcher, (e) => e.length >= acknowledged.length);
      watcher.stop();
      const got = objectEvents(events).map(({ type, name, rv }) => ({ type, name, rv }));
      for (let i = 1; i < got.length; i++) assert.ok((got[i] as { rv: number }).rv > (got[i - 1] as { rv: number }).rv, 'events in revision order');
      acknowledged.sort((a, b) => a.rv - b.rv);
      assert.deepEqual(got, acknowledged, 'every acknowledged write is one event, with the revision the write returned');
    });

    test('a listener that pauses and resumes at random sees every event exactly once, in order, as an iterator would', async () => {
      const s = await open();
      const start = await s.currentRevision();
      const iterated = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: String(start) });
      const listened = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: String(start) });
      const received: WatchEvent[] = [];
      let ended = false;
      // A fixed pseudo-random pattern (no Math.random: the test replays the same way).
      let seed = 7;
      const coin = (): boolean => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) & 4) === 0;
      listened.listen({
        event(event) {
          received.push(event);
          if (coin()) {
            listened.pause();
            setImmediate(() => listened.resume());
          }
        },
        end: () => (ended = true),
      });
      let writes = 0;
      await Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; i < 40; i++) {
            const key = `/registry/configmaps/ns/l${w}-${i}`;
            await s.create(key, configMap(`l${w}-${i}`));
            writes++;
            if (i % 3 === 0) {
              await s.guaranteedUpdate(key, (cur) => ({ ...cur, data: { i: String(i) } }));
              writes++;
            }
            if (i % 4 === 0) {
              await s.delete(key);
              writes++;
            }
          }
        }),
      );
      const expected = await collect(iterated, (e) => e.length >= writes);
      iterated.stop();
      while (received.length < writes) await new Promise((resolve) => setTimeout(resolve, 5));
      listened.stop();
      listened.resume();
      while (!ended) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(objectEvents(received), objectEvents(expected));
      const revisions = objectEvents(received).map((e) => e.rv);
      assert.deepEqual(revisions, [...new Set(revisions)].sort((a, b) => a - b), 'exactly once, in revision order');
    });

    test('a watch without resourceVersion starts with ADDED for the current state', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/a', configMap('a'));
      await s.create('/registry/configmaps/ns/b', configMap('b'));
      await s.create('/registry/configmaps/other/c', configMap('c'));
      const watcher = s.watch('/registry/configmaps/ns/', { recursive: true });
      const initial = await collect(watcher, (e) => e.length >= 2);
      const c = await s.create('/registry/configmaps/ns/c', configMap('c'));
      const rest = await collect(watcher, (e) => e.length >= 1);
      watcher.stop();
      assert.deepEqual(objectEvents(initial).map((e) => [e.type, e.name]), [['ADDED', 'a'], ['ADDED', 'b']]);
      assert.deepEqual(objectEvents(rest).map((e) => [e.type, e.name, e.rv]), [['ADDED', 'c', rv(c)]]);
    });

    test('a watch of one key sees only that key, with a synthetic ADDED first', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/a', configMap('a'));
      await s.create('/registry/configmaps/ns/ab', configMap('ab'));
      const watcher = s.watch('/registry/configmaps/ns/a', { resourceVersion: '0' });
      await s.guaranteedUpdate('/registry/configmaps/ns/ab', (cur) => ({ ...cur, data: { x: '1' } }));
      await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { x: '2' } }));
      await s.delete('/registry/configmaps/ns/a');
      const events = await collect(watcher, (e) => e.length >= 3);
      watcher.stop();
      assert.deepEqual(objectEvents(events).map((e) => [e.type, e.name]), [['ADDED', 'a'], ['MODIFIED', 'a'], ['DELETED', 'a']]);
    });

    test('a filtered watch turns objects entering and leaving the selection into ADDED and DELETED', async () => {
      const s = await open();
      const start = await s.currentRevision();
      const watcher = s.watch('/registry/configmaps/', {
        recursive: true,
        resourceVersion: String(start),
        predicate: (o) => o.metadata?.labels?.app === 'web',
      });
      await s.create('/registry/configmaps/ns/a', configMap('a', {}, { app: 'db' }));
      await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, metadata: { ...cur?.metadata, labels: { app: 'web' } } }));
      await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { v: '1' } }));
      const left = await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, metadata: { ...cur?.metadata, labels: { app: 'db' } } }));
      await s.delete('/registry/configmaps/ns/a');
      const events = await collect(watcher, (e) => e.length >= 3);
      watcher.stop();
      const got = objectEvents(events);
      assert.deepEqual(got.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
      assert.equal((got[2] as { rv: number }).rv, rv(left), 'the DELETED event carries the revision of the change');
    });

    test('the DELETED event carries the last state and the delete revision', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/a', configMap('a', { last: 'state' }));
      const start = await s.currentRevision();
      const watcher = s.watch('/registry/configmaps/ns/a', { resourceVersion: String(start) });
      const deleted = await s.delete('/registry/configmaps/ns/a');
      const events = await collect(watcher, (e) => e.length >= 1);
      watcher.stop();
      assert.deepEqual(objectEvents(events), [{ type: 'DELETED', name: 'a', rv: rv(deleted), data: { last: 'state' } }]);
    });

    test('reads and watches below the compacted revision fail with Expired; later ones work', async () => {
      const s = await open();
      const a = await s.create('/registry/configmaps/ns/a', configMap('a', { v: '1' }));
      await s.create('/registry/configmaps/ns/b', configMap('b'));
      await s.guaranteedUpdate('/registry/configmaps/ns/a', (cur) => ({ ...cur, data: { v: '2' } }));
      await s.delete('/registry/configmaps/ns/b');
      const compactAt = await s.currentRevision();
      await s.create('/registry/configmaps/ns/c', configMap('c'));
      await s.compact(compactAt);
      assert.ok((await s.compactedRevision()) >= compactAt);
      await expectError(watchError(s.watch('/registry/configmaps/', { recursive: true, resourceVersion: a.metadata?.resourceVersion })).then((err) => {
        throw err;
      }), 'Expired');
      await expectError(s.list('/registry/configmaps/', { resourceVersion: a.metadata?.resourceVersion, resourceVersionMatch: 'Exact' }), 'Expired');
      // State at and after the compaction point is intact.
      const atCompaction = await s.list('/registry/configmaps/', { resourceVersion: String(compactAt), resourceVersionMatch: 'Exact' });
      assert.deepEqual(atCompaction.items.map((o) => [o.metadata?.name, o.data]), [['a', { v: '2' }]]);
      const watcher = s.watch('/registry/configmaps/', { recursive: true, resourceVersion: String(compactAt) });
      const events = await collect(watcher, (e) => e.length >= 1);
      // etcd #18089/#19179: deletes at and after the compaction point must still be delivered.
      const deletedC = await s.delete('/registry/configmaps/ns/c');
      const more = await collect(watcher, (e) => e.length >= 1);
      watcher.stop();
      assert.deepEqual(objectEvents(events).map((e) => [e.type, e.name]), [['ADDED', 'c']]);
      assert.deepEqual(objectEvents(more).map((e) => [e.type, e.name, e.rv]), [['DELETED', 'c', rv(deletedC)]]);
    });

    test('a paginated list whose revision is compacted away fails with Expired', async () => {
      const s = await open();
      for (let i = 0; i < 5; i++) await s.create(`/registry/configmaps/ns/o${i}`, configMap(`o${i}`));
      const page = await s.list('/registry/configmaps/', { limit: 2 });
      await s.create('/registry/configmaps/ns/z', configMap('z'));
      await s.compact(await s.currentRevision());
      await expectError(s.list('/registry/configmaps/', { limit: 2, continue: page.continue }), 'Expired');
    });

    test('values up to 1.5 MiB round-trip; larger ones are refused with ValueTooLarge', async () => {
      const s = await open();
      const envelope = JSON.stringify(configMap('big', { blob: '' })).length;
      const fits = configMap('big', { blob: 'x'.repeat(maxValueBytes - envelope) });
      const stored = await s.create('/registry/configmaps/ns/big', fits);
      assert.equal(((await s.get('/registry/configmaps/ns/big')).data as { blob: string }).blob.length, maxValueBytes - envelope);
      assert.ok(rv(stored) > 0);
      await expectError(s.create('/registry/configmaps/ns/bigger', configMap('bigger', { blob: 'x'.repeat(maxValueBytes) })), 'ValueTooLarge');
      await expectError(
        s.guaranteedUpdate('/registry/configmaps/ns/big', (cur) => ({ ...cur, data: { blob: 'y'.repeat(maxValueBytes) } })),
        'ValueTooLarge',
      );
      await expectError(s.get('/registry/configmaps/ns/bigger'), 'KeyNotFound');
    });

    test('bookmarks carry a revision that covers every delivered event and never goes back', async () => {
      const s = await open();
      const start = await s.currentRevision();
      const watcher = s.watch('/registry/configmaps/ns/', { recursive: true, resourceVersion: String(start), bookmarks: true, bookmarkIntervalMs: 50 });
      const created = await s.create('/registry/configmaps/ns/a', configMap('a'));
      // A write elsewhere advances the store; the bookmark tells the watcher it is up to date.
      const other = await s.create('/registry/secrets/ns/unrelated', configMap('unrelated'));
      const events = await collect(watcher, (e) => e.some((x) => x.type === 'BOOKMARK' && Number(x.resourceVersion) >= rv(other)), 30_000);
      watcher.stop();
      assert.equal(events[0]?.type, 'ADDED');
      let last = 0;
      for (const event of events) {
        const revision = event.type === 'BOOKMARK' ? Number(event.resourceVersion) : rv(event.object);
        assert.ok(revision >= last && revision > 0, 'bookmark revisions never go backwards or to 0');
        last = revision;
      }
      assert.ok(last >= rv(created));
    });

    test('sendInitialEvents ends the initial state with an initial-events-end bookmark', async () => {
      const s = await open();
      await s.create('/registry/configmaps/ns/a', configMap('a'));
      const watcher = s.watch('/registry/configmaps/', { recursive: true, sendInitialEvents: true, bookmarks: true });
      const events = await collect(watcher, (e) => e.length >= 2);
      watcher.stop();
      assert.equal(events[0]?.type, 'ADDED');
      assert.deepEqual(events[1], { type: 'BOOKMARK', resourceVersion: String(await s.currentRevision()), initialEventsEnd: true });
    });
  });
}
