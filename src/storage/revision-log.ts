// RevisionLog: the synchronous, kine-style append-only log behind the embedded backends (memory
// and SQLite). Every write appends a row whose id is the next global revision; a delete appends
// a tombstone; the current state of a key is its newest row (k3s-io/kine pkg/drivers/generic).

/** LogRow is one row of the log: one version of one key, or its tombstone. */
export interface LogRow {
  revision: number;
  key: string;
  createRevision: number;
  /** Revision of the row this one replaced (0 for a first create). */
  prevRevision: number;
  deleted: boolean;
  value: string;
}

/** HistoryRow is a row with the live version it replaced, for watch replay. */
export interface HistoryRow {
  row: LogRow;
  prev: LogRow | undefined;
}

/** NewRow is a row to append; createRevision 0 means "the revision of this row". */
export type NewRow = Omit<LogRow, 'revision'>;

/** RevisionLog is implemented by each embedded backend. Every method is synchronous. */
export interface RevisionLog {
  /** Returns the newest revision ever committed (never decreases, even after compaction). */
  lastRevision(): number;
  /** Returns the revision history is compacted to (reads below it are refused). */
  compactedRevision(): number;
  /** Returns the newest row of `key` with revision ≤ `at`, tombstones included. */
  latest(key: string, at: number): LogRow | undefined;
  /** Returns up to `limit` live rows with start ≤ key < end as of revision `at`, in key order. */
  range(start: string, end: string, at: number, limit: number): LogRow[];
  /** Returns up to `limit` rows with revision > `after` and start ≤ key < end, in revision order. */
  history(start: string, end: string, after: number, limit: number): HistoryRow[];
  /** Runs `fn` in one durable write transaction; rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  /** Appends a row as revision `revision` (only inside transaction()). */
  append(revision: number, row: NewRow): void;
  /** Records that reads below `revision` are refused from now on. */
  setCompactedRevision(revision: number): void;
  /** Deletes superseded rows and tombstones with from < revision ≤ to; returns rows deleted. */
  compactWindow(from: number, to: number): number;
  close(): void;
}
