// The OpenAPI v3 schema a custom resource is published with (apiextensions-apiserver
// pkg/controller/openapi/builder): the version's structural schema, with apiVersion and kind as
// strings and metadata as ObjectMeta, under the definition name upstream uses
// ("com.example.stable.v1.CronTab", the group reversed), plus the matching List definition.

import type { Schema, SchemaResolver } from '../../apimachinery/index.ts';
import { builtinSchemas } from '../builtin/index.ts';
import { clone } from '../object-meta.ts';
import type { JSONSchemaProps } from './types.ts';

const refPrefix = '#/components/schemas/';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const docs = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

const apiVersionProperty: Schema = {
  type: 'string',
  description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${docs}#resources`,
};
const kindProperty: Schema = {
  type: 'string',
  description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${docs}#types-kinds`,
};

/** Returns the OpenAPI definition name of a custom kind ("com.example.stable.v1.CronTab"). */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** A custom kind's published schema, its list schema and the resolver for both and the built-ins. */
export interface PublishedSchema {
  definition: string;
  schema: Schema;
  list: Schema;
  resolve: SchemaResolver;
}

let fieldsV1: Schema | undefined;

/**
 * Returns the built-in resolver with FieldsV1 marked free-form: the managed-fields trie has no
 * declared properties, and structural pruning must not empty it when a client sends it back
 * (kubectl edit and replace send managedFields).
 */
function builtinResolver(): SchemaResolver {
  const { resolve } = builtinSchemas();
  return (ref) => {
    if (ref === `${refPrefix}${meta}.FieldsV1`) {
      fieldsV1 ??= { ...(resolve(ref) ?? { type: 'object' }), 'x-kubernetes-preserve-unknown-fields': true };
      return fieldsV1;
    }
    return resolve(ref);
  };
}

/** Returns the published schemas of one version of a custom kind. */
export function publishedSchema(group: string, version: string, kind: string, listKind: string, plural: string, structural: JSONSchemaProps | undefined): PublishedSchema {
  const definition = definitionName(group, version, kind);
  const schema = clone((structural ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Schema);
  const own = schema.properties ?? {};
  schema.type = 'object';
  schema.properties = {
    ...own,
    apiVersion: { ...apiVersionProperty, ...(own.apiVersion?.description ? { description: own.apiVersion.description } : {}) },
    kind: { ...kindProperty, ...(own.kind?.description ? { description: own.kind.description } : {}) },
    metadata: { allOf: [{ $ref: `${refPrefix}${meta}.ObjectMeta` }], description: `Standard object's metadata. More info: ${docs}#metadata` },
  };
  schema['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  const list: Schema = {
    description: `${listKind} is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: apiVersionProperty,
      items: { type: 'array', items: { $ref: `${refPrefix}${definition}` }, description: `List of ${plural}. More info: ${docs}` },
      kind: kindProperty,
      metadata: { allOf: [{ $ref: `${refPrefix}${meta}.ListMeta` }], description: `Standard list metadata. More info: ${docs}#types-kinds` },
    },
    'x-kubernetes-group-version-kind': [{ group, kind: listKind, version }],
  };
  const builtin = builtinResolver();
  const resolve: SchemaResolver = (ref) => {
    if (ref === `${refPrefix}${definition}`) return schema;
    if (ref === `${refPrefix}${definition}List`) return list;
    return builtin(ref);
  };
  return { definition, schema, list, resolve };
}
