// Filtered lists (the management API's behaviour, loft-platform-api.md §8.1 "Lists return only
// what the caller may see"): a caller who may not list a kind as a whole, but holds some access
// to objects of it in that namespace (an owner, a shared instance, a project membership), may
// still list and watch it; the server then returns only the objects the caller may get. A caller
// with no access there at all still gets 403. Access reviews answer through the same decorator,
// so `kubectl auth can-i list` agrees with what the list does.

import type { Catalog } from '../registry/index.ts';
import type { AuthorizationAttributes, AuthorizationDecision, Authorizer, SubjectRules } from './auth.ts';

/** The reason a filtered list is allowed with. */
export const filteredListReason = 'lists return only the objects the caller may get';

/** Wraps an authorizer so that list/watch of filteredList kinds is allowed wherever the caller holds some access. */
export class FilteredListAuthorizer implements Authorizer {
  private readonly inner: Authorizer;
  private readonly catalog: Catalog;

  constructor(inner: Authorizer, catalog: Catalog) {
    this.inner = inner;
    this.catalog = catalog;
  }

  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision> {
    const decision = await this.inner.authorize(attrs);
    if (decision.allowed || !attrs.isResourceRequest || (attrs.verb !== 'list' && attrs.verb !== 'watch') || attrs.subresource) return decision;
    const info = this.catalog.forCluster(attrs.cluster).all.find((r) => r.group === attrs.apiGroup && r.resource === attrs.resource);
    if (!info?.filteredList) return decision;
    const rules = await this.inner.rulesFor(attrs.user, attrs.cluster, attrs.namespace);
    const someAccess = rules.resourceRules.some(
      (r) =>
        (r.apiGroups ?? []).some((g) => g === '*' || g === attrs.apiGroup) &&
        (r.resources ?? []).some((res) => res === '*' || res === attrs.resource) &&
        r.verbs.some((v) => v === '*' || v === 'get' || v === 'list' || v === 'watch' || v === 'use'),
    );
    return someAccess ? { allowed: true, filtered: true, reason: filteredListReason } : decision;
  }

  rulesFor(user: AuthorizationAttributes['user'], cluster: string, namespace: string): Promise<SubjectRules> {
    return this.inner.rulesFor(user, cluster, namespace);
  }
}
