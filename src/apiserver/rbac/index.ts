// rbac: the RBAC authorization mode of every logical cluster — the policy index fed by the
// controller manager, the authorizer, ClusterRole aggregation, the default policy, escalation
// prevention and impersonation. README.md explains the choices and their costs.
export { RbacAuthorizer, resolveRoleRef, systemMasters, type RbacSubjectRules } from './authorizer.ts';
export { RbacIndex, rbacWatches, serviceAccountUsername, type BindingEntry, type ClusterPolicy, type RbacIndexStats, type RbacObjectEvent, type RoleEntry, type Subject } from './policy-index.ts';
export { ClusterRoleAggregationController, aggregateRules } from './aggregation.ts';
export type { RbacClient, RbacResourceClient } from './client.ts';
export {
  aggregateToSpaceAdminLabel,
  autoUpdateAnnotation,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRbac,
  bootstrappingLabel,
  spaceAdminRole,
} from './bootstrap-policy.ts';
export { rbacEscalationCheck, escalationMessage, isOnlyMutatingGCFields, type AdmitFunction, type EscalationCheckOptions } from './escalation.ts';
export { applyImpersonation, isImpersonationHeader, stripImpersonationHeaders } from './impersonation.ts';
export { covers, compactString } from './covers.ts';
export { normalizeRules, rbacGroup, ruleAllows, toPolicyRule, type PolicyRule, type Rule } from './rules.ts';
