// Access and identity reviews (authorization.k8s.io, authentication.k8s.io): computed from the
// request's user and the authorizer, never stored. `kubectl auth can-i` and `auth whoami` use
// them (contract §13.1).

import { badRequest, type KubeObject } from '../apimachinery/index.ts';
import type { RequestContext, ResourceInfo } from '../registry/index.ts';
import type { Authorizer } from './auth.ts';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** Returns the review with its status filled in by asking `authorizer` about the caller. */
async function accessReview(obj: KubeObject, ctx: RequestContext, authorizer: Authorizer, namespace?: string): Promise<KubeObject> {
  const spec = (obj.spec ?? {}) as { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: { path?: string; verb?: string } };
  const res = spec.resourceAttributes;
  const nonRes = spec.nonResourceAttributes;
  if ((res ? 1 : 0) + (nonRes ? 1 : 0) !== 1) {
    throw badRequest('exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  const decision = await authorizer.authorize({
    user: ctx.user,
    cluster: ctx.cluster,
    verb: res?.verb ?? nonRes?.verb ?? '',
    isResourceRequest: Boolean(res),
    path: nonRes?.path ?? '',
    apiGroup: res?.group ?? '',
    apiVersion: res?.version ?? '',
    namespace: namespace ?? res?.namespace ?? '',
    resource: res?.resource ?? '',
    subresource: res?.subresource ?? '',
    name: res?.name ?? '',
  });
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (!decision.allowed && decision.reason) status.reason = decision.reason;
  return { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status };
}

/** Returns the virtual-create functions of the review kinds, keyed "group/resource". */
export function reviewHandlers(authorizer: Authorizer): Map<string, (obj: KubeObject, ctx: RequestContext, info: ResourceInfo) => Promise<KubeObject>> {
  const handlers = new Map<string, (obj: KubeObject, ctx: RequestContext, info: ResourceInfo) => Promise<KubeObject>>();
  handlers.set('authorization.k8s.io/selfsubjectaccessreviews', (obj, ctx) => accessReview(obj, ctx, authorizer));
  handlers.set('authorization.k8s.io/selfsubjectrulesreviews', async (obj, ctx) => {
    const namespace = ((obj.spec ?? {}) as { namespace?: string }).namespace ?? '';
    const rules = await authorizer.rulesFor(ctx.user, ctx.cluster, namespace);
    return { ...obj, metadata: { creationTimestamp: null }, status: rules };
  });
  handlers.set('authentication.k8s.io/selfsubjectreviews', async (obj, ctx) => {
    const userInfo: Record<string, unknown> = { username: ctx.user.name, groups: ctx.user.groups };
    if (ctx.user.uid) userInfo.uid = ctx.user.uid;
    if (ctx.user.extra) userInfo.extra = ctx.user.extra;
    return { ...obj, metadata: { creationTimestamp: null }, status: { userInfo } };
  });
  return handlers;
}
