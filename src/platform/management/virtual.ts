// SelfSubjectAccessReview in management.loft.sh (loft-platform-api.md §8.1): answered per
// request from the authorizer, never stored. (Self lives with authentication, auth/self.ts.)

import type { KubeObject } from '../../apimachinery/index.ts';
import type { Authorizer } from '../../apiserver/index.ts';
import type { RequestContext } from '../../registry/index.ts';

/** Returns the review with status.allowed from the authorizer (verbs like "use" included). */
export async function managementAccessReview(obj: KubeObject, ctx: RequestContext, authorizer: Authorizer): Promise<KubeObject> {
  const spec = (obj.spec ?? {}) as { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> };
  const res = spec.resourceAttributes;
  const decision = await authorizer.authorize({
    user: ctx.user,
    cluster: ctx.cluster,
    verb: res?.verb ?? spec.nonResourceAttributes?.verb ?? '',
    isResourceRequest: Boolean(res),
    path: spec.nonResourceAttributes?.path ?? '',
    apiGroup: res?.group ?? '',
    apiVersion: res?.version ?? '',
    namespace: res?.namespace ?? '',
    resource: res?.resource ?? '',
    subresource: res?.subresource ?? '',
    name: res?.name ?? '',
  });
  return {
    ...obj,
    metadata: { creationTimestamp: null },
    status: { allowed: decision.allowed, ...(decision.allowed ? {} : { denied: true, reason: decision.reason ?? '' }) },
  };
}
