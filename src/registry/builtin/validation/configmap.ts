// core/v1 ConfigMap (pkg/apis/core/validation ValidateConfigMap, ValidateConfigMapUpdate):
// config keys, keys in both data and binaryData, the 1 MiB total, and immutable ConfigMaps.

import { fieldForbidden, fieldInvalid, fieldTooLong, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { base64DecodedLength } from './base64.ts';
import { index, invalidEach, objOr, sameValue, str } from './util.ts';

/** The most bytes a ConfigMap's or Secret's data may hold together (core.MaxSecretSize, 1 MiB). */
export const maxDataSize = 1024 * 1024;

/** The message of a change to an immutable ConfigMap or Secret. */
export const immutableSetMsg = 'field is immutable when `immutable` is set';

/** Returns the field errors of a ConfigMap. */
export function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = objOr(obj.data);
  const binaryData = objOr(obj.binaryData);
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    const at = index('data', key);
    errs.push(...invalidEach(validation.isConfigMapKey(key), at, key));
    if (Object.hasOwn(binaryData, key)) errs.push(fieldInvalid(at, key, 'duplicate of key present in binaryData'));
    total += validation.utf8Length(str(value));
  }
  for (const [key, value] of Object.entries(binaryData)) {
    errs.push(...invalidEach(validation.isConfigMapKey(key), index('binaryData', key), key));
    total += base64DecodedLength(str(value));
  }
  if (total > maxDataSize) {
    // Upstream reports the whole object at the root path, which field.Path prints as "[]".
    errs.push(fieldTooLong('[]', null, maxDataSize));
  }
  return errs;
}

/** Returns the errors of changing an immutable ConfigMap or Secret's `fields`. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fieldForbidden('immutable', immutableSetMsg));
  for (const field of fields) if (!sameValue(obj[field], old[field])) errs.push(fieldForbidden(field, immutableSetMsg));
  return errs;
}

/** Returns the field errors of a ConfigMap update. */
export function validateConfigMapUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateImmutableData(obj, old, ['data', 'binaryData']), ...validateConfigMap(obj)];
}
