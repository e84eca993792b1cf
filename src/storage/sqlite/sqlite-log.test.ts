// The SQLite log owns its file (locking_mode=EXCLUSIVE): no other connection reads or writes it
// while it is open, a file written in shared-memory WAL mode by an earlier version opens with
// every row, and closing releases the file.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { SqliteLog } from './sqlite-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'loft-sqlite-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Appends one live row `key` at `revision` in its own transaction. */
function put(log: SqliteLog, revision: number, key: string): void {
  log.transaction(() => log.append(revision, { key, createRevision: revision, prevRevision: 0, deleted: false, value: `{"n":${revision}}` }));
}

test('no other connection can read the file while the log has it open; closing releases it', () => {
  const path = join(dir, 'owned.db');
  const log = new SqliteLog(path);
  put(log, 1, '/registry/a');
  assert.equal(log.latest('/registry/a', 1)?.value, '{"n":1}');
  // The WAL index lives in the process's heap, not in a -shm file another process could map.
  assert.equal(existsSync(`${path}-shm`), false);
  const other = new DatabaseSync(path, { timeout: 0 });
  assert.throws(() => other.prepare('SELECT count(*) AS n FROM kv').get(), /database is locked/);
  log.close();
  assert.deepEqual({ ...(other.prepare('SELECT count(*) AS n FROM kv').get() as object) }, { n: 1 });
  other.close();
});

test('a file written in shared-memory WAL mode opens with every row and keeps revisions', () => {
  const path = join(dir, 'upgraded.db');
  // What the previous version left behind: WAL mode with the default (shared) locking.
  const old = new DatabaseSync(path);
  old.exec('PRAGMA journal_mode = WAL');
  old.exec(`CREATE TABLE kv (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL, value TEXT NOT NULL)`);
  old.prepare('INSERT INTO kv (id, name, deleted, create_revision, prev_revision, value) VALUES (7, ?, 0, 7, 0, ?)').run('/registry/old', '{"n":7}');
  old.close();
  const log = new SqliteLog(path);
  assert.equal(log.lastRevision(), 7);
  assert.equal(log.latest('/registry/old', 7)?.value, '{"n":7}');
  put(log, 8, '/registry/new');
  log.close();
  const reopened = new SqliteLog(path);
  assert.deepEqual(reopened.settings(), { journalMode: 'wal', synchronous: 2 });
  assert.equal(reopened.lastRevision(), 8);
  assert.equal(reopened.latest('/registry/new', 8)?.value, '{"n":8}');
  reopened.close();
});
