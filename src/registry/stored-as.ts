// A kind stored as another kind: ProjectSecret is kept as a core Secret in the project namespace
// (loft-platform-api.md §2.8), so the data lives in one place and either API shows it. The
// adapter wraps Storage: keys of the served kind map to keys of the stored kind, objects are
// converted on every read and write, and stored objects that are not of the served kind (plain
// Secrets) are invisible through it.

import type { KubeObject } from '../apimachinery/index.ts';
import type { DeleteOptions, GetOptions, ListOptions, ListResult, Storage, TryUpdate, UpdateOptions, Watcher, WatchOptions } from '../storage/index.ts';
import { mapWatcher, shareWatchObject, StorageError } from '../storage/index.ts';

/** How a served kind maps onto the kind it is stored as. */
export interface StoredAs {
  /** Group ("" for core) and plural of the stored kind. */
  group: string;
  resource: string;
  /** Returns the stored object for a served one. */
  toStored(obj: KubeObject): KubeObject;
  /** Returns the served object for a stored one, or undefined if it is not one of them. */
  fromStored(stored: KubeObject): KubeObject | undefined;
}

/** Returns `storage` seen through `mapping` for keys of the served resource `servedSegment` ("<group>/<resource>"). */
export function storedAsStorage(storage: Storage, servedSegment: string, mapping: StoredAs): Storage {
  const storedSegment = `${mapping.group || 'core'}/${mapping.resource}`;
  // Keys are /registry/<cluster>/<group>/<resource>/...: swap the group/resource segment.
  const mapKey = (key: string): string => {
    const parts = key.split('/');
    if (`${parts[3]}/${parts[4]}` !== servedSegment) return key;
    const [group, resource] = storedSegment.split('/') as [string, string];
    parts[3] = group;
    parts[4] = resource;
    return parts.join('/');
  };
  const toServed = (key: string, stored: KubeObject): KubeObject => {
    const served = mapping.fromStored(stored);
    if (!served) throw new StorageError('KeyNotFound', key, `key not found: ${key}`);
    return served;
  };
  const isServed = (obj: KubeObject): boolean => mapping.fromStored(obj) !== undefined;
  return {
    backend: storage.backend,
    async create(key, obj) {
      return toServed(key, await storage.create(mapKey(key), mapping.toStored(obj)));
    },
    async get(key, opts?: GetOptions) {
      return toServed(key, await storage.get(mapKey(key), opts));
    },
    async list(prefix, opts: ListOptions = {}): Promise<ListResult> {
      const predicate = opts.predicate;
      const result = await storage.list(mapKey(prefix), {
        ...opts,
        predicate: (stored) => {
          const served = mapping.fromStored(stored);
          return served !== undefined && (!predicate || predicate(served));
        },
      });
      return { ...result, items: result.items.map((item, i) => toServed(result.keys[i] as string, item)) };
    },
    async guaranteedUpdate(key, tryUpdate: TryUpdate, opts?: UpdateOptions) {
      const updated = await storage.guaranteedUpdate(
        mapKey(key),
        async (current) => {
          if (current && !isServed(current)) throw new StorageError('KeyNotFound', key, `key not found: ${key}`);
          return mapping.toStored(await tryUpdate(current ? toServed(key, current) : undefined));
        },
        opts,
      );
      return toServed(key, updated);
    },
    async delete(key, opts: DeleteOptions = {}) {
      const deleted = await storage.delete(mapKey(key), {
        ...opts,
        validateDeletion: async (current) => {
          if (!isServed(current)) throw new StorageError('KeyNotFound', key, `key not found: ${key}`);
          await opts.validateDeletion?.(toServed(key, current));
        },
      });
      return toServed(key, deleted);
    },
    watch(key, opts: WatchOptions = {}): Watcher {
      const predicate = opts.predicate;
      const inner = storage.watch(mapKey(key), {
        ...opts,
        predicate: (stored) => {
          const served = mapping.fromStored(stored);
          return served !== undefined && (!predicate || predicate(served));
        },
      });
      // The stored event is shared with the watchers of the stored kind (and the controllers):
      // fromStored builds a new object and leaves it as it is.
      return mapWatcher(inner, (event) => (event.type === 'BOOKMARK' ? event : { ...event, object: shareWatchObject(toServed(event.key, event.object)) }));
    },
    currentRevision: () => storage.currentRevision(),
    compactedRevision: () => storage.compactedRevision(),
    compact: (revision) => storage.compact(revision),
    close: () => storage.close(),
  };
}
