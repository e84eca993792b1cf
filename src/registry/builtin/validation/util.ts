// Readers for the untyped JSON the validators receive. By the time validation runs the decode
// check has proved every field has its declared JSON type, so these only paper over absence:
// an absent field reads as Go's zero value, as it would after decoding into the Go struct.

import { fieldInvalid, validation, type FieldError } from '../../../apimachinery/index.ts';

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** Returns `value` when it is a JSON object, else undefined (a nil pointer to a struct). */
export function objOf(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** Returns `value` when it is a JSON object, else an empty one (a non-pointer struct). */
export function objOr(value: unknown): Obj {
  return objOf(value) ?? {};
}

/** Returns `value` when it is an array, else an empty one (a nil slice). */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns `value` when it is a string, else "" (an empty Go string). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Returns `value` when it is a number, else 0 (a zero Go integer). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Returns `value` when it is a number, else undefined (a nil *int32). */
export function numOpt(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Returns the string map in `value` (labels, selectors), or undefined when absent. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  const o = objOf(value);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = str(v);
  return out;
}

/** Returns whether a JSON value is absent or null (a nil pointer, slice or map). */
export function isNil(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Returns the number of entries of a map or elements of a list (Go's len). */
export function len(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  const o = objOf(value);
  return o ? Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null).length : 0;
}

/** Returns whether two JSON values are equal, treating absent, null, {} and [] alike (semantic equality of omitempty fields). */
export function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown): boolean => isNil(v) || (Array.isArray(v) && v.length === 0) || (objOf(v) !== undefined && len(v) === 0);
  if (empty(a) && empty(b)) return true;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ao = a as Obj;
  const bo = b as Obj;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/** Returns the field errors for a value that must not be negative (ValidateNonnegativeField). */
export function nonNegative(value: number | undefined, path: string): FieldError[] {
  return value === undefined ? [] : validation.validateNonnegativeField(value, path);
}

/** Returns one Invalid error per message of a string check, at `path` with `value`. */
export function invalidEach(messages: string[], path: string, value: unknown): FieldError[] {
  return messages.map((msg) => fieldInvalid(path, value, msg));
}

/** Returns `path.name` (field.Path.Child). */
export const child = validation.fieldPathChild;

/** Returns `path[i]` or `path[key]` (field.Path.Index / Key). */
export const index = validation.fieldPathIndex;
