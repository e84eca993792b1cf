// storage: one Storage interface with etcd semantics and its backends (memory, sqlite, etcd).
export type {
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
  WatchSink,
} from './interface.ts';
export { StorageError, isStorageError, type StorageErrorCode } from './errors.ts';
export { openStorage, openEngine } from './open.ts';
export { Store, maxValueBytes, parseResourceVersion, type StoreOptions } from './store.ts';
export { mapWatcher, shareWatchObject } from './watchers.ts';
export { startCompactor, type CompactorOptions } from './compactor.ts';
export { prefixEnd } from './engine.ts';
