// The computed management kinds: Self (who am I) and SelfSubjectAccessReview in
// management.loft.sh (loft-platform-api.md §2.7, §8.1): answered per request, never stored.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { Authorizer } from '../../apiserver/index.ts';
import type { RequestContext } from '../../registry/index.ts';

/** Returns the Self of the caller: user, teams, groups and access key. */
export function selfFor(obj: KubeObject, ctx: RequestContext): KubeObject {
  const user = ctx.user;
  const teams = user.groups.filter((g) => g.startsWith('loft:team:')).map((g) => g.slice('loft:team:'.length));
  return {
    apiVersion: 'management.loft.sh/v1',
    kind: 'Self',
    metadata: { creationTimestamp: null },
    spec: (obj.spec as object) ?? {},
    status: {
      user: { name: user.name, username: user.name, subject: user.name, teams: teams.map((name) => ({ name })) },
      subject: user.name,
      uid: user.uid ?? '',
      groups: user.groups,
      accessKey: user.extra?.['loft.sh/access-key']?.[0] ?? '',
      accessKeyType: user.extra?.['loft.sh/access-key-type']?.[0] ?? '',
      projectNamespacePrefix: 'loft-p-',
    },
  };
}

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
