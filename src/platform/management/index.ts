// management: the management.loft.sh/v1 kinds (schemas, resources, strategies) and their
// object-local validation.
export { managementResources, standardVerbs } from './kinds.ts';
export {
  managementSchemas,
  managementDefinition,
  managementGroup,
  managementVersion,
  managementPrefix,
  storagePrefix,
  agentClusterPrefix,
  agentStoragePrefix,
  refPrefix,
} from './schemas.ts';
export {
  clusterRoleRequiredMessage,
  versionFormatMessage,
  validateAccess,
  validateAppParameters,
  validateExactVersion,
  validateInstanceAccessRules,
  validateOwnedObject,
  validateOwner,
  validateParametersYaml,
  validateProject,
  validateTemplateDefinition,
  validateTemplateVersionPattern,
  validateVirtualClusterInstance,
  validateVirtualClusterInstanceUpdate,
  validateVirtualClusterTemplate,
} from './validation.ts';
