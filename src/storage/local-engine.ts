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

  constructor(kind: 'memory' | 'sqlite', log: RevisionLog) {
    this.kind = kind;
    this.log = log;
    this.revision = log.lastRevision();
  }

  async get(key: string, revision?: number): Promise<{ kv: KeyValue | undefined; revision: number }> {
    const at = this.readRevision(key, revision);
    const row = this.log.latest(key, at);
    return { kv: row && !row.deleted ? toKeyValue(row) : undefined, revision: at };
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
