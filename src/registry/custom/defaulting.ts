// Structural defaulting of custom resources (apiextensions-apiserver pkg/apiserver/schema/
// defaulting: prunenulls.go then algorithm.go). Runs after pruning, before validation.

import { clone } from '../object-meta.ts';
import type { JSONSchemaProps } from './types.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldSchema(s: JSONSchemaProps | undefined, field: string): JSONSchemaProps | undefined {
  if (!s) return undefined;
  const prop = s.properties?.[field];
  if (prop) return prop;
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

/** Removes nulls of non-nullable fields that have no default (PruneNonNullableNullsWithoutDefaults). */
export function pruneNonNullableNulls(value: unknown, s: JSONSchemaProps | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) pruneNonNullableNulls(item, s?.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const sub = fieldSchema(s, k);
    if (v === null && sub && !sub.nullable && sub.default === undefined) delete value[k];
    else pruneNonNullableNulls(v, sub);
  }
}

/**
 * Applies the schema's defaults to `value` (Default): a missing field, or a null in a
 * non-nullable one, gets a copy of its default; then every field is defaulted recursively, so
 * a defaulted object gets its own fields' defaults too. Nothing is created where the parent
 * object is absent.
 */
export function applyDefaults(value: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(value)) {
    const items = s.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && !items.nullable && items.default !== undefined) value[i] = clone(items.default);
      applyDefaults(value[i], items);
    }
    return;
  }
  if (!isObject(value)) return;
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!Object.hasOwn(value, k) || value[k] === undefined || (value[k] === null && !prop.nullable)) value[k] = clone(prop.default);
  }
  const additional = isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
  for (const k of Object.keys(value)) {
    const prop = s.properties?.[k];
    if (prop) {
      applyDefaults(value[k], prop);
    } else if (additional) {
      if (value[k] === null && !additional.nullable && additional.default !== undefined) value[k] = clone(additional.default);
      applyDefaults(value[k], additional);
    }
  }
}
