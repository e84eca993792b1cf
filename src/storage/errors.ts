// Storage errors are values with a code (k8s.io/apiserver pkg/storage/errors.go). The registry
// turns them into Kubernetes Status errors, naming the resource; storage knows only keys.

/** The closed set of reasons a storage call fails. */
export type StorageErrorCode =
  | 'KeyNotFound' // get/update/delete of a key that does not exist
  | 'KeyExists' // create of a key that exists
  | 'Conflict' // a resourceVersion or uid precondition did not hold
  | 'Expired' // the requested revision has been compacted (HTTP 410)
  | 'TooLargeResourceVersion' // the requested revision is newer than the store (HTTP 504)
  | 'InvalidRequest' // a malformed resourceVersion or continue token (HTTP 400)
  | 'ValueTooLarge' // the encoded object exceeds the value size limit (HTTP 413)
  | 'Unreachable' // the backend cannot be reached or failed (HTTP 503)
  | 'WatchClosed'; // a watcher fell too far behind and was closed; the client re-watches

/** StorageError is the only error type storage throws on purpose. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  /** The store revision the error was observed at, when known. */
  readonly revision: number;

  constructor(code: StorageErrorCode, key: string, message: string, revision = 0) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
    this.revision = revision;
  }
}

/** Returns whether `err` is a StorageError, optionally of one code. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

/** Returns the NotFound error for `key`. */
export function keyNotFound(key: string, revision = 0): StorageError {
  return new StorageError('KeyNotFound', key, `key not found: ${key}`, revision);
}

/** Returns the error for a revision that compaction has removed (etcd: ErrCompacted). */
export function expired(key: string, requested: number, compacted: number): StorageError {
  // kube-apiserver's wording, which clients and users search for.
  return new StorageError('Expired', key, `too old resource version: ${requested} (${compacted})`, compacted);
}

/** Returns the error for a revision the store has not reached yet. */
export function tooLargeResourceVersion(key: string, requested: number, current: number): StorageError {
  return new StorageError(
    'TooLargeResourceVersion',
    key,
    `Too large resource version: ${requested}, current: ${current}`,
    current,
  );
}
