// registry/custom: kinds defined by CustomResourceDefinitions — a CRD becomes ResourceInfo per
// served version (structural schema pruning, defaulting, validation with CEL rules, printer
// columns, status and scale), and the CRD kind's own validation and lifecycle strategy.
export { customResources } from './resources.ts';
export { crdStrategyOverrides } from './crd-strategy.ts';
export { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd-validation.ts';
export { definitionName } from './openapi.ts';
export {
  crdSpec,
  customResourceCleanupFinalizer,
  findCondition,
  isConditionTrue,
  setCondition,
  type CrdCondition,
  type CrdNames,
  type CrdSpec,
  type CrdStatus,
  type CrdVersion,
  type CustomResourceDefinition,
  type JSONSchemaProps,
  type PrinterColumn,
  type ValidationRule,
} from './types.ts';
