// RFC 6902 JSON Patch as kube-apiserver applies it: k8s.io/apiserver endpoints/handlers/patch.go
// decodes the body with evanphx/json-patch (v4) and applies it with the default options, so the
// quirks of that library are the behaviour kubectl users see:
//   - negative array indices count from the end (SupportNegativeIndices defaults to true);
//   - "add" with no "value" adds null; "test" of a missing key against null passes;
//   - a path is split on "/" and its first segment ignored, so "a/b" acts on "/b";
//   - "replace" and "test" accept the empty path (the whole document), "add" and "remove" do not.
// Failures keep that library's wording ("add operation does not apply: doc is missing path:
// "/metadata/annotations/x": missing value") and become 422 Invalid without details, which kubectl
// prints as "The request is invalid: <message>". (Upstream wraps them in the generic
// "the server rejected our request due to an error in our request"; keeping the library's text is
// what lets a user see which operation failed.)

import { StatusError, badRequest, requestEntityTooLarge } from '../errors.ts';
import {
  MAX_PATCH_DEPTH,
  assertDepth,
  deepClone,
  deepEqual,
  deleteOwn,
  getOwn,
  hasOwn,
  isObject,
  jsonByteLength,
  jsonKind,
  nestingDepth,
  setOwn,
  type JsonObject,
} from './json-value.ts';

/** kube-apiserver's maxJSONPatchOperations (endpoints/handlers/patch.go). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** kube-apiserver's JSONPatchMaxCopyBytes: total bytes "copy" operations may add (3 MiB). */
export const JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

/** Returns the 422 a failed operation becomes: reason Invalid, no details. */
function opFailed(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

// evanphx/json-patch's sentinel errors, wrapped by pkg/errors as "<context>: <cause>".
const ErrMissing = 'missing value';
const ErrTestFailed = 'test failed';
const ErrInvalidIndex = 'invalid index referenced';

/** A failure inside a container, carrying whether its cause is ErrMissing ("test" tolerates it). */
class ContainerError extends Error {
  readonly missing: boolean;
  constructor(message: string, missing = false) {
    super(message);
    this.missing = missing;
  }
}

/** Returns the index Go's strconv.Atoi reads from `key`, or throws its error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new ContainerError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const n = Number(key);
  if (!Number.isSafeInteger(n)) throw new ContainerError(`strconv.Atoi: parsing ${JSON.stringify(key)}: value out of range`);
  return n;
}

/** Returns the index `key` names in an array of `length` elements for get/replace/remove. */
function existingIndex(key: string, length: number): number {
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -length) throw new ContainerError(`Unable to access invalid index: ${idx}: ${ErrInvalidIndex}`);
    idx += length;
  }
  if (idx >= length) throw new ContainerError(`Unable to access invalid index: ${idx}: ${ErrInvalidIndex}`);
  return idx;
}

/** The object or array an operation acts on, and the decoded last path segment. */
interface Target {
  container: JsonObject | unknown[];
  key: string;
}

/** Returns the value at `key` of `container` (partialDoc.get / partialArray.get). */
function getIn(t: Target): unknown {
  if (Array.isArray(t.container)) return t.container[existingIndex(t.key, t.container.length)];
  if (!hasOwn(t.container, t.key)) throw new ContainerError(`unable to get nonexistent key: ${t.key}: ${ErrMissing}`, true);
  return t.container[t.key];
}

/** Inserts `value` at `key` (partialDoc.add / partialArray.add). */
function addIn(t: Target, value: unknown): void {
  if (!Array.isArray(t.container)) {
    setOwn(t.container, t.key, value);
    return;
  }
  const arr = t.container;
  if (t.key === '-') {
    arr.push(value);
    return;
  }
  let idx: number;
  try {
    idx = atoi(t.key);
  } catch (err) {
    throw new ContainerError(`value was not a proper array index: '${t.key}': ${(err as Error).message}`);
  }
  const size = arr.length + 1;
  if (idx >= size || idx < -size) throw new ContainerError(`Unable to access invalid index: ${idx}: ${ErrInvalidIndex}`);
  if (idx < 0) idx += size;
  arr.splice(idx, 0, value);
}

/** Replaces the existing value at `key` (partialDoc.set / partialArray.set). */
function setIn(t: Target, value: unknown): void {
  if (Array.isArray(t.container)) t.container[existingIndex(t.key, t.container.length)] = value;
  else setOwn(t.container, t.key, value);
}

/** Removes the value at `key` (partialDoc.remove / partialArray.remove). */
function removeIn(t: Target): void {
  if (Array.isArray(t.container)) {
    t.container.splice(existingIndex(t.key, t.container.length), 1);
    return;
  }
  if (!hasOwn(t.container, t.key)) throw new ContainerError(`unable to remove nonexistent key: ${t.key}: ${ErrMissing}`, true);
  deleteOwn(t.container, t.key);
}

/** RFC 6901 §4: "~1" becomes "/" and "~0" becomes "~", left to right. */
function decodeSegment(s: string): string {
  return s.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/**
 * Returns the container a path's last segment lives in (findObject), or undefined when an
 * intermediate segment is missing, null, a scalar, or not a valid index.
 */
function findTarget(doc: unknown, path: string): Target | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let current: unknown = doc;
  for (const part of split.slice(1, -1)) {
    if (!Array.isArray(current) && !isObject(current)) return undefined;
    let next: unknown;
    try {
      next = getIn({ container: current, key: decodeSegment(part) });
    } catch {
      return undefined;
    }
    current = next;
  }
  if (!Array.isArray(current) && !isObject(current)) return undefined;
  return { container: current, key: decodeSegment(split[split.length - 1] as string) };
}

/** Returns the number of segments below the root a path names, for depth accounting. */
function pathLength(path: string): number {
  return Math.max(path.split('/').length - 1, 0);
}

/** An operation's string field: the string, or why it could not be read (Operation.Path/From). */
function stringField(op: JsonObject, field: 'path' | 'from'): string | { error: string } {
  const v = getOwn(op, field);
  if (v === undefined || v === null) {
    return { error: field === 'path' ? `operation missing path field: ${ErrMissing}` : `operation, missing from field: ${ErrMissing}` };
  }
  if (typeof v !== 'string') return { error: `json: cannot unmarshal ${jsonKind(v)} into Go value of type string` };
  return v;
}

/** Throws a Go-style json.Unmarshal type error for a body that is not `goType`. */
function unmarshalError(v: unknown, goType: string): StatusError {
  const kind = jsonKind(v) === 'boolean' ? 'bool' : jsonKind(v);
  return badRequest(`json: cannot unmarshal ${kind} into Go value of type ${goType}`);
}

/** Applies a JSON patch; returns the patched copy of `doc` (the input is never modified). */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  // 1. Decode: jsonpatch.DecodePatch fails (400) unless the body is an array of objects.
  if (!Array.isArray(patch)) throw unmarshalError(patch, 'jsonpatch.Patch');
  for (const op of patch) {
    if (!isObject(op)) throw unmarshalError(op, 'jsonpatch.Operation');
  }
  // 2. patch.go: more than maxJSONPatchOperations is 413.
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  assertDepth(doc, 'the object');
  assertDepth(patch, 'the patch');

  const state: PatchState = { doc: deepClone(doc), copied: 0, depthBound: nestingDepth(doc) };
  for (const op of patch as JsonObject[]) {
    const kind = getOwn(op, 'op');
    switch (typeof kind === 'string' ? kind : 'unknown') {
      case 'add':
        applyAdd(state, op);
        break;
      case 'remove':
        applyRemove(state, op);
        break;
      case 'replace':
        applyReplace(state, op);
        break;
      case 'move':
        applyMove(state, op);
        break;
      case 'copy':
        applyCopy(state, op);
        break;
      case 'test':
        applyTest(state, op);
        break;
      default:
        throw opFailed(`Unexpected kind: ${typeof kind === 'string' ? kind : 'unknown'}`);
    }
  }
  return state.doc;
}

/** The document being patched plus the budgets the operations draw on. */
interface PatchState {
  doc: unknown;
  /** Bytes added by "copy" so far (AccumulatedCopySizeLimit). */
  copied: number;
  /**
   * An upper bound on the document's nesting depth. Each insertion raises it to the depth of
   * the insertion point plus the depth of the inserted value; past MAX_PATCH_DEPTH the patch
   * fails, so the result can always be patched, encoded and validated again.
   */
  depthBound: number;
}

/** Raises the depth bound for a value of `valueDepth` placed at `path`; throws past the limit. */
function growDepth(state: PatchState, path: string, valueDepth: number): void {
  state.depthBound = Math.max(state.depthBound, pathLength(path) + valueDepth);
  if (state.depthBound > MAX_PATCH_DEPTH) {
    throw opFailed(`the patched object would be nested more than ${MAX_PATCH_DEPTH} levels deep`);
  }
}

/** Returns the operation's "value", copied (absent reads as null, like a nil lazyNode). */
function opValue(op: JsonObject): unknown {
  return hasOwn(op, 'value') ? deepClone(op.value) : null;
}

function applyAdd(state: PatchState, op: JsonObject): void {
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`add operation failed to decode path: ${ErrMissing}`);
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`add operation does not apply: doc is missing path: "${path}": ${ErrMissing}`);
  const value = opValue(op);
  growDepth(state, path, nestingDepth(value));
  try {
    addIn(target, value);
  } catch (err) {
    throw opFailed(`error in add for path: '${path}': ${(err as Error).message}`);
  }
}

function applyRemove(state: PatchState, op: JsonObject): void {
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`remove operation failed to decode path: ${ErrMissing}`);
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`remove operation does not apply: doc is missing path: "${path}": ${ErrMissing}`);
  try {
    removeIn(target);
  } catch (err) {
    throw opFailed(`error in remove for path: '${path}': ${(err as Error).message}`);
  }
}

function applyReplace(state: PatchState, op: JsonObject): void {
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`replace operation failed to decode path: ${path.error}`);
  const value = opValue(op);
  if (path === '') {
    // The whole document; it must stay an object or an array.
    if (!Array.isArray(value) && !isObject(value)) throw opFailed('replace operation value must be object or array');
    state.doc = value;
    state.depthBound = nestingDepth(value);
    return;
  }
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`replace operation does not apply: doc is missing path: ${path}: ${ErrMissing}`);
  try {
    getIn(target);
  } catch {
    throw opFailed(`replace operation does not apply: doc is missing key: ${path}: ${ErrMissing}`);
  }
  growDepth(state, path, nestingDepth(value));
  try {
    setIn(target, value);
  } catch (err) {
    // Upstream's wording, "remove" included.
    throw opFailed(`error in remove for path: '${path}': ${(err as Error).message}`);
  }
}

function applyMove(state: PatchState, op: JsonObject): void {
  const from = stringField(op, 'from');
  if (typeof from !== 'string') throw opFailed(`move operation failed to decode from: ${from.error}`);
  const source = findTarget(state.doc, from);
  if (!source) throw opFailed(`move operation does not apply: doc is missing from path: ${from}: ${ErrMissing}`);
  let value: unknown;
  try {
    value = getIn(source);
    removeIn(source);
  } catch (err) {
    throw opFailed(`error in move for path: '${source.key}': ${(err as Error).message}`);
  }
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`move operation failed to decode path: ${path.error}`);
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`move operation does not apply: doc is missing destination path: ${path}: ${ErrMissing}`);
  // The moved value was at most (bound - its old path length) deep: no need to walk it.
  growDepth(state, path, Math.max(state.depthBound - pathLength(from), 0));
  try {
    addIn(target, value);
  } catch (err) {
    throw opFailed(`error in move for path: '${path}': ${(err as Error).message}`);
  }
}

function applyCopy(state: PatchState, op: JsonObject): void {
  const from = stringField(op, 'from');
  if (typeof from !== 'string') throw opFailed(`copy operation failed to decode from: ${from.error}`);
  const source = findTarget(state.doc, from);
  if (!source) throw opFailed(`copy operation does not apply: doc is missing from path: ${from}: ${ErrMissing}`);
  let value: unknown;
  try {
    value = getIn(source);
  } catch (err) {
    throw opFailed(`error in copy for from: '${from}': ${(err as Error).message}`);
  }
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`copy operation failed to decode path: ${ErrMissing}`);
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`copy operation does not apply: doc is missing destination path: ${path}: ${ErrMissing}`);
  // Copies can double the document per operation; upstream caps their total size.
  state.copied += value === null ? 0 : jsonByteLength(value);
  if (state.copied > JSON_PATCH_MAX_COPY_BYTES) {
    throw opFailed(
      `Unable to complete the copy, the accumulated size increase of copy is ${state.copied}, exceeding the limit ${JSON_PATCH_MAX_COPY_BYTES}`,
    );
  }
  growDepth(state, path, nestingDepth(value));
  try {
    addIn(target, deepClone(value));
  } catch (err) {
    throw opFailed(`error while adding value during copy: ${(err as Error).message}`);
  }
}

function applyTest(state: PatchState, op: JsonObject): void {
  const path = stringField(op, 'path');
  if (typeof path !== 'string') throw opFailed(`test operation failed to decode path: ${path.error}`);
  const failed = opFailed(`testing value ${path} failed: ${ErrTestFailed}`);
  if (path === '') {
    if (!deepEqual(state.doc, getOwn(op, 'value'))) throw failed;
    return;
  }
  const target = findTarget(state.doc, path);
  if (!target) throw opFailed(`test operation does not apply: is missing path: ${path}: ${ErrMissing}`);
  let actual: unknown = null;
  try {
    actual = getIn(target);
  } catch (err) {
    // A missing object key reads as null; a bad array index is an error.
    if (!(err instanceof ContainerError && err.missing)) {
      throw opFailed(`error in test for path: '${path}': ${(err as Error).message}`);
    }
  }
  // An absent "value" never matches (upstream dereferences nil and panics there).
  if (!hasOwn(op, 'value') || !deepEqual(actual, op.value)) throw failed;
}
