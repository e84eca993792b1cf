// registry: kinds as strategies and the generic REST store that serves them over storage.
export {
  apiVersionOf,
  qualifiedResource,
  type GroupVersionKind,
  type KindStrategy,
  type RequestContext,
  type ResourceInfo,
  type ScaleInfo,
  type SubresourceInfo,
  type TableColumn,
  type UserInfo,
} from './resource.ts';
export { Catalog, type ClusterResources } from './catalog.ts';
export {
  RestStore,
  type AdmissionHooks,
  type DeleteOutcome,
  type PatchType,
  type RestDeleteOptions,
  type RestListOptions,
  type RestWatchOptions,
  type WriteOutcome,
} from './rest-store.ts';
export { clusterPrefix, objectKey, resourcePrefix } from './keys.ts';
export type { StoredAs } from './stored-as.ts';
export { interpretStorageError } from './storage-errors.ts';
export { clone, jsonEqual, newUid, rfc3339 } from './object-meta.ts';
export { builtinResources, builtinSchemas } from './builtin/index.ts';
export * from './custom/index.ts';
