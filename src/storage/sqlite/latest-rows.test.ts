// Point reads of the SQLite engine are served from the rows it holds for recently read keys;
// they must read exactly what the log holds: after every acknowledged write, delete and
// compaction, at older revisions, and after a reopen.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteEngine } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'loft-latest-rows-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Returns the value and revisions a get reads, or "absent". */
async function read(engine: ReturnType<typeof openSqliteEngine>, key: string, revision?: number): Promise<string> {
  const { kv } = await engine.get(key, revision);
  return kv ? `${kv.value}@${kv.modRevision}/${kv.createRevision}` : 'absent';
}

test('a held row follows every write of its key: update, failed compare-and-swap, delete, re-create, compaction', async () => {
  const path = join(dir, 'follow.db');
  const engine = openSqliteEngine(path);
  const key = '/registry/c/core/configmaps/ns/a';
  const created = await engine.create(key, 'v1');
  assert.equal(await read(engine, key), `v1@${created.revision}/${created.revision}`, 'read once: now held');
  const updated = await engine.update(key, 'v2', created.revision);
  assert.equal(await read(engine, key), `v2@${updated.revision}/${created.revision}`, 'a get right after the acknowledged update sees it');
  const stale = await engine.update(key, 'lost', created.revision);
  assert.equal(stale.succeeded, false);
  assert.equal(await read(engine, key), `v2@${updated.revision}/${created.revision}`, 'a failed compare-and-swap changes nothing');
  assert.equal(await read(engine, key, created.revision), `v1@${created.revision}/${created.revision}`, 'an older revision reads the log');
  // Writes queued in one turn commit in one transaction: the last one of the key is held.
  const [a, b] = await Promise.all([engine.update(key, 'v3', updated.revision), engine.create('/registry/c/core/configmaps/ns/b', 'b1')]);
  assert.equal(a.succeeded && b.succeeded, true);
  assert.equal(await read(engine, key), `v3@${a.revision}/${created.revision}`);
  const deleted = await engine.delete(key, a.revision);
  assert.equal(await read(engine, key), 'absent', 'a get right after the acknowledged delete misses');
  await engine.compact(deleted.revision);
  assert.equal(await read(engine, key), 'absent', 'compaction removed the tombstone; still absent');
  const again = await engine.create(key, 'v4');
  assert.equal(await read(engine, key), `v4@${again.revision}/${again.revision}`, 'a re-created key starts a new life');
  await engine.close();
  const reopened = openSqliteEngine(path);
  assert.equal(await read(reopened, key), `v4@${again.revision}/${again.revision}`, 'what the log holds, after a reopen');
  await reopened.close();
});

test('keys beyond the bound are read from the log again, with the same answers', async () => {
  const engine = openSqliteEngine(join(dir, 'bound.db'));
  const keys = Array.from({ length: 12_000 }, (_, i) => `/registry/c/core/configmaps/ns/k${i}`);
  const revisions = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 1000) {
    const results = await Promise.all(keys.slice(i, i + 1000).map((k) => engine.create(k, k)));
    results.forEach((r, j) => revisions.set(keys[i + j] as string, r.revision));
  }
  for (const key of keys) assert.equal(await read(engine, key), `${key}@${revisions.get(key)}/${revisions.get(key)}`);
  // The first keys were evicted by the last ones; an update must still be seen through the log.
  const first = keys[0] as string;
  const updated = await engine.update(first, 'changed', revisions.get(first) as number);
  assert.equal(await read(engine, first), `changed@${updated.revision}/${revisions.get(first)}`);
  await engine.close();
});
