// apimachinery: the pure vocabulary of the API (object metadata, errors, selectors, patches,
// schemas, naming). It performs no I/O and imports no node: module.
export type { KubeObject, ObjectMeta, ListMeta, OwnerReference, ManagedFieldsEntry } from './object.ts';
export * from './errors.ts';
export { derefSchema, type Schema, type SchemaResolver } from './schema.ts';
