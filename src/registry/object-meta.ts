// System-populated metadata (api-conventions "Metadata"): uid, creationTimestamp, generation,
// names from generateName, and the fields clients may not change.

import type { KubeObject, ObjectMeta } from '../apimachinery/index.ts';
import { randomBytes, randomUUID } from 'node:crypto';

/** Returns an RFC 3339 timestamp with second precision, as metav1.Time serializes. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Returns a new object uid. */
export function newUid(): string {
  return randomUUID();
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Returns `base` plus upstream's 5-character random suffix (names.SimpleNameGenerator). */
export function generateName(base: string): string {
  const maxBase = 63 - 5;
  const prefix = base.length > maxBase ? base.slice(0, maxBase) : base;
  const bytes = randomBytes(5);
  let suffix = '';
  for (const byte of bytes) suffix += suffixAlphabet[byte % suffixAlphabet.length];
  return prefix + suffix;
}

/** Returns `obj` without metadata.managedFields, for comparisons that ignore field ownership. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _managed, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

/** Returns a deep copy of a JSON value. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Returns whether two JSON values are equal. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Returns whether anything outside metadata and status differs (what bumps generation). */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): Record<string, unknown> => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  };
  return !jsonEqual(strip(a), strip(b));
}

/** Copies the fields clients may not set or change from `old` into `meta`. */
export function keepSystemMetadata(meta: ObjectMeta, old: ObjectMeta): void {
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  meta.generation = old.generation;
  if (old.deletionTimestamp) {
    meta.deletionTimestamp = old.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
}
