// Unknown fields (KEP-2885 field validation; CRD pruning). A field the schema does not declare
// is reported as "spec.foo" and removed, as decoding into Go types drops it for built-in kinds
// and as structural pruning drops it for custom resources.

import { derefSchema, type Schema, type SchemaResolver } from './schema.ts';

/** How to treat an object schema that declares no properties. */
export type PruneMode =
  /** Built-in kinds: such a schema is free-form (RawExtension, JSON), kept as is. */
  | 'builtin'
  /** CRD structural schemas: unknown fields are dropped unless x-kubernetes-preserve-unknown-fields. */
  | 'structural';

/** Removes fields `schema` does not declare from `value` (in place); returns their paths. */
export function pruneUnknownFields(value: unknown, schema: Schema | undefined, resolve: SchemaResolver, mode: PruneMode): string[] {
  const unknown: string[] = [];
  walk(value, schema, resolve, mode, '', unknown, 0);
  return unknown;
}

const embeddedFields = new Set(['apiVersion', 'kind', 'metadata']);

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

function walk(value: unknown, raw: Schema | undefined, resolve: SchemaResolver, mode: PruneMode, path: string, unknown: string[], depth: number): void {
  if (depth > 200 || value === null || typeof value !== 'object') return;
  const schema = derefSchema(raw, resolve);
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (let i = 0; i < value.length; i++) walk(value[i], schema.items, resolve, mode, `${path}[${i}]`, unknown, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const properties = schema.properties;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (!properties) {
    if (additional && typeof additional === 'object') {
      for (const [k, v] of Object.entries(obj)) walk(v, additional, resolve, mode, join(path, k), unknown, depth + 1);
      return;
    }
    if (mode === 'builtin' || preserve || additional === true) return;
    for (const k of Object.keys(obj)) {
      unknown.push(join(path, k));
      delete obj[k];
    }
    return;
  }
  for (const [k, v] of Object.entries(obj)) {
    const child = properties[k];
    if (child) {
      walk(v, child, resolve, mode, join(path, k), unknown, depth + 1);
    } else if (additional && typeof additional === 'object') {
      walk(v, additional, resolve, mode, join(path, k), unknown, depth + 1);
    } else if (!preserve && additional !== true && !(schema['x-kubernetes-embedded-resource'] && embeddedFields.has(k))) {
      // Embedded resources keep apiVersion, kind and metadata even when not declared.
      unknown.push(join(path, k));
      delete obj[k];
    }
  }
}
