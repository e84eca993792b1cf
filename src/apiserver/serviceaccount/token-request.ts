// POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token: the TokenRequest subresource
// (authentication.k8s.io/v1 TokenRequest in, TokenRequest with status.token out).

import { notFound, type KubeObject } from '../../apimachinery/index.ts';
import type { ResourceCall, SubresourceHandler } from '../resource-handler.ts';
import { writeObject } from '../responses.ts';
import type { ServiceAccountTokens, TokenRequestSpec } from './tokens.ts';

/** Returns the handler of the serviceaccounts/token subresource. */
export function tokenRequestHandler(tokens: ServiceAccountTokens): SubresourceHandler {
  return async (call: ResourceCall) => {
    if (call.request.verb !== 'create') throw notFound({ group: '', resource: 'serviceaccounts' }, call.request.name);
    const body: KubeObject = await call.body();
    const sa = await call.store.get(call.ctx, call.request.namespace, call.request.name);
    const spec = (body.spec ?? {}) as TokenRequestSpec;
    const { token, expirationTimestamp } = await tokens.issue(call.ctx.cluster, call.request.namespace, call.request.name, sa.metadata?.uid ?? '', spec);
    const expirationSeconds = Math.max(spec.expirationSeconds ?? 3600, 600);
    writeObject(call.req, call.res, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: call.request.name, namespace: call.request.namespace, creationTimestamp: null },
      spec: { ...spec, audiences: spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'], expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp },
    });
  };
}
