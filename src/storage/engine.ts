// The contract a backend implements: a small subset of etcd's v3 KV API (ranges at a revision,
// compare-and-swap on mod revision, watches with previous values, compaction). The generic
// Store (store.ts) builds the Kubernetes storage semantics on top of it once, for every backend,
// as kine does for SQL (k3s-io/kine pkg/server: only the transaction shapes the apiserver sends).

/** KeyValue is one version of a key. Revisions are the store's global revision counter. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision at which this key was (last) created. */
  createRevision: number;
  /** Revision of the write that produced this version. */
  modRevision: number;
}

/** RangeResult is a snapshot read: the versions live at `revision`, in key order. */
export interface RangeResult {
  kvs: KeyValue[];
  /** Whether keys beyond `limit` remain in the range. */
  more: boolean;
  /** The revision the read was served at. */
  revision: number;
}

/** WriteResult reports a compare-and-swap: either the new revision, or the current version. */
export type WriteResult =
  | { succeeded: true; revision: number; prev?: KeyValue }
  | { succeeded: false; current: KeyValue | undefined; revision: number };

/** EngineEvent is one committed change. For a delete, `kv.modRevision` is the delete's revision. */
export interface EngineEvent {
  type: 'put' | 'delete';
  kv: KeyValue;
  /** The version this change replaced (absent for a first create). */
  prevKv?: KeyValue;
}

/** WatchHandlers receive a watch's events in revision order, exactly once. */
export interface WatchHandlers {
  events(events: EngineEvent[]): void;
  /** The watch ended with an error (Expired when its start revision was compacted). */
  error(err: Error): void;
}

/** EngineWatch is a running watch. */
export interface EngineWatch {
  /** Returns a revision R such that every event ≤ R in the range has been delivered. */
  progressRevision(): number;
  cancel(): void;
}

/** KVEngine is what a storage backend implements. All methods may throw StorageError. */
export interface KVEngine {
  readonly kind: 'memory' | 'sqlite' | 'etcd';
  /** Returns the latest version of `key` at `revision` (default: current). */
  get(key: string, revision?: number): Promise<{ kv: KeyValue | undefined; revision: number }>;
  /** Returns live versions with start ≤ key < end at `revision` (default: current). */
  range(start: string, end: string, opts: { revision?: number; limit?: number }): Promise<RangeResult>;
  /** Writes `key` if it does not exist. */
  create(key: string, value: string): Promise<WriteResult>;
  /** Writes `key` if its current mod revision is `modRevision`. */
  update(key: string, value: string, modRevision: number): Promise<WriteResult>;
  /** Deletes `key` if its current mod revision is `modRevision`. */
  delete(key: string, modRevision: number): Promise<WriteResult>;
  /** Watches start ≤ key < end for changes after `afterRevision`. */
  watch(start: string, end: string, afterRevision: number, handlers: WatchHandlers): EngineWatch;
  /** Returns the current revision of the store. */
  currentRevision(): Promise<number>;
  /** Returns the revision history has been compacted to (0 if never). */
  compactedRevision(): Promise<number>;
  /** Discards history at and before `revision`. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

/** Returns the exclusive end of the key range that holds every key starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  // Keys are ASCII paths; incrementing the last code unit gives the first key past the prefix.
  if (prefix.length === 0) return '\u{10FFFF}';
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
