// apimachinery: the pure vocabulary of the API (object metadata, errors, selectors, patches,
// schemas, naming). It performs no I/O and imports no node: module.
export type { KubeObject, ObjectMeta, ListMeta, OwnerReference, ManagedFieldsEntry } from './object.ts';
export * from './errors.ts';
export { derefSchema, type Schema, type SchemaResolver } from './schema.ts';
export { age, humanDuration } from './duration.ts';
export { evaluateJsonPath, parseJsonPath } from './jsonpath.ts';
export { pruneUnknownFields, type PruneMode } from './prune.ts';
export * as validation from './validation/index.ts';
export * as labels from './labels/index.ts';
export * as fields from './fields/index.ts';
export * as patch from './patch/index.ts';
export * as managedFields from './managedfields/index.ts';
