// The behaviour of apiextensions.k8s.io/customresourcedefinitions beyond the generic built-in
// strategy (apiextensions-apiserver pkg/registry/customresourcedefinition strategy.go and
// etcd.go): v1 defaults, status.storedVersions kept by the server, validation of the whole
// definition, and the cleanup finalizer added when deletion starts, so a CRD disappears only
// after the CRD controller deleted its custom resources.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { KindStrategy } from '../resource.ts';
import { rfc3339 } from '../object-meta.ts';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd-validation.ts';
import { crdSpec, customResourceCleanupFinalizer, setCondition, type CrdStatus } from './types.ts';

/** Fills the v1 defaults (SetDefaults_CustomResourceDefinitionSpec). */
function defaultCrd(obj: KubeObject): void {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names as Record<string, unknown> | undefined;
  if (names && typeof names === 'object') {
    if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
    if (!names.listKind && typeof names.kind === 'string' && names.kind) names.listKind = `${names.kind}List`;
  }
  if (spec.conversion === undefined || spec.conversion === null) spec.conversion = { strategy: 'None' };
}

/** Returns the storage version's name, if exactly one is marked. */
function storageVersion(obj: KubeObject): string | undefined {
  return crdSpec(obj).versions.find((v) => v?.storage === true)?.name;
}

/** Strategy fields the built-in CRD strategy takes from here (the API server merges them in). */
export const crdStrategyOverrides: Partial<KindStrategy> = {
  defaults: defaultCrd,
  prepareForCreate(obj) {
    // PrepareForCreate: the status is the server's; it starts with the storage version recorded.
    const stored = storageVersion(obj);
    obj.status = { acceptedNames: { plural: '', kind: '' }, storedVersions: stored ? [stored] : [] } satisfies CrdStatus;
  },
  prepareForUpdate(obj, old) {
    // The registry already kept the old status; a new storage version joins storedVersions.
    const status = ((obj.status as CrdStatus | undefined) ?? (old.status as CrdStatus | undefined) ?? {}) as CrdStatus;
    const stored = storageVersion(obj);
    if (stored && !(status.storedVersions ?? []).includes(stored)) obj.status = { ...status, storedVersions: [...(status.storedVersions ?? []), stored] };
  },
  validate: (obj) => validateCustomResourceDefinition(obj),
  validateUpdate: (obj, old) => validateCustomResourceDefinitionUpdate(obj, old),
  // The first delete marks the CRD terminating even without finalizers: prepareForDelete then
  // adds the cleanup finalizer (etcd.go REST.Delete), which the CRD controller removes.
  pendingFinalizers: (obj) => !obj.metadata?.deletionTimestamp,
  prepareForDelete(obj) {
    const meta = (obj.metadata ??= {});
    const finalizers = meta.finalizers ?? [];
    if (!finalizers.includes(customResourceCleanupFinalizer)) meta.finalizers = [...finalizers, customResourceCleanupFinalizer];
    const status = (obj.status ?? {}) as CrdStatus;
    if (!(status.conditions ?? []).some((c) => c.type === 'Terminating')) {
      obj.status = {
        ...status,
        conditions: setCondition(
          status.conditions,
          {
            type: 'Terminating',
            status: 'True',
            reason: 'InstanceDeletionPending',
            message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
          },
          rfc3339(new Date()),
        ),
      };
    }
  },
};
