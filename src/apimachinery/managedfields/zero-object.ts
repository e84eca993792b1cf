// The object a create starts from. Upstream compares a created built-in object with the Go zero
// value of its type, which is not empty: non-pointer struct fields (metadata, spec, status,
// spec.template, spec.strategy…) and fields without omitempty are always serialized. So the
// creator of a Deployment owns `.spec.replicas` but not `.spec` itself (no `".": {}` under
// `f:spec`), while a custom resource, created from an empty unstructured object, owns `.spec` too.
//
// The OpenAPI v3 of built-in kinds marks non-pointer struct fields with `default: {}`, and lists
// fields without `+optional` as required; that is what the zero value is rebuilt from. Schemas
// without the markers (e.g. converted from OpenAPI v2) still get the structs that are always
// values in Kubernetes types: metadata, spec and status, and required struct fields.

import type { KubeObject } from '../object.ts';
import { derefSchema, type Schema, type SchemaResolver } from '../schema.ts';

/** Returns the Go zero value of the built-in kind `schema` describes, as it serializes to JSON; {} without a schema. */
export function zeroObject(schema: Schema | undefined, resolve: SchemaResolver): KubeObject {
  const s = derefSchema(schema, resolve);
  return s ? zeroStruct(s, resolve, 0) : {};
}

function zeroStruct(s: Schema, resolve: SchemaResolver, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 16) return out;
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const target = derefSchema(prop, resolve);
    if (!target) continue;
    const fallback = prop.default !== undefined ? prop.default : target.default;
    const isEmptyDefault = fallback !== null && typeof fallback === 'object' && !Array.isArray(fallback) && Object.keys(fallback).length === 0;
    const isStruct = (target.type === 'object' || target.type === undefined) && target.properties !== undefined;
    const isValueStruct = isEmptyDefault || required.has(name) || name === 'metadata' || name === 'spec' || name === 'status';
    if (isStruct && isValueStruct) out[name] = zeroStruct(target, resolve, depth + 1);
    else if (required.has(name)) out[name] = zeroScalar(target);
  }
  return out;
}

/** Returns how Go serializes the zero value of a required (non-omitempty) field. */
function zeroScalar(s: Schema): unknown {
  if (s.format === 'date-time') return null;
  switch (s.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null; // pointers, slices and maps are nil
  }
}
