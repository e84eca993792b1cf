// POST …/virtualclusterinstances/<name>/kubeconfig (loft-platform-api.md §2.2): a kubeconfig that
// reaches the instance through the platform proxy with the caller's own credential, so it grants
// exactly what the caller may do there and stops working when the caller's key is revoked.

import { notFound } from '../../apimachinery/index.ts';
import { bearerToken, writeObject, type ResourceCall, type SubresourceHandler } from '../../apiserver/index.ts';
import { kubeconfigFor } from '../kubeconfig.ts';
import { projectOfNamespace } from '../names.ts';

/** Returns the handler of the kubeconfig subresource; `caPem` is the platform CA. */
export function kubeconfigSubresource(caPem: string): SubresourceHandler {
  return async (call: ResourceCall) => {
    const { request, ctx, store, req } = call;
    if (request.verb !== 'create') throw notFound({ group: 'management.loft.sh', resource: 'virtualclusterinstances' }, request.name);
    const body = await call.body();
    const vci = await store.get(ctx, request.namespace, request.name);
    const project = projectOfNamespace(vci.metadata?.namespace) ?? '';
    const spec = (body.spec ?? {}) as { server?: string };
    const base = spec.server || `https://${req.headers.host ?? 'localhost'}`;
    const name = `loft-vcluster_${request.name}_${project}`;
    const kubeConfig = kubeconfigFor({
      name,
      server: `${base.replace(/\/+$/, '')}/kubernetes/project/${project}/virtualcluster/${request.name}`,
      caPem,
      token: bearerToken(req) ?? '',
    });
    writeObject(req, call.res, 201, {
      apiVersion: 'management.loft.sh/v1',
      kind: 'VirtualClusterInstanceKubeConfig',
      metadata: { name: request.name, namespace: request.namespace, creationTimestamp: null },
      spec: body.spec ?? {},
      status: { kubeConfig },
    });
  };
}
