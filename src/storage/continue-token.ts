// Continue tokens for paginated lists (api-concepts "Retrieving large results sets in chunks"):
// an opaque base64 JSON value holding the snapshot revision and the next key, relative to the
// listed prefix so that a crafted token can never read outside it (k8s.io/apiserver
// pkg/storage/continue.go keeps the same fields: v, rv, start).

import { StorageError } from './errors.ts';

const tokenVersion = 'meta.k8s.io/v1';

/** Returns the continue token for a list of `prefix` at `revision` resuming at `nextKey`. */
export function encodeContinue(prefix: string, nextKey: string, revision: number): string {
  const start = nextKey.slice(prefix.length);
  return Buffer.from(JSON.stringify({ v: tokenVersion, rv: revision, start })).toString('base64url');
}

/** Returns the revision and absolute start key a continue token names, or throws InvalidRequest. */
export function decodeContinue(prefix: string, token: string): { revision: number; startKey: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken(prefix);
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidToken(prefix);
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== tokenVersion || typeof start !== 'string' || !Number.isSafeInteger(rv) || (rv as number) <= 0) {
    throw invalidToken(prefix);
  }
  return { revision: rv as number, startKey: prefix + start };
}

function invalidToken(prefix: string): StorageError {
  return new StorageError('InvalidRequest', prefix, 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}
