// Store: the Kubernetes storage semantics, written once over any KVEngine. Modelled on
// k8s.io/apiserver pkg/storage/etcd3/store.go: objects are stored as JSON without their
// resourceVersion, which is always the revision of the version read.

import type { KubeObject } from '../apimachinery/index.ts';
import { AsyncQueue } from './async-queue.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { type KeyValue, type KVEngine, type EngineEvent, prefixEnd } from './engine.ts';
import { StorageError, keyNotFound, tooLargeResourceVersion } from './errors.ts';
import { shareWatchObject } from './watchers.ts';
import type {
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  Preconditions,
  Storage,
  TryUpdate,
  UpdateOptions,
  WatchEvent,
  Watcher,
  WatchOptions,
} from './interface.ts';

/** The largest encoded object any backend stores: etcd's default request limit (1.5 MiB). */
export const maxValueBytes = 1.5 * 1024 * 1024;

/** How many undelivered events a watcher may buffer before it is closed as too slow. */
const defaultWatchBufferEvents = 100_000;
const listBatch = 1000;

/** Returns the revision a resourceVersion string names, or throws InvalidRequest. */
export function parseResourceVersion(key: string, resourceVersion: string | undefined): number | undefined {
  if (resourceVersion === undefined || resourceVersion === '') return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(resourceVersion)) {
    throw new StorageError('InvalidRequest', key, `invalid resource version: "${resourceVersion}"`);
  }
  return Number(resourceVersion);
}

/** Returns `obj` as stored: JSON without metadata.resourceVersion. */
function encode(key: string, obj: KubeObject): string {
  const value = JSON.stringify(obj.metadata ? { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } } : obj);
  if (value.length > maxValueBytes / 4 && Buffer.byteLength(value, 'utf8') > maxValueBytes) {
    throw new StorageError(
      'ValueTooLarge',
      key,
      `object is too large to be stored: ${Buffer.byteLength(value, 'utf8')} bytes exceeds the limit of ${maxValueBytes} bytes`,
    );
  }
  return value;
}

/** Returns the object stored in `value` with its resourceVersion set to `revision`. */
function decode(value: string, revision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.metadata = { ...obj.metadata, resourceVersion: String(revision) };
  return obj;
}

/** Returns `obj` with its resourceVersion set to `revision` (a copy of the metadata). */
function withRevision(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}

/** Throws Conflict unless `current` satisfies `preconditions` (the messages kube-apiserver uses). */
function checkPreconditions(key: string, current: KubeObject, preconditions: Preconditions | undefined): void {
  if (!preconditions) return;
  const meta = current.metadata ?? {};
  if (preconditions.uid !== undefined && preconditions.uid !== meta.uid) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid ?? ''}`,
    );
  }
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== meta.resourceVersion) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
    );
  }
}

/** What a change decodes to, computed at most once per engine event whatever the number of watchers. */
interface DecodedEvent {
  /** The new version (puts). */
  current?: KubeObject;
  /** The replaced version, with the change's revision. */
  prev?: KubeObject;
  /** The event of a watcher without a predicate. */
  unfiltered?: WatchEvent;
}

/** StoreOptions tune a Store. */
export interface StoreOptions {
  /** How many undelivered events a watcher may buffer before it is closed as too slow (default 100,000). */
  watchBufferEvents?: number;
}

/** Store implements Storage over a KVEngine. */
export class Store implements Storage {
  readonly backend: 'memory' | 'sqlite' | 'etcd';
  private readonly engine: KVEngine;
  private readonly watchers = new Set<() => void>();
  private readonly watchBufferEvents: number;
  /**
   * Decodes per engine event. The local engines hand the same event objects to every
   * subscriber of a commit, so a thousand watchers of one resource decode each change once.
   */
  private readonly decoded = new WeakMap<EngineEvent, DecodedEvent>();

  constructor(engine: KVEngine, opts: StoreOptions = {}) {
    this.engine = engine;
    this.backend = engine.kind;
    this.watchBufferEvents = opts.watchBufferEvents ?? defaultWatchBufferEvents;
  }

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    const value = encode(key, obj);
    const result = await this.engine.create(key, value);
    if (!result.succeeded) throw new StorageError('KeyExists', key, `key exists: ${key}`, result.revision);
    return withRevision(obj, result.revision);
  }

  async get(key: string, opts: GetOptions = {}): Promise<KubeObject> {
    const minimum = parseResourceVersion(key, opts.resourceVersion);
    // "0" means any version and "N" not older than N: the latest always satisfies both.
    const { kv, revision } = await this.engine.get(key);
    if (minimum !== undefined && minimum > revision) throw tooLargeResourceVersion(key, minimum, revision);
    if (!kv) throw keyNotFound(key, revision);
    return decode(kv.value, kv.modRevision);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const match = opts.resourceVersionMatch ?? '';
    const requested = parseResourceVersion(prefix, opts.resourceVersion);
    let start = prefix;
    const end = prefixEnd(prefix);
    // The revision to read at; undefined = the current one (fixed by the first range read).
    let at: number | undefined;
    let minimum: number | undefined;
    if (opts.continue) {
      // api-concepts: a continue token carries its own revision; combining it with a
      // resourceVersion or resourceVersionMatch is a bad request.
      if ((requested !== undefined && requested !== 0) || match !== '') {
        throw new StorageError('InvalidRequest', prefix, 'specifying resource version is not allowed when using continue');
      }
      const token = decodeContinue(prefix, opts.continue);
      at = token.revision;
      start = token.startKey;
      const compacted = await this.engine.compactedRevision();
      if (at < compacted) {
        throw new StorageError(
          'Expired',
          prefix,
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          compacted,
        );
      }
    } else if (match === 'Exact') {
      if (requested === undefined || requested === 0) {
        throw new StorageError('InvalidRequest', prefix, 'resourceVersionMatch "Exact" requires a resourceVersion other than "0"');
      }
      at = requested;
    } else if (match === 'NotOlderThan') {
      if (requested === undefined) {
        throw new StorageError('InvalidRequest', prefix, 'resourceVersionMatch "NotOlderThan" requires a resourceVersion');
      }
      minimum = requested;
    } else if (match !== '') {
      throw new StorageError('InvalidRequest', prefix, `invalid resourceVersionMatch "${match}"`);
    } else if (requested !== undefined && requested > 0) {
      // Legacy semantics: with a limit, resourceVersion=N is an exact read; without, not older.
      if (limit > 0) at = requested;
      else minimum = requested;
    }

    const items: KubeObject[] = [];
    const keys: string[] = [];
    let lastKey: string | undefined;
    let more = false;
    for (;;) {
      const want = limit > 0 ? Math.max(limit - items.length, opts.predicate ? listBatch : 0) : listBatch;
      const page = await this.engine.range(start, end, { revision: at, limit: want });
      if (at === undefined) {
        at = page.revision;
        if (minimum !== undefined && minimum > at) throw tooLargeResourceVersion(prefix, minimum, at);
      }
      let i = 0;
      for (; i < page.kvs.length; i++) {
        if (limit > 0 && items.length >= limit) break;
        const kv = page.kvs[i] as KeyValue;
        lastKey = kv.key;
        const obj = decode(kv.value, kv.modRevision);
        if (!opts.predicate || opts.predicate(obj)) {
          items.push(obj);
          keys.push(kv.key);
        }
      }
      const leftover = i < page.kvs.length;
      if (limit > 0 && items.length >= limit) {
        more = leftover || page.more;
        break;
      }
      if (!page.more) break;
      start = (lastKey as string) + '\0';
    }
    const result: ListResult = { items, keys, resourceVersion: String(at) };
    if (more && lastKey !== undefined) result.continue = encodeContinue(prefix, lastKey + '\0', at as number);
    return result;
  }

  async guaranteedUpdate(key: string, tryUpdate: TryUpdate, opts: UpdateOptions = {}): Promise<KubeObject> {
    let { kv } = await this.engine.get(key);
    for (;;) {
      if (!kv && !opts.ignoreNotFound) throw keyNotFound(key);
      const current = kv ? decode(kv.value, kv.modRevision) : undefined;
      if (current) checkPreconditions(key, current, opts.preconditions);
      const updated = await tryUpdate(current);
      const value = encode(key, updated);
      // k8s storage correctness: an update that changes nothing keeps the resourceVersion and
      // emits no event.
      if (kv && value === kv.value) return withRevision(updated, kv.modRevision);
      const result = kv ? await this.engine.update(key, value, kv.modRevision) : await this.engine.create(key, value);
      if (result.succeeded) return withRevision(updated, result.revision);
      kv = result.current;
    }
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    let { kv } = await this.engine.get(key);
    for (;;) {
      if (!kv) throw keyNotFound(key);
      const current = decode(kv.value, kv.modRevision);
      checkPreconditions(key, current, opts.preconditions);
      await opts.validateDeletion?.(current);
      const result = await this.engine.delete(key, kv.modRevision);
      if (result.succeeded) return withRevision(current, result.revision);
      kv = result.current;
    }
  }

  watch(key: string, opts: WatchOptions = {}): Watcher {
    const recursive = opts.recursive ?? false;
    const start = key;
    const end = recursive ? prefixEnd(key) : key + '\0';
    const predicate = opts.predicate;
    let stopped = false;
    let engineWatch: { progressRevision(): number; cancel(): void } | undefined;
    let bookmarkTimer: ReturnType<typeof setInterval> | undefined;
    let lastSent = 0;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      engineWatch?.cancel();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      this.watchers.delete(stop);
    };
    const queue = new AsyncQueue<WatchEvent>(
      this.watchBufferEvents,
      () => {
        // The consumer fell too far behind: end its watch instead of buffering without bound
        // (etcd #17529 lost events here); the client re-watches from its last resourceVersion.
        queue.fail(new StorageError('WatchClosed', key, 'watch closed: the client is not reading events fast enough'));
        stop();
      },
      // A listener that threw has ended its own watch (the queue failed with its error).
      stop,
    );
    this.watchers.add(stop);
    const send = (event: WatchEvent, revision: number): void => {
      if (stopped) return;
      lastSent = Math.max(lastSent, revision);
      queue.push(event);
    };
    const onEvents = (events: EngineEvent[]): void => {
      for (const event of events) {
        const translated = this.translateEvent(event, predicate);
        if (translated) send(translated, event.kv.modRevision);
      }
    };
    const begin = async (): Promise<void> => {
      const requested = parseResourceVersion(key, opts.resourceVersion);
      const initial = opts.sendInitialEvents ?? (requested === undefined || requested === 0);
      let after: number;
      if (initial) {
        // Synthetic ADDED events for the state at one revision, then every change after it.
        const minimum = requested && requested > 0 ? requested : undefined;
        after = await this.sendInitialState(start, end, recursive, predicate, minimum, (obj, key, rev) =>
          send(shareWatchObject({ type: 'ADDED', object: obj, key }), rev),
        );
        if (opts.bookmarks && opts.sendInitialEvents) {
          send({ type: 'BOOKMARK', resourceVersion: String(after), initialEventsEnd: true }, after);
        }
      } else {
        after = requested as number;
      }
      lastSent = Math.max(lastSent, after);
      if (stopped) return;
      engineWatch = this.engine.watch(start, end, after, {
        events: onEvents,
        error: (err) => {
          queue.fail(err instanceof StorageError ? err : new StorageError('Unreachable', key, err.message));
          stop();
        },
      });
      if (stopped) engineWatch.cancel();
      if (opts.bookmarks) {
        bookmarkTimer = setInterval(() => {
          const progress = engineWatch?.progressRevision() ?? 0;
          if (progress > lastSent) send({ type: 'BOOKMARK', resourceVersion: String(progress) }, progress);
        }, opts.bookmarkIntervalMs ?? 60_000);
        bookmarkTimer.unref?.();
      }
    };
    begin().catch((err: unknown) => {
      queue.fail(err instanceof StorageError ? err : new StorageError('Unreachable', key, (err as Error).message));
      stop();
    });
    return {
      stop: () => {
        stop();
        queue.end();
      },
      listen: (sink) =>
        queue.listen({
          next: (event) => sink.event(event),
          end: (err) => sink.end(err),
        }),
      pause: () => queue.pause(),
      resume: () => queue.resume(),
      [Symbol.asyncIterator]: () => queue,
    };
  }

  currentRevision(): Promise<number> {
    return this.engine.currentRevision();
  }

  compactedRevision(): Promise<number> {
    return this.engine.compactedRevision();
  }

  compact(revision: number): Promise<void> {
    return this.engine.compact(revision);
  }

  async close(): Promise<void> {
    for (const stop of [...this.watchers]) stop();
    await this.engine.close();
  }

  /** Lists the range at the current revision, passing each object to `emit`; returns the revision. */
  private async sendInitialState(
    start: string,
    end: string,
    recursive: boolean,
    predicate: ((obj: KubeObject) => boolean) | undefined,
    minimum: number | undefined,
    emit: (obj: KubeObject, key: string, revision: number) => void,
  ): Promise<number> {
    let at: number | undefined;
    let from = start;
    for (;;) {
      const page = await this.engine.range(from, end, { revision: at, limit: recursive ? listBatch : 1 });
      if (at === undefined) {
        at = page.revision;
        if (minimum !== undefined && minimum > at) throw tooLargeResourceVersion(start, minimum, at);
      }
      for (const kv of page.kvs) {
        const obj = decode(kv.value, kv.modRevision);
        if (!predicate || predicate(obj)) emit(obj, kv.key, at);
      }
      if (!page.more || page.kvs.length === 0) return at;
      from = (page.kvs[page.kvs.length - 1] as KeyValue).key + '\0';
    }
  }

  /**
   * Returns the watch event a change is for a watcher with `predicate`, or undefined. An
   * object that stops matching is DELETED for that watcher and one that starts matching is
   * ADDED (k8s.io/apiserver pkg/storage/etcd3/watcher.go transform). The objects are decoded
   * once per change, not once per watcher, and shared by every watcher that receives it.
   */
  private translateEvent(event: EngineEvent, predicate: ((obj: KubeObject) => boolean) | undefined): WatchEvent | undefined {
    const key = event.kv.key;
    const decoded = this.decodedOf(event);
    if (event.type === 'delete') {
      const prev = this.previousOf(event, decoded);
      if (!prev) return undefined;
      if (!predicate) return (decoded.unfiltered ??= shareWatchObject({ type: 'DELETED', object: prev, key }));
      return predicate(prev) ? { type: 'DELETED', object: prev, key } : undefined;
    }
    const current = (decoded.current ??= shareWatchObject(decode(event.kv.value, event.kv.modRevision)));
    if (!predicate) return (decoded.unfiltered ??= shareWatchObject({ type: event.prevKv ? 'MODIFIED' : 'ADDED', object: current, key }));
    const curMatches = predicate(current);
    const prev = this.previousOf(event, decoded);
    if (!prev) return curMatches ? { type: 'ADDED', object: current, key } : undefined;
    const prevMatches = predicate(prev);
    if (curMatches && prevMatches) return { type: 'MODIFIED', object: current, key };
    if (curMatches) return { type: 'ADDED', object: current, key };
    if (prevMatches) return { type: 'DELETED', object: prev, key };
    return undefined;
  }

  /** Returns the decodes of a change, shared by every watcher the engine hands the same event to. */
  private decodedOf(event: EngineEvent): DecodedEvent {
    let decoded = this.decoded.get(event);
    if (!decoded) {
      decoded = {};
      this.decoded.set(event, decoded);
    }
    return decoded;
  }

  /** Returns the version a change replaced, with the change's revision (what a DELETED event carries). */
  private previousOf(event: EngineEvent, decoded: DecodedEvent): KubeObject | undefined {
    if (!event.prevKv) return undefined;
    return (decoded.prev ??= shareWatchObject(decode(event.prevKv.value, event.kv.modRevision)));
  }
}
