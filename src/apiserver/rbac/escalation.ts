// Privilege-escalation prevention in the RBAC API itself (k8s.io/kubernetes pkg/registry/rbac:
// role/policybased, clusterrole/policybased, rolebinding/policybased, clusterrolebinding/
// policybased, escalation_check.go, validation/rule.go ConfirmNoEscalation). It applies whatever
// authorizer decides requests (docs "Using RBAC Authorization", "Privilege escalation prevention
// and bootstrapping"):
//
// 1. a member of system:masters may write anything (EscalationAllowed);
// 2. a Role or ClusterRole may be written by whoever holds `escalate` on it
//    (RoleEscalationAuthorized), or else holds every permission it grants at its scope (the
//    namespace and cluster-wide bindings for a Role, cluster-wide bindings for a ClusterRole);
//    an aggregationRule additionally needs full authority (`*` on everything);
// 3. a RoleBinding or ClusterRoleBinding may be written by whoever holds `bind` on the role it
//    refers to, at the binding's scope (BindingAuthorized; resourceNames may narrow it to some
//    roles), or else holds every permission of that role at the binding's scope.
//
// An update that only changes what the garbage collector changes (ownerReferences, finalizers)
// is never checked (IsOnlyMutatingGCFields). "Holds" means rule coverage (covers.ts).

import { forbidden, invalid, fieldNotSupported, notFound, type KubeObject } from '../../apimachinery/index.ts';
import { jsonEqual, type RequestContext, type ResourceInfo, type UserInfo } from '../../registry/index.ts';
import type { Authorizer } from '../auth.ts';
import type { RbacClient } from './client.ts';
import { systemMasters, type RbacAuthorizer } from './authorizer.ts';
import { covers, describeMissing, goQuoteList } from './covers.ts';
import { normalizeRules, rbacGroup, type Rule } from './rules.ts';

/** The admission function signature of AdmissionHooks.admit (registry/rest-store.ts). */
export type AdmitFunction = (info: ResourceInfo, ctx: RequestContext, obj: KubeObject, old: KubeObject | undefined, subresource: string) => Promise<void>;

/** Options of rbacEscalationCheck. */
export interface EscalationCheckOptions {
  /** Decides `escalate` and `bind` (the server's whole authorizer); defaults to the RBAC authorizer. */
  authorizer?: Authorizer;
  /** Reads a role the index has not seen yet (a binding created right after its role). */
  client?: RbacClient;
}

/** `*` on every resource and non-resource URL: what an aggregationRule requires. */
const fullAuthority: Rule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
  { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
];

const gcMetadata = ['ownerReferences', 'finalizers', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'resourceVersion', 'managedFields', 'generation'];

/** IsOnlyMutatingGCFields: whether `obj` differs from `old` only in fields the garbage collector (or the server) sets. */
export function isOnlyMutatingGCFields(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => {
    const metadata = { ...(o.metadata ?? {}) };
    for (const f of gcMetadata) delete metadata[f];
    return { ...o, metadata };
  };
  return jsonEqual(strip(obj), strip(old));
}

function hasAggregationRule(obj: KubeObject | undefined): boolean {
  const rule = obj?.aggregationRule as { clusterRoleSelectors?: unknown } | undefined | null;
  return Boolean(rule && Array.isArray(rule.clusterRoleSelectors) && rule.clusterRoleSelectors.length > 0);
}

/** The ConfirmNoEscalation message: `user "u" (groups=["a" "b"]) is attempting to grant RBAC permissions not currently held:\n{...}`. */
export function escalationMessage(user: UserInfo, missing: readonly Rule[], resolutionErrors: readonly string[]): string {
  let msg = `user "${user.name}" (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${describeMissing(missing).join('\n')}`;
  if (resolutionErrors.length > 0) {
    const unique = [...new Set(resolutionErrors)];
    msg += `; resolution errors: [${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}]`;
  }
  return msg;
}

/** Returns the admission function that refuses RBAC writes granting more than the caller holds. */
export function rbacEscalationCheck(rbac: RbacAuthorizer, options: EscalationCheckOptions = {}): AdmitFunction {
  const authorizer = options.authorizer ?? rbac;

  const authorized = async (ctx: RequestContext, verb: string, resource: string, namespace: string, name: string): Promise<boolean> => {
    const decision = await authorizer.authorize({
      user: ctx.user,
      cluster: ctx.cluster,
      verb,
      isResourceRequest: true,
      path: '',
      apiGroup: rbacGroup,
      apiVersion: '*',
      namespace,
      resource,
      subresource: '',
      name,
    });
    return decision.allowed;
  };

  /** ConfirmNoEscalation: undefined when the caller holds `rules` at `namespace`, else the message. */
  const noEscalation = (ctx: RequestContext, namespace: string, rules: readonly Rule[]): string | undefined => {
    const held = rbac.heldRules(ctx.user, ctx.cluster, namespace);
    const { covered, missing } = covers(held.rules, rules);
    return covered ? undefined : escalationMessage(ctx.user, missing, held.errors);
  };

  /** GetRoleReferenceRules: the rules of the role a binding refers to; 404 when it does not exist. */
  const roleRefRules = async (ctx: RequestContext, kind: string, name: string, namespace: string): Promise<Rule[]> => {
    const resource = kind === 'ClusterRole' ? 'clusterroles' : 'roles';
    const policy = rbac.index.policy(ctx.cluster);
    const indexed = kind === 'ClusterRole' ? policy?.clusterRoles.get(name) : policy?.roles.get(namespace)?.get(name);
    if (indexed) return [...indexed.rules];
    const stored = await options.client?.resource(ctx.cluster, rbacGroup, resource)?.get(kind === 'ClusterRole' ? undefined : namespace, name);
    if (stored) return normalizeRules(stored.rules);
    throw notFound({ group: rbacGroup, resource }, name);
  };

  return async (info, ctx, obj, old, subresource) => {
    if (info.group !== rbacGroup || subresource) return;
    const isRole = info.resource === 'roles' || info.resource === 'clusterroles';
    const isBinding = info.resource === 'rolebindings' || info.resource === 'clusterrolebindings';
    if (!isRole && !isBinding) return;
    if (ctx.user.groups.includes(systemMasters)) return;
    if (old && isOnlyMutatingGCFields(obj, old)) return;
    const gr = { group: rbacGroup, resource: info.resource };
    const name = obj.metadata?.name ?? '';
    const namespace = info.namespaced ? (obj.metadata?.namespace ?? '') : '';

    if (isRole) {
      // RoleEscalationAuthorized asks about the request's name, which a create (POST) lacks.
      if (await authorized(ctx, 'escalate', info.resource, namespace, old ? name : '')) return;
      const denied = noEscalation(ctx, namespace, normalizeRules(obj.rules));
      if (denied) throw forbidden(gr, name, denied);
      if (info.resource === 'clusterroles' && (hasAggregationRule(obj) || hasAggregationRule(old))) {
        if (noEscalation(ctx, '', fullAuthority)) throw forbidden(gr, name, 'must have cluster-admin privileges to use the aggregationRule');
      }
      return;
    }

    const roleRef = (obj.roleRef ?? {}) as { kind?: unknown; name?: unknown };
    const kind = typeof roleRef.kind === 'string' ? roleRef.kind : '';
    const roleName = typeof roleRef.name === 'string' ? roleRef.name : '';
    const kinds = info.resource === 'rolebindings' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    // BindingAuthorized: `bind` on the referenced role, asked at the binding's namespace.
    if (kinds.includes(kind) && (await authorized(ctx, 'bind', kind === 'Role' ? 'roles' : 'clusterroles', namespace, roleName))) return;
    if (!kinds.includes(kind)) throw invalid({ group: rbacGroup, kind: info.kind }, name, [fieldNotSupported('roleRef.kind', kind, kinds)]);
    const rules = await roleRefRules(ctx, kind, roleName, namespace);
    const denied = noEscalation(ctx, namespace, rules);
    if (denied) throw forbidden(gr, name, denied);
  };
}
