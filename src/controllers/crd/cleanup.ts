// Step 3 of the CRD controller: a deleted CRD's custom resources go before it does
// (apiextensions-apiserver pkg/controller/finalizer CRDFinalizer). Every object of the kind in
// the cluster is deleted through the registry; once none is left, the
// customresourcecleanup.apiextensions.k8s.io finalizer is removed and the registry removes the
// CRD. Objects held by their own finalizers are waited for.

import type { KubeObject } from '../../apimachinery/index.ts';
import { crdSpec, customResourceCleanupFinalizer } from '../../registry/index.ts';
import type { ResourceClient, SystemClient } from '../runtime/client.ts';

/** How cleanup of one CRD went: finished (finalizer removed), or waiting for objects to go. */
export type CleanupOutcome = { done: true } | { done: false; remaining: number };

/** Returns whether the CRD is terminating and still holds the cleanup finalizer. */
export function needsCleanup(crd: KubeObject): boolean {
  return Boolean(crd.metadata?.deletionTimestamp) && (crd.metadata?.finalizers ?? []).includes(customResourceCleanupFinalizer);
}

/**
 * Deletes the custom resources of a terminating CRD in `cluster` and, when none remain, removes
 * its cleanup finalizer. `served` says which version serves the kind (undefined when it was
 * never established: then there is nothing to delete).
 */
export async function cleanupCrd(client: SystemClient, cluster: string, crd: KubeObject, crdClient: ResourceClient, served: string | undefined): Promise<CleanupOutcome> {
  if (served) {
    const spec = crdSpec(crd);
    const objects = client.resource(cluster, spec.group, spec.names.plural, served);
    if (objects) {
      const failures: string[] = [];
      for (const item of await objects.list()) {
        try {
          await objects.delete(item.metadata?.namespace, item.metadata?.name ?? '');
        } catch (err) {
          failures.push(String((err as Error)?.message ?? err));
        }
      }
      if (failures.length > 0) throw new Error(`could not issue all deletes: ${failures.join('; ')}`);
      const remaining = (await objects.list()).length;
      if (remaining > 0) return { done: false, remaining };
    }
  }
  const meta = crd.metadata ?? {};
  const finalizers = (meta.finalizers ?? []).filter((f) => f !== customResourceCleanupFinalizer);
  const next: KubeObject = { ...crd, metadata: { ...meta } };
  if (finalizers.length > 0) (next.metadata as { finalizers?: string[] }).finalizers = finalizers;
  else delete (next.metadata as { finalizers?: string[] }).finalizers;
  await crdClient.update(next);
  return { done: true };
}
