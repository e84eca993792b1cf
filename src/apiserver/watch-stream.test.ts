// The watch stream (contract §6) with events pushed to the response and each event's JSON line
// serialized once for all watchers (issue #8 item 4): every JSON watcher gets the same bytes,
// Table watchers their own rows, BOOKMARKs and ERROR events as before.

import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { builtinResources, RestStore, type RequestContext, type ResourceInfo } from '../registry/index.ts';
import { openEngine, openStorage, Store, type Storage } from '../storage/index.ts';
import { negotiateFormat } from './negotiate.ts';
import { boolParam, intParam } from './query.ts';
import { streamWatch } from './watch-stream.ts';

const ctx = (): RequestContext => ({ cluster: 'c1', user: { name: 'admin', groups: ['system:masters'] }, dryRun: false, fieldValidation: 'Strict', warnings: [] });

const configMaps = builtinResources().find((r) => r.group === '' && r.resource === 'configmaps') as ResourceInfo;

/** Serves GET /?resourceVersion=…: a watch of the ConfigMaps of namespace ns, as resource-handler does. */
async function serve(storage: Storage): Promise<{ server: Server; url: string }> {
  const store = new RestStore(storage, configMaps);
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const watcher = store.watch(ctx(), 'ns', {
      resourceVersion: query.get('resourceVersion') ?? undefined,
      allowWatchBookmarks: boolParam(query, 'allowWatchBookmarks'),
      sendInitialEvents: boolParam(query, 'sendInitialEvents'),
      labelSelector: query.get('labelSelector') ?? undefined,
    });
    void streamWatch(req, res, watcher, {
      info: configMaps,
      format: negotiateFormat(req.headers.accept, true),
      include: 'Metadata',
      timeoutSeconds: intParam(query, 'timeoutSeconds'),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** An open watch: the raw lines received so far. */
interface Stream {
  lines: string[];
  done: Promise<void>;
  abort(): void;
}

async function open(url: string, accept = 'application/json'): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept }, signal: abort.signal });
  assert.equal(res.status, 200);
  const lines: string[] = [];
  const done = (async () => {
    let rest = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n');
        rest = parts.pop() ?? '';
        lines.push(...parts);
      }
    } catch {
      // aborted
    }
  })();
  return { lines, done, abort: () => abort.abort() };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function configMap(name: string, labels?: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) }, data: { k: name } };
}

test('JSON watchers of a resource get the same bytes for each event; Table watchers their own rows', async () => {
  const storage = openStorage('memory://');
  const { server, url } = await serve(storage);
  const store = new RestStore(storage, configMaps);
  try {
    const from = await storage.currentRevision();
    const a = await open(`${url}?resourceVersion=${from}`);
    const b = await open(`${url}?resourceVersion=${from}`);
    const web = await open(`${url}?resourceVersion=${from}&labelSelector=app%3Dweb`);
    const table = await open(`${url}?resourceVersion=${from}`, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    await store.create(ctx(), 'ns', configMap('one'));
    await store.create(ctx(), 'ns', configMap('two', { app: 'web' }));
    await store.delete(ctx(), 'ns', 'one');
    await until(() => a.lines.length === 3 && b.lines.length === 3 && web.lines.length === 1 && table.lines.length === 3);
    assert.deepEqual(a.lines, b.lines);
    const events = a.lines.map((line) => JSON.parse(line) as { type: string; object: { kind: string; apiVersion: string; metadata: { name: string } } });
    assert.deepEqual(
      events.map((e) => [e.type, e.object.kind, e.object.apiVersion, e.object.metadata.name]),
      [
        ['ADDED', 'ConfigMap', 'v1', 'one'],
        ['ADDED', 'ConfigMap', 'v1', 'two'],
        ['DELETED', 'ConfigMap', 'v1', 'one'],
      ],
    );
    // The selector watcher's line for "two" is the same line as everybody's.
    assert.deepEqual(web.lines, [a.lines[1]]);
    const rows = table.lines.map((line) => JSON.parse(line) as { type: string; object: { kind: string; columnDefinitions?: unknown[]; rows: Array<{ cells: unknown[] }> } });
    assert.deepEqual(rows.map((e) => [e.type, e.object.kind, e.object.rows[0]?.cells[0]]), [
      ['ADDED', 'Table', 'one'],
      ['ADDED', 'Table', 'two'],
      ['DELETED', 'Table', 'one'],
    ]);
    assert.ok(rows[0]?.object.columnDefinitions, 'the first event carries the columns');
    assert.equal(rows[1]?.object.columnDefinitions, undefined);
    for (const s of [a, b, web, table]) s.abort();
  } finally {
    server.closeAllConnections();
    server.close();
    await storage.close();
  }
});

test('initial events end with a BOOKMARK; a compacted start is an ERROR 410; timeoutSeconds ends the stream', async () => {
  const storage = openStorage('memory://');
  const { server, url } = await serve(storage);
  const store = new RestStore(storage, configMaps);
  try {
    const first = await store.create(ctx(), 'ns', configMap('one'));
    const initial = await open(`${url}?sendInitialEvents=true&allowWatchBookmarks=true&resourceVersion=&timeoutSeconds=1`);
    await store.create(ctx(), 'ns', configMap('two'));
    await initial.done;
    const events = initial.lines.map((line) => JSON.parse(line) as { type: string; object: { kind: string; metadata: { name?: string; annotations?: Record<string, string> } } });
    assert.deepEqual(events.map((e) => [e.type, e.object.kind, e.object.metadata.name]), [
      ['ADDED', 'ConfigMap', 'one'],
      ['BOOKMARK', 'ConfigMap', undefined],
      ['ADDED', 'ConfigMap', 'two'],
    ]);
    assert.deepEqual(events[1]?.object.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });

    await storage.compact(await storage.currentRevision());
    const expired = await open(`${url}?resourceVersion=${first.metadata?.resourceVersion}`);
    await expired.done;
    assert.equal(expired.lines.length, 1);
    const error = JSON.parse(expired.lines[0] as string) as { type: string; object: { kind: string; code: number; reason: string } };
    assert.deepEqual([error.type, error.object.kind, error.object.code, error.object.reason], ['ERROR', 'Status', 410, 'Expired']);
  } finally {
    server.closeAllConnections();
    server.close();
    await storage.close();
  }
});

test('a client that stops reading is paused alone; past the buffer its watch ends with an ERROR after every event before it', async () => {
  // Room for 4 events beyond what the socket buffers hold.
  const storage = new Store(openEngine('memory://'), { watchBufferEvents: 4 });
  const { server, url } = await serve(storage);
  const store = new RestStore(storage, configMaps);
  try {
    const from = await storage.currentRevision();
    const fast = await open(`${url}?resourceVersion=${from}`);
    const slowLines: string[] = [];
    let slowRes: IncomingMessage | undefined;
    const slowDone = new Promise<void>((resolve) => {
      get(`${url}?resourceVersion=${from}`, (res) => {
        slowRes = res;
        res.pause();
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const parts = (rest + chunk).split('\n');
          rest = parts.pop() ?? '';
          slowLines.push(...parts);
        });
        res.on('end', resolve);
      });
    });
    await until(() => slowRes !== undefined);
    // Large objects fill the socket buffers of the paused client after a few events.
    const count = 40;
    const blob = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < count; i++) {
      await store.create(ctx(), 'ns', { ...configMap(`o${String(i).padStart(2, '0')}`), data: { blob } });
    }
    await until(() => fast.lines.length === count);
    (slowRes as IncomingMessage).resume();
    await slowDone;
    const names = (lines: string[]): string[] => lines.map((line) => (JSON.parse(line) as { object: { metadata: { name?: string } } }).object.metadata.name ?? '');
    const expected = Array.from({ length: count }, (_, i) => `o${String(i).padStart(2, '0')}`);
    assert.deepEqual(names(fast.lines), expected, 'the fast client got every event');
    const last = JSON.parse(slowLines[slowLines.length - 1] as string) as { type: string; object: { code: number } };
    assert.deepEqual([last.type, last.object.code], ['ERROR', 503]);
    const delivered = names(slowLines.slice(0, -1));
    assert.ok(delivered.length < count, `the slow client was closed (${delivered.length} events)`);
    assert.deepEqual(delivered, expected.slice(0, delivered.length), 'no gap before the ERROR: a re-watch resumes from the last one');
    fast.abort();
  } finally {
    server.closeAllConnections();
    server.close();
    await storage.close();
  }
});

test('an initial state larger than one flush holds arrives complete and in order, then the live events', async () => {
  const storage = openStorage('memory://');
  const { server, url } = await serve(storage);
  const store = new RestStore(storage, configMaps);
  try {
    const count = 300;
    const blob = 'y'.repeat(2048);
    const names = Array.from({ length: count }, (_, i) => `o${String(i).padStart(3, '0')}`);
    for (const name of names) await store.create(ctx(), 'ns', { ...configMap(name), data: { blob } });
    const watch = await open(`${url}?resourceVersion=0`);
    await until(() => watch.lines.length === count);
    await store.create(ctx(), 'ns', configMap('live'));
    await until(() => watch.lines.length === count + 1);
    const got = watch.lines.map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(got.map((e) => e.object.metadata.name), [...names, 'live']);
    assert.ok(got.every((e) => e.type === 'ADDED'));
    watch.abort();
  } finally {
    server.closeAllConnections();
    server.close();
    await storage.close();
  }
});
