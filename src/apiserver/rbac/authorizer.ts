// RbacAuthorizer: the RBAC authorization mode, per logical cluster (k8s.io/kubernetes
// plugin/pkg/auth/authorizer/rbac/rbac.go and pkg/registry/rbac/validation/rule.go
// VisitRulesFor). Members of system:masters are allowed first, as kube-apiserver's privileged-group
// authorizer does ahead of RBAC. Otherwise the ClusterRoleBindings of the user and its groups are
// visited, then, for a namespaced request, the RoleBindings of that namespace; the first rule that
// allows the request decides.

import type { UserInfo } from '../../registry/index.ts';
import type { AuthorizationAttributes, AuthorizationDecision, Authorizer, SubjectRules } from '../auth.ts';
import type { BindingEntry, ClusterPolicy, RbacIndex, RoleEntry, Subject, SubjectIndex } from './policy-index.ts';
import { serviceAccountUsername } from './policy-index.ts';
import { combinedResource, rbacGroup, ruleAllows, type Rule } from './rules.ts';

/** The group whose members may do anything (user.SystemPrivilegedGroup). */
export const systemMasters = 'system:masters';

/** SubjectRules plus upstream's `evaluationError` (set when a binding names a missing role). */
export interface RbacSubjectRules extends SubjectRules {
  evaluationError?: string;
}

/** A role reference resolved against the index: the role, or the upstream error text. */
type Resolved = { role: RoleEntry; error?: undefined } | { role?: undefined; error: string };

/** Returns the role a binding refers to (GetRoleReferenceRules, with the listers' error text). */
export function resolveRoleRef(policy: ClusterPolicy, binding: Pick<BindingEntry, 'roleKind' | 'roleName' | 'namespace'>): Resolved {
  if (binding.roleKind === 'ClusterRole') {
    const role = policy.clusterRoles.get(binding.roleName);
    return role ? { role } : { error: `clusterrole.${rbacGroup} "${binding.roleName}" not found` };
  }
  if (binding.roleKind === 'Role' && binding.namespace) {
    const role = policy.roles.get(binding.namespace)?.get(binding.roleName);
    return role ? { role } : { error: `role.${rbacGroup} "${binding.roleName}" not found` };
  }
  return { error: `unsupported role reference kind: "${binding.roleKind}"` };
}

/** Returns the first subject of `binding` that applies to `user` (rule.go appliesTo). */
function appliesTo(user: UserInfo, binding: BindingEntry): Subject | undefined {
  for (const s of binding.subjects) {
    if (s.kind === 'User' && s.name === user.name) return s;
    if (s.kind === 'Group' && user.groups.includes(s.name)) return s;
    if (s.kind === 'ServiceAccount') {
      const ns = s.namespace || binding.namespace;
      if (ns && user.name === serviceAccountUsername(ns, s.name)) return s;
    }
  }
  return undefined;
}

/** describeSubject: `User "u"`, `Group "g"`, `ServiceAccount "name/namespace"`. */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** The allow reason upstream gives, e.g. `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`. */
function allowReason(user: UserInfo, binding: BindingEntry): string {
  const subject = appliesTo(user, binding);
  const who = subject ? describeSubject(subject, binding.namespace) : `User "${user.name}"`;
  // roleBindingDescriber names a RoleBinding "name/namespace".
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `RBAC: allowed by ${binding.kind} "${name}" of ${binding.roleKind} "${binding.roleName}" to ${who}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several as "[a, b]", duplicates once. */
function aggregate(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

/**
 * Calls `visit` with each binding of `subjects` that names the user or one of its groups, once per
 * binding; stops when `visit` returns true. Returns whether it stopped.
 */
function visitBindings(subjects: SubjectIndex, user: UserInfo, visit: (b: BindingEntry) => boolean, seen?: Set<BindingEntry>): boolean {
  const lists: Array<BindingEntry[] | undefined> = [subjects.users.get(user.name)];
  for (const g of user.groups) lists.push(subjects.groups.get(g));
  for (const list of lists) {
    if (!list) continue;
    for (const b of list) {
      if (seen) {
        if (seen.has(b)) continue;
        seen.add(b);
      }
      if (visit(b)) return true;
    }
  }
  return false;
}

/** RbacAuthorizer decides requests from each cluster's Roles, ClusterRoles and their bindings. */
export class RbacAuthorizer implements Authorizer {
  readonly index: RbacIndex;

  constructor(index: RbacIndex) {
    this.index = index;
  }

  /** Returns the decision for `attrs` (async to fit the Authorizer seam; the work is synchronous). */
  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision> {
    return this.decide(attrs);
  }

  /** Returns the decision for `attrs` synchronously. */
  decide(attrs: AuthorizationAttributes): AuthorizationDecision {
    const { user } = attrs;
    if (user.groups.includes(systemMasters)) return { allowed: true };
    const policy = this.index.policy(attrs.cluster);
    if (!policy) return { allowed: false };
    const combined = attrs.isResourceRequest ? combinedResource(attrs) : '';
    const errors: string[] = [];
    let allowedBy: BindingEntry | undefined;
    const visit = (binding: BindingEntry): boolean => {
      const resolved = resolveRoleRef(policy, binding);
      if (!resolved.role) {
        errors.push(resolved.error);
        return false;
      }
      for (const rule of resolved.role.rules) {
        if (ruleAllows(attrs, rule, combined)) {
          allowedBy = binding;
          return true;
        }
      }
      return false;
    };
    if (visitBindings(policy.clusterSubjects, user, visit)) return { allowed: true, reason: allowReason(user, allowedBy as BindingEntry) };
    const namespaced = attrs.namespace ? policy.namespaceSubjects.get(attrs.namespace) : undefined;
    if (namespaced && visitBindings(namespaced, user, visit)) return { allowed: true, reason: allowReason(user, allowedBy as BindingEntry) };
    // rbac.go: a denial carries no reason unless resolving some binding's role failed.
    return errors.length > 0 ? { allowed: false, reason: `RBAC: ${aggregate(errors)}` } : { allowed: false };
  }

  /**
   * Returns the RBAC rules `user` holds in `namespace` ("" = cluster-wide bindings only), without
   * the system:masters shortcut (the rule resolver ConfirmNoEscalation uses), and the resolution
   * errors.
   */
  heldRules(user: UserInfo, cluster: string, namespace: string): { rules: Rule[]; errors: string[] } {
    const rules: Rule[] = [];
    const errors: string[] = [];
    const policy = this.index.policy(cluster);
    if (!policy) return { rules, errors };
    const seen = new Set<BindingEntry>();
    const collect = (binding: BindingEntry): boolean => {
      const resolved = resolveRoleRef(policy, binding);
      if (resolved.role) rules.push(...resolved.role.rules);
      else errors.push(resolved.error);
      return false;
    };
    visitBindings(policy.clusterSubjects, user, collect, seen);
    const namespaced = namespace ? policy.namespaceSubjects.get(namespace) : undefined;
    if (namespaced) visitBindings(namespaced, user, collect, seen);
    return { rules, errors };
  }

  /** Returns the SelfSubjectRulesReview status: each rule as a resource and/or non-resource rule, as upstream's RulesFor. */
  async rulesFor(user: UserInfo, cluster: string, namespace: string): Promise<RbacSubjectRules> {
    const status: RbacSubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
    // The privileged-group authorizer contributes its own rules ahead of RBAC's in the union.
    if (user.groups.includes(systemMasters)) {
      status.resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
      status.nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
    }
    const { rules, errors } = this.heldRules(user, cluster, namespace);
    for (const rule of rules) {
      if (rule.resources.length > 0) {
        const r: SubjectRules['resourceRules'][number] = { verbs: [...rule.verbs] };
        if (rule.apiGroups.length > 0) r.apiGroups = [...rule.apiGroups];
        r.resources = [...rule.resources];
        if (rule.resourceNames.length > 0) r.resourceNames = [...rule.resourceNames];
        status.resourceRules.push(r);
      }
      if (rule.nonResourceURLs.length > 0) status.nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
    }
    if (errors.length > 0) status.evaluationError = aggregate(errors);
    return status;
  }
}
