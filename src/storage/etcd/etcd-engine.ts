// etcd://HOST:PORT[,HOST:PORT] — the KVEngine over etcd's v3 API (the `etcd3` client over
// gRPC). Revisions, compare-and-swap and watches are etcd's own, as in kube-apiserver's etcd3
// store (k8s.io/apiserver pkg/storage/etcd3/store.go): create compares create_revision = 0,
// update and delete compare mod_revision.

import { Etcd3, type IKeyValue, type IResponseOp, type IWatchResponse, type Watcher } from 'etcd3';
import { StorageError, tooLargeResourceVersion } from '../errors.ts';
import type { EngineEvent, EngineWatch, KeyValue, KVEngine, RangeResult, WatchHandlers, WriteResult } from '../engine.ts';

/** Options of the etcd engine. */
export interface EtcdEngineOptions {
  /** etcd client endpoints, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  /** Prepended to every key, so several stores can share one etcd (tests do). */
  keyPrefix?: string;
  /** Per-call deadline. */
  timeoutMs?: number;
}

/** Returns the StorageError an etcd client error stands for. */
function translate(err: unknown, key: string, requested = 0): StorageError {
  if (err instanceof StorageError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (message.includes('required revision has been compacted')) {
    return new StorageError('Expired', key, `too old resource version: ${requested}`, requested);
  }
  if (message.includes('required revision is a future revision')) {
    return new StorageError('TooLargeResourceVersion', key, `Too large resource version: ${requested}`, requested);
  }
  if (message.includes('request is too large')) {
    return new StorageError('ValueTooLarge', key, 'etcdserver: request is too large');
  }
  return new StorageError('Unreachable', key, `etcd: ${message}`);
}

/** EtcdEngine implements the engine contract against an etcd v3 cluster. */
export class EtcdEngine implements KVEngine {
  readonly kind = 'etcd' as const;
  private readonly client: Etcd3;
  private readonly prefix: string;
  private compacted = 0;

  constructor(options: EtcdEngineOptions) {
    this.client = new Etcd3({ hosts: options.endpoints, dialTimeout: options.timeoutMs ?? 10_000 });
    this.prefix = options.keyPrefix ?? '';
  }

  async get(key: string, revision?: number): Promise<{ kv: KeyValue | undefined; revision: number }> {
    try {
      const res = await this.client.kv.range({ key: this.encodeKey(key), revision: revision ?? 0 });
      const kv = res.kvs[0];
      return { kv: kv ? this.toKeyValue(kv) : undefined, revision: revision || Number(res.header.revision) };
    } catch (err) {
      throw translate(err, key, revision);
    }
  }

  async range(start: string, end: string, opts: { revision?: number; limit?: number }): Promise<RangeResult> {
    try {
      const res = await this.client.kv.range({
        key: this.encodeKey(start),
        range_end: this.encodeKey(end),
        revision: opts.revision ?? 0,
        limit: opts.limit ?? 0,
      });
      return {
        kvs: res.kvs.map((kv) => this.toKeyValue(kv)),
        more: res.more,
        revision: opts.revision || Number(res.header.revision),
      };
    } catch (err) {
      throw translate(err, start, opts.revision);
    }
  }

  create(key: string, value: string): Promise<WriteResult> {
    return this.compareAndPut(key, value, { target: 'Create', create_revision: 0 });
  }

  update(key: string, value: string, modRevision: number): Promise<WriteResult> {
    return this.compareAndPut(key, value, { target: 'Mod', mod_revision: modRevision });
  }

  async delete(key: string, modRevision: number): Promise<WriteResult> {
    const encoded = this.encodeKey(key);
    try {
      const res = await this.client.kv.txn({
        compare: [{ key: encoded, result: 'Equal', target: 'Mod', mod_revision: modRevision }],
        success: [{ request_delete_range: { key: encoded, prev_kv: true } }],
        failure: [{ request_range: { key: encoded } }],
      });
      const revision = Number(res.header.revision);
      if (res.succeeded) {
        const prev = res.responses[0]?.response_delete_range?.prev_kvs?.[0];
        return { succeeded: true, revision, prev: prev ? this.toKeyValue(prev) : undefined };
      }
      return { succeeded: false, current: this.firstKv(res.responses), revision };
    } catch (err) {
      throw translate(err, key);
    }
  }

  watch(start: string, end: string, afterRevision: number, handlers: WatchHandlers): EngineWatch {
    let progress = afterRevision;
    let watcher: Watcher | undefined;
    let stopped = false;
    const fail = (err: StorageError): void => {
      if (stopped) return;
      stopped = true;
      void watcher?.cancel().catch(() => undefined);
      handlers.error(err);
    };
    const begin = async (): Promise<void> => {
      // etcd reports a compacted start revision only by cancelling the watch; a read at the
      // start revision tells Expired apart from other failures first.
      if (afterRevision > 0) await this.get(start, afterRevision);
      if (stopped) return;
      watcher = await this.client
        .watch()
        .inRange({ start: this.encodeKey(start), end: this.encodeKey(end) })
        .withPreviousKV()
        .startRevision(String(afterRevision + 1))
        .create();
      watcher.on('data', (res: IWatchResponse) => {
        if (stopped) return;
        const events: EngineEvent[] = [];
        for (const ev of res.events) {
          const kv = this.toKeyValue(ev.kv);
          const prevKv = ev.prev_kv ? this.toKeyValue(ev.prev_kv) : undefined;
          events.push({ type: ev.type === 'Delete' ? 'delete' : 'put', kv, prevKv });
          progress = Math.max(progress, kv.modRevision);
        }
        // A progress notification (no events) promises every event up to its revision.
        if (res.events.length === 0) progress = Math.max(progress, Number(res.header.revision));
        if (events.length > 0) handlers.events(events);
      });
      // The client library would silently resume after a reconnect from a revision it guessed;
      // end the watch instead so the caller re-watches from the last revision it saw.
      watcher.on('disconnected', (err: Error) => fail(translate(err, start)));
      watcher.on('error', (err: Error) => {
        void this.get(start, afterRevision + 1).then(
          () => fail(translate(err, start)),
          (readErr: unknown) => fail(translate(readErr, start, afterRevision)),
        );
      });
    };
    begin().catch((err: unknown) => fail(translate(err, start, afterRevision)));
    return {
      progressRevision: () => progress,
      cancel: () => {
        stopped = true;
        void watcher?.cancel().catch(() => undefined);
      },
    };
  }

  async currentRevision(): Promise<number> {
    try {
      const res = await this.client.kv.range({ key: this.encodeKey('\0'), count_only: true });
      return Number(res.header.revision);
    } catch (err) {
      throw translate(err, '');
    }
  }

  async compactedRevision(): Promise<number> {
    return this.compacted;
  }

  async compact(revision: number): Promise<void> {
    if (revision <= this.compacted) return;
    const current = await this.currentRevision();
    if (revision > current) throw tooLargeResourceVersion('', revision, current);
    try {
      await this.client.kv.compact({ revision, physical: true });
    } catch (err) {
      const translated = translate(err, '', revision);
      // Another client compacted further already: the floor is at least `revision`.
      if (translated.code !== 'Expired') throw translated;
    }
    this.compacted = revision;
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async compareAndPut(key: string, value: string, compare: Record<string, unknown>): Promise<WriteResult> {
    const encoded = this.encodeKey(key);
    try {
      const res = await this.client.kv.txn({
        compare: [{ key: encoded, result: 'Equal', ...compare }],
        success: [{ request_put: { key: encoded, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
        failure: [{ request_range: { key: encoded } }],
      });
      const revision = Number(res.header.revision);
      if (res.succeeded) {
        const prev = res.responses[0]?.response_put?.prev_kv;
        return { succeeded: true, revision, prev: prev ? this.toKeyValue(prev) : undefined };
      }
      return { succeeded: false, current: this.firstKv(res.responses), revision };
    } catch (err) {
      throw translate(err, key);
    }
  }

  private firstKv(responses: IResponseOp[]): KeyValue | undefined {
    const kv = responses[0]?.response_range?.kvs?.[0];
    return kv ? this.toKeyValue(kv) : undefined;
  }

  private encodeKey(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  private toKeyValue(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString('utf8').slice(this.prefix.length),
      value: kv.value ? kv.value.toString('utf8') : '',
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }
}

