// The Storage interface: Kubernetes storage semantics (k8s.io/apiserver pkg/storage/interfaces.go)
// over one global revision counter. resourceVersion is that revision as a decimal string.

import type { KubeObject } from '../apimachinery/index.ts';

/** Preconditions a write checks against the stored object (409 Conflict when they fail). */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** GetOptions select which version of a key a get returns. */
export interface GetOptions {
  /** "" = most recent; "0" = any; "N" = not older than N. */
  resourceVersion?: string;
}

/** ListOptions follow the api-concepts "Resource versions" table for list. */
export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | '';
  /** Page size; 0 or absent = everything. */
  limit?: number;
  /** Token from a previous page; the page is read at that page's revision. */
  continue?: string;
  /** Keeps only objects for which it returns true (label and field selectors). */
  predicate?: (obj: KubeObject) => boolean;
}

/** ListResult is one consistent page. */
export interface ListResult {
  items: KubeObject[];
  /** The storage key of each item, in the same order. */
  keys: string[];
  resourceVersion: string;
  continue?: string;
}

/** WatchOptions follow the api-concepts "Efficient detection of changes" rules. */
export interface WatchOptions {
  /** "" or "0" = start with the current state; "N" = changes after N. */
  resourceVersion?: string;
  /** Watch every key under the prefix instead of one key. */
  recursive?: boolean;
  predicate?: (obj: KubeObject) => boolean;
  /**
   * Start with synthetic ADDED events for the current state. Defaults to true when
   * resourceVersion is "" or "0", false otherwise (legacy watch semantics).
   */
  sendInitialEvents?: boolean;
  /** Send BOOKMARK events; with sendInitialEvents, one marks the end of the initial events. */
  bookmarks?: boolean;
  /** How often to send a BOOKMARK when no event advanced the revision (default 60 s). */
  bookmarkIntervalMs?: number;
}

/**
 * WatchEvent is one event of a watch, in revision order. The event and its object may be shared
 * by every watcher that receives the same change (decoded once, not once per watcher): read
 * them, never mutate them; copy first to change anything. Tests run with
 * LOFT_FREEZE_WATCH_OBJECTS=1, which deep-freezes them so that a mutation throws.
 */
export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject; key: string }
  | { type: 'BOOKMARK'; resourceVersion: string; initialEventsEnd?: boolean };

/** WatchSink receives a watch's events as they happen (Watcher.listen). */
export interface WatchSink {
  /** Receives the next event, synchronously and in order. Throwing ends the watch with that error. */
  event(event: WatchEvent): void;
  /**
   * The watch ended, after every event before it: with `err` when it failed (as the iteration
   * would throw it), without after stop(). Called once.
   */
  end(err?: unknown): void;
}

/**
 * Watcher is a running watch: iterate its events, or listen to them, and stop it when done.
 * The iteration throws (and a sink's end gets) a StorageError when the watch fails (Expired
 * for a compacted start revision, WatchClosed for a consumer that fell behind); the client
 * then re-lists or re-watches. Events wait in a bounded buffer while the consumer is behind
 * (not iterating, or paused); a consumer that falls too far behind gets WatchClosed, never a
 * silent gap.
 */
export interface Watcher extends AsyncIterable<WatchEvent> {
  /** Ends the watch; events already buffered are still delivered, then the end. */
  stop(): void;
  /**
   * Hands every event to `sink` synchronously as it happens instead of through iteration (a
   * watch has one consumer: listen once, or iterate).
   */
  listen(sink: WatchSink): void;
  /** Buffers events instead of handing them to the sink, until resume() (the sink's flow control). */
  pause(): void;
  /** Hands the buffered events to the sink, then new ones as they happen. */
  resume(): void;
}

/** TryUpdate computes the new object from the current one (undefined when creating). */
export type TryUpdate = (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

/** UpdateOptions control guaranteedUpdate. */
export interface UpdateOptions {
  preconditions?: Preconditions;
  /** Call tryUpdate with undefined and create the key when it does not exist. */
  ignoreNotFound?: boolean;
}

/** DeleteOptions control delete. */
export interface DeleteOptions {
  preconditions?: Preconditions;
  /** Checked against the current object just before it is deleted; throw to refuse. */
  validateDeletion?: (current: KubeObject) => void | Promise<void>;
}

/** Storage is the one interface every backend serves (memory, sqlite, etcd). */
export interface Storage {
  /** Which backend this is. */
  readonly backend: 'memory' | 'sqlite' | 'etcd';
  /** Stores `obj` at `key`; throws KeyExists if the key exists. Returns it with resourceVersion. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;
  /** Returns the object at `key`; throws KeyNotFound. */
  get(key: string, opts?: GetOptions): Promise<KubeObject>;
  /** Returns the objects under `prefix` (which ends with "/"), one consistent snapshot per list. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /**
   * Reads the object, applies `tryUpdate`, and writes the result if the object did not change
   * meanwhile, retrying on conflict. A result identical to the stored object is not written:
   * the resourceVersion stays and no event is sent.
   */
  guaranteedUpdate(key: string, tryUpdate: TryUpdate, opts?: UpdateOptions): Promise<KubeObject>;
  /** Deletes the object at `key` and returns its last state; throws KeyNotFound. */
  delete(key: string, opts?: DeleteOptions): Promise<KubeObject>;
  /** Watches one key, or every key under a prefix with `recursive`. */
  watch(key: string, opts?: WatchOptions): Watcher;
  /** Returns the current revision. */
  currentRevision(): Promise<number>;
  /** Returns the revision history is compacted to. */
  compactedRevision(): Promise<number>;
  /** Discards history at and before `revision`; older reads and watches fail with Expired. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
