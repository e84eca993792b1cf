// RFC 7386 JSON Merge Patch, as kube-apiserver applies it with evanphx/json-patch's MergePatch:
// null deletes a key, objects merge recursively, anything else replaces the target value.
// One detail comes from that library rather than the RFC: a value that is not merged into an
// existing object loses its null-valued keys at every level, inside arrays too (pruneNulls);
// null array elements stay.

import { assertDepth, deepClone, deepEqual, deleteOwn, getOwn, isObject, setOwn, withoutNulls, type JsonObject } from './json-value.ts';

/** Applies a JSON merge patch; returns the patched copy of `doc` (the input is never modified). */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  assertDepth(doc, 'the object');
  assertDepth(patch, 'the patch');
  // RFC 7386 §2: a patch that is not an object replaces the whole target.
  if (!isObject(patch)) return withoutNulls(patch);
  // A target that is not an object is treated as {}.
  const target: JsonObject = isObject(doc) ? deepClone(doc) : {};
  mergeInto(target, patch);
  return target;
}

/** Merges `patch` into `target` in place; values taken from `patch` are copied. */
function mergeInto(target: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      deleteOwn(target, key);
      continue;
    }
    const current = getOwn(target, key);
    if (isObject(value) && isObject(current)) {
      mergeInto(current, value);
    } else {
      setOwn(target, key, withoutNulls(value));
    }
  }
}

/**
 * Returns the merge patch that turns `original` into `modified` (evanphx/json-patch
 * CreateMergePatch): changed and added keys with their new values, removed keys as null, and
 * nested objects as nested patches. Arrays are compared whole. A `modified` that holds nulls
 * cannot be expressed, since a null in a merge patch means "delete".
 */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  assertDepth(original, 'the original object');
  assertDepth(modified, 'the modified object');
  if (!isObject(original) || !isObject(modified)) return deepClone(modified);
  return diff(original, modified);
}

/** Returns the merge patch between two objects. */
function diff(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, after] of Object.entries(modified)) {
    const before = getOwn(original, key);
    if (before === undefined) {
      setOwn(patch, key, deepClone(after));
    } else if (isObject(before) && isObject(after)) {
      const nested = diff(before, after);
      if (Object.keys(nested).length > 0) setOwn(patch, key, nested);
    } else if (!deepEqual(before, after)) {
      setOwn(patch, key, deepClone(after));
    }
  }
  for (const key of Object.keys(original)) {
    if (getOwn(modified, key) === undefined) setOwn(patch, key, null);
  }
  return patch;
}
