// The CustomResourceDefinition shapes this package reads (apiextensions.k8s.io/v1, types.go).
// CRDs travel as plain JSON; these types name the parts the custom-resource machinery uses.

import type { KubeObject, Schema } from '../../apimachinery/index.ts';

/** ValidationRule is one x-kubernetes-validations entry (a CEL rule). */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** JSONSchemaProps is a CRD structural schema node: OpenAPI v3 plus the Kubernetes extensions. */
export interface JSONSchemaProps extends Schema {
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  maxProperties?: number;
  minProperties?: number;
  'x-kubernetes-validations'?: ValidationRule[];
}

/** CustomResourceDefinitionNames are the names a custom resource is served under. */
export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

/** PrinterColumn is one additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** ScaleSubresource says where a custom resource keeps its replica counts. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** CrdVersion is one spec.versions entry. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: Array<{ jsonPath: string }>;
}

/** CrdCondition is one status.conditions entry. */
export interface CrdCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** CrdSpec is the spec of a CustomResourceDefinition. */
export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: string;
  versions: CrdVersion[];
  conversion?: { strategy?: string; webhook?: unknown };
  preserveUnknownFields?: boolean;
}

/** CrdStatus is the status the CRD controller maintains. */
export interface CrdStatus {
  acceptedNames?: CrdNames;
  conditions?: CrdCondition[];
  storedVersions?: string[];
}

/** CustomResourceDefinition as stored. */
export interface CustomResourceDefinition extends KubeObject {
  spec: CrdSpec;
  status?: CrdStatus;
}

/** The finalizer that holds a deleted CRD until its custom resources are gone. */
export const customResourceCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

/** Returns the CRD's spec, tolerating a malformed object (validation reports the details). */
export function crdSpec(crd: KubeObject): CrdSpec {
  const spec = (crd.spec ?? {}) as Partial<CrdSpec>;
  return {
    group: typeof spec.group === 'string' ? spec.group : '',
    names: (spec.names ?? { plural: '', kind: '' }) as CrdNames,
    scope: typeof spec.scope === 'string' ? spec.scope : '',
    versions: Array.isArray(spec.versions) ? spec.versions : [],
    conversion: spec.conversion,
    preserveUnknownFields: spec.preserveUnknownFields,
  };
}

/** Returns the condition of `type`, if present. */
export function findCondition(crd: KubeObject, type: string): CrdCondition | undefined {
  return ((crd.status as CrdStatus | undefined)?.conditions ?? []).find((c) => c.type === type);
}

/** Returns whether the condition of `type` is True. */
export function isConditionTrue(crd: KubeObject, type: string): boolean {
  return findCondition(crd, type)?.status === 'True';
}

/**
 * Sets a condition (apiextensions helpers SetCRDCondition): the transition time changes only
 * when the status does; a new condition is appended. Returns the new list.
 */
export function setCondition(conditions: CrdCondition[] | undefined, next: CrdCondition, now: string): CrdCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = old && old.status === next.status && old.lastTransitionTime ? old.lastTransitionTime : now;
  const merged: CrdCondition = { type: next.type, status: next.status, lastTransitionTime, reason: next.reason, message: next.message };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}
