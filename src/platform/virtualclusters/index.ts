// virtualclusters: the VirtualClusterInstance controller — a host namespace and a logical
// cluster per instance, from a template rendered with its parameters — and the names and access
// rules the proxy shares with it.
export { VirtualClusterInstanceController, reconcileStages } from './controller.ts';
export type { VirtualClusterControllerOptions } from './context.ts';
export { accessGroupsFor, clusterRolesFor, defaultClusterRoleOf, grantedClusterRoles, type AccessSubject } from './access.ts';
export {
  accessGroup,
  accessGroupPrefix,
  appliedTemplateAnnotation,
  cleanupFinalizer,
  logicalClusterAnnotation,
  logicalClusterName,
  preserveNamespaceAnnotation,
  spaceAdminClusterRole,
} from './names.ts';
export { conditionTypes, readinessConditions, reasons, type Condition } from './conditions.ts';
export { resolveVersion, parseVersionPattern, type VersionResolution } from './versions.ts';
export { resolveParameters, ParameterError } from './parameters.ts';
export { renderDefinition, RenderError, type LoftValues } from './render.ts';
export { phases } from './steps/phase.ts';
export type { TemplateDefinition, InstanceAccess, InstanceAccessRule, AppParameter } from './types.ts';
