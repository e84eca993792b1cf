// Helpers over plain JSON values shared by the three patch types. Objects arrive from
// JSON.parse, so a key such as "__proto__" or "constructor" is an ordinary own property: every
// read and write here goes through hasOwn/getOwn/setOwn so that such keys never reach the
// prototype chain.

import { badRequest } from '../errors.ts';

/** JsonObject is a JSON object as JSON.parse produces it. */
export type JsonObject = Record<string, unknown>;

/** The deepest nesting of objects and arrays a patch or document may have. */
export const MAX_PATCH_DEPTH = 100;

/** Returns whether `v` is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Returns whether `obj` has `key` as an own property. */
export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Returns the own property `key` of `obj`, or undefined. */
export function getOwn(obj: JsonObject, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets the own property `key` of `obj`, even when `key` is "__proto__". */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Removes the own property `key` of `obj`, if present. */
export function deleteOwn(obj: JsonObject, key: string): void {
  if (hasOwn(obj, key)) delete obj[key];
}

/** Returns the JSON kind of `v` the way reflect.TypeOf tells decoded values apart. */
export function jsonKind(v: unknown): 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** Returns a deep copy of the JSON value `v` (callers check depth first). */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((e) => deepClone(e)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, e] of Object.entries(v)) setOwn(out, k, deepClone(e));
    return out as T;
  }
  return v;
}

/** Returns whether two JSON values are equal: same kinds, keys and elements. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((e, i) => deepEqual(e, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Returns the nesting depth of `v` (a scalar is 0, `{}` is 1, `{"a":{}}` is 2), or `limit + 1`
 * as soon as the value is known to be deeper than `limit`; the recursion never goes further.
 */
export function nestingDepth(v: unknown, limit = MAX_PATCH_DEPTH): number {
  if (limit < 0) return 0;
  let children: unknown[];
  if (Array.isArray(v)) children = v;
  else if (isObject(v)) children = Object.values(v);
  else return 0;
  let deepest = 0;
  for (const child of children) {
    if (child === null || typeof child !== 'object') continue;
    const d = nestingDepth(child, limit - 1);
    if (d > deepest) deepest = d;
    if (deepest >= limit) return limit + 1;
  }
  return deepest + 1;
}

/** Throws 400 when `v` is nested deeper than MAX_PATCH_DEPTH; `what` names it in the message. */
export function assertDepth(v: unknown, what: string): void {
  if (nestingDepth(v) > MAX_PATCH_DEPTH) {
    throw badRequest(`${what} is nested more than ${MAX_PATCH_DEPTH} levels deep`);
  }
}

/**
 * Returns a copy of `v` without the object properties whose value is null, at every level and
 * inside arrays (null array elements stay). Both evanphx/json-patch (pruneNulls) and
 * strategicpatch (discardNullValuesFromPatch) do this to a patch value that is not merged into
 * an existing object: a null there means "absent", and nothing is left to delete.
 */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => withoutNulls(e));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, e] of Object.entries(v)) {
      if (e !== null) setOwn(out, k, withoutNulls(e));
    }
    return out;
  }
  return v;
}

/** Returns the UTF-8 length of JSON.stringify(v), the size Go's json.Marshal reports. */
export function jsonByteLength(v: unknown): number {
  const text = JSON.stringify(v) ?? 'null';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Returns `v` formatted as Go's fmt %v formats a decoded JSON value (map[a:1 b:[x y]]), so that
 * messages quoting a patch read like kube-apiserver's.
 */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}
