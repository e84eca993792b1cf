// The subset of OpenAPI v3 schema objects the server works with: the schemas of built-in kinds
// (generated from @kubernetes/client-node) and CRD structural schemas. Patch algorithms, server-
// side apply, pruning and validation all walk this one shape.

/** Schema is an OpenAPI v3 schema object with the Kubernetes extensions the server honours. */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  /** A reference to another schema, "#/components/schemas/<name>". */
  $ref?: string;
  /** Upstream wraps a $ref as allOf: [{$ref}] to attach a description to it. */
  allOf?: Schema[];
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  /** Strategic merge patch: "merge", "replace", "retainKeys", or "merge,retainKeys". */
  'x-kubernetes-patch-strategy'?: string;
  /** Strategic merge patch: the field that identifies list elements. */
  'x-kubernetes-patch-merge-key'?: string;
  /** Server-side apply: "atomic", "set" or "map". */
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: string]: unknown;
}

/** SchemaResolver turns `$ref`/`allOf` wrappers into the schema they point to. */
export type SchemaResolver = (ref: string) => Schema | undefined;

/** Returns `schema` with a leading $ref or single allOf reference followed, keeping its extensions. */
export function derefSchema(schema: Schema | undefined, resolve: SchemaResolver): Schema | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 32; depth++) {
    const ref = current.$ref ?? (current.allOf?.length === 1 ? current.allOf[0]?.$ref : undefined);
    if (!ref) return current;
    const target = resolve(ref);
    if (!target) return undefined;
    // Extensions on the referring schema (list type, patch strategy) apply to the target.
    const { $ref: _ref, allOf: _allOf, description, ...extensions } = current;
    current = { ...target, ...extensions, ...(description ? { description } : {}) };
  }
  return current;
}
