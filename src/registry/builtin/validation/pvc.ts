// core/v1 PersistentVolumeClaim (pkg/apis/core/validation ValidatePersistentVolumeClaimSpec and
// ValidatePersistentVolumeClaimUpdate): access modes, the storage request, class name and volume
// mode; after creation the spec is fixed, except the storage request and volume attributes class
// of bound claims. Upstream appends a diff of the Go structs to that message; it is left out.

import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { compareQuantities, isNotPositive, parseQuantity, quantityString, type Quantity } from './quantity.ts';
import { arr, invalidEach, isNil, objOr, sameValue, str } from './util.ts';

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const volumeModes = ['Block', 'Filesystem'];

/** Returns the storage request of a claim, if it has a parsable one. */
function storageRequest(obj: KubeObject): Quantity | undefined {
  const requests = objOr(objOr(objOr(obj.spec).resources).requests);
  const value = requests.storage;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = parseQuantity(String(value).trim());
  return typeof q === 'string' ? undefined : q;
}

/** Returns the field errors of a PersistentVolumeClaim. */
export function validatePersistentVolumeClaim(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs: FieldError[] = [];
  const modes = arr(spec.accessModes).map(str);
  if (modes.length === 0) errs.push(fieldRequired('spec.accessModes', 'at least 1 access mode is required'));
  if (!isNil(spec.selector)) errs.push(...validation.validateLabelSelector(objOr(spec.selector) as validation.LabelSelectorSpec, 'spec.selector'));
  let oncePod = false;
  let other = false;
  for (const mode of modes) {
    if (!accessModes.includes(mode)) errs.push(fieldNotSupported('spec.accessModes', mode, accessModes));
    if (mode === 'ReadWriteOncePod') oncePod = true;
    else if (accessModes.includes(mode)) other = true;
  }
  if (oncePod && other) errs.push(fieldForbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const storagePath = 'spec.resources[storage]';
  const storage = storageRequest(obj);
  if (!storage) errs.push(fieldRequired(storagePath));
  else if (isNotPositive(storage)) errs.push(fieldInvalid(storagePath, quantityString(storage), 'must be greater than zero'));
  const className = str(spec.storageClassName);
  if (className) errs.push(...invalidEach(validation.nameIsDNSSubdomain(className, false), 'spec.storageClassName', className));
  if (typeof spec.volumeMode === 'string' && !volumeModes.includes(spec.volumeMode)) {
    errs.push(fieldNotSupported('spec.volumeMode', spec.volumeMode, volumeModes));
  }
  return errs;
}

/** Returns the storage quantity at `value` (status.capacity.storage), if parsable. */
function quantityAt(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = parseQuantity(String(value).trim());
  return typeof q === 'string' ? undefined : q;
}

/** Returns the field errors of a PersistentVolumeClaim update (ValidatePersistentVolumeClaimUpdate). */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePersistentVolumeClaim(obj);
  const spec = objOr(obj.spec);
  const before = objOr(old.spec);
  const bound = objOr(obj.status).phase === 'Bound';
  // Bound claims may grow their request and switch volume attributes class; nothing else changes.
  const comparable = (s: Record<string, unknown>, other: Record<string, unknown>): Record<string, unknown> => {
    if (!bound) return s;
    const resources = objOr(s.resources);
    const requests = { ...objOr(resources.requests), storage: objOr(objOr(other.resources).requests).storage };
    return { ...s, resources: { ...resources, requests }, volumeAttributesClassName: other.volumeAttributesClassName };
  };
  if (!sameValue(comparable(spec, before), before)) {
    errs.push(fieldForbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const now = storageRequest(obj);
  const was = storageRequest(old);
  const capacity = quantityAt(objOr(objOr(old.status).capacity).storage);
  if (now && was && compareQuantities(now, was) < 0 && capacity && compareQuantities(now, capacity) <= 0) {
    errs.push(fieldForbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  return errs;
}
