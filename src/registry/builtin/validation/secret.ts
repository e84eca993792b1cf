// core/v1 Secret (pkg/apis/core/validation ValidateSecret, ValidateSecretUpdate): data keys, the
// 1 MiB total, the keys each built-in type needs, the type fixed after creation, and immutable
// Secrets. stringData has been merged into data by the strategy before validation runs.

import { fieldInvalid, fieldRequired, fieldTooLong, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { base64DecodedLength } from './base64.ts';
import { maxDataSize, validateImmutableData } from './configmap.ts';
import { index, invalidEach, objOr, str } from './util.ts';

const redacted = '<secret contents redacted>';

/**
 * Returns the error Go's json.Unmarshal into map[string]interface{} gives for `text`, if any.
 * Exact for empty input, a bad first character and non-object values; other syntax errors are
 * reported as "unexpected end of JSON input", where Go's scanner would name the character.
 */
export function goJSONObjectError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'unexpected end of JSON input';
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    const first = trimmed[0] as string;
    if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return undefined;
  const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** Returns the errors of the keys a Secret's type requires (ValidateSecret's switch on type). */
function validateTypeKeys(obj: KubeObject, data: Record<string, unknown>): FieldError[] {
  const has = (key: string): boolean => Object.hasOwn(data, key);
  const decoded = (key: string): string => Buffer.from(str(data[key]), 'base64').toString('utf8');
  switch (str(obj.type)) {
    case 'kubernetes.io/service-account-token': {
      const annotations = objOr(obj.metadata?.annotations);
      return str(annotations['kubernetes.io/service-account.name']) ? [] : [fieldRequired('metadata.annotations[kubernetes.io/service-account.name]')];
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) return [fieldRequired(index('data', key))];
      const err = goJSONObjectError(decoded(key));
      return err ? [fieldInvalid(index('data', key), redacted, err)] : [];
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of them must be there.
      return has('username') || has('password') ? [] : [fieldRequired('data[username]'), fieldRequired('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return base64DecodedLength(str(data['ssh-privatekey'])) > 0 ? [] : [fieldRequired('data[ssh-privatekey]')];
    case 'kubernetes.io/tls': {
      const errs: FieldError[] = [];
      if (!has('tls.crt')) errs.push(fieldRequired('data[tls.crt]'));
      if (!has('tls.key')) errs.push(fieldRequired('data[tls.key]'));
      return errs;
    }
    default:
      return [];
  }
}

/** Returns the field errors of a Secret. */
export function validateSecret(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = objOr(obj.data);
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    errs.push(...invalidEach(validation.isConfigMapKey(key), index('data', key), key));
    total += base64DecodedLength(str(value));
  }
  if (total > maxDataSize) errs.push(fieldTooLong('data', '', maxDataSize));
  errs.push(...validateTypeKeys(obj, data));
  return errs;
}

/** Returns the field errors of a Secret update: the type is fixed, immutable Secrets keep their data. */
export function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(obj.type);
  const oldType = str(old.type);
  if (type !== oldType) errs.push(fieldInvalid('type', type, validation.fieldImmutableErrorMsg));
  errs.push(...validateImmutableData(obj, old, ['data']));
  errs.push(...validateSecret(obj));
  return errs;
}
