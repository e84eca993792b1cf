// The one place storage errors become API errors: storage knows keys, the registry knows which
// resource and name a key is (k8s.io/apiserver pkg/storage/errors/storage.go).

import {
  alreadyExists,
  badRequest,
  conflict,
  notFound,
  optimisticLockErrorMsg,
  requestEntityTooLarge,
  resourceExpired,
  serviceUnavailable,
  timeout,
  type GroupResource,
} from '../apimachinery/index.ts';
import { isStorageError } from '../storage/index.ts';

/** Returns the StatusError a storage failure means for `name` of `gr`; other errors pass through. */
export function interpretStorageError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  switch (err.code) {
    case 'KeyNotFound':
      return notFound(gr, name);
    case 'KeyExists':
      return alreadyExists(gr, name);
    case 'Conflict':
      return conflict(gr, name, err.message.startsWith('Precondition failed') ? err.message : optimisticLockErrorMsg);
    case 'Expired':
      return resourceExpired(err.message);
    case 'TooLargeResourceVersion':
      return timeout(err.message);
    case 'InvalidRequest':
      return badRequest(err.message);
    case 'ValueTooLarge':
      return requestEntityTooLarge(err.message);
    case 'WatchClosed':
    case 'Unreachable':
      return serviceUnavailable(err.message);
  }
}

/** Throws the API error for a storage failure. */
export function rethrowStorageError(err: unknown, gr: GroupResource, name: string): never {
  throw interpretStorageError(err, gr, name);
}

