// access: platform permissions expressed as RBAC in loft-cluster (project roles, object access
// rules, owners), and the controller that keeps them in step.
export { AccessController } from './access-controller.ts';
export {
  accessRbacFor,
  globalAdminRole,
  grantsOf,
  memberBindingsFor,
  platformClusterRoleBindings,
  platformClusterRoles,
  projectReaderRbac,
  projectRoles,
  subjectsOf,
} from './policy.ts';
