// The SQLite revision log (kine's schema, k3s-io/kine pkg/drivers/sqlite): one append-only
// table whose row id is the global revision. Durability settings are applied on every open:
// WAL, and synchronous=FULL so that a committed transaction survives power loss, not only a
// process crash (better-sqlite3-style builds default reopened WAL connections to NORMAL;
// reliability-security.md §4).
//
// The process owns the file: locking_mode=EXCLUSIVE, set before the first WAL access, keeps the
// WAL index in heap memory instead of a shared-memory file and holds the file lock for the life
// of the connection. A read then makes no fcntl calls (two per read before, a quarter of a
// point read's cost; docs/benchmarks.md finding 3), and a second process opening the same data
// directory fails with "database is locked" instead of writing beside this one. Durability is
// unchanged: commits still append to the WAL and fsync it, and the WAL is replayed on the next
// open after a crash (sqlite.org/wal.html "Use of WAL Without Shared-Memory").

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { StorageError } from '../errors.ts';
import type { HistoryRow, LogRow, NewRow, RevisionLog } from '../revision-log.ts';

const schema = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
-- Two writers that replaced the same version of a key cannot both commit (kine's guard).
CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

interface RawRow {
  id: number;
  name: string;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
}

interface RawHistoryRow extends RawRow {
  p_id: number | null;
  p_deleted: number | null;
  p_create_revision: number | null;
  p_prev_revision: number | null;
  p_value: string | null;
}

function toRow(raw: RawRow): LogRow {
  return {
    revision: raw.id,
    key: raw.name,
    createRevision: raw.create_revision,
    prevRevision: raw.prev_revision,
    deleted: raw.deleted === 1,
    value: raw.value,
  };
}

/** The durability settings in force on a connection, as SQLite reports them. */
export interface SqliteSettings {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
}

/** SqliteLog stores the revision log in one SQLite database file. */
export class SqliteLog implements RevisionLog {
  private readonly db: DatabaseSync;
  private readonly statements: {
    latest: StatementSync;
    range: StatementSync;
    history: StatementSync;
    insert: StatementSync;
    sequence: StatementSync;
    getMeta: StatementSync;
    setMeta: StatementSync;
    deleteSuperseded: StatementSync;
    deleteTombstones: StatementSync;
  };
  private compacted: number;
  private inTransaction = false;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new DatabaseSync(path);
      this.db.exec('PRAGMA locking_mode = EXCLUSIVE');
      this.db.exec('PRAGMA journal_mode = WAL');
      this.db.exec('PRAGMA synchronous = FULL');
      this.db.exec('PRAGMA busy_timeout = 5000');
      const check = this.db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
      // Refuse to start on a damaged file rather than "repair" it by dropping the WAL, which
      // throws committed transactions away (reliability-security.md §1.4, kubesolo PR #148).
      if (check?.quick_check !== 'ok') throw new Error(`database failed quick_check: ${check?.quick_check}`);
      this.db.exec(schema);
    } catch (err) {
      throw new StorageError('Unreachable', path, `cannot open sqlite database ${path}: ${(err as Error).message}`);
    }
    this.statements = {
      latest: this.db.prepare('SELECT * FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
      // Walks the (name, id) index in key order and keeps each key's newest row at the
      // revision, so a page stops after `limit` keys instead of grouping the whole range.
      range: this.db.prepare(
        `SELECT * FROM kv AS k WHERE k.name >= ? AND k.name < ? AND k.deleted = 0
           AND k.id = (SELECT MAX(id) FROM kv WHERE name = k.name AND id <= ?)
         ORDER BY k.name LIMIT ?`,
      ),
      history: this.db.prepare(
        `SELECT k.*, p.id AS p_id, p.deleted AS p_deleted, p.create_revision AS p_create_revision,
                p.prev_revision AS p_prev_revision, p.value AS p_value
           FROM kv AS k LEFT JOIN kv AS p ON p.id = k.prev_revision
          WHERE k.id > ? AND k.name >= ? AND k.name < ? ORDER BY k.id LIMIT ?`,
      ),
      insert: this.db.prepare(
        'INSERT INTO kv (id, name, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      sequence: this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kv'"),
      getMeta: this.db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      deleteSuperseded: this.db.prepare(
        'DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)',
      ),
      deleteTombstones: this.db.prepare('DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1'),
    };
    this.compacted = (this.statements.getMeta.get('compact_revision') as { value: number } | undefined)?.value ?? 0;
  }

  /** Returns the journal mode and synchronous level in force on this connection. */
  settings(): SqliteSettings {
    const journal = this.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    const sync = this.db.prepare('PRAGMA synchronous').get() as { synchronous: number };
    return { journalMode: journal.journal_mode, synchronous: sync.synchronous };
  }

  lastRevision(): number {
    // sqlite_sequence remembers the largest id ever inserted, even when compaction has deleted
    // that row, so revisions never go backwards across restarts.
    const seq = (this.statements.sequence.get() as { seq: number } | undefined)?.seq ?? 0;
    return Math.max(seq, this.compacted);
  }

  compactedRevision(): number {
    return this.compacted;
  }

  latest(key: string, at: number): LogRow | undefined {
    const raw = this.statements.latest.get(key, at) as RawRow | undefined;
    return raw ? toRow(raw) : undefined;
  }

  range(start: string, end: string, at: number, limit: number): LogRow[] {
    return (this.statements.range.all(start, end, at, limit) as unknown as RawRow[]).map(toRow);
  }

  history(start: string, end: string, after: number, limit: number): HistoryRow[] {
    const raws = this.statements.history.all(after, start, end, limit) as unknown as RawHistoryRow[];
    return raws.map((raw) => ({
      row: toRow(raw),
      prev:
        raw.p_id === null
          ? undefined
          : {
              revision: raw.p_id,
              key: raw.name,
              createRevision: raw.p_create_revision as number,
              prevRevision: raw.p_prev_revision as number,
              deleted: raw.p_deleted === 1,
              value: raw.p_value as string,
            },
    }));
  }

  transaction<T>(fn: () => T): T {
    if (this.inTransaction) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  append(revision: number, row: NewRow): void {
    this.statements.insert.run(revision, row.key, row.deleted ? 1 : 0, row.createRevision || revision, row.prevRevision, row.value);
  }

  setCompactedRevision(revision: number): void {
    this.statements.setMeta.run('compact_revision', revision);
    this.compacted = Math.max(this.compacted, revision);
  }

  compactWindow(from: number, to: number): number {
    const superseded = Number(this.statements.deleteSuperseded.run(from, to).changes);
    const tombstones = Number(this.statements.deleteTombstones.run(from, to).changes);
    return superseded + tombstones;
  }

  /** Moves the WAL into the database file and truncates it (after compaction). */
  checkpoint(): void {
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
