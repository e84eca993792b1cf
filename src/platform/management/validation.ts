// Object-local validation of the management kinds: rules that need nothing but the object (and,
// on update, its previous version). Each returns FieldError[] at the field paths kube-apiserver
// would name, with the platform's own messages where they are known (loft-platform-api.md §3
// "Admission-time errors", §4.1 version patterns). Rules that need other objects (allowed
// templates, quotas, defaults from the caller) belong to admission, not here.

import { isMap, parseDocument } from 'yaml';
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  validation,
  type FieldError,
  type KubeObject,
} from '../../apimachinery/index.ts';

type Obj = Record<string, unknown>;

const { fieldPathChild: child, fieldPathIndex: index } = validation;

/** Returns `v` as a plain object, or undefined. */
function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Returns `v` as an array, or an empty one. */
function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Returns `v` if it is a non-empty string, else undefined. */
function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The message loftctl gives for a version pattern without three parts (pkg/version/version.go). */
export const versionFormatMessage = 'expected version in format: 0.0.0';

/** The message the platform gives for an instance access rule without a cluster role. */
export const clusterRoleRequiredMessage = 'clusterrole is required';

/**
 * Returns errors for a template version pattern (templateRef.version): empty means "latest";
 * otherwise an optional leading "v" and three dot-separated parts, each a number or x/X.
 */
export function validateTemplateVersionPattern(version: unknown, path: string): FieldError[] {
  if (version === undefined || version === null || version === '') return [];
  if (typeof version !== 'string') return [fieldInvalid(path, version, versionFormatMessage)];
  const parts = version.replace(/^[vV]/, '').split('.');
  if (parts.length !== 3) return [fieldInvalid(path, version, versionFormatMessage)];
  const bad = parts.find((p) => !/^(?:\d+|[xX])$/.test(p));
  if (bad !== undefined) return [fieldInvalid(path, version, `${versionFormatMessage}, where each part is a number or x (got "${bad}")`)];
  return [];
}

/** Returns errors for an exact template or app version ("Needs to be in X.X.X format"): three numeric parts. */
export function validateExactVersion(version: unknown, path: string): FieldError[] {
  if (version === undefined || version === null || version === '') return [fieldRequired(path, '')];
  if (typeof version !== 'string' || !/^[vV]?\d+\.\d+\.\d+$/.test(version)) return [fieldInvalid(path, version, versionFormatMessage)];
  return [];
}

/** Returns errors for in-vcluster access rules (InstanceAccessRule[]): every rule needs a clusterRole. */
export function validateInstanceAccessRules(rules: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray(rules).forEach((rule, i) => {
    if (!nonEmpty(asObject(rule)?.clusterRole)) errs.push(fieldRequired(child(index(path, i), 'clusterRole'), clusterRoleRequiredMessage));
  });
  return errs;
}

/** Returns errors for object-level access entries (Access[]): verbs are required (the storage CRD declares them so). */
export function validateAccess(access: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  asArray(access).forEach((entry, i) => {
    if (asArray(asObject(entry)?.verbs).length === 0) errs.push(fieldRequired(child(index(path, i), 'verbs'), ''));
  });
  return errs;
}

/** Returns errors for an owner (UserOrTeam): at most one of user and team. */
export function validateOwner(owner: unknown, path: string): FieldError[] {
  const o = asObject(owner);
  if (o && nonEmpty(o.user) && nonEmpty(o.team)) return [fieldForbidden(child(path, 'team'), 'user and team are mutually exclusive: set only one of them')];
  return [];
}

/**
 * Returns errors for template parameters (a YAML document, one top-level key per parameter): it
 * must parse as a single YAML mapping. Aliases are never expanded (the document is not converted),
 * so an alias bomb costs nothing.
 */
export function validateParametersYaml(parameters: unknown, path: string): FieldError[] {
  if (parameters === undefined || parameters === null || parameters === '') return [];
  if (typeof parameters !== 'string') return [fieldInvalid(path, parameters, 'must be a YAML string')];
  const doc = parseDocument(parameters, { prettyErrors: false });
  const [first] = doc.errors;
  if (first) return [fieldInvalid(path, parameters, `must be a YAML mapping of parameter names to values: ${first.message.split('\n')[0]}`)];
  // An empty document (only comments or whitespace) has no parameters.
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) return [fieldInvalid(path, parameters, 'must be a YAML mapping of parameter names to values')];
  return [];
}

/** Returns errors for a VirtualClusterTemplateDefinition (inline template, template or version): its access rules. */
export function validateTemplateDefinition(template: unknown, path: string): FieldError[] {
  const t = asObject(template);
  if (!t) return [];
  return validateInstanceAccessRules(asObject(t.access)?.rules, child(child(path, 'access'), 'rules'));
}

/** Returns errors for AppParameter[]: each needs a variable, variables are unique, and the type is a known one. */
export function validateAppParameters(parameters: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  const types = ['string', 'multiline', 'boolean', 'number', 'password'];
  asArray(parameters).forEach((p, i) => {
    const param = asObject(p) ?? {};
    const at = index(path, i);
    const variable = nonEmpty(param.variable);
    if (!variable) errs.push(fieldRequired(child(at, 'variable'), ''));
    else if (seen.has(variable)) errs.push(fieldDuplicate(child(at, 'variable'), variable));
    else seen.add(variable);
    const type = param.type;
    if (type !== undefined && type !== '' && !types.includes(type as string)) errs.push(fieldNotSupported(child(at, 'type'), type, types));
  });
  return errs;
}

/** Returns the object-local errors of a VirtualClusterInstance. */
export function validateVirtualClusterInstance(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec) ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateOwner(spec.owner, 'spec.owner'));
  const templateRef = asObject(spec.templateRef);
  // Both set → Forbidden (loft-platform-api.md §3); whether neither is allowed depends on the caller's permissions (admission).
  if (templateRef && nonEmpty(templateRef.name) && asObject(spec.template)) {
    errs.push(fieldForbidden('spec.template', 'template and templateRef are mutually exclusive'));
  }
  if (templateRef) errs.push(...validateTemplateVersionPattern(templateRef.version, 'spec.templateRef.version'));
  errs.push(...validateTemplateDefinition(spec.template, 'spec.template'));
  errs.push(...validateParametersYaml(spec.parameters, 'spec.parameters'));
  errs.push(...validateInstanceAccessRules(spec.extraAccessRules, 'spec.extraAccessRules'));
  errs.push(...validateAccess(spec.access, 'spec.access'));
  return errs;
}

/** Returns the update errors of a VirtualClusterInstance: clusterRef.cluster, .namespace and .virtualCluster are immutable once set. */
export function validateVirtualClusterInstanceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateVirtualClusterInstance(obj);
  const now = asObject(asObject(obj.spec)?.clusterRef) ?? {};
  const was = asObject(asObject(old.spec)?.clusterRef) ?? {};
  for (const field of ['cluster', 'namespace', 'virtualCluster']) {
    const before = nonEmpty(was[field]);
    // Unset → set is how scheduling and defaulting fill them in; after that they name where the vcluster lives.
    if (before !== undefined && now[field] !== before) {
      errs.push(fieldInvalid(`spec.clusterRef.${field}`, now[field] ?? null, validation.fieldImmutableErrorMsg));
    }
  }
  return errs;
}

/** Returns the object-local errors of a VirtualClusterTemplate: owner, access, parameters, versions and their templates. */
export function validateVirtualClusterTemplate(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec) ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateOwner(spec.owner, 'spec.owner'));
  errs.push(...validateAccess(spec.access, 'spec.access'));
  errs.push(...validateTemplateDefinition(spec.template, 'spec.template'));
  errs.push(...validateAppParameters(spec.parameters, 'spec.parameters'));
  const seen = new Set<string>();
  asArray(spec.versions).forEach((v, i) => {
    const version = asObject(v) ?? {};
    const at = index('spec.versions', i);
    const versionErrs = validateExactVersion(version.version, child(at, 'version'));
    errs.push(...versionErrs);
    if (versionErrs.length === 0) {
      const key = (version.version as string).replace(/^[vV]/, '');
      if (seen.has(key)) errs.push(fieldDuplicate(child(at, 'version'), version.version));
      seen.add(key);
    }
    errs.push(...validateTemplateDefinition(version.template, child(at, 'template')));
    errs.push(...validateAppParameters(version.parameters, child(at, 'parameters')));
  });
  return errs;
}

/** Returns the object-local errors of a Project: owner, access, and every member has a cluster role. */
export function validateProject(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec) ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateOwner(spec.owner, 'spec.owner'));
  errs.push(...validateAccess(spec.access, 'spec.access'));
  asArray(spec.members).forEach((m, i) => {
    if (!nonEmpty(asObject(m)?.clusterRole)) errs.push(fieldRequired(child(index('spec.members', i), 'clusterRole'), ''));
  });
  return errs;
}

/** Returns the object-local errors common to the owned, access-controlled kinds (owner and access). */
export function validateOwnedObject(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec) ?? {};
  return [...validateOwner(spec.owner, 'spec.owner'), ...validateAccess(spec.access, 'spec.access')];
}
