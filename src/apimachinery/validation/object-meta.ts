// ObjectMeta validation on create and update (k8s.io/apimachinery pkg/api/validation/objectmeta.go
// and pkg/apis/meta/v1/validation/validation.go, Kubernetes 1.32). Field paths and messages are
// upstream's, so `kubectl` users see the errors they would see against kube-apiserver, e.g.
//   metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, ...
//
// Upstream iterates Go maps (random order); we report in the object's key order, which is stable.

import {
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  fieldTooLong,
  type FieldError,
} from '../errors.ts';
import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../object.ts';
import { child, index } from './path.ts';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
  stringOf,
  utf8Length,
} from './strings.ts';

/** The message of every "this field cannot change" error (FieldImmutableErrorMsg). */
export const fieldImmutableErrorMsg = 'field is immutable';

/** The most bytes all annotation keys and values may add up to (TotalAnnotationSizeLimitB, 256 KiB). */
export const totalAnnotationSizeLimitBytes = 256 * 1024;

/** The longest fieldManager (FieldManagerMaxLength). */
export const fieldManagerMaxLength = 128;

/** The longest managedFields[].subresource (MaxSubresourceNameLength). */
export const maxSubresourceNameLength = 256;

/** The garbage collector's finalizer that orphans dependents (metav1.FinalizerOrphanDependents). */
export const finalizerOrphanDependents = 'orphan';

/** The garbage collector's finalizer for foreground deletion (metav1.FinalizerDeleteDependents). */
export const finalizerDeleteDependents = 'foregroundDeletion';

/** Finalizer names that need no domain prefix (core helper.IsStandardFinalizerName). */
export const standardFinalizers: ReadonlySet<string> = new Set(['kubernetes', finalizerOrphanDependents, finalizerDeleteDependents]);

/**
 * ValidateNameFunc checks a name, or with `prefix` a generateName that will get a random suffix,
 * and returns upstream-style messages (apimachinery validation.ValidateNameFunc).
 */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/** The built-in name rules, by the name a strategy uses for them. */
export type NameValidatorName = 'DNS1123Subdomain' | 'DNS1123Label' | 'DNS1035Label' | 'PathSegment';

// generateName gets a random suffix, so a trailing '-' is fine in it. Upstream replaces the last
// two characters with "a" (not just the dash); kept as is because it only shifts the length check
// by one and matching upstream's verdicts matters more than tidiness.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** Returns the problems with a name (or generateName prefix) that must be a DNS-1123 subdomain (NameIsDNSSubdomain). */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** Returns the problems with a name (or generateName prefix) that must be a DNS-1123 label (NameIsDNSLabel). */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

/** Returns the problems with a name (or generateName prefix) that must be a DNS-1035 label (NameIsDNS1035Label). */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? maskTrailingDash(name) : name);
}

/** Returns the problems with a name (or prefix) that only has to be a safe URL path segment (ValidatePathSegmentName). */
export function nameIsPathSegment(name: string, prefix: boolean): string[] {
  return prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);
}

/** Returns the problems with a namespace name (ValidateNamespaceName: a DNS-1123 label). */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;

/** Returns the ValidateNameFunc for a built-in rule name, or `fn` itself. */
export function nameValidatorFor(v: NameValidatorName | ValidateNameFunc): ValidateNameFunc {
  if (typeof v === 'function') return v;
  switch (v) {
    case 'DNS1123Subdomain':
      return nameIsDNSSubdomain;
    case 'DNS1123Label':
      return nameIsDNSLabel;
    case 'DNS1035Label':
      return nameIsDNS1035Label;
    case 'PathSegment':
      return nameIsPathSegment;
  }
}

/** Returns `value` when it is a string, or "" (how Go sees an absent or mistyped string field). */
function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Returns the entries of a string map, or none when `value` is not a plain object. */
function mapEntries(value: unknown): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value);
}

/** Returns the field errors for a value that must not be negative (ValidateNonnegativeField). */
export function validateNonnegativeField(value: number, path: string): FieldError[] {
  return value < 0 ? [fieldInvalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** Returns the field errors for one label key (ValidateLabelName: a qualified name). */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldInvalid(path, name, msg));
}

/** Returns the field errors for a label map: keys are qualified names, values label values (ValidateLabels). */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of mapEntries(labels)) {
    errs.push(...validateLabelName(k, path));
    const value = stringOf(v);
    for (const msg of isValidLabelValue(value)) errs.push(fieldInvalid(path, value, msg));
  }
  return errs;
}

/** Returns the total bytes of annotation keys and values, as the 256 KiB limit counts them. */
export function annotationsSize(annotations: Record<string, string> | undefined): number {
  let total = 0;
  for (const [k, v] of mapEntries(annotations)) total += utf8Length(k) + utf8Length(stringOf(v));
  return total;
}

/** Returns the field errors for an annotation map: case-insensitive qualified-name keys, ≤ 256 KiB in all (ValidateAnnotations). */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k] of mapEntries(annotations)) {
    // The rule is QualifiedName except that case doesn't matter, so upstream lower-cases first.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldInvalid(path, k, msg));
  }
  if (annotationsSize(annotations) > totalAnnotationSizeLimitBytes) {
    errs.push(fieldTooLong(path, '', totalAnnotationSizeLimitBytes));
  }
  return errs;
}

/** Returns [group, version] of an apiVersion as schema.FromAPIVersionAndKind sees it ("" version when unparsable). */
function splitAPIVersion(apiVersion: string): [string, string] {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return ['', parts[0] as string];
  if (parts.length === 2) return [parts[0] as string, parts[1] as string];
  return ['', ''];
}

/** Returns the field errors for one owner reference; `path` is the list's path, as upstream reports it. */
function validateOwnerReference(ref: OwnerReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = str(ref.apiVersion);
  const kind = str(ref.kind);
  const [group, version] = splitAPIVersion(apiVersion);
  if (version.length === 0) errs.push(fieldInvalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
  if (kind.length === 0) errs.push(fieldInvalid(child(path, 'kind'), kind, 'must not be empty'));
  if (str(ref.name).length === 0) errs.push(fieldInvalid(child(path, 'name'), str(ref.name), 'must not be empty'));
  if (str(ref.uid).length === 0) errs.push(fieldInvalid(child(path, 'uid'), str(ref.uid), 'must not be empty'));
  // BannedOwners: core/v1 Events may not own anything.
  if (group === '' && version === 'v1' && kind === 'Event') {
    errs.push(fieldInvalid(path, ref, `${group}/${version}, Kind=${kind} is disallowed from being an owner`));
  }
  return errs;
}

/** Returns the field errors for ownerReferences: required fields, no Event owners, at most one controller (ValidateOwnerReferences). */
export function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let firstController = '';
  for (const ref of refs) {
    if (ref === null || typeof ref !== 'object') {
      errs.push(fieldInvalid(path, ref, 'must be an object'));
      continue;
    }
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController !== '') {
        errs.push(
          fieldInvalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

/** Returns the field errors for one finalizer name (ValidateFinalizerName: a qualified name). */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldInvalid(path, name, msg));
}

/** Returns the field errors for a finalizer list: qualified names, not both orphan and foregroundDeletion (ValidateFinalizers). */
export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  let orphan = false;
  let foreground = false;
  for (const f of finalizers) {
    const name = stringOf(f);
    errs.push(...validateFinalizerName(name, path));
    if (name === finalizerOrphanDependents) orphan = true;
    if (name === finalizerDeleteDependents) foreground = true;
  }
  if (orphan && foreground) {
    errs.push(
      fieldInvalid(path, finalizers, `finalizer ${finalizerOrphanDependents} and ${finalizerDeleteDependents} cannot be both set`),
    );
  }
  return errs;
}

/** The warning text for a finalizer name without a domain prefix. */
export const finalizerNameWarning =
  'prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers';

/** Returns the warnings kube-apiserver sends for finalizers that are neither standard nor domain-qualified. */
export function finalizerWarnings(finalizers: string[] | undefined, path: string): string[] {
  if (!Array.isArray(finalizers)) return [];
  const warnings: string[] = [];
  for (const f of finalizers) {
    if (typeof f !== 'string' || f.includes('/') || standardFinalizers.has(f)) continue;
    // Invalid names are already errors; warn only about valid but unqualified ones.
    if (isQualifiedName(f).length > 0) continue;
    warnings.push(`${path}: ${JSON.stringify(f)}: ${finalizerNameWarning}`);
  }
  return warnings;
}

/** Returns the field errors when finalizers are added to an object already being deleted (ValidateNoNewFinalizers). */
export function validateNoNewFinalizers(newFinalizers: string[] | undefined, oldFinalizers: string[] | undefined, path: string): FieldError[] {
  const old = new Set(Array.isArray(oldFinalizers) ? oldFinalizers : []);
  const extra = [...new Set(Array.isArray(newFinalizers) ? newFinalizers : [])].filter((f) => !old.has(f)).sort();
  if (extra.length === 0) return [];
  // Upstream formats the list with Go's %#v: []string{"a", "b"}.
  const goList = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
  return [fieldForbidden(path, `no new finalizers can be added if the object is being deleted, found new finalizers ${goList}`)];
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Returns the field errors for a fieldManager: ≤ 128 bytes, printable characters only (ValidateFieldManager). */
export function validateFieldManager(fieldManager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(fieldManager) > fieldManagerMaxLength) errs.push(fieldTooLong(path, fieldManager, fieldManagerMaxLength));
  let bytePos = 0;
  for (const ch of fieldManager) {
    if (!printable.test(ch)) {
      const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      errs.push(fieldInvalid(path, fieldManager, `invalid character U+${code} (at position ${bytePos})`));
    }
    bytePos += utf8Length(ch);
  }
  return errs;
}

/** Returns the field errors for managedFields entries: operation, fieldsType, manager, subresource (ValidateManagedFields). */
export function validateManagedFields(entries: ManagedFieldsEntry[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(entries)) return errs;
  entries.forEach((entry, i) => {
    const at = index(path, i);
    if (entry === null || typeof entry !== 'object') {
      errs.push(fieldInvalid(at, entry, 'must be an object'));
      return;
    }
    const operation = str(entry.operation);
    if (operation !== 'Apply' && operation !== 'Update') {
      errs.push(fieldInvalid(child(at, 'operation'), operation, 'must be `Apply` or `Update`'));
    }
    const fieldsType = str(entry.fieldsType);
    if (fieldsType.length > 0 && fieldsType !== 'FieldsV1') {
      errs.push(fieldInvalid(child(at, 'fieldsType'), fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(str(entry.manager), child(at, 'manager')));
    const subresource = str(entry.subresource);
    if (utf8Length(subresource) > maxSubresourceNameLength) {
      errs.push(fieldTooLong(child(at, 'subresource'), subresource, maxSubresourceNameLength));
    }
  });
  return errs;
}

/** Options for validateObjectMeta. */
export interface ObjectMetaValidationOptions {
  /** Whether the kind is namespaced: namespace is then required, otherwise forbidden. */
  namespaced: boolean;
  /** The rule names must follow; most kinds use 'DNS1123Subdomain'. */
  nameValidator: NameValidatorName | ValidateNameFunc;
  /** Where the metadata sits; "metadata" unless it is embedded (e.g. "spec.template.metadata"). */
  path?: string;
}

/**
 * Returns the field errors in an object's metadata on create (ValidateObjectMetaAccessor).
 * generateName is checked as a prefix (a trailing '-' is fine). Upstream runs after the name is
 * generated; when it has not been yet (name empty, generateName set) the name is not required.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ObjectMetaValidationOptions): FieldError[] {
  const path = opts.path ?? 'metadata';
  const m: ObjectMeta = meta ?? {};
  const nameFn = nameValidatorFor(opts.nameValidator);
  const errs: FieldError[] = [];

  const generateName = str(m.generateName);
  const name = str(m.name);
  if (generateName.length > 0) {
    for (const msg of nameFn(generateName, true)) errs.push(fieldInvalid(child(path, 'generateName'), generateName, msg));
  }
  if (name.length === 0) {
    if (generateName.length === 0) errs.push(fieldRequired(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) errs.push(fieldInvalid(child(path, 'name'), name, msg));
  }

  const namespace = str(m.namespace);
  if (opts.namespaced) {
    if (namespace.length === 0) errs.push(fieldRequired(child(path, 'namespace')));
    else for (const msg of validateNamespaceName(namespace, false)) errs.push(fieldInvalid(child(path, 'namespace'), namespace, msg));
  } else if (namespace.length > 0) {
    errs.push(fieldForbidden(child(path, 'namespace'), 'not allowed on this type'));
  }

  errs.push(...validateNonnegativeField(typeof m.generation === 'number' ? m.generation : 0, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  errs.push(...validateManagedFields(m.managedFields, child(path, 'managedFields')));
  return errs;
}

/** Returns whether two JSON values are equal (apiequality.Semantic.DeepEqual for plain values). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

/** Returns a field error when `newValue` differs from `oldValue` (ValidateImmutableField). */
export function validateImmutableField(newValue: unknown, oldValue: unknown, path: string): FieldError[] {
  return deepEqual(newValue, oldValue) ? [] : [fieldInvalid(path, newValue, fieldImmutableErrorMsg)];
}

/** Returns a timestamp normalised for comparison: unset and "" are the zero time, parsable ones compare as instants. */
function timeKey(t: unknown): string | number | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  if (typeof t !== 'string') return JSON.stringify(t);
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : ms;
}

/** Returns a field error when a timestamp changed; equal instants in different spellings are equal (metav1.Time equality). */
function validateImmutableTime(newValue: unknown, oldValue: unknown, path: string): FieldError[] {
  return timeKey(newValue) === timeKey(oldValue) ? [] : [fieldInvalid(path, newValue ?? null, fieldImmutableErrorMsg)];
}

/**
 * Returns the field errors in an update's metadata (ValidateObjectMetaAccessorUpdate): name,
 * namespace, uid, creationTimestamp, deletionTimestamp and deletionGracePeriodSeconds are
 * immutable (so a deletionTimestamp can be neither set nor unset by an update), generation may not
 * go down, resourceVersion must be set (the registry fills it for unconditional updates first),
 * no finalizers may be added while deleting, and labels, annotations, ownerReferences and
 * managedFields are validated as on create.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta | undefined, oldMeta: ObjectMeta | undefined, path = 'metadata'): FieldError[] {
  const n: ObjectMeta = newMeta ?? {};
  const o: ObjectMeta = oldMeta ?? {};
  const errs: FieldError[] = [];

  if (timeKey(o.deletionTimestamp) !== undefined) {
    errs.push(...validateNoNewFinalizers(n.finalizers, o.finalizers, child(path, 'finalizers')));
  }
  if (str(n.resourceVersion).length === 0) {
    errs.push(fieldInvalid(child(path, 'resourceVersion'), str(n.resourceVersion), 'must be specified for an update'));
  }
  const newGeneration = typeof n.generation === 'number' ? n.generation : 0;
  const oldGeneration = typeof o.generation === 'number' ? o.generation : 0;
  if (newGeneration < oldGeneration) errs.push(fieldInvalid(child(path, 'generation'), newGeneration, 'must not be decremented'));

  errs.push(...validateImmutableField(str(n.name), str(o.name), child(path, 'name')));
  errs.push(...validateImmutableField(str(n.namespace), str(o.namespace), child(path, 'namespace')));
  errs.push(...validateImmutableField(str(n.uid), str(o.uid), child(path, 'uid')));
  errs.push(...validateImmutableTime(n.creationTimestamp, o.creationTimestamp, child(path, 'creationTimestamp')));
  errs.push(...validateImmutableTime(n.deletionTimestamp, o.deletionTimestamp, child(path, 'deletionTimestamp')));
  errs.push(
    ...validateImmutableField(n.deletionGracePeriodSeconds ?? null, o.deletionGracePeriodSeconds ?? null, child(path, 'deletionGracePeriodSeconds')),
  );

  errs.push(...validateLabels(n.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateManagedFields(n.managedFields, child(path, 'managedFields')));
  return errs;
}
