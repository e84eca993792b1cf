// NamespaceLifecycle admission (k8s.io/apiserver pkg/admission/plugin/namespace/lifecycle):
// no new content in a namespace that does not exist or is being terminated, and the namespaces
// the cluster itself relies on may not be deleted.

import { forbidden, notFound, StatusError, type GroupResource } from '../../apimachinery/index.ts';
import type { RequestContext } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';

/** The namespaces upstream refuses to delete (--immortal-namespaces default). */
export const immortalNamespaces: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/** Access reviews are answered whatever the namespace's state: refusing them would leak it. */
function isAccessReview(resource: GroupResource | undefined): boolean {
  return resource?.group === 'authorization.k8s.io' && resource.resource === 'localsubjectaccessreviews';
}

/** The check AdmissionHooks.checkNamespace calls before a namespaced create. */
export type NamespaceCheck = (ctx: RequestContext, namespace: string, resource?: GroupResource, name?: string) => Promise<void>;

/**
 * Returns the NamespaceLifecycle create check: 404 `namespaces "x" not found` for a missing
 * namespace, 403 for a terminating one. With the resource and name (when RestStore passes them)
 * the 403 reads exactly like upstream's admission.NewForbidden.
 */
export function namespaceLifecycleCheck(client: SystemClient): NamespaceCheck {
  return async (ctx, namespace, resource, name) => {
    if (isAccessReview(resource)) return;
    const ns = await client.resource(ctx.cluster, '', 'namespaces')?.get(undefined, namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    const terminating = (ns.status as { phase?: string } | undefined)?.phase === 'Terminating' || ns.metadata?.deletionTimestamp !== undefined;
    if (!terminating) return;
    const why = `unable to create new content in namespace ${namespace} because it is being terminated`;
    const cause = { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' };
    if (resource) {
      const err = forbidden(resource, name ?? '', why);
      err.status.details = { ...err.status.details, causes: [cause] };
      throw err;
    }
    throw new StatusError(403, 'Forbidden', why, { causes: [cause] });
  };
}

/** Throws 403 `namespaces "x" is forbidden: this namespace may not be deleted` for an immortal namespace; a check for namespace DELETE. */
export function checkNamespaceDeletion(resource: GroupResource, name: string): void {
  if (resource.group !== '' || resource.resource !== 'namespaces' || !immortalNamespaces.has(name)) return;
  throw forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
}
