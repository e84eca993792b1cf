// Kubernetes strategic merge patch, server side: the apply half of k8s.io/apimachinery
// pkg/util/strategicpatch/patch.go (StrategicMergeMapPatch with MergeParallelList and
// IgnoreUnmatchedNulls set, as kube-apiserver calls it). What the OpenAPI schema says about a
// field drives the merge:
//   - maps merge recursively; null deletes a key;
//   - a list whose property carries x-kubernetes-patch-strategy "merge" merges element-wise: by
//     x-kubernetes-patch-merge-key for lists of objects, as a union for lists of primitives;
//   - every other list, and every field the schema does not describe, is replaced.
// Directives in the patch: "$patch": replace|delete (on maps and list elements), "$retainKeys",
// "$setElementOrder/<list>" and "$deleteFromPrimitiveList/<list>". None is left in the result.
//
// Deliberate differences from upstream, each noted where it happens:
//   - a malformed directive is a 400 here; upstream returns most of them as a 500;
//   - "$patch": "merge" is accepted as the explicit default (upstream rejects it);
//   - directives inside a newly added value are removed rather than stored;
//   - "lists of lists" is a 422 that keeps its message (upstream hides it behind a generic one).

import { StatusError, badRequest } from '../errors.ts';
import { derefSchema, type Schema, type SchemaResolver } from '../schema.ts';
import {
  assertDepth,
  deepClone,
  deleteOwn,
  getOwn,
  goFormat,
  hasOwn,
  isObject,
  jsonKind,
  setOwn,
  type JsonObject,
} from './json-value.ts';

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

// k8s.io/apimachinery/pkg/util/mergepatch errors.go; kube-apiserver answers these with 400
// (interpretStrategicMergePatchError), except ErrNoListOfLists which is a 422.
const errBadJSONDoc = 'invalid JSON document';
const errBadPatchFormatForPrimitiveList = 'invalid patch format of primitive list';
const errBadPatchFormatForRetainKeys = 'invalid patch format of retainKeys';
const errBadPatchFormatForSetElementOrderList = 'invalid patch format of setElementOrder list';
const errNoListOfLists = 'lists of lists are not supported';

/** mergepatch.ErrNoMergeKey. */
function errNoMergeKey(m: JsonObject, key: string): StatusError {
  return badRequest(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadPatchType. */
function errBadPatchType(directive: unknown, m: JsonObject): StatusError {
  return badRequest(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`);
}

/** mergepatch.ErrBadArgType, with Go's names for decoded JSON types. */
function errBadArgType(expected: string, actual: unknown): StatusError {
  const goType = { object: 'map[string]interface {}', array: '[]interface {}', string: 'string', number: 'float64', boolean: 'bool', null: '<nil>' }[
    jsonKind(actual)
  ];
  return badRequest(`expected a ${expected}, but received a ${goType}`);
}

/** What the schema says about one field: its patch strategy, merge key and own schema. */
interface PatchMeta {
  /** "merge", "replace" or "" (none). "retainKeys" alone only matters to the client's diff. */
  strategy: '' | 'merge' | 'replace';
  mergeKey: string;
  schema: Schema | undefined;
}

/** Walks the schema: resolves $ref/allOf at every step (derefSchema keeps the referrer's extensions). */
interface Walker {
  resolve: SchemaResolver;
}

/** Returns the patch metadata of field `key` of an object described by `parent`. */
function fieldMeta(w: Walker, parent: Schema | undefined, key: string): PatchMeta {
  const object = derefSchema(parent, w.resolve);
  let field: Schema | undefined;
  if (object?.properties && Object.prototype.hasOwnProperty.call(object.properties, key)) field = object.properties[key];
  else if (object && typeof object.additionalProperties === 'object') field = object.additionalProperties;
  const schema = derefSchema(field, w.resolve);
  // extractRetainKeysPatchStrategy: "merge,retainKeys" merges; "retainKeys" alone is no strategy.
  const raw = schema?.['x-kubernetes-patch-strategy'];
  const strategies = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : [];
  const strategy = strategies.includes('replace') ? 'replace' : strategies.includes('merge') ? 'merge' : '';
  const mergeKey = schema?.['x-kubernetes-patch-merge-key'];
  return { strategy, mergeKey: typeof mergeKey === 'string' ? mergeKey : '', schema };
}

/**
 * Applies a strategic merge patch; returns the patched copy of `doc` (the input is never
 * modified). `schema` describes the kind; undefined (a kind without one) merges maps, replaces
 * lists and still honours the directives, which for objects without lists is a JSON merge patch.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: Schema | undefined, resolve: SchemaResolver): unknown {
  if (!isObject(doc)) throw badRequest(errBadJSONDoc);
  // kube-apiserver json.Unmarshals the body into a map: null leaves it empty, non-objects fail.
  if (patch === null) return deepClone(doc);
  if (!isObject(patch)) {
    const kind = jsonKind(patch) === 'boolean' ? 'bool' : jsonKind(patch);
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  assertDepth(doc, 'the object');
  assertDepth(patch, 'the patch');
  // Upstream mutates both maps as it goes; work on copies.
  return mergeMap({ resolve }, deepClone(doc), deepClone(patch), schema);
}

/** mergeMap: merges `patch` into `original` in place and returns the result. */
function mergeMap(w: Walker, original: JsonObject, patch: JsonObject, schema: Schema | undefined): JsonObject {
  // 1. "$patch" on the map itself (handleDirectiveInMergeMap).
  if (hasOwn(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    if (directive === 'replace') {
      deleteOwn(patch, directiveMarker);
      return cleanValue(patch) as JsonObject;
    }
    if (directive === 'delete') return {};
    // Ours: "merge" is the default made explicit; upstream answers "unknown patch type".
    if (directive !== 'merge') throw errBadPatchType(directive, patch);
    deleteOwn(patch, directiveMarker);
  }
  // 2. "$retainKeys" clears the keys it does not list.
  applyRetainKeys(original, patch);
  // 3. "$setElementOrder/<list>" merges and orders that list (mergePatchIntoOriginal).
  applySetElementOrders(w, original, patch, schema);
  // 4. Everything else, key by key.
  for (const key of Object.keys(patch)) mergeField(w, original, key, patch[key], schema);
  return original;
}

/** Merges one patch entry into `original`. */
function mergeField(w: Walker, original: JsonObject, key: string, value: unknown, schema: Schema | undefined): void {
  let field = key;
  let deleteList = false;
  if (key.startsWith(deleteFromPrimitiveListPrefix)) {
    // preprocessDeletionListForMerging: "$deleteFromPrimitiveList/<list>" acts on <list>.
    field = extractKey(key, deleteFromPrimitiveListPrefix);
    deleteList = true;
    // Ours: upstream lets a null here delete the whole list; a directive must be a list.
    if (!Array.isArray(value)) throw badRequest(errBadPatchFormatForPrimitiveList);
  }
  // IgnoreUnmatchedNulls: null deletes, and is dropped when there is nothing to delete.
  if (value === null) {
    deleteOwn(original, field);
    return;
  }
  const current = getOwn(original, field);
  // A new key, or a different kind of value: take the patch value, minus nulls and directives.
  if (current === undefined || jsonKind(current) !== jsonKind(value)) {
    if (!deleteList) setCleaned(original, field, value);
    return;
  }
  if (isObject(current)) {
    const meta = fieldMeta(w, schema, field);
    if (meta.strategy === 'replace') setCleaned(original, field, value);
    else setOwn(original, field, mergeMap(w, current, value as JsonObject, meta.schema));
    return;
  }
  if (Array.isArray(current)) {
    const meta = fieldMeta(w, schema, field);
    // mergeSliceHandler: deletion lists apply whatever the field's strategy.
    if (meta.strategy === 'merge' || deleteList) {
      setOwn(original, field, mergeSlice(w, current, value as unknown[], meta, deleteList).list);
    } else {
      setCleaned(original, field, value);
    }
    return;
  }
  setOwn(original, field, value);
}

/** The result of merging a list, and the order its original held afterwards. */
interface MergedSlice {
  list: unknown[];
  /**
   * The live list's order as the $setElementOrder step sees it after this merge. Upstream
   * reads it from the original slice, which the merge shifted and appended into in place:
   * the kept elements, then as many new elements as there were deletions. Upstream's tests
   * ("add map and delete map from merging list with conflict") depend on that, so it is
   * modelled here rather than left to chance.
   */
  serverOrder: unknown[];
}

/** mergeSlice: merges a patch list into a live list with merge semantics. */
function mergeSlice(w: Walker, original: unknown[], patch: unknown[], meta: PatchMeta, deleteList: boolean): MergedSlice {
  if (original.length === 0 && patch.length === 0) return { list: original, serverOrder: original };
  const kind = elementKind(original, patch);

  if (kind !== 'object') {
    // Lists of primitives: "$deleteFromPrimitiveList" removes every copy of its values...
    if (deleteList) {
      const doomed = new Set(patch);
      return { list: original.filter((v) => !doomed.has(v)), serverOrder: original };
    }
    // ...and a patch list is a union, ordered by the patch, then by the live list.
    const merged = [...new Set([...original, ...patch])];
    const inPatch = new Set(patch);
    const list = normalizeElementOrder(
      merged.filter((v) => inPatch.has(v)),
      merged.filter((v) => !inPatch.has(v)),
      patch,
      original,
      '',
    );
    return { list, serverOrder: original };
  }

  // Ours: a deletion list names primitives; against a list of objects it is malformed.
  if (deleteList) throw badRequest(errBadPatchFormatForPrimitiveList);
  const mergeKey = meta.mergeKey;
  if (!mergeKey) throw badRequest('cannot merge lists without merge key');
  const elementSchema = meta.schema?.items;

  // 1. mergeSliceWithSpecialElements: "$patch": delete removes every element with that key,
  //    "$patch": replace makes the patch's plain elements the whole list.
  //    Every deletion applies to the live list before any merge, so one pass does them all.
  const doomed = new Set<unknown>();
  const plain: JsonObject[] = [];
  let replace = false;
  for (const item of patch as JsonObject[]) {
    if (!hasOwn(item, directiveMarker)) {
      plain.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      if (isComparable(item[mergeKey])) doomed.add(item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      // Ours: an element marked "merge" is a plain element; a bare marker says nothing.
      deleteOwn(item, directiveMarker);
      if (Object.keys(item).length > 0) plain.push(item);
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  const kept = (original as JsonObject[]).filter((e) => !(hasOwn(e, mergeKey) && isComparable(e[mergeKey]) && doomed.has(e[mergeKey])));
  if (replace) {
    const list = plain.map((e) => cleanValue(e) as JsonObject);
    requireMergeKeys(list, mergeKey);
    return { list, serverOrder: kept };
  }

  // 2. mergeSliceWithoutSpecialElements: merge into the first element with the same key,
  //    or append.
  const working = kept.slice();
  const appended: JsonObject[] = [];
  const positions = firstPositions(working, (e) => (hasOwn(e, mergeKey) ? e[mergeKey] : undefined));
  for (const item of plain) {
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const key = item[mergeKey];
    const at = isComparable(key) ? positions.get(key) : undefined;
    if (at !== undefined) {
      working[at] = mergeMap(w, working[at] as JsonObject, item, elementSchema);
    } else {
      const added = cleanValue(item) as JsonObject;
      working.push(added);
      appended.push(added);
      if (isComparable(key)) positions.set(key, working.length - 1);
    }
  }

  // 3. Order: elements named in the patch in the patch's order, interleaved with the rest.
  requireMergeKeys(working, mergeKey);
  const named = firstPositions(plain, (e) => e[mergeKey]);
  const isNamed = (e: unknown): boolean => lookup(named, (e as JsonObject)[mergeKey]) !== undefined;
  const list = normalizeElementOrder(working.filter(isNamed), working.filter((e) => !isNamed(e)), plain, kept, mergeKey);
  return { list, serverOrder: [...kept, ...appended].slice(0, original.length) };
}

/**
 * mergePatchIntoOriginal: for every "$setElementOrder/<list>" in `patch`, merges <list> and
 * orders the result. Precedence (design "preserve order in strategic merge patch"): the
 * directive's order for the elements it names, then the live list's order for the others,
 * interleaved as mergeSortedSlice does. The list is then removed from `patch`.
 */
function applySetElementOrders(w: Walker, original: JsonObject, patch: JsonObject, schema: Schema | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    deleteOwn(patch, key);
    if (!Array.isArray(order)) throw badRequest(errBadPatchFormatForSetElementOrderList);
    const field = extractKey(key, setElementOrderPrefix);
    const meta = fieldMeta(w, schema, field);

    const live = getOwn(original, field);
    const patched = getOwn(patch, field);
    // Ours: a null list is being deleted (the main loop does it); upstream fails on it.
    if (patched === null) continue;
    const foundOriginal = live !== undefined && live !== null;
    const foundPatch = patched !== undefined;
    if (foundOriginal && !Array.isArray(live)) throw errBadArgType('[]interface {}', live);
    if (foundPatch && !Array.isArray(patched)) throw errBadArgType('[]interface {}', patched);
    const liveList = foundOriginal ? (live as unknown[]) : [];
    const patchList = foundPatch ? (patched as unknown[]) : [];
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);

    let merged: unknown[];
    let serverOrder: unknown[];
    if (foundOriginal && !foundPatch) {
      merged = liveList;
      serverOrder = liveList;
    } else if (!foundOriginal && foundPatch) {
      merged = cleanValue(patchList) as unknown[];
      serverOrder = [];
    } else if (foundOriginal && foundPatch) {
      if (meta.strategy === 'merge') {
        ({ list: merged, serverOrder } = mergeSlice(w, liveList, patchList, meta, false));
      } else {
        merged = cleanValue(patchList) as unknown[];
        serverOrder = liveList;
      }
    } else {
      continue;
    }
    deleteOwn(patch, field);

    const kind = elementKind(liveList, patchList);
    // Nothing to order; or objects without a merge key, which upstream cannot order either.
    if (kind === undefined || (kind === 'object' && !meta.mergeKey)) {
      setOwn(original, field, merged);
      continue;
    }
    let isNamed: (e: unknown) => boolean;
    if (meta.mergeKey) {
      for (const e of order) if (!isObject(e)) throw errBadArgType('map[string]interface {}', e);
      requireMergeKeys(merged, meta.mergeKey);
      const named = firstPositions(order as JsonObject[], (e) => e[meta.mergeKey]);
      isNamed = (e) => lookup(named, (e as JsonObject)[meta.mergeKey]) !== undefined;
    } else {
      const named = new Set(order);
      isNamed = (e) => named.has(e);
    }
    setOwn(original, field, normalizeElementOrder(merged.filter(isNamed), merged.filter((e) => !isNamed(e)), order, serverOrder, meta.mergeKey));
  }
}

/**
 * validatePatchWithSetOrderList: the patch list's elements (deletions aside) must appear in the
 * directive, in the same relative order.
 */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const e of patchList) if (!isObject(e)) throw errBadArgType('map[string]interface {}', e);
    items = patchList.filter((e) => getOwn(e as JsonObject, directiveMarker) !== 'delete');
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw badRequest(
      `the order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormat(order)}`,
    );
  }
}

/** mergeKeyValueEqual: primitives compare by value, objects by their merge key. */
function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return isComparable(left) && left === right;
  if (!isObject(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isObject(right)) throw errBadArgType('map[string]interface {}', right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return sameKey(left[mergeKey], right[mergeKey]);
}

/**
 * normalizeElementOrder: sorts the patch's elements by `patchOrder` and the live-only elements
 * by `serverOrder`, then interleaves them (mergeSortedSlice): a live-only element goes first
 * only when both it and the next patch element are in `serverOrder` and it came earlier there.
 * So elements new to the list land before live-only elements that follow them.
 */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string): unknown[] {
  const keyOf = mergeKey ? (e: unknown) => (e as JsonObject)[mergeKey] : (e: unknown) => e;
  if (mergeKey) {
    // validateMergeKeyInLists.
    for (const list of [patchItems, patchOrder, serverOnly, serverOrder]) {
      for (const e of list) if (!isObject(e)) throw errBadArgType('map[string]interface {}', e);
      requireMergeKeys(list, mergeKey);
    }
  }
  const patchIndex = firstPositions(patchOrder, keyOf);
  const serverIndex = firstPositions(serverOrder, keyOf);
  const left = sortByPosition(serverOnly, serverIndex, keyOf);
  const right = sortByPosition(patchItems, patchIndex, keyOf);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = lookup(serverIndex, keyOf(left[i]));
      const ri = lookup(serverIndex, keyOf(right[j]));
      if (li !== undefined && ri !== undefined && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * Returns `items` stably sorted by the position of their key in an order list. Elements the
 * order does not name keep their relative order after the others; the callers only pass
 * elements it names (upstream's comparator is inconsistent for the others).
 */
function sortByPosition(items: unknown[], positions: Map<unknown, number>, keyOf: (e: unknown) => unknown): unknown[] {
  const rank = (e: unknown): number => lookup(positions, keyOf(e)) ?? Number.MAX_SAFE_INTEGER;
  return items
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.e);
}

/** Returns a map from each comparable key to the first position it has in `list`. */
function firstPositions<T>(list: T[], keyOf: (e: T) => unknown): Map<unknown, number> {
  const positions = new Map<unknown, number>();
  list.forEach((e, i) => {
    const key = keyOf(e);
    if (isComparable(key) && !positions.has(key)) positions.set(key, i);
  });
  return positions;
}

/** Returns the position of `key`, if comparable and present. */
function lookup(positions: Map<unknown, number>, key: unknown): number | undefined {
  return isComparable(key) ? positions.get(key) : undefined;
}

/**
 * Returns whether a merge key value can be compared with ==. Upstream compares interface
 * values, which panics for maps and slices; here such keys simply never match.
 */
function isComparable(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Returns whether two merge key values are equal. */
function sameKey(a: unknown, b: unknown): boolean {
  return isComparable(a) && a === b;
}

/** Throws ErrNoMergeKey for the first element without the merge key. */
function requireMergeKeys(list: unknown[], mergeKey: string): void {
  for (const e of list) {
    if (!isObject(e)) throw errBadArgType('map[string]interface {}', e);
    if (!hasOwn(e, mergeKey)) throw errNoMergeKey(e, mergeKey);
  }
}

/**
 * sliceElementType: returns the kind shared by every element of `lists`, or undefined when
 * they are empty. Lists of lists are a 422; mixed kinds are malformed.
 */
function elementKind(...lists: unknown[][]): string | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = jsonKind(v);
      if (k === 'array') throw new StatusError(422, 'Invalid', errNoListOfLists);
      if (kind === undefined) kind = k;
      else if (kind !== k) throw badRequest(`list element types are not identical: ${goFormat(lists)}`);
    }
  }
  return kind;
}

/** extractKey: returns <list> from "<prefix>/<list>", or throws the directive's format error. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(prefix === deleteFromPrimitiveListPrefix ? errBadPatchFormatForPrimitiveList : errBadPatchFormatForSetElementOrderList);
  }
  return key.slice(slash + 1);
}

/**
 * applyRetainKeysDirective: "$retainKeys" lists the keys the map keeps; every other key of the
 * live map is cleared, and every non-null key of the patch must be listed.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retained = patch[retainKeysDirective];
  deleteOwn(patch, retainKeysDirective);
  if (!Array.isArray(retained)) throw badRequest(errBadPatchFormatForRetainKeys);
  const keep = new Set(retained);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(key)) throw badRequest(errBadPatchFormatForRetainKeys);
  }
  for (const key of Object.keys(original)) {
    if (!keep.has(key)) deleteOwn(original, key);
  }
}

/** Returns whether `key` is a directive that travels beside the field it acts on. */
function isParallelDirective(key: string): boolean {
  return key === retainKeysDirective || key.startsWith(setElementOrderPrefix) || key.startsWith(deleteFromPrimitiveListPrefix);
}

/**
 * Returns a patch value ready to be stored where nothing was merged into it, or undefined when
 * it should not be stored at all. Upstream applies discardNullValuesFromPatch (null-valued keys
 * go) and removeDirectives (a map carrying "$patch" is dropped, from maps and lists alike); the
 * parallel directives are removed too, where upstream would store them.
 */
function cleanValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const c = cleanValue(e);
      if (c !== undefined) out.push(c);
    }
    return out;
  }
  if (isObject(v)) {
    if (hasOwn(v, directiveMarker)) return undefined;
    const out: JsonObject = {};
    for (const [key, e] of Object.entries(v)) {
      if (e === null || isParallelDirective(key)) continue;
      const c = cleanValue(e);
      if (c !== undefined) setOwn(out, key, c);
    }
    return out;
  }
  return v;
}

/** Stores the cleaned `value` at `key`, or removes `key` when nothing is left to store. */
function setCleaned(obj: JsonObject, key: string, value: unknown): void {
  const cleaned = cleanValue(value);
  if (cleaned === undefined) deleteOwn(obj, key);
  else setOwn(obj, key, cleaned);
}
