// LocalEngine: the KVEngine of the embedded backends, over a synchronous RevisionLog.
//
// Writes are group-committed: every write issued in one event-loop turn joins one transaction,
// so concurrent callers share one fsync. Inside the transaction each write is checked against
// the newest row (compare-and-swap on mod revision) and given the next revision, in order; a
// failed check fails that write only. A write is acknowledged only after COMMIT returns, and
// its watch event is published in the same synchronous step, so watchers see events in
// revision order with no gap (the kine bugs k3s-io/kine#676 and #71 came from assigning
// revisions outside the commit order).

import { expired, StorageError, tooLargeResourceVersion } from './errors.ts';
import type { EngineEvent, EngineWatch, KeyValue, KVEngine, RangeResult, WatchHandlers, WriteResult } from './engine.ts';
import type { LogRow, RevisionLog } from './revision-log.ts';

type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected: number };

interface PendingWrite {
  op: WriteOp;
  resolve: (result: WriteResult) => void;
  reject: (err: unknown) => void;
}

interface Subscriber {
  start: string;
  end: string;
  handlers: WatchHandlers;
  revision: number;
  active: boolean;
}

const maxBatch = 1000;
const historyChunk = 1000;
const compactWindow = 1000;

/**
 * The newest row of recently read keys, least recently read first out (bounded in rows and in
 * value characters), so that a point read of the current revision (every GET, and the first read
 * of every update) skips SQLite.
 *
 * It is exactly as current as the log, not eventually: this engine is the log's only writer
 * (SqliteLog holds the file exclusively), every commit updates the rows it holds in the same
 * synchronous step that acknowledges the writes, and a failed transaction changes nothing.
 * Compaction deletes only superseded rows and tombstones; a held live row is never superseded
 * (it is the newest), and a held tombstone reads as "absent" whether or not it is still stored.
 * Reads at an older revision go to the log.
 */
class LatestRows {
  private readonly rows = new Map<string, LogRow>();
  private chars = 0;
  private readonly maxRows: number;
  private readonly maxChars: number;

  constructor(maxRows: number, maxChars: number) {
    this.maxRows = maxRows;
    this.maxChars = maxChars;
  }

  /** Returns the held newest row of `key`, marking it most recently read. */
  get(key: string): LogRow | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    // Map iteration order is insertion order: re-inserting keeps the eviction order LRU.
    this.rows.delete(key);
    this.rows.set(key, row);
    return row;
  }

  /** Holds `row` as the newest row of its key. */
  put(row: LogRow): void {
    const old = this.rows.get(row.key);
    if (old !== undefined) {
      this.chars -= old.value.length;
      this.rows.delete(row.key);
    }
    if (row.value.length > this.maxChars / 64) return;
    this.rows.set(row.key, row);
    this.chars += row.value.length;
    while (this.rows.size > this.maxRows || this.chars > this.maxChars) {
      const [key, evicted] = this.rows.entries().next().value as [string, LogRow];
      this.rows.delete(key);
      this.chars -= evicted.value.length;
    }
  }

  /** Replaces the held row of a key just written by `row`; keys not held are not added. */
  replace(row: LogRow): void {
    if (this.rows.has(row.key)) this.put(row);
  }

  clear(): void {
    this.rows.clear();
    this.chars = 0;
  }
}

/** Rows and value characters (UTF-16 code units) the SQLite engine keeps for point reads: at most about 16 MiB of values (one byte per character for ASCII JSON), a small share of the RSS budget. */
const latestRowsLimit = { rows: 10_000, chars: 16 * 1024 * 1024 };

/** Returns the KeyValue view of a live log row. */
function toKeyValue(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.createRevision, modRevision: row.revision };
}

/** Returns the engine event a log row represents, given the live row it replaced. */
function toEvent(row: LogRow, prev: LogRow | undefined): EngineEvent {
  const prevKv = prev && !prev.deleted ? toKeyValue(prev) : undefined;
  if (row.deleted) {
    return { type: 'delete', kv: { key: row.key, value: '', createRevision: row.createRevision, modRevision: row.revision }, prevKv };
  }
  return { type: 'put', kv: toKeyValue(row), prevKv };
}

/** LocalEngine serves the KVEngine contract from an in-process revision log. */
export class LocalEngine implements KVEngine {
  readonly kind: 'memory' | 'sqlite';
  private readonly log: RevisionLog;
  private revision: number;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;
  /** Only for SQLite: the memory log's own point read is already a map lookup. */
  private readonly latestRows: LatestRows | undefined;

  constructor(kind: 'memory' | 'sqlite', log: RevisionLog) {
    this.kind = kind;
    this.log = log;
    this.revision = log.lastRevision();
    this.latestRows = kind === 'sqlite' ? new LatestRows(latestRowsLimit.rows, latestRowsLimit.chars) : undefined;
  }

  async get(key: string, revision?: number): Promise<{ kv: KeyValue | undefined; revision: number }> {
    const at = this.readRevision(key, revision);
    const row = at === this.revision ? this.latestRow(key) : this.log.latest(key, at);
    return { kv: row && !row.deleted ? toKeyValue(row) : undefined, revision: at };
  }

  /** Returns the newest row of `key` (at the current revision), from the held rows when it can. */
  private latestRow(key: string): LogRow | undefined {
    if (!this.latestRows) return this.log.latest(key, this.revision);
    const held = this.latestRows.get(key);
    if (held !== undefined) return held;
    const row = this.log.latest(key, this.revision);
    if (row) this.latestRows.put(row);
    return row;
  }

  async range(start: string, end: string, opts: { revision?: number; limit?: number }): Promise<RangeResult> {
    const at = this.readRevision(start, opts.revision);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Number.MAX_SAFE_INTEGER;
    const rows = this.log.range(start, end, at, limit === Number.MAX_SAFE_INTEGER ? -1 : limit + 1);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    return { kvs: rows.map(toKeyValue), more, revision: at };
  }

  create(key: string, value: string): Promise<WriteResult> {
    return this.enqueue({ kind: 'create', key, value });
  }

  update(key: string, value: string, modRevision: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'update', key, value, expected: modRevision });
  }

  delete(key: string, modRevision: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'delete', key, expected: modRevision });
  }

  watch(start: string, end: string, afterRevision: number, handlers: WatchHandlers): EngineWatch {
    const sub: Subscriber = { start, end, handlers, revision: afterRevision, active: true };
    const compacted = this.log.compactedRevision();
    if (afterRevision < compacted) {
      sub.active = false;
      queueMicrotask(() => handlers.error(expired(start, afterRevision, compacted)));
    } else if (afterRevision > this.revision) {
      sub.active = false;
      queueMicrotask(() => handlers.error(tooLargeResourceVersion(start, afterRevision, this.revision)));
    } else {
      // Replay history and join the live stream in one synchronous step: no commit can land
      // in between, so nothing is missed or delivered twice.
      let after = afterRevision;
      for (;;) {
        const rows = this.log.history(start, end, after, historyChunk);
        if (rows.length > 0) {
          handlers.events(rows.map(({ row, prev }) => toEvent(row, prev)));
          after = (rows[rows.length - 1] as { row: LogRow }).row.revision;
        }
        if (rows.length < historyChunk) break;
      }
      sub.revision = this.revision;
      this.subscribers.add(sub);
    }
    return {
      progressRevision: () => (sub.active ? this.revision : sub.revision),
      cancel: () => {
        sub.active = false;
        this.subscribers.delete(sub);
      },
    };
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    return this.log.compactedRevision();
  }

  async compact(revision: number): Promise<void> {
    const from = this.log.compactedRevision();
    if (revision <= from) return;
    if (revision > this.revision) throw tooLargeResourceVersion('', revision, this.revision);
    // Refuse reads below the new floor first, then delete in windows so that a large
    // compaction never blocks the event loop for long (k3s-io/kine compacts in batches too).
    this.log.transaction(() => this.log.setCompactedRevision(revision));
    for (let lo = from; lo < revision && !this.closed; lo += compactWindow) {
      const hi = Math.min(lo + compactWindow, revision);
      this.log.transaction(() => this.log.compactWindow(lo, hi));
      if (hi < revision) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued writes commit: they may already be awaited by callers.
    while (this.pending.length > 0) this.flush();
    this.closed = true;
    this.latestRows?.clear();
    for (const sub of this.subscribers) sub.active = false;
    this.subscribers.clear();
    this.log.close();
  }

  private readRevision(key: string, revision: number | undefined): number {
    if (revision === undefined || revision <= 0) return this.revision;
    const compacted = this.log.compactedRevision();
    if (revision < compacted) throw expired(key, revision, compacted);
    if (revision > this.revision) throw tooLargeResourceVersion(key, revision, this.revision);
    return revision;
  }

  private enqueue(op: WriteOp): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new StorageError('Unreachable', op.key, 'storage is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          while (this.pending.length > 0) this.flush();
        });
      }
    });
  }

  /** Commits up to maxBatch queued writes in one transaction, then acknowledges and publishes. */
  private flush(): void {
    const batch = this.pending.splice(0, maxBatch);
    const results: WriteResult[] = [];
    const events: EngineEvent[] = [];
    const written: LogRow[] = [];
    let next = this.revision;
    try {
      this.log.transaction(() => {
        for (const { op } of batch) {
          const newest = this.log.latest(op.key, Number.MAX_SAFE_INTEGER);
          const live = newest && !newest.deleted ? newest : undefined;
          const matches = op.kind === 'create' ? live === undefined : live !== undefined && live.revision === op.expected;
          if (!matches) {
            results.push({ succeeded: false, current: live ? toKeyValue(live) : undefined, revision: next });
            continue;
          }
          next += 1;
          const row: LogRow =
            op.kind === 'create'
              ? { revision: next, key: op.key, createRevision: next, prevRevision: newest?.revision ?? 0, deleted: false, value: op.value }
              : op.kind === 'update'
                ? { revision: next, key: op.key, createRevision: (live as LogRow).createRevision, prevRevision: (live as LogRow).revision, deleted: false, value: op.value }
                : { revision: next, key: op.key, createRevision: (live as LogRow).createRevision, prevRevision: (live as LogRow).revision, deleted: true, value: '' };
          this.log.append(next, row);
          written.push(row);
          results.push({ succeeded: true, revision: next, prev: live ? toKeyValue(live) : undefined });
          events.push(toEvent(row, live));
        }
      });
    } catch (err) {
      // Nothing in the batch was committed, so nothing is acknowledged and no revision is used.
      const failure = new StorageError('Unreachable', batch[0]?.op.key ?? '', `storage write failed: ${(err as Error).message}`);
      for (const write of batch) write.reject(failure);
      return;
    }
    // Committed: the held rows move with the log before anyone learns of the new revision.
    if (this.latestRows) for (const row of written) this.latestRows.replace(row);
    this.revision = next;
    if (events.length > 0) this.publish(events);
    for (let i = 0; i < batch.length; i++) (batch[i] as PendingWrite).resolve(results[i] as WriteResult);
  }

  private publish(events: EngineEvent[]): void {
    for (const sub of this.subscribers) {
      if (!sub.active) continue;
      const matching = events.filter((e) => e.kv.key >= sub.start && e.kv.key < sub.end);
      sub.revision = this.revision;
      if (matching.length > 0) sub.handlers.events(matching);
    }
  }
}
