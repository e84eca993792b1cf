// Validation of CustomResourceDefinition objects (apiextensions-apiserver
// pkg/apis/apiextensions/validation and pkg/apiserver/schema/validation.go), for v1 CRDs: names,
// versions, scope, subresources, printer columns, conversion, and a structural schema per
// version — typed everywhere, no additionalProperties beside properties, metadata limited to
// name and generateName, value validations free of structure — with defaults that validate and
// CEL rules that compile. Messages are upstream's.

import { validation, type FieldError, type KubeObject } from '../../apimachinery/index.ts';
import { checkRules } from './cel.ts';
import { compilePattern, validateAgainstSchema } from './schema-validation.ts';
import { crdSpec, isConditionTrue, type CrdNames, type CrdStatus, type CrdVersion, type JSONSchemaProps, type ScaleSubresource } from './types.ts';

const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const printerColumnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const openAPIV3Types = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const approvalAnnotation = 'api-approved.kubernetes.io';

const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
const invalidValue = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail });
const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
const notSupported = (field: string, value: unknown, valid: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  detail: `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the errors of one names block (ValidateCustomResourceDefinitionNames). */
function validateNames(names: Partial<CrdNames>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const dns1035 = (value: string | undefined, field: string, mixedCase = false): void => {
    if (!value) return;
    const problems = validation.isDNS1035Label(mixedCase ? value.toLowerCase() : value);
    if (problems.length > 0) errs.push(invalidValue(field, value, `${mixedCase ? 'may have mixed case, but should otherwise match: ' : ''}${problems.join(',')}`));
  };
  dns1035(names.plural, `${path}.plural`);
  dns1035(names.singular, `${path}.singular`);
  dns1035(names.kind, `${path}.kind`, true);
  dns1035(names.listKind, `${path}.listKind`, true);
  (names.shortNames ?? []).forEach((s, i) => {
    const problems = validation.isDNS1035Label(s);
    if (problems.length > 0) errs.push(invalidValue(`${path}.shortNames[${i}]`, s, problems.join(',')));
  });
  if (names.kind && names.kind === names.listKind) errs.push(invalidValue(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const problems = validation.isDNS1035Label(c);
    if (problems.length > 0) errs.push(invalidValue(`${path}.categories[${i}]`, c, problems.join(',')));
  });
  return errs;
}

/** Returns the errors of a JSONPath that must be ".a.b" (validateSimpleJSONPath). */
function validateSimpleJsonPath(value: string | undefined, path: string): FieldError[] {
  if (!value) return [required(path)];
  if (!value.startsWith('.')) return [invalidValue(path, value, 'must be a simple json path starting with .')];
  if (/[[\]*?@]/.test(value) || value.includes('..')) return [invalidValue(path, value, 'must be a simple json path starting with .')];
  return [];
}

/** Returns the errors of the scale subresource paths (ValidateCustomResourceDefinitionSubresources). */
function validateScale(scale: ScaleSubresource, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const check = (value: string | undefined, field: string, prefixes: string[], message: string, optional = false): void => {
    if (!value) {
      if (!optional) errs.push(required(field));
      return;
    }
    const pathErrs = validateSimpleJsonPath(value, field);
    if (pathErrs.length > 0) errs.push(...pathErrs);
    else if (!prefixes.some((p) => value.startsWith(p))) errs.push(invalidValue(field, value, message));
  };
  check(scale.specReplicasPath, `${path}.specReplicasPath`, ['.spec.'], 'should be a json path under .spec');
  check(scale.statusReplicasPath, `${path}.statusReplicasPath`, ['.status.'], 'should be a json path under .status');
  check(scale.labelSelectorPath, `${path}.labelSelectorPath`, ['.spec.', '.status.'], 'should be a json path under either .spec or .status', true);
  return errs;
}

/** Returns the errors of one schema node and its children that are not about structure (ValidateCustomResourceDefinitionOpenAPISchema). */
function validateOpenAPISchema(s: JSONSchemaProps, path: string, root: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type !== undefined && !openAPIV3Types.has(s.type)) errs.push(notSupported(`${path}.type`, s.type, [...openAPIV3Types].sort()));
  if (s.$ref !== undefined) errs.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (s.uniqueItems === true) errs.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (root && s.nullable) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  if (s.additionalProperties === false) errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties cannot be set to false'));
  if (s.additionalProperties !== undefined && Object.keys(s.properties ?? {}).length > 0 && s.additionalProperties !== true) {
    errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (s.pattern !== undefined) {
    const re = compilePattern(s.pattern);
    if (re instanceof Error) errs.push(invalidValue(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${re.message}`));
  }
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = s['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (!['atomic', 'set', 'map'].includes(listType)) errs.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
    else if (s.type !== 'array') errs.push(invalidValue(`${path}.type`, s.type ?? '', 'must be array if x-kubernetes-list-type is specified'));
    if (listType === 'map') {
      if (!mapKeys || mapKeys.length === 0) errs.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
      if (s.items && s.items.type !== 'object') errs.push(invalidValue(`${path}.items.type`, s.items.type ?? '', 'must be object if parent array\'s x-kubernetes-list-type is map'));
      for (const [i, key] of (mapKeys ?? []).entries()) {
        if (s.items?.type === 'object' && !s.items.properties?.[key]) errs.push(invalidValue(`${path}.x-kubernetes-list-map-keys[${i}]`, key, 'entries must all be names of item properties'));
      }
    }
  } else if (mapKeys && mapKeys.length > 0) {
    errs.push(invalidValue(`${path}.x-kubernetes-list-type`, null, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') errs.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  errs.push(...checkRules(s, path));
  for (const [k, sub] of Object.entries(s.properties ?? {})) if (isObject(sub)) errs.push(...validateOpenAPISchema(sub, `${path}.properties[${k}]`, false));
  if (isObject(s.additionalProperties)) errs.push(...validateOpenAPISchema(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, false));
  if (isObject(s.items)) errs.push(...validateOpenAPISchema(s.items, `${path}.items`, false));
  if (isObject(s.not)) errs.push(...validateOpenAPISchema(s.not, `${path}.not`, false));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    (s[key] ?? []).forEach((sub, i) => {
      if (isObject(sub)) errs.push(...validateOpenAPISchema(sub, `${path}.${key}[${i}]`, false));
    });
  }
  return errs;
}

type Level = 'root' | 'item' | 'field';

/** Returns the structural-schema errors of a node (ValidateStructural's invariants). */
function validateStructural(s: JSONSchemaProps, level: Level, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type === 'array' && !s.items) errs.push(required(`${path}.items`, 'must be specified'));
  if (isObject(s.items)) errs.push(...validateStructural(s.items, 'item', `${path}.items`));
  for (const [k, sub] of Object.entries(s.properties ?? {})) if (isObject(sub)) errs.push(...validateStructural(sub, 'field', `${path}.properties[${k}]`));
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (level === 'root') errs.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    if (isObject(s.additionalProperties)) errs.push(...validateStructural(s.additionalProperties as JSONSchemaProps, 'field', `${path}.additionalProperties`));
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) errs.push(invalidValue(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errs.push(invalidValue(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  // Value validations (allOf, anyOf, oneOf, not) may not add structure.
  const intOrStringAnyOf = (list: JSONSchemaProps[] | undefined): boolean =>
    list?.length === 2 && list[0]?.type === 'integer' && list[1]?.type === 'string' && Object.keys(list[0]).length === 1 && Object.keys(list[1]).length === 1;
  const skipAnyOf = intOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = intOrStringAnyOf(s.allOf?.[0]?.anyOf);
  if (!skipAnyOf) (s.anyOf ?? []).forEach((v, i) => errs.push(...validateNested(v, `${path}.anyOf[${i}]`, false)));
  (s.allOf ?? []).forEach((v, i) => errs.push(...validateNested(v, `${path}.allOf[${i}]`, skipFirstAllOfAnyOf && i === 0, true)));
  (s.oneOf ?? []).forEach((v, i) => errs.push(...validateNested(v, `${path}.oneOf[${i}]`, false)));
  if (isObject(s.not)) errs.push(...validateNested(s.not, `${path}.not`, false));
  if (embedded && s.type !== 'object') {
    if (!s.type) errs.push(required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(invalidValue(`${path}.type`, s.type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!s.type && !intOrString && !preserve) {
    const detail = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(required(`${path}.type`, detail));
  }
  if (embedded && s.additionalProperties !== undefined) errs.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (level === 'root' && s.type && s.type !== 'object') errs.push(invalidValue(`${path}.type`, s.type, 'must be object at the root'));
  const checkMetadata = level === 'root' || embedded;
  if (checkMetadata) {
    const kind = s.properties?.kind;
    if (kind && kind.type !== 'string') errs.push(invalidValue(`${path}.properties[kind].type`, kind.type ?? '', 'must be string'));
    const apiVersion = s.properties?.apiVersion;
    if (apiVersion && apiVersion.type !== 'string') errs.push(invalidValue(`${path}.properties[apiVersion].type`, apiVersion.type ?? '', 'must be string'));
  }
  const metadata = s.properties?.metadata;
  if (metadata) {
    const at = `${path}.properties[metadata]`;
    if (checkMetadata && metadata.type !== 'object') errs.push(invalidValue(`${at}.type`, metadata.type ?? '', 'must be object'));
    if (level === 'root') {
      // Only name and generateName may be restricted; anything else is implied by ObjectMeta.
      const { type: _type, properties, description: _description, ...rest } = metadata;
      const others = Object.keys(properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
      if (others.length > 0 || Object.keys(rest).length > 0) {
        errs.push(forbidden(at, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
      }
    }
  }
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0) {
    errs.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  return errs;
}

/** Returns the errors of a value validation under allOf/anyOf/oneOf/not (validateNestedValueValidation). */
function validateNested(v: JSONSchemaProps, path: string, skipAnyOf: boolean, allowRules = false): FieldError[] {
  if (!isObject(v)) return [];
  const errs: FieldError[] = [];
  if (!skipAnyOf) (v.anyOf ?? []).forEach((x, i) => errs.push(...validateNested(x, `${path}.anyOf[${i}]`, false)));
  (v.allOf ?? []).forEach((x, i) => errs.push(...validateNested(x, `${path}.allOf[${i}]`, false, allowRules)));
  (v.oneOf ?? []).forEach((x, i) => errs.push(...validateNested(x, `${path}.oneOf[${i}]`, false)));
  if (isObject(v.not)) errs.push(...validateNested(v.not, `${path}.not`, false));
  if (isObject(v.items)) errs.push(...validateNested(v.items, `${path}.items`, false));
  for (const [k, sub] of Object.entries(v.properties ?? {})) errs.push(...validateNested(sub, `${path}.properties[${k}]`, false));
  if (v.type !== undefined) errs.push(forbidden(`${path}.type`, 'must be empty to be structural'));
  if (v.additionalProperties !== undefined) errs.push(forbidden(`${path}.additionalProperties`, 'must be undefined to be structural'));
  if (v.default !== undefined) errs.push(forbidden(`${path}.default`, 'must be undefined to be structural'));
  if (v.title !== undefined && v.title !== '') errs.push(forbidden(`${path}.title`, 'must be empty to be structural'));
  if (v.description !== undefined && v.description !== '') errs.push(forbidden(`${path}.description`, 'must be empty to be structural'));
  if (v.nullable) errs.push(forbidden(`${path}.nullable`, 'must be false to be structural'));
  if (v.externalDocs !== undefined) errs.push(forbidden(`${path}.externalDocs`, 'must be undefined to be structural'));
  if (v['x-kubernetes-preserve-unknown-fields']) errs.push(forbidden(`${path}.x-kubernetes-preserve-unknown-fields`, 'must be false to be structural'));
  if (v['x-kubernetes-embedded-resource']) errs.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must be false to be structural'));
  if (v['x-kubernetes-int-or-string']) errs.push(forbidden(`${path}.x-kubernetes-int-or-string`, 'must be false to be structural'));
  if (v['x-kubernetes-list-map-keys']?.length) errs.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must be empty to be structural'));
  if (v['x-kubernetes-list-type'] !== undefined) errs.push(forbidden(`${path}.x-kubernetes-list-type`, 'must be undefined to be structural'));
  if (v['x-kubernetes-map-type'] !== undefined) errs.push(forbidden(`${path}.x-kubernetes-map-type`, 'must be undefined to be structural'));
  if (v['x-kubernetes-validations']?.length && !allowRules) errs.push(forbidden(`${path}.x-kubernetes-validations`, 'must be empty to be structural'));
  if (v.properties?.metadata) errs.push(forbidden(`${path}.properties[metadata]`, 'must not be specified in a nested context'));
  return errs;
}

/** Returns the errors of defaults that do not validate against their own schema (ValidateDefaults). */
function validateDefaults(s: JSONSchemaProps, path: string, level: Level): FieldError[] {
  const errs: FieldError[] = [];
  if (s.default !== undefined) {
    if (level === 'root') errs.push(forbidden(`${path}.default`, 'must not be set at the root'));
    else errs.push(...validateAgainstSchema(s.default, s, undefined, `${path}.default`));
  }
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    if (!isObject(sub)) continue;
    if (level === 'root' && k === 'metadata' && sub.default !== undefined) errs.push(forbidden(`${path}.properties[metadata].default`, 'must not be set for metadata'));
    else errs.push(...validateDefaults(sub, `${path}.properties[${k}]`, 'field'));
  }
  if (isObject(s.additionalProperties)) errs.push(...validateDefaults(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, 'field'));
  if (isObject(s.items)) errs.push(...validateDefaults(s.items, `${path}.items`, 'item'));
  return errs;
}

/** Returns the errors of one version's schema: a structural schema whose defaults validate and whose rules compile. */
function validateVersionSchema(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs = validateOpenAPISchema(schema, path, true);
  const structural = validateStructural(schema, 'root', path).sort((a, b) => (a.field + a.detail < b.field + b.detail ? -1 : 1));
  errs.push(...structural);
  if (structural.length === 0) errs.push(...validateDefaults(schema, path, 'root'));
  return errs;
}

/** Returns the errors of one spec.versions entry. */
function validateVersion(v: CrdVersion, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof v.name !== 'string' || !v.name) errs.push(required(`${path}.name`));
  else {
    const problems = validation.isDNS1035Label(v.name);
    if (problems.length > 0) errs.push(invalidValue(`${path}.name`, v.name, problems.join(',')));
  }
  if (!v.deprecated && v.deprecationWarning !== undefined) errs.push(invalidValue(`${path}.deprecationWarning`, v.deprecationWarning, 'can only be set for deprecated versions'));
  if (v.deprecationWarning !== undefined && v.deprecationWarning.length > 256) errs.push(invalidValue(`${path}.deprecationWarning`, v.deprecationWarning, 'must be <= 256 characters long'));
  const schema = v.schema?.openAPIV3Schema;
  if (!isObject(schema)) errs.push(required(`${path}.schema.openAPIV3Schema`));
  else errs.push(...validateVersionSchema(schema, `${path}.schema.openAPIV3Schema`));
  if (v.subresources?.scale) errs.push(...validateScale(v.subresources.scale, `${path}.subresources.scale`));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => {
    const at = `${path}.additionalPrinterColumns[${i}]`;
    if (!c.name) errs.push(required(`${at}.name`));
    if (!c.type) errs.push(required(`${at}.type`, `must be one of ${printerColumnTypes.join(',')}`));
    else if (!printerColumnTypes.includes(c.type)) errs.push(invalidValue(`${at}.type`, c.type, `must be one of ${printerColumnTypes.join(',')}`));
    if (c.format && !printerColumnFormats.includes(c.format)) errs.push(invalidValue(`${at}.format`, c.format, `must be one of ${printerColumnFormats.join(',')}`));
    errs.push(...validateSimpleJsonPath(c.jsonPath, `${at}.jsonPath`));
  });
  const seen = new Set<string>();
  (v.selectableFields ?? []).forEach((f, i) => {
    const at = `${path}.selectableFields[${i}].jsonPath`;
    if (!f.jsonPath) {
      errs.push(required(at));
      return;
    }
    errs.push(...validateSimpleJsonPath(f.jsonPath, at));
    if (seen.has(f.jsonPath)) errs.push({ type: 'FieldValueDuplicate', field: at, value: f.jsonPath, detail: '' });
    seen.add(f.jsonPath);
  });
  if ((v.selectableFields?.length ?? 0) > 8) errs.push({ type: 'FieldValueTooMany', field: `${path}.selectableFields`, value: v.selectableFields?.length, detail: `${v.selectableFields?.length}: must have at most 8 items` });
  return errs;
}

/** Returns the errors of status.storedVersions against spec.versions (ValidateCustomResourceDefinitionStoredVersions). */
function validateStoredVersions(stored: string[] | undefined, versions: CrdVersion[]): FieldError[] {
  const path = 'status.storedVersions';
  if (!stored || stored.length === 0) return [invalidValue(path, stored ?? [], 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of versions) {
    if (v.storage && !remaining.has(v.name)) errs.push(invalidValue(path, stored, `must have the storage version ${v.name}`));
    remaining.delete(v.name);
  }
  for (const [v, i] of remaining) {
    errs.push(
      invalidValue(
        `${path}[${i}]`,
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

/** Returns the errors of a CustomResourceDefinition (ValidateCustomResourceDefinition, v1 rules). */
export function validateCustomResourceDefinition(crd: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crdSpec(crd);
  const names = spec.names;
  const name = crd.metadata?.name ?? '';
  if (name && name !== `${names.plural}.${spec.group}`) errs.push(invalidValue('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));

  if (!spec.group) errs.push(required('spec.group'));
  else {
    const problems = validation.isDNS1123Subdomain(spec.group);
    if (problems.length > 0) errs.push(invalidValue('spec.group', spec.group, problems.join(',')));
    else if (spec.group.split('.').length < 2) errs.push(invalidValue('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  const versionNames = spec.versions.map((v) => v?.name);
  spec.versions.forEach((v, i) => {
    if (isObject(v)) errs.push(...validateVersion(v, `spec.versions[${i}]`));
  });
  if (new Set(versionNames).size !== versionNames.length) errs.push(invalidValue('spec.versions', versionNames, 'must contain unique version names'));
  if (spec.versions.filter((v) => v?.storage === true).length !== 1) errs.push(invalidValue('spec.versions', versionNames, 'must have exactly one version marked as storage version'));
  if (spec.versions.length > 0 && !spec.versions.some((v) => v?.served)) errs.push(invalidValue('spec.versions', versionNames, 'must have at least one served version'));

  if (!names.plural) errs.push(required('spec.names.plural'));
  if (!names.singular) errs.push(required('spec.names.singular'));
  if (!names.kind) errs.push(required('spec.names.kind'));
  if (!names.listKind) errs.push(required('spec.names.listKind'));
  errs.push(...validateNames(names, 'spec.names'));

  const conversion = spec.conversion;
  if (conversion) {
    const strategy = conversion.strategy;
    if (!strategy) errs.push(required('spec.conversion.strategy'));
    else if (strategy !== 'None' && strategy !== 'Webhook') errs.push(notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
    else if (strategy === 'Webhook' && !conversion.webhook) errs.push(required('spec.conversion.webhook', 'required when strategy is set to Webhook'));
    else if (strategy === 'None' && conversion.webhook) errs.push(forbidden('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'));
  }
  if (spec.preserveUnknownFields === true) {
    errs.push(invalidValue('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }

  const status = crd.status as CrdStatus | undefined;
  if (status?.acceptedNames) errs.push(...validateNames(status.acceptedNames, 'status.acceptedNames'));
  errs.push(...validateStoredVersions(status?.storedVersions, spec.versions.filter(isObject)));

  // KEP-1111: groups of the Kubernetes project need an approval annotation.
  const group = spec.group;
  if (group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io')) {
    const approval = crd.metadata?.annotations?.[approvalAnnotation];
    if (approval === undefined) {
      errs.push(
        required(
          `metadata.annotations[${approvalAnnotation}]`,
          `protected groups must have approval annotation "${approvalAnnotation}", see https://github.com/kubernetes/enhancements/pull/1111`,
        ),
      );
    } else if (!/^https?:\/\//.test(approval) && !approval.startsWith('unapproved')) {
      errs.push(invalidValue(`metadata.annotations[${approvalAnnotation}]`, approval, 'protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111'));
    }
  }
  return errs;
}

/** Returns the errors of an update of a CustomResourceDefinition (ValidateCustomResourceDefinitionUpdate). */
export function validateCustomResourceDefinitionUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateCustomResourceDefinition(crd);
  const spec = crdSpec(crd);
  const oldSpec = crdSpec(old);
  if (isConditionTrue(old, 'Established')) {
    // These decide the storage layout and the served kind once established.
    errs.push(...validation.validateImmutableField(spec.scope, oldSpec.scope, 'spec.scope'));
    errs.push(...validation.validateImmutableField(spec.names.kind, oldSpec.names.kind, 'spec.names.kind'));
  }
  errs.push(...validation.validateImmutableField(spec.group, oldSpec.group, 'spec.group'));
  errs.push(...validation.validateImmutableField(spec.names.plural, oldSpec.names.plural, 'spec.names.plural'));
  return errs;
}
