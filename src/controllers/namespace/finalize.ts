// The namespaces/finalize subresource (PUT /api/v1/namespaces/{name}/finalize): the only way
// spec.finalizers changes after creation. Upstream serves it from a copy of the namespace store
// with its own update strategy (pkg/registry/core/namespace/storage: finalizeStore with
// namespaceFinalizeStrategy); we do the same — a ResourceInfo whose strategy lets
// spec.finalizers through — so the write still runs through RestStore: validation, managed
// fields, and the removal of a terminating namespace whose last finalizer is gone.

import {
  badRequest,
  fieldInvalid,
  methodNotSupported,
  validation,
  type FieldError,
  type KubeObject,
} from '../../apimachinery/index.ts';
import { writeObject, type SubresourceHandler } from '../../apiserver/index.ts';
import type { KindStrategy, RequestContext, ResourceInfo, RestStore } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';

/** The finalizer token the namespace controller owns in spec.finalizers. */
export const finalizerKubernetes = 'kubernetes';

/** Finalizer names valid without a domain (pkg/apis/core/helper IsStandardFinalizerName). */
const standardFinalizers = new Set([finalizerKubernetes, 'orphan', 'foregroundDeletion']);

type NamespaceSpec = { finalizers?: string[] };

/** Returns the errors for spec.finalizers (core validation validateFinalizerName: qualified, and standard when unprefixed). */
export function validateSpecFinalizers(finalizers: unknown): FieldError[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) return [fieldInvalid('spec.finalizers', finalizers, 'must be a list of finalizer names')];
  const errors: FieldError[] = [];
  finalizers.forEach((name, i) => {
    const path = `spec.finalizers[${i}]`;
    if (typeof name !== 'string') {
      errors.push(fieldInvalid(path, name, 'must be a string'));
      return;
    }
    errors.push(...validation.validateFinalizerName(name, path));
    if (!name.includes('/') && !standardFinalizers.has(name)) {
      errors.push(fieldInvalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errors;
}

const finalizeInfos = new WeakMap<ResourceInfo, ResourceInfo>();

/**
 * Returns the ResourceInfo that serves namespaces/finalize: the namespaces resource with
 * namespaceFinalizeStrategy (status stays, spec.finalizers is taken from the request).
 */
export function namespaceFinalizeInfo(namespaces: ResourceInfo): ResourceInfo {
  let info = finalizeInfos.get(namespaces);
  if (info) return info;
  const base = namespaces.strategy;
  const strategy: KindStrategy = {
    ...base,
    prepareForUpdate(obj, old) {
      // namespaceFinalizeStrategy.PrepareForUpdate: the status is the server's.
      obj.status = old.status;
      const spec = ((obj.spec as NamespaceSpec | undefined) ??= {});
      if (Array.isArray(spec.finalizers) && spec.finalizers.length === 0) delete spec.finalizers;
      const meta = (obj.metadata ??= {});
      meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name ?? '' };
    },
    // The defaults would put `kubernetes` back into an emptied list; here the request decides.
    defaults(obj) {
      const requested = (obj.spec as NamespaceSpec | undefined)?.finalizers;
      base.defaults?.(obj);
      const spec = ((obj.spec as NamespaceSpec | undefined) ??= {});
      if (requested === undefined) delete spec.finalizers;
      else spec.finalizers = requested;
    },
    validateUpdate(obj) {
      return validateSpecFinalizers((obj.spec as NamespaceSpec | undefined)?.finalizers);
    },
  };
  info = { ...namespaces, strategy };
  finalizeInfos.set(namespaces, info);
  return info;
}

/**
 * Replaces spec.finalizers of namespace `name` with the body's; returns the stored namespace,
 * or its last state when that removed its last finalizer and so the namespace itself.
 * `store` must serve namespaceFinalizeInfo(namespaces).
 */
export async function finalizeNamespace(store: RestStore, ctx: RequestContext, name: string, body: KubeObject): Promise<KubeObject> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be an object');
  return (await store.update(ctx, undefined, name, body)).object;
}

/**
 * Returns the SubresourceHandler for "/namespaces/finalize" (ApiServerOptions.subresources):
 * PUT only, like upstream's FinalizeREST.
 */
export function namespaceFinalizeEndpoint(client: SystemClient): SubresourceHandler {
  return async (call) => {
    if (call.request.verb !== 'update') throw methodNotSupported({ group: '', resource: 'namespaces/finalize' }, call.request.verb);
    const store = client.store(namespaceFinalizeInfo(call.resource));
    const obj = await finalizeNamespace(store, call.ctx, call.request.name, await call.body());
    writeObject(call.req, call.res, 200, obj, { encoding: 'json' }, call.ctx.warnings);
  };
}

/** Removes `finalizerKubernetes` from spec.finalizers through the finalize subresource; returns the result. */
export async function removeKubernetesFinalizer(client: SystemClient, cluster: string, namespace: KubeObject): Promise<KubeObject> {
  const namespaces = client.must(cluster, '', 'namespaces');
  const spec = (namespace.spec as NamespaceSpec | undefined) ?? {};
  const finalizers = [...new Set((spec.finalizers ?? []).filter((f) => f !== finalizerKubernetes))].sort();
  const body: KubeObject = { ...namespace, spec: { ...spec, finalizers } };
  return client.forInfo(cluster, namespaceFinalizeInfo(namespaces.info)).update(body);
}
