// managedfields: field ownership and server-side apply (structured-merge-diff and the apiserver's
// field manager). The registry calls updateManagedFields on create/update/patch and
// applyConfiguration on apply patches; FieldSet reads and writes the FieldsV1 they record.
export {
  applyConfiguration,
  updateManagedFields,
  type ApplyConfigurationOptions,
  type ApplyResult,
  type FieldManagerOptions,
  type UpdateManagedFieldsOptions,
} from './field-manager.ts';
export { zeroObject } from './zero-object.ts';
export { FieldSet } from './field-set.ts';
export { pathString as fieldPathString, type Path as FieldPath, type PathElement as FieldPathElement } from './path.ts';
export { lastAppliedAnnotation as lastAppliedConfigAnnotation } from './last-applied.ts';
